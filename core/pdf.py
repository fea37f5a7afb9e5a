"""One PDF renderer for the whole app: a template becomes (html, pdf_bytes).

WeasyPrint is imported lazily (it is heavy). PDF templates carry their own CSS (put the font
family inside @page too: margin boxes do not inherit it), and the renderer fetches nothing
from the network: only file: and data: URLs are allowed.

Archival PDFs (the signed nota, the public decision list) are PDF/A-3a: PDF/A-3 with level A,
which is level U (all text as Unicode) plus a structure tree (tagged PDF, /MarkInfo Marked),
so screen readers can read them. The document language comes from <html lang="nl-BE"> and the
title from <title>. WeasyPrint takes one variant at a time: its pdf/ua-1 variant adds tags
(which PDF/A-3a has already) and the identifier `pdfuaid:part="1"` in the XMP metadata, so a
finisher adds that identifier beside PDF/A's (`_also_pdf_ua`).
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
    options = (
        {"pdf_variant": ARCHIVAL_VARIANT, "pdf_tags": True, "finisher": _also_pdf_ua}
        if archival
        else {}
    )
    document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher)
    return html, document.write_pdf(**options)


PDFUA_NS = "http://www.aiim.org/pdfua/ns/id/"
# PDF/A accepts XMP properties outside its predefined schemas only with an extension schema
# that describes them (ISO 19005-2 6.6.2.3); this is the usual one for pdfuaid:part.
PDFUA_EXTENSION = (
    '<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"'
    ' xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"'
    ' xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">'
    '<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">'
    "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>"
    f"<pdfaSchema:namespaceURI>{PDFUA_NS}</pdfaSchema:namespaceURI>"
    "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"
    '<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">'
    "<pdfaProperty:name>part</pdfaProperty:name>"
    "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>"
    "<pdfaProperty:category>internal</pdfaProperty:category>"
    "<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed"
    "</pdfaProperty:description>"
    "</rdf:li></rdf:Seq></pdfaSchema:property>"
    "</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>"
)


def _also_pdf_ua(document, pdf) -> None:
    """The PDF/UA-1 identifier in the XMP metadata WeasyPrint wrote for PDF/A, on the same
    rdf:Description as pdfaid:part (what its own pdf/ua-1 variant writes, ISO 14289-1 5)."""
    reference = pdf.catalog.get("Metadata")
    if not reference:
        return
    if isinstance(reference, bytes):
        reference = reference.decode()
    stream = pdf.objects[int(str(reference).split()[0])]
    data = b"".join(
        part if isinstance(part, bytes) else str(part).encode() for part in stream.stream
    )
    marker = b'pdfaid:part="'
    if marker not in data or b"pdfuaid:part" in data:
        return
    data = data.replace(
        marker, f'xmlns:pdfuaid="{PDFUA_NS}" pdfuaid:part="1" '.encode() + marker, 1
    )
    data = data.replace(b"</rdf:RDF>", PDFUA_EXTENSION.encode() + b"</rdf:RDF>", 1)
    stream.stream = [data]


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
