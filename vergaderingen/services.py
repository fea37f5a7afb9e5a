"""Meetings: attendance, recusal, votes and decisions, by the decree's rules (rules.py).

Writes only: who may do them is access.py's, what they read selectors.py's, and every state
change runs through core.transitions.transition_run. Every write is atomic and audited.
Secret votes keep no trace of who voted what: not in the tables, not in the audit trail (only
that a member voted, to refuse a second ballot).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.figures import figures_changed
from core.signing import check_signer
from core.transitions import lock, notify_on_commit, transition_run

from . import access, rules, selectors, subjects
from .constants import (
    MINUTES_MAX_LENGTH,
    MOTIVATION_MAX_LENGTH,
    PERSON_KINDS,
    PROPOSAL_MAX_LENGTH,
    PUBLIC_TEXT_MAX_LENGTH,
    URGENCY_MAX_LENGTH,
    BallotChoice,
    DecisionOutcome,
    ItemKind,
    MeetingState,
    ProposalState,
    VoteState,
)
from .models import (
    AgendaItem,
    Attendance,
    Ballot,
    BodySettings,
    Decision,
    ItemProposal,
    Meeting,
    Minutes,
    MinutesSignature,
    Recusal,
    SecretBallotMark,
    Vote,
)

# --- the meeting and its agenda -------------------------------------------------------------------


@transaction.atomic
def meeting_create(*, form, by):
    meeting = form.save()
    previous = (
        Meeting.objects.filter(orgaan=meeting.orgaan, starts_at__lt=meeting.starts_at)
        .exclude(pk=meeting.pk)
        .order_by("-starts_at")
        .first()
    )
    if (
        previous is not None
        and previous.state != MeetingState.MINUTES_APPROVED
        and selectors.minutes_on_agenda(previous) is None
    ):
        AgendaItem.objects.create(
            meeting=meeting,
            order=1,
            is_minutes_item=True,
            title=selectors.minutes_item_title(previous),
            subject=previous,
        )
    audit_record(actor=by, action="meeting.create", target=meeting, to_state=meeting.state)
    return meeting


def add_to_next_meeting(*, orgaan_type, subject, by):
    """Put a subject on the next planned meeting of a kind of body; returns that meeting, or
    None when there is none or `by` may not add it there (it then waits among the body's
    candidates, for whoever makes the agenda)."""
    meeting = (
        Meeting.objects.filter(
            orgaan__type=orgaan_type, state=MeetingState.PLANNED, starts_at__gte=timezone.now()
        )
        .select_related("orgaan")
        .order_by("starts_at")
        .first()
    )
    if meeting is None or access.decides_elsewhere(meeting.orgaan):
        return None
    try:  # refused when `by` does not prepare this body's agendas, or it is there already
        with transaction.atomic():
            agenda_add(meeting=meeting, by=by, subject=subject)
    except (ValidationError, PermissionDenied):
        return None
    return meeting


LIVE_MEETINGS = [MeetingState.PLANNED, MeetingState.AGENDA_FIXED, MeetingState.OPEN]


def _on_a_live_agenda(orgaan, subject) -> bool:
    """The subject waits on an agenda of this body that is not decided yet (each body
    decides once; a nota: two bodies)."""
    return AgendaItem.objects.filter(
        subject_type__model=subject._meta.model_name,
        subject_id=str(subject.pk),
        decision__isnull=True,
        meeting__orgaan=orgaan,
        meeting__state__in=LIVE_MEETINGS,
    ).exists()


def _ready_subject(meeting, subject):
    """The subject, locked, if it is ready for this body's agenda and not on one already
    (two meetings adding it at once must not both get it); with its title and rapporteur."""
    kind = subjects.subject_type(subject)
    if kind is None or kind.candidates is None:
        raise ValidationError(_("This item is not ready for this body's agenda."))
    subject = type(subject).objects.select_for_update().get(pk=subject.pk)
    if subject not in kind.candidates(meeting.orgaan):
        raise ValidationError(_("This item is not ready for this body's agenda."))
    if access.decides_elsewhere(meeting.orgaan):
        raise ValidationError(
            _("%(body)s decides in the official decision system: record its decision there.")
            % {"body": meeting.orgaan}
        )
    if _on_a_live_agenda(meeting.orgaan, subject):
        raise ValidationError(_("This item is already on an agenda."))
    rapporteur = kind.rapporteur(subject) if kind.rapporteur else None
    return subject, kind.title(subject), rapporteur


def _new_item(meeting, *, title, kind, concerns_person, subject=None, rapporteur=None, **extra):
    """An item at the end of the agenda; an item about a person is always voted on secretly."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the item a title.")})
    if kind not in ItemKind.values:
        raise ValidationError({"kind": _("Choose the kind of item.")})
    item = AgendaItem(
        meeting=meeting,
        order=selectors.next_order(meeting),
        title=title[:300],
        kind=kind,
        concerns_person=bool(concerns_person) or kind in PERSON_KINDS,
        rapporteur=rapporteur,
        **extra,
    )
    if subject is not None:
        item.subject = subject
    return item


