"""core.uploads: a refused form keeps its files for the same session, for a day."""

import datetime

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.utils import timezone

from core import uploads
from core.models import KeptUpload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _request(session=None, tokens=()):
    request = RequestFactory().post("/", {uploads.TOKEN_FIELD: [str(t) for t in tokens]})
    request.session = session or SessionStore()
    return request


def test_a_kept_file_comes_back_to_the_same_session_only():
    request = _request()
    [kept] = uploads.keep(request, "attachments", [SimpleUploadedFile("nota.pdf", b"%PDF-1.7")])
    again = _request(request.session, [kept.token])
    [back] = uploads.kept(again, "attachments")
    assert back.name == "nota.pdf" and back.size == 8
    [as_file] = uploads.as_files([back])
    assert as_file.name == "nota.pdf" and as_file.read() == b"%PDF-1.7"
    as_file.close()
    # another session, another field, or a forged token: nothing
    assert uploads.kept(_request(tokens=[kept.token]), "attachments") == []
    assert uploads.kept(_request(request.session, [kept.token]), "evidence") == []
    assert uploads.kept(_request(request.session, ["geen-token"]), "attachments") == []


def test_release_removes_the_copy_and_purge_what_is_a_day_old(tmp_path):
    request = _request()
    [first, second] = uploads.keep(
        request,
        "attachments",
        [SimpleUploadedFile("a.pdf", b"a"), SimpleUploadedFile("b.pdf", b"b")],
    )
    path = tmp_path / first.file.name
    assert path.exists()
    uploads.release([first])
    assert not path.exists() and not KeptUpload.objects.filter(pk=first.pk).exists()
    KeptUpload.objects.filter(pk=second.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=1, minutes=1)
    )
    assert uploads.kept(_request(request.session, [second.token]), "attachments") == []
    assert uploads.purge() == 1
    assert not KeptUpload.objects.exists()
