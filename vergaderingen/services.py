"""Meetings: attendance, recusal, votes and decisions, by the decree's rules (rules.py).

Every write is atomic and audited. Secret votes keep no trace of who voted what: not in the
tables, not in the audit trail (only that a member voted, to refuse a second ballot).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.constants import Function, OrgaanType
from accounts.roles import members_of
from core.audit import audit_record
from core.kept import changed
from core.signing import check_signing_password

from . import rules, subjects
from .constants import BallotChoice, DecisionOutcome, Presence, VoteState
from .models import (
    AgendaItem,
    Attendance,
    Ballot,
    BodySettings,
    Decision,
    Meeting,
    Recusal,
    SecretBallotMark,
    Vote,
)

CHAIR_FUNCTION = {
    OrgaanType.COLLEGE: Function.BURGEMEESTER,
    OrgaanType.MANAGEMENTTEAM: Function.ALGEMEEN_DIRECTEUR,
}


def _mandates(meeting: Meeting):
    """The body's mandates on the meeting date, read once per meeting object: a request asks
    for the members, the chair and the person's rights several times (one query, not five)."""
    key = (meeting.orgaan.type, timezone.localdate(meeting.starts_at))
    cached = meeting.__dict__.get("_mandates_cache")
    if cached is None or cached[0] != key:
        cached = meeting.__dict__["_mandates_cache"] = (key, members_of(key[0], on=key[1]))
    return cached[1]


def members(meeting: Meeting):
    """The body's members on the meeting date, as the mandates say (chair first)."""
    return [m.user for m in _mandates(meeting)]


def chair(meeting: Meeting):
    function = CHAIR_FUNCTION.get(meeting.orgaan.type, Function.VOORZITTER)
    return next((m.user for m in _mandates(meeting) if m.function == function), None)


def chaired_by(user) -> Q:
    """chair() the other way round: a filter on meetings, true for those the person chaired
    (held the chair function of the body's type on the meeting's day). No query of its own
    beyond the person's mandates (mandates_of, read with the roles); the filter compares
    dates, no subquery per meeting."""
    from accounts.roles import mandates_of

    chaired = Q(pk__in=[])
    if not user.is_active:
        return chaired
    for mandate in mandates_of(user):
        orgaan_type = mandate.orgaan.type
        if mandate.function != CHAIR_FUNCTION.get(orgaan_type, Function.VOORZITTER):
            continue
        during = Q(orgaan__type=orgaan_type, starts_at__gte=_day_start(mandate.start))
        if mandate.end is not None:
            during &= Q(starts_at__lt=_day_start(mandate.end + datetime.timedelta(days=1)))
        chaired |= during
    return chaired


def _day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of a local day, as the aware datetime meetings are stored in."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def is_member(user, meeting) -> bool:
    return any(u.pk == user.pk for u in members(meeting))


def _require_chair(user, meeting, item=None):
    """The chair acts in person: a chair who is absent for the item, or who declared a
    conflict of interest on it, cannot lead that item."""
    c = chair(meeting)
    if c is None or c.pk != user.pk:
        raise PermissionDenied(_("Only the chair can do this."))
    if item is not None:
        if user.pk in recused_ids(item):
            raise PermissionDenied(
                _("You declared a conflict of interest on this item: you cannot lead it.")
            )
        if user.pk not in present_for(item):
            raise ValidationError(
                _("Register your presence first: the chair leads only the items they attend.")
            )


def _require_open(meeting):
    from .constants import MeetingState

    if meeting.state != MeetingState.OPEN:
        raise ValidationError(_("This is only possible while the meeting is open."))


def present_for(item: AgendaItem, attendance=None) -> set[int]:
    """Member ids present for this item, taking late arrival and early leaving into account.
    Pass the meeting's attendance (with arrived_before/left_after) to avoid a query."""
    if attendance is None:
        attendance = item.meeting.attendance.select_related("arrived_before", "left_after")
    present = set()
    for a in attendance:
        if a.presence != Presence.PRESENT:
            continue
        if a.arrived_before and a.arrived_before.order > item.order:
            continue
        if a.left_after and a.left_after.order < item.order:
            continue
        present.add(a.member_id)
    return present