@transaction.atomic
def agenda_add(
    *, meeting, by, subject=None, title="", concerns_person=False, kind=ItemKind.GENERAL
):
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not access.may_prepare(by, meeting):
        raise PermissionDenied(_("Only the algemeen directeur or the secretary builds the agenda."))
    access.require_agenda_open(meeting)
    rapporteur, extra = None, {}
    if subject is not None:
        subject, title, rapporteur = _ready_subject(meeting, subject)
        described = subjects.subject_type(subject)
        if described and described.item_defaults:
            extra = described.item_defaults(subject)
            kind = extra.pop("kind", kind)
            concerns_person = extra.pop("concerns_person", concerns_person)
    item = _new_item(
        meeting,
        title=title,
        kind=kind,
        concerns_person=concerns_person,
        subject=subject,
        rapporteur=rapporteur,
        **extra,
    )
    item.save()
    described = subjects.subject_type(subject) if subject is not None else None
    if described and described.added:
        described.added(subject, item, by)
    audit_record(actor=by, action="agenda.add", target=meeting, data={"item": item.pk})
    return item


@transaction.atomic
def agenda_add_urgent(*, meeting, by, title, urgency, concerns_person=False, kind=ItemKind.GENERAL):
    """An urgent item added to the open meeting by whoever runs it, with why it cannot wait:
    the minutes record it."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not access.may_run(by, meeting):
        raise PermissionDenied(_("Only the chair or the secretary adds an urgent item."))
    access.require_open(meeting)
    urgency = (urgency or "").strip()
    if not urgency:
        raise ValidationError({"urgency": _("Say why this item cannot wait for a next meeting.")})
    if len(urgency) > URGENCY_MAX_LENGTH:
        raise ValidationError({"urgency": _too_long(urgency, URGENCY_MAX_LENGTH)})
    item = _new_item(
        meeting,
        title=title,
        kind=kind,
        concerns_person=concerns_person,
        urgent=True,
        urgency=urgency,
    )
    item.save()
    audit_record(
        actor=by,
        action="agenda.urgent",
        target=meeting,
        reason=urgency,
        data={"item": item.pk},
    )
    return item


@transaction.atomic
def item_person_set(*, item, by, concerns_person: bool):
    """Mark an item as being about a person (its vote is then secret), or take the mark off:
    not for a kind about a person, and never once it was put to the vote."""
    item = _locked_item(item)
    meeting = item.meeting
    preparing = access.may_prepare(by, meeting) and meeting.state == MeetingState.PLANNED
    running = access.may_run(by, meeting) and meeting.state in (
        MeetingState.AGENDA_FIXED,
        MeetingState.OPEN,
    )
    if not (preparing or running):
        raise PermissionDenied(_("Your role does not allow this step."))
    if Decision.objects.filter(item=item).exists():
        raise ValidationError(_("This item is already decided."))
    if not concerns_person:
        if item.kind in PERSON_KINDS:
            raise ValidationError(
                _("An item of this kind is about a person: it is always voted on secretly.")
            )
        if item.votes.exists():
            raise ValidationError(
                _("This item was put to a secret vote: it stays marked as being about a person.")
            )
    if item.concerns_person != concerns_person:
        item.concerns_person = concerns_person
        item.save(update_fields=["concerns_person"])
        audit_record(
            actor=by,
            action="item.concerns-person",
            target=meeting,
            to_state="ja" if concerns_person else "nee",
            data={"item": item.pk},
        )
    return item


@transaction.atomic
def agenda_move(*, item, by, up: bool):
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    if not access.may_prepare(by, meeting):
        raise PermissionDenied
    access.require_agenda_open(meeting)
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


MEETING_STEPS = ("fix_agenda", "open", "close")


@transaction.atomic
def meeting_step(*, meeting, step, by):
    """fix_agenda (preparer), open and close (chair or secretary)."""
    if step not in MEETING_STEPS:
        raise ValueError(step)
    if not access.may_step(by, meeting, step):
        raise PermissionDenied(_("Your role does not allow this step."))
    if step == "fix_agenda" and not meeting.items.exists():
        raise ValidationError(_("The agenda is empty."))
    if step == "open" and timezone.localdate(meeting.starts_at) != timezone.localdate():
        raise ValidationError(
            _(
                "This meeting is planned for %(date)s: it opens on that day. Reschedule it "
                "first if it is held today."
            )
            % {"date": formats.date_format(timezone.localtime(meeting.starts_at), "DATE_FORMAT")}
        )
    if (
        step == "close"
        and Vote.objects.filter(item__meeting=meeting, state=VoteState.OPEN).exists()
    ):
        raise ValidationError(_("A vote is still open: close it before closing the meeting."))

    def record_chair(meeting, _from_state):
        if step == "close":
            meeting.closed_at = timezone.now()
            return ["closed_at"]
        if step != "open":
            return []
        chaired = selectors.acting_chair(meeting, selectors.registered_present(meeting))
        meeting.chaired_by = chaired
        meeting.opened_at = timezone.now()
        return ["chaired_by", "opened_at"]

    # the public decision list does not show a meeting's state: no figures change
    transition_run(
        meeting, step, by=by, action=f"meeting.{step}", figures=(), before_save=record_chair
    )
    if step == "fix_agenda":
        _invite(meeting, by)
    return meeting


def _invite(meeting, by):
    """The members and the secretary are invited once the agenda is fixed (a notification,
    and an e-mail for whoever wants them at once)."""
    when = formats.date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")
    notify_on_commit(
        [*selectors.members(meeting), meeting.secretary_in_office],
        text=_("Invitation: %(body)s, %(when)s. The agenda is fixed.")
        % {"body": meeting.orgaan, "when": when},
        target=meeting,
        url=reverse("vergaderingen:meeting-detail", args=[meeting.pk]),
        by=by,
    )


@transaction.atomic
def meeting_reschedule(*, meeting, starts_at, reason, by):
    """Move a meeting that has not opened to another date and time, with the reason; the
    members are told when the agenda was already sent."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not access.may_prepare(by, meeting):
        raise PermissionDenied(_("Your role does not allow this step."))
    if meeting.state not in (MeetingState.PLANNED, MeetingState.AGENDA_FIXED):
        raise ValidationError(_("Only a meeting that has not opened can be rescheduled."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the meeting moves.")})
    before = meeting.starts_at
    meeting.starts_at = starts_at
    meeting.save(update_fields=["starts_at"])
    audit_record(
        actor=by,
        action="meeting.reschedule",
        target=meeting,
        from_state=timezone.localtime(before).isoformat(timespec="minutes"),
        to_state=timezone.localtime(starts_at).isoformat(timespec="minutes"),
        reason=reason,
    )
    if meeting.state == MeetingState.AGENDA_FIXED:
        _invite(meeting, by)
    return meeting


@transaction.atomic
def secretary_stand_in(*, meeting, by):
    """The adjunct-algemeen directeur takes over as secretary of a meeting the secretary
    cannot attend; they then keep and sign its minutes."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not access.may_stand_in_as_secretary(by, meeting):
        raise PermissionDenied(_("Only the adjunct-algemeen directeur stands in as secretary."))
    previous = meeting.secretary_in_office
    meeting.acting_secretary = by
    meeting.save(update_fields=["acting_secretary"])
    audit_record(
        actor=by,
        action="meeting.secretary-stand-in",
        target=meeting,
        from_state=str(previous),
        to_state=str(by),
        data={"capacity": "acting secretary"},
    )
    return meeting


# --- attendance, recusal, votes and decisions -----------------------------------------------------


@transaction.atomic
def attendance_set(*, meeting, member, presence, by, arrived_before=None, left_after=None):
    """The secretary or the chair records attendance, late arrival and early leaving; a
    member only registers their own presence (keeping what the secretary recorded)."""
    if not access.may_record_attendance(by, meeting, member, presence):
        raise PermissionDenied(_("Only the secretary or the chair records attendance."))
    if not access.attendance_open(meeting):
        raise ValidationError(
            _("Attendance is recorded for a meeting with a fixed agenda, until it closes.")
        )
    if not access.is_member(member, meeting):
        raise ValidationError(_("%(name)s is not a member of this body.") % {"name": member})
    defaults = {"presence": presence}
    if access.may_run(by, meeting):
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
    """A member with a conflict of interest leaves the room for an item: declared by the
    member, or recorded on their behalf by the chair or the secretary. Declared once the vote
    opened, the member's ballot is taken out of an open vote; a secret vote they already voted
    in is annulled (nobody knows their ballot) and held again. The minutes record it."""
    item = _locked_item(item)
    meeting = item.meeting
    if by.pk != member.pk and not access.may_run(by, meeting):
        raise PermissionDenied(_("Members declare their own conflict of interest."))
    if not access.is_member(member, meeting):
        raise PermissionDenied(_("Only members of the body take part."))
    access.require_open(meeting)
    if Decision.objects.filter(item=item).exists():
        raise ValidationError(_("Declare a conflict before the item is decided."))
    vote = _live_vote(item)
    if vote is not None and vote.state == VoteState.CLOSED:
        raise ValidationError(_("The vote on this item is closed: declare a conflict before."))
    recusal, created = Recusal.objects.get_or_create(
        item=item, member=member, defaults={"recorded_by": by}
    )
    if not created:
        return recusal
    data = {"item": item.pk, "member": member.pk}
    if vote is not None:
        vote = _locked_vote(vote)
        if vote.secret and vote.voted_marks.filter(member=member).exists():
            transition_run(
                vote,
                "annul",
                by=by,
                action="vote.annulled",
                locked=True,
                reason=_("A member who had voted declared a conflict of interest."),
                data={"item": item.pk},
            )
            data["vote_annulled"] = vote.pk
        elif not vote.secret:
            removed, _kinds = Ballot.objects.filter(vote=vote, member=member).delete()
            if removed:
                recusal.ballot_removed = True
                recusal.save(update_fields=["ballot_removed"])
                data["ballot_removed"] = True
    audit_record(
        actor=by,
        action="item.recusal",
        target=meeting,
        data=data | ({"on_behalf": True} if by.pk != member.pk else {}),
    )
    return recusal


@transaction.atomic
def recusal_withdraw(*, item, member, by, reason=""):
    """Take back a recusal recorded by mistake: the member, the chair or the secretary, until
    the item's vote opens."""
    item = _locked_item(item)
    meeting = item.meeting
    if by.pk != member.pk and not access.may_run(by, meeting):
        raise PermissionDenied(_("Your role does not allow this step."))
    access.require_open(meeting)
    if _live_vote(item) is not None or Decision.objects.filter(item=item).exists():
        raise ValidationError(
            _("The vote on this item has opened: the conflict of interest stays recorded.")
        )
    deleted, _kinds = Recusal.objects.filter(item=item, member=member).delete()
    if deleted:
        audit_record(
            actor=by,
            action="item.recusal-withdrawn",
            target=meeting,
            reason=reason,
            data={"item": item.pk, "member": member.pk},
        )


def _live_vote(item) -> Vote | None:
    """The item's vote that counts: open or closed, not an annulled one."""
    return item.votes.exclude(state=VoteState.ANNULLED).order_by("-opened_at", "-pk").first()


def _chair_acts(by, item) -> str:
    """The person leads the item (access.require_chair) and, the first time someone leads
    an item of the meeting, is recorded as having chaired it. Returns the capacity."""
    capacity = access.require_chair(by, item.meeting, item)
    if item.meeting.chaired_by_id is None:
        Meeting.objects.filter(pk=item.meeting.pk, chaired_by__isnull=True).update(chaired_by=by)
        item.meeting.chaired_by = by
    return capacity


def _locked_item(item) -> AgendaItem:
    return AgendaItem.objects.select_for_update().select_related("meeting__orgaan").get(pk=item.pk)


def _locked_vote(vote) -> Vote:
    return Vote.objects.select_for_update().select_related("item__meeting__orgaan").get(pk=vote.pk)


@transaction.atomic
def vote_open(*, item, by, secret=None):
    item = _locked_item(item)
    capacity = _chair_acts(by, item)
    access.require_open(item.meeting)
    if Decision.objects.filter(item=item).exists():
        raise ValidationError(_("This item is already decided."))
    if _live_vote(item) is not None:
        raise ValidationError(_("This item was already put to the vote."))
    if not selectors.quorum(item):
        raise ValidationError(_("There is no quorum for this item: no vote can be held."))
    vote = Vote.objects.create(item=item, secret=bool(secret) or item.concerns_person, opened_by=by)
    audit_record(
        actor=by,
        action="vote.open",
        target=item.meeting,
        data={"item": item.pk, "secret": vote.secret, "capacity": capacity},
    )
    return vote


@transaction.atomic
def ballot_cast(*, vote, member, choice, by):
    """One ballot per member; changeable until closed (open votes); never twice if secret."""
    if by.pk != member.pk:
        raise PermissionDenied(_("Nobody can vote for someone else."))
    if choice not in BallotChoice.values:
        raise ValidationError(_("Choose yes, no or abstention."))
    vote = _locked_vote(vote)
    item = vote.item
    if vote.state != VoteState.OPEN:
        raise ValidationError(_("This vote is closed: your ballot was not counted."))
    access.require_open(item.meeting)
    refusal = access.voting_refusal(
        member,
        is_member=access.is_member(member, item.meeting),
        present=selectors.present_for(item),
        recused=selectors.recused_ids(item),
    )
    if refusal:
        raise PermissionDenied(refusal)
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


@transaction.atomic
def vote_close(*, vote, by):
    """The chair closes the vote: its counts are kept on it (the only record of a secret
    vote's)."""
    vote = _locked_vote(vote)
    capacity = _chair_acts(by, vote.item)
    counted = selectors.tally(vote)

    def count(vote, _from_state):
        vote.ja, vote.nee, vote.onthouding = counted.ja, counted.nee, counted.onthouding
        vote.closed_at = timezone.now()
        return ["ja", "nee", "onthouding", "closed_at"]

    transition_run(
        vote,
        "close",
        by=by,
        action="vote.close",
        locked=True,
        impossible_message=_("This vote is already closed."),
        before_save=count,
        data={
            "item": vote.item_id,
            "ja": counted.ja,
            "nee": counted.nee,
            "onthouding": counted.onthouding,
            "capacity": capacity,
        },
    )
    return vote


def _outcome_of_vote(item, vote) -> str:
    """A closed vote decides: yes over no, a tie as the body's setting says."""
    if vote.state != VoteState.CLOSED:
        raise ValidationError(_("Close the vote first."))
    tie_rejects = BodySettings.for_orgaan(item.meeting.orgaan).tie_rejects
    return rules.outcome(rules.Tally(vote.ja, vote.nee, vote.onthouding), tie_rejects=tie_rejects)


@transaction.atomic
def decision_record(*, item, by, outcome=None, motivation="", public_text=""):
    """The chair records the decision on an item of the open meeting, with a quorum.

    When the item was put to the vote, the outcome follows from the closed vote and nothing
    else; otherwise the chair records the consensus outcome. The subject is told what was
    decided in the same transaction.
    """
    item = _locked_item(item)
    capacity = _chair_acts(by, item)
    access.require_open(item.meeting)
    if Decision.objects.filter(item=item).exists():
        raise ValidationError(_("This item is already decided."))
    if not selectors.quorum(item):
        raise ValidationError(_("There is no quorum for this item: no decision can be recorded."))
    vote = _live_vote(item)
    if vote is not None:
        outcome = _outcome_of_vote(item, vote)
    elif item.concerns_person and outcome != DecisionOutcome.POSTPONED:
        raise ValidationError(
            _("This item is about a person: it is decided by a secret vote, not by consensus.")
        )
    if outcome not in DecisionOutcome.values:
        raise ValidationError(_("Choose the outcome."))
    for text, limit in ((motivation, MOTIVATION_MAX_LENGTH), (public_text, PUBLIC_TEXT_MAX_LENGTH)):
        if len(text) > limit:
            raise ValidationError(_too_long(text, limit))
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
        data={"item": item.pk, "capacity": capacity},
    )
    return decision


def _too_long(text: str, limit: int) -> str:
    return _("At most %(limit)s characters; this text has %(length)s.") % {
        "limit": formats.number_format(limit, force_grouping=True),
        "length": formats.number_format(len(text), force_grouping=True),
    }


# --- minutes, signatures, decision list -----------------------------------------------------------


@transaction.atomic
def minutes_save(*, meeting, text, by, expected_version=None):
    if not access.is_secretary(by, meeting):
        raise PermissionDenied(_("The secretary drafts the minutes."))
    if not access.minutes_open(meeting):
        raise ValidationError(
            _("Minutes can be drafted once the meeting is closed and until they are approved.")
        )
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("The minutes cannot be empty.")})
    if len(text) > MINUTES_MAX_LENGTH:
        raise ValidationError({"text": _too_long(text, MINUTES_MAX_LENGTH)})
    Meeting.objects.select_for_update().get(pk=meeting.pk)  # one draft at a time
    frozen_on = selectors.minutes_on_agenda(meeting)
    if frozen_on is not None:
        raise ValidationError(
            {
                "text": _(
                    "These minutes are on the agenda of %(meeting)s: they can no longer "
                    "change. If that meeting postpones them, change them then; the new "
                    "version goes on a next agenda."
                )
                % {"meeting": frozen_on}
            }
        )
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        minutes = Minutes.objects.create(meeting=meeting, text=text, drafted_by=by)
    else:
        lock(
            minutes,
            expected_lock=expected_version,
            stale_message=_(
                "Someone else changed the minutes in the meantime: reload "
                "the page. Your text is still in the form."
            ),
        )
        minutes.text, minutes.drafted_at = text, timezone.now()
        minutes.lock_version += 1
        minutes.save(update_fields=["text", "drafted_at", "lock_version"])
    audit_record(actor=by, action="minutes.save", target=meeting)
    return minutes


