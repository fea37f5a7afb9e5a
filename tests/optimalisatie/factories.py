import datetime
from decimal import Decimal

import factory

from accounts.models import Term
from optimalisatie.constants import AdviesState, Category, Phase
from optimalisatie.models import Advies, Cycle
from tests.accounts.factories import DienstFactory, UserFactory


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ("start",)

    start = datetime.date(2025, 1, 1)
    end = datetime.date(2030, 12, 31)


class CycleFactory(factory.django.DjangoModelFactory):
    """An open cycle whose deadlines lie well in the future (2099) unless a trait says so."""

    class Meta:
        model = Cycle

    title = factory.Sequence(lambda n: f"Optimalisatie-oefening {n}")
    term = factory.SubFactory(TermFactory)
    phase = Phase.ADVICES_OPEN
    preparation_until = datetime.date(2099, 1, 31)
    advices_until = datetime.date(2099, 3, 31)
    manager_review_until = datetime.date(2099, 4, 30)
    mt_validation_until = datetime.date(2099, 5, 31)
    college_decision_until = datetime.date(2099, 6, 30)
    implementation_until = datetime.date(2099, 12, 31)
    target_recurring = Decimal("500000")
    target_one_off = Decimal("100000")
    target_fte = Decimal("5")

    class Params:
        overdue = factory.Trait(
            preparation_until=datetime.date(2025, 1, 31),
            advices_until=datetime.date(2025, 3, 31),
            manager_review_until=datetime.date(2025, 4, 30),
            mt_validation_until=datetime.date(2025, 5, 31),
            college_decision_until=datetime.date(2025, 6, 30),
        )


def _open_cycle():
    return Cycle.objects.open().first() or CycleFactory()


class AdviesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Advies

    cycle = factory.LazyFunction(_open_cycle)
    dienst = factory.SubFactory(DienstFactory)
    author = factory.LazyAttribute(lambda a: a.dienst.head or UserFactory())
    title = factory.Sequence(lambda n: f"Advies {n}")
    current_situation = "Twee diensten doen hetzelfde werk."
    proposal = "Voeg de loketten samen."
    substantiation = "Telling van 2025: 40% overlap."
    category = Category.ORGANISATION
    savings_one_off = Decimal("1000")
    savings_recurring = Decimal("25000")
    fte_impact = Decimal("0.5")
    start_year = 2026

    @classmethod
    def _create(cls, model_class, *args, state=AdviesState.DRAFT, **kwargs):
        """Create in any state directly (the field is protected, so set it before saving)."""
        from django.utils import timezone

        obj = model_class(**kwargs)
        obj.__dict__["state"] = state
        now = timezone.now()
        later = {
            AdviesState.DRAFT: 0,
            AdviesState.SUBMITTED: 1,
            AdviesState.WITH_MT: 2,
            AdviesState.NOT_RETAINED: 2,
        }.get(state, 3)
        if state == AdviesState.WITHDRAWN:
            later = 0
        obj.submitted_at = now if later >= 1 else None
        obj.forwarded_at = now if later >= 2 else None
        obj.validated_at = now if later >= 3 else None
        obj.save()
        return obj
