"""The afsprakennota's whole story in the browser, on the demo data: drawn up from the
template, discussed, revised, approved by the college and the vast bureau in their meetings,
signed, downloaded sealed, and confirmed by the verification page; an exercise's nota and the
exercise that uses it point at each other. This installation has the BCSD leave its consent to
the council (AFSPRAKENNOTA_BCSD_APPROVES off); test_nota_bodies.py has the default, where the
BCSD approves too."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.management.commands.demo import DEMO_PASSWORD, DOMAIN
from afsprakennota.models import Afsprakennota
from vergaderingen.models import Meeting

pytestmark = pytest.mark.django_db(transaction=True)

SUBJECT = "Afsprakennota 2025–2030, herziening 2026"
NEW_ARTICLE = "Evaluatie van deze afsprakennota"
MEMBERS = ["schepen.financien", "schepen.ruimte", "schepen.werken"]
EXERCISE = "Optimalisatie-oefening 2026"  # the demo's cycle
# the sections the decree requires (articles 1 to 3 of the template) and what is written there
REQUIRED = {
    "Samenwerking om de beleidsdoelstellingen te realiseren": (
        "Het managementteam maakt de kwartaalrapportage voor het college."
    ),
    "Omgangsvormen tussen bestuur en administratie": (
        "Schepenen richten hun vragen aan het diensthoofd, met de algemeen directeur in kopie."
    ),
    "Uitoefening van gedelegeerde bevoegdheden": (
        "De algemeen directeur rapporteert twee keer per jaar over de gedelegeerde bevoegdheden."
    ),
}


def as_user(new_page, login):
    page = new_page()
    page.login(f"{login}@{DOMAIN}", DEMO_PASSWORD)
    return page


def label(text):
    return re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$")


def approve_in_meeting(new_page, ad, meeting_url, chair):
    """The algemeen directeur fixes the agenda and opens; members attend; the chair records
    the body's approval of the nota by consensus."""
    ad.goto(meeting_url)
    ad.follow(ad.get_by_role("button", name="Agenda vastleggen"))
    ad.follow(ad.get_by_role("button", name="De vergadering openen"))
    for login in MEMBERS:
        member = as_user(new_page, login)
        member.goto(meeting_url)
        member.follow(member.get_by_role("button", name="Ik ben aanwezig"))
        member.page.close()
    chair.goto(meeting_url)
    chair.follow(chair.get_by_role("button", name="Ik ben aanwezig"))
    item = chair.locator("article.card", has=chair.get_by_role("link", name=SUBJECT))
    item.get_by_text("Beslissen bij consensus").click()
    item.get_by_label("Uitkomst").select_option("goedgekeurd")
    chair.follow(item.get_by_role("button", name="Het besluit vastleggen"))
    expect(
        chair.locator("article.card", has=chair.get_by_role("link", name=SUBJECT))
    ).to_contain_text("Besluit: goedgekeurd")


