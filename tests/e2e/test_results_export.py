"""The results XLSX in the browser (issue 20): the financieel directeur asks for the export on
the results page, lands on the export's page, which shows it ready (tasks run at once here;
with a worker it reloads itself until then), and downloads a workbook with a sheet per level.
axe-core on every page."""

import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import expect

from accounts.management.commands.demo import DEMO_PASSWORD, DOMAIN
from optimalisatie.models import Cycle

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_financieel_directeur_exports_the_results(new_page, tmp_path):
    call_command("demo", "--force", stdout=io.StringIO())
    cycle = Cycle.objects.get(title="Optimalisatie-oefening 2026")
    fd = new_page()
    fd.login(f"financieel.directeur@{DOMAIN}", DEMO_PASSWORD)
    fd.goto(f"/uitvoering/cycli/{cycle.pk}/resultaten/")
    fd.follow(fd.get_by_role("button", name="Exporteren (XLSX)"))
    expect(fd.get_by_role("heading", level=1)).to_contain_text("Resultaten van")
    expect(fd.get_by_test_id("export-ready")).to_have_text("Het bestand is klaar.")
    with fd.page.expect_download() as download:
        fd.get_by_test_id("export-download").click()
    assert download.value.suggested_filename == f"resultaten-{cycle.pk}.xlsx"
    path = tmp_path / "resultaten.xlsx"
    download.value.save_as(path)
    book = load_workbook(path)
    assert book.sheetnames == ["Cyclus", "Domeinen", "Diensten", "Adviezen", "Acties"]
    assert book["Adviezen"].max_row > 1