def recused_ids(item: AgendaItem) -> set[int]:
    return set(item.recusals.values_list("member_id", flat=True))


def quorum(item: AgendaItem, *, member_ids=None, attendance=None, recused=None) -> bool:
    """Quorum for one item; the meeting page passes what it loaded once for all items."""
    in_office = member_ids if member_ids is not None else {u.pk for u in members(item.meeting)}
    present = present_for(item, attendance) & in_office
    recused = (recused if recused is not None else recused_ids(item)) & in_office
    return rules.has_quorum(
        in_office=len(in_office),
        present=len(present),
        recused_present=len(recused & present),
        recused_in_office=len(recused),
    )


@transaction.atomic
def attendance_set(*, meeting, member, presence, by, arrived_before=None, left_after=None):
    """The secretary or the chair records attendance, late arrival and early leaving; a
    member only registers their own presence (keeping what the secretary recorded)."""
    from .constants import MeetingState

    runner = by.pk in (meeting.secretary_id, getattr(chair(meeting), "pk", None))
    if not runner and (by.pk != member.pk or presence != Presence.PRESENT):
        raise PermissionDenied(_("Only the secretary or the chair records attendance."))
    if meeting.state not in (MeetingState.AGENDA_FIXED, MeetingState.OPEN):
        raise ValidationError(
            _("Attendance is recorded for a meeting with a fixed agenda, until it closes.")
        )
    if not is_member(member, meeting):
        raise ValidationError(_("%(name)s is not a member of this body.") % {"name": member})
    defaults = {"presence": presence}
    if runner:
        defaults.update(arrived_before=arrived_before, left_after=left_after)
    attendance, _created = Attendance.objects.update_or_create(
        meeting=meeting, member=member, defaults=defaults
    )
    audit_record(
        actor=by,
        action="meeting.attendance",
        target=meeting,
        to_state=presence,
        data={"member": member.pk},
    )
    return attendance


@transaction.atomic
def recusal_declare(*, item, member, by):
    """The member declares a conflict of interest before any vote on the item; the minutes
    record that they left."""
    if by.pk != member.pk:
        raise PermissionDenied(_("Members declare their own conflict of interest."))
    if not is_member(member, item.meeting):
        raise PermissionDenied(_("Only members of the body take part."))
    _require_open(item.meeting)
    if item.votes.exists() or Decision.objects.filter(item=item).exists():
        raise ValidationError(_("Declare a conflict before the item is voted on or decided."))
    recusal, _created = Recusal.objects.get_or_create(item=item, member=member)
    audit_record(actor=by, action="item.recusal", target=item.meeting, data={"item": item.pk})
    return recusal


@transaction.atomic
def vote_open(*, item, by, secret=None):
    item = AgendaItem.objects.select_for_update().select_related("meeting__orgaan").get(pk=item.pk)
    _require_chair(by, item.meeting, item)
    _require_open(item.meeting)
    if Decision.objects.filter(item=item).exists():
        raise ValidationError(_("This item is already decided."))
    if item.votes.exists():
        raise ValidationError(_("This item was already put to the vote."))
    if not quorum(item):
        raise ValidationError(_("There is no quorum for this item: no vote can be held."))
    vote = Vote.objects.create(item=item, secret=bool(secret) or item.concerns_person)
    audit_record(
        actor=by,
        action="vote.open",
        target=item.meeting,
        data={"item": item.pk, "secret": vote.secret},
    )
    return vote


