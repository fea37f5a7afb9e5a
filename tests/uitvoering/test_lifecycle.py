"""The plan's steps through the services: who may take them, the advice's state following,
stale steps refused (optimistic locking), each step audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.audit import audit_trail
from core.transitions import StaleObject
from optimalisatie.constants import AdviesState
from optimalisatie.models import Advies
from uitvoering import services
from uitvoering.constants import ActionStatus as S
from uitvoering.constants import PlanState
from uitvoering.models import Action, Plan

from .conftest import action_form, approved, running

pytestmark = pytest.mark.django_db


def with_plan(world):
    advies = approved(world)
    services.plan_get_or_create(advies=advies, by=world.diensthoofd)
    advies = Advies.objects.select_related("plan").get(pk=advies.pk)
    services.action_save(form=action_form(world), advies=advies, by=world.diensthoofd)
    return Advies.objects.select_related("plan").get(pk=advies.pk)


def test_submit_needs_an_action(world):
    advies = approved(world)
    services.plan_get_or_create(advies=advies, by=world.diensthoofd)
    advies = Advies.objects.select_related("plan").get(pk=advies.pk)
    with pytest.raises(ValidationError):
        services.plan_step(advies=advies, step="submit", by=world.diensthoofd)


def test_approval_starts_the_implementation_and_is_audited(world):
    advies = with_plan(world)
    services.plan_step(advies=advies, step="submit", by=world.diensthoofd)
    advies = Advies.objects.select_related("plan").get(pk=advies.pk)
    for person in (world.diensthoofd, world.other_manager, world.algemeen_directeur):
        with pytest.raises(PermissionDenied):
            services.plan_step(advies=advies, step="approve", by=person)
    services.plan_step(advies=advies, step="approve", by=world.manager)
    advies.refresh_from_db()
    assert advies.state == AdviesState.IN_IMPLEMENTATION
    plan = Plan.objects.get(advies=advies)
    assert [(e.action, e.from_state, e.to_state) for e in audit_trail(plan)][:2] == [
        ("plan.approve", "ingediend", "goedgekeurd"),
        ("plan.submit", "concept", "ingediend"),
    ]
    assert [(e.action, e.to_state, e.actor_id) for e in audit_trail(advies)][0] == (
        "advies.start-implementation",
        "in_uitvoering",
        world.manager.pk,
    )


def test_two_people_acting_on_one_plan_get_a_message_not_an_overwrite(world):
    advies = with_plan(world)
    services.plan_step(advies=advies, step="submit", by=world.diensthoofd)
    plan = Plan.objects.get(advies=advies)
    seen = plan.lock_version
    advies = Advies.objects.select_related("plan").get(pk=advies.pk)
    services.plan_step(advies=advies, step="approve", by=world.manager, expected_lock=seen)
    advies = Advies.objects.select_related("plan").get(pk=advies.pk)
    with pytest.raises((StaleObject, PermissionDenied)):
        services.plan_step(
            advies=advies,
            step="send-back",
            by=world.manager,
            reason="Te laat",
            expected_lock=seen,
        )
    assert Plan.objects.get(advies=advies).state == PlanState.APPROVED


def test_a_stale_status_change_is_refused(world):
    advies = running(world, [("A", 1, S.IN_PROGRESS, 5)])
    action = Action.objects.get()
    services.action_status(
        advies=advies, action=action, by=world.staff, status=S.DONE, expected_lock=0
    )
    with pytest.raises(StaleObject):
        services.action_status(
            advies=advies, action=action, by=world.diensthoofd, status=S.PLANNED, expected_lock=0
        )
    assert Action.objects.get().status == S.DONE


def test_revising_an_approved_plan_needs_a_reason_and_goes_back_to_the_manager(world):
    advies = running(world, [("A", 1, S.IN_PROGRESS, 5)])
    with pytest.raises(ValidationError):
        services.plan_step(advies=advies, step="revise", by=world.diensthoofd)
    services.plan_step(
        advies=advies, step="revise", by=world.diensthoofd, reason="Een actie erbij."
    )
    advies.refresh_from_db()
    assert (advies.state, Plan.objects.get(advies=advies).state) == (
        AdviesState.IN_IMPLEMENTATION,
        PlanState.DRAFT,
    )


def test_stopping_needs_a_reason_and_only_the_diensthoofd_or_the_manager(world):
    advies = running(world, [("A", 1, S.IN_PROGRESS, 5)])
    with pytest.raises(PermissionDenied):
        services.advies_stop(advies=advies, by=world.algemeen_directeur, reason="x")
    with pytest.raises(ValidationError):
        services.advies_stop(advies=advies, by=world.manager, reason=" ")
    services.advies_stop(advies=advies, by=world.manager, reason="Budget geschrapt.")
    assert Advies.objects.get(pk=advies.pk).state == AdviesState.STOPPED