def approve_minutes_of(previous, outcome, by, **context):
    """The subject protocol for a minutes item: approval of the previous meeting's minutes
    (within the decision's transaction)."""
    if str(outcome) != DecisionOutcome.APPROVED:
        return
    not_ready = _("The minutes of that meeting are not ready for approval.")
    minutes = getattr(previous, "minutes", None)
    if minutes is None:
        raise ValidationError(not_ready)
    transition_run(
        previous,
        "approve_minutes",
        by=by,
        action="minutes.approved",
        impossible_message=not_ready,
        figures=(),  # the public decision list does not show the minutes
    )
    minutes.approved_at = timezone.now()
    minutes.save(update_fields=["approved_at"])


def minutes_sign(*, meeting, by, password=None, sso=False, fresh_login_at=None):
    """The chair and the secretary sign approved minutes themselves, with their password
    (after a single sign-on: a fresh login at the identity provider, core.signing).
    The password is checked before the transaction, so that a wrong one stays counted
    (core.signing) although nothing is signed."""
    minutes = getattr(meeting, "minutes", None)
    if minutes is None or minutes.approved_at is None:
        raise ValidationError(_("Only approved minutes can be signed."))
    capacity = access.signing_capacity(by, meeting)
    if capacity is None:
        raise PermissionDenied(
            _("Only the chair and the secretary sign; this cannot be delegated.")
        )
    proof = check_signer(by, password=password, sso=sso, fresh_login_at=fresh_login_at)
    return _signature_add(meeting=meeting, minutes=minutes, by=by, capacity=capacity, proof=proof)


