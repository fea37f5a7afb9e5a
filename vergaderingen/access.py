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
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.constants import OrgaanType
from accounts.roles import is_algemeen_directeur, is_mt_member, roles_of

from . import selectors
from .constants import (
    PUBLISHING_BODIES,
    SECRETARY_SUBSTITUTE_FUNCTION,
    MeetingState,
    Presence,
    VoteState,
)
from .models import AgendaItem, Meeting, SignatureCapacity

# --- who someone is to a meeting ------------------------------------------------------------------


def is_member(user, meeting: Meeting) -> bool:
    """A member of the meeting's body on the meeting's day."""
    return any(u.pk == user.pk for u in selectors.members(meeting))


def is_chair(user, meeting: Meeting) -> bool:
    """The chair, or whoever stands in for the chair (the waarnemend burgemeester): which of
    them leads an item depends on who is there (require_chair)."""
    return any(
        c is not None and c.pk == user.pk
        for c in (selectors.chair(meeting), selectors.substitute(meeting))
    )


def is_secretary(user, meeting: Meeting) -> bool:
    """Whoever acts as secretary: the stand-in once one took over."""
    return user.pk == meeting.secretary_in_office_id


def may_stand_in_as_secretary(user, meeting: Meeting) -> bool:
    """The adjunct-algemeen directeur takes over from an absent secretary, for a meeting with
    a fixed agenda or in session (art. 175 DLB)."""
    from accounts.models import Mandate

    return (
        meeting.state in (MeetingState.AGENDA_FIXED, MeetingState.OPEN)
        and user.pk != meeting.secretary_in_office_id
        and Mandate.objects.active_on(timezone.localdate(meeting.starts_at))
        .filter(
            user=user,
            orgaan__type=OrgaanType.MANAGEMENTTEAM,
            function=SECRETARY_SUBSTITUTE_FUNCTION,
        )
        .exists()
    )


def sits_in_a_body(user) -> bool:
    """Members of any body see the meetings in the menu."""
    return any(h.orgaan for h in roles_of(user))


# --- seeing, planning, preparing, running ---------------------------------------------------------


def may_see(user, meeting: Meeting) -> bool:
    """Members of the body on the day, its secretary and the algemeen directeur."""
    return (
        is_secretary(user, meeting)
        or user.pk == meeting.secretary_id
        or is_member(user, meeting)
        or is_algemeen_directeur(user)
        or may_stand_in_as_secretary(user, meeting)
    )


def visible_meetings(user) -> QuerySet[Meeting]:
    """The meetings in a person's list: the algemeen directeur sees all; others those of the
    bodies they sit in today and those they are the secretary of."""
    meetings = Meeting.objects.select_related("orgaan")
    if not is_algemeen_directeur(user):
        bodies = {h.orgaan.pk for h in roles_of(user) if h.orgaan}
        meetings = (
            meetings.filter(orgaan__in=bodies)
            | meetings.filter(secretary=user)
            | meetings.filter(acting_secretary=user)
        )
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
    meeting = get_object_or_404(
        Meeting.objects.select_related(
            "orgaan", "secretary", "acting_secretary", "chaired_by", "published_by"
        ),
        pk=pk,
    )
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


def require_chair(user, meeting: Meeting, item: AgendaItem | None = None) -> str:
    """The chair acts in person: a chair who is absent for the item, or who declared a
    conflict of interest on it, cannot lead that item; then the substitute (the waarnemend
    burgemeester) leads it, if present and not recused. Returns the capacity acted in
    ("chair" or "substitute"), for the audit trail."""
    if not is_chair(user, meeting):
        raise PermissionDenied(_("Only the chair can do this."))
    titular = selectors.chair(meeting)
    capacity = "chair" if titular is not None and titular.pk == user.pk else "substitute"
    if item is None:
        return capacity
    recused = selectors.recused_ids(item)
    present = selectors.present_for(item)
    if user.pk in recused:
        raise PermissionDenied(
            _("You declared a conflict of interest on this item: you cannot lead it.")
        )
    if user.pk not in present:
        raise ValidationError(
            _("Register your presence first: the chair leads only the items they attend.")
        )
    acting = selectors.acting_chair(meeting, present, recused)
    if acting is None or acting.pk != user.pk:
        raise PermissionDenied(
            _("%(name)s is present and leads this item.") % {"name": acting or titular}
        )
    return capacity


