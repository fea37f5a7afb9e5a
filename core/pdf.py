"""One PDF renderer for the whole app: a template becomes (html, pdf_bytes).

WeasyPrint is imported lazily (it is heavy). PDF templates carry their own CSS (put the font
family inside @page too: margin boxes do not inherit it), and the renderer fetches nothing
from the network: only file: and data: URLs are allowed.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(template: str, context: dict) -> tuple[str, bytes]:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(template, context)
    fetcher = URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)
    pdf = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher).write_pdf()
    return html, pdf