@transaction.atomic
def ballot_cast(*, vote, member, choice, by):
    """One ballot per member; changeable until closed (open votes); never twice if secret."""
    if by.pk != member.pk:
        raise PermissionDenied(_("Nobody can vote for someone else."))
    if choice not in BallotChoice.values:
        raise ValidationError(_("Choose yes, no or abstention."))
    vote = Vote.objects.select_for_update().select_related("item__meeting__orgaan").get(pk=vote.pk)
    item = vote.item
    if vote.state != VoteState.OPEN:
        raise ValidationError(_("This vote is closed: your ballot was not counted."))
    _require_open(item.meeting)
    if not is_member(member, item.meeting):
        raise PermissionDenied(_("Only members of the body vote."))
    if member.pk in recused_ids(item):
        raise PermissionDenied(_("You declared a conflict of interest on this item."))
    if member.pk not in present_for(item):
        raise PermissionDenied(_("Only members present for this item vote."))
    if vote.secret:
        try:
            with transaction.atomic():
                SecretBallotMark.objects.create(vote=vote, member=member)
        except IntegrityError:
            raise ValidationError(_("You already voted in this secret vote.")) from None
        Vote.objects.filter(pk=vote.pk).update(**{choice: F(choice) + 1})
        audit_record(
            actor=by, action="vote.secret-ballot", target=item.meeting, data={"item": item.pk}
        )  # never the choice
        return None
    ballot, _created = Ballot.objects.update_or_create(
        vote=vote, member=member, defaults={"choice": choice, "cast_at": timezone.now()}
    )
    audit_record(
        actor=by, action="vote.ballot", target=item.meeting, to_state=choice, data={"item": item.pk}
    )
    return ballot


def tally(vote, *, choices=None) -> rules.Tally:
    """The counts of a vote: kept on the vote when secret, else counted from the ballots'
    choices (read here, or passed by the meeting page, which reads them for all its votes)."""
    if vote.secret:
        return rules.Tally(vote.ja, vote.nee, vote.onthouding)
    counts = dict.fromkeys(BallotChoice.values, 0)
    if choices is None:
        choices = vote.ballots.values_list("choice", flat=True)
    for choice in choices:
        counts[choice] += 1
    return rules.Tally(counts["ja"], counts["nee"], counts["onthouding"])


@transaction.atomic
def vote_close(*, vote, by):
    vote = Vote.objects.select_for_update().select_related("item__meeting__orgaan").get(pk=vote.pk)
    _require_chair(by, vote.item.meeting, vote.item)
    if vote.state != VoteState.OPEN:
        raise ValidationError(_("This vote is already closed."))
    counted = tally(vote)
    vote.ja, vote.nee, vote.onthouding = counted.ja, counted.nee, counted.onthouding
    vote.state, vote.closed_at = VoteState.CLOSED, timezone.now()
    vote.save(update_fields=["ja", "nee", "onthouding", "state", "closed_at"])
    audit_record(
        actor=by,
        action="vote.close",
        target=vote.item.meeting,
        data={
            "item": vote.item_id,
            "ja": counted.ja,
            "nee": counted.nee,
            "onthouding": counted.onthouding,
        },
    )
    return vote


@transaction.atomic
def decision_record(*, item, by, outcome=None, motivation="", public_text=""):
    """The chair records the decision on an item of the open meeting, with a quorum.

    When the item was put to the vote, the outcome follows from the closed vote and nothing
    else; otherwise the chair records the consensus outcome. The subject is told what was
    decided in the same transaction.
    """
    item = AgendaItem.objects.select_for_update().select_related("meeting__orgaan").get(pk=item.pk)
    _require_chair(by, item.meeting, item)
    _require_open(item.meeting)
    if Decision.objects.filter(item=item).exists():
        raise ValidationError(_("This item is already decided."))
    if not quorum(item):
        raise ValidationError(_("There is no quorum for this item: no decision can be recorded."))
    vote = item.votes.first()
    if vote is not None:
        if vote.state != VoteState.CLOSED:
            raise ValidationError(_("Close the vote first."))
        tie_rejects = BodySettings.for_orgaan(item.meeting.orgaan).tie_rejects
        outcome = rules.outcome(
            rules.Tally(vote.ja, vote.nee, vote.onthouding), tie_rejects=tie_rejects
        )
    if outcome not in DecisionOutcome.values:
        raise ValidationError(_("Choose the outcome."))
    decision = Decision.objects.create(
        item=item,
        outcome=outcome,
        by_consensus=vote is None,
        motivation=motivation,
        public_text=public_text,
        vote=vote,
        decided_by=by,
    )
    subject = item.subject
    if subject is not None and (kind := subjects.subject_type(subject)):
        kind.decide(subject, outcome, by, orgaan=item.meeting.orgaan, decision=decision)
    audit_record(
        actor=by,
        action="item.decision",
        target=item.meeting,
        to_state=outcome,
        reason=motivation,
        data={"item": item.pk},
    )
    return decision


