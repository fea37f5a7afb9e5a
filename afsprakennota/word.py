"""A nota version as an editable Word document (.docx), for the parties who comment in Word.

The document follows the "Interne nota": the title, the header fields as "Label: value" lines
("/" when empty), the introduction, the articles and the parties. The articles carry Word's
own list numbering (one numbering definition: 1. / a. / i. per level, and one with bullets
for the children of an article whose sub-levels are bullets), so Word renumbers when someone
adds, moves or deletes a line. The convention, which the importer reads back:

- the parties are a table at the end (party, signature), outside the flow of paragraphs;
- an article is one numbered paragraph (numPr with its level); with a heading, that paragraph
  holds the heading in bold and the text follows in unnumbered paragraphs indented to the
  level; without one, the numbered paragraph holds the text's first paragraph;
- the children of an article whose sub-levels are bullets are bullet paragraphs (numId
  BULLETS_NUM_ID); the "- " lines inside a text are bullet paragraphs one level deeper of
  another list (TEXT_BULLETS_NUM_ID), so the two stay apart; **bold** and *italic* become
  bold and italic runs.
"""

from __future__ import annotations

import datetime
import io
import re

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

from core.templatetags.formatting import datum

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# The header fields in the house's order, with their labels.
HEADER_LABELS = [
    ("datum", "Datum"),
    ("aan", "Aan"),
    ("bijlagen", "Bijlagen"),
    ("referentie", "Referentie"),
    ("cc", "Cc"),
    ("onderwerp", "Onderwerp"),
]
LEVELS = 3  # 1. / a. / i.
INDENT = Cm(0.9)  # per level, and the hanging indent of the number
NUMBERED_FORMATS = [("decimal", "%1."), ("lowerLetter", "%2."), ("lowerRoman", "%3.")]
BULLET = "•"
ARTICLES_NUM_ID = 101  # w:numId of the articles' numbering (numbered levels)
BULLETS_NUM_ID = 102  # w:numId of articles that are their parent's bullets
TEXT_BULLETS_NUM_ID = 103  # w:numId of the "- " lines inside a text (same bullet definition)
ABSTRACT_ARTICLES = 101
ABSTRACT_BULLETS = 102

_INLINE = re.compile(r"(\*\*.+?\*\*|\*[^*\s][^*]*?\*)")


def _level_xml(ilvl: int, fmt: str, text: str) -> str:
    left = int(INDENT * (ilvl + 1) / 635)  # EMU → twentieths of a point
    hanging = int(INDENT / 635)
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr>'
        "</w:lvl>"
    )


def _add_numbering(document) -> None:
    """Two numbering definitions in numbering.xml: the articles' (decimal, lowerLetter,
    lowerRoman) and bullets at every level, each with its w:num."""
    numbering = document.part.numbering_part.element
    articles = "".join(
        _level_xml(i, fmt, text) for i, (fmt, text) in enumerate(NUMBERED_FORMATS[:LEVELS])
    )
    bullets = "".join(_level_xml(i, "bullet", BULLET) for i in range(LEVELS + 1))
    abstracts = [
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{ABSTRACT_ARTICLES}">'
            f'<w:multiLevelType w:val="multilevel"/>{articles}</w:abstractNum>'
        ),
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{ABSTRACT_BULLETS}">'
            f'<w:multiLevelType w:val="hybridMultilevel"/>{bullets}</w:abstractNum>'
        ),
    ]
    # abstractNum elements come before every w:num in numbering.xml
    first_num = numbering.find(qn("w:num"))
    for abstract in abstracts:
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
    for num_id, abstract_id in (
        (ARTICLES_NUM_ID, ABSTRACT_ARTICLES),
        (BULLETS_NUM_ID, ABSTRACT_BULLETS),
        (TEXT_BULLETS_NUM_ID, ABSTRACT_BULLETS),
    ):
        numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                f'<w:abstractNumId w:val="{abstract_id}"/></w:num>'
            )
        )


def _number(paragraph, num_id: int, ilvl: int) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
        )
    )


def add_runs(paragraph, text: str, *, bold: bool = False) -> None:
    """The text's **bold** and *italic* as runs."""
    for part in _INLINE.split(text):
        if not part:
            continue
        if part.startswith("**") and part.endswith("**") and len(part) > 4:
            paragraph.add_run(part[2:-2]).bold = True
        elif part.startswith("*") and part.endswith("*") and len(part) > 2:
            run = paragraph.add_run(part[1:-1])
            run.italic = True
            if bold:
                run.bold = True
        else:
            run = paragraph.add_run(part)
            if bold:
                run.bold = True