def leads(user, meeting: Meeting, item, *, present: set[int], recused: set[int]) -> bool:
    """require_chair without its queries, for the page: who leads this item now."""
    acting = selectors.acting_chair(meeting, present, recused)
    return acting is not None and acting.pk == user.pk


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
    substitute: object = None
    is_chair: bool = False
    is_member: bool = False
    preparing: bool = False
    may_run: bool = False
    may_reschedule: bool = False
    may_stand_in: bool = False

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
            "substitute": self.substitute,
            "is_chair": self.is_chair,
            "is_member": self.is_member,
            "preparing": self.preparing,
            "may_run": self.may_run,
            "may_reschedule": self.may_reschedule,
            "may_stand_in": self.may_stand_in,
        }


def meeting_rights(user, meeting: Meeting) -> MeetingRights:
    members = selectors.members(meeting)
    chair = selectors.chair(meeting)
    return MeetingRights(
        user=user,
        meeting=meeting,
        members=members,
        chair=chair,
        substitute=selectors.substitute(meeting),
        is_chair=is_chair(user, meeting),
        is_member=any(m.pk == user.pk for m in members),
        preparing=may_prepare(user, meeting) and meeting.state == MeetingState.PLANNED,
        may_run=may_run(user, meeting),
        may_reschedule=may_prepare(user, meeting)
        and meeting.state in (MeetingState.PLANNED, MeetingState.AGENDA_FIXED),
        may_stand_in=may_stand_in_as_secretary(user, meeting),
    )


# --- minutes and the decision list ----------------------------------------------------------------


def minutes_open(meeting: Meeting) -> bool:
    """Minutes are drafted once the meeting is closed and until they are approved."""
    return meeting.state == MeetingState.CLOSED


def signing_capacity(user, meeting: Meeting) -> str | None:
    """As whom the person signs the minutes: whoever chaired that meeting and whoever was its
    secretary (a stand-in included), never anyone else (signing cannot be delegated)."""
    chaired = selectors.meeting_chair(meeting)
    if chaired is not None and chaired.pk == user.pk:
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


def may_publish(user, meeting: Meeting) -> bool:
    """The decision list is published under the burgemeester's responsibility: whoever
    chaired the meeting, or the chair in office."""
    chaired = selectors.meeting_chair(meeting)
    titular = selectors.chair(meeting)
    return any(c is not None and c.pk == user.pk for c in (chaired, titular))


def may_write_public_texts(user, meeting: Meeting) -> bool:
    """The secretary prepares the public texts; the one who publishes may change them."""
    return (
        publishes_decision_list(meeting)
        and has_been_held(meeting)
        and (is_secretary(user, meeting) or may_publish(user, meeting))
    )


def minutes_flags(user, meeting: Meeting, minutes, signed: dict) -> dict:
    """The minutes page's permission flags."""
    secretary = is_secretary(user, meeting)
    may_sign = (
        bool(minutes and minutes.approved_at)
        and signing_capacity(user, meeting) is not None
        and not any(s.signer_id == user.pk for s in signed.values())
    )
    publishing = publishes_decision_list(meeting) and has_been_held(meeting)
    return {
        "is_secretary": secretary,
        "can_draft": secretary and minutes_open(meeting),
        "may_sign": may_sign,
        "can_publish": publishing and may_publish(user, meeting),
        "can_write_texts": may_write_public_texts(user, meeting),
    }


# --- proposed items -------------------------------------------------------------------------------


def proposal_bodies(user) -> list:
    """The bodies a person may propose items to: the bodies they sit in (the college, the
    vast bureau, the BCSD, the MT) and, for an MT member, the college too."""
    from accounts.models import Orgaan

    from .forms import MEETING_BODIES

    held = {h.orgaan.pk for h in roles_of(user) if h.orgaan}
    bodies = Orgaan.objects.filter(type__in=MEETING_BODIES)
    return [
        o for o in bodies if o.pk in held or (o.type == OrgaanType.COLLEGE and is_mt_member(user))
    ]


