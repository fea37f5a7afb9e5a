"""Writes for the implementation: keyword-only, atomic, permission checked (access.py),
optimistically locked, audited (who, when, from, to, why), and notifying whoever acts next on
commit. State changes run through core.transitions.transition_run; the advice's own
implementation steps through optimalisatie.services.advies_transition. Every write of a plan,
its actions, milestones or savings ends with core.figures.figures_changed(plan), which
recomputes the plan's figures and raises the cycle's stamp."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import can_proceed

from core.audit import audit_record
from core.figures import figures_changed
from core.transitions import StaleObject, lock, notify_on_commit, transition_run
from optimalisatie.services import advies_transition

from . import access
from .constants import ActionStatus
from .models import Action, ExpectedSaving, Milestone, Plan, RealisedSaving
from .progress import fallback_expectation
from .selectors import financial_directors


def _plan_stale_message():
    return _(
        "Someone else changed this plan in the meantime. Nothing was saved: reload the "
        "page to see the current version."
    )


def plan_url(advies):
    return reverse("uitvoering:plan", args=[advies.pk])


def _notify(users, *, text, advies, by):
    notify_on_commit(users, text=text, target=advies, url=plan_url(advies), by=by)


def _lock_plan(advies, expected_lock=None) -> Plan:
    """The advice's plan, locked and read afresh; a stale `expected_lock` is refused."""
    return lock(advies.plan, expected_lock=expected_lock, stale_message=_plan_stale_message())


def _plan_changed(plan):
    """The plan's content changed: a new lock version, and its figures announced."""
    Plan.objects.filter(pk=plan.pk).update(lock_version=F("lock_version") + 1)
    plan.lock_version += 1
    figures_changed(plan)


def plan_get_or_create(*, advies, by) -> Plan:
    """The advice's plan; the diensthoofd's first visit creates it, with the expected
    savings filled in from what the college approved."""
    plan = Plan.objects.filter(advies=advies).first()
    if plan is not None:
        return plan
    if not access.may_edit_plan(by, advies):
        raise PermissionDenied(_("Only the diensthoofd draws up the implementation plan."))
    with transaction.atomic():
        plan, created = Plan.objects.get_or_create(advies=advies)
        if created:
            ExpectedSaving.objects.bulk_create(
                ExpectedSaving(plan=plan, year=year, amount=amount)
                for year, amount in sorted(fallback_expectation(advies).items())
            )
            audit_record(actor=by, action="plan.create", target=plan, to_state=plan.state)
            figures_changed(plan)
    return plan


# --- editing the plan (the diensthoofd, while it is a draft) -----------------------------------


def _require_edit(by, advies):
    if not access.may_edit_plan(by, advies):
        raise PermissionDenied(_("Only the diensthoofd edits the plan, while it is a draft."))


@transaction.atomic
def action_save(*, form, advies, by, action=None) -> Action:
    lock(advies)
    _require_edit(by, advies)
    plan = _lock_plan(advies)
    if action is not None:
        expected = form.cleaned_data.get("lock_version")
        updated = Action.objects.filter(pk=action.pk, plan=plan, lock_version=expected).update(
            lock_version=(expected or 0) + 1
        )
        if expected is None or not updated:
            raise StaleObject(
                _(
                    "Someone else changed this action while you were editing. Your input is "
                    "still in the form: compare it with the saved action and save again."
                )
            )
        saved = form.save(commit=False)
        saved.lock_version = expected + 1
        saved.save()
        audit_record(actor=by, action="action.edit", target=plan, data={"action": saved.pk})
    else:
        saved = form.save(commit=False)
        saved.plan = plan
        saved.save()
        audit_record(actor=by, action="action.create", target=plan, data={"action": saved.pk})
    _plan_changed(plan)
    return saved


@transaction.atomic
def action_delete(*, advies, action, by):
    lock(advies)
    _require_edit(by, advies)
    plan = _lock_plan(advies)
    deleted, _n = Action.objects.filter(pk=action.pk, plan=plan).delete()
    if deleted:
        audit_record(actor=by, action="action.delete", target=plan, data={"action": action.title})
        _plan_changed(plan)


@transaction.atomic
def milestone_save(*, form, advies, by) -> Milestone:
    lock(advies)
    _require_edit(by, advies)
    plan = _lock_plan(advies)
    milestone = form.save(commit=False)
    milestone.plan = plan
    milestone.save()
    audit_record(actor=by, action="milestone.create", target=plan, data={"title": milestone.title})
    _plan_changed(plan)
    return milestone


