"""Factories for the implementation, with a Trait per state: PlanFactory(approved=True),
ActionFactory(blocked=True), RealisedSavingFactory(validated=True).

An action or a milestone made here recomputes its plan's stored figures (progress and health
follow from them) and its department's results summary (uitvoering.summary), as do plans and
savings, but does not announce itself with core.figures.figures_changed: no test
relies on a stamp raised by its set-up, and an announcement here would hide, from the
counted-writes check (tests/conftest.py), a service that forgets its own for the same plan.
"""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from optimalisatie.constants import AdviesState
from tests.accounts.factories import UserFactory
from tests.optimalisatie.factories import AdviesFactory
from uitvoering.constants import ActionStatus, PlanState, SavingState
from uitvoering.models import Action, ExpectedSaving, Milestone, Plan, RealisedSaving
from uitvoering.progress import refresh_figures
from uitvoering.summary import refresh_plan


class _Figures(factory.django.DjangoModelFactory):
    """Recomputes the stored figures of the plan it added to, once made."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def figures(obj, create, extracted, **kwargs):
        if create:
            refresh_figures(obj.plan)
            refresh_plan(obj.plan)


class PlanFactory(factory.django.DjangoModelFactory):
    """A plan of an advice the college approved; a draft unless a trait says otherwise."""

    class Meta:
        model = Plan
        skip_postgeneration_save = True

    advies = factory.SubFactory(AdviesFactory, state=AdviesState.APPROVED)
    state = PlanState.DRAFT

    @factory.post_generation
    def summary(obj, create, extracted, **kwargs):
        if create:
            refresh_plan(obj)

    class Params:
        draft = factory.Trait(state=PlanState.DRAFT)
        submitted = factory.Trait(
            state=PlanState.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now)
        )
        approved = factory.Trait(
            state=PlanState.APPROVED,
            submitted_at=factory.LazyFunction(timezone.now),
            approved_at=factory.LazyFunction(timezone.now),
            approved_by=factory.LazyAttribute(lambda p: p.advies.dienst.cluster.manager),
        )


def _today():
    return timezone.localdate()


class ActionFactory(_Figures):
    """An action of an approved plan, due in ten days; planned unless a trait says otherwise."""

    class Meta:
        model = Action

    plan = factory.SubFactory(PlanFactory, approved=True)
    title = factory.Sequence(lambda n: f"Actie {n}")
    owner = factory.SubFactory(UserFactory)
    due = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=10))
    start = factory.LazyAttribute(lambda a: min(a.due, _today()))
    weight = 1
    status = ActionStatus.PLANNED

    class Params:
        planned = factory.Trait(status=ActionStatus.PLANNED)
        in_progress = factory.Trait(status=ActionStatus.IN_PROGRESS)
        done = factory.Trait(status=ActionStatus.DONE, done_on=factory.LazyFunction(_today))
        blocked = factory.Trait(
            status=ActionStatus.BLOCKED, blocked_reason="Wacht op de leverancier."
        )


# The trait of each status, for tests that name actions by their status.
STATUS_TRAITS = {
    ActionStatus.PLANNED: "planned",
    ActionStatus.IN_PROGRESS: "in_progress",
    ActionStatus.DONE: "done",
    ActionStatus.BLOCKED: "blocked",
}


class MilestoneFactory(_Figures):
    class Meta:
        model = Milestone

    plan = factory.SubFactory(PlanFactory, approved=True)
    title = "Mijlpaal"
    date = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=30))

    class Params:
        reached = factory.Trait(reached_on=factory.LazyFunction(_today))


class ExpectedSavingFactory(_Figures):
    class Meta:
        model = ExpectedSaving

    plan = factory.SubFactory(PlanFactory)
    year = 2026
    amount = Decimal("10000")


class RealisedSavingFactory(_Figures):
    """Realised savings the diensthoofd recorded; waiting for validation unless a trait says
    the financieel directeur validated them or sent them back."""

    class Meta:
        model = RealisedSaving

    plan = factory.SubFactory(PlanFactory, approved=True)
    year = 2026
    amount = Decimal("1000")
    note = "x"
    recorded_by = factory.LazyAttribute(lambda s: s.plan.advies.dienst.head)
    state = SavingState.SUBMITTED

    class Params:
        submitted = factory.Trait(state=SavingState.SUBMITTED)
        validated = factory.Trait(
            state=SavingState.VALIDATED,
            decided_by=factory.SubFactory(UserFactory, job_title="Financieel directeur"),
            decided_at=factory.LazyFunction(timezone.now),
        )
        sent_back = factory.Trait(
            state=SavingState.SENT_BACK,
            decided_by=factory.SubFactory(UserFactory, job_title="Financieel directeur"),
            decided_at=factory.LazyFunction(timezone.now),
            return_reason="Voeg de facturen toe.",
        )
