"""Progress is computed from the weighted actions and rolled up per advice, department,
domain and cycle; health is derived from due dates, milestones and blocked actions (frozen
time), and the diensthoofd's override wins."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from optimalisatie.constants import AdviesState
from optimalisatie.models import Advies
from tests.optimalisatie.factories import AdviesFactory
from uitvoering import services
from uitvoering.constants import ActionStatus as S
from uitvoering.constants import Health
from uitvoering.progress import advice_rows, annotated, cycle_results, decorate

from .conftest import approved, running
from .factories import MilestoneFactory

pytestmark = pytest.mark.django_db
FROZEN = datetime.datetime(2027, 3, 15, 9, 0, tzinfo=datetime.UTC)


def progress_of(advies):
    return decorate(annotated(Advies.objects.filter(pk=advies.pk)).get()).progress


def test_an_advice_progress_is_the_weight_of_its_finished_actions(world):
    advies = running(
        world,
        [("A", 3, S.DONE, 10), ("B", 1, S.IN_PROGRESS, 10), ("C", 4, S.PLANNED, 10)],
    )
    assert progress_of(advies) == Decimal("37.5")  # 3 of 8


def test_blocked_and_ongoing_actions_count_as_not_done(world):
    advies = running(world, [("A", 1, S.BLOCKED, 10), ("B", 1, S.IN_PROGRESS, 10)])
    assert progress_of(advies) == Decimal("0.0")


def test_roll_up_per_department_domain_and_cycle(world):
    a = running(world, [("A", 1, S.DONE, 10), ("B", 1, S.PLANNED, 10)])  # 50 %
    b = running(world, [("A", 9, S.DONE, 10), ("B", 1, S.PLANNED, 10)])  # 90 %
    c = running(world, [("A", 1, S.DONE, 10)], dienst=world.other_dienst)  # 100 %
    approved(world, dienst=world.other_dienst)  # no plan yet: 0 %
    stopped = running(world, [("A", 1, S.PLANNED, 10)])
    Advies.objects.filter(pk=stopped.pk).update(state=AdviesState.STOPPED)  # does not count
    results = cycle_results(Advies.objects.filter(cycle=a.cycle), a.cycle)

    per_dienst = {r["name"]: r["progress"] for r in results["per_dienst"]}
    assert per_dienst == {"Sociale dienst": Decimal("70.0"), "Bibliotheek": Decimal("50.0")}
    per_domain = {r["name"]: r["progress"] for r in results["per_domain"]}
    assert per_domain == {"Welzijn": Decimal("70.0"), "Cultuur": Decimal("50.0")}
    # the cycle: the mean of 50, 90, 100 and 0 (each advice once, whatever its weights)
    assert results["totals"]["progress"] == Decimal("60.0")
    assert (progress_of(b), progress_of(c)) == (Decimal("90.0"), Decimal("100.0"))
    exported = {
        r["pk"]: r["progress"] for r in advice_rows(Advies.objects.filter(cycle=a.cycle), a.cycle)
    }
    assert (exported[b.pk], exported[c.pk], exported[stopped.pk]) == (90, 100, 0)


@pytest.mark.parametrize(
    "done, open_, expected",
    [(1, 15, "6.3"), (1, 2, "33.3"), (2, 1, "66.7"), (1, 7, "12.5"), (3, 97, "3.0")],
)
def test_progress_is_rounded_half_up_to_a_tenth(world, done, open_, expected):
    advies = running(world, [("A", done, S.DONE, 10), ("B", open_, S.IN_PROGRESS, 10)])
    assert progress_of(advies) == Decimal(expected)


def test_the_figures_follow_every_change_through_the_services(world):
    with time_machine.travel(FROZEN, tick=False):
        advies = running(world, [("A", 1, S.IN_PROGRESS, 5), ("B", 3, S.IN_PROGRESS, 5)])
        milestone = MilestoneFactory(plan=advies.plan, date=datetime.date(2027, 3, 10))
        row = lambda: decorate(annotated(Advies.objects.filter(pk=advies.pk)).get())  # noqa: E731
        assert (row().progress, row().health) == (Decimal("0.0"), Health.DELAYED)
        services.milestone_reached(
            advies=advies, milestone=milestone, by=world.diensthoofd, reached=True
        )
        assert row().health == Health.ON_SCHEDULE
        action = advies.plan.actions.get(title="B")
        services.action_status(advies=advies, action=action, by=world.staff, status=S.DONE)
        assert row().progress == Decimal("75.0")
        services.action_status(
            advies=advies,
            action=advies.plan.actions.get(title="A"),
            by=world.staff,
            status=S.BLOCKED,
            blocked_reason="Wacht op de leverancier.",
        )
        assert (row().progress, row().health) == (Decimal("75.0"), Health.AT_RISK)


def test_a_realised_advice_counts_as_complete(world):
    advies = AdviesFactory(dienst=world.dienst, state=AdviesState.REALISED)
    assert progress_of(advies) == Decimal("100")


@pytest.mark.parametrize(
    "actions, milestone_days, expected",
    [
        ([("A", 1, S.IN_PROGRESS, 5)], None, Health.ON_SCHEDULE),
        ([("A", 1, S.DONE, -40)], None, Health.ON_SCHEDULE),  # late but done
        ([("A", 1, S.IN_PROGRESS, -1)], None, Health.DELAYED),
        ([("A", 1, S.IN_PROGRESS, 5)], -1, Health.DELAYED),  # a missed milestone
        ([("A", 1, S.PLANNED, -31)], None, Health.AT_RISK),  # over 30 days late
        ([("A", 1, S.BLOCKED, 20)], None, Health.AT_RISK),
    ],
)
def test_health_is_derived_from_due_dates_milestones_and_blocks(
    world, actions, milestone_days, expected
):
    with time_machine.travel(FROZEN, tick=False):
        advies = running(world, actions)
        if milestone_days is not None:
            MilestoneFactory(
                plan=advies.plan,
                date=datetime.date(2027, 3, 15) + datetime.timedelta(days=milestone_days),
            )
        assert decorate(annotated(Advies.objects.filter(pk=advies.pk)).get()).health == expected


def test_health_changes_as_time_passes(world):
    with time_machine.travel(FROZEN, tick=False) as traveller:
        advies = running(world, [("A", 1, S.IN_PROGRESS, 3)])
        row = lambda: decorate(annotated(Advies.objects.filter(pk=advies.pk)).get())  # noqa: E731
        assert row().health == Health.ON_SCHEDULE
        traveller.shift(datetime.timedelta(days=4))
        assert row().health == Health.DELAYED
        traveller.shift(datetime.timedelta(days=30))
        assert row().health == Health.AT_RISK


def test_the_diensthoofd_overrides_the_health_with_a_motivation(world):
    with time_machine.travel(FROZEN, tick=False):
        advies = running(world, [("A", 1, S.IN_PROGRESS, -2)])
        services.health_override(
            advies=advies,
            by=world.diensthoofd,
            health=Health.ON_SCHEDULE,
            motivation="De leverancier levert morgen; we halen de einddatum van het plan.",
        )
        row = decorate(annotated(Advies.objects.filter(pk=advies.pk)).get())
        assert (row.health, row.computed_health) == (Health.ON_SCHEDULE, Health.DELAYED)
        services.health_override(advies=advies, by=world.diensthoofd, health="", motivation="")
        assert decorate(annotated(Advies.objects.filter(pk=advies.pk)).get()).health == (
            Health.DELAYED
        )


def test_an_override_needs_a_motivation(world):
    from django.core.exceptions import ValidationError

    advies = running(world, [("A", 1, S.IN_PROGRESS, 5)])
    with pytest.raises(ValidationError) as error:
        services.health_override(
            advies=advies, by=world.diensthoofd, health=Health.AT_RISK, motivation=" "
        )
    assert "motivation" in error.value.message_dict


@pytest.mark.parametrize(
    "days_late, expected",
    [
        (0, Health.ON_SCHEDULE),
        (30, Health.DELAYED),
        (31, Health.AT_RISK),
        (None, Health.ON_SCHEDULE),
    ],
)
def test_health_at_the_boundaries(world, days_late, expected):
    with time_machine.travel(FROZEN, tick=False):
        actions = [] if days_late is None else [("A", 1, S.IN_PROGRESS, -days_late)]
        advies = running(world, actions)
        assert decorate(annotated(Advies.objects.filter(pk=advies.pk)).get()).health == expected
