"""Mijn werk for meetings: who is asked to sign approved minutes (the secretary and whoever
held the chair on the meeting's day), and lists bounded with their totals."""

import datetime

import pytest
from django.urls import reverse

from accounts.constants import Function
from core.worklist import LIST_LIMIT, work_for, work_page
from tests.accounts.factories import MandateFactory, UserFactory
from vergaderingen.models import MinutesSignature

from .factories import MinutesFactory

pytestmark = pytest.mark.django_db


def approved_minutes(college, day, *, secretary=None):
    """A meeting on `day` whose minutes the next meeting approved (not signed yet)."""
    return MinutesFactory(
        approved=True,
        meeting__orgaan=college["orgaan"],
        meeting__starts_at=datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC),
        meeting__secretary=secretary or college["secretary"],
        meeting__published_at=datetime.datetime.combine(
            day, datetime.time(12), tzinfo=datetime.UTC
        ),
        drafted_by=college["secretary"],
    ).meeting


def test_the_chair_of_the_day_and_the_secretary_are_asked_to_sign(college):
    meeting = approved_minutes(college, datetime.date(2026, 3, 2))
    url = reverse("vergaderingen:minutes", args=[meeting.pk])
    assert url in [i.url for i in work_for(college["chair"])]
    assert url in [i.url for i in work_for(college["secretary"])]
    assert url not in [i.url for i in work_for(college["schepenen"][0])]


def test_a_former_chair_still_signs_the_minutes_of_their_term_and_no_later_ones(college):
    former = MandateFactory(
        orgaan=college["orgaan"],
        function=Function.BURGEMEESTER,
        start=datetime.date(2019, 1, 1),
        end=datetime.date(2024, 12, 31),
    ).user
    old = approved_minutes(college, datetime.date(2024, 12, 31))  # their last day
    new = approved_minutes(college, datetime.date(2026, 3, 2))
    urls = [i.url for i in work_for(former)]
    assert reverse("vergaderingen:minutes", args=[old.pk]) in urls
    assert reverse("vergaderingen:minutes", args=[new.pk]) not in urls
    # and today's burgemeester does not sign what was chaired before their mandate
    assert reverse("vergaderingen:minutes", args=[old.pk]) not in [
        i.url for i in work_for(college["chair"])
    ]


def test_signed_minutes_leave_the_list(college):
    meeting = approved_minutes(college, datetime.date(2026, 3, 2))
    MinutesSignature.objects.create(
        minutes=meeting.minutes, signer=college["chair"], capacity="voorzitter"
    )
    url = reverse("vergaderingen:minutes", args=[meeting.pk])
    assert url not in [i.url for i in work_for(college["chair"])]
    assert url in [i.url for i in work_for(college["secretary"])]


def test_a_long_list_shows_its_first_items_and_its_total(college):
    other = UserFactory()
    for day in range(LIST_LIMIT + 3):
        approved_minutes(college, datetime.date(2026, 1, 1) + datetime.timedelta(days=day))
    approved_minutes(college, datetime.date(2026, 3, 2), secretary=other)
    work = work_page(college["chair"])
    [partial] = work.partial
    assert partial.total == LIST_LIMIT + 4 and len(partial.items) == LIST_LIMIT
    assert partial.url == reverse("vergaderingen:meeting-list")
    # the oldest first: the longest waiting
    assert partial.items[0].title.endswith("1 januari 2026")


# --- the meeting of the day -----------------------------------------------------------------------

TODAY = datetime.datetime(2026, 11, 18, 7, tzinfo=datetime.UTC)  # 08:00 in Brussels


def meeting_on(college, when, **traits):
    from .factories import MeetingFactory

    return MeetingFactory(
        orgaan=college["orgaan"], secretary=college["secretary"], starts_at=when, **traits
    )


def day_notices(user):
    from core.worklist import notices_for

    meetings = reverse("vergaderingen:meeting-list")
    return [n for n in notices_for(user) if n.url.startswith(meetings)]


def test_the_members_and_the_secretary_see_the_meeting_of_the_day_on_mijn_werk(college, client):
    import time_machine

    today = meeting_on(college, TODAY + datetime.timedelta(hours=6))  # 14:00 in Brussels
    meeting_on(college, TODAY + datetime.timedelta(days=1))  # tomorrow: not yet
    meeting_on(college, TODAY - datetime.timedelta(hours=1), closed=True)  # held this morning
    outsider = UserFactory()
    with time_machine.travel(TODAY, tick=False):
        for person in (college["chair"], college["schepenen"][3], college["secretary"]):
            [notice] = day_notices(person)
            assert notice.url == reverse("vergaderingen:meeting-detail", args=[today.pk])
            assert "14:00" in notice.title and str(college["orgaan"]) in notice.title
        assert day_notices(outsider) == []
        client.force_login(college["chair"])  # on the page, with the way to the meeting
        page = client.get(reverse("core:my-work")).content.decode()
        assert f'href="{reverse("vergaderingen:meeting-detail", args=[today.pk])}"' in page


def test_an_open_meeting_of_the_day_says_so_and_a_closed_one_leaves(college):
    import time_machine

    from vergaderingen import services

    meeting = meeting_on(college, TODAY + datetime.timedelta(hours=1), opened=True)
    with time_machine.travel(TODAY, tick=False):
        [notice] = day_notices(college["chair"])
        assert notice.body  # "the meeting is open"
        services.meeting_step(meeting=meeting, step="close", by=college["secretary"])
        assert day_notices(college["chair"]) == []


def test_the_meeting_of_the_day_reads_a_fixed_number_of_queries(
    college, django_assert_max_num_queries
):
    import time_machine

    from vergaderingen.worklist import notices

    with time_machine.travel(TODAY, tick=False):
        chair = college["chair"]
        notices(chair)  # the person's roles, read once per request
        with django_assert_max_num_queries(1):
            notices(chair)
        for hour in range(1, 6):
            meeting_on(college, TODAY + datetime.timedelta(hours=hour))
        with django_assert_max_num_queries(1):
            assert len(notices(chair)) == 5
