"""Writes with side effects for the optimisation cycle: keyword-only, atomic, permission
checked, audited, and notifying whoever acts next once the transaction commits."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, can_proceed

from core.audit import audit_record
from core.kept import changed

from .constants import VERSIONED_FIELDS, AdviesState
from .models import Advies, AdviesVersion
from .workflow import STEPS, may_take


class StaleObject(Exception):
    """Someone else changed the object since it was read: nothing was saved."""

    def __init__(self, message=None):
        super().__init__(
            message
            or _(
                "Someone else changed this advice in the meantime. Nothing was saved: "
                "reload the page to see the current version."
            )
        )


def _notify(users, *, advies, text, by):
    """Notify the receivers once the transaction commits (core.notifications), but only
    those who may see the advice (`audience`, a fixed number of queries)."""
    from core.notifications import notify

    allowed = {u.pk for u in audience(advies)}
    receivers = [u for u in users if u is not None and u.pk != by.pk and u.pk in allowed]
    if receivers:
        transaction.on_commit(
            lambda: notify(receivers, text=text, target=advies, url=advies_url(advies))
        )


def advies_url(advies):
    from django.urls import reverse

    return reverse("optimalisatie:advies-detail", args=[advies.pk])


def snapshot(advies) -> dict:
    return {name: str(getattr(advies, name)) for name in VERSIONED_FIELDS}


@transaction.atomic
def advies_transition(*, advies: Advies, action: str, by, reason: str = "") -> Advies:
    """Take one workflow step. Raises PermissionDenied (wrong role or state), ValidationError
    (missing reason) or StaleObject (someone else acted first)."""
    step = STEPS[action]
    allowed, takeover = may_take(by, advies, action)
    if not allowed:
        raise PermissionDenied(_("Your role does not allow this step."))
    if not can_proceed(getattr(advies, step.method)):
        raise StaleObject(
            _("This step is no longer possible: the advice is now “%(state)s”. Reload the page.")
            % {"state": advies.get_state_display()}
        )
    reason = (reason or "").strip()
    if step.needs_reason and not reason:
        raise ValidationError({"reason": _("Give a reason: the others need to know why.")})

    from_state = advies.state
    getattr(advies, step.method)()
    now = timezone.now()
    fields = ["state", "lock_version", "updated_at"]
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
    advies.lock_version += 1
    try:
        advies.save(update_fields=fields)
    except ConcurrentTransition:
        raise StaleObject() from None

    if (
        action in ("terugsturen", "voorleggen")
        or action.startswith("mt-")
        or action in ("valideren", "niet-weerhouden")
    ):
        _mark_reviewed(advies, by)
    if action == "indienen":
        number = advies.versions.count() + 1
        AdviesVersion.objects.create(
            advies=advies, number=number, data=snapshot(advies), created_by=by
        )
    audit_record(
        actor=by,
        action=f"advies.{action}",
        target=advies,
        from_state=from_state,
        to_state=advies.state,
        reason=reason,
        data={"takeover": True} if takeover else {},
    )
    text = _("%(who)s: “%(title)s” is now %(state)s.") % {
        "who": by.full_name,
        "title": advies.title,
        "state": advies.get_state_display(),
    }
    _notify(step.next_actors(advies), advies=advies, text=text, by=by)
    if action == "voorleggen":
        _inform_schepenen(advies, by=by)
    return advies


def _inform_schepenen(advies, *, by):
    from accounts.roles import responsible_schepenen

    _notify(
        responsible_schepenen(advies.dienst),
        advies=advies,
        by=by,
        text=_("An advice in your domain reached the MT: “%(title)s”.") % {"title": advies.title},
    )


# --- who is involved ---------------------------------------------------------------------------


def is_responsible_schepen(user, advies) -> bool:
    from accounts.constants import Role
    from accounts.roles import role_set

    from .models import portfolio_domain_ids

    # Only a burgemeester or schepen can be; the roles are already read (and cached on the
    # person), so everyone else is answered without a query.
    if not role_set(user) & {Role.BURGEMEESTER, Role.SCHEPEN}:
        return False
    return portfolio_domain_ids(user).filter(domains=advies.dienst.domain_id).exists()


def audience(advies):
    """Everyone who may see the advice now (the rules of AdviesQuerySet.visible_to), from a
    fixed number of queries: mentions and replies notify only them."""
    from accounts.constants import OrgaanType
    from accounts.roles import members_of, responsible_schepenen

    people = [advies.author, advies.dienst.head, advies.dienst.cluster.manager]
    if advies.state != AdviesState.DRAFT:
        if advies.submitted_at:
            people += [m.user for m in members_of(OrgaanType.MANAGEMENTTEAM)]
        if advies.validated_at:
            people += [m.user for m in members_of(OrgaanType.COLLEGE)]
        elif advies.forwarded_at:
            people += responsible_schepenen(advies.dienst)
    return list({u.pk: u for u in people if u is not None and u.is_active}.values())


def sees_political_input(user) -> bool:
    """The schepenen's standpoints and priorities are for the MT and the college."""
    from accounts.constants import OrgaanType
    from accounts.roles import is_member

    return is_member(user, OrgaanType.MANAGEMENTTEAM) or is_member(user, OrgaanType.COLLEGE)


