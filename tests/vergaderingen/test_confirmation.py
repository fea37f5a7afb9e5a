"""What cannot be undone in a meeting asks first (core.confirm, without JavaScript):
declaring a conflict of interest, closing a vote, closing the meeting. The first post changes
nothing and shows the question; the confirmed post acts. Whoever may not act is not asked."""

import pytest
from django.urls import reverse

from vergaderingen import services
from vergaderingen.constants import MeetingState, VoteState
from vergaderingen.models import Recusal

from .conftest import attend

pytestmark = pytest.mark.django_db


def url(name, meeting, *args):
    return reverse(f"vergaderingen:{name}", args=[meeting.pk, *args])


def asks(response, action):
    """The confirmation page: it posts back to the same address, confirmed."""
    page = response.content.decode()
    return (
        response.status_code == 200
        and f'action="{action}"' in page
        and 'name="bevestigd" value="1"' in page
    )


def test_a_conflict_of_interest_is_declared_after_confirming(client, college, meeting, item):
    attend(meeting, college["members"])
    member = college["schepenen"][2]
    client.force_login(member)
    action = url("recusal", meeting, item.pk)
    response = client.post(action)
    assert asks(response, action)
    assert "Voorstel" in response.content.decode()  # names the item
    assert f'href="{url("meeting-detail", meeting)}#punt-{item.pk}"' in response.content.decode()
    assert not Recusal.objects.exists()
    assert client.post(action, {"bevestigd": "1"}).status_code == 302
    assert Recusal.objects.filter(item=item, member=member).exists()


def test_the_vote_closes_after_confirming_and_the_question_tells_the_turnout(
    client, college, meeting, item
):
    attend(meeting, college["members"])
    vote = services.vote_open(item=item, by=college["chair"])
    for member in college["schepenen"][:3]:
        services.ballot_cast(vote=vote, member=member, choice="ja", by=member)
    client.force_login(college["chair"])
    action = url("vote-close", meeting, item.pk)
    response = client.post(action)
    assert asks(response, action)
    assert "3 van de 7" in response.content.decode()
    vote.refresh_from_db()
    assert vote.state == VoteState.OPEN
    client.post(action, {"bevestigd": "1"})
    vote.refresh_from_db()
    assert vote.state == VoteState.CLOSED and vote.ja == 3


def test_the_meeting_closes_after_confirming_and_the_question_lists_undecided_items(
    client, college, meeting, item
):
    attend(meeting, college["members"])
    client.force_login(college["secretary"])
    action = url("meeting-step", meeting, "sluiten")
    response = client.post(action)
    assert asks(response, action)
    assert "Voorstel" in response.content.decode()  # no decision yet
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.OPEN
    client.post(action, {"bevestigd": "1"})
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.CLOSED


def test_who_may_not_act_is_refused_at_once_not_asked(client, college, meeting, item):
    attend(meeting, college["members"])
    services.vote_open(item=item, by=college["chair"])
    client.force_login(college["schepenen"][0])
    assert client.post(url("vote-close", meeting, item.pk)).status_code == 403
    assert client.post(url("meeting-step", meeting, "sluiten")).status_code == 403
    client.force_login(college["secretary"])  # sees the meeting, sits in no body
    assert client.post(url("recusal", meeting, item.pk)).status_code == 403


def test_the_other_steps_of_a_meeting_need_no_confirmation(client, college, meeting, item):
    client.force_login(college["secretary"])
    assert client.post(url("meeting-step", meeting, "agenda-vastleggen")).status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.AGENDA_FIXED


def test_the_main_action_comes_before_closing_the_meeting(client, college, meeting, item):
    attend(meeting, college["schepenen"])  # the chair is not registered yet
    client.force_login(college["chair"])
    page = client.get(url("meeting-detail", meeting)).content.decode()
    assert page.index("Ik ben aanwezig") < page.index("De vergadering sluiten")
