"""The afsprakennota as the municipality's official "Interne nota" PDF (core.pdf renders it)."""

from __future__ import annotations

from accounts.constants import Role
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

# The function a signatory signs in, as the house writes it under the signature.
FUNCTION_TITLE = {
    Role.ALGEMEEN_DIRECTEUR: "de algemeen directeur",
    Role.ADJUNCT_ALGEMEEN_DIRECTEUR: "de adjunct-algemeen directeur",
    Role.FINANCIEEL_DIRECTEUR: "de financieel directeur",
    Role.BURGEMEESTER: "de burgemeester",
    Role.SCHEPEN: "de schepen",
    Role.VOORZITTER_BCSD: "de voorzitter van het BCSD",
    Role.VOORZITTER_VAST_BUREAU: "de voorzitter van het vast bureau",
    Role.VOORZITTER_GEMEENTERAAD: "de voorzitter van de gemeenteraad",
    Role.VOORZITTER_RMW: "de voorzitter van de raad voor maatschappelijk welzijn",
    Role.MANAGER: "de manager",
    Role.DIENSTHOOFD: "het diensthoofd",
}


def _says_more(party: str, function: str) -> bool:
    """Whether the party's name adds to the function written under the signature."""
    bare = str(function).lower().removeprefix("de ").removeprefix("het ").strip()
    return party.strip().lower() != bare


def nota_pdf(nota) -> tuple[str, bytes]:
    """(html, pdf) of the nota as it stands, as PDF/A with tags; unsigned versions carry an
    ONTWERP watermark, drawn as an image behind the page so it never enters the text."""
    return render_pdf(TEMPLATE, nota_context(nota), archival=True)


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
        (
            n.number,
            f"{0.8 * min(n.depth, 4):.1f}cm",
            n.article.heading,
            render_markdown(n.article.text),
        )
        for n in numbered(list(nota.articles.all()))
    ]
    signatories = [  # parties that do not sign are not in the signature block
        {
            "party": p,
            "function": function,
            # "Voor Burgemeester" above "de burgemeester" says nothing more: left out
            "party_line": _says_more(p.name, function),
            "signature": signatures.get(p.signatory_role),
        }
        for p in nota.parties.all()
        if p.signatory_role
        for function in [FUNCTION_TITLE.get(p.signatory_role, p.get_signatory_role_display())]
    ]
    return {
        "nota": nota,
        "header": header,
        "articles": articles,
        "signatories": signatories,
        "draft": nota.state not in (NotaState.SIGNED, NotaState.REPLACED),
        "introduction": render_markdown(nota.introduction),
        "version": version,
    }