@transaction.atomic
def _signature_add(*, meeting, minutes, by, capacity, proof):
    Minutes.objects.select_for_update().get(pk=minutes.pk)  # a double post waits here
    if MinutesSignature.objects.filter(minutes=minutes, capacity=capacity).exists():
        raise ValidationError(_("You already signed these minutes."))
    signature = MinutesSignature.objects.create(minutes=minutes, signer=by, capacity=capacity)
    audit_record(
        actor=by,
        action="minutes.sign",
        target=meeting,
        to_state=capacity,
        data={"authentication": proof.method, "authenticated_at": proof.at.isoformat()},
    )
    return signature


def _public_texts(meeting, texts, *, required: bool):
    """The decisions of the meeting with the public texts posted (or kept), checked."""
    decisions = list(Decision.objects.filter(item__meeting=meeting).select_related("item"))
    missing = []
    for decision in decisions:
        text = (texts.get(decision.pk, decision.public_text) or "").strip()
        order = decision.item.order if decision.item else 0  # the meeting's: always an item
        if not text:
            missing.append(str(order))
        elif len(text) > PUBLIC_TEXT_MAX_LENGTH:
            raise ValidationError(
                _("The public text for item %(n)s is too long: %(reason)s")
                % {"n": order, "reason": _too_long(text, PUBLIC_TEXT_MAX_LENGTH)}
            )
        decision.public_text = text
    if missing and required:
        raise ValidationError(
            _("Write a public text for every decision (items %(items)s).")
            % {"items": ", ".join(missing)}
        )
    return decisions


