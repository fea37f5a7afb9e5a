"""The organisation on every PDF: the place and the logo set in Beheer, and the demo has both."""

import io
import os
import subprocess
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import Bestuur
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_functioneel_beheerder_sets_the_place_in_beheer(client):
    bestuur = Bestuur.load()
    client.force_login(UserFactory(permissions=["manage_organisation"]))
    url = reverse("admin:accounts_bestuur_change", args=[bestuur.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="plaats"' in page.content.decode()
    response = client.post(
        url,
        {
            "name": "Gemeente en OCMW Heuvelbeke",
            "plaats": "Heuvelbeke",
            "gemeente_name": "Gemeente Heuvelbeke",
            "ocmw_name": "OCMW Heuvelbeke",
        },
    )
    assert response.status_code == 302
    assert Bestuur.load().plaats == "Heuvelbeke"


def test_the_demo_has_a_place_and_a_logo_shown_on_the_nota(settings, tmp_path):
    from afsprakennota import services
    from afsprakennota.pdf import nota_pdf

    settings.MEDIA_ROOT = str(tmp_path)
    call_command("demo", "--force", stdout=io.StringIO())
    call_command("demo", "--force", stdout=io.StringIO())  # again: the logo is kept
    bestuur = Bestuur.load()
    assert bestuur.plaats == "Heuvelbeke"
    assert bestuur.logo and bestuur.logo.name.endswith(".png")
    assert len(list(tmp_path.rglob("*.png"))) == 1
    from accounts.models import Mandate, Term

    ad = Mandate.objects.filter(function="algemeen_directeur").first().user
    nota = services.nota_create_decree(term=Term.objects.first(), by=ad)
    pdf = nota_pdf(nota)[1]
    reader = PdfReader(io.BytesIO(pdf))
    assert all(page.images for page in reader.pages)
    path = tmp_path / "nota.pdf"
    path.write_bytes(pdf)
    if os.environ.get("PDF_DUMP"):
        (Path(os.environ["PDF_DUMP"]) / "demo-nota.pdf").write_bytes(pdf)
    first_lines = subprocess.run(
        ["pdftotext", "-layout", "-l", "1", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()[:4]
    assert "Gemeente en OCMW Heuvelbeke" in " ".join(first_lines)


def test_the_logo_is_served_by_the_app_and_a_missing_one_is_404(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert client.get("/organisatie/logo/").status_code == 404  # none set
    bestuur = Bestuur.load()
    bestuur.logo.save("logo.png", ContentFile(b"\x89PNG\r\n\x1a\n" + b"\0" * 16))
    response = client.get("/organisatie/logo/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert "public" in response["Cache-Control"]
    bestuur.logo.storage.delete(bestuur.logo.name)  # the file lost: 404, never a 500
    assert client.get("/organisatie/logo/").status_code == 404