# --- the meeting itself --------------------------------------------------------------------------


def may_see(user, meeting) -> bool:
    """Members of the body on the day, its secretary and the algemeen directeur."""
    from accounts.constants import Role
    from accounts.roles import has_role

    return (
        user.pk == meeting.secretary_id
        or is_member(user, meeting)
        or has_role(user, Role.ALGEMEEN_DIRECTEUR)
    )


def may_prepare(user, meeting) -> bool:
    """The algemeen directeur, the secretary, or (for an MT meeting) an MT member."""
    from accounts.constants import Role
    from accounts.roles import has_role

    return (
        user.pk == meeting.secretary_id
        or has_role(user, Role.ALGEMEEN_DIRECTEUR)
        or (meeting.orgaan.type == OrgaanType.MANAGEMENTTEAM and is_member(user, meeting))
    )


def may_run(user, meeting) -> bool:
    c = chair(meeting)
    return user.pk == meeting.secretary_id or (c is not None and c.pk == user.pk)


@transaction.atomic
def meeting_create(*, form, by):
    meeting = form.save()
    previous = (
        Meeting.objects.filter(orgaan=meeting.orgaan, starts_at__lt=meeting.starts_at)
        .exclude(pk=meeting.pk)
        .order_by("-starts_at")
        .first()
    )
    if previous is not None:
        AgendaItem.objects.create(
            meeting=meeting,
            order=1,
            is_minutes_item=True,
            title=_("Approval of the minutes of the meeting of %(date)s")
            % {"date": formats.date_format(timezone.localtime(previous.starts_at), "DATE_FORMAT")},
            subject=previous,
        )
    audit_record(actor=by, action="meeting.create", target=meeting, to_state=meeting.state)
    return meeting


def _next_order(meeting):
    last = meeting.items.order_by("-order").first()
    return (last.order if last else 0) + 1


def add_to_next_meeting(*, orgaan_type, subject, by):
    """Put a subject on the next planned meeting of a kind of body; returns that meeting, or
    None when there is none or `by` may not add it there (it then waits among the body's
    candidates, for whoever makes the agenda)."""
    from .constants import MeetingState

    meeting = (
        Meeting.objects.filter(
            orgaan__type=orgaan_type, state=MeetingState.PLANNED, starts_at__gte=timezone.now()
        )
        .select_related("orgaan")
        .order_by("starts_at")
        .first()
    )
    if meeting is None:
        return None
    try:  # refused when `by` does not prepare this body's agendas, or it is there already
        with transaction.atomic():
            agenda_add(meeting=meeting, by=by, subject=subject)
    except (ValidationError, PermissionDenied):
        return None
    return meeting


