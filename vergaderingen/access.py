"""Who may see and do what with a meeting: the only home of these rules.

- A meeting is seen by the members of its body on the meeting's day, its secretary and the
  algemeen directeur (`get_meeting_for`: 404 for anyone else).
- The agenda is built by the algemeen directeur, the secretary or, for an MT meeting, an MT
  member (`may_prepare`); the meeting is opened and closed, and attendance recorded, by the
  secretary or the chair (`may_run`).
- The chair leads the items in person: not on an item they are absent for or recused from
  (`require_chair`). Members vote in person, only when present and not recused (`voting_refusal`).
- The secretary drafts the minutes and publishes the decision list; the chair and the
  secretary sign the approved minutes themselves (`signing_capacity`).

Views and services ask here; the views' permission flags come from here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.constants import OrgaanType
from accounts.roles import is_algemeen_directeur, roles_of

from . import selectors
from .constants import PUBLISHING_BODIES, MeetingState, Presence, VoteState
from .models import AgendaItem, Meeting, SignatureCapacity

# --- who someone is to a meeting ------------------------------------------------------------------


def is_member(user, meeting: Meeting) -> bool:
    """A member of the meeting's body on the meeting's day."""
    return any(u.pk == user.pk for u in selectors.members(meeting))


def is_chair(user, meeting: Meeting) -> bool:
    c = selectors.chair(meeting)
    return c is not None and c.pk == user.pk


def is_secretary(user, meeting: Meeting) -> bool:
    return user.pk == meeting.secretary_id


def sits_in_a_body(user) -> bool:
    """Members of any body see the meetings in the menu."""
    return any(h.orgaan for h in roles_of(user))


# --- seeing, planning, preparing, running ---------------------------------------------------------


def may_see(user, meeting: Meeting) -> bool:
    """Members of the body on the day, its secretary and the algemeen directeur."""
    return is_secretary(user, meeting) or is_member(user, meeting) or is_algemeen_directeur(user)


def visible_meetings(user) -> QuerySet[Meeting]:
    """The meetings in a person's list: the algemeen directeur sees all; others those of the
    bodies they sit in today and those they are the secretary of."""
    meetings = Meeting.objects.select_related("orgaan")
    if not is_algemeen_directeur(user):
        bodies = {h.orgaan.pk for h in roles_of(user) if h.orgaan}
        meetings = meetings.filter(orgaan__in=bodies) | meetings.filter(secretary=user)
    return meetings.distinct()


def may_plan(user) -> bool:
    """The algemeen directeur plans the meetings."""
    return is_algemeen_directeur(user)


def may_prepare(user, meeting: Meeting) -> bool:
    """The algemeen directeur, the secretary, or (for an MT meeting) an MT member."""
    return (
        is_secretary(user, meeting)
        or is_algemeen_directeur(user)
        or (meeting.orgaan.type == OrgaanType.MANAGEMENTTEAM and is_member(user, meeting))
    )


def may_run(user, meeting: Meeting) -> bool:
    """The secretary or the chair opens and closes the meeting and records attendance."""
    return is_secretary(user, meeting) or is_chair(user, meeting)


def may_step(user, meeting: Meeting, step: str) -> bool:
    """fix_agenda: whoever prepares the agenda; open and close: whoever runs the meeting."""
    return may_prepare(user, meeting) if step == "fix_agenda" else may_run(user, meeting)


ACTIONS = {"prepare": may_prepare, "run": may_run}


def get_meeting_for(user, pk, *, action: str | None = None) -> Meeting:
    """The meeting if the person may see it (else 404) and, with `action` ("prepare" or
    "run"), may do that on it (else 403)."""
    meeting = get_object_or_404(Meeting.objects.select_related("orgaan", "secretary"), pk=pk)
    if not may_see(user, meeting):
        raise Http404
    if action is not None and not ACTIONS[action](user, meeting):
        raise PermissionDenied
    return meeting


def get_item_for(user, pk, item_pk) -> AgendaItem:
    """An item of a meeting the person may see (else 404); `item.meeting` is that meeting.
    What they may do on it, the services decide (the chair, a voter, a member)."""
    meeting = get_meeting_for(user, pk)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    item.meeting = meeting
    return item


# --- the rules of a meeting in session ------------------------------------------------------------


def require_agenda_open(meeting: Meeting) -> None:
    if meeting.state != MeetingState.PLANNED:
        raise ValidationError(_("The agenda is fixed: it can no longer change."))


def require_open(meeting: Meeting) -> None:
    if meeting.state != MeetingState.OPEN:
        raise ValidationError(_("This is only possible while the meeting is open."))


def may_declare_recusal(user, meeting: Meeting) -> bool:
    """A member declares a conflict of interest while the meeting is open (before the item
    is voted on or decided: the service checks that too)."""
    return meeting.state == MeetingState.OPEN and is_member(user, meeting)


def may_close(user, meeting: Meeting) -> bool:
    """Whoever runs the meeting closes it once it is open."""
    return meeting.state == MeetingState.OPEN and may_run(user, meeting)


def may_record_attendance(user, meeting: Meeting, member, presence: str) -> bool:
    """The secretary or the chair records anyone's attendance; a member only registers their
    own presence."""
    return may_run(user, meeting) or (user.pk == member.pk and presence == Presence.PRESENT)


def attendance_open(meeting: Meeting) -> bool:
    """Attendance is recorded for a meeting with a fixed agenda, until it closes."""
    return meeting.state in (MeetingState.AGENDA_FIXED, MeetingState.OPEN)


def require_chair(user, meeting: Meeting, item: AgendaItem | None = None) -> None:
    """The chair acts in person: a chair who is absent for the item, or who declared a
    conflict of interest on it, cannot lead that item."""
    if not is_chair(user, meeting):
        raise PermissionDenied(_("Only the chair can do this."))
    if item is not None:
        if user.pk in selectors.recused_ids(item):
            raise PermissionDenied(
                _("You declared a conflict of interest on this item: you cannot lead it.")
            )
        if user.pk not in selectors.present_for(item):
            raise ValidationError(
                _("Register your presence first: the chair leads only the items they attend.")
            )


def voting_refusal(member, *, is_member: bool, present: set[int], recused: set[int]) -> str:
    """Why `member` may not vote on an item ("" when they may): members of the body vote,
    only when present for the item and not recused from it."""
    if not is_member:
        return _("Only members of the body vote.")
    if member.pk in recused:
        return _("You declared a conflict of interest on this item.")
    if member.pk not in present:
        return _("Only members present for this item vote.")
    return ""


def sees_tally(
    user, meeting: Meeting, vote, recused: set[int], *, chair: bool | None = None
) -> bool:
    """The chair always; others unless results show only after closing; recused members
    never see the ballots on their item."""
    if vote is None or user.pk in recused:
        return False
    if chair is None:
        chair = is_chair(user, meeting)
    return chair or vote.state == VoteState.CLOSED or not meeting.results_after_closing


@dataclass
class MeetingRights:
    """What one person may do on a meeting's page: its permission flags, worked out once
    (the body's mandates read once), and the rules per item over what the page loaded."""

    user: object
    meeting: Meeting
    members: list = field(default_factory=list)
    chair: object = None
    is_chair: bool = False
    is_member: bool = False
    preparing: bool = False
    may_run: bool = False

    def sees_tally(self, vote, recused: set[int]) -> bool:
        return sees_tally(self.user, self.meeting, vote, recused, chair=self.is_chair)

    def may_vote(self, vote, *, present: set[int], recused: set[int]) -> bool:
        return vote.state == VoteState.OPEN and not voting_refusal(
            self.user, is_member=self.is_member, present=present, recused=recused
        )

    def flags(self) -> dict:
        """The flags the page's template reads."""
        return {
            "chair": self.chair,
            "is_chair": self.is_chair,
            "is_member": self.is_member,
            "preparing": self.preparing,
            "may_run": self.may_run,
        }


def meeting_rights(user, meeting: Meeting) -> MeetingRights:
    members = selectors.members(meeting)
    chair = selectors.chair(meeting)
    return MeetingRights(
        user=user,
        meeting=meeting,
        members=members,
        chair=chair,
        is_chair=chair is not None and chair.pk == user.pk,
        is_member=any(m.pk == user.pk for m in members),
        preparing=may_prepare(user, meeting) and meeting.state == MeetingState.PLANNED,
        may_run=may_run(user, meeting),
    )


# --- minutes and the decision list ----------------------------------------------------------------


def minutes_open(meeting: Meeting) -> bool:
    """Minutes are drafted once the meeting is closed and until they are approved."""
    return meeting.state == MeetingState.CLOSED


def signing_capacity(user, meeting: Meeting) -> str | None:
    """As whom the person signs the minutes: the chair or the secretary, never anyone else
    (signing cannot be delegated)."""
    if is_chair(user, meeting):
        return SignatureCapacity.CHAIR
    if is_secretary(user, meeting):
        return SignatureCapacity.SECRETARY
    return None


def publishes_decision_list(meeting: Meeting) -> bool:
    """Only the college and the vast bureau publish a decision list."""
    return meeting.orgaan.type in PUBLISHING_BODIES


def has_been_held(meeting: Meeting) -> bool:
    """The decision list is published after the meeting."""
    return meeting.state in (MeetingState.CLOSED, MeetingState.MINUTES_APPROVED)


def minutes_flags(user, meeting: Meeting, minutes, signed: dict) -> dict:
    """The minutes page's permission flags."""
    secretary = is_secretary(user, meeting)
    may_sign = (
        bool(minutes and minutes.approved_at)
        and signing_capacity(user, meeting) is not None
        and not any(s.signer_id == user.pk for s in signed.values())
    )
    return {
        "is_secretary": secretary,
        "can_draft": secretary and minutes_open(meeting),
        "may_sign": may_sign,
        "can_publish": secretary and publishes_decision_list(meeting) and has_been_held(meeting),
    }
