"""core.transitions: the one lock / check / transition / save / audit / notify mechanism."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation

from core.models import AuditEntry, Notification
from core.transitions import StaleObject, transition_run
from optimalisatie.constants import AdviesState
from optimalisatie.models import Advies
from tests.accounts.factories import UserFactory
from tests.optimalisatie.factories import AdviesFactory

pytestmark = pytest.mark.django_db


def _submit(advies, by, **kwargs):
    with transaction.atomic():
        return transition_run(advies, "submit", by=by, action="advies.submit", **kwargs)


def test_a_transition_is_locked_saved_audited_and_notified(django_capture_on_commit_callbacks):
    advies = AdviesFactory()
    by, other = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        from_state = _submit(
            advies, by, reason=" klaar ", notify=[by, other, None], text="Ingediend", url="/x/"
        )
    assert from_state == AdviesState.DRAFT
    fresh = Advies.objects.get(pk=advies.pk)
    assert fresh.state == AdviesState.SUBMITTED and fresh.lock_version == 1
    entry = AuditEntry.objects.get(object_id=str(advies.pk), action="advies.submit")
    assert (entry.actor, entry.from_state, entry.to_state, entry.reason) == (
        by,
        AdviesState.DRAFT,
        AdviesState.SUBMITTED,
        "klaar",
    )
    # the actor is never told about their own act
    assert list(Notification.objects.values_list("recipient", flat=True)) == [other.pk]


def test_a_refused_transition_saves_and_audits_nothing():
    advies = AdviesFactory()
    with pytest.raises(PermissionDenied):
        _submit(advies, UserFactory(), allowed=False)
    with pytest.raises(ValidationError) as error:
        _submit(advies, UserFactory(), needs_reason=True, reason="  ")
    assert "reason" in error.value.message_dict
    assert Advies.objects.get(pk=advies.pk).state == AdviesState.DRAFT
    assert not AuditEntry.objects.filter(object_id=str(advies.pk)).exists()


def test_a_stale_or_concurrent_change_is_one_error_with_one_message():
    advies = AdviesFactory()
    with pytest.raises(StaleObject) as stale:
        _submit(advies, UserFactory(), expected_lock=7)
    copy = Advies.objects.get(pk=advies.pk)
    _submit(advies, UserFactory())  # someone else submitted it after `copy` was read
    with pytest.raises(StaleObject) as concurrent:
        # the optimistic lock refuses the save of a copy whose state moved since it was read
        _submit(copy, UserFactory(), locked=True)
    with pytest.raises(StaleObject) as impossible:
        _submit(copy, UserFactory())  # read afresh under the lock: no longer possible
    assert Advies.objects.get(pk=advies.pk).lock_version == 1
    assert str(stale.value) == str(concurrent.value) == str(impossible.value)
    assert isinstance(stale.value, ValidationError)
    with translation.override("nl"):
        assert "Er is niets bewaard" in str(StaleObject())


@pytest.mark.django_db(transaction=True)
def test_a_transition_needs_the_callers_transaction():
    with pytest.raises(RuntimeError):
        transition_run(AdviesFactory(), "submit", by=UserFactory(), action="advies.submit")
