import io
import re

import pytest
from pypdf import PdfReader

from afsprakennota import services
from afsprakennota.pdf import nota_pdf
from afsprakennota.structure import article_insert

from .test_lifecycle import decide_in_meeting, nota_for_approval

pytestmark = pytest.mark.django_db


def text_of(pdf):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_pdf_follows_the_interne_nota_layout(org):  # noqa: F811
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
        assert label in text
    assert re.search(r"Referentie\s*/", text)  # an empty field shows "/"
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
    assert "a." in text and "ONTWERP" in text
    for party in nota.parties.all():
        assert party.name[:30] in text.replace("\n", " ")
    assert "nog te tekenen" in text


def test_a_signed_nota_names_its_signatories_and_has_no_watermark(org):  # noqa: F811
    from accounts.models import Bestuur
    from tests.accounts.factories import PASSWORD
    from vergaderingen.constants import DecisionOutcome as D

    Bestuur.load()
    nota = nota_for_approval(org)
    decide_in_meeting(org, org["college"], nota, D.GOEDGEKEURD)
    decide_in_meeting(org, org["vast"], nota, D.GOEDGEKEURD)
    for signer in (org["ad"], org["mayor"], org["bcsd_chair"], org["mayor"]):
        services.nota_sign(nota=nota, by=signer, password=PASSWORD)
    nota.refresh_from_db()
    text = " ".join(text_of(nota_pdf(nota)[1]).split())  # names may wrap in table cells
    assert "ONTWERP" not in text and "nog te tekenen" not in text
    for person in (org["ad"], org["mayor"], org["bcsd_chair"]):
        assert person.full_name in text
