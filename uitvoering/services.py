"""Writes for the implementation: keyword-only, atomic, permission checked, optimistically
locked, audited (who, when, from, to, why), and notifying whoever acts next on commit."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, can_proceed

from core.audit import audit_record
from core.kept import changed
from optimalisatie.models import Advies
from optimalisatie.services import StaleObject

from . import access
from .constants import ActionStatus, SavingState
from .models import Action, ExpectedSaving, Milestone, Plan, RealisedSaving
from .progress import fallback_expectation, figure_updates, refresh_figures


def _stale_plan():
    return StaleObject(
        _(
            "Someone else changed this plan in the meantime. Nothing was saved: reload the "
            "page to see the current version."
        )
    )


def plan_url(advies):
    return reverse("uitvoering:plan", args=[advies.pk])


def _notify(users, *, text, advies, by):
    from core.notifications import notify

    receivers = [u for u in users if u is not None and u.is_active and u.pk != by.pk]
    if receivers:
        url = plan_url(advies)
        transaction.on_commit(lambda: notify(receivers, text=text, target=advies, url=url))


def financial_directors():
    """The active financieel directeur(s) in the MT today."""
    from accounts.constants import Function, OrgaanType
    from accounts.roles import members_of

    return [
        m.user
        for m in members_of(OrgaanType.MANAGEMENTTEAM)
        if m.function == Function.FINANCIEEL_DIRECTEUR
    ]


def _fresh_advies(advies):
    """The advice, locked for the service that changes its implementation: the cycle's
    figures change with it (core.kept)."""
    fresh = (
        Advies.objects.select_for_update(of=("self",))
        .select_related("dienst__cluster__manager", "dienst__head", "cycle__term")
        .get(pk=advies.pk)
    )
    changed("cycle", fresh.cycle_id)
    return fresh


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
            changed("cycle", advies.cycle_id)
            ExpectedSaving.objects.bulk_create(
                ExpectedSaving(plan=plan, year=year, amount=amount)
                for year, amount in sorted(fallback_expectation(advies).items())
            )
            audit_record(actor=by, action="plan.create", target=plan, to_state=plan.state)
    return plan


def _lock_plan(plan, expected=None) -> Plan:
    fresh = Plan.objects.select_for_update().get(pk=plan.pk)
    if expected is not None and fresh.lock_version != expected:
        raise _stale_plan()
    return fresh


def _bump(plan):
    """The plan changed: a new lock version, and its figures recomputed (one UPDATE)."""
    Plan.objects.filter(pk=plan.pk).update(
        lock_version=plan.lock_version + 1, **figure_updates(Action, Milestone)
    )
    plan.lock_version += 1


# --- editing the plan (the diensthoofd, while it is a draft) -----------------------------------


def _require_edit(by, advies):
    if not access.may_edit_plan(by, advies):
        raise PermissionDenied(_("Only the diensthoofd edits the plan, while it is a draft."))


@transaction.atomic
def action_save(*, form, advies, by, action=None) -> Action:
    advies = _fresh_advies(advies)
    _require_edit(by, advies)
    plan = _lock_plan(advies.plan)
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
        audit_record(actor=by, action="actie.edit", target=plan, data={"action": saved.pk})
    else:
        saved = form.save(commit=False)
        saved.plan = plan
        saved.save()
        audit_record(actor=by, action="actie.create", target=plan, data={"action": saved.pk})
    _bump(plan)
    return saved


@transaction.atomic
def action_delete(*, advies, action, by):
    advies = _fresh_advies(advies)
    _require_edit(by, advies)
    plan = _lock_plan(advies.plan)
    deleted, _n = Action.objects.filter(pk=action.pk, plan=plan).delete()
    if deleted:
        audit_record(actor=by, action="actie.delete", target=plan, data={"action": action.title})
        _bump(plan)


@transaction.atomic
def milestone_save(*, form, advies, by) -> Milestone:
    advies = _fresh_advies(advies)
    _require_edit(by, advies)
    plan = _lock_plan(advies.plan)
    milestone = form.save(commit=False)
    milestone.plan = plan
    milestone.save()
    audit_record(actor=by, action="mijlpaal.create", target=plan, data={"title": milestone.title})
    _bump(plan)
    return milestone


@transaction.atomic
def milestone_delete(*, advies, milestone, by):
    advies = _fresh_advies(advies)
    _require_edit(by, advies)
    plan = _lock_plan(advies.plan)
    if Milestone.objects.filter(pk=milestone.pk, plan=plan).delete()[0]:
        audit_record(
            actor=by, action="mijlpaal.delete", target=plan, data={"title": milestone.title}
        )
        _bump(plan)


@transaction.atomic
def milestone_reached(*, advies, milestone, by, reached: bool):
    """The diensthoofd marks a milestone reached (today) or not, while the plan runs."""
    advies = _fresh_advies(advies)
    if not access.may_report_milestones(by, advies):
        raise PermissionDenied(_("Only the diensthoofd reports on the milestones."))
    fresh = Milestone.objects.select_for_update().get(pk=milestone.pk, plan__advies=advies)
    before = fresh.reached_on
    fresh.reached_on = timezone.localdate() if reached else None
    fresh.save(update_fields=["reached_on"])
    refresh_figures(advies.plan)
    audit_record(
        actor=by,
        action="mijlpaal.bereikt" if reached else "mijlpaal.niet-bereikt",
        target=advies.plan,
        from_state=str(before or ""),
        to_state=str(fresh.reached_on or ""),
        data={"title": fresh.title},
    )
    return fresh


@transaction.atomic
def expected_savings_save(*, formset, advies, by, expected_lock):
    advies = _fresh_advies(advies)
    _require_edit(by, advies)
    plan = _lock_plan(advies.plan, expected_lock)
    formset.instance = plan
    formset.save()
    audit_record(
        actor=by,
        action="plan.verwachte-besparingen",
        target=plan,
        data={
            "years": {str(e.year): str(e.amount) for e in ExpectedSaving.objects.filter(plan=plan)}
        },
    )
    _bump(plan)


# --- the plan's steps --------------------------------------------------------------------------

PLAN_STEPS = {
    # action: (model method, permission, needs a reason)
    "indienen": ("submit", access.may_edit_plan, False),
    "goedkeuren": ("approve", access.may_approve_plan, False),
    "terugsturen": ("send_back", access.may_approve_plan, True),
    "herzien": ("revise", access.may_revise_plan, True),
}


@transaction.atomic
def plan_step(*, advies, step, by, reason="", expected_lock=None) -> Plan:
    method, allowed, needs_reason = PLAN_STEPS[step]
    advies = _fresh_advies(advies)
    if not allowed(by, advies):
        raise PermissionDenied(_("Your role does not allow this step now."))
    plan = _lock_plan(advies.plan, expected_lock)
    reason = (reason or "").strip()
    if needs_reason and not reason:
        raise ValidationError({"reason": _("Give a reason: the others need to know why.")})
    if not can_proceed(getattr(plan, method)):
        raise _stale_plan()
    if step == "indienen" and not plan.actions.exists():
        raise ValidationError(_("Add at least one action before you submit the plan."))
    from_state = plan.state
    getattr(plan, method)()
    now = timezone.now()
    fields = ["state", "lock_version"]
    if step == "indienen":
        plan.submitted_at = now
        fields.append("submitted_at")
    if step == "goedkeuren":
        plan.approved_at, plan.approved_by = now, by
        fields += ["approved_at", "approved_by"]
    plan.lock_version += 1
    try:
        plan.save(update_fields=fields)
    except ConcurrentTransition:
        raise _stale_plan() from None
    audit_record(
        actor=by,
        action=f"plan.{step}",
        target=plan,
        from_state=from_state,
        to_state=plan.state,
        reason=reason,
    )
    if step == "goedkeuren" and can_proceed(advies.start_implementation):
        _advies_transition(advies, "start_implementation", by, "advies.in-uitvoering")
    texts = {
        "indienen": _("%(who)s asks you to approve the implementation plan of “%(title)s”."),
        "goedkeuren": _("%(who)s approved the implementation plan of “%(title)s”."),
        "terugsturen": _("%(who)s sent the implementation plan of “%(title)s” back."),
        "herzien": _("%(who)s is revising the implementation plan of “%(title)s”."),
    }
    receivers = (
        [advies.dienst.cluster.manager] if step in ("indienen", "herzien") else [advies.dienst.head]
    )
    _notify(
        receivers,
        text=texts[step] % {"who": by.full_name, "title": advies.title},
        advies=advies,
        by=by,
    )
    return plan


def _advies_transition(advies, method, by, action, reason=""):
    from_state = advies.state
    getattr(advies, method)()
    advies.lock_version += 1
    try:
        advies.save(update_fields=["state", "lock_version", "updated_at"])
    except ConcurrentTransition:
        raise StaleObject() from None
    audit_record(
        actor=by,
        action=action,
        target=advies,
        from_state=from_state,
        to_state=advies.state,
        reason=reason,
    )


@transaction.atomic
def advies_finish(*, advies, by, expected_lock=None):
    """Gerealiseerd: the plan is complete (every action done)."""
    advies = _fresh_advies(advies)
    if not access.may_finish(by, advies):
        raise PermissionDenied(
            _("Only the diensthoofd closes an advice that is being implemented.")
        )
    plan = _lock_plan(advies.plan, expected_lock)
    actions = list(plan.actions.all())
    if not actions or any(a.status != ActionStatus.DONE for a in actions):
        raise ValidationError(_("The plan is not complete: every action must be done first."))
    _advies_transition(advies, "realise", by, "advies.gerealiseerd")
    plan.ended_at = timezone.now()
    plan.lock_version += 1
    plan.save(update_fields=["ended_at", "lock_version"])
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
    advies = _fresh_advies(advies)
    if not access.may_stop(by, advies):
        raise PermissionDenied(_("Only the diensthoofd or the manager stops an advice."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason: the others need to know why.")})
    plan = getattr(advies, "plan", None)
    if plan is None:
        plan = Plan.objects.create(advies=advies)
    plan = _lock_plan(plan, expected_lock)
    _advies_transition(advies, "stop", by, "advies.stopgezet", reason)
    plan.ended_at, plan.end_reason = timezone.now(), reason
    plan.lock_version += 1
    plan.save(update_fields=["ended_at", "end_reason", "lock_version"])
    _notify(
        [advies.dienst.head, advies.dienst.cluster.manager],
        text=_("%(who)s stopped “%(title)s”: %(reason)s")
        % {"who": by.full_name, "title": advies.title, "reason": reason},
        advies=advies,
        by=by,
    )
    return advies


# --- running the plan --------------------------------------------------------------------------


@transaction.atomic
def action_status(*, advies, action, by, status, blocked_reason="", expected_lock=None):
    advies = _fresh_advies(advies)
    fresh = Action.objects.select_for_update().get(pk=action.pk, plan__advies=advies)
    if not access.may_update_action(by, advies, fresh):
        raise PermissionDenied(_("Only the owner or the diensthoofd reports on this action."))
    if expected_lock is not None and fresh.lock_version != expected_lock:
        raise StaleObject(
            _(
                "Someone else changed this action in the meantime. Nothing was saved: reload "
                "the page to see its status."
            )
        )
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    blocked_reason = (blocked_reason or "").strip()
    if status == ActionStatus.BLOCKED and not blocked_reason:
        raise ValidationError({"blocked_reason": _("Say why the action is blocked.")})
    from_state = fresh.status
    fresh.status = status
    fresh.blocked_reason = blocked_reason if status == ActionStatus.BLOCKED else ""
    fresh.done_on = timezone.localdate() if status == ActionStatus.DONE else None
    fresh.lock_version += 1
    fresh.save(update_fields=["status", "blocked_reason", "done_on", "lock_version"])
    refresh_figures(advies.plan)
    audit_record(
        actor=by,
        action="actie.status",
        target=advies.plan,
        from_state=from_state,
        to_state=status,
        reason=fresh.blocked_reason,
        data={"action": fresh.pk, "title": fresh.title},
    )
    if status == ActionStatus.BLOCKED:
        _notify(
            [advies.dienst.head],
            text=_("“%(action)s” of “%(title)s” is blocked: %(reason)s")
            % {"action": fresh.title, "title": advies.title, "reason": blocked_reason},
            advies=advies,
            by=by,
        )
    return fresh


@transaction.atomic
def health_override(*, advies, by, health, motivation, expected_lock=None):
    """The diensthoofd overrides the derived health with a motivation, or clears it (health
    empty) to go back to the derived one."""
    advies = _fresh_advies(advies)
    if not access.may_override_health(by, advies):
        raise PermissionDenied(_("Only the diensthoofd adjusts the health of the advice."))
    plan = _lock_plan(advies.plan, expected_lock)
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
        action="plan.gezondheid",
        target=plan,
        from_state=before,
        to_state=plan.health_override,
        reason=motivation,
    )
    return plan


# --- realised savings --------------------------------------------------------------------------


@transaction.atomic
def saving_record(*, form, advies, by, saving=None) -> RealisedSaving:
    """The diensthoofd records realised savings with evidence; or corrects one the
    financieel directeur sent back, which then waits for validation again."""
    advies = _fresh_advies(advies)
    if not access.may_record_saving(by, advies):
        raise PermissionDenied(_("Only the diensthoofd records realised savings."))
    plan = _lock_plan(advies.plan)
    if saving is None:
        saving = form.save(commit=False)
        saving.plan, saving.recorded_by = plan, by
        if saving.evidence:
            saving.evidence_name = saving.evidence.name[:200]
        saving.save()
        action = "besparing.create"
        from_state = ""
    else:
        expected = form.cleaned_data.get("lock_version")
        fresh = RealisedSaving.objects.select_for_update().get(pk=saving.pk, plan=plan)
        if fresh.lock_version != expected or fresh.state != SavingState.SENT_BACK:
            raise StaleObject(
                _(
                    "These savings changed in the meantime. Your input is still in the form: "
                    "reload the page to see the current state."
                )
            )
        saving = form.save(commit=False)
        if "evidence" in form.changed_data and saving.evidence:
            saving.evidence_name = saving.evidence.name[:200]
        from_state = saving.state
        saving.resubmit()
        saving.lock_version = expected + 1
        saving.return_reason = ""
        try:
            saving.save()
        except ConcurrentTransition:
            raise StaleObject() from None
        action = "besparing.opnieuw"
    audit_record(
        actor=by,
        action=action,
        target=saving,
        from_state=from_state,
        to_state=saving.state,
        data={"year": saving.year, "amount": str(saving.amount), "advies": advies.pk},
    )
    _notify(
        financial_directors(),
        text=_("Realised savings of “%(title)s” wait for your validation.")
        % {"title": advies.title},
        advies=advies,
        by=by,
    )
    return saving


@transaction.atomic
def saving_decide(*, saving, by, validate: bool, reason="", expected_lock=None):
    if not access.may_validate_savings(by):
        raise PermissionDenied(_("Only the financieel directeur validates realised savings."))
    fresh = (
        RealisedSaving.objects.select_for_update(of=("self",))
        .select_related("plan__advies__dienst__head")
        .get(pk=saving.pk)
    )
    if expected_lock is not None and fresh.lock_version != expected_lock:
        raise StaleObject(
            _("These savings changed in the meantime. Nothing was saved: reload the page.")
        )
    changed("cycle", fresh.plan.advies.cycle_id)
    reason = (reason or "").strip()
    if not validate and not reason:
        raise ValidationError({"reason": _("Give a reason: the diensthoofd needs to know why.")})
    method = fresh.validate if validate else fresh.send_back
    if not can_proceed(method):
        raise StaleObject(
            _("These savings were already handled: they are now “%(state)s”.")
            % {"state": fresh.get_state_display()}
        )
    from_state = fresh.state
    method()
    fresh.decided_by, fresh.decided_at = by, timezone.now()
    fresh.return_reason = "" if validate else reason
    fresh.lock_version += 1
    try:
        fresh.save(
            update_fields=["state", "decided_by", "decided_at", "return_reason", "lock_version"]
        )
    except ConcurrentTransition:
        raise StaleObject() from None
    audit_record(
        actor=by,
        action="besparing.gevalideerd" if validate else "besparing.teruggestuurd",
        target=fresh,
        from_state=from_state,
        to_state=fresh.state,
        reason=reason,
        data={"year": fresh.year, "amount": str(fresh.amount), "advies": fresh.plan.advies_id},
    )
    advies = fresh.plan.advies
    text = (
        _("The financieel directeur validated %(year)s's savings of “%(title)s”.")
        if validate
        else _("The financieel directeur sent %(year)s's savings of “%(title)s” back: %(reason)s")
    )
    _notify(
        [advies.dienst.head],
        text=text % {"year": fresh.year, "title": advies.title, "reason": reason},
        advies=advies,
        by=by,
    )
    return fresh
