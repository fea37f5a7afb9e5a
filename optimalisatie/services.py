"""Writes with side effects for the optimisation cycle: keyword-only, atomic, permission
checked (access.py), state changes run through core.transitions.transition_run, audited,
counted changes announced (core.figures.figures_changed), and notifying whoever acts next
once the transaction commits."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import construct_instance
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.constants import OrgaanType
from accounts.roles import members_of, responsible_schepenen
from core.audit import audit_record, audit_trail
from core.figures import figures_changed
from core.files import safe_name
from core.transitions import (
    StaleObject,
    check_reason,
    lock,
    notify_on_commit,
    transition_run,
)
from vergaderingen.constants import DecisionOutcome

from . import access
from .attachments import check_attachment
from .constants import (
    FRAMEWORK_FIELDS,
    NEEDS_FRAMEWORK,
    VERSIONED_FIELDS,
    AdviesState,
    FrameworkState,
    Phase,
)
from .models import (
    Advies,
    AdviesVersion,
    Attachment,
    Bundle,
    Cycle,
    ReviewMark,
)
from .workflow import STEPS


def advies_url(advies) -> str:
    return reverse("optimalisatie:advies-detail", args=[advies.pk])


def _tell(users, *, advies, text, by) -> None:
    """Notify those of `users` who may see the advice (access.audience), once the transaction
    commits."""
    users = [u for u in users if u is not None]
    if users:
        readers = access.readers_of(users, advies)
        notify_on_commit(readers, text=text, target=advies, url=advies_url(advies), by=by)


def _stale_advies() -> str:
    return _(
        "Someone else changed this advice in the meantime. Nothing was saved: "
        "reload the page to see the current version."
    )


def snapshot(advies) -> dict:
    return {name: str(getattr(advies, name)) for name in VERSIONED_FIELDS}


# --- the workflow of an advice -----------------------------------------------------------------

# The steps after which the person has seen the latest version (what changed shows from there).
REVIEWING_STEPS = {
    "return",
    "forward",
    "mt-return-to-manager",
    "mt-return-to-author",
    "refuse",
    "validate",
}


def _moments(advies, from_state) -> list[str]:
    """The moments a step reaches, which open the advice to more readers (access.py), and a
    withdrawn advice's leaving its bundle: the fields to save with the state."""
    now, fields = timezone.now(), []
    if advies.state == AdviesState.SUBMITTED and from_state == AdviesState.DRAFT:
        advies.submitted_at = advies.submitted_at or now
        fields.append("submitted_at")
    if advies.state == AdviesState.WITH_MT:
        advies.forwarded_at = advies.forwarded_at or now
        fields.append("forwarded_at")
    if advies.state == AdviesState.VALIDATED:
        advies.validated_at = now
        fields.append("validated_at")
    if advies.state == AdviesState.WITHDRAWN and advies.bundle_id:
        advies.bundle = None  # a withdrawn advice leaves its bundle and its savings
        fields.append("bundle")
    return fields


@transaction.atomic
def advies_transition(
    *,
    advies: Advies,
    action: str,
    by,
    reason: str = "",
    locked: bool = False,
    expected_lock: int | None = None,
) -> Advies:
    """Take one workflow step (a key of workflow.STEPS, the implementation's included). With
    `locked` the caller already holds the advice's row lock (core.transitions.lock);
    `expected_lock` is the lock_version the person's form was made from.

    Raises PermissionDenied (wrong role), ValidationError (missing reason) or StaleObject (the
    step is no longer possible, or someone else acted first)."""
    step = STEPS[action]
    # Asked of the advice as the person saw it: when someone else acted first, the step is
    # "no longer possible" for them, not "not theirs".
    allowed, takeover = access.may_take(by, advies, action)
    if not locked:
        lock(advies)
    transition_run(
        advies,
        step.method,
        by=by,
        action=f"advies.{step.key}",
        allowed=allowed,
        reason=reason,
        needs_reason=step.needs_reason,
        locked=True,
        expected_lock=expected_lock,
        stale_message=_stale_advies(),
        impossible_message=_(
            "This step is no longer possible: the advice is now “%(state)s”. Reload the page."
        )
        % {"state": advies.get_state_display()},
        before_save=_moments,
        data={"takeover": True} if takeover else {},
    )
    if step.key in REVIEWING_STEPS:
        _mark_reviewed(advies, by)
    if step.key == "submit":
        AdviesVersion.objects.create(
            advies=advies,
            number=advies.versions.count() + 1,
            data=snapshot(advies),
            created_by=by,
        )
    text = (step.told or _("%(who)s: “%(title)s” is now %(state)s.")) % {
        "who": by.full_name,
        "title": advies.title,
        "state": advies.get_state_display(),
        "reason": reason,
    }
    _tell(step.next_actors(advies), advies=advies, text=str(text), by=by)
    if step.key == "forward":
        _tell(
            responsible_schepenen(advies.dienst),
            advies=advies,
            by=by,
            text=_("An advice in your domain reached the MT: “%(title)s”.")
            % {"title": advies.title},
        )
    return advies


