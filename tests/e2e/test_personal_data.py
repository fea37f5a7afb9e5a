"""Issue 21, item 5, in the browser on the demo data: a schepen downloads their personal data
from the account menu (the worker builds it, the page follows it) and the ZIP holds their
parts; the functioneel beheerder makes a diensthoofd's archive on request. axe on every page."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.management.commands.demo import DEMO_PASSWORD, DOMAIN

pytestmark = pytest.mark.django_db(transaction=True)


def download_zip(page):
    expect(page.get_by_text("Het bestand is klaar.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="persoonsgegevens", exact=False).click()
    return zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes()))


def test_a_schepen_downloads_their_personal_data(new_page):
    call_command("demo", "--force", stdout=io.StringIO())
    page = new_page()
    page.login(f"schepen.financien@{DOMAIN}", DEMO_PASSWORD)
    page.open_account_menu()
    page.follow(page.get_by_role("link", name="Mijn persoonsgegevens"))
    expect(page.get_by_text("nooit in wat u koos in een geheime stemming")).to_be_visible()
    expect(page.get_by_text("Op verzoek van een persoon")).to_have_count(0)
    page.follow(page.get_by_role("button", name="Mijn persoonsgegevens downloaden"))
    archive = download_zip(page)
    assert "LEESMIJ.txt" in archive.namelist()
    (account,) = json.loads(archive.read("account.json"))
    assert account["e-mailadres"] == f"schepen.financien@{DOMAIN}"
    assert json.loads(archive.read("mandaten.json"))

    beheer = new_page()
    beheer.login(f"beheer@{DOMAIN}", DEMO_PASSWORD)
    beheer.goto("/mijn-gegevens/")
    beheer.get_by_label("Persoon").select_option(label="Quinten Aerts")
    beheer.follow(beheer.get_by_role("button", name="Het archief van deze persoon maken"))
    expect(beheer.get_by_text("Dit veld is verplicht.")).to_be_visible()
    beheer.get_by_label("Verzoek (wie vroeg het, wanneer, hoe)").fill("Per e-mail, 4 december")
    beheer.follow(beheer.get_by_role("button", name="Het archief van deze persoon maken"))
    archive = download_zip(beheer)
    (account,) = json.loads(archive.read("account.json"))
    assert account["naam"] == "Quinten Aerts"
