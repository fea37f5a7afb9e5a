"""Paste or import a whole memo (issue 18): plain text as copied from Word, a PDF or an e-mail,
or a .docx with Word's own list numbering, as a tree of articles to preview before saving.

Both readers turn their input into the same stream of blocks (header field, numbered line,
bullet line, paragraph line, blank), which one builder turns into a ParsedNota.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .numbering import letter, roman

MAX_BYTES = 10 * 1024 * 1024
NOT_A_DOCX = _(
    "This file is not a Word (.docx) or OpenDocument (.odt) document. Is it a PDF? Then copy "
    "its text and paste it."
)
DAMAGED = _("The file is damaged: it cannot be read as a document.")
MACROS = _("Documents with macros (.docm) are not accepted. Save it as .docx without macros.")
ODT_TYPE = "application/vnd.oasis.opendocument.text"

HEADER_KEYS = {
    "datum": "datum",
    "aan": "aan",
    "bijlagen": "bijlagen",
    "referentie": "referentie",
    "cc": "cc",
    "onderwerp": "onderwerp",
}
HEADER_ORDER = [
    ("datum", "Datum"),
    ("aan", "Aan"),
    ("bijlagen", "Bijlagen"),
    ("referentie", "Referentie"),
    ("cc", "Cc"),
    ("onderwerp", "Onderwerp"),
]


@dataclass
class ParsedArticle:
    heading: str = ""
    text: str = ""  # markdown-ish, as Article.text (paragraphs, **bold**, *italic*)
    children_style: str = "numbered"  # or "bullets"
    children: list[ParsedArticle] = field(default_factory=list)


@dataclass
class ParsedNota:
    header: dict[str, str]  # keys among datum, aan, bijlagen, referentie, cc, onderwerp
    introduction: str
    articles: list[ParsedArticle]


class ImportRefused(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


# ---------------------------------------------------------------------------------------------
# Blocks

# ("header", key, value) ("num", depth, label, content) ("bullet", level, content, list_id)
# ("line", content) ("blank",)

_HEADER = re.compile(
    r"^(datum|aan|bijlagen|referentie|cc|onderwerp)\s*(:|\t|\s{2,}|\s|$)\s*(.*)$", re.I
)
_IGNORED = [
    re.compile(r"^interne\s+nota$", re.I),
    re.compile(r"^pagina\s+\d+\s*(/|van)\s*\d+$", re.I),
    re.compile(r"^(pagina\s+)?\d+\s*/\s*\d+$", re.I),
    re.compile(r"^-\s*\d+\s*-$"),
]
_NUMBER = re.compile(r"^(\d{1,3}|[a-z]{1,2}|[ivxlc]{1,6})[.)](?:\s+(.*))?$")
_BULLET = re.compile(r"^[-•–*·▪◦]\s+(.*)$")
_ROMAN_RE = re.compile(r"^[ivxlc]+$")


def _roman_value(token: str) -> int | None:
    if not _ROMAN_RE.match(token):
        return None
    for n in range(1, 200):
        if roman(n) == token:
            return n
    return None


def _letter_value(token: str) -> int | None:
    if len(token) == 1 and token.isalpha():
        return ord(token) - ord("a") + 1
    return None


class _Numbering:
    """Which numbers may come next, to tell "i." the letter from "i." the roman numeral."""

    def __init__(self):
        self.last = [0, 0, 0]  # last number seen at depth 0, 1, 2 (0: none since its parent)
        self.depth = -1  # depth of the current article

    def classify(self, token: str) -> int | None:
        """The depth of this number, or None if it is not the next number anywhere."""
        token = token.lower()
        if token.isdigit():
            return 0 if int(token) == self.last[0] + 1 else None
        as_letter = _letter_value(token)
        as_roman = _roman_value(token)
        letter_ok = as_letter is not None and self.depth >= 0 and as_letter == self.last[1] + 1
        roman_ok = as_roman is not None and self.depth >= 1 and as_roman == self.last[2] + 1
        if letter_ok:  # "i." after "h." is a letter
            return 1
        if roman_ok:
            return 2
        if letter_ok:
            return 1
        return None

    def seen(self, depth: int, value: int | None = None):
        self.last[depth] = value if value is not None else self.last[depth] + 1
        for deeper in range(depth + 1, 3):
            self.last[deeper] = 0
        self.depth = depth


def _text_blocks(text: str) -> list[tuple]:
    blocks: list[tuple] = []
    in_header = True
    for raw in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.replace("\u00a0", " ").replace("\f", "").strip()
        if not line:
            blocks.append(("blank",))
            continue
        if any(p.match(line) for p in _IGNORED):
            continue
        match = _HEADER.match(line)
        if in_header and match:
            sep = match.group(2)
            key = match.group(1).lower()
            # "Aan de hand van …" is prose, "Aan: …" or "Aan   …" a header field
            if sep == ":" or sep in ("\t", "") or len(sep) >= 2 or key != "aan":
                value = match.group(3).strip()
                blocks.append(("header", HEADER_KEYS[key], "" if value == "/" else value))
                continue
        number = _NUMBER.match(line)
        if number:
            in_header = False
            blocks.append(("num", None, number.group(1), (number.group(2) or "").strip()))
            continue
        bullet = _BULLET.match(line)
        if bullet and not line.startswith("**"):
            in_header = False
            blocks.append(("bullet", None, bullet.group(1).strip(), 0))
            continue
        if blocks and blocks[-1][0] == "header" and blocks[-1][2]:
            key, value = blocks[-1][1], blocks[-1][2]
            blocks[-1] = ("header", key, f"{value} {line}")  # a wrapped header value
            continue
        in_header = False
        blocks.append(("line", line))
    return blocks


# ---------------------------------------------------------------------------------------------
# Builder


def _join_paragraphs(lines: list[str | None]) -> str:
    """Lines (None = blank) as Article.text: wrapped lines joined, paragraphs split by a blank
    line, "- " bullet lines kept one a line."""
    paragraphs: list[str] = []
    current: list[str] = []
    bullets: list[str] = []

    def flush():
        if current:
            paragraphs.append(" ".join(current))
            current.clear()
        if bullets:
            paragraphs.append("\n".join(bullets))
            bullets.clear()

    for line in lines:
        if line is None:
            flush()
        elif line.startswith("- "):
            if current:
                flush()
            bullets.append(line)
        else:
            if bullets:
                flush()
            current.append(line)
    flush()
    return "\n\n".join(p for p in paragraphs if p.strip())


class _Node:
    def __init__(self, depth):
        self.depth = depth
        self.heading = ""
        self.lines: list[str | None] = []
        self.children: list[_Node] = []
        self.bullets: list[tuple[str, object]] = []  # (content, list id) in order, in text


def _looks_like_heading(content: str, following: tuple | None, depth: int) -> bool:
    if not content or len(content) > 100 or content[-1] in ".:;!?,":
        return False
    if depth and not (following and following[0] == "line"):
        return False  # a short sub-article or item is its text, not a heading
    # a next line in lower case is the wrapped rest of the first line of text
    return not (following and following[0] == "line" and following[1][:1].islower())


def _build(blocks: list[tuple], *, heading_by_bold: bool = False) -> ParsedNota:
    header: dict[str, str] = {}
    intro: list[str | None] = []
    roots: list[_Node] = []
    stack: list[_Node] = []
    numbering = _Numbering()
    i = 0
    while i < len(blocks):
        block = blocks[i]
        kind = block[0]
        if kind == "header":
            if not roots:
                header[block[1]] = block[2]
            i += 1
            continue
        if kind == "num":
            depth = block[1]
            token = block[2]
            if depth is None:
                depth = numbering.classify(token)
            if depth is not None:
                numbering.seen(depth)
                node = _Node(depth)
                del stack[depth:]
                if stack:
                    stack[-1].children.append(node)
                elif depth == 0:
                    roots.append(node)
                else:  # a sub-number with no article above it: a paragraph line
                    intro.append(f"{token}. {block[3]}".strip())
                    i += 1
                    continue
                stack.append(node)
                content = block[3]
                j = i + 1
                if not content:  # the number on a line of its own, its text on the next
                    while j < len(blocks) and blocks[j][0] == "blank":
                        j += 1
                    if j < len(blocks) and blocks[j][0] == "line":
                        content = blocks[j][1]
                        j += 1
                following = blocks[j] if j < len(blocks) else None
                if heading_by_bold:
                    is_heading = (
                        content.startswith("**")
                        and content.endswith("**")
                        and (content.count("**") == 2)
                    )
                    if is_heading:
                        node.heading = content[2:-2].strip()
                    elif content:
                        node.lines.append(content)
                elif _looks_like_heading(content, following, depth):
                    node.heading = content
                elif content:
                    node.lines.append(content)
                i = j
                continue
            block = ("line", f"{token}. {block[3]}".strip())
            kind = "line"
        target = stack[-1].lines if stack else intro
        if kind == "blank":
            target.append(None)
        elif kind == "line":
            target.append(block[1])
        elif kind == "bullet":
            if stack:
                stack[-1].bullets.append((block[2], block[3], len(stack[-1].lines)))
            target.append("- " + block[2])
        i += 1

    return ParsedNota(
        header=header,
        introduction=_join_paragraphs(intro),
        articles=[_finish(n) for n in roots],
    )


def _finish(node: _Node) -> ParsedArticle:
    lines = list(node.lines)
    children = [_finish(c) for c in node.children]
    style = "numbered"
    if not children:
        # trailing bullets of the text (the last list) become its children, as bullets
        while lines and lines[-1] is None:
            lines.pop()
        tail: list[str] = []
        list_id = None
        for k in range(len(lines) - 1, -1, -1):
            line = lines[k]
            if line is None or not line.startswith("- "):
                break
            index = len([x for x in lines[:k] if x is not None and x.startswith("- ")])
            this_id = node.bullets[index][1] if index < len(node.bullets) else None
            if list_id is None:
                list_id = this_id
            elif this_id != list_id:
                break
            tail.insert(0, line)
        if tail:
            lines = lines[: len(lines) - len(tail)]
            children = [ParsedArticle(text=t[2:].strip()) for t in tail]
            style = "bullets"
    return ParsedArticle(
        heading=node.heading,
        text=_join_paragraphs(lines),
        children_style=style,
        children=children,
    )


def parse_text(text: str) -> ParsedNota:
    """A memo as plain text (copied from Word, a PDF or an e-mail) as a tree."""
    return _build(_text_blocks(text))


# ---------------------------------------------------------------------------------------------
# Back to text


def _number_of(depth: int, position: int) -> str:
    return {0: str(position), 1: letter(position), 2: roman(position)}[min(depth, 2)] + "."


def _article_text(article: ParsedArticle, depth: int, position: int, out: list[str]) -> None:
    paragraphs = [p for p in (article.text or "").split("\n\n") if p.strip()]
    number = _number_of(depth, position)
    if article.heading:
        out.append(f"{number} {article.heading}")
        rest = paragraphs
        first_glued = True
    elif paragraphs and not paragraphs[0].startswith("- "):
        out.append(f"{number} {paragraphs[0]}")
        rest = paragraphs[1:]
        first_glued = False
    else:
        out.append(number)
        rest = paragraphs
        first_glued = True
    for k, paragraph in enumerate(rest):
        if not (k == 0 and first_glued):
            out.append("")
        out.append(paragraph)
    if article.children_style == "bullets" and article.children:
        out.append("")
        for child in article.children:
            bits = [child.heading, " ".join((child.text or "").split())]
            out.append("- " + " ".join(b for b in bits if b))
    else:
        for k, child in enumerate(article.children, start=1):
            out.append("")
            _article_text(child, depth + 1, k, out)


def preview_rows(parsed: ParsedNota) -> list[dict]:
    """The tree as the preview shows it, one row per article in reading order: depth, number
    as printed ("1.", "a.", "i." or "•"), heading and text."""
    rows: list[dict] = []

    def walk(articles, depth, bullets):
        for position, article in enumerate(articles, start=1):
            number = "•" if bullets else _number_of(depth, position)
            rows.append(
                {"depth": depth, "number": number, "heading": article.heading, "text": article.text}
            )
            walk(article.children, depth + 1, article.children_style == "bullets")

    walk(parsed.articles, 0, False)
    return rows


def to_text(parsed: ParsedNota) -> str:
    """The normalized text that parse_text reads back as the same tree."""
    out: list[str] = []
    for key, label in HEADER_ORDER:
        if key in parsed.header:
            out.append(f"{label}: {parsed.header[key] or '/'}")
    if out:
        out.append("")
    if parsed.introduction.strip():
        out.append(parsed.introduction.strip())
        out.append("")
    for k, article in enumerate(parsed.articles, start=1):
        _article_text(article, 0, k, out)
        out.append("")
    return "\n".join(out).strip() + "\n"


# ---------------------------------------------------------------------------------------------
# .docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MACRO_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

_FMT_DEPTH = {"decimal": 0, "lowerLetter": 1, "upperLetter": 1, "lowerRoman": 2, "upperRoman": 2}


def _refuse_bad(data: bytes) -> str:
    """ "docx" or "odt", or ImportRefused with a message a person can act on."""
    if len(data) > MAX_BYTES:
        raise ImportRefused(_("The file is larger than 10 MB."))
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportRefused(
            _("This is an old Word document (.doc). Save it as .docx in Word and import that.")
        )
    if data[:2] != b"PK":
        raise ImportRefused(NOT_A_DOCX)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        if archive.testzip() is not None:
            raise zipfile.BadZipFile
        if "mimetype" in names and "[Content_Types].xml" not in names:
            kind = archive.read("mimetype").decode("ascii", "replace").strip()
            if kind != ODT_TYPE or "content.xml" not in names:
                raise ImportRefused(NOT_A_DOCX)
            if any(n.startswith(("Basic/", "Scripts/")) for n in names):
                raise ImportRefused(MACROS)
            return "odt"
        types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, RuntimeError):
        raise ImportRefused(DAMAGED) from None
    if MACRO_TYPE in types or "vbaProject.bin" in "".join(names):
        raise ImportRefused(MACROS)
    if DOCX_TYPE not in types or "word/document.xml" not in names:
        raise ImportRefused(NOT_A_DOCX)
    return "docx"


def _runs_markdown(paragraph) -> str:
    parts = []
    for run in paragraph.iter_inner_content() if hasattr(paragraph, "iter_inner_content") else []:
        runs = getattr(run, "runs", None)
        for r in runs if runs is not None else [run]:
            text = r.text
            if not text:
                continue
            if r.bold and r.italic:
                parts.append(("bi", text))
            elif r.bold:
                parts.append(("b", text))
            elif r.italic:
                parts.append(("i", text))
            else:
                parts.append(("", text))
    return _marked(parts)


def _marked(parts: list[tuple[str, str]]) -> str:
    """Pieces of text with their kind ("", "b", "i", "bi") as one line of markdown."""
    merged: list[list[str]] = []
    for kind, text in parts:
        if merged and merged[-1][0] == kind:
            merged[-1][1] += text
        else:
            merged.append([kind, text])
    out = []
    for kind, text in merged:
        stripped = text.strip()
        if not kind or not stripped:
            out.append(text)
            continue
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        mark = {"b": "**", "i": "*", "bi": "***"}[kind]
        out.append(f"{lead}{mark}{stripped}{mark}{trail}")
    return " ".join("".join(out).split())


def _numbering_formats(document) -> dict[tuple[str, int], str]:
    try:
        numbering = document.part.numbering_part.element
    except (NotImplementedError, KeyError, AttributeError):
        return {}
    abstract = {}
    for node in numbering.findall(f"{W}abstractNum"):
        levels = {}
        for lvl in node.findall(f"{W}lvl"):
            fmt = lvl.find(f"{W}numFmt")
            levels[int(lvl.get(f"{W}ilvl"))] = fmt.get(f"{W}val") if fmt is not None else ""
        abstract[node.get(f"{W}abstractNumId")] = levels
    formats = {}
    for num in numbering.findall(f"{W}num"):
        ref = num.find(f"{W}abstractNumId")
        if ref is None:
            continue
        for ilvl, fmt in abstract.get(ref.get(f"{W}val"), {}).items():
            formats[(num.get(f"{W}numId"), ilvl)] = fmt
    return formats


def _num_pr(paragraph):
    p_pr = paragraph._p.pPr
    num_pr = p_pr.find(f"{W}numPr") if p_pr is not None else None
    if num_pr is None:
        style = paragraph.style
        while style is not None and num_pr is None:
            s_pr = style.element.pPr
            num_pr = s_pr.find(f"{W}numPr") if s_pr is not None else None
            style = style.base_style
    if num_pr is None:
        return None
    ilvl = num_pr.find(f"{W}ilvl")
    num_id = num_pr.find(f"{W}numId")
    if num_id is None or num_id.get(f"{W}val") == "0":
        return None
    return num_id.get(f"{W}val"), int(ilvl.get(f"{W}val")) if ilvl is not None else 0


def _docx_blocks(document) -> list[tuple]:
    formats = _numbering_formats(document)
    blocks: list[tuple] = []
    for table in document.tables:  # a header table: label | value
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells]
            if len(cells) >= 2:
                match = _HEADER.match(cells[0].rstrip(":").strip())
                if match and not match.group(3):
                    value = cells[1].strip()
                    blocks.append(("header", match.group(1).lower(), "" if value == "/" else value))
    for paragraph in document.paragraphs:
        content = _runs_markdown(paragraph)
        plain = paragraph.text.strip()
        numbered = _num_pr(paragraph)
        if numbered:
            num_id, ilvl = numbered
            fmt = formats.get((num_id, ilvl), "decimal")
            if fmt == "bullet" or fmt == "none":
                blocks.append(("bullet", ilvl, content, num_id))
            else:
                blocks.append(("num", _FMT_DEPTH.get(fmt, min(ilvl, 2)), "", content))
            continue
        if not plain:
            blocks.append(("blank",))
            continue
        # literal typed numbers, header lines, bullets: as in plain text
        line_blocks = [b for b in _text_blocks(_strip_marks_of_label(content)) if b[0] != "blank"]
        blocks.extend(line_blocks)
        blocks.append(("blank",))
    return blocks


def _strip_marks_of_label(content: str) -> str:
    """ "**Datum:** 5 mei" → "Datum: 5 mei"; "**1.** Tekst" → "1. Tekst"."""
    return re.sub(r"^\*\*([^*]{1,15}?)\*\*\s*", r"\1 ", content).replace(" :", ":")


def parse_docx(data: bytes) -> ParsedNota:
    """A .docx (Word's list numbering, literal numbers, bold and italic) as a tree."""
    if _refuse_bad(data) != "docx":
        raise ImportRefused(NOT_A_DOCX)
    return _parse_docx(data)


def _parse_docx(data: bytes) -> ParsedNota:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds on broken parts
        raise ImportRefused(DAMAGED) from None
    return _build(_docx_blocks(document), heading_by_bold=True)


def parse_document(data: bytes) -> ParsedNota:
    """A .docx or an .odt (LibreOffice, OpenOffice, Google Docs' export) as a tree."""
    if _refuse_bad(data) == "odt":
        return _parse_odt(data)
    return _parse_docx(data)


# ---------------------------------------------------------------------------------------------
# .odt (odfdo): paragraphs, lists with their list style's levels, bold and italic spans

_ODT_FORMAT_DEPTH = {"1": 0, "a": 1, "A": 1, "i": 2, "I": 2}


def parse_odt(data: bytes) -> ParsedNota:
    """An .odt (list styles' levels, bold and italic spans) as a tree."""
    if _refuse_bad(data) != "odt":
        raise ImportRefused(NOT_A_DOCX)
    return _parse_odt(data)


def _parse_odt(data: bytes) -> ParsedNota:
    from odfdo import Document

    try:
        blocks = _OdtReader(Document(io.BytesIO(data))).blocks()
    except Exception:  # odfdo and lxml raise many kinds on broken parts
        raise ImportRefused(DAMAGED) from None
    return _build(blocks, heading_by_bold=True)


class _OdtReader:
    def __init__(self, document):
        self.document = document
        self._kinds: dict[str, str] = {}
        self._levels: dict[str, dict[int, str]] = {}
        self._lists = 0

    def blocks(self) -> list[tuple]:
        out: list[tuple] = []
        for element in self.document.body.children:
            self._block(element, out)
        return out

    def _block(self, element, out):
        tag = element.tag
        if tag in ("text:p", "text:h"):
            content = self.inline(element)
            if not content.strip():
                out.append(("blank",))
                return
            out.extend(b for b in _text_blocks(_strip_marks_of_label(content)) if b[0] != "blank")
            out.append(("blank",))
        elif tag == "text:list":
            self._lists += 1
            self._list(element, element.get_attribute("text:style-name") or "", 0, out)
        elif tag == "table:table":
            for row in element.get_elements(".//table:table-row"):
                cells = [self.inline(c).replace("**", "").strip() for c in row.children]
                match = _HEADER.match(cells[0].rstrip(":").strip()) if len(cells) >= 2 else None
                if match and not match.group(3):
                    value = cells[1]
                    out.append(("header", match.group(1).lower(), "" if value == "/" else value))
        elif tag in ("text:section", "text:soft-page-break"):
            for child in element.children:
                self._block(child, out)

    def _list(self, element, style: str, level: int, out):
        fmt = self._format(style, level)
        for item in element.children:
            if item.tag not in ("text:list-item", "text:list-header"):
                continue
            first = True
            for child in item.children:
                if child.tag == "text:list":
                    self._list(child, child.get_attribute("text:style-name") or style, level + 1,
                               out)  # fmt: skip
                elif child.tag in ("text:p", "text:h"):
                    content = self.inline(child)
                    if first and item.tag == "text:list-item":
                        if fmt in _ODT_FORMAT_DEPTH:
                            out.append(("num", _ODT_FORMAT_DEPTH[fmt], "", content))
                        else:
                            out.append(("bullet", level, content, f"odt-{self._lists}"))
                        first = False
                    elif content.strip():
                        out.append(("line", content))

    def _format(self, style: str, level: int) -> str:
        """The list style's format at this level: "1", "a", "i" … or "bullet"."""
        if style not in self._levels:
            levels = {}
            found = self.document.get_style("list", style) if style else None
            for node in found.children if found is not None else []:
                number = int(node.get_attribute("text:level") or 1) - 1
                if node.tag == "text:list-level-style-number":
                    levels[number] = node.get_attribute("style:num-format") or ""
                else:
                    levels[number] = "bullet"
            self._levels[style] = levels
        return self._levels[style].get(level, "1" if not self._levels[style] else "bullet")

    def _kind(self, style: str | None, inherited: str) -> str:
        if not style:
            return inherited
        if style not in self._kinds:
            found = self.document.get_style("text", style)
            props = found.get_properties(area="text") if found is not None else None
            props = props or {}
            bold = str(props.get("fo:font-weight", "")) in ("bold", "600", "700", "800", "900")
            italic = props.get("fo:font-style") == "italic"
            self._kinds[style] = ("b" if bold else "") + ("i" if italic else "")
        own = self._kinds[style]
        both = set(own) | set(inherited)
        return "".join(k for k in "bi" if k in both)

    def inline(self, element) -> str:
        parts: list[tuple[str, str]] = []

        def walk(node, kind):
            if node.text:
                parts.append((kind, node.text))
            for child in node.children:
                tag = child.tag
                if tag == "text:span":
                    walk(child, self._kind(child.get_attribute("text:style-name"), kind))
                elif tag == "text:s":
                    parts.append((kind, " " * int(child.get_attribute("text:c") or 1)))
                elif tag in ("text:tab", "text:line-break"):
                    parts.append((kind, " "))
                elif tag in ("text:a", "text:meta", "text:bookmark-ref"):
                    walk(child, kind)
                elif tag == "table:table-cell":
                    for paragraph in child.children:
                        walk(paragraph, kind)
                        parts.append((kind, " "))
                elif tag in ("text:p", "text:h"):
                    walk(child, kind)
                if child.tail:
                    parts.append((kind, child.tail))

        walk(element, "")
        return _marked(parts)
