"""Issue 17, items 10 and 11 in the browser, on the demo data: a manager's coaching stays within
the administration until the MT shares it with the college; the budgetary framework is in
force only once the college approves it in a meeting. axe-core on every page (BrowserPage)."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.constants import OrgaanType
from accounts.management.commands.demo import DEMO_PASSWORD, DOMAIN
from accounts.models import Orgaan, User
from optimalisatie.models import Advies, Cycle

pytestmark = pytest.mark.django_db(transaction=True)

VALIDATED = "Energiezuinige verlichting sporthal"  # Sport en jeugd: manager.mens, schepen.cultuur
COACHING = "Vergelijk de offerte met die van de buurgemeente voor je dit verdedigt."


def label(text):
    """A form label, whatever the required-field asterisk."""
    return re.compile(rf"^\s*{text}\s*\*?\s*$")


def words(*alternatives):
    """Text in Dutch, or its English msgid while the catalogue has no translation yet."""
    return re.compile("|".join(alternatives))


def as_user(new_page, login):
    page = new_page()
    page.login(f"{login}@{DOMAIN}", DEMO_PASSWORD)
    return page


def test_coaching_stays_in_the_administration_until_the_mt_shares_it(new_page):
    call_command("demo", "--force", stdout=io.StringIO())
    advies = Advies.objects.get(title=VALIDATED)
    url = f"/optimalisatie/adviezen/{advies.pk}/"

    # 1. The manager coaches on the validated advice: a confidential thread.
    manager = as_user(new_page, "manager.mens")
    manager.goto(url)
    expect(manager.get_by_text(words("coachingsdraad", "coaching thread"))).to_be_visible()
    manager.get_by_label(label("Reactie")).fill(COACHING)
    manager.follow(manager.get_by_role("button", name="Reactie plaatsen"))
    thread = manager.get_by_role("article").filter(has_text=COACHING)
    expect(thread.locator(".coaching-confidential")).to_be_visible()

    # 2. The schepen sees the validated advice, not the coaching.
    schepen = as_user(new_page, "schepen.cultuur")
    schepen.goto(url)
    expect(schepen.get_by_role("heading", name=VALIDATED, level=1)).to_be_visible()
    expect(schepen.get_by_text(COACHING)).to_have_count(0)
    expect(schepen.locator(".coaching-confidential")).to_have_count(0)

    # 3. The algemeen directeur (MT) shares the thread with the college, saying why; asked
    #    first, since it cannot be undone.
    ad = as_user(new_page, "algemeen.directeur")
    ad.goto(url)
    thread = ad.get_by_role("article").filter(has_text=COACHING)
    thread.locator("summary").filter(
        has_text=words("Delen met het college", "Share with the college")
    ).click()
    thread.get_by_label(words("Waarom het college", "Why the college")).fill(
        "De schepen beslist mee over de aankoop."
    )
    ad.follow(
        thread.get_by_role("button", name=words("Delen met het college", "Share with the college"))
    )
    ad.follow(
        ad.get_by_role("main").get_by_role(
            "button", name=words("Delen met het college", "Share with the college")
        )
    )
    expect(ad.get_by_role("status")).to_contain_text(words("gedeeld", "shared"))

    # 4. The schepen now reads it, with who shared it and why.
    schepen.page.reload()
    schepen.check_a11y()
    shared = schepen.get_by_role("article").filter(has_text=COACHING)
    expect(shared).to_be_visible()
    expect(shared.locator(".coaching-shared")).to_contain_text("De schepen beslist mee")
    expect(shared.locator(".coaching-shared")).to_contain_text(
        User.objects.get(email=f"algemeen.directeur@{DOMAIN}").full_name
    )


def test_the_college_sets_the_framework_in_its_meeting(new_page):
    from tests.vergaderingen.factories import MeetingFactory

    call_command("demo", "--force", stdout=io.StringIO())
    cycle = Cycle.objects.open().get()
    cycle_url = f"/optimalisatie/cycli/{cycle.pk}/"

    # 1. The demo's framework is in force; the algemeen directeur changes it: a draft again.
    ad = as_user(new_page, "algemeen.directeur")
    ad.follow(
        ad.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Optimalisatie")
    )
    status = ad.locator(".framework-status")
    expect(status).to_contain_text(
        words("Vastgesteld door het college op", "Set by the college on")
    )
    ad.follow(ad.get_by_role("link", name="Het kader bewerken"))
    ad.get_by_label(label(re.escape("Doelstelling recurrente besparingen (€ per jaar)"))).fill(
        "300000"
    )
    ad.follow(ad.get_by_role("button", name="Bewaren"))
    expect(status).to_contain_text(words("Ontwerp – nog niet vastgesteld", "Draft – not set yet"))

    # 2. It submits the draft to the college.
    ad.follow(ad.get_by_role("button", name=words("Voorleggen aan het college", "Submit to the")))
    expect(status).to_contain_text(words("voorgelegd aan het college", "submitted to the college"))

    # 3. A college meeting today (made here, as planning one is not this test's subject); the
    #    algemeen directeur puts the framework on its agenda, fixes it and opens the meeting.
    when = timezone.localtime() + datetime.timedelta(minutes=30)
    meeting = MeetingFactory(
        orgaan=Orgaan.objects.get(type=OrgaanType.COLLEGE),
        starts_at=min(when, when.replace(hour=23, minute=59)),
        secretary=User.objects.get(email=f"algemeen.directeur@{DOMAIN}"),
    )
    meeting_url = f"/vergaderingen/{meeting.pk}/"
    ad.goto(meeting_url)
    ad.follow(ad.get_by_role("button", name=re.compile(rf"kader .*{re.escape(cycle.title)}")))
    ad.follow(ad.get_by_role("button", name="Agenda vastleggen"))
    ad.follow(ad.get_by_role("button", name="De vergadering openen"))

    # 4. The members say they are present; the burgemeester records the college's approval.
    for login in ["schepen.financien", "schepen.ruimte", "schepen.werken"]:
        member = as_user(new_page, login)
        member.goto(meeting_url)
        member.follow(member.get_by_role("button", name="Ik ben aanwezig"))
    chair = as_user(new_page, "burgemeester")
    chair.goto(meeting_url)
    chair.follow(chair.get_by_role("button", name="Ik ben aanwezig"))
    item = chair.get_by_role("article").filter(
        has=chair.get_by_role("link", name=re.compile(re.escape(cycle.title)))
    )
    item.get_by_text("Beslissen bij consensus").click()
    item.get_by_label("Uitkomst").select_option("goedgekeurd")
    chair.follow(item.get_by_role("button", name="Het besluit vastleggen"))
    expect(chair.get_by_text(re.compile("Besluit: goedgekeurd"))).to_be_visible()

    # 5. On the cycle's page, from the agenda item: set by the college, today, in that meeting.
    chair.follow(chair.get_by_role("link", name=re.compile(re.escape(cycle.title))))
    status = chair.locator(".framework-status")
    expect(status).to_contain_text(
        words("Vastgesteld door het college op", "Set by the college on")
    )
    today = timezone.localdate()
    expect(status).to_contain_text(f"{today.day} ")
    chair.follow(status.get_by_role("link"))
    assert chair.page.url.endswith(meeting_url)
    cycle.refresh_from_db()
    assert cycle.framework_in_force and cycle.framework_decision.item.meeting == meeting
    assert cycle_url  # the page the chair came from
