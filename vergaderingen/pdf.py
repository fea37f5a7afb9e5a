"""The minutes (notulen) as a PDF, through the shared renderer (core.pdf)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.pdf import render_pdf

from . import selectors
from .models import SignatureCapacity

TEMPLATE = "vergaderingen/pdf/minutes.html"


def minutes_pdf(meeting) -> tuple[str, bytes]:
    """(html, pdf) of the meeting's minutes, with their signatures and the chair."""
    minutes = meeting.minutes
    return render_pdf(
        TEMPLATE,
        {
            "meeting": meeting,
            "minutes": minutes,
            "signatures": minutes.signatures.select_related("signer"),
            "chair": selectors.chair(meeting),
            "capacities": [
                (SignatureCapacity.CHAIR, _("Chair")),
                (SignatureCapacity.SECRETARY, _("Secretary")),
            ],
        },
    )
