import io
import re

import pytest
from pypdf import PdfReader

from afsprakennota import services
from afsprakennota.pdf import nota_pdf
from afsprakennota.structure import article_insert

from .test_lifecycle import approve_everywhere, nota_for_approval

pytestmark = pytest.mark.django_db


def text_of(pdf):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_pdf_follows_the_interne_nota_layout(org):
    nota = services.nota_create_decree(term=org["term"], by=org["ad"])
    top = nota.articles.order_by("position").first()
    article_insert(nota=nota, parent=top, text="Het college en het MT overleggen maandelijks.")
    for i in range(40):  # long enough for several pages
        article_insert(nota=nota, heading=f"Extra afspraak {i}", text="Tekst " * 60)
    _html, pdf = nota_pdf(nota)
    text = text_of(pdf)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert pages > 2
    for n in range(1, pages + 1):
        assert f"pagina {n}/{pages}" in text
    assert text.count("Interne nota") >= pages
    for label in ["Datum", "Aan", "Bijlagen", "Referentie", "Cc", "Onderwerp"]:
        assert f"{label}:" in text
    assert re.search(r"Referentie:\s*/", text)  # an empty field shows "/"
    # the articles in order, with their numbers
    positions = [
        text.index(h)
        for h in [
            "Samenwerking om de beleidsdoelstellingen",
            "Het college en het MT overleggen",
            "Omgangsvormen tussen bestuur en administratie",
            "Extra afspraak 39",
        ]
    ]
    assert positions == sorted(positions)
    assert "a." in text and "ontwerp" in text
    assert "ONTWERP" not in text  # the watermark is an image, not text
    flat = " ".join(text.lower().split())
    for party in nota.parties.exclude(signatory_role=""):  # by its name, or its function
        assert " ".join(party.name.lower().split()[:3]) in flat, party.name
    assert "vertegenwoordigd door de ondertekenaars" not in text
    assert "nog te tekenen" in text


def test_a_signed_nota_names_its_signatories_and_has_no_watermark(org):
    from accounts.models import Bestuur
    from tests.accounts.factories import PASSWORD

    Bestuur.load()
    nota = nota_for_approval(org)
    approve_everywhere(org, nota)
    for signer in (org["ad"], org["mayor"], org["bcsd_chair"], org["mayor"]):
        services.nota_sign(nota=nota, by=signer, password=PASSWORD)
    nota.refresh_from_db()
    text = " ".join(text_of(nota_pdf(nota)[1]).split())  # names may wrap in table cells
    assert "ONTWERP" not in text and "nog te tekenen" not in text
    for person in (org["ad"], org["mayor"], org["bcsd_chair"]):
        assert person.full_name in text


def test_the_municipality_logo_is_on_every_page(org, settings, tmp_path):
    from django.core.files.base import ContentFile

    from accounts.models import Bestuur

    settings.MEDIA_ROOT = str(tmp_path)
    png = (  # a 1x1 PNG
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
        b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe"
        b"\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    bestuur = Bestuur.load()
    bestuur.logo.save("logo.png", ContentFile(png))
    nota = services.nota_create_decree(term=org["term"], by=org["ad"])
    for i in range(40):
        article_insert(nota=nota, heading=f"Artikel {i}", text="Tekst " * 80)
    reader = PdfReader(io.BytesIO(nota_pdf(nota)[1]))
    assert len(reader.pages) > 1
    assert all(len(page.images) >= 1 for page in reader.pages)


def test_a_replaced_nota_stays_without_watermark(org):
    from tests.accounts.factories import PASSWORD

    first = nota_for_approval(org)
    approve_everywhere(org, first)
    for signer in (org["ad"], org["mayor"], org["mayor"], org["bcsd_chair"]):
        services.nota_sign(nota=first, by=signer, password=PASSWORD)
    second = nota_for_approval(org)
    approve_everywhere(org, second)
    for signer in (org["ad"], org["mayor"], org["mayor"], org["bcsd_chair"]):
        services.nota_sign(nota=second, by=signer, password=PASSWORD)
    first.refresh_from_db()
    assert first.state == "vervangen"
    assert "ONTWERP" not in "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(nota_pdf(first)[1])).pages
    )