def test_the_whole_story_of_a_decree_nota(new_page, tmp_path, settings):
    settings.AFSPRAKENNOTA_BCSD_APPROVES = False
    call_command("demo", "--force", stdout=io.StringIO())
    previous = Afsprakennota.objects.get(kind="decreet", state="ondertekend")

    # 1. The algemeen directeur creates the decree's nota from the template.
    ad = as_user(new_page, "algemeen.directeur")
    ad.follow(
        ad.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Afsprakennota")
    )
    ad.follow(ad.get_by_role("link", name="Nieuwe afsprakennota"))
    ad.follow(ad.get_by_role("button", name="Verder"))  # from the template: the default
    expect(ad.get_by_role("status")).to_contain_text("aangemaakt vanuit het sjabloon")
    expect(ad.get_by_role("heading", name=re.compile("Samenwerking om de beleids"))).to_be_visible()
    nota_url = ad.page.url

    # ... sets the header, writes a new article, and moves it up one place.
    ad.follow(ad.get_by_role("link", name="Hoofding en inleiding bewerken"))
    ad.get_by_label(label("Onderwerp")).fill("")
    ad.follow(ad.get_by_role("button", name="Bewaren"))
    expect(ad.get_by_text("Dit veld is verplicht.")).to_be_visible()  # next to the field
    ad.get_by_label(label("Onderwerp")).fill(SUBJECT)
    ad.get_by_label(label("Referentie")).fill("AD/2026/031")
    ad.follow(ad.get_by_role("button", name="Bewaren"))
    ad.follow(ad.get_by_role("link", name="Artikel achteraan toevoegen"))
    ad.get_by_label(label("Titel")).fill(NEW_ARTICLE)
    ad.get_by_label(label("Tekst")).fill("We evalueren deze nota **elk jaar** in december.")
    ad.follow(ad.get_by_role("button", name="Bewaren"))
    article = ad.locator("article.nota-article", has_text=NEW_ARTICLE)
    expect(article.locator(".article-number")).to_have_text("13.")
    article.get_by_role("button", name="Omhoog").click()  # htmx swaps the articles in place
    expect(
        ad.locator("article.nota-article", has_text=NEW_ARTICLE).locator(".article-number")
    ).to_have_text("12.")
    ad.check_a11y()
    ad.follow(ad.get_by_role("button", name="In bespreking brengen"))
    expect(ad.get_by_role("status")).to_contain_text("in bespreking als versie 1")

    # 2. A schepen comments on an article.
    schepen = as_user(new_page, "schepen.financien")
    schepen.follow(
        schepen.get_by_role("navigation", name="Hoofdmenu").get_by_role(
            "link", name="Afsprakennota"
        )
    )
    schepen.follow(schepen.get_by_role("link", name=SUBJECT))
    first = schepen.locator("article.nota-article").first
    first.get_by_text("Reageren op dit artikel").click()
    first.get_by_label("Uw reactie").fill("Voeg toe dat het MT de **kwartaalrapportage** maakt.")
    schepen.follow(first.get_by_role("button", name="Reactie plaatsen"))
    expect(schepen.get_by_role("status")).to_contain_text("Uw reactie is geplaatst")
    expect(schepen.get_by_role("link", name="Hoofding en inleiding bewerken")).to_have_count(0)

    # 3. The algemeen directeur writes the required sections (the first one as the schepen
    # asked) and sends the nota for approval.
    ad.goto(nota_url.replace(ad.base_url, ""))
    expect(ad.locator("article.nota-article").first).to_contain_text("kwartaalrapportage")
    for heading, written in REQUIRED.items():
        article = ad.locator("article.nota-article", has_text=heading)
        ad.follow(article.get_by_role("link", name=re.compile("^Bewerken")))
        ad.get_by_label(label("Tekst")).fill(written)
        ad.follow(ad.get_by_role("button", name="Bewaren"))
    ad.follow(ad.get_by_role("button", name="Ter goedkeuring voorleggen"))
    expect(ad.get_by_role("status")).to_contain_text("Versie 2 ligt ter goedkeuring voor")
    ad.follow(ad.get_by_role("link", name="Versies vergelijken"))
    expect(ad.locator("tr.change-changed").first).to_contain_text("kwartaalrapportage")
    expect(ad.locator("tr.change-changed ins").first).to_be_visible()

    # 4. The college (its planned meeting got the item) and the vast bureau approve it.
    college_meeting = Meeting.objects.get(state="gepland", orgaan__type="college")
    chair = as_user(new_page, "burgemeester")
    approve_in_meeting(new_page, ad, f"/vergaderingen/{college_meeting.pk}/", chair)
    ad.goto(nota_url.replace(ad.base_url, ""))
    expect(ad.get_by_text(re.compile("Ter goedkeuring", re.I)).first).to_be_visible()
    ad.follow(
        ad.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Vergaderingen")
    )
    ad.follow(ad.get_by_role("link", name="Een vergadering plannen"))
    ad.get_by_label(re.compile(r"^\s*Orgaan")).select_option(label="Vast bureau")
    later = min(  # a meeting opens on its own day
        timezone.localtime() + datetime.timedelta(minutes=5),
        timezone.localtime().replace(hour=23, minute=59),
    )
    ad.get_by_label(re.compile(r"^\s*Datum en tijdstip")).fill(f"{later:%Y-%m-%dT%H:%M}")
    ad.get_by_label(re.compile(r"^\s*Plaats")).fill("Raadzaal")
    ad.follow(ad.get_by_role("button", name="Plannen"))
    ad.follow(ad.get_by_role("button", name=re.compile(re.escape(SUBJECT))))
    approve_in_meeting(new_page, ad, ad.page.url.replace(ad.base_url, ""), chair)

    # 5. The signatories sign; the burgemeester twice (also chair of the vast bureau).
    for login in ["algemeen.directeur", "burgemeester", "schepen.welzijn"]:
        signer = ad if login == "algemeen.directeur" else as_user(new_page, login)
        signer.goto("/")
        for _i in range(2 if login == "burgemeester" else 1):
            signer.follow(
                signer.get_by_role("link", name=re.compile("Onderteken de afsprakennota"))
            )
            signer.follow(signer.get_by_role("button", name="Ondertekenen", exact=True))
            if login == "algemeen.directeur":  # signing without the password is refused
                expect(signer.get_by_text("Geef uw wachtwoord om te ondertekenen.")).to_be_visible()
            signer.get_by_label(label("Uw wachtwoord")).fill(DEMO_PASSWORD)
            signer.follow(signer.get_by_role("button", name="Ondertekenen", exact=True))
            signer.goto("/")
    ad.goto(nota_url.replace(ad.base_url, ""))
    expect(ad.get_by_role("heading", name=SUBJECT)).to_be_visible()
    expect(ad.locator("#handtekeningen")).not_to_contain_text("nog niet getekend")
    nota = Afsprakennota.objects.get(onderwerp=SUBJECT)
    assert nota.state == "ondertekend"
    previous.refresh_from_db()
    assert previous.state == "vervangen"

    # 6. The algemeen directeur downloads the sealed PDF ...
    with ad.page.expect_download() as download:
        ad.get_by_role("link", name="Verzegelde PDF downloaden").click()
    path = tmp_path / "nota.pdf"
    download.value.save_as(path)
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(path).pages)
    assert SUBJECT in text and "kwartaalrapportage" in text and "ONTWERP" not in text

    # 7. ... and the verification page confirms it; a changed copy is refused.
    ad.goto("/afsprakennota/verificatie/")
    ad.get_by_label(label("PDF-bestand")).set_input_files(str(path))
    ad.follow(ad.get_by_role("button", name="Controleren"))
    expect(ad.locator("#uitslag")).to_contain_text("Geldig")
    expect(ad.locator("#uitslag")).to_contain_text(f"„{SUBJECT}”, versie 2")
    data = bytearray(path.read_bytes())
    data[len(data) // 3] ^= 0x01
    changed = tmp_path / "gewijzigd.pdf"
    changed.write_bytes(bytes(data))
    ad.get_by_label(label("PDF-bestand")).set_input_files(str(changed))
    ad.follow(ad.get_by_role("button", name="Controleren"))
    expect(ad.locator("#uitslag")).to_contain_text("Niet geldig")

    # The term status page shows the new signed nota.
    ad.goto("/afsprakennota/bestuursperiodes/")
    expect(ad.get_by_role("link", name=SUBJECT)).to_be_visible()


def test_a_participant_reads_their_role_on_mijn_werk_and_the_cycle_page(new_page):
    call_command("demo", "--force", stdout=io.StringIO())
    head = as_user(new_page, "dh.sociale.dienst")
    head.goto("/")
    notice = head.locator(".card", has_text="volgens het ontwerp van afsprakennota")
    expect(notice).to_contain_text("Rol van de diensthoofden")
    expect(notice).not_to_contain_text("Rol van de managers")
    head.follow(
        head.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Optimalisatie")
    )
    expect(head.get_by_text("Rol van de diensthoofden")).to_be_visible()
    director = as_user(new_page, "algemeen.directeur")
    director.goto("/afsprakennota/bestuursperiodes/")
    expect(director.get_by_text(re.compile("ondertekend op 27 maart 2025"))).to_be_visible()
    # The exercise's nota names the exercise that uses it, and leads back to its page.
    director.goto("/afsprakennota/")
    director.follow(director.get_by_role("link", name=f"Afsprakennota {EXERCISE}"))
    director.follow(director.get_by_role("link", name=EXERCISE, exact=True))
    expect(director.get_by_role("heading", level=1)).to_have_text(EXERCISE)
