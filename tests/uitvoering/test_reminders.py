"""Reminders go out once a day, to the right people only, never about what the receiver may
not see; "Mijn werk" shows the same (frozen time)."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from core.models import Notification
from core.worklist import work_for
from uitvoering.constants import ActionStatus as S
from uitvoering.constants import PlanState
from uitvoering.models import Plan, Reminder
from uitvoering.reminders import send_reminders

from .conftest import approved, running
from .factories import PlanFactory, RealisedSavingFactory

pytestmark = pytest.mark.django_db
FROZEN = datetime.datetime(2027, 3, 15, 7, 0, tzinfo=datetime.UTC)


def texts(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("text", flat=True))


def test_owners_of_actions_due_within_7_days_or_overdue_are_reminded_once_a_day(world):
    with time_machine.travel(FROZEN, tick=False) as traveller:
        running(
            world,
            [
                ("Te laat", 1, S.IN_PROGRESS, -3),
                ("Binnenkort", 1, S.PLANNED, 7),
                ("Later", 1, S.PLANNED, 8),
                ("Klaar", 1, S.DONE, -3),
            ],
            title="Eén loket",
        )
        assert send_reminders() == 2
        assert texts(world.staff) == [
            "Actie binnenkort te doen: „Binnenkort” (Eén loket)",
            "Actie te laat: „Te laat” (Eén loket)",
        ]
        assert send_reminders() == 0  # the same day: nothing twice
        call_command("send_reminders", stdout=io.StringIO())
        assert Notification.objects.filter(recipient=world.staff).count() == 2
        traveller.shift(datetime.timedelta(days=1))
        assert send_reminders() == 3  # the next day: "Later" is now within 7 days too
        assert Reminder.objects.count() == 5


def test_managers_and_the_financieel_directeur_are_reminded_of_what_waits(
    world, django_capture_on_commit_callbacks
):
    with time_machine.travel(FROZEN, tick=False):
        waiting_plan = approved(world, title="Wacht op de manager")
        PlanFactory(advies=waiting_plan, submitted=True)
        done = running(world, [("A", 1, S.DONE, -3)], title="Gedaan")
        RealisedSavingFactory(
            plan=done.plan, year=2026, amount=Decimal(100), recorded_by=world.diensthoofd
        )
        with django_capture_on_commit_callbacks(execute=True):
            send_reminders()
        assert texts(world.manager) == [
            "Het uitvoeringsplan van „Wacht op de manager” goedkeuren of terugsturen"
        ]
        assert texts(world.mt_member) == [
            "De gerealiseerde besparingen van 2026 van „Gedaan” valideren"
        ]
        for other in (
            world.other_manager,
            world.diensthoofd,
            world.algemeen_directeur,
            world.schepen,
            world.staff,
        ):
            assert texts(other) == [], other
        assert sorted(m.to[0] for m in mail.outbox) == sorted(
            [world.manager.email, world.mt_member.email]
        )


def test_never_about_what_the_receiver_may_not_see(world):
    """An owner of an action in a plan that is not approved (a draft, or under revision) may
    not see that plan: no reminder. An inactive owner gets nothing either."""
    with time_machine.travel(FROZEN, tick=False):
        advies = running(world, [("Te laat", 1, S.IN_PROGRESS, -3)])
        Plan.objects.filter(advies=advies).update(state=PlanState.DRAFT)
        assert send_reminders() == 0
        Plan.objects.filter(advies=advies).update(state=PlanState.APPROVED)
        world.staff.is_active = False
        world.staff.save()
        assert send_reminders() == 0
        assert Notification.objects.count() == 0


def test_mijn_werk_shows_the_same(world):
    with time_machine.travel(FROZEN, tick=False):
        running(world, [("Te laat", 1, S.IN_PROGRESS, -3)], title="Eén loket")
        approved(world, title="Nog te plannen")
        titles = [item.title for item in work_for(world.staff)]
        assert "Actie te laat: „Te laat” (Eén loket)" in titles
        head = [item.title for item in work_for(world.diensthoofd)]
        assert "Het uitvoeringsplan opmaken: „Nog te plannen”" in head
        assert not [
            t
            for t in (item.title for item in work_for(world.other_diensthoofd))
            if "Nog te plannen" in t or "Eén loket" in t
        ]


def test_mijn_werk_lists_the_first_savings_to_validate_with_their_total(
    world, django_assert_max_num_queries
):
    from core.worklist import LIST_LIMIT, work_page

    with time_machine.travel(FROZEN, tick=False):
        done = running(world, [("A", 1, S.DONE, -3)], title="Gedaan")
        for year in range(2000, 2000 + LIST_LIMIT + 2):
            RealisedSavingFactory(
                plan=done.plan, year=year, amount=Decimal(1), recorded_by=world.staff
            )
        # the financieel directeur: a query a list, and the open cycle and its stamp for the
        # optimisation's lists (core.kept), and whether they answer proposed agenda items
        with django_assert_max_num_queries(14):
            work = work_page(world.mt_member)
    [partial] = work.partial
    assert (len(partial.items), partial.total) == (LIST_LIMIT, LIST_LIMIT + 2)
    assert "2000" in partial.items[0].title  # the first recorded first
    assert partial.url == "/uitvoering/"


@pytest.mark.parametrize("who", ["staff", "diensthoofd", "manager", "mt_member"])
def test_mijn_werk_uses_the_same_queries_however_much_waits(world, who):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.worklist import LIST_LIMIT
    from uitvoering.reminders import work_items

    def add(n):
        for _i in range(n):
            approved(world)  # a plan to draw up
            done = running(world, [("Te laat", 1, S.IN_PROGRESS, -3)])  # an overdue action
            for state in ("submitted", "sent_back"):
                RealisedSavingFactory(
                    plan=done.plan, year=2026, amount=1, recorded_by=world.staff, **{state: True}
                )
            PlanFactory(advies=approved(world), submitted=True)

    user = getattr(world, who)
    with time_machine.travel(FROZEN, tick=False):
        add(1)
        work_items(user)  # the person's roles, read once and kept on the user object
        with CaptureQueriesContext(connection) as small:
            work_items(user)
        add(LIST_LIMIT + 1)
        with CaptureQueriesContext(connection) as large:
            lists = work_items(user)
    assert len(small.captured_queries) == len(large.captured_queries)
    assert all(len(wl.items) <= LIST_LIMIT for wl in lists)
    assert any(wl.is_partial for wl in lists)
