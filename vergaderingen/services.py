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
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.figures import figures_changed
from core.signing import check_signing_password
from core.transitions import lock, transition_run

from . import access, rules, selectors, subjects
from .constants import (
    MINUTES_MAX_LENGTH,
    MOTIVATION_MAX_LENGTH,
    PUBLIC_TEXT_MAX_LENGTH,
    BallotChoice,
    DecisionOutcome,
    MeetingState,
    VoteState,
)
from .models import (
    AgendaItem,
    Attendance,
    Ballot,
    BodySettings,
    Decision,
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
    if meeting is None:
        return None
    try:  # refused when `by` does not prepare this body's agendas, or it is there already
        with transaction.atomic():
            agenda_add(meeting=meeting, by=by, subject=subject)
    except (ValidationError, PermissionDenied):
        return None
    return meeting


def _ready_subject(meeting, subject):
    """The subject, locked, if it is ready for this body's agenda and not on one already
    (two meetings adding it at once must not both get it); with its title and rapporteur."""
    kind = subjects.subject_type(subject)
    if kind is None or kind.candidates is None:
        raise ValidationError(_("This item is not ready for this body's agenda."))
    subject = type(subject).objects.select_for_update().get(pk=subject.pk)
    if subject not in kind.candidates(meeting.orgaan):
        raise ValidationError(_("This item is not ready for this body's agenda."))
    if AgendaItem.objects.filter(
        subject_type__model=subject._meta.model_name,
        subject_id=str(subject.pk),
        decision__isnull=True,
        meeting__orgaan=meeting.orgaan,  # each body decides once (a nota: two bodies)
        meeting__state__in=[MeetingState.PLANNED, MeetingState.AGENDA_FIXED, MeetingState.OPEN],
    ).exists():
        raise ValidationError(_("This item is already on an agenda."))
    rapporteur = kind.rapporteur(subject) if kind.rapporteur else None
    return subject, kind.title(subject), rapporteur


@transaction.atomic
def agenda_add(*, meeting, by, subject=None, title="", concerns_person=False):
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not access.may_prepare(by, meeting):
        raise PermissionDenied(_("Only the algemeen directeur or the secretary builds the agenda."))
    access.require_agenda_open(meeting)
    rapporteur = None
    if subject is not None:
        subject, title, rapporteur = _ready_subject(meeting, subject)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the item a title.")})
    item = AgendaItem(
        meeting=meeting,
        order=selectors.next_order(meeting),
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
    if (
        step == "close"
        and Vote.objects.filter(item__meeting=meeting, state=VoteState.OPEN).exists()
    ):
        raise ValidationError(_("A vote is still open: close it before closing the meeting."))
    # the public decision list does not show a meeting's state: no figures change
    transition_run(meeting, step, by=by, action=f"meeting.{step}", figures=())
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
    """The member declares a conflict of interest before any vote on the item; the minutes
    record that they left."""
    if by.pk != member.pk:
        raise PermissionDenied(_("Members declare their own conflict of interest."))
    if not access.is_member(member, item.meeting):
        raise PermissionDenied(_("Only members of the body take part."))
    access.require_open(item.meeting)
    if item.votes.exists() or Decision.objects.filter(item=item).exists():
        raise ValidationError(_("Declare a conflict before the item is voted on or decided."))
    recusal, _created = Recusal.objects.get_or_create(item=item, member=member)
    audit_record(actor=by, action="item.recusal", target=item.meeting, data={"item": item.pk})
    return recusal


def _locked_item(item) -> AgendaItem:
    return AgendaItem.objects.select_for_update().select_related("meeting__orgaan").get(pk=item.pk)


def _locked_vote(vote) -> Vote:
    return Vote.objects.select_for_update().select_related("item__meeting__orgaan").get(pk=vote.pk)


@transaction.atomic
def vote_open(*, item, by, secret=None):
    item = _locked_item(item)
    access.require_chair(by, item.meeting, item)
    access.require_open(item.meeting)
    if Decision.objects.filter(item=item).exists():
        raise ValidationError(_("This item is already decided."))
    if item.votes.exists():
        raise ValidationError(_("This item was already put to the vote."))
    if not selectors.quorum(item):
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
    access.require_chair(by, vote.item.meeting, vote.item)
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
    access.require_chair(by, item.meeting, item)
    access.require_open(item.meeting)
    if Decision.objects.filter(item=item).exists():
        raise ValidationError(_("This item is already decided."))
    if not selectors.quorum(item):
        raise ValidationError(_("There is no quorum for this item: no decision can be recorded."))
    vote = item.votes.first()
    if vote is not None:
        outcome = _outcome_of_vote(item, vote)
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
        data={"item": item.pk},
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


def minutes_sign(*, meeting, by, password):
    """The chair and the secretary sign approved minutes themselves, with their password.
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
    check_signing_password(by, password)
    return _signature_add(meeting=meeting, minutes=minutes, by=by, capacity=capacity)


@transaction.atomic
def _signature_add(*, meeting, minutes, by, capacity):
    Minutes.objects.select_for_update().get(pk=minutes.pk)  # a double post waits here
    if MinutesSignature.objects.filter(minutes=minutes, capacity=capacity).exists():
        raise ValidationError(_("You already signed these minutes."))
    signature = MinutesSignature.objects.create(minutes=minutes, signer=by, capacity=capacity)
    audit_record(actor=by, action="minutes.sign", target=meeting, to_state=capacity)
    return signature


@transaction.atomic
def decision_list_publish(*, meeting, by, public_texts=None):
    """Publish the decision list: every decision needs a public text without personal data,
    written or confirmed by the secretary."""
    if not access.is_secretary(by, meeting):
        raise PermissionDenied(_("The secretary publishes the decision list."))
    if not access.publishes_decision_list(meeting):
        raise ValidationError(_("Only the college and the vast bureau publish a decision list."))
    if not access.has_been_held(meeting):
        raise ValidationError(_("The decision list is published after the meeting."))
    decisions = list(Decision.objects.filter(item__meeting=meeting).select_related("item"))
    texts = public_texts or {}
    missing = []
    for decision in decisions:
        text = (texts.get(decision.pk, decision.public_text) or "").strip()
        if not text:
            missing.append(str(decision.item.order))
        elif len(text) > PUBLIC_TEXT_MAX_LENGTH:
            raise ValidationError(
                _("The public text for item %(n)s is too long: %(reason)s")
                % {"n": decision.item.order, "reason": _too_long(text, PUBLIC_TEXT_MAX_LENGTH)}
            )
        decision.public_text = text
    if missing:
        raise ValidationError(
            _("Write a public text for every decision (items %(items)s).")
            % {"items": ", ".join(missing)}
        )
    Decision.objects.bulk_update(decisions, ["public_text"])
    meeting.published_at = meeting.published_at or timezone.now()
    meeting.save(update_fields=["published_at"])
    figures_changed(meeting)  # the public list shows it (core.kept)
    audit_record(actor=by, action="decision-list.publish", target=meeting)
    return meeting
