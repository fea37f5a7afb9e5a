"""Issue 21, item 1: the college decides in the official decision system. In the browser on the
demo data, the functioneel beheerder sets it so; the algemeen directeur marks the bundle ready
for the college, downloads its draft decision (read back from the .docx), records the
decision by its reference (a bad address is refused at the field, the input stays), and the
bundle's advices are approved, with the reference on each advice and in its history. A
schepen sees the recorded decision but cannot record. axe-core runs on every page."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from accounts.management.commands.demo import DEMO_PASSWORD, DOMAIN
from optimalisatie.models import Advies, Bundle

pytestmark = pytest.mark.django_db(transaction=True)

BUNDLE = "Samen aankopen en één wagenpark"
URL = "https://besluiten.heuvelbeke.example/id/besluit/2026_CBS_00412"


def login(new_page, who):
    page = new_page()
    page.login(f"{who}@{DOMAIN}", DEMO_PASSWORD)
    return page


def test_the_college_decides_in_the_official_system(new_page):
    call_command("demo", "--force", stdout=io.StringIO())

    # The functioneel beheerder sets where the college decides.
    beheer = login(new_page, "beheer")
    beheer.goto("/beheer/vergaderingen/bodysettings/add/")
    beheer.get_by_label("Orgaan:", exact=True).select_option(
        label="College van burgemeester en schepenen"
    )
    beheer.get_by_label("Waar dit orgaan beslist").select_option("officieel")
    beheer.follow(beheer.get_by_role("button", name="Bewaren", exact=True))
    expect(beheer.locator(".messagelist, .alert-success").first).to_be_visible()

    # The algemeen directeur marks the bundle ready for the college.
    ad = login(new_page, "algemeen.directeur")
    bundle = Bundle.objects.get(title=BUNDLE)
    ad.goto(f"/optimalisatie/bundels/{bundle.pk}/")
    ad.follow(ad.get_by_role("button", name="Klaar voor het college"))

    # Planning a college meeting in the app is refused with the reason.
    ad.goto("/vergaderingen/nieuw/")
    ad.get_by_label(re.compile(r"^\s*Orgaan")).select_option(
        label="College van burgemeester en schepenen"
    )
    ad.get_by_label(re.compile(r"^\s*Datum en tijdstip")).fill("2026-12-20T19:00")
    ad.get_by_label(re.compile(r"^\s*Plaats")).fill("Raadzaal")
    ad.follow(ad.get_by_role("button", name="Plannen"))
    expect(ad.get_by_text("beslist in het officiële besluitvormingssysteem").first).to_be_visible()

    # From the meetings, to the college's page in the official system.
    ad.goto("/vergaderingen/")
    ad.follow(
        ad.get_by_role(
            "link", name="Ontwerpbesluiten en besluiten van College van burgemeester en schepenen"
        )
    )
    row = ad.get_by_role("region", name="Klaar voor een besluit").locator("tr", has_text=BUNDLE)
    with ad.expect_download() as download:
        row.get_by_role("link", name=f"Ontwerpbesluit (.docx) van {BUNDLE}").click()
    doc = Document(str(download.value.path()))
    text = "\n".join(p.text for p in doc.paragraphs)
    for heading in ("Onderwerp", "Juridische grond", "Adviezen", "Financiële gevolgen", "Besluit"):
        assert heading in text
    assert BUNDLE in text and "Artikel 1." in text
    assert "Gezamenlijke aankoop strooizout met buurgemeenten" in text

    # The decision, recorded by its reference: a bad address is refused at the field.
    ad.follow(row.get_by_role("link", name=f"Het besluit over {BUNDLE} vastleggen"))
    ad.get_by_label("goedgekeurd").check()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ad.get_by_label(re.compile(r"^\s*Datum van de vergadering")).fill(f"{yesterday:%Y-%m-%d}")
    ad.get_by_label(re.compile(r"^\s*Nummer van het besluit")).fill("2026_CBS_00412")
    ad.get_by_label(re.compile(r"^\s*Publiek adres van het besluit")).fill("besluit 412")
    ad.get_by_label(re.compile(r"^\s*Motivering")).fill("Goedgekeurd zoals voorgesteld.")
    ad.follow(ad.get_by_role("button", name="Het besluit vastleggen"))
    expect(ad.get_by_text("Voer een geldige URL in.")).to_be_visible()
    expect(ad.get_by_label(re.compile(r"^\s*Nummer van het besluit"))).to_have_value(
        "2026_CBS_00412"
    )
    ad.get_by_label(re.compile(r"^\s*Publiek adres van het besluit")).fill(URL)
    ad.follow(ad.get_by_role("button", name="Het besluit vastleggen"))
    expect(ad.get_by_text(f"Het besluit over “{BUNDLE}” is geregistreerd.")).to_be_visible()
    expect(ad.get_by_role("region", name="Geregistreerde besluiten")).to_contain_text(
        "2026_CBS_00412"
    )
    expect(ad.get_by_role("region", name="Klaar voor een besluit")).not_to_contain_text(BUNDLE)

    # Each advice of the bundle is approved, with the reference on its page and in its history.
    for advies in Advies.objects.filter(bundle=bundle):
        ad.goto(f"/optimalisatie/adviezen/{advies.pk}/")
        expect(ad.locator(".decision-reference")).to_contain_text("besliste op")
        expect(ad.get_by_role("link", name="Besluit 2026_CBS_00412", exact=True)).to_have_attribute(
            "href", URL
        )
        expect(ad.locator("section[aria-labelledby=historiek]")).to_contain_text(
            "besluit 2026_CBS_00412"
        )
        assert Advies.objects.get(pk=advies.pk).state == "goedgekeurd"

    # A correction of the reference needs a reason and is kept in the history.
    ad.goto(f"/vergaderingen/organen/{bundle_college_pk()}/")
    ad.follow(ad.get_by_role("link", name="De referentie van besluit 2026_CBS_00412 corrigeren"))
    ad.get_by_label(re.compile(r"^\s*Nummer van het besluit")).fill("2026_CBS_00413")
    ad.follow(ad.get_by_role("button", name="De correctie bewaren"))
    expect(ad.get_by_text("Dit veld is verplicht.")).to_be_visible()
    ad.get_by_label(re.compile(r"^\s*Waarom deze correctie")).fill("Tikfout in het nummer.")
    ad.follow(ad.get_by_role("button", name="De correctie bewaren"))
    expect(ad.get_by_text("De correctie is geregistreerd.")).to_be_visible()
    expect(ad.get_by_role("region", name="Geregistreerde besluiten")).to_contain_text(
        "2026_CBS_00413"
    )

    # A schepen sees the college's recorded decisions, without the secretary's actions.
    schepen = login(new_page, "schepen.financien")
    schepen.goto(f"/vergaderingen/organen/{bundle_college_pk()}/")
    expect(schepen.get_by_role("region", name="Geregistreerde besluiten")).to_contain_text(
        "2026_CBS_00413"
    )
    expect(schepen.get_by_role("link", name=re.compile("registreren|corrigeren"))).to_have_count(0)


def bundle_college_pk():
    from accounts.models import Orgaan

    return Orgaan.objects.get(type="college").pk
