import datetime

import pytest

from accounts.constants import Function, OrgaanType
from tests.accounts.factories import MandateFactory, OrgaanFactory, UserFactory
from vergaderingen.constants import Presence
from vergaderingen.models import AgendaItem, Attendance, Meeting


@pytest.fixture
def college(db):
    """A college of a burgemeester and six schepenen, and its secretary."""
    orgaan = OrgaanFactory(type=OrgaanType.COLLEGE)
    mayor = MandateFactory(
        orgaan=orgaan, function=Function.BURGEMEESTER, user__full_name="Burgemeester"
    ).user
    schepenen = [
        MandateFactory(
            orgaan=orgaan, function=Function.SCHEPEN, user__full_name=f"Schepen {i}"
        ).user
        for i in range(1, 7)
    ]
    return {
        "orgaan": orgaan,
        "chair": mayor,
        "schepenen": schepenen,
        "members": [mayor, *schepenen],
        "secretary": UserFactory(full_name="Secretaris"),
    }


@pytest.fixture
def meeting(college):
    return Meeting.objects.create(
        orgaan=college["orgaan"],
        starts_at=datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC),
        place="Raadzaal",
        secretary=college["secretary"],
    )


@pytest.fixture
def item(meeting):
    return AgendaItem.objects.create(meeting=meeting, order=1, title="Voorstel")


def attend(meeting, users, presence=Presence.PRESENT):
    """Members attend: the meeting is open by then (its state is set directly here)."""
    from vergaderingen.constants import MeetingState

    if meeting.state in (MeetingState.PLANNED, MeetingState.AGENDA_FIXED):
        Meeting.objects.filter(pk=meeting.pk).update(state=MeetingState.OPEN)
        meeting.refresh_from_db()
    for user in users:
        Attendance.objects.update_or_create(
            meeting=meeting, member=user, defaults={"presence": presence}
        )
