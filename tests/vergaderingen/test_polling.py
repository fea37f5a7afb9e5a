"""The live tally polls only while the vote is open: the answer for a closed vote carries no
trigger and tells htmx to stop (286); while nothing changes the page asks ever less often."""

import re

import pytest
from django.urls import reverse

from vergaderingen import services
from vergaderingen.selectors import POLL_FIRST, POLL_LONGEST

from .conftest import attend

pytestmark = pytest.mark.django_db


def tally_url(meeting, item):
    return reverse("vergaderingen:tally", args=[meeting.pk, item.pk])


def trigger(html):
    """The poll of a tally's markup: (seconds, what it asks with), or None."""
    found = re.search(r'hx-get="[^"?]+\?([^"]+)" hx-trigger="every (\d+)s, poll-now"', html)
    return (int(found.group(2)), found.group(1).replace("&amp;", "&")) if found else None


@pytest.fixture
def voting(client, college, meeting, item):
    attend(meeting, college["members"])
    vote = services.vote_open(item=item, by=college["chair"])
    client.force_login(college["chair"])
    return vote


def test_an_open_vote_polls_and_a_closed_one_answers_stop_without_a_trigger(
    client, college, meeting, item, voting
):
    page = client.get(reverse("vergaderingen:meeting-detail", args=[meeting.pk])).content.decode()
    assert trigger(page)[0] == POLL_FIRST
    answer = client.get(tally_url(meeting, item))
    assert answer.status_code == 200 and trigger(answer.content.decode())[0] == POLL_FIRST

    services.vote_close(vote=voting, by=college["chair"])
    answer = client.get(tally_url(meeting, item), {"gezien": "0.0.0", "wacht": "2"})
    assert answer.status_code == 286  # htmx stops polling on this status
    html = answer.content.decode()
    assert "hx-trigger" not in html and "hx-get" not in html
    assert "Uitslag" in html  # the result is the last answer
    page = client.get(reverse("vergaderingen:meeting-detail", args=[meeting.pk])).content.decode()
    assert "hx-trigger" not in page


def test_the_poll_backs_off_while_nothing_changes_and_speeds_up_on_a_ballot(
    client, college, meeting, item, voting
):
    url = tally_url(meeting, item)
    seconds, asked = trigger(client.get(url).content.decode())
    waits = []
    for _round in range(5):
        seconds, asked = trigger(client.get(f"{url}?{asked}").content.decode())
        waits.append(seconds)
    assert waits == [4, 8, POLL_LONGEST, POLL_LONGEST, POLL_LONGEST]

    member = college["schepenen"][0]
    services.ballot_cast(vote=voting, member=member, choice="ja", by=member)
    assert trigger(client.get(f"{url}?{asked}").content.decode())[0] == POLL_FIRST


@pytest.mark.parametrize(
    "query", ["wacht=abc", "wacht=%C2%B2", "wacht=-4", "wacht=" + "9" * 400, "gezien=<b>&wacht=8"]
)
def test_a_tampered_poll_query_starts_over(client, college, meeting, item, voting, query):
    answer = client.get(f"{tally_url(meeting, item)}?{query}")
    assert answer.status_code == 200 and trigger(answer.content.decode())[0] == POLL_FIRST
