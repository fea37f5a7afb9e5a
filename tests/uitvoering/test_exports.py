"""The results XLSX as an export built by the worker (issue 20, core.exports): asked for on
the results page, followed on its own page (which asks again every two seconds until ready),
downloaded by whoever asked, nobody else; an owner who lost access gets a clear failure; old
exports go."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from core.exports import build_export, purge_exports
from core.models import Export
from tests.accounts.factories import UserFactory

from .conftest import exported, running

pytestmark = pytest.mark.django_db


def test_the_director_asks_follows_and_downloads_the_results(client, world):
    advies = running(world)
    client.force_login(world.algemeen_directeur)
    response = exported(client, advies.cycle_id)
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith("attachment;")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Cyclus", "Domeinen", "Diensten", "Adviezen", "Acties"]
    export = Export.objects.get()
    assert (export.owner, export.state, export.progress) == (world.algemeen_directeur, "klaar", 100)


def test_only_whoever_asked_sees_and_downloads_it(client, world):
    advies = running(world)
    client.force_login(world.algemeen_directeur)
    exported(client, advies.cycle_id)
    export = Export.objects.get()
    for other in (world.mt_member, world.schepen, UserFactory()):
        client.force_login(other)
        assert client.get(reverse("core:export", args=[export.pk])).status_code == 404
        assert client.get(reverse("core:export-download", args=[export.pk])).status_code == 404
    # and a GET of the old address builds nothing
    client.force_login(world.algemeen_directeur)
    assert client.get(reverse("uitvoering:results-xlsx", args=[advies.cycle_id])).status_code == 405


def test_an_owner_who_may_no_longer_see_the_cycle_gets_a_clear_failure(client, world):
    advies = running(world)
    outsider = UserFactory()
    export = Export.objects.create(
        owner=outsider,
        kind="results-xlsx",
        params={"cycle": advies.cycle_id, "language": "nl"},
        title="Resultaten",
        filename="resultaten.xlsx",
    )
    assert build_export.call(export.pk) is False
    export.refresh_from_db()
    assert export.state == "mislukt" and not export.file
    client.force_login(outsider)
    page = client.get(reverse("core:export", args=[export.pk])).content.decode()
    assert "niet meer zien" in page
    assert client.get(reverse("core:export-download", args=[export.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_with_a_worker_the_page_follows_the_export_until_it_is_ready(client, world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    advies = running(world)
    client.force_login(world.algemeen_directeur)
    asked = client.post(reverse("uitvoering:results-xlsx", args=[advies.cycle_id]))
    export = Export.objects.get()
    assert asked["Location"] == reverse("core:export", args=[export.pk])
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    waiting = client.get(asked["Location"]).content.decode()
    assert 'hx-trigger="every 2s"' in waiting and "<progress" in waiting
    assert client.get(reverse("core:export-download", args=[export.pk])).status_code == 404
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())
    ready = client.get(asked["Location"]).content.decode()
    assert "hx-trigger" not in ready and 'data-testid="export-download"' in ready
    assert f'href="/uitvoering/cycli/{advies.cycle_id}/resultaten/"' in ready  # back


def test_the_export_page_reads_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    advies = running(world)
    client.force_login(world.algemeen_directeur)
    exported(client, advies.cycle_id)
    export = Export.objects.get()
    with django_assert_max_num_queries(13):  # the page frame; nothing grows with the data
        assert client.get(reverse("core:export", args=[export.pk])).status_code == 200


def test_old_exports_are_removed_with_their_files(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    advies = running(world)
    client.force_login(world.algemeen_directeur)
    exported(client, advies.cycle_id)
    export = Export.objects.get()
    path = tmp_path / export.file.name
    assert path.is_file()
    assert purge_exports() == 0
    later = timezone.now() + datetime.timedelta(days=settings.EXPORT_KEEP_DAYS, hours=1)
    assert purge_exports(now=later) == 1
    assert not Export.objects.exists() and not path.exists()