@transaction.atomic
def agenda_add(*, meeting, by, subject=None, title="", concerns_person=False):
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not may_prepare(by, meeting):
        raise PermissionDenied(_("Only the algemeen directeur or the secretary builds the agenda."))
    from .constants import MeetingState

    if meeting.state != MeetingState.PLANNED:
        raise ValidationError(_("The agenda is fixed: it can no longer change."))
    rapporteur = None
    if subject is not None:
        kind = subjects.subject_type(subject)
        if kind is None or kind.candidates is None:
            raise ValidationError(_("This item is not ready for this body's agenda."))
        # lock the subject: two meetings adding it at once must not both get it
        subject = type(subject).objects.select_for_update().get(pk=subject.pk)
        if subject not in kind.candidates(meeting.orgaan):
            raise ValidationError(_("This item is not ready for this body's agenda."))
        if AgendaItem.objects.filter(
            subject_type__model=subject._meta.model_name,
            subject_id=str(subject.pk),
            decision__isnull=True,
            meeting__orgaan=meeting.orgaan,  # each body decides once (a nota: two bodies)
            meeting__state__in=[
                MeetingState.PLANNED,
                MeetingState.AGENDA_FIXED,
                MeetingState.OPEN,
            ],
        ).exists():
            raise ValidationError(_("This item is already on an agenda."))
        title = kind.title(subject)
        rapporteur = kind.rapporteur(subject) if kind.rapporteur else None
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the item a title.")})
    item = AgendaItem(
        meeting=meeting,
        order=_next_order(meeting),
        title=title[:300],
        concerns_person=concerns_person,
        rapporteur=rapporteur,
    )
    if subject is not None:
        item.subject = subject
    item.save()
    audit_record(actor=by, action="agenda.add", target=meeting, data={"item": item.pk})
    return item


@transaction.atomic
def agenda_move(*, item, by, up: bool):
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    if not may_prepare(by, meeting):
        raise PermissionDenied
    from .constants import MeetingState

    if meeting.state != MeetingState.PLANNED:
        raise ValidationError(_("The agenda is fixed: it can no longer change."))
    items = list(meeting.items.order_by("order"))
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
        # renumber through a free range first: (meeting, order) is unique
        offset = len(items) + 10
        for position, it in enumerate(items, start=1):
            AgendaItem.objects.filter(pk=it.pk).update(order=position + offset)
        for position, it in enumerate(items, start=1):
            AgendaItem.objects.filter(pk=it.pk).update(order=position)
        audit_record(
            actor=by, action="agenda.move", target=meeting, data={"item": item.pk, "up": up}
        )


@transaction.atomic
def meeting_step(*, meeting, step, by):
    """fix_agenda (preparer), open and close (chair or secretary)."""
    from django_fsm import ConcurrentTransition, can_proceed

    allowed = may_prepare(by, meeting) if step == "fix_agenda" else may_run(by, meeting)
    if not allowed:
        raise PermissionDenied(_("Your role does not allow this step."))
    method = getattr(meeting, step)
    if not can_proceed(method):
        raise ValidationError(_("This is no longer possible: reload the page."))
    if step == "fix_agenda" and not meeting.items.exists():
        raise ValidationError(_("The agenda is empty."))
    if (
        step == "close"
        and Vote.objects.filter(item__meeting=meeting, state=VoteState.OPEN).exists()
    ):
        raise ValidationError(_("A vote is still open: close it before closing the meeting."))
    from_state = meeting.state
    method()
    meeting.lock_version += 1
    try:
        meeting.save(update_fields=["state", "lock_version"])
    except ConcurrentTransition:
        raise ValidationError(
            _("Someone else changed this meeting in the meantime: reload the page.")
        ) from None
    audit_record(
        actor=by,
        action=f"meeting.{step}",
        target=meeting,
        from_state=from_state,
        to_state=meeting.state,
    )
    return meeting


# --- minutes, signatures, decision list -----------------------------------------------------------


