"""Sealing as a task (issue 20): the last signature queues the seal for the worker, which
keeps the sealed bytes, so the first download serves them without rendering in the request.
Without a certificate the worker logs and seals nothing; the download still says why."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from afsprakennota.models import SealedPdf

from .test_pdf_house import signed

pytestmark = pytest.mark.django_db(transaction=True)  # on_commit and the worker's connections


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())


def test_the_last_signature_queues_the_seal_and_the_download_serves_its_bytes(
    org, seal_certificate, database_tasks, client
):
    nota, _draft, _final = signed(org)
    assert nota.state == "ondertekend"
    queued = DBTaskResult.objects.filter(task_path__endswith="seal_signed_version")
    assert queued.count() == 1 and not SealedPdf.objects.exists()
    run_worker()
    sealed = SealedPdf.objects.get()
    assert sealed.version == nota.versions.order_by("-number").first()
    client.force_login(org["ad"])
    response = client.get(reverse("afsprakennota:pdf", args=[nota.pk]))
    assert response.content == bytes(sealed.pdf)
    assert SealedPdf.objects.count() == 1


def test_without_a_certificate_the_worker_seals_nothing_and_says_why(
    org, database_tasks, settings, caplog
):
    settings.NOTA_SEAL_PKCS12 = ""
    signed(org)
    run_worker()
    assert not SealedPdf.objects.exists()
    assert "not sealed" in caplog.text


def test_where_tasks_run_at_once_nothing_is_queued_and_the_download_seals(
    org, seal_certificate, client
):
    nota, _draft, _final = signed(org)
    assert not SealedPdf.objects.exists()
    client.force_login(org["ad"])
    response = client.get(reverse("afsprakennota:pdf", args=[nota.pk]))
    assert response.content == bytes(SealedPdf.objects.get().pdf)