@transaction.atomic
def milestone_delete(*, advies, milestone, by):
    lock(advies)
    _require_edit(by, advies)
    plan = _lock_plan(advies)
    if Milestone.objects.filter(pk=milestone.pk, plan=plan).delete()[0]:
        audit_record(
            actor=by, action="milestone.delete", target=plan, data={"title": milestone.title}
        )
        _plan_changed(plan)


@transaction.atomic
def milestone_reached(*, advies, milestone, by, reached: bool):
    """The diensthoofd marks a milestone reached (today) or not, while the plan runs."""
    lock(advies)
    if not access.may_report_milestones(by, advies):
        raise PermissionDenied(_("Only the diensthoofd reports on the milestones."))
    fresh = Milestone.objects.select_for_update().get(pk=milestone.pk, plan__advies=advies)
    before = fresh.reached_on
    fresh.reached_on = timezone.localdate() if reached else None
    fresh.save(update_fields=["reached_on"])
    audit_record(
        actor=by,
        action="milestone.reached" if reached else "milestone.not-reached",
        target=advies.plan,
        from_state=str(before or ""),
        to_state=str(fresh.reached_on or ""),
        data={"title": fresh.title},
    )
    figures_changed(advies.plan)
    return fresh


@transaction.atomic
def expected_savings_save(*, formset, advies, by, expected_lock):
    lock(advies)
    _require_edit(by, advies)
    plan = _lock_plan(advies, expected_lock)
    formset.instance = plan
    formset.save()
    audit_record(
        actor=by,
        action="plan.expected-savings",
        target=plan,
        data={
            "years": {str(e.year): str(e.amount) for e in ExpectedSaving.objects.filter(plan=plan)}
        },
    )
    _plan_changed(plan)


# --- the plan's steps --------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanStep:
    method: str  # the Plan transition
    needs_reason: bool
    text: str | Promise  # the notification (lazily translated), with %(who)s and %(title)s
    to_manager: bool  # whom it notifies: the manager, else the diensthoofd


# Who may take each step: access.PLAN_STEPS.
PLAN_STEPS = {
    "submit": PlanStep(
        "submit",
        False,
        gettext_lazy("%(who)s asks you to approve the implementation plan of “%(title)s”."),
        True,
    ),
    "approve": PlanStep(
        "approve",
        False,
        gettext_lazy("%(who)s approved the implementation plan of “%(title)s”."),
        False,
    ),
    "send-back": PlanStep(
        "send_back",
        True,
        gettext_lazy(
            "The implementation plan of “%(title)s” was sent back by the manager (%(who)s): "
            "%(reason)s"
        ),
        False,
    ),
    "revise": PlanStep(
        "revise",
        True,
        gettext_lazy("%(who)s is revising the implementation plan of “%(title)s”."),
        True,
    ),
}


def _step_fields(step, by, reason):
    """What a step records on the plan besides its state."""

    returned = ["return_reason", "returned_by", "returned_at"]

    def before_save(plan, from_state):
        if step == "submit":
            plan.submitted_at = timezone.now()
            plan.return_reason, plan.returned_by, plan.returned_at = "", None, None
            return ["submitted_at", *returned]
        if step == "send-back":
            plan.return_reason, plan.returned_by, plan.returned_at = reason, by, timezone.now()
            return returned
        if step == "approve":
            plan.approved_at, plan.approved_by = timezone.now(), by
            return ["approved_at", "approved_by"]
        return []

    return before_save


@transaction.atomic
def plan_step(*, advies, step, by, reason="", expected_lock=None) -> Plan:
    """Submit, approve, send back or revise the plan. The manager's approval starts the
    implementation of the advice."""
    how = PLAN_STEPS[step]
    lock(advies)
    plan = _lock_plan(advies, expected_lock)
    allowed = access.PLAN_STEPS[step](by, advies)
    if allowed and step == "submit" and not plan.actions.exists():
        raise ValidationError(_("Add at least one action before you submit the plan."))
    receiver = advies.dienst.cluster.manager if how.to_manager else advies.dienst.head
    transition_run(
        plan,
        how.method,
        by=by,
        action=f"plan.{step}",
        allowed=allowed,
        denied_message=_("Your role does not allow this step now."),
        reason=reason,
        needs_reason=how.needs_reason,
        locked=True,
        stale_message=_plan_stale_message(),
        before_save=_step_fields(step, by, (reason or "").strip()),
        notify=[receiver],
        text=str(how.text)
        % {"who": by.full_name, "title": advies.title, "reason": (reason or "").strip()},
        url=plan_url(advies),
        target=advies,
    )
    if step == "approve" and can_proceed(advies.start_implementation):
        advies_transition(advies=advies, action="start-implementation", by=by, locked=True)
    return plan