def _blocks(text: str) -> list[tuple[str, str]]:
    """A Markdown-ish text as ("p", line) and ("bullet", line) blocks: blank lines separate
    paragraphs, "- ", "* " and "• " lines are bullets, other lines join their paragraph."""
    blocks: list[tuple[str, str]] = []
    current: list[str] = []

    def flush():
        if current:
            blocks.append(("p", " ".join(current)))
            current.clear()

    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        bullet = re.match(r"^[-*•–]\s+(.*)$", line)
        if bullet and not line.startswith("**"):
            flush()
            blocks.append(("bullet", bullet.group(1)))
        else:
            current.append(line)
    flush()
    return blocks


def _indent(paragraph, level: int) -> None:
    paragraph.paragraph_format.left_indent = INDENT * (level + 1)


def _text(document, blocks, level: int) -> None:
    """The blocks of a text at this level (0-based depth of its article)."""
    for kind, line in blocks:
        paragraph = document.add_paragraph()
        if kind == "bullet":
            _number(paragraph, TEXT_BULLETS_NUM_ID, min(level + 1, LEVELS))
        else:
            _indent(paragraph, level)
        add_runs(paragraph, line)


def _article(document, article: dict) -> None:
    depth = min(int(article.get("depth", 0)), LEVELS - 1)
    as_bullet = article.get("parent_bullets", False)
    paragraph = document.add_paragraph()
    if as_bullet:
        _number(paragraph, BULLETS_NUM_ID, depth)
    else:
        _number(paragraph, ARTICLES_NUM_ID, depth)
    blocks = _blocks(article.get("text", ""))
    if article.get("heading"):
        add_runs(paragraph, article["heading"], bold=True)
        rest = blocks
    elif blocks and blocks[0][0] == "p":
        add_runs(paragraph, blocks[0][1])
        rest = blocks[1:]
    else:
        rest = blocks
    _text(document, rest, depth)


def _with_bullet_flags(articles: list[dict]) -> list[dict]:
    """Each article with "parent_bullets": whether its parent's children are bullets (the
    parent is the nearest earlier article one level up)."""
    out, stack = [], []  # stack[d]: the children_style of the latest article at depth d
    for article in articles:
        depth = int(article.get("depth", 0))
        del stack[depth:]
        parent_style = stack[depth - 1] if depth and len(stack) >= depth else ""
        out.append({**article, "parent_bullets": parent_style == "bullets"})
        stack.append(article.get("children_style") or "")
    return out


def _header_value(name, value) -> str:
    """As the page and the PDF show it: a date as "3 december 2026", an empty field as "/"."""
    if not value:
        return "/"
    if name == "datum":
        try:
            return datum(datetime.date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    return str(value)


def nota_docx(content: dict, *, title: str | None = None) -> bytes:
    """The .docx of a version's content (see versions.content_of)."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    _add_numbering(document)
    document.core_properties.language = "nl-BE"
    header = content.get("header", {})
    document.core_properties.title = title or header.get("onderwerp", "") or "Interne nota"

    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.LEFT
    run = heading.add_run("Interne nota")
    run.bold = True
    run.font.size = Pt(16)

    for name, label in HEADER_LABELS:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}:").bold = True
        paragraph.add_run(f" {_header_value(name, header.get(name))}")

    for kind, line in _blocks(content.get("introduction", "")):
        paragraph = document.add_paragraph()
        if kind == "bullet":
            _number(paragraph, TEXT_BULLETS_NUM_ID, 0)
        add_runs(paragraph, line)

    for article in _with_bullet_flags(content.get("articles", [])):
        _article(document, article)

    parties = content.get("parties", [])
    if parties:  # a table, as a signature block: the articles' last text ends above it
        table = document.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        for cell, label in zip(table.rows[0].cells, ("Partijen", "Handtekening"), strict=True):
            cell.paragraphs[0].add_run(label).bold = True
        for party in parties:
            row = table.add_row()
            row.cells[0].text = party.get("name", "")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def filename(nota, version_number: int | None) -> str:
    ref = re.sub(r"[^A-Za-z0-9_-]+", "-", (nota.referentie or "").strip()).strip("-")
    suffix = f"-v{version_number}" if version_number else "-ontwerp"
    return f"afsprakennota-{ref or nota.pk}{suffix}.docx"
