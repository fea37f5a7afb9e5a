"""The "Interne nota" house layout, measured on what is drawn (pdftotext), the watermark kept
out of the text layer, and the archival PDF (PDF/A-3a, tagged, nl-BE, a title)."""

import io
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader

from accounts.models import Bestuur
from afsprakennota import services
from afsprakennota.pdf import nota_pdf
from afsprakennota.structure import article_insert
from tests.accounts.factories import PASSWORD

from .test_lifecycle import approve_everywhere, nota_for_approval

pytestmark = pytest.mark.django_db

SIGNERS = ("ad", "mayor", "bcsd_chair", "mayor")


def pdftotext(pdf, tmp_path, *args):
    path = tmp_path / "nota.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", *args, str(path), "-"], check=True, capture_output=True, text=True
    )
    return out.stdout


def words_per_page(pdf, tmp_path):
    """[(page height, [(word, xMin, yMin)])] from pdftotext -bbox."""
    root = ET.fromstring(
        re.sub(r"<!DOCTYPE[^>]*>", "", pdftotext(pdf, tmp_path, "-bbox")).replace(
            'xmlns="http://www.w3.org/1999/xhtml"', ""
        )
    )
    return [
        (
            float(page.get("height")),
            [(w.text, float(w.get("xMin")), float(w.get("yMin"))) for w in page.iter("word")],
        )
        for page in root.iter("page")
    ]


def signed(org):
    Bestuur.objects.filter(pk=Bestuur.load().pk).update(plaats="Heuvelbeke")
    nota = nota_for_approval(org)
    approve_everywhere(org, nota)
    draft = nota_pdf(nota)[1]
    for signer in SIGNERS:
        services.nota_sign(nota=nota, by=org[signer], password=PASSWORD)
    nota.refresh_from_db()
    final = nota_pdf(nota)[1]
    if os.environ.get("PDF_DUMP"):
        (Path(os.environ["PDF_DUMP"]) / "house-signed.pdf").write_bytes(final)
    return nota, draft, final


def test_numbers_share_a_line_with_their_text_and_the_counter_is_on_top(org, tmp_path):
    nota = services.nota_create_decree(term=org["term"], by=org["ad"])
    top = nota.articles.order_by("position").first()
    sub = article_insert(
        nota=nota, parent=top, text="Maandelijks overleggen het college en het MT."
    )
    article_insert(nota=nota, parent=sub, text="Eerste punt van de opsomming.")
    for i in range(30):
        article_insert(nota=nota, heading=f"Extra afspraak {i}", text="Tekst " * 60)
    pdf = nota_pdf(nota)[1]
    if os.environ.get("PDF_DUMP"):
        (Path(os.environ["PDF_DUMP"]) / "house-draft.pdf").write_bytes(pdf)
    pages = words_per_page(pdf, tmp_path)
    for n, (height, words) in enumerate(pages, start=1):
        counter = [y for w, _x, y in words if w == f"{n}/{len(pages)}"]
        assert counter and counter[0] < height * 0.15, f"pagina {n}/{len(pages)} not on top"
        title = [y for w, _x, y in words if w == "Interne"]
        assert title and title[0] < counter[0]  # "Interne nota" above "pagina X/Y"
    first = pages[0][1]
    assert any(w == "Datum:" for w, _x, _y in first)
    for number, start in (("1.", "Samenwerking"), ("a.", "Maandelijks"), ("i.", "Eerste")):
        y_number = next(y for w, _x, y in first if w == number)
        y_text = next(y for w, _x, y in first if w == start)
        assert abs(y_number - y_text) < 2, f"{number} not on the line of its text"
    for _height, words in pages:  # no number anywhere without text on its line
        for word, x, y in words:
            if re.fullmatch(r"(\d+|[a-z]|[ivx]+)\.", word):
                assert any(abs(y2 - y) < 2 and x2 > x for _w, x2, y2 in words), word
    layout = pdftotext(pdf, tmp_path, "-layout")
    assert re.search(r"^\s*1\.\s+Samenwerking", layout, re.M)
    assert re.search(r"^\s*i\.\s+Eerste punt", layout, re.M)


def test_the_draft_watermark_stays_out_of_the_text(org, tmp_path):
    nota, draft, final = signed(org)
    draft_text = pdftotext(draft, tmp_path)
    final_text = pdftotext(final, tmp_path)
    assert "ONTWERP" not in draft_text
    # no stray one-letter lines from a watermark
    assert not [line for line in draft_text.splitlines() if re.fullmatch(r"[A-Z]", line.strip())]

    def body(text):  # bar the status line; the signature block differs by nature
        text = text.split("Ondertekening")[0]
        return [line for line in text.splitlines() if not line.startswith("Status:")]

    assert body(draft_text) == body(final_text)
    assert len(body(final_text)) > 20


def test_the_signature_block_names_function_name_date_and_place(org, tmp_path):
    nota, _draft, final = signed(org)
    text = " ".join(pdftotext(final, tmp_path).split())
    block = text.split("Ondertekening")[1]
    for title in ("de algemeen directeur", "de burgemeester", "de voorzitter van het BCSD"):
        assert title in block
    for person in ("ad", "mayor", "bcsd_chair"):
        assert org[person].full_name in block
    assert "Heuvelbeke," in block and "Gemeente Heuvelbeke," not in block
    assert "vertegenwoordigd" not in block
    for party in nota.parties.filter(signatory_role=""):
        assert f"Voor {party.name}" not in block
    # a party whose name is its function is not said twice; one that says more keeps its line
    assert "Voor Burgemeester" not in block and "Voor Voorzitter van het vast bureau" not in block
    assert "Voor Algemeen directeur, ook namens het managementteam" in block


def assert_archival(pdf, title):
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfaid:part="3"', xmp) and re.search(r'pdfaid:conformance="A"', xmp)
    assert re.search(r'pdfuaid:part="1"', xmp)  # PDF/UA-1 claimed beside PDF/A-3a
    from xml.dom import minidom

    description = next(  # one well-formed XMP packet, both identifiers on one description
        d
        for d in minidom.parseString(
            xmp[xmp.index("<x:xmpmeta") : xmp.rindex(">") + 1]
        ).getElementsByTagName("rdf:Description")
        if d.getAttribute("pdfaid:part")
    )
    assert description.getAttribute("pdfuaid:part") == "1"
    # PDF/A's extension schema for it, as an element or (rewritten by pyHanko) an attribute
    assert re.search(r"pdfaSchema:prefix(>\s*|=\")pdfuaid", xmp)
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "nl-BE"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])  # the title, not the file name
    assert title in reader.metadata.title


def test_the_nota_is_pdf_a_and_tagged(org):
    nota, _draft, final = signed(org)
    assert_archival(final, "Interne nota")


def test_the_sealed_nota_still_verifies(org, seal_certificate):
    from afsprakennota import seal

    nota, _draft, _final = signed(org)
    version = nota.versions.order_by("-number").first()
    data = seal.sealed_pdf_of(version, lambda: nota_pdf(nota)[1])
    assert seal.verify(data).sealed
    assert_archival(data, "Interne nota")
