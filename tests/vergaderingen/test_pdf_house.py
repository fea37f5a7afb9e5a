"""The public decision list PDF: the house layout, PDF/A-3a, tagged, nl-BE, with a title."""

import io
import os
import re
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.afsprakennota.test_pdf_house import assert_archival

from .test_decision_list import published

pytestmark = pytest.mark.django_db


def test_the_public_decision_list_is_pdf_a_tagged_and_in_the_house_layout(
    client, college, tmp_path
):
    meeting = published(college, (2025, 5, 5))
    pdf = client.get(reverse("decision-list-pdf", args=[meeting.pk])).content
    if os.environ.get("PDF_DUMP"):
        (Path(os.environ["PDF_DUMP"]) / "decision-list.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    assert_archival(pdf, str(meeting.orgaan))
    path = tmp_path / "list.pdf"
    path.write_bytes(pdf)
    layout = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = len(reader.pages)
    top = layout.split("\f")[0].splitlines()[:4]
    assert any(f"1/{pages}" in line for line in top)  # "pagina 1/N" at the top
    assert re.search(r"^\s*1\.\s+Besluit 1 van 05-05-2025", layout, re.M)


def test_the_minutes_follow_the_house_layout(college, meeting, tmp_path):
    from vergaderingen import services
    from vergaderingen.pdf import minutes_pdf

    from .test_minutes import held_meeting

    held_meeting(college, meeting)
    services.minutes_save(meeting=meeting, text="De notulen.\n" * 80, by=college["secretary"])
    _html, pdf = minutes_pdf(meeting)
    if os.environ.get("PDF_DUMP"):
        (Path(os.environ["PDF_DUMP"]) / "minutes.pdf").write_bytes(pdf)
    path = tmp_path / "minutes.pdf"
    path.write_bytes(pdf)
    layout = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = layout.rstrip("\f").split("\f")
    for n, page in enumerate(pages, start=1):
        assert any(f"{n}/{len(pages)}" in line for line in page.strip("\n").splitlines()[:4])
