"""Word out and the seal's time, in the browser, on the demo data: the algemeen directeur
downloads a version of the signed nota as Word from the versions page (and opens it), then the
sealed PDF, sealed with a timestamp from a time-stamping authority, and the verification page
shows the timestamp's time and authority."""

import io

import pytest
from django.core.management import call_command
from docx import Document
from playwright.sync_api import expect

from accounts.management.commands.demo import DEMO_PASSWORD, DOMAIN
from afsprakennota.models import Afsprakennota
from tests.afsprakennota.test_seal_timestamp import TSA_NAME, tsa_server  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_algemeen_directeur_downloads_word_and_verifies_the_timestamped_seal(
    new_page,
    tmp_path,
    settings,
    tsa_server,  # noqa: F811
):
    call_command("demo", "--force", stdout=io.StringIO())
    certificate = tmp_path / "zegel.p12"
    call_command("seal_certificate", path=str(certificate), password="e2e", verbosity=0)
    settings.NOTA_SEAL_PKCS12, settings.NOTA_SEAL_PASSWORD = str(certificate), "e2e"
    settings.NOTA_SEAL_TSA_URL = tsa_server[0]
    nota = Afsprakennota.objects.get(kind="decreet", state="ondertekend")
    latest = nota.versions.order_by("-number").first()

    ad = new_page()
    ad.login(f"algemeen.directeur@{DOMAIN}", DEMO_PASSWORD)
    ad.goto(f"/afsprakennota/{nota.pk}/versies/")
    links = ad.get_by_test_id("version-word-links").get_by_role("link")
    expect(links).to_have_count(nota.versions.count())
    with ad.page.expect_download() as download:
        ad.get_by_test_id(f"version-word-{latest.number}").click()
    assert download.value.suggested_filename.endswith(f"-v{latest.number}.docx")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    document = Document(str(path))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Interne nota"
    assert f"Onderwerp: {nota.onderwerp}" in texts
    numbered = [
        p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None
    ]
    tops = [a for a in latest.content["articles"] if a["depth"] == 0]
    assert len([p for p in numbered if p._p.pPr.numPr.ilvl.val == 0]) >= len(tops)

    # The nota page offers its current text as Word too.
    ad.goto(f"/afsprakennota/{nota.pk}/")
    with ad.page.expect_download() as download:
        ad.get_by_test_id("nota-word").click()
    assert download.value.suggested_filename.endswith(".docx")

    # The sealed PDF carries the authority's time; the verification page shows it.
    with ad.page.expect_download() as download:
        ad.locator(f'a[href="/afsprakennota/{nota.pk}/pdf/"]').first.click()
    sealed = tmp_path / "nota.pdf"
    download.value.save_as(sealed)
    ad.goto("/afsprakennota/verificatie/")
    ad.locator('input[type="file"]').set_input_files(str(sealed))
    ad.follow(ad.locator('form[enctype="multipart/form-data"] button[type="submit"]'))
    expect(ad.locator("#uitslag")).to_have_class("alert alert-success")
    expect(ad.locator("#zegel-tijd")).to_contain_text(TSA_NAME)
    expect(ad.locator("#zegel-tijd")).to_have_attribute(
        "data-timestamp", "2026-12-05T10:30:00+01:00"
    )
