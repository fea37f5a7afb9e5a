import pytest

from accounts.constants import Function, OrgaanType
from tests.accounts.factories import MandateFactory, OrgaanFactory, UserFactory
from vergaderingen.constants import MeetingState, Presence
from vergaderingen.models import Attendance

from .factories import AgendaItemFactory, MeetingFactory


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
    """A planned meeting of the college."""
    return MeetingFactory(orgaan=college["orgaan"], secretary=college["secretary"])


@pytest.fixture
def item(meeting):
    return AgendaItemFactory(meeting=meeting, order=1, title="Voorstel")


def attend(meeting, users, presence=Presence.PRESENT):
    """Members attend: the meeting is open by then (here it goes through its own transitions
    when it is not, without the services' checks)."""
    if meeting.state == MeetingState.PLANNED:
        meeting.fix_agenda()
    if meeting.state == MeetingState.AGENDA_FIXED:
        meeting.open()
        meeting.save(update_fields=["state"])
    for user in users:
        Attendance.objects.update_or_create(
            meeting=meeting, member=user, defaults={"presence": presence}
        )


def open_on_its_day(meeting, by):
    """Open the meeting through the service, on the meeting's own day (a meeting opens only
    then); the rest of the test runs on today's date, after the meeting."""
    import time_machine

    from vergaderingen import services

    with time_machine.travel(meeting.starts_at, tick=False):
        services.meeting_step(meeting=meeting, step="open", by=by)
