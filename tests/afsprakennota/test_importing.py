"""Paste or import a whole memo (issue 18): plain text and a .docx made with Word's list
numbering give the same tree; to_text reads back identically; bad files are refused."""

import io
import zipfile
from pathlib import Path

from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from afsprakennota.importing import (
    ImportRefused,
    ParsedArticle,
    ParsedNota,
    parse_document,
    parse_docx,
    parse_text,
    to_text,
)

FILES = Path(__file__).parent / "files"

EXPECTED = ParsedNota(
    header={
        "datum": "5 december 2026",
        "aan": "College van burgemeester en schepenen",
        "bijlagen": "",
        "referentie": "AD/2026/018",
        "onderwerp": "Samenwerking bestuur en administratie",
    },
    introduction="Deze nota legt de afspraken vast tussen het bestuur en de administratie.",
    articles=[
        ParsedArticle(
            heading="Overleg",
            text="Het managementteam en het college overleggen.",
            children=[
                ParsedArticle(
                    text="Elke *twee* weken, op maandag.",
                    children=[
                        ParsedArticle(text="Met een agenda."),
                        ParsedArticle(text="Met een verslag."),
                    ],
                ),
                ParsedArticle(text="Bij een crisis zo snel mogelijk."),
            ],
        ),
        ParsedArticle(
            heading="Rollen",
            text="De rollen zijn:",
            children_style="bullets",
            children=[ParsedArticle(text="de burgemeester"), ParsedArticle(text="de schepenen")],
        ),
        ParsedArticle(heading="Opvolging", text="De algemeen directeur volgt de afspraken op."),
    ],
)

# As copied from the PDF: title and page lines, numbers on a line of their own, lines wrapped
# inside a paragraph, bullets as "•" and "–", a sub-article "a)" and a page footer.
PASTED = """Interne nota
pagina 1/2
Datum: 5 december 2026
Aan: College van burgemeester en
schepenen
Bijlagen: /
Referentie: AD/2026/018
Onderwerp: Samenwerking bestuur en administratie

Deze nota legt de afspraken vast tussen
het bestuur en de administratie.

1.
Overleg
Het managementteam en het college
overleggen.
a) Elke *twee* weken, op
maandag.
i. Met een agenda.
ii. Met een verslag.
b. Bij een crisis zo snel mogelijk.
pagina 2/2
2. Rollen
De rollen zijn:
• de burgemeester
– de schepenen

3. Opvolging
De algemeen directeur volgt de afspraken op.
"""


def test_pasted_text_as_copied_from_a_pdf_gives_the_tree():
    assert parse_text(PASTED) == EXPECTED


def test_a_docx_made_with_word_list_numbering_gives_the_same_tree():
    parsed = parse_docx((FILES / "memo_list_numbering.docx").read_bytes())
    assert parsed == EXPECTED


def test_an_odt_with_its_list_styles_gives_the_same_tree():
    """memo_list_numbering.odt is the .docx saved by LibreOffice Writer: lists with list
    styles (1./a./i. and bullets as levels), bold and italic spans, the header as paragraphs."""
    data = (FILES / "memo_list_numbering.odt").read_bytes()
    assert parse_document(data) == EXPECTED
    assert parse_document((FILES / "memo_list_numbering.docx").read_bytes()) == EXPECTED


def test_an_odt_with_macros_or_of_another_kind_is_refused():
    source = zipfile.ZipFile(io.BytesIO((FILES / "memo_list_numbering.odt").read_bytes()))

    def variant(extra=None, mimetype=None):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for item in source.namelist():
                data = source.read(item)
                if item == "mimetype" and mimetype:
                    data = mimetype
                target.writestr(item, data)
            for name, data in (extra or {}).items():
                target.writestr(name, data)
        return out.getvalue()

    assert "macros" in _refused(variant({"Basic/Standard/Module1.xml": "<x/>"}), parse_document)
    spreadsheet = variant(mimetype=b"application/vnd.oasis.opendocument.spreadsheet")
    assert "not a Word" in _refused(spreadsheet, parse_document)


def test_the_normalized_text_reads_back_the_same():
    assert parse_text(to_text(EXPECTED)) == EXPECTED


