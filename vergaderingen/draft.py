"""A draft decision (ontwerpbesluit) as a Word document, for a body that decides in the
official decision system (Gelinkt Notuleren, Notula, Cipal…).

One .docx per subject, in the usual structure of a Flemish college decision: the subject
(onderwerp), the context (aanleiding en context), the legal grounds (juridische grond), the
advice (adviezen), the reasoning (argumentatie), the financial consequences (financiële
gevolgen) and the decision in numbered articles (besluit). Each heading is a Word heading and
each part plain paragraphs, so the text can be pasted or imported as it is. The text is
Dutch, as the documents of the municipality are (afsprakennota.word does the same).

An app gives the sections of its subjects through the `draft` of vergaderingen.subjects; a
subject without one gets its title and a general article.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.utils import timezone
from docx import Document
from docx.shared import Pt

from core.templatetags.formatting import datum

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# The decree's articles on the college's and the vast bureau's powers, cited by every draft.
LEGAL_GROUNDS_COMMON = [
    "Het Decreet over het lokaal bestuur van 22 december 2017, in het bijzonder artikel 56 "
    "over de bevoegdheden van het college van burgemeester en schepenen.",
]
TO_COMPLETE = "(aan te vullen)"


@dataclass
class Draft:
    """The sections of a draft decision; each text section is a list of paragraphs."""

    subject: str
    context: list[str] = field(default_factory=list)
    legal_grounds: list[str] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)
    reasoning: list[str] = field(default_factory=list)
    financial: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)


SECTIONS = [
    ("Aanleiding en context", "context"),
    ("Juridische grond", "legal_grounds"),
    ("Adviezen", "advice"),
    ("Argumentatie", "reasoning"),
    ("Financiële gevolgen", "financial"),
]


def general(title: str) -> Draft:
    """The draft of a subject whose app gives no sections of its own."""
    return Draft(subject=title, articles=[f"Het college keurt goed: {title}."])


# what Word cannot hold (python-docx refuses it): control characters but tab and newline, as
# Word's own Shift+Enter (\x0b) pasted into a text field
_UNWRITABLE = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


def _clean(text) -> str:
    return str(text).translate(_UNWRITABLE)


def draft_for(subject, title: str) -> Draft:
    from . import subjects

    kind = subjects.subject_type(subject)
    if kind is not None and kind.draft is not None:
        return kind.draft(subject)
    return general(title)


def filename(draft: Draft) -> str:
    from core.files import safe_name

    subject = _clean(draft.subject).replace("/", "-").replace("\\", "-")
    return safe_name(f"Ontwerpbesluit {subject}.docx", limit=120)


def document(draft: Draft, *, orgaan, municipality: str = "") -> bytes:
    """The .docx of one draft decision for this body."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    heading = f"{municipality} – {orgaan}" if municipality else str(orgaan)
    doc.add_paragraph(_clean(heading)).runs[0].bold = True
    doc.add_paragraph(f"Ontwerpbesluit, opgemaakt op {datum(timezone.localdate())}")
    doc.add_heading("Onderwerp", level=1)
    doc.add_paragraph(_clean(draft.subject))
    for label, attr in SECTIONS:
        doc.add_heading(label, level=1)
        paragraphs = [p for p in getattr(draft, attr) if p.strip()]
        if attr == "legal_grounds":
            paragraphs = LEGAL_GROUNDS_COMMON + paragraphs
        for text in paragraphs or [TO_COMPLETE]:
            doc.add_paragraph(_clean(text))
    doc.add_heading("Besluit", level=1)
    for number, text in enumerate(draft.articles or [TO_COMPLETE], start=1):
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"Artikel {number}. ").bold = True
        paragraph.add_run(_clean(text))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