def minutes_draft_text(meeting) -> str:
    """The minutes prefilled from attendance, recusals and, per item, the decision, its
    motivation and the vote result (counts only for a secret vote)."""
    from .models import Attendance

    lines = [
        _("Minutes of the meeting of %(body)s of %(date)s, %(place)s.")
        % {
            "body": meeting.orgaan,
            "date": formats.date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT"),
            "place": meeting.place,
        },
        "",
    ]
    by_presence, partly = {}, []
    for a in Attendance.objects.filter(meeting=meeting).select_related(
        "member", "arrived_before", "left_after"
    ):
        by_presence.setdefault(a.get_presence_display(), []).append(a.member.full_name)
        if a.arrived_before:
            partly.append(
                _("%(name)s arrived at item %(n)d.")
                % {"name": a.member.full_name, "n": a.arrived_before.order}
            )
        if a.left_after:
            partly.append(
                _("%(name)s left after item %(n)d.")
                % {"name": a.member.full_name, "n": a.left_after.order}
            )
    for label, names in sorted(by_presence.items()):
        lines.append(f"{str(label).capitalize()}: {', '.join(sorted(names))}.")
    lines.extend(partly)
    lines.append("")
    for item in meeting.items.select_related("decision__vote").prefetch_related("recusals__member"):
        lines.append(f"{item.order}. {item.title}")
        for recusal in item.recusals.all():
            lines.append(
                "   "
                + _("%(name)s left the meeting for this item (conflict of interest).")
                % {"name": recusal.member.full_name}
            )
        decision = getattr(item, "decision", None)
        if decision is None:
            lines.append("   " + _("No decision."))
        else:
            result = decision.get_outcome_display()
            if decision.vote:
                v = decision.vote
                result += " " + (
                    _("(secret vote: yes %(ja)d, no %(nee)d, abstention %(onthouding)d)")
                    if v.secret
                    else _("(vote: yes %(ja)d, no %(nee)d, abstention %(onthouding)d)")
                ) % {"ja": v.ja, "nee": v.nee, "onthouding": v.onthouding}
            else:
                result += " " + _("(by consensus)")
            lines.append("   " + _("Decision: %(result)s") % {"result": result})
            if decision.motivation:
                lines.append("   " + _("Motivation: %(text)s") % {"text": decision.motivation})
        lines.append("")
    return "\n".join(lines).strip() + "\n"


@transaction.atomic
def minutes_save(*, meeting, text, by, expected_version=None):
    from .constants import MeetingState
    from .models import Minutes

    if by.pk != meeting.secretary_id:
        raise PermissionDenied(_("The secretary drafts the minutes."))
    if meeting.state != MeetingState.CLOSED:
        raise ValidationError(
            _("Minutes can be drafted once the meeting is closed and until they are approved.")
        )
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("The minutes cannot be empty.")})
    Meeting.objects.select_for_update().get(pk=meeting.pk)  # one draft at a time
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is None:
        minutes = Minutes.objects.create(meeting=meeting, text=text, drafted_by=by)
    else:
        if expected_version is not None and expected_version != minutes.lock_version:
            raise ValidationError(
                _(
                    "Someone else changed the minutes in the meantime: reload "
                    "the page. Your text is still in the form."
                )
            )
        minutes.text, minutes.drafted_at = text, timezone.now()
        minutes.lock_version += 1
        minutes.save(update_fields=["text", "drafted_at", "lock_version"])
    audit_record(actor=by, action="minutes.save", target=meeting)
    return minutes


def approve_minutes_of(previous, outcome, by, **context):
    """The subject protocol for a minutes item: approval of the previous meeting's minutes."""
    from django_fsm import can_proceed

    from .constants import DecisionOutcome

    if str(outcome) != DecisionOutcome.APPROVED:
        return
    minutes = getattr(previous, "minutes", None)
    if minutes is None or not can_proceed(previous.approve_minutes):
        raise ValidationError(_("The minutes of that meeting are not ready for approval."))
    from_state = previous.state
    previous.approve_minutes()
    previous.save(update_fields=["state"])
    minutes.approved_at = timezone.now()
    minutes.save(update_fields=["approved_at"])
    audit_record(
        actor=by,
        action="minutes.approved",
        target=previous,
        from_state=from_state,
        to_state=previous.state,
    )