@transaction.atomic
def public_texts_save(*, meeting, by, public_texts):
    """The secretary (or the chair) writes the public texts ahead of publication."""
    if not access.may_write_public_texts(by, meeting):
        raise PermissionDenied(_("Your role does not allow this step."))
    if meeting.published_at:
        raise ValidationError(_("The decision list is published: its texts no longer change."))
    decisions = _public_texts(meeting, public_texts or {}, required=False)
    Decision.objects.bulk_update(decisions, ["public_text"])
    audit_record(actor=by, action="decision-list.texts", target=meeting)


@transaction.atomic
def decision_list_publish(*, meeting, by, public_texts=None):
    """Publish the decision list, under the responsibility of the burgemeester (whoever
    chaired the meeting): every decision needs a public text without personal data. It
    carries who published it and when."""
    if not access.may_publish(by, meeting):
        raise PermissionDenied(
            _("The burgemeester (the chair of the meeting) publishes the decision list.")
        )
    if not access.publishes_decision_list(meeting):
        raise ValidationError(_("Only the college and the vast bureau publish a decision list."))
    if not access.has_been_held(meeting):
        raise ValidationError(_("The decision list is published after the meeting."))
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    decisions = _public_texts(meeting, public_texts or {}, required=True)
    Decision.objects.bulk_update(decisions, ["public_text"])
    correction = meeting.published_at is not None  # a correction keeps the first publication
    meeting.published_at = meeting.published_at or timezone.now()
    meeting.published_by = meeting.published_by or by
    meeting.save(update_fields=["published_at", "published_by"])
    figures_changed(meeting)  # the public list shows it (core.kept)
    audit_record(
        actor=by,
        action="decision-list.correct" if correction else "decision-list.publish",
        target=meeting,
    )
    return meeting