def may_read_schepen_inputs(user) -> bool:
    from accounts.constants import OrgaanType
    from accounts.roles import is_member

    return is_member(user, OrgaanType.MANAGEMENTTEAM) or is_member(user, OrgaanType.COLLEGE)


def step_possible(advies, step) -> bool:
    return can_proceed(getattr(advies, step.method))


def _mark_reviewed(advies, by):
    from .models import ReviewMark

    latest = advies.versions.order_by("-number").first()
    if latest is not None:
        ReviewMark.objects.update_or_create(
            advies=advies, user=by, defaults={"version_number": latest.number}
        )


# --- writing an advice -------------------------------------------------------------------------


@transaction.atomic
def advies_save(*, form, advies=None, by, files=()) -> Advies:
    """Create a draft or save changes to one; refuses a stale edit (optimistic locking)."""
    from .models import Attachment, Cycle

    if advies is None:
        cycle = Cycle.objects.open().select_for_update().first()
        if cycle is None:
            raise ValidationError(_("There is no open cycle: no new advices can be added."))
        advies = form.save(commit=False)
        advies.cycle = cycle
        advies.author = by
        advies.save()
        audit_record(actor=by, action="advies.create", target=advies, to_state=advies.state)
    else:
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
    for upload in files:
        Attachment.objects.create(
            advies=advies, file=upload, name=upload.name[:200], size=upload.size, uploaded_by=by
        )
    return advies


# --- cycle, policy framework and the schepenen -------------------------------------------------


@transaction.atomic
def cycle_save(*, form, by, targets=None):
    from .constants import Phase
    from .models import Cycle

    old_phase = form.initial.get("phase", "") if form.instance.pk else ""
    cycle = form.save(commit=False)
    if cycle.phase != Phase.CLOSED and Cycle.objects.open().exclude(pk=cycle.pk).exists():
        raise ValidationError(
            _(
                "Another cycle is still open. Close it first: only one cycle "
                "accepts advices at a time."
            )
        )
    created = cycle.pk is None
    cycle.save()
    if targets is not None:
        targets.instance = cycle
        targets.save()
    audit_record(
        actor=by,
        action="cycle.create" if created else "cycle.edit",
        target=cycle,
        from_state=old_phase,
        to_state=cycle.phase,
        data={"fields": form.changed_data},
    )
    return cycle


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
    nota = _save_by_schepen(form, by, cycle=cycle)
    audit_record(actor=by, action="beleidsnota.save", target=nota)
    return nota


@transaction.atomic
def schepen_input_create(*, form, cycle, by):
    from accounts.constants import OrgaanType
    from accounts.roles import members_of

    item = _save_by_schepen(form, by, cycle=cycle)
    audit_record(actor=by, action="schepenadvies.create", target=item)
    from django.urls import reverse

    from core.notifications import notify

    mt = [m.user for m in members_of(OrgaanType.MANAGEMENTTEAM) if m.user_id != by.pk]
    url = reverse("optimalisatie:cycle-detail", args=[cycle.pk]) + "#schepenadviezen"
    transaction.on_commit(
        lambda: notify(
            mt,
            text=_("%(who)s gave an advice: “%(title)s”.")
            % {"who": by.full_name, "title": item.title},
            target=item,
            url=url,
        )
    )
    return item


