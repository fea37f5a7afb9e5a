import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import Term
from core.figures import figures_changed
from optimalisatie.constants import AdviesState, BundleState, Category, FrameworkState, Phase
from optimalisatie.models import Advies, Bundle, Cycle
from tests.accounts.factories import DienstFactory, UserFactory


class Announced(factory.django.DjangoModelFactory):
    """Announces what it creates as a service would (core.figures.figures_changed): the
    kept figures it counts in are recomputed once the transaction commits."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def announce(obj, create, extracted, **kwargs):
        if create:
            figures_changed(obj)


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ("start",)

    start = datetime.date(2025, 1, 1)
    end = datetime.date(2030, 12, 31)


class CycleFactory(Announced):
    """An open cycle whose deadlines lie well in the future (2099) unless a trait says so."""

    class Meta:
        model = Cycle

    title = factory.Sequence(lambda n: f"Optimalisatie-oefening {n}")
    term = factory.SubFactory(TermFactory)
    phase = Phase.ADVICES_OPEN  # the field is protected: set when the cycle is made
    preparation_until = datetime.date(2099, 1, 31)
    advices_until = datetime.date(2099, 3, 31)
    manager_review_until = datetime.date(2099, 4, 30)
    mt_validation_until = datetime.date(2099, 5, 31)
    college_decision_until = datetime.date(2099, 6, 30)
    implementation_until = datetime.date(2099, 12, 31)
    target_recurring = Decimal("500000")
    target_one_off = Decimal("100000")
    target_fte = Decimal("5")
    # set by the college (without a meeting of its own) unless a trait says otherwise
    framework_state = FrameworkState.APPROVED
    framework_decided_on = datetime.date(2025, 1, 15)

    class Params:
        overdue = factory.Trait(
            preparation_until=datetime.date(2025, 1, 31),
            advices_until=datetime.date(2025, 3, 31),
            manager_review_until=datetime.date(2025, 4, 30),
            mt_validation_until=datetime.date(2025, 5, 31),
            college_decision_until=datetime.date(2025, 6, 30),
        )
        closed = factory.Trait(phase=Phase.CLOSED)
        draft_framework = factory.Trait(
            phase=Phase.PREPARATION,
            framework_state=FrameworkState.DRAFT,
            framework_decided_on=None,
        )
        submitted_framework = factory.Trait(
            phase=Phase.PREPARATION,
            framework_state=FrameworkState.SUBMITTED,
            framework_decided_on=None,
        )


def _open_cycle():
    return Cycle.objects.open().first() or CycleFactory()


# How far an advice in each state came: 1 submitted, 2 forwarded to the MT, 3 validated.
# A withdrawn advice (withdrawn as a draft) and a draft reached none of these moments.
REACHED = {
    AdviesState.DRAFT: 0,
    AdviesState.WITHDRAWN: 0,
    AdviesState.SUBMITTED: 1,
    AdviesState.WITH_MT: 2,
    AdviesState.NOT_RETAINED: 2,
}


def _moment(level):
    """The moment an advice reached `level` (see REACHED), or None."""
    return factory.LazyAttribute(
        lambda a: timezone.now() if REACHED.get(a.state, 3) >= level else None
    )


class AdviesFactory(Announced):
    """An advice in any state: `AdviesFactory(validated=True)` (a trait per state) or
    `AdviesFactory(state=AdviesState.VALIDATED)`; the moments it passed are set to match."""

    class Meta:
        model = Advies

    cycle = factory.LazyFunction(_open_cycle)
    dienst = factory.SubFactory(DienstFactory)
    author = factory.LazyAttribute(lambda a: a.dienst.head or UserFactory())
    state = AdviesState.DRAFT  # the field is protected: set when the advice is made
    title = factory.Sequence(lambda n: f"Advies {n}")
    current_situation = "Twee diensten doen hetzelfde werk."
    proposal = "Voeg de loketten samen."
    substantiation = "Telling van 2025: 40% overlap."
    category = Category.ORGANISATION
    savings_one_off = Decimal("1000")
    savings_recurring = Decimal("25000")
    fte_impact = Decimal("0.5")
    start_year = 2026
    submitted_at = _moment(1)
    forwarded_at = _moment(2)
    validated_at = _moment(3)

    class Params:
        draft = factory.Trait(state=AdviesState.DRAFT)
        submitted = factory.Trait(state=AdviesState.SUBMITTED)
        with_mt = factory.Trait(state=AdviesState.WITH_MT)
        validated = factory.Trait(state=AdviesState.VALIDATED)
        not_retained = factory.Trait(state=AdviesState.NOT_RETAINED)
        in_bundle = factory.Trait(state=AdviesState.IN_BUNDLE)
        ready_for_college = factory.Trait(state=AdviesState.READY_FOR_COLLEGE)
        approved = factory.Trait(state=AdviesState.APPROVED)
        rejected = factory.Trait(state=AdviesState.REJECTED)
        postponed = factory.Trait(state=AdviesState.POSTPONED)
        in_implementation = factory.Trait(state=AdviesState.IN_IMPLEMENTATION)
        realised = factory.Trait(state=AdviesState.REALISED)
        stopped = factory.Trait(state=AdviesState.STOPPED)
        withdrawn = factory.Trait(state=AdviesState.WITHDRAWN)


class BundleFactory(Announced):
    """A bundle of the open cycle, in any state: a trait per state."""

    class Meta:
        model = Bundle

    cycle = factory.LazyFunction(_open_cycle)
    title = factory.Sequence(lambda n: f"Bundel {n}")
    summary = "Samen aankopen."
    rationale = "Schaalvoordeel."
    state = BundleState.FORMED  # the field is protected: set when the bundle is made
    created_by = factory.SubFactory(UserFactory)

    class Params:
        formed = factory.Trait(state=BundleState.FORMED)
        ready_for_college = factory.Trait(state=BundleState.READY_FOR_COLLEGE)
        approved = factory.Trait(state=BundleState.APPROVED)
        rejected = factory.Trait(state=BundleState.REJECTED)
        postponed = factory.Trait(state=BundleState.POSTPONED)