# --- items proposed for an agenda ---------------------------------------------------------------


@transaction.atomic
def proposal_create(*, orgaan, by, title, explanation="", kind=ItemKind.GENERAL):
    """A schepen (or an MT member, for the college and the MT) proposes an item; whoever
    prepares the body's agendas is told."""
    if not access.may_propose(by, orgaan):
        raise PermissionDenied(_("Your role does not allow this step."))
    title, explanation = (title or "").strip(), (explanation or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the item a title.")})
    if len(explanation) > PROPOSAL_MAX_LENGTH:
        raise ValidationError({"explanation": _too_long(explanation, PROPOSAL_MAX_LENGTH)})
    if kind not in ItemKind.values:
        raise ValidationError({"kind": _("Choose the kind of item.")})
    proposal = ItemProposal.objects.create(
        orgaan=orgaan, title=title[:300], explanation=explanation, kind=kind, proposed_by=by
    )
    audit_record(
        actor=by, action="proposal.create", target=proposal, to_state=ProposalState.PROPOSED
    )
    notify_on_commit(
        selectors.agenda_makers(orgaan),
        text=_("%(name)s proposes an item for %(body)s: %(title)s")
        % {"name": by, "body": orgaan, "title": proposal.title},
        target=proposal,
        url=reverse("vergaderingen:proposal-list"),
        by=by,
    )
    return proposal


@transaction.atomic
def proposal_refuse(*, proposal, by, answer):
    """Whoever prepares the agendas says why a proposal is not put on one."""
    proposal = ItemProposal.objects.select_for_update().select_related("orgaan").get(pk=proposal.pk)
    if not access.may_answer_proposal(by, proposal):
        raise PermissionDenied(_("Your role does not allow this step."))
    if proposal.state != ProposalState.PROPOSED:
        raise ValidationError(_("This proposal was answered already."))
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Say why the item is not put on an agenda.")})
    proposal.state, proposal.answer = ProposalState.REFUSED, answer[:PROPOSAL_MAX_LENGTH]
    proposal.answered_by, proposal.answered_at = by, timezone.now()
    proposal.save(update_fields=["state", "answer", "answered_by", "answered_at"])
    audit_record(
        actor=by,
        action="proposal.refuse",
        target=proposal,
        from_state=ProposalState.PROPOSED,
        to_state=ProposalState.REFUSED,
        reason=answer,
    )
    notify_on_commit(
        [proposal.proposed_by],
        text=_("Your proposed item “%(title)s” is not put on an agenda.")
        % {"title": proposal.title},
        target=proposal,
        url=reverse("vergaderingen:proposal-list"),
        by=by,
    )


def proposal_added(proposal, item, by):
    """The subject protocol: a proposal put on an agenda is accepted; its author is told."""
    ItemProposal.objects.filter(pk=proposal.pk).update(
        state=ProposalState.ACCEPTED, answered_by=by, answered_at=timezone.now()
    )
    audit_record(
        actor=by,
        action="proposal.accept",
        target=proposal,
        from_state=proposal.state,
        to_state=ProposalState.ACCEPTED,
        data={"item": item.pk, "meeting": item.meeting_id},
    )
    notify_on_commit(
        [proposal.proposed_by],
        text=_("Your proposed item “%(title)s” is on the agenda of %(meeting)s.")
        % {"title": proposal.title, "meeting": item.meeting},
        target=proposal,
        url=reverse("vergaderingen:proposal-list"),
        by=by,
    )


def proposal_decided(proposal, outcome, by, **context):
    """The subject protocol: a postponed proposal waits again for a next agenda."""
    if str(outcome) == DecisionOutcome.POSTPONED:
        ItemProposal.objects.filter(pk=proposal.pk).update(state=ProposalState.PROPOSED)


def postponed_item_decided(item, outcome, by, **context):
    """The subject protocol for an item carried from an earlier meeting: nothing else to do."""


# --- decisions taken in the official decision system, recorded by reference ----------------------


def _reference_checks(*, reference_date, reference_number, reference_url, motivation) -> None:
    errors = {}
    if reference_date is None:
        errors["reference_date"] = _("Give the date of the meeting that decided.")
    elif reference_date > timezone.localdate():
        errors["reference_date"] = _(
            "This date is in the future: record a decision once it has been taken."
        )
    if not (reference_number or "").strip():
        errors["reference_number"] = _("Give the number of the decision.")
    if not (reference_url or "").strip():
        errors["reference_url"] = _("Give the public address of the decision.")
    if len(motivation or "") > MOTIVATION_MAX_LENGTH:
        errors["motivation"] = _too_long(motivation, MOTIVATION_MAX_LENGTH)
    if errors:
        raise ValidationError(errors)


def _day_start(day):
    import datetime

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _store_extract(decision, extract) -> None:
    from core.files import safe_name

    if extract is not None:
        name = safe_name(extract.name)
        decision.extract.save(name, extract, save=False)
        decision.extract_name = name


@transaction.atomic
def reference_record(
    *,
    orgaan,
    subject,
    by,
    outcome,
    reference_date,
    reference_number,
    reference_url,
    motivation="",
    extract=None,
) -> Decision:
    """The secretary records what a body decided in the official decision system on a subject
    that was ready for it: the subject moves through the same protocol as after a decision in
    a meeting (vergaderingen.subjects), in this transaction, audited and notified alike."""
    from django.contrib.contenttypes.models import ContentType

    if not access.records_by_reference(by):
        raise PermissionDenied(_("The secretary records the decisions of the official system."))
    if not access.decides_elsewhere(orgaan):
        raise ValidationError(
            _("%(body)s decides in this application's meetings: put the subject on an agenda.")
            % {"body": orgaan}
        )
    kind = subjects.subject_type(subject)
    if kind is None or kind.candidates is None or not kind.elsewhere:
        raise ValidationError(_("This cannot be decided in the official decision system."))
    if str(outcome) not in DecisionOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    _reference_checks(
        reference_date=reference_date,
        reference_number=reference_number,
        reference_url=reference_url,
        motivation=motivation,
    )
    lock(subject)  # a second secretary recording the same subject waits here, then is refused
    title = kind.title(subject)
    if _on_a_live_agenda(orgaan, subject):  # put there before the body moved to the official system
        raise ValidationError(
            _(
                "“%(title)s” is on an agenda of a meeting in this application: take it off "
                "that agenda first, so that it is decided once."
            )
            % {"title": title}
        )
    if not any(type(c) is type(subject) and c.pk == subject.pk for c in kind.candidates(orgaan)):
        raise ValidationError(
            _(
                "“%(title)s” is not waiting for a decision of %(body)s: it was decided in "
                "the meantime, or it is not ready yet. Reload the page."
            )
            % {"title": title, "body": orgaan}
        )
    decision = Decision(
        orgaan=orgaan,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=str(subject.pk),
        title=title[:300],
        outcome=outcome,
        motivation=(motivation or "").strip(),
        reference_date=reference_date,
        reference_number=reference_number.strip(),
        reference_url=reference_url.strip(),
        decided_at=_day_start(reference_date),
        decided_by=by,
    )
    decision.save()
    kind.decide(subject, outcome, by, orgaan=orgaan, decision=decision)
    audit_record(
        actor=by,
        action="decision.by-reference",
        target=decision,
        to_state=outcome,
        reason=decision.motivation,
        data={
            "orgaan": orgaan.pk,
            "subject": title,
            "reference": decision.reference_label,
            "url": decision.reference_url,
        },
    )
    if extract is not None:  # stored last: nothing above can still refuse the decision
        _store_extract(decision, extract)
        decision.save(update_fields=["extract", "extract_name"])
    return decision


REFERENCE_FIELDS = ("reference_date", "reference_number", "reference_url", "motivation")


@transaction.atomic
def reference_correct(
    *,
    decision,
    by,
    reference_date,
    reference_number,
    reference_url,
    motivation,
    reason,
    extract=None,
    expected_lock=None,
) -> Decision:
    """Correct a decision's reference (a typo in its number, its address once published):
    never silently, with a reason, and the audit keeps what it was. The outcome is what the
    body decided and cannot be corrected here."""
    from core.transitions import check_reason

    if not access.records_by_reference(by):
        raise PermissionDenied(_("The secretary records the decisions of the official system."))
    if not decision.by_reference:
        raise ValidationError(_("This decision was taken in a meeting of this application."))
    lock(
        decision,
        expected_lock=expected_lock,
        stale_message=_(
            "Someone else corrected this decision in the meantime: reload the page. Your "
            "correction is still in the form."
        ),
    )
    reason = check_reason(reason, needed=True)
    _reference_checks(
        reference_date=reference_date,
        reference_number=reference_number,
        reference_url=reference_url,
        motivation=motivation,
    )
    new = {
        "reference_date": reference_date,
        "reference_number": reference_number.strip(),
        "reference_url": reference_url.strip(),
        "motivation": (motivation or "").strip(),
    }
    changes = {
        name: [str(getattr(decision, name)), str(value)]
        for name, value in new.items()
        if getattr(decision, name) != value
    }
    if extract is not None:
        changes["extract"] = [decision.extract_name, extract.name]
    if not changes:
        raise ValidationError(_("Nothing was changed."))
    for name, value in new.items():
        setattr(decision, name, value)
    replaced = decision.extract.name if extract is not None and decision.extract else ""
    fields = [*REFERENCE_FIELDS, "extract", "extract_name", "lock_version"]
    if "reference_date" in changes:
        decision.decided_at = _day_start(reference_date)
        fields.append("decided_at")
        _redate(decision)
    decision.lock_version += 1
    audit_record(
        actor=by,
        action="decision.reference-corrected",
        target=decision,
        reason=reason,
        data={"changes": changes, "reference": decision.reference_label},
    )
    _store_extract(decision, extract)  # last: nothing above can still refuse the correction
    decision.save(update_fields=fields)
    if replaced:  # the earlier extract goes once the correction is committed
        storage = decision.extract.storage
        transaction.on_commit(lambda: storage.delete(replaced))
    return decision


def _redate(decision) -> None:
    """What its app dated by the decision (a nota's approval, a cycle's framework) follows
    the corrected date."""
    subject = decision.subject
    kind = subjects.subject_type(subject) if subject is not None else None
    if kind is not None and kind.redated is not None:
        kind.redated(subject, decision)
