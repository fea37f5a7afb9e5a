"""Word out: a nota version as an editable .docx with Word's own list numbering."""

import io

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from afsprakennota import services, word
from afsprakennota.constants import OPEN_DISCUSSION
from afsprakennota.structure import article_insert
from afsprakennota.versions import content_of
from tests.accounts.factories import DienstFactory, UserFactory
from tests.afsprakennota.factories import decree_nota

CONTENT = {
    "header": {
        "onderwerp": "Samenwerking bestuur en administratie",
        "datum": "5 december 2026",
        "aan": "College",
        "bijlagen": "",
        "referentie": "AD/2026/018",
        "cc": "",
    },
    "introduction": "Deze nota legt de **afspraken** vast.",
    "articles": [
        {"id": 1, "number": "1.", "depth": 0, "heading": "Overleg", "text": "Het MT overlegt."},
        {"id": 2, "number": "a.", "depth": 1, "heading": "", "text": "Elke *twee* weken."},
        {"id": 3, "number": "i.", "depth": 2, "heading": "", "text": "Met agenda."},
        {"id": 4, "number": "ii.", "depth": 2, "heading": "", "text": "Met verslag."},
        {
            "id": 5,
            "number": "2.",
            "depth": 0,
            "heading": "Rollen",
            "text": "De rollen:\n\n- de **burgemeester**\n- de schepenen",
            "children_style": "bullets",
        },
        {"id": 6, "number": "a.", "depth": 1, "heading": "", "text": "Het college beslist."},
        {"id": 7, "number": "3.", "depth": 0, "heading": "", "text": "Slot."},
    ],
    "parties": [{"name": "Het college van burgemeester en schepenen", "signs_as": "x"}],
}


def numbered(document):
    """(numId, ilvl, text) of every paragraph with Word list numbering."""
    out = []
    for paragraph in document.paragraphs:
        num_pr = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is not None:
            out.append(
                (
                    int(num_pr.find(qn("w:numId")).get(qn("w:val"))),
                    int(num_pr.find(qn("w:ilvl")).get(qn("w:val"))),
                    paragraph.text,
                )
            )
    return out


def test_the_docx_has_the_header_the_title_and_real_list_numbering():
    document = Document(io.BytesIO(word.nota_docx(CONTENT)))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Interne nota"
    for line in [
        "Datum: 5 december 2026",
        "Aan: College",
        "Bijlagen: /",
        "Referentie: AD/2026/018",
        "Cc: /",
        "Onderwerp: Samenwerking bestuur en administratie",
    ]:
        assert line in texts
    assert "Deze nota legt de afspraken vast." in texts
    A, B, T = word.ARTICLES_NUM_ID, word.BULLETS_NUM_ID, word.TEXT_BULLETS_NUM_ID
    assert numbered(document) == [
        (A, 0, "Overleg"),
        (A, 1, "Elke twee weken."),
        (A, 2, "Met agenda."),
        (A, 2, "Met verslag."),
        (A, 0, "Rollen"),
        (T, 1, "de burgemeester"),
        (T, 1, "de schepenen"),
        (B, 1, "Het college beslist."),
        (A, 0, "Slot."),
    ]
    assert "Het MT overlegt." in texts and "De rollen:" in texts  # text under its heading
    (parties,) = document.tables
    assert [row.cells[0].text for row in parties.rows] == [
        "Partijen",
        "Het college van burgemeester en schepenen",
    ]


def test_the_numbering_definition_has_decimal_letter_roman_and_bullet_levels():
    document = Document(io.BytesIO(word.nota_docx(CONTENT)))
    numbering = document.part.numbering_part.element
    formats = {}
    for abstract in numbering.findall(qn("w:abstractNum")):
        formats[int(abstract.get(qn("w:abstractNumId")))] = [
            (lvl.find(qn("w:numFmt")).get(qn("w:val")), lvl.find(qn("w:lvlText")).get(qn("w:val")))
            for lvl in abstract.findall(qn("w:lvl"))
        ]
    assert formats[word.ABSTRACT_ARTICLES] == [
        ("decimal", "%1."),
        ("lowerLetter", "%2."),
        ("lowerRoman", "%3."),
    ]
    assert {f for f, _t in formats[word.ABSTRACT_BULLETS]} == {"bullet"}
    nums = {
        int(n.get(qn("w:numId"))): int(n.find(qn("w:abstractNumId")).get(qn("w:val")))
        for n in numbering.findall(qn("w:num"))
    }
    assert nums[word.ARTICLES_NUM_ID] == word.ABSTRACT_ARTICLES
    assert nums[word.BULLETS_NUM_ID] == nums[word.TEXT_BULLETS_NUM_ID] == word.ABSTRACT_BULLETS


