"""Backup and restore (issue 20): `manage.py backup` writes the database and the uploaded files
into one .tar; after everything is wiped, `manage.py restore` brings back the same pages, the
same sealed PDF bytes and the same files, and raises every stamp above the numbers counted
before, so figures kept in the shared cache before the restore never match again."""

import io
import re
import tarfile

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import Client

from accounts.management.commands.demo import DOMAIN
from accounts.models import User
from afsprakennota.models import Afsprakennota
from core import kept
from core.models import Stamp
from optimalisatie.models import Cycle

pytestmark = pytest.mark.django_db(transaction=True)

VARYING = [
    re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'),
    re.compile(r'nonce="[^"]+"'),
    re.compile(r'"csrfToken": "[^"]+"|X-CSRFToken[^,}]+'),
]


def _normal(html: bytes) -> str:
    text = html.decode()
    for pattern in VARYING:
        text = pattern.sub("", text)
    return text


def _pages(client, nota, cycle) -> dict:
    client.force_login(User.objects.get(email=f"algemeen.directeur@{DOMAIN}"))
    urls = [
        "/",
        f"/afsprakennota/{nota.pk}/",
        f"/uitvoering/cycli/{cycle.pk}/resultaten/",
        "/besluitenlijst/",
    ]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = _normal(response.content)
    pdf = client.get(f"/afsprakennota/{nota.pk}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    pages["pdf"] = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    return pages


@pytest.fixture
def installation(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seal_certificate", path=str(tmp_path / "z.p12"), password="b", verbosity=0)
    settings.NOTA_SEAL_PKCS12, settings.NOTA_SEAL_PASSWORD = str(tmp_path / "z.p12"), "b"
    call_command("demo", "--force", stdout=io.StringIO())
    default_storage.save("bewijs/2026/offerte.pdf", io.BytesIO(b"%PDF-1.7 offerte"))
    return tmp_path


def test_a_backup_restores_the_same_pages_pdf_bytes_and_files(installation):
    nota = Afsprakennota.objects.get(kind="decreet", state="ondertekend")
    cycle = Cycle.objects.order_by("pk").first()
    client = Client()
    before = _pages(client, nota, cycle)
    files = {name: default_storage.open(name).read() for name in _files()}
    assert len(files) >= 2  # the demo's logo and the evidence
    kept_before = kept.stamp("cycle", cycle.pk)

    target = installation / "backups" / "b.tar"
    out = io.StringIO()
    call_command("backup", output=str(target), stdout=out)
    assert "Backup written" in out.getvalue()
    with tarfile.open(target) as archive:
        names = archive.getnames()
    assert "manifest.json" in names and {f"media/{n}" for n in files} <= set(names)

    # Everything lost: the tables emptied, the files gone, one file that was not there before.
    call_command("flush", interactive=False, verbosity=0)
    for name in files:
        default_storage.delete(name)
    default_storage.save("later.txt", io.BytesIO(b"not in the backup"))
    assert not Afsprakennota.objects.exists()

    call_command("restore", str(target), yes=True, stdout=io.StringIO())
    assert _pages(Client(), nota, cycle) == before
    assert {name: default_storage.open(name).read() for name in _files()} == files
    assert not default_storage.exists("later.txt")
    # Every stamp is above what was counted before, and scopes without a row follow the epoch.
    assert kept.stamp("cycle", cycle.pk) > kept_before
    assert kept.stamp("never", "changed") == Stamp.objects.get(pk=kept.EPOCH).version > 10**15
    kept.changed("never", "changed")
    assert kept.stamp("never", "changed") == Stamp.objects.get(pk=kept.EPOCH).version + 1


def test_restore_refuses_what_is_not_a_backup_and_asks_first(installation, monkeypatch):
    not_a_backup = installation / "x.tar"
    with tarfile.open(not_a_backup, "w") as archive:
        archive.add(__file__, arcname="something.py")
    with pytest.raises(CommandError, match="not a backup"):
        call_command("restore", str(not_a_backup), yes=True)
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(installation / "missing.tar"), yes=True)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Nothing restored"):
        call_command("restore", str(not_a_backup))
    assert Afsprakennota.objects.exists()


def _files():
    from core.backup import _storage_files

    return _storage_files()