@transaction.atomic
def minutes_sign(*, meeting, by, password):
    """The chair and the secretary sign approved minutes themselves, with their password."""
    from .models import Minutes, MinutesSignature, SignatureCapacity

    minutes = getattr(meeting, "minutes", None)
    if minutes is None or minutes.approved_at is None:
        raise ValidationError(_("Only approved minutes can be signed."))
    c = chair(meeting)
    if c is not None and by.pk == c.pk:
        capacity = SignatureCapacity.CHAIR
    elif by.pk == meeting.secretary_id:
        capacity = SignatureCapacity.SECRETARY
    else:
        raise PermissionDenied(
            _("Only the chair and the secretary sign; this cannot be delegated.")
        )
    check_signing_password(by, password)
    Minutes.objects.select_for_update().get(pk=minutes.pk)  # a double post waits here
    if MinutesSignature.objects.filter(minutes=minutes, capacity=capacity).exists():
        raise ValidationError(_("You already signed these minutes."))
    signature = MinutesSignature.objects.create(minutes=minutes, signer=by, capacity=capacity)
    audit_record(actor=by, action="minutes.sign", target=meeting, to_state=capacity)
    return signature


def public_line(decision) -> str:
    """A decision as the public decision list shows it: the secretary's public text, never
    the item's own title (it may name people)."""
    return public_text_or_placeholder(decision.public_text, decision.item.concerns_person)


def public_text_or_placeholder(public_text: str, concerns_person: bool) -> str:
    """public_line from the two columns it reads (the public list reads no more)."""
    if public_text:
        return public_text
    if concerns_person:
        return _("Decision on an individual staff matter.")
    return _("Decision (description to follow).")


def suggested_public_text(decision) -> str:
    """What the publish form proposes: the title, except for items about a person."""
    if decision.public_text:
        return decision.public_text
    return "" if decision.item.concerns_person else decision.item.title


# Only these bodies publish a decision list (DLB: college and vast bureau).
PUBLISHING_BODIES = (OrgaanType.COLLEGE, OrgaanType.VAST_BUREAU)


@transaction.atomic
def decision_list_publish(*, meeting, by, public_texts=None):
    """Publish the decision list: every decision needs a public text without personal data,
    written or confirmed by the secretary."""
    from .constants import MeetingState

    if by.pk != meeting.secretary_id:
        raise PermissionDenied(_("The secretary publishes the decision list."))
    if meeting.orgaan.type not in PUBLISHING_BODIES:
        raise ValidationError(_("Only the college and the vast bureau publish a decision list."))
    if meeting.state not in (MeetingState.CLOSED, MeetingState.MINUTES_APPROVED):
        raise ValidationError(_("The decision list is published after the meeting."))
    decisions = list(Decision.objects.filter(item__meeting=meeting).select_related("item"))
    texts = public_texts or {}
    missing = []
    for decision in decisions:
        text = (texts.get(decision.pk, decision.public_text) or "").strip()[:2000]
        if not text:
            missing.append(str(decision.item.order))
        decision.public_text = text
    if missing:
        raise ValidationError(
            _("Write a public text for every decision (items %(items)s).")
            % {"items": ", ".join(missing)}
        )
    Decision.objects.bulk_update(decisions, ["public_text"])
    meeting.published_at = meeting.published_at or timezone.now()
    meeting.save(update_fields=["published_at"])
    changed("decision-list")  # the public list shows it (core.kept)
    audit_record(actor=by, action="decision-list.publish", target=meeting)
    return meeting


def publication_due(meeting):
    """The last day to publish the decision list (the body's setting, default 10 days)."""
    days = BodySettings.for_orgaan(meeting.orgaan).publication_days
    return timezone.localdate(meeting.starts_at) + datetime.timedelta(days=days)


def possible_secretaries():
    """The algemeen directeur secretaries the college's meetings; the adjunct stands in."""
    from accounts.constants import Function
    from accounts.models import Mandate, User

    ids = (
        Mandate.objects.active_on(timezone.localdate())
        .filter(
            orgaan__type=OrgaanType.MANAGEMENTTEAM,
            function__in=[Function.ALGEMEEN_DIRECTEUR, Function.ADJUNCT_ALGEMEEN_DIRECTEUR],
        )
        .values("user")
    )
    return User.objects.filter(pk__in=ids, is_active=True)