@transaction.atomic
def standpunt_save(*, form, advies, by):
    standpunt = _save_by_schepen(form, by, advies=advies)
    changed("cycle", advies.cycle_id)  # the schepen's Mijn werk (core.kept)
    audit_record(actor=by, action="advies.standpunt", target=advies)
    return standpunt


@transaction.atomic
def priority_save(*, form, advies, by):
    priority = _save_by_schepen(form, by, advies=advies)
    changed("cycle", advies.cycle_id)  # the schepen's Mijn werk (core.kept)
    audit_record(
        actor=by,
        action="advies.prioriteit",
        target=advies,
        to_state=priority.level,
        reason=priority.motivation,
    )
    return priority


# --- bundles -----------------------------------------------------------------------------------


@transaction.atomic
def bundle_create(*, form, cycle, by):

    bundle = form.save(commit=False)
    bundle.cycle, bundle.created_by = cycle, by
    bundle.save()
    for advies in form.cleaned_data["adviezen"]:
        fresh = Advies.objects.select_for_update().get(pk=advies.pk)
        if not can_proceed(fresh.include_in_bundle):
            raise StaleObject(
                _(
                    "“%(title)s” is no longer validated: someone acted on it in "
                    "the meantime. Nothing was saved."
                )
                % {"title": fresh.title}
            )
        from_state = fresh.state
        fresh.include_in_bundle()
        fresh.bundle = bundle
        fresh.lock_version += 1
        fresh.save(update_fields=["state", "bundle", "lock_version", "updated_at"])
        audit_record(
            actor=by,
            action="advies.bundelen",
            target=fresh,
            from_state=from_state,
            to_state=fresh.state,
            data={"bundle": bundle.pk},
        )
        _notify(
            [fresh.author, fresh.dienst.head],
            advies=fresh,
            by=by,
            text=_("The MT included “%(title)s” in the bundle “%(bundle)s”.")
            % {"title": fresh.title, "bundle": bundle.title},
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
def bundle_mark_ready(*, bundle, by):
    if not can_proceed(bundle.mark_ready_for_college):
        raise StaleObject(_("This bundle is already further along."))
    from_state = bundle.state
    bundle.mark_ready_for_college()
    try:
        bundle.save(update_fields=["state"])
    except ConcurrentTransition:
        raise StaleObject() from None
    audit_record(
        actor=by,
        action="bundle.klaar-voor-college",
        target=bundle,
        from_state=from_state,
        to_state=bundle.state,
    )
    return bundle


# --- the college's decision (called by a meeting, vergaderingen.services.decision_record) -------

OUTCOME_METHOD = {
    "goedgekeurd": "college_approve",
    "afgewezen": "college_reject",
    "uitgesteld": "college_postpone",
}


def college_decision(subject, outcome, by, **context):
    """Apply the college's outcome to an advice, or to a bundle and every advice in it."""
    from .models import Bundle

    method = OUTCOME_METHOD[str(outcome)]
    targets = [subject]
    if isinstance(subject, Bundle):
        targets += list(subject.adviezen.select_for_update())
    for target in targets:
        if not can_proceed(getattr(target, method)):
            raise ValidationError(
                _("“%(title)s” cannot be decided now: it is “%(state)s”.")
                % {"title": target, "state": target.get_state_display()}
            )
        from_state = target.state
        getattr(target, method)()
        fields = ["state"]
        if isinstance(target, Advies):
            target.lock_version += 1
            fields += ["lock_version", "updated_at"]
        try:
            target.save(update_fields=fields)
        except ConcurrentTransition:
            # the meeting reports it at the decision; nothing of the decision is saved
            raise ValidationError(str(StaleObject())) from None
        audit_record(
            actor=by,
            action=f"college.{outcome}",
            target=target,
            from_state=from_state,
            to_state=target.state,
        )
        if isinstance(target, Advies):
            _notify(
                [target.author, target.dienst.head, target.dienst.cluster.manager],
                advies=target,
                by=by,
                text=_("The college decided on “%(title)s”: %(state)s.")
                % {"title": target.title, "state": target.get_state_display()},
            )
