"""One PDF renderer for the whole app: a template becomes (html, pdf_bytes).

WeasyPrint is imported lazily (it is heavy). PDF templates carry their own CSS (put the font
family inside @page too: margin boxes do not inherit it), and the renderer fetches nothing
from the network: only file: and data: URLs are allowed.

Archival PDFs (the signed nota, the public decision list) are PDF/A-3a: PDF/A-3 with level A,
which is level U (all text as Unicode) plus a structure tree (tagged PDF, /MarkInfo Marked),
so screen readers can read them. The document language comes from <html lang="nl-BE"> and the
title from <title>. WeasyPrint takes one variant at a time, so the PDF/UA identifier is not
claimed separately; the tagging it requires is there.
"""

from __future__ import annotations

import base64
import logging

from django.conf import settings
from django.template.loader import render_to_string

ARCHIVAL_VARIANT = "pdf/a-3a"
logger = logging.getLogger(__name__)


def render_pdf(template: str, context: dict, *, archival: bool = False) -> tuple[str, bytes]:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(template, {**house_context(), **context})
    fetcher = URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)
    options = {"pdf_variant": ARCHIVAL_VARIANT, "pdf_tags": True} if archival else {}
    document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher)
    return html, document.write_pdf(**options)


def house_context() -> dict:
    """The organisation every PDF carries at the top: its name and logo (set in Beheer), read
    through the storage (local disk or object storage) into the document as a data: URI."""
    from accounts.models import Bestuur

    bestuur = Bestuur.load()
    return {"bestuur": bestuur, "logo_url": logo_data_uri(bestuur)}


def logo_data_uri(bestuur) -> str:
    kind = bestuur.logo_type
    if not kind:
        return ""
    try:
        with bestuur.logo.open("rb") as f:
            data = f.read()
    except (FileNotFoundError, OSError):
        logger.warning("The logo %s could not be read from the storage.", bestuur.logo.name)
        return ""
    if not data:
        return ""
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"