def _mark_reviewed(advies, by) -> None:
    latest = advies.versions.order_by("-number").first()
    if latest is not None:
        ReviewMark.objects.update_or_create(
            advies=advies, user=by, defaults={"version_number": latest.number}
        )


# --- writing an advice -------------------------------------------------------------------------


@transaction.atomic
def advies_save(*, form, advies=None, by, files=()) -> Advies:
    """Create a draft or save changes to one; refuses a stale edit (optimistic locking).
    `files` are new attachments, each checked for what it is before anything is written."""
    checked = [(upload, check_attachment(upload)) for upload in files]
    if advies is None:
        if not access.may_create_advies(by):
            raise PermissionDenied
        cycle = Cycle.objects.open().select_for_update().first()
        if cycle is None:
            raise ValidationError(_("There is no open cycle: no new advices can be added."))
        advies = form.save(commit=False)
        advies.cycle = cycle
        advies.author = by
        advies.save()
        audit_record(actor=by, action="advies.create", target=advies, to_state=advies.state)
    else:
        if not access.may_edit(by, advies):
            raise PermissionDenied
        expected = form.cleaned_data.get("lock_version")
        fields = [
            name
            for name in form.changed_data
            if name not in ("attachments", "lock_version", "dienst")
        ]
        updated = Advies.objects.filter(
            pk=advies.pk, lock_version=expected, state=AdviesState.DRAFT
        ).update(lock_version=expected + 1 if expected is not None else 0)
        if expected is None or not updated:
            raise StaleObject(
                _(
                    "Someone else changed this advice while you were editing. Your changes are "
                    "not saved yet: copy what you need, reload the page and try again."
                )
            )
        advies = form.save(commit=False)
        advies.lock_version = expected + 1
        advies.save(update_fields=[*fields, "lock_version", "updated_at"])
        if fields:
            audit_record(actor=by, action="advies.edit", target=advies, data={"fields": fields})
    figures_changed(advies)
    for upload, content_type in checked:
        name = safe_name(upload.name)
        attachment = Attachment(
            advies=advies, name=name, size=upload.size, content_type=content_type, uploaded_by=by
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()
    return advies


# --- cycle, policy framework and the schepenen -------------------------------------------------


def _form_fields(form, cycle) -> list[str]:
    """The form's values on the cycle read afresh (the phase moves by its transition)."""
    construct_instance(form, cycle, exclude=["phase"])
    return [name for name in form.fields if name != "phase"]


def _moves_on(current: str, phase: str) -> bool:
    """Does the cycle move forward into a phase that needs a framework in force?"""
    order = list(Phase.values)
    return phase in NEEDS_FRAMEWORK and order.index(phase) > order.index(current)


def _check_framework_for(cycle, phase, *, reopens: bool) -> None:
    """The cycle moves past preparation only with a framework the college set (and not one
    this very save changes)."""
    if not _moves_on(cycle.phase if cycle.pk else Phase.PREPARATION, phase):
        return
    if reopens:
        message = _(
            "You changed the budgetary framework: the college has to set it again before the "
            "cycle moves on. Save the change in the current phase, then put the framework "
            "on a college agenda."
        )
    elif not cycle.framework_in_force:
        message = _(
            "The college has not set the budgetary framework yet: the cycle moves past "
            "preparation only once it has. Put the framework on a college agenda first."
        )
    else:
        return
    raise ValidationError({"phase": message})


def _framework_changed(form, targets) -> list[str]:
    changed = [name for name in FRAMEWORK_FIELDS if name in form.changed_data]
    if targets is not None and targets.has_changed():
        changed.append("domain_targets")
    return changed


@transaction.atomic
def cycle_save(*, form, by, targets=None) -> Cycle:
    """Create a cycle or change its framework, and move it to the phase the form picks.

    A framework the college set (or that is on its agenda) that changes is a draft again,
    audited; the cycle moves past preparation only with a framework in force."""
    cycle = form.instance
    if not access.may_edit_cycle(by, cycle):
        raise PermissionDenied
    phase = Phase(form.cleaned_data["phase"])
    if phase != Phase.CLOSED and Cycle.objects.open().exclude(pk=cycle.pk).exists():
        raise ValidationError(
            _(
                "Another cycle is still open. Close it first: only one cycle "
                "accepts advices at a time."
            )
        )
    changed = _framework_changed(form, targets)
    if cycle.pk is not None:
        lock(cycle)  # read afresh: the college may have just set the framework
    reopens = (
        cycle.pk is not None and bool(changed) and cycle.framework_state != FrameworkState.DRAFT
    )
    _check_framework_for(cycle, phase, reopens=reopens)
    if reopens:
        transition_run(
            cycle,
            "framework_reopen",
            by=by,
            action="cycle.framework-reopen",
            locked=True,
            state_field="framework_state",
            reason=_("The framework was changed: the college has to set it again."),
            data={"fields": changed},
        )
    if cycle.pk is None:
        cycle.move_to(phase)
        cycle.save()
        audit_record(
            actor=by,
            action="cycle.create",
            target=cycle,
            to_state=cycle.phase,
            data={"fields": form.changed_data},
        )
        figures_changed(cycle)
    else:
        transition_run(
            cycle,
            "move_to",
            phase,
            by=by,
            action="cycle.edit",
            locked=True,
            state_field="phase",
            before_save=lambda cycle, _from: _form_fields(form, cycle),
            data={"fields": form.changed_data},
        )
    if targets is not None:
        targets.instance = cycle
        targets.save()
    return cycle


@transaction.atomic
def framework_submit(*, cycle: Cycle, by) -> Cycle:
    """The algemeen directeur submits the drafted framework to the college: it is then among
    the college's candidates for an agenda (meeting_subjects)."""
    transition_run(
        cycle,
        "framework_submit",
        by=by,
        action="cycle.framework-submit",
        allowed=access.may_submit_framework(by, cycle),
        state_field="framework_state",
        impossible_message=_("The framework is already submitted to the college or set by it."),
    )
    return cycle


def _submitted_at(cycle):
    """When the framework was last submitted to the college (its audit trail)."""
    entry = audit_trail(cycle).filter(action="cycle.framework-submit").first()
    return entry.at if entry else None


def framework_decision(cycle, outcome, by, *, orgaan=None, decision=None, **context) -> None:
    """The college decided on the framework in a meeting (vergaderingen.subjects protocol,
    inside the decision's transaction): approved, it is in force from that meeting's date;
    rejected, it is a draft again; postponed, it waits for a next agenda. A framework
    changed after it was put on this agenda cannot be approved or rejected there."""
    outcome = DecisionOutcome(outcome)
    lock(cycle)
    item = getattr(decision, "item", None)
    submitted = _submitted_at(cycle)
    if cycle.framework_state != FrameworkState.SUBMITTED or (
        item is not None and submitted is not None and item.created_at < submitted
    ):
        if outcome == DecisionOutcome.POSTPONED:
            return
        raise ValidationError(
            _(
                "The framework was changed after it was put on this agenda: postpone this "
                "item and put the framework on a next agenda."
            )
        )
    meeting = item.meeting if item is not None else None

    def record(cycle, _from):
        cycle.framework_decision = decision
        cycle.framework_decided_on = (
            timezone.localdate(meeting.starts_at)
            if meeting
            else getattr(decision, "reference_date", None) or timezone.localdate()
        )
        return ["framework_decision", "framework_decided_on"]

    method = {
        DecisionOutcome.APPROVED: "framework_approve",
        DecisionOutcome.REJECTED: "framework_reject",
        DecisionOutcome.POSTPONED: "framework_postpone",
    }[outcome]
    transition_run(
        cycle,
        method,
        by=by,
        action=f"cycle.framework-{outcome.name.lower()}",
        locked=True,
        state_field="framework_state",
        reason=getattr(decision, "motivation", ""),
        before_save=record if outcome == DecisionOutcome.APPROVED else None,
        data={
            "decision": getattr(decision, "pk", None),
            "meeting": getattr(meeting, "pk", None),
            "orgaan": getattr(orgaan, "pk", None),
            "reference": getattr(decision, "reference_label", ""),
        },
    )


@transaction.atomic
def cycle_nota_create(*, cycle: Cycle, by):
    """The exercise's afsprakennota, drawn up by the algemeen directeur with its role
    articles (afsprakennota.services.nota_create_optimisation); the cycle points at it."""
    from afsprakennota.services import nota_create_optimisation

    if not access.may_draw_up_nota(by, cycle):
        raise PermissionDenied
    lock(cycle)
    if cycle.afsprakennota_id is not None:
        raise ValidationError(_("This exercise already has an afsprakennota."))
    nota = nota_create_optimisation(title=cycle.title, term=cycle.term, by=by)
    cycle.afsprakennota = nota
    cycle.save(update_fields=["afsprakennota"])
    audit_record(actor=by, action="cycle.afsprakennota", target=cycle, data={"nota": nota.pk})
    figures_changed(cycle)
    return nota


def _save_by_schepen(form, by, **owner):
    """Save a schepen's own record (policy note, input, standpoint, priority) for `by`."""
    record = form.save(commit=False)
    record.schepen = by
    for name, value in owner.items():
        setattr(record, name, value)
    record.save()
    return record


@transaction.atomic
def beleidsnota_save(*, form, cycle, by):
    if not access.may_write_policy(by, cycle):
        raise PermissionDenied
    nota = _save_by_schepen(form, by, cycle=cycle)
    audit_record(actor=by, action="beleidsnota.save", target=nota)
    return nota


@transaction.atomic
def schepen_input_create(*, form, cycle, by):
    if not access.may_write_policy(by, cycle):
        raise PermissionDenied
    item = _save_by_schepen(form, by, cycle=cycle)
    audit_record(actor=by, action="schepen-input.create", target=item)
    notify_on_commit(
        [m.user for m in members_of(OrgaanType.MANAGEMENTTEAM)],
        text=_("%(who)s gave an advice: “%(title)s”.") % {"who": by.full_name, "title": item.title},
        target=item,
        url=reverse("optimalisatie:cycle-detail", args=[cycle.pk]) + "#schepenadviezen",
        by=by,
    )
    return item


@transaction.atomic
def standpunt_save(*, form, advies, by):
    if not access.may_give_standpunt(by, advies):
        raise PermissionDenied
    standpunt = _save_by_schepen(form, by, advies=advies)
    audit_record(actor=by, action="advies.standpoint", target=advies)
    figures_changed(standpunt)  # the schepen's Mijn werk (core.kept)
    return standpunt


@transaction.atomic
def priority_save(*, form, advies, by):
    if not access.may_set_priority(by, advies):
        raise PermissionDenied
    priority = _save_by_schepen(form, by, advies=advies)
    audit_record(
        actor=by,
        action="advies.priority",
        target=advies,
        to_state=priority.level,
        reason=priority.motivation,
    )
    figures_changed(priority)  # the schepen's Mijn werk (core.kept)
    return priority


# --- coaching threads: shared with the college by the MT ----------------------------------------


@transaction.atomic
def thread_share(*, advies: Advies, thread, by, reason: str):
    """An MT member shares a confidential coaching thread on the advice with the college
    (access.py): from then on everyone who sees the advice reads it. Recorded on the thread
    (who, when, why) and in the advice's audit trail; it is not undone, since who has read
    it, has read it."""
    from core.models import Thread

    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if not access.may_share_thread(by, advies, thread):
        if thread.shared_at is not None:
            raise StaleObject(_("This thread is already shared with the college."))
        raise PermissionDenied(_("Only a member of the MT shares coaching with the college."))
    reason = check_reason(reason, needed=True)
    thread.shared_at, thread.shared_by, thread.shared_reason = timezone.now(), by, reason
    thread.save(update_fields=["shared_at", "shared_by", "shared_reason"])
    audit_record(
        actor=by,
        action="advies.thread-share",
        target=advies,
        reason=reason,
        data={"thread": thread.pk, "from": "confidential", "to": "shared"},
    )
    college_ids = {m.user_id for m in members_of(OrgaanType.COLLEGE)}
    college = [u for u in access.audience(advies) if u.pk in college_ids]
    notify_on_commit(
        college,
        text=_("The MT shared a coaching thread on “%(title)s” with the college.")
        % {"title": advies.title},
        target=advies,
        url=advies_url(advies) + f"#draad-{thread.pk}",
        by=by,
    )
    return thread


# --- bundles -----------------------------------------------------------------------------------


@transaction.atomic
def bundle_create(*, form, cycle, by) -> Bundle:
    """The MT combines validated advices of several departments into a bundle."""
    if not access.is_mt(by):
        raise PermissionDenied
    bundle = form.save(commit=False)
    bundle.cycle, bundle.created_by = cycle, by
    bundle.save()
    figures_changed(bundle)

    def join(advies, _from_state):
        advies.bundle = bundle
        return ["bundle"]

    for advies in form.cleaned_data["adviezen"]:
        transition_run(
            advies,
            "include_in_bundle",
            by=by,
            action="advies.bundle",
            impossible_message=_(
                "“%(title)s” is no longer validated: someone acted on it in "
                "the meantime. Nothing was saved."
            )
            % {"title": advies.title},
            before_save=join,
            data={"bundle": bundle.pk},
        )
        _tell(
            [advies.author, advies.dienst.head],
            advies=advies,
            by=by,
            text=_("The MT included “%(title)s” in the bundle “%(bundle)s”.")
            % {"title": advies.title, "bundle": bundle.title},
        )
    audit_record(
        actor=by,
        action="bundle.create",
        target=bundle,
        to_state=bundle.state,
        data={"adviezen": [a.pk for a in form.cleaned_data["adviezen"]]},
    )
    return bundle


@transaction.atomic
def bundle_mark_ready(*, bundle, by) -> Bundle:
    transition_run(
        bundle,
        "mark_ready_for_college",
        by=by,
        action="bundle.ready-for-college",
        allowed=access.may_mark_ready(by, bundle),
        impossible_message=_("This bundle is already further along."),
    )
    return bundle


# --- the college's decision (called by a meeting, vergaderingen.services.decision_record) -------

OUTCOME_METHOD = {
    DecisionOutcome.APPROVED: "college_approve",
    DecisionOutcome.REJECTED: "college_reject",
    DecisionOutcome.POSTPONED: "college_postpone",
}


def _decision_reference(decision) -> dict | None:
    """The audit data of a college decision: the decision, and its reference when it was
    taken in the official decision system."""
    if decision is None:
        return None
    data = {"decision": decision.pk}
    if decision.by_reference:
        data |= {"reference": decision.reference_label, "url": decision.reference_url}
    return data


def college_decision(subject, outcome, by, **context) -> None:
    """Apply the college's outcome to an advice, or to a bundle and every advice in it
    (inside the decision's transaction: nothing of the decision is saved when one of them
    cannot be decided)."""
    outcome = DecisionOutcome(outcome)
    targets = [subject]
    if isinstance(subject, Bundle):
        targets += list(subject.adviezen.all())
    for target in targets:
        lock(target)
        transition_run(
            target,
            OUTCOME_METHOD[outcome],
            by=by,
            action=f"college.{outcome.name.lower()}",
            locked=True,
            reason=getattr(context.get("decision"), "motivation", ""),
            data=_decision_reference(context.get("decision")),
            impossible_message=_("“%(title)s” cannot be decided now: it is “%(state)s”.")
            % {"title": target, "state": target.get_state_display()},
        )
        if isinstance(target, Advies):
            _tell(
                [target.author, target.dienst.head, target.dienst.cluster.manager],
                advies=target,
                by=by,
                text=_("The college decided on “%(title)s”: %(state)s.")
                % {"title": target.title, "state": target.get_state_display()},
            )
