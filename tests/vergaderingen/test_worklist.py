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