def test_i_after_h_is_a_letter_and_under_a_letter_a_roman_item():
    letters = "\n".join(f"{c}. Punt {c}." for c in "abcdefghij")
    parsed = parse_text(f"1. Eerste punt.\n{letters}\n2. Tweede punt.\na. Sub.\ni. Item.\n")
    assert len(parsed.articles[0].children) == 10
    assert parsed.articles[0].children[8].text == "Punt i."
    assert parsed.articles[1].children[0].children[0].text == "Item."


def test_an_email_with_a_hyphen_list_and_prose_starting_with_aan():
    parsed = parse_text(
        "Onderwerp: Overleg\n\nAan de hand van deze nota:\n\n1. Afspraken\n- een\n- twee\n"
    )
    assert parsed.header == {"onderwerp": "Overleg"}
    assert parsed.introduction == "Aan de hand van deze nota:"
    assert parsed.articles[0].children_style == "bullets"
    assert [c.text for c in parsed.articles[0].children] == ["een", "twee"]


# --- property: to_text(parsed) re-parses to the same tree ------------------------------------

WORD = st.sampled_from(
    ["de", "het", "college", "raad", "overleg", "directeur", "budget", "**nota**", "*week*"]
)


def _sentence(end="."):
    return st.lists(WORD, min_size=1, max_size=8).map(
        lambda ws: (
            (ws[0][0].upper() + ws[0][1:] if ws[0][0].isalpha() else ws[0])
            + (" " + " ".join(ws[1:]) if ws[1:] else "")
            + end
        )
    )


TEXT = st.lists(_sentence(), min_size=1, max_size=3).map("\n\n".join)
HEADING = st.lists(st.sampled_from(["Overleg", "Rollen", "Budget", "Opvolging"]), max_size=2).map(
    " ".join
)


def _article(depth):
    children = (
        st.just([])
        if depth == 2
        else st.lists(st.deferred(lambda: _article(depth + 1)), max_size=3)
    )
    bullets = st.lists(_sentence("").map(lambda s: ParsedArticle(text=s.lower())), min_size=1)

    @st.composite
    def build(draw):
        heading = draw(HEADING) if depth == 0 else ""
        text = draw(TEXT)
        if draw(st.booleans()) and depth < 2:
            return ParsedArticle(
                heading=heading, text=text, children_style="bullets", children=draw(bullets)
            )
        return ParsedArticle(heading=heading, text=text, children=draw(children))

    return build()


NOTA = st.builds(
    ParsedNota,
    header=st.dictionaries(
        st.sampled_from(["datum", "aan", "bijlagen", "referentie", "cc", "onderwerp"]),
        st.sampled_from(["", "College", "5 december 2026", "AD/2026/018"]),
    ),
    introduction=st.one_of(st.just(""), TEXT),
    articles=st.lists(_article(0), min_size=1, max_size=4),
)


@settings(max_examples=150, deadline=None)
@given(NOTA)
def test_to_text_reads_back_as_the_same_tree(nota):
    assert parse_text(to_text(nota)) == nota


# --- bad files ----------------------------------------------------------------------------------


def _refused(data: bytes, parse=None) -> str:
    try:
        (parse or parse_docx)(data)
    except ImportRefused as refused:
        with translation.override("en"):  # the msgids; the Dutch comes with the translation
            return str(refused.message)
    raise AssertionError("not refused")


def test_bad_files_are_refused_with_a_message():
    assert "not a Word (.docx) or OpenDocument" in _refused(b"%PDF-1.7 just a pdf")
    assert "damaged" in _refused(b"PK\x03\x04broken zip")
    assert ".docx" in _refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert "10 MB" in _refused(b"PK" + b"\0" * (10 * 1024 * 1024))
    docx = (FILES / "memo_list_numbering.docx").read_bytes()
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.namelist():
            data = source.read(item)
            if item == "[Content_Types].xml":
                data = data.replace(
                    b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
                ).replace(
                    b"application/vnd.openxmlformats-officedocument.ms-word",
                    b"application/vnd.ms-word",
                )
            target.writestr(item, data)
    assert "macros" in _refused(out.getvalue())
