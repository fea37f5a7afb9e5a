"""Issue 21, item 4, in the browser on the demo data: a schepen makes their calendar address
from the account menu and their calendar program reads it (parsed back with icalendar); a
meeting page offers its .ics; a new address ends the old one. axe-core on every page."""

import io

import pytest
from django.core.management import call_command
from icalendar import Calendar
from playwright.sync_api import expect

from accounts.management.commands.demo import DEMO_PASSWORD, DOMAIN
from vergaderingen.models import Meeting

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_schepen_subscribes_to_their_calendar(page):
    call_command("demo", "--force", stdout=io.StringIO())
    page.login(f"schepen.financien@{DOMAIN}", DEMO_PASSWORD)
    page.open_account_menu()
    page.follow(page.get_by_role("link", name="Mijn agenda"))
    page.follow(page.get_by_role("button", name="Mijn agenda-adres maken"))
    expect(page.get_by_text("Uw agenda-adres is klaar")).to_be_visible()
    address = page.get_by_label("Uw agenda-adres").input_value()
    assert address.startswith(page.base_url) and address.endswith(".ics")

    # the calendar program reads it without a login
    program = page.context.browser.new_context()
    response = program.request.get(address)
    assert response.status == 200
    calendar = Calendar.from_ical(response.body())
    meetings = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("meeting-")]
    assert meetings and all("Vergadering van" in str(e["SUMMARY"]) for e in meetings)

    # a meeting's own .ics
    meeting = Meeting.objects.filter(orgaan__type="college").order_by("-starts_at").first()
    page.goto(f"/vergaderingen/{meeting.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="In mijn agenda zetten (.ics)").click()
    (event,) = Calendar.from_ical(download.value.path().read_bytes()).walk("VEVENT")
    assert str(event["UID"]).startswith(f"meeting-{meeting.pk}@")

    # a new address: the old one no longer works
    page.goto("/agenda/")
    page.follow(page.get_by_role("button", name="Een nieuw adres maken"))
    expect(page.get_by_text("het vorige werkt niet meer")).to_be_visible()
    assert program.request.get(address).status == 404
    assert program.request.get(page.get_by_label("Uw agenda-adres").input_value()).status == 200
    program.close()