def may_propose(user, orgaan) -> bool:
    return any(o.pk == orgaan.pk for o in proposal_bodies(user))


def may_answer_for(user, orgaan) -> bool:
    """Whoever prepares the body's agendas: the algemeen directeur or a secretary of one of
    its planned meetings."""
    return is_algemeen_directeur(user) or any(
        u.pk == user.pk for u in selectors.agenda_makers(orgaan)
    )


def may_answer_proposal(user, proposal) -> bool:
    return may_answer_for(user, proposal.orgaan)


def answerable_bodies(user) -> set[int]:
    """The bodies whose proposals the person answers (may_answer_for for each, in one query):
    all of them for the algemeen directeur, else those of the planned meetings they are the
    secretary of."""
    from accounts.models import Orgaan

    from .forms import MEETING_BODIES

    bodies = Orgaan.objects.filter(type__in=MEETING_BODIES)
    if not is_algemeen_directeur(user):
        bodies = bodies.filter(meetings__state=MeetingState.PLANNED, meetings__secretary=user)
    return set(bodies.values_list("pk", flat=True))


def visible_proposals(user):
    """Proposals a person sees: their own, and all of them for whoever answers them."""
    from .models import ItemProposal

    proposals = ItemProposal.objects.select_related("orgaan", "proposed_by", "answered_by")
    if is_algemeen_directeur(user):
        return proposals
    return proposals.filter(proposed_by=user) | proposals.filter(
        orgaan__meetings__state=MeetingState.PLANNED, orgaan__meetings__secretary=user
    )


def get_proposal_for(user, pk, *, answer: bool = False):
    """A proposal the person sees (else 404) and, with `answer`, may answer (else 403)."""
    proposal = get_object_or_404(visible_proposals(user).distinct(), pk=pk)
    if answer and not may_answer_proposal(user, proposal):
        raise PermissionDenied
    return proposal


# --- bodies that decide in the official decision system -------------------------------------------


def decides_elsewhere(orgaan) -> bool:
    """The body decides in the official decision system, not in this app's meetings."""
    from .constants import DecisionSystem
    from .models import BodySettings

    return BodySettings.for_orgaan(orgaan).decides_in == DecisionSystem.OFFICIAL


def records_by_reference(user) -> bool:
    """The secretary of the college and the vast bureau (the algemeen directeur) or their
    deputy (the adjunct-algemeen directeur) downloads draft decisions and records decisions
    taken in the official decision system."""
    from accounts.constants import Role

    return is_algemeen_directeur(user) or any(
        h.role == Role.ADJUNCT_ALGEMEEN_DIRECTEUR for h in roles_of(user)
    )


def may_see_by_reference(user, orgaan) -> bool:
    """The body's members see what it decided by reference; its secretary records it."""
    return records_by_reference(user) or any(
        h.orgaan is not None and h.orgaan.pk == orgaan.pk for h in roles_of(user)
    )


def get_body_for(user, pk, *, record: bool = False):
    """A body that holds meetings, if the person may see its decisions (else 404) and, with
    `record`, may record them (else 403)."""
    from accounts.models import Orgaan

    from .forms import MEETING_BODIES

    orgaan = get_object_or_404(Orgaan, pk=pk, type__in=MEETING_BODIES)
    if not may_see_by_reference(user, orgaan):
        raise Http404
    if record and not records_by_reference(user):
        raise PermissionDenied
    return orgaan


def bodies_by_reference(user) -> list:
    """The bodies deciding in the official decision system whose page the person sees (the
    meeting list links to them)."""
    from accounts.models import Orgaan

    from .constants import DecisionSystem
    from .forms import MEETING_BODIES

    bodies = Orgaan.objects.filter(
        type__in=MEETING_BODIES, meeting_rules__decides_in=DecisionSystem.OFFICIAL
    )
    return [o for o in bodies if may_see_by_reference(user, o)]