def _end(plan, **fields):
    """The advice ended: when (and why), on its plan."""
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.lock_version += 1
    plan.save(update_fields=[*fields, "lock_version"])
    figures_changed(plan)


@transaction.atomic
def advies_finish(*, advies, by, expected_lock=None):
    """Gerealiseerd: the plan is complete (every action done)."""
    lock(advies)
    if not access.may_finish(by, advies):
        raise PermissionDenied(
            _("Only the diensthoofd closes an advice that is being implemented.")
        )
    plan = _lock_plan(advies, expected_lock)
    actions = list(plan.actions.all())
    if not actions or any(a.status != ActionStatus.DONE for a in actions):
        raise ValidationError(_("The plan is not complete: every action must be done first."))
    advies_transition(advies=advies, action="realise", by=by, locked=True)
    _end(plan, ended_at=timezone.now())
    _notify(
        [advies.dienst.cluster.manager],
        text=_("“%(title)s” is realised.") % {"title": advies.title},
        advies=advies,
        by=by,
    )
    return advies


@transaction.atomic
def advies_stop(*, advies, by, reason, expected_lock=None):
    """Stopgezet, with a reason: the savings realised until now stay counted."""
    lock(advies)
    if not access.may_stop(by, advies):
        raise PermissionDenied(_("Only the diensthoofd or the manager stops an advice."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason: the others need to know why.")})
    if getattr(advies, "plan", None) is None:
        Plan.objects.create(advies=advies)
    plan = _lock_plan(advies, expected_lock)
    advies_transition(advies=advies, action="stop", by=by, reason=reason, locked=True)
    _end(plan, ended_at=timezone.now(), end_reason=reason)
    _notify(
        [advies.dienst.head, advies.dienst.cluster.manager],
        text=_("%(who)s stopped “%(title)s”: %(reason)s")
        % {"who": by.full_name, "title": advies.title, "reason": reason},
        advies=advies,
        by=by,
    )
    return advies


# --- running the plan --------------------------------------------------------------------------


def _checked_status(status, blocked_reason) -> str:
    """The blocked reason, once the status is one and a blocked action says why."""
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    blocked_reason = (blocked_reason or "").strip()
    if status == ActionStatus.BLOCKED and not blocked_reason:
        raise ValidationError({"blocked_reason": _("Say why the action is blocked.")})
    return blocked_reason if status == ActionStatus.BLOCKED else ""


@transaction.atomic
def action_status(*, advies, action, by, status, blocked_reason="", expected_lock=None):
    """The owner (or the diensthoofd) reports the status of an action of a running plan; a
    blocked action tells the diensthoofd why."""
    lock(advies)
    fresh = lock(
        Action.objects.get(pk=action.pk, plan__advies=advies),
        expected_lock=expected_lock,
        stale_message=_(
            "Someone else changed this action in the meantime. Nothing was saved: reload "
            "the page to see its status."
        ),
    )
    allowed = access.may_update_action(by, advies, fresh)
    if allowed:
        blocked_reason = _checked_status(status, blocked_reason)

    def before_save(obj, from_state):
        obj.blocked_reason = blocked_reason
        obj.done_on = timezone.localdate() if status == ActionStatus.DONE else None
        return ["blocked_reason", "done_on"]

    transition_run(
        fresh,
        "set_status",
        status,
        by=by,
        action="action.status",
        allowed=allowed,
        denied_message=_("Only the owner or the diensthoofd reports on this action."),
        reason=blocked_reason,
        locked=True,
        before_save=before_save,
        state_field="status",
        data={"action": fresh.pk, "title": fresh.title},
        notify=[advies.dienst.head] if status == ActionStatus.BLOCKED else [],
        text=_("“%(action)s” of “%(title)s” is blocked: %(reason)s")
        % {"action": fresh.title, "title": advies.title, "reason": blocked_reason}
        if status == ActionStatus.BLOCKED
        else "",
        url=plan_url(advies),
        target=advies,
        figures=[advies.plan],
    )
    return fresh


@transaction.atomic
def health_override(*, advies, by, health, motivation, expected_lock=None):
    """The diensthoofd overrides the derived health with a motivation, or clears it (health
    empty) to go back to the derived one."""
    lock(advies)
    if not access.may_override_health(by, advies):
        raise PermissionDenied(_("Only the diensthoofd adjusts the health of the advice."))
    plan = _lock_plan(advies, expected_lock)
    motivation = (motivation or "").strip()
    if health and not motivation:
        raise ValidationError({"motivation": _("Explain why you adjust the health.")})
    before = plan.health_override
    plan.health_override = health or ""
    plan.health_motivation = motivation if health else ""
    plan.health_override_by = by if health else None
    plan.health_override_at = timezone.now() if health else None
    plan.lock_version += 1
    plan.save(
        update_fields=[
            "health_override",
            "health_motivation",
            "health_override_by",
            "health_override_at",
            "lock_version",
        ]
    )
    audit_record(
        actor=by,
        action="plan.health",
        target=plan,
        from_state=before,
        to_state=plan.health_override,
        reason=motivation,
    )
    figures_changed(plan)
    return plan


# --- realised savings --------------------------------------------------------------------------


def _saving_data(saving, advies) -> dict:
    return {"year": saving.year, "amount": str(saving.amount), "advies": advies.pk}


@transaction.atomic
def saving_record(*, form, advies, by, saving=None) -> RealisedSaving:
    """The diensthoofd records realised savings with evidence; or corrects one the
    financieel directeur sent back, which then waits for validation again."""
    lock(advies)
    if not access.may_record_saving(by, advies):
        raise PermissionDenied(_("Only the diensthoofd records realised savings."))
    plan = _lock_plan(advies)
    if saving is None:
        saving = form.save(commit=False)
        saving.plan, saving.recorded_by = plan, by
        if saving.evidence:
            saving.evidence_name = saving.evidence.name[:200]
        saving.save()
        audit_record(
            actor=by,
            action="saving.create",
            target=saving,
            to_state=saving.state,
            data=_saving_data(saving, advies),
        )
        figures_changed(plan)
    else:
        saving = _saving_resubmit(form=form, saving=saving, plan=plan, advies=advies, by=by)
    _notify(
        financial_directors(),
        text=_("Realised savings of “%(title)s” wait for your validation.")
        % {"title": advies.title},
        advies=advies,
        by=by,
    )
    return saving


def _saving_resubmit(*, form, saving, plan, advies, by) -> RealisedSaving:
    """The corrected savings (the form's input) wait for validation again."""
    changed_meanwhile = _(
        "These savings changed in the meantime. Your input is still in the form: "
        "reload the page to see the current state."
    )
    expected = form.cleaned_data.get("lock_version")
    if expected is None:
        raise StaleObject(changed_meanwhile)
    corrected = form.save(commit=False)

    def before_save(fresh, from_state):
        fields = ["year", "amount", "note", "evidence", "return_reason"]
        for name in fields[:4]:
            setattr(fresh, name, getattr(corrected, name))
        if form.new_evidence() is not None:
            fresh.evidence_name = fresh.evidence.name[:200]
            fields.append("evidence_name")
        fresh.return_reason = ""
        return fields

    fresh = RealisedSaving.objects.get(pk=saving.pk, plan=plan)
    transition_run(
        fresh,
        "resubmit",
        by=by,
        action="saving.resubmit",
        expected_lock=expected,
        stale_message=changed_meanwhile,
        before_save=before_save,
        data=_saving_data(corrected, advies),
        figures=[plan],
    )
    return fresh


@transaction.atomic
def saving_decide(*, saving, by, validate: bool, reason="", expected_lock=None):
    """The financieel directeur validates realised savings, or sends them back with a
    reason."""
    fresh = lock(
        RealisedSaving.objects.get(pk=saving.pk),
        expected_lock=expected_lock,
        stale_message=_(
            "These savings changed in the meantime. Nothing was saved: reload the page."
        ),
    )
    allowed = access.may_validate_savings(by)
    reason = (reason or "").strip()
    if allowed and not validate and not reason:
        raise ValidationError({"reason": _("Give a reason: the diensthoofd needs to know why.")})
    plan = Plan.objects.select_related("advies__dienst__head").get(pk=fresh.plan_id)
    advies = plan.advies
    text = (
        _("The financieel directeur validated %(year)s's savings of “%(title)s”.")
        if validate
        else _("The financieel directeur sent %(year)s's savings of “%(title)s” back: %(reason)s")
    )

    def before_save(obj, from_state):
        obj.decided_by, obj.decided_at = by, timezone.now()
        obj.return_reason = "" if validate else reason
        return ["decided_by", "decided_at", "return_reason"]

    transition_run(
        fresh,
        "validate" if validate else "send_back",
        by=by,
        action="saving.validate" if validate else "saving.send-back",
        allowed=allowed,
        denied_message=_("Only the financieel directeur validates realised savings."),
        reason=reason,
        locked=True,
        impossible_message=_("These savings were already handled: they are now “%(state)s”.")
        % {"state": fresh.get_state_display()},
        before_save=before_save,
        data=_saving_data(fresh, advies),
        notify=[advies.dienst.head],
        text=text % {"year": fresh.year, "title": advies.title, "reason": reason},
        url=plan_url(advies),
        target=advies,
        figures=[plan],
    )
    return fresh
