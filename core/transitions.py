"""The one transition mechanism: what happens around every state change, in every app.

A model's `@transition` methods (django-fsm-2) only move its state. `transition_run` does the
rest, in this order, inside the caller's transaction:

1. lock the row and read it afresh (`lock`), refusing a stale `lock_version`;
2. check the permission (403) and that the transition is possible from the current state;
3. check the reason when the step needs one;
4. run the transition and whatever the caller adds to the instance (`before_save`);
5. save with `update_fields` (the state, `lock_version` and `updated_at` where the model has
   them, and the caller's fields); `ConcurrentTransitionMixin` refuses a save when the state
   changed since it was read;
6. write the audit row (who, when, from, to, why);
7. announce changed figures (`core.figures.figures_changed`) for counted models;
8. queue the notifications, sent once the transaction commits.

Every stale or concurrent change raises `StaleObject`, one error with one Dutch message (a
`ValidationError`, so a form shows it like any other refusal).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, can_proceed

from .audit import audit_record

M = TypeVar("M", bound=models.Model)


class StaleObject(ValidationError):
    """Someone else changed the object since it was read: nothing was saved."""

    def __init__(self, message: str | None = None):
        super().__init__(
            message
            or _(
                "Someone else changed this in the meantime. Nothing was saved: reload the "
                "page to see the current version."
            )
        )

    def __str__(self) -> str:
        return self.messages[0]


def has_field(model: type[models.Model] | models.Model, name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)


def _read_locked(obj) -> None:
    """refresh_from_db under a row lock, without django-fsm-2's refresh_from_db: that one
    lifts the protection of the state fields for the model class as a whole while it reads,
    and a second thread whose read waits for the lock then finds it back on and fails with
    "Direct state modification is not allowed". The values go into the instance directly (as
    Django's refresh does through the fields), cached relations that may have changed are
    dropped, and the optimistic lock starts from what was read."""
    fresh = type(obj)._base_manager.select_for_update(of=("self",)).get(pk=obj.pk)
    for field in obj._meta.concrete_fields:
        value = fresh.__dict__[field.attname]
        changed = obj.__dict__.get(field.attname) != value
        if field.is_relation and changed and field.is_cached(obj):
            field.delete_cached_value(obj)
        obj.__dict__[field.attname] = value
    for related in obj._meta.related_objects:
        if related.is_cached(obj):
            related.delete_cached_value(obj)
    obj.__dict__.pop("_prefetched_objects_cache", None)
    obj._state.db = fresh._state.db
    if hasattr(obj, "_update_initial_state"):
        obj._update_initial_state()


def lock(obj: M, *, expected_lock: int | None = None, stale_message: str | None = None) -> M:
    """Lock `obj`'s row and read it afresh into `obj` (`_read_locked`, which also resets
    django-fsm-2's optimistic lock to what was just read). With `expected_lock`,
    a different `lock_version` means someone else changed it since the form was shown."""
    _read_locked(obj)
    if expected_lock is not None and obj.lock_version != expected_lock:
        raise StaleObject(stale_message)
    return obj


def check_reason(reason: str | None, *, needed: bool, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if needed and not reason:
        raise ValidationError({field: _("Give a reason: the others need to know why.")})
    return reason


def transition_run(
    obj: M,
    method: str,
    *args: Any,
    by,
    action: str,
    allowed: bool = True,
    denied_message: str | None = None,
    reason: str = "",
    needs_reason: bool = False,
    reason_field: str = "reason",
    expected_lock: int | None = None,
    locked: bool = False,
    stale_message: str | None = None,
    impossible_message: str | None = None,
    before_save: Callable[[M, str], Iterable[str] | None] | None = None,
    fields: Sequence[str] = (),
    state_field: str = "state",
    data: dict[str, Any] | None = None,
    notify: Iterable = (),
    text: str = "",
    url: str = "",
    target: models.Model | None = None,
    figures: Iterable[models.Model] | None = None,
) -> str:
    """Run one transition of `obj` (with `args`, for a transition whose target the caller
    chooses) as described above and return the state it came from.

    `allowed` is the caller's permission answer (from its app's access.py); `before_save(obj,
    from_state)` may change more of the instance and return the extra field names to save;
    `notify` are the people to tell with `text` and `url` (about `target`, default `obj`);
    `figures` the objects whose figures change (default: `obj` itself when it is counted).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("transition_run needs the caller's transaction (@transaction.atomic)")
    if not locked:
        lock(obj, expected_lock=expected_lock, stale_message=stale_message)
    elif expected_lock is not None and obj.lock_version != expected_lock:
        raise StaleObject(stale_message)
    if not allowed:
        raise PermissionDenied(denied_message or _("Your role does not allow this step."))
    bound = getattr(obj, method)
    if not can_proceed(bound):
        raise StaleObject(impossible_message or stale_message)
    reason = check_reason(reason, needed=needs_reason, field=reason_field)

    from_state = getattr(obj, state_field)
    bound(*args)
    update = [state_field, *fields]
    if before_save is not None:
        update += list(before_save(obj, from_state) or ())
    if has_field(obj, "lock_version"):
        obj.lock_version += 1
        update.append("lock_version")
    if has_field(obj, "updated_at"):
        update.append("updated_at")
    try:
        obj.save(update_fields=list(dict.fromkeys(update)))
    except ConcurrentTransition:
        raise StaleObject(stale_message) from None

    audit_record(
        actor=by,
        action=action,
        target=obj,
        from_state=from_state,
        to_state=getattr(obj, state_field),
        reason=reason,
        data=data or {},
    )

    from .figures import figures_changed, is_counted

    for changed_obj in figures if figures is not None else [obj]:
        if is_counted(changed_obj):
            figures_changed(changed_obj)

    if text:
        notify_on_commit(notify, text=text, target=target or obj, url=url, by=by)
    return from_state


def notify_on_commit(users, *, text: str, target=None, url: str = "", by=None) -> None:
    """Notify these people once the transaction commits: never the actor, never someone
    inactive, each once. The caller decides who may see the subject (its access.py)."""
    from .notifications import notify

    by_pk = getattr(by, "pk", None)
    receivers = list(
        {
            u.pk: u
            for u in users
            if u is not None and u.pk != by_pk and getattr(u, "is_active", True)
        }.values()
    )
    if receivers:
        transaction.on_commit(lambda: notify(receivers, text=text, target=target, url=url))