def test_bold_and_italic_become_runs_and_headings_are_bold():
    document = Document(io.BytesIO(word.nota_docx(CONTENT)))
    by_text = {p.text: p for p in document.paragraphs}
    intro = by_text["Deze nota legt de afspraken vast."]
    assert [(r.text, bool(r.bold)) for r in intro.runs] == [
        ("Deze nota legt de ", False),
        ("afspraken", True),
        (" vast.", False),
    ]
    assert [(r.text, bool(r.italic)) for r in by_text["Elke twee weken."].runs] == [
        ("Elke ", False),
        ("twee", True),
        (" weken.", False),
    ]
    assert all(r.bold for r in by_text["Overleg"].runs)
    assert [r.text for r in by_text["de burgemeester"].runs if r.bold] == ["burgemeester"]
    assert "**" not in "".join(by_text) and "*" not in "".join(by_text)


def test_an_empty_nota_still_gives_a_document():
    document = Document(io.BytesIO(word.nota_docx({"header": {}, "articles": []})))
    assert "Onderwerp: /" in [p.text for p in document.paragraphs]


# --- the downloads -----------------------------------------------------------------------------


@pytest.fixture
def nota(org):
    nota = decree_nota(org)
    services.nota_step(nota=nota, step=OPEN_DISCUSSION, by=org["ad"])
    return nota


def url(name, *args):
    return reverse(f"afsprakennota:{name}", args=args)


@pytest.mark.django_db
def test_a_party_downloads_each_version_and_the_current_text(client, org, nota):
    client.force_login(org["schepenen"][0])
    version = nota.versions.order_by("-number").first()
    response = client.get(url("version-word", nota.pk, version.number))
    assert response.status_code == 200
    assert response["Content-Type"] == word.CONTENT_TYPE
    ref = nota.referentie.replace("/", "-") if nota.referentie else str(nota.pk)
    assert response["Content-Disposition"] == (
        f'attachment; filename="afsprakennota-{ref}-v{version.number}.docx"'
    )
    texts = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert f"Onderwerp: {nota.onderwerp}" in texts
    # the current text, unchanged since the version: named after it
    current = client.get(url("word", nota.pk))
    assert current.status_code == 200
    assert f"-v{version.number}.docx" in current["Content-Disposition"]
    # changed since: the current text, as a draft
    article_insert(nota=nota, heading="Nieuw artikel", text="Nog niet bevroren.")
    current = client.get(url("word", nota.pk))
    assert "-ontwerp.docx" in current["Content-Disposition"]
    assert "Nieuw artikel" in [p.text for p in Document(io.BytesIO(current.content)).paragraphs]
    # the version itself stays as it was frozen
    again = client.get(url("version-word", nota.pk, version.number))
    assert "Nieuw artikel" not in [p.text for p in Document(io.BytesIO(again.content)).paragraphs]


@pytest.mark.django_db
def test_who_may_not_see_the_nota_gets_404(client, org, nota):
    version = nota.versions.order_by("-number").first()
    for user in (UserFactory(), DienstFactory().head):
        client.force_login(user)
        assert client.get(url("version-word", nota.pk, version.number)).status_code == 404
        assert client.get(url("word", nota.pk)).status_code == 404
    client.force_login(org["ad"])
    assert client.get(url("version-word", nota.pk, 999)).status_code == 404
    assert client.post(url("word", nota.pk)).status_code == 405


@pytest.mark.django_db
def test_the_versions_page_links_every_version_to_word(client, org, nota):
    client.force_login(org["ad"])
    page = client.get(url("versions", nota.pk)).content.decode()
    for version in nota.versions.all():
        assert url("version-word", nota.pk, version.number) in page
    assert url("word", nota.pk) in client.get(url("detail", nota.pk)).content.decode()


@pytest.mark.django_db
def test_the_export_keeps_the_numbering_of_the_nota(org):
    nota = decree_nota(org)
    content = content_of(nota)
    document = Document(io.BytesIO(word.nota_docx(content)))
    levels = [ilvl for num_id, ilvl, _t in numbered(document) if num_id != word.TEXT_BULLETS_NUM_ID]
    expected = [min(a["depth"], 2) for a in content["articles"]]
    assert levels == expected
