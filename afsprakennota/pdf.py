"""The afsprakennota as the municipality's official "Interne nota" PDF (core.pdf renders it)."""

from __future__ import annotations

from pathlib import Path

from accounts.models import Bestuur
from core.pdf import render_pdf
from core.threads import render_markdown

from .constants import NotaState
from .numbering import numbered

HEADER = [
    ("Datum", "datum"),
    ("Aan", "aan"),
    ("Bijlagen", "bijlagen"),
    ("Referentie", "referentie"),
    ("Cc", "cc"),
    ("Onderwerp", "onderwerp"),
]


TEMPLATE = "afsprakennota/pdf/nota.html"


def nota_pdf(nota) -> tuple[str, bytes]:
    """(html, pdf) of the nota as it stands; unsigned versions carry an ONTWERP watermark."""
    return render_pdf(TEMPLATE, nota_context(nota))


def nota_context(nota) -> dict:
    """What the template needs: our part of the work, before WeasyPrint lays it out."""
    from django.utils import formats

    version = nota.versions.order_by("-number").first()
    signatures = {s.role: s for s in version.signatures.select_related("signer")} if version else {}
    header = []
    for label, name in HEADER:
        value = getattr(nota, name)
        if name == "datum" and value:
            value = formats.date_format(value, "DATE_FORMAT")
        header.append((label, value or "/"))
    articles = [
        (n.number, n.depth, n.article.heading, render_markdown(n.article.text))
        for n in numbered(list(nota.articles.all()))
    ]
    parties = [(p, signatures.get(p.signatory_role)) for p in nota.parties.all()]
    bestuur = Bestuur.load()
    logo_url = ""
    if bestuur.logo and Path(bestuur.logo.path).is_file():
        logo_url = Path(bestuur.logo.path).as_uri()
    return {
        "nota": nota,
        "bestuur": bestuur,
        "logo_url": logo_url,
        "header": header,
        "articles": articles,
        "parties": parties,
        "draft": nota.state not in (NotaState.SIGNED, NotaState.REPLACED),
        "introduction": render_markdown(nota.introduction),
        "version": version,
    }
