"""A college meeting in the browser: one browser context per member, as in the room."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.management.commands.demo import DEMO_PASSWORD, DOMAIN
from optimalisatie.models import Advies

pytestmark = pytest.mark.django_db(transaction=True)

ITEM = "Zwerfvuilacties met vrijwilligers"  # the demo's advice the MT marked ready


def as_user(new_page, login):
    page = new_page()
    page.login(f"{login}@{DOMAIN}", DEMO_PASSWORD)
    return page


def test_a_college_meeting_decides_an_advice(new_page):
    call_command("demo", "--force", stdout=io.StringIO())

    # 1. The algemeen directeur plans the meeting and builds the agenda from what is ready.
    ad = as_user(new_page, "algemeen.directeur")
    ad.follow(
        ad.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Vergaderingen")
    )
    ad.follow(ad.get_by_role("link", name="Een vergadering plannen"))
    ad.get_by_label(re.compile(r"^\s*Orgaan")).select_option(
        label="College van burgemeester en schepenen"
    )
    ad.get_by_label(re.compile(r"^\s*Datum en tijdstip")).fill("2026-12-07T09:00")
    ad.get_by_label(re.compile(r"^\s*Plaats")).fill("Schepenzaal")
    ad.follow(ad.get_by_role("button", name="Plannen"))
    ad.follow(ad.get_by_role("button", name=f"„{ITEM}” op de agenda zetten"))
    ad.get_by_label("Titel van het agendapunt").fill("Benoeming van een diensthoofd")
    ad.get_by_label(re.compile("Betreft een persoon")).check()
    ad.follow(ad.get_by_role("button", name="Het agendapunt toevoegen"))
    ad.follow(ad.get_by_role("button", name="Agenda vastleggen"))
    ad.follow(ad.get_by_role("button", name="De vergadering openen"))
    meeting_url = ad.page.url

    # 2. Members register their presence from their own sessions.
    logins = [
        "burgemeester",
        "schepen.financien",
        "schepen.ruimte",
        "schepen.werken",
        "schepen.onderwijs",
    ]
    members = {}
    for login in logins:
        page = as_user(new_page, login)
        page.page.goto(meeting_url)
        page.check_a11y()
        page.follow(page.get_by_role("button", name="Ik ben aanwezig"))
        members[login] = page

    # 3. One schepen declares a conflict of interest on the first item.
    werken = members["schepen.werken"]
    werken.follow(werken.get_by_role("button", name="Een belangenconflict melden bij agendapunt 1"))
    expect(werken.get_by_text("U meldde een belangenconflict")).to_be_visible()

    # 4. The chair opens the vote; the others vote; the chair sees the tally live, closes it.
    chair = members["burgemeester"]
    chair.page.reload()
    chair.follow(chair.get_by_role("button", name="Een stemming openen over agendapunt 1"))
    for login, choice in [
        ("schepen.financien", "Ja"),
        ("schepen.ruimte", "Ja"),
        ("schepen.onderwijs", "Nee"),
    ]:
        page = members[login]
        page.page.reload()
        page.check_a11y()
        page.get_by_role("group", name=re.compile("Uw stem over agendapunt 1")).get_by_label(
            choice, exact=True
        ).check()
        page.follow(page.get_by_role("button", name="Stemmen"))
        expect(page.get_by_role("status")).to_contain_text("Uw stem is geregistreerd")
    werken.page.reload()
    expect(werken.get_by_role("group", name=re.compile("Uw stem over agendapunt 1"))).to_have_count(
        0
    )
    expect(chair.locator("#telling-1, .tally").first).to_contain_text(
        "ja 2, nee 1, onthouding 0", timeout=10_000
    )  # htmx polling, no reload
    chair.get_by_role("group", name=re.compile("Uw stem over agendapunt 1")).get_by_label(
        "Ja", exact=True
    ).check()
    chair.follow(chair.get_by_role("button", name="Stemmen"))
    chair.follow(chair.get_by_role("button", name="De stemming over agendapunt 1 sluiten"))
    chair.follow(
        chair.get_by_role("button", name=re.compile("uitslag van de stemming over agendapunt 1"))
    )
    expect(chair.get_by_text(re.compile("Besluit: goedgekeurd"))).to_be_visible()

    # 5. The decision moved the advice to goedgekeurd.
    assert Advies.objects.get(title=ITEM).state == "goedgekeurd"
    dh = as_user(new_page, "dh.milieu")
    dh.goto("/meldingen/")
    expect(
        dh.get_by_role("link", name=re.compile("Het college heeft beslist over"))
    ).to_be_visible()
