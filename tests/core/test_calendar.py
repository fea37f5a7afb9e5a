"""Issue 21, item 4: a person's private calendar feed (meetings, the deadlines of their steps,
their actions' due dates), revocable; a meeting's .ics; the invitation carries it. Every
calendar is parsed back with icalendar."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts.constants import OrgaanType
from accounts.models import Orgaan
from core import calendar
from core.models import AuditEntry, CalendarFeed
from tests.optimalisatie.conftest import world  # noqa: F401 (the shared organisation)
from tests.optimalisatie.factories import CycleFactory
from tests.uitvoering.factories import ActionFactory
from tests.vergaderingen.factories import AgendaItemFactory, MeetingFactory
from vergaderingen import services as meetings


def parse(response):
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def summaries(cal):
    return {str(e["SUMMARY"]) for e in cal.walk("VEVENT")}


@pytest.fixture
def college_meeting(world):  # noqa: F811
    return MeetingFactory(
        orgaan=Orgaan.objects.of_type(OrgaanType.COLLEGE),
        secretary=world.algemeen_directeur,
        starts_at=timezone.now() + datetime.timedelta(days=7),
        place="Raadzaal",
    )


def feed_url(client, user):
    client.force_login(user)
    client.post(reverse("core:agenda"), {"actie": "maken"})
    feed = CalendarFeed.objects.get(user=user, active=True)
    client.logout()
    return reverse("core:agenda-feed", args=[calendar.token_for(feed)])


def test_the_feed_holds_meetings_step_deadlines_and_actions(client, world, college_meeting):  # noqa: F811
    cycle = CycleFactory(title="Oefening 2027")
    action = ActionFactory(owner=world.schepen, title="Offertes opvragen")
    ActionFactory(owner=world.schepen, done=True, title="Al klaar")
    url = feed_url(client, world.schepen)
    cal = parse(client.get(url))  # no login: the address is the key
    names = summaries(cal)
    assert f"Vergadering van {college_meeting.orgaan}" in names
    assert f"Besluit van het college over de adviezen ({cycle.title})" in names
    assert any("Offertes opvragen" in n for n in names)
    assert not any("Al klaar" in n for n in names)
    meeting = next(e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("meeting-"))
    assert meeting["DTSTART"].dt == college_meeting.starts_at.replace(microsecond=0)
    assert str(meeting["LOCATION"]) == "Raadzaal"
    due = next(e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("action-"))
    assert due["DTSTART"].dt == action.due
    # a diensthoofd gets their own deadlines, not the college's
    cal = parse(client.get(feed_url(client, world.diensthoofd)))
    names = summaries(cal)
    assert f"Uw adviezen indienen ({cycle.title})" in names
    assert not any("college" in n for n in names)
    assert not any(str(e["UID"]).startswith("meeting-") for e in cal.walk("VEVENT"))


def test_a_new_address_ends_the_old_one_and_stopping_ends_both(client, world):  # noqa: F811
    old = feed_url(client, world.manager)
    assert client.get(old).status_code == 200
    client.force_login(world.manager)
    client.post(reverse("core:agenda"), {"actie": "vernieuwen"})
    new = reverse(
        "core:agenda-feed", args=[calendar.token_for(CalendarFeed.objects.get(user=world.manager))]
    )
    client.logout()
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    client.force_login(world.manager)
    client.post(reverse("core:agenda"), {"actie": "stoppen"})
    client.logout()
    assert client.get(new).status_code == 404
    # started again: a new address; none of the old ones comes back
    client.force_login(world.manager)
    client.post(reverse("core:agenda"), {"actie": "maken"})
    client.logout()
    again = reverse(
        "core:agenda-feed", args=[calendar.token_for(CalendarFeed.objects.get(user=world.manager))]
    )
    assert again not in (old, new) and client.get(again).status_code == 200
    assert client.get(old).status_code == 404 and client.get(new).status_code == 404
    assert list(
        AuditEntry.objects.filter(actor=world.manager, action__startswith="calendar.")
        .order_by("at")
        .values_list("action", flat=True)
    ) == ["calendar.start", "calendar.renew", "calendar.stop", "calendar.start"]


def test_forged_or_foreign_tokens_are_not_found(client, world):  # noqa: F811
    assert client.get(reverse("core:agenda-feed", args=["niets"])).status_code == 404
    url = feed_url(client, world.manager)
    assert client.get(url[:-8] + "x" + url[-7:]).status_code == 404
    world.manager.is_active = False
    world.manager.save()
    assert client.get(url).status_code == 404  # a person who left: nothing


def test_the_page_needs_a_login_and_refuses_unknown_actions(client, world):  # noqa: F811
    page = client.get(reverse("core:agenda"))
    assert page.status_code == 302
    client.force_login(world.staff)
    assert client.get(reverse("core:agenda")).status_code == 200
    assert client.post(reverse("core:agenda"), {"actie": "iets"}).status_code == 400
    assert not CalendarFeed.objects.exists()


def test_a_meeting_offers_its_ics_to_whoever_sees_it(client, world, college_meeting):  # noqa: F811
    url = reverse("vergaderingen:meeting-ics", args=[college_meeting.pk])
    client.force_login(world.schepen)
    cal = parse(client.get(url))
    (event,) = cal.walk("VEVENT")
    assert event["DTSTART"].dt == college_meeting.starts_at.replace(microsecond=0)
    client.force_login(world.diensthoofd)
    assert client.get(url).status_code == 404


def test_the_invitation_carries_the_meeting_ics(
    world,  # noqa: F811
    college_meeting,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    AgendaItemFactory(meeting=college_meeting, order=1, title="Voorstel")
    with django_capture_on_commit_callbacks(execute=True):
        meetings.meeting_step(
            meeting=college_meeting, step="fix_agenda", by=world.algemeen_directeur
        )
    invitation = next(m for m in mailoutbox if m.to == [world.schepen.email])
    (name, content, kind) = invitation.attachments[0]
    assert name == "uitnodiging.ics" and kind.startswith("text/calendar")
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    assert str(event["UID"]).startswith(f"meeting-{college_meeting.pk}@")


def test_the_feed_reads_a_fixed_number_of_queries(client, world):  # noqa: F811
    url = feed_url(client, world.schepen)
    college = Orgaan.objects.of_type(OrgaanType.COLLEGE)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    MeetingFactory(orgaan=college, secretary=world.algemeen_directeur)
    ActionFactory(owner=world.schepen)
    count()  # warm up
    few = count()
    for _i in range(5):
        MeetingFactory(orgaan=college, secretary=world.algemeen_directeur)
        ActionFactory(owner=world.schepen)
    assert count() == few
