"""The transition × role matrix: each step from its state by its roles, from a wrong state,
and by every other role; plus audit, notifications and the algemeen directeur's takeover."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEntry, Notification
from core.transitions import StaleObject
from optimalisatie.constants import AdviesState as S
from optimalisatie.services import advies_transition
from optimalisatie.workflow import STEPS

from .factories import AdviesFactory, CycleFactory

MT = {"manager", "other_manager", "mt_member", "algemeen_directeur"}
MATRIX = {
    # action: (source state, target state, roles allowed)
    "submit": (S.DRAFT, S.SUBMITTED, {"diensthoofd"}),
    "return": (S.SUBMITTED, S.DRAFT, {"manager"}),
    "forward": (S.SUBMITTED, S.WITH_MT, {"manager"}),
    "mt-return-to-manager": (S.WITH_MT, S.SUBMITTED, MT),
    "mt-return-to-author": (S.WITH_MT, S.DRAFT, MT),
    "refuse": (S.WITH_MT, S.NOT_RETAINED, MT),
    "validate": (S.WITH_MT, S.VALIDATED, MT),
    "ready-for-college": (S.VALIDATED, S.READY_FOR_COLLEGE, MT),
    "withdraw": (S.SUBMITTED, S.WITHDRAWN, {"diensthoofd"}),
    # the implementation, taken from the uitvoering app's pages
    "start-implementation": (S.APPROVED, S.IN_IMPLEMENTATION, {"manager"}),
    "realise": (S.IN_IMPLEMENTATION, S.REALISED, {"diensthoofd"}),
    "stop": (S.APPROVED, S.STOPPED, {"diensthoofd", "manager"}),
}


def test_the_matrix_covers_every_step():
    assert set(MATRIX) == set(STEPS)


def take(world, action, role, state):
    advies = AdviesFactory(dienst=world.dienst, state=state)
    advies_transition(advies=advies, action=action, by=world.roles()[role], reason="Omdat.")
    advies.refresh_from_db()
    return advies


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_each_step_by_each_allowed_role(world, action, django_capture_on_commit_callbacks):
    source, target, allowed = MATRIX[action]
    for role in sorted(allowed):
        with django_capture_on_commit_callbacks(execute=True):
            advies = take(world, action, role, source)
        assert advies.state == target
        entry = AuditEntry.objects.filter(object_id=str(advies.pk)).get()
        assert (entry.actor, entry.action, entry.from_state, entry.to_state) == (
            world.roles()[role],
            f"advies.{action}",
            source,
            target,
        )
        assert entry.data == {}


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_each_step_is_refused_to_every_other_role(world, action):
    source, _target, allowed = MATRIX[action]
    for role in world.roles():
        if role in allowed:
            continue
        advies = AdviesFactory(dienst=world.dienst, state=source)
        with pytest.raises(PermissionDenied):
            advies_transition(advies=advies, action=action, by=world.roles()[role], reason="Omdat.")
        advies.refresh_from_db()
        assert advies.state == source, role
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_each_step_is_refused_from_a_wrong_state(world, action):
    source, _target, allowed = MATRIX[action]
    wrong = S.APPROVED if source != S.APPROVED else S.DRAFT
    advies = AdviesFactory(dienst=world.dienst, state=wrong)
    with pytest.raises(StaleObject):
        advies_transition(
            advies=advies, action=action, by=world.roles()[sorted(allowed)[0]], reason="Omdat."
        )
    advies.refresh_from_db()
    assert advies.state == wrong


@pytest.mark.parametrize("action", sorted(a for a, step in STEPS.items() if step.needs_reason))
def test_sending_back_or_refusing_needs_a_reason(world, action):
    source, _target, allowed = MATRIX[action]
    advies = AdviesFactory(dienst=world.dienst, state=source)
    with pytest.raises(ValidationError) as error:
        advies_transition(
            advies=advies, action=action, by=world.roles()[sorted(allowed)[0]], reason="   "
        )
    assert "reason" in error.value.message_dict
    advies.refresh_from_db()
    assert advies.state == source


def test_the_implementation_is_stopped_while_it_runs_too(world):
    assert take(world, "stop", "manager", S.IN_IMPLEMENTATION).state == S.STOPPED


def test_the_implementation_steps_are_not_offered_on_the_advice_page(client, world):
    from django.urls import reverse

    advies = AdviesFactory(dienst=world.dienst, approved=True)
    client.force_login(world.manager)
    page = client.get(reverse("optimalisatie:advies-detail", args=[advies.pk]))
    assert page.context["steps"] == []
    for step in ("start-implementation", "in-uitvoering", "stop", "stopgezet"):
        url = reverse("optimalisatie:advies-step", args=[advies.pk, step])
        assert client.post(url).status_code == 404
    advies.refresh_from_db()
    assert advies.state == S.APPROVED


@pytest.mark.parametrize(
    "state",
    [S.DRAFT, S.SUBMITTED, S.WITH_MT, S.VALIDATED, S.IN_BUNDLE, S.READY_FOR_COLLEGE],
)
def test_the_author_can_withdraw_any_time_before_the_college(world, state):
    assert take(world, "withdraw", "diensthoofd", state).state == S.WITHDRAWN


@pytest.mark.parametrize("state", [S.APPROVED, S.REJECTED, S.POSTPONED, S.IN_IMPLEMENTATION])
def test_no_withdrawal_after_a_college_decision(world, state):
    with pytest.raises(StaleObject):
        take(world, "withdraw", "diensthoofd", state)


def test_submitting_freezes_a_version_each_time(world):
    advies = AdviesFactory(dienst=world.dienst)
    advies_transition(advies=advies, action="submit", by=world.diensthoofd)
    advies_transition(advies=advies, action="return", by=world.manager, reason="Cijfers?")
    advies.substantiation = "Nieuwe cijfers."
    advies.save()
    advies_transition(advies=advies, action="submit", by=world.diensthoofd)
    assert [v.number for v in advies.versions.all()] == [1, 2]
    assert advies.versions.get(number=2).data["substantiation"] == "Nieuwe cijfers."


def test_the_next_actor_is_notified_and_the_schepen_informed(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    advies = AdviesFactory(dienst=world.dienst, state=S.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        advies_transition(advies=advies, action="forward", by=world.manager)
    receivers = set(Notification.objects.values_list("recipient__full_name", flat=True))
    assert {"Fien Financieel", "Albert Directeur", "Otto Manager", "Sara Schepen"} <= receivers
    assert "Olaf Schepen" not in receivers  # not his domain
    assert "Mia Manager" not in receivers  # the one who acted
    assert {m.to[0] for m in mailoutbox} >= {world.schepen.email, world.mt_member.email}


def test_the_algemeen_directeur_takes_over_an_overdue_step(world):
    cycle = CycleFactory(overdue=True, phase="afgesloten")
    advies = AdviesFactory(dienst=world.dienst, cycle=cycle, state=S.SUBMITTED)
    advies_transition(advies=advies, action="forward", by=world.algemeen_directeur)
    advies.refresh_from_db()
    assert advies.state == S.WITH_MT
    assert AuditEntry.objects.get().data == {"takeover": True}


def test_the_algemeen_directeur_cannot_take_over_before_the_due_date(world):
    advies = AdviesFactory(dienst=world.dienst, state=S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        advies_transition(advies=advies, action="forward", by=world.algemeen_directeur)


def test_two_people_acting_at_once_one_wins_the_other_is_told(world):
    advies = AdviesFactory(dienst=world.dienst, state=S.SUBMITTED)
    from optimalisatie.models import Advies

    seen_by_manager = Advies.objects.get(pk=advies.pk)
    seen_by_other = Advies.objects.get(pk=advies.pk)
    advies_transition(advies=seen_by_manager, action="forward", by=world.manager)
    with pytest.raises(StaleObject):
        advies_transition(
            advies=seen_by_other, action="return", by=world.manager, reason="Toch niet."
        )
    advies.refresh_from_db()
    assert advies.state == S.WITH_MT
    assert AuditEntry.objects.count() == 1


@pytest.mark.django_db
def test_step_due_in_sql_agrees_with_step_due_for_every_state():
    from optimalisatie.models import Advies
    from optimalisatie.workflow import step_due, step_due_sql

    cycle = CycleFactory()
    for state in S.values:
        AdviesFactory(state=state, cycle=cycle)
    for advies in Advies.objects.select_related("cycle").annotate(in_sql=step_due_sql()):
        assert advies.in_sql == step_due(advies), advies.state


@pytest.mark.django_db
def test_overdue_in_sql_agrees_with_is_overdue_for_every_state_and_day():
    import datetime

    from optimalisatie.models import Advies
    from optimalisatie.workflow import is_overdue, overdue_q

    cycle = CycleFactory()
    for state in S.values:
        AdviesFactory(state=state, cycle=cycle)
    for day in (cycle.advices_until, cycle.manager_review_until, cycle.mt_validation_until):
        for today in (day, day + datetime.timedelta(days=1)):
            in_sql = set(Advies.objects.filter(overdue_q(today)).values_list("pk", flat=True))
            expected = {a.pk for a in Advies.objects.all() if is_overdue(a, today)}
            assert in_sql == expected, today
