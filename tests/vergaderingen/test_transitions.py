"""Every state change of a meeting, a vote and minutes runs through core.transitions: per
transition the allowed source state, a forbidden source state and the wrong role; a stale
change is refused with core.transitions.StaleObject and saves nothing."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from core.models import AuditEntry
from core.transitions import StaleObject
from tests.accounts.factories import UserFactory
from vergaderingen import access, services
from vergaderingen.constants import DecisionOutcome, MeetingState, VoteState
from vergaderingen.models import Meeting

from .conftest import attend
from .factories import AgendaItemFactory, MeetingFactory, MinutesFactory, VoteFactory

pytestmark = pytest.mark.django_db


def a_meeting(college, **traits):
    return MeetingFactory(orgaan=college["orgaan"], secretary=college["secretary"], **traits)


# --- the meeting's steps --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "source", "by", "target"),
    [
        ("fix_agenda", {}, "secretary", MeetingState.AGENDA_FIXED),
        ("open", {"agenda_fixed": True}, "chair", MeetingState.OPEN),
        ("close", {"opened": True}, "secretary", MeetingState.CLOSED),
    ],
)
def test_a_meeting_step_from_its_source_state_is_saved_and_audited(
    college, step, source, by, target
):
    meeting = a_meeting(college, **source)
    AgendaItemFactory(meeting=meeting)
    before = meeting.state
    with time_machine.travel(meeting.starts_at, tick=False):  # a meeting opens on its day
        services.meeting_step(meeting=meeting, step=step, by=college[by])
    assert Meeting.objects.get(pk=meeting.pk).state == target
    entry = AuditEntry.objects.get(action=f"meeting.{step}")
    assert (entry.from_state, entry.to_state, entry.actor) == (before, target, college[by])


@pytest.mark.parametrize(
    ("step", "source"),
    [("fix_agenda", {"opened": True}), ("open", {}), ("close", {"closed": True})],
)
def test_a_meeting_step_from_another_state_is_refused_as_stale(college, step, source):
    meeting = a_meeting(college, **source)
    AgendaItemFactory(meeting=meeting)
    with time_machine.travel(meeting.starts_at, tick=False), pytest.raises(StaleObject):
        services.meeting_step(meeting=meeting, step=step, by=college["secretary"])
    assert Meeting.objects.get(pk=meeting.pk).state == meeting.state
    assert not AuditEntry.objects.filter(action=f"meeting.{step}").exists()


@pytest.mark.parametrize(
    ("step", "source"),
    [("fix_agenda", {}), ("open", {"agenda_fixed": True}), ("close", {"opened": True})],
)
def test_a_member_who_neither_prepares_nor_runs_the_meeting_takes_no_step(college, step, source):
    meeting = a_meeting(college, **source)
    AgendaItemFactory(meeting=meeting)
    with pytest.raises(PermissionDenied):
        services.meeting_step(meeting=meeting, step=step, by=college["schepenen"][0])
    assert Meeting.objects.get(pk=meeting.pk).state == meeting.state


def test_a_step_on_a_meeting_changed_since_it_was_read_is_stale_and_saves_nothing(college):
    meeting = a_meeting(college, opened=True)
    read_earlier = Meeting.objects.get(pk=meeting.pk)
    services.meeting_step(meeting=meeting, step="close", by=college["chair"])
    with pytest.raises(StaleObject) as refused:
        services.meeting_step(meeting=read_earlier, step="close", by=college["secretary"])
    assert isinstance(refused.value, ValidationError)  # shown like any refusal
    assert AuditEntry.objects.filter(action="meeting.close").count() == 1


def test_an_empty_agenda_cannot_be_fixed(college, meeting):
    with pytest.raises(ValidationError):
        services.meeting_step(meeting=meeting, step="fix_agenda", by=college["secretary"])
    assert Meeting.objects.get(pk=meeting.pk).state == MeetingState.PLANNED


# --- a vote: open -> closed -----------------------------------------------------------------------


def test_the_chair_closes_an_open_vote_and_its_counts_are_kept(college):
    meeting = a_meeting(college, opened=True)
    vote = VoteFactory(item__meeting=meeting)
    attend(meeting, college["members"])
    member = college["schepenen"][0]
    services.ballot_cast(vote=vote, member=member, choice="nee", by=member)
    services.vote_close(vote=vote, by=college["chair"])
    vote.refresh_from_db()
    assert (vote.state, vote.ja, vote.nee, vote.onthouding) == (VoteState.CLOSED, 0, 1, 0)
    assert vote.closed_at is not None
    entry = AuditEntry.objects.get(action="vote.close")
    assert (entry.from_state, entry.to_state) == (VoteState.OPEN, VoteState.CLOSED)


def test_a_closed_vote_cannot_be_closed_again(college):
    meeting = a_meeting(college, opened=True)
    vote = VoteFactory(item__meeting=meeting, closed=True)
    attend(meeting, college["members"])
    with pytest.raises(StaleObject, match="al gesloten"):
        services.vote_close(vote=vote, by=college["chair"])


def test_only_the_chair_closes_a_vote(college):
    meeting = a_meeting(college, opened=True)
    vote = VoteFactory(item__meeting=meeting)
    attend(meeting, college["members"])
    for someone in (college["schepenen"][0], college["secretary"]):
        with pytest.raises(PermissionDenied):
            services.vote_close(vote=vote, by=someone)
    vote.refresh_from_db()
    assert vote.state == VoteState.OPEN


def test_a_votes_state_moves_only_by_its_transition(college):
    vote = VoteFactory(item__meeting=a_meeting(college, opened=True))
    with pytest.raises(AttributeError):
        vote.state = VoteState.CLOSED


# --- minutes: closed -> minutes approved, by the next meeting's decision ------------------------


def test_approving_the_minutes_moves_the_meeting_and_dates_the_minutes(college):
    minutes = MinutesFactory(meeting__orgaan=college["orgaan"])
    services.approve_minutes_of(minutes.meeting, DecisionOutcome.APPROVED, college["chair"])
    minutes.refresh_from_db()
    assert minutes.meeting.state == MeetingState.MINUTES_APPROVED
    assert minutes.approved_at is not None
    assert AuditEntry.objects.get(action="minutes.approved").to_state == (
        MeetingState.MINUTES_APPROVED
    )


def test_minutes_approved_already_or_never_drafted_are_not_ready(college):
    approved = MinutesFactory(approved=True, meeting__orgaan=college["orgaan"])
    with pytest.raises(StaleObject, match="niet klaar"):
        services.approve_minutes_of(approved.meeting, DecisionOutcome.APPROVED, college["chair"])
    undrafted = a_meeting(college, closed=True)
    with pytest.raises(ValidationError, match="niet klaar"):
        services.approve_minutes_of(undrafted, DecisionOutcome.APPROVED, college["chair"])


def test_minutes_not_approved_by_the_meeting_stay_as_they_are(college):
    minutes = MinutesFactory(meeting__orgaan=college["orgaan"])
    services.approve_minutes_of(minutes.meeting, DecisionOutcome.POSTPONED, college["chair"])
    assert Meeting.objects.get(pk=minutes.meeting.pk).state == MeetingState.CLOSED


# --- who may see and do what (access.py) ----------------------------------------------------------


def test_get_meeting_for_hides_the_meeting_from_outsiders_and_refuses_what_one_may_not_do(
    college, meeting
):
    schepen, outsider = college["schepenen"][0], UserFactory()
    with pytest.raises(Http404):
        access.get_meeting_for(outsider, meeting.pk)
    assert access.get_meeting_for(schepen, meeting.pk) == meeting
    with pytest.raises(PermissionDenied):
        access.get_meeting_for(schepen, meeting.pk, action="prepare")
    with pytest.raises(PermissionDenied):
        access.get_meeting_for(schepen, meeting.pk, action="run")
    assert access.get_meeting_for(college["secretary"], meeting.pk, action="prepare") == meeting
    assert access.get_meeting_for(college["chair"], meeting.pk, action="run") == meeting


def test_only_the_chair_and_the_secretary_sign_and_each_in_their_own_capacity(college, meeting):
    assert access.signing_capacity(college["chair"], meeting) == "voorzitter"
    assert access.signing_capacity(college["secretary"], meeting) == "secretaris"
    assert access.signing_capacity(college["schepenen"][0], meeting) is None
