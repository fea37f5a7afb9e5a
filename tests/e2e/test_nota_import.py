"""Issue 18 in the browser, on the demo data: the algemeen directeur pastes a two-page memo
(numbered articles, lettered sub-articles, roman items and bullets), corrects one line in the
preview, creates the nota and downloads its PDF, whose text has every number on the line of
its text, "pagina X/2" under "Interne nota" at the top of each page and "Datum: …"; and
imports the .docx made with Word's list numbering shipped in tests/. axe-core on every page."""

import io
import re
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.management.commands.demo import DEMO_PASSWORD, DOMAIN
from afsprakennota.models import Afsprakennota
from afsprakennota.numbering import numbered

pytestmark = pytest.mark.django_db(transaction=True)

MEMO = (Path(__file__).parent / "files" / "memo_twee_paginas.txt").read_text()
DOCX = Path(__file__).parents[1] / "afsprakennota" / "files" / "memo_list_numbering.docx"


def _start(ad, choice):
    """From the list of notas to the start page, with the given start chosen."""
    ad.goto("/afsprakennota/")
    ad.follow(ad.get_by_role("link", name="Nieuwe afsprakennota"))
    ad.get_by_label(choice).check()


def test_a_pasted_memo_is_corrected_in_the_preview_and_prints_as_the_house_nota(new_page, tmp_path):
    call_command("demo", "--force", stdout=io.StringIO())
    before = set(Afsprakennota.objects.values_list("pk", flat=True))
    ad = new_page()
    ad.login(f"algemeen.directeur@{DOMAIN}", DEMO_PASSWORD)

    _start(ad, "De tekst van een nota plakken")
    expect(ad.get_by_label("Bestand", exact=True)).to_be_hidden()  # only the chosen start's field
    ad.get_by_label("Tekst van de nota", exact=True).fill(MEMO)
    ad.follow(ad.get_by_role("button", name="Verder"))

    expect(ad.get_by_role("heading", name="Voorbeeld van de nota")).to_be_visible()
    preview = ad.locator(".import-preview")
    expect(preview).to_contain_text("Onderwerp:")
    expect(preview).to_contain_text("Afsprakennota bestuur en administratie 2025-2030")
    expect(ad.get_by_test_id("preview-article")).to_have_count(24)
    expect(preview.locator(".article-number", has_text="•")).to_have_count(4)
    assert set(Afsprakennota.objects.values_list("pk", flat=True)) == before  # nothing saved

    # One line was wrong in the memo: corrected in the text, the preview follows.
    text = ad.get_by_role("textbox", name="Tekst van de nota")
    text.fill(text.input_value().replace("binnen twee werkdagen", "binnen drie werkdagen"))
    ad.follow(ad.get_by_role("button", name="Voorbeeld vernieuwen"))
    expect(preview).to_contain_text("binnen drie werkdagen")
    assert set(Afsprakennota.objects.values_list("pk", flat=True)) == before

    ad.follow(ad.get_by_role("button", name="Nota aanmaken"))
    expect(ad.locator(".alert-success")).to_contain_text("aangemaakt vanuit de tekst")
    nota = Afsprakennota.objects.exclude(pk__in=before).get()
    assert nota.state == "concept" and nota.referentie == "AD/2026/031"
    numbers = [n.number for n in numbered(list(nota.articles.all()))]
    assert numbers[:9] == ["1.", "a.", "i.", "ii.", "iii.", "b.", "i.", "ii.", "iii."]
    assert numbers.count("•") == 4

    with ad.page.expect_download() as download:
        ad.get_by_role("link", name="Ontwerp-PDF downloaden").click()
    pdf = tmp_path / "nota.pdf"
    download.value.save_as(pdf)
    layout = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [page for page in layout.split("\f") if page.strip()]
    assert len(pages) == 2, layout
    for k, page in enumerate(pages, start=1):
        top = [line.strip() for line in page.splitlines() if line.strip()][:3]
        assert any(line.startswith("Interne nota") for line in top), top
        assert any(line.endswith(f"pagina {k}/2") for line in top), top
    lines = [" ".join(line.split()) for line in layout.splitlines()]
    assert "Datum: 4 december 2026" in lines
    assert "1. Wederzijdse verwachtingen" in lines
    assert any(re.fullmatch(r"a\. Het college verwacht van de administratie:", ln) for ln in lines)
    assert any(ln.startswith("i. tijdige en volledige voorbereiding") for ln in lines)
    assert any(ln.startswith("• de burgemeester zit het college") for ln in lines)
    assert any("binnen drie werkdagen" in ln for ln in lines)
    # no number alone on its line
    assert not [ln for ln in lines if re.fullmatch(r"(\d+|[a-z]|[ivx]+)\.|•", ln)]


def test_a_word_document_with_list_numbering_is_imported(new_page):
    call_command("demo", "--force", stdout=io.StringIO())
    ad = new_page()
    ad.login(f"algemeen.directeur@{DOMAIN}", DEMO_PASSWORD)

    # A file that is not a Word document: a clear message at the field, nothing saved.
    count = Afsprakennota.objects.count()
    _start(ad, "Een bestand importeren (.docx of .odt)")
    ad.get_by_label("Bestand", exact=True).set_input_files(
        files=[{"name": "nota.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7 x"}]
    )
    ad.follow(ad.get_by_role("button", name="Verder"))
    expect(ad.locator("#error_1_id_file")).to_contain_text(
        "geen Word- (.docx) of OpenDocument-document"
    )
    assert Afsprakennota.objects.count() == count

    ad.get_by_label("Een bestand importeren (.docx of .odt)").check()
    ad.get_by_label("Bestand", exact=True).set_input_files(str(DOCX))
    ad.follow(ad.get_by_role("button", name="Verder"))
    expect(ad.get_by_test_id("preview-article")).to_have_count(9)
    ad.follow(ad.get_by_role("button", name="Nota aanmaken"))
    nota = Afsprakennota.objects.latest("pk")
    assert [n.number for n in numbered(list(nota.articles.all()))] == [
        "1.", "a.", "i.", "ii.", "b.", "2.", "•", "•", "3.",
    ]  # fmt: skip
    expect(ad.locator("#artikels")).to_contain_text("Met een agenda.")
