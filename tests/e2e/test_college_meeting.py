"""Issue 17's college meeting in the browser, one context per member as in the room: the
burgemeester is absent and the waarnemend burgemeester chairs; a schepen's page shows the
opened vote without reloading; the secretary records a recusal for a member; an urgent item
is added and decided; the minutes of the previous meeting are postponed, then approved at the
following meeting and signed by the chair and the secretary of the meeting they record.
axe-core runs on every page."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.management.commands.demo import DEMO_PASSWORD, DOMAIN

pytestmark = pytest.mark.django_db(transaction=True)

WAARNEMEND = "schepen.financien"  # the demo's waarnemend burgemeester


def as_user(new_page, login):
    page = new_page()
    page.login(f"{login}@{DOMAIN}", DEMO_PASSWORD)
    return page


def confirm(page):
    page.follow(page.get_by_role("main").get_by_role("button").first)


def sign(page, url):
    page.goto(url)
    page.get_by_label("Uw wachtwoord, om te ondertekenen").fill(DEMO_PASSWORD)
    page.follow(page.get_by_role("button", name="De notulen ondertekenen"))


def test_a_college_meeting_without_its_burgemeester(new_page):
    from vergaderingen.models import Meeting

    call_command("demo", "--force", stdout=io.StringIO())
    today = Meeting.objects.get(state="gepland")  # the demo plans it for this afternoon
    previous = Meeting.objects.get(state="gesloten")  # its minutes: item 1 of today
    url = f"/vergaderingen/{today.pk}/"

    # The algemeen directeur (the secretary) fixes the agenda and opens the meeting.
    ad = as_user(new_page, "algemeen.directeur")
    ad.goto(url)
    ad.follow(ad.get_by_role("button", name="Agenda vastleggen"))
    ad.follow(ad.get_by_role("button", name="De vergadering openen"))

    # Four schepenen register; the burgemeester does not come.
    members = {}
    for login in (WAARNEMEND, "schepen.ruimte", "schepen.werken", "schepen.onderwijs"):
        page = as_user(new_page, login)
        page.goto(url)
        page.follow(page.get_by_role("button", name="Ik ben aanwezig"))
        members[login] = page
    chair = members[WAARNEMEND]
    chair.page.reload()
    chair.check_a11y()
    expect(chair.get_by_text("4 van 7 aanwezig, 4 nodig").first).to_be_visible()
    expect(chair.get_by_text(re.compile("in de plaats van de voorzitter")).first).to_be_visible()

    # Item 1, the minutes of the previous meeting, is postponed by consensus.
    chair.get_by_text("Beslissen bij consensus").first.click()
    chair.get_by_label("Uitkomst").first.select_option("uitgesteld")
    chair.follow(chair.get_by_role("button", name="Het besluit vastleggen").first)
    expect(chair.get_by_text(re.compile("Besluit: uitgesteld"))).to_be_visible()

    # The secretary records that a schepen leaves the room for item 2.
    ad.page.reload()
    ad.get_by_label("Noteer dat een lid de zaal verlaat bij agendapunt 2").select_option(
        label="Carine Janssens"
    )
    ad.follow(ad.get_by_role("button", name="Het belangenconflict noteren").first)
    expect(
        ad.get_by_text(re.compile("Verliet de vergadering voor dit agendapunt.*Carine Janssens"))
    ).to_be_visible()

    # An urgent item, with its reason.
    ad.get_by_label("Titel van het agendapunt").fill("Herstel stormschade sporthal")
    ad.get_by_label("Waarom het niet kan wachten op een volgende vergadering").fill(
        "Het dak lekt; de herstelling kan niet wachten."
    )
    ad.follow(ad.get_by_role("button", name="Het dringende agendapunt toevoegen"))
    expect(ad.get_by_text("Het dak lekt; de herstelling kan niet wachten.")).to_be_visible()

    # A schepen's page is open; the waarnemend burgemeester opens the vote on item 3.
    ruimte = members["schepen.ruimte"]
    ruimte.page.reload()
    ballot = ruimte.get_by_role("group", name=re.compile("Uw stem over agendapunt 3"))
    expect(ballot).to_have_count(0)
    chair.page.reload()
    chair.follow(chair.get_by_role("button", name="Een stemming openen over agendapunt 3"))
    expect(ballot).to_be_visible(timeout=15_000)  # no reload by hand: the page follows
    ruimte.check_a11y()
    for login in members:
        page = members[login]
        if page is not ruimte:
            page.page.reload()
        page.get_by_role("group", name=re.compile("Uw stem over agendapunt 3")).get_by_label(
            "Ja", exact=True
        ).check()
        page.follow(page.get_by_role("button", name="Stemmen"))
    chair.follow(chair.get_by_role("button", name="De stemming over agendapunt 3 sluiten"))
    confirm(chair)
    chair.follow(
        chair.get_by_role("button", name=re.compile("uitslag van de stemming over agendapunt 3"))
    )
    expect(chair.get_by_text(re.compile("Besluit: goedgekeurd")).first).to_be_visible()
    ad.goto(url)
    ad.follow(ad.get_by_role("button", name="De vergadering sluiten"))
    confirm(ad)

    # The minutes of today's meeting: drafted, with the urgent item and who chaired.
    ad.follow(ad.get_by_role("link", name="Notulen en besluitenlijst"))
    text = ad.get_by_label(re.compile("Tekst van de notulen"))
    expect(text).to_contain_text("Dringend agendapunt")
    expect(text).to_contain_text("Voorzitter: Bart Claes")
    ad.follow(ad.get_by_role("button", name="De notulen bewaren"))

    # The following meeting, later today: both minutes are approved there.
    ad.goto("/vergaderingen/nieuw/")
    ad.get_by_label(re.compile(r"^\s*Orgaan")).select_option(
        label="College van burgemeester en schepenen"
    )
    later = min(
        timezone.localtime() + datetime.timedelta(minutes=5),
        timezone.localtime().replace(hour=23, minute=59),
    )
    ad.get_by_label(re.compile(r"^\s*Datum en tijdstip")).fill(f"{later:%Y-%m-%dT%H:%M}")
    ad.get_by_label(re.compile(r"^\s*Plaats")).fill("Schepenzaal")
    ad.follow(ad.get_by_role("button", name="Plannen"))
    following_url = ad.page.url.removeprefix(ad.base_url)
    candidates = ad.get_by_role("button", name=re.compile("Goedkeuring van de notulen"))
    while candidates.count():
        ad.follow(candidates.first)
    minutes_items = ad.get_by_role("heading", name=re.compile("Goedkeuring van de notulen"))
    expect(minutes_items).to_have_count(2)
    ad.follow(ad.get_by_role("button", name="Agenda vastleggen"))
    ad.follow(ad.get_by_role("button", name="De vergadering openen"))
    mayor = as_user(new_page, "burgemeester")
    for page in (mayor, *members.values()):
        page.goto(following_url)
        page.follow(page.get_by_role("button", name="Ik ben aanwezig"))
    for _n in (1, 2):
        mayor.goto(following_url)
        mayor.get_by_text("Beslissen bij consensus").first.click()
        mayor.get_by_label("Uitkomst").first.select_option("goedgekeurd")
        mayor.follow(mayor.get_by_role("button", name="Het besluit vastleggen").first)
    expect(mayor.get_by_text(re.compile("Besluit: goedgekeurd"))).to_have_count(2)

    # Each minutes are signed by whoever chaired and was secretary at that meeting.
    sign(chair, f"/vergaderingen/{today.pk}/notulen/")  # the waarnemend burgemeester
    sign(ad, f"/vergaderingen/{today.pk}/notulen/")
    expect(ad.get_by_text(re.compile("ondertekend door Bart Claes"))).to_be_visible()
    mayor.goto(f"/vergaderingen/{today.pk}/notulen/")
    expect(mayor.get_by_role("button", name="De notulen ondertekenen")).to_have_count(0)
    sign(mayor, f"/vergaderingen/{previous.pk}/notulen/")
    sign(ad, f"/vergaderingen/{previous.pk}/notulen/")
    expect(ad.get_by_text(re.compile("ondertekend door Anna Peeters"))).to_be_visible()
