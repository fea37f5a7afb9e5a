"""Object storage (issue 20): with AWS_STORAGE_BUCKET_NAME the uploads live in an S3 bucket,
here moto's S3 server on 127.0.0.1. The logo reaches the pages through the app and the PDFs
through the storage (nothing reads a local path), readiness checks the bucket, and a backup
holds the bucket's files and puts them back."""

import io

import pytest
from django.core.files.storage import default_storage, storages
from django.core.management import call_command
from pypdf import PdfReader

from accounts.management.commands.demo import DOMAIN
from accounts.models import Bestuur, User
from afsprakennota.models import Afsprakennota
from core.pdf import house_context

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_on_s3(s3_storage, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "geen-lokale-bestanden"
    call_command("demo", "--force", stdout=io.StringIO())
    assert type(storages["default"]).__name__ == "S3Storage"
    return s3_storage


def _bucket_files(bucket):
    import boto3

    s3 = boto3.client(
        "s3",
        endpoint_url=storages["default"].endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    return sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", []))


def test_the_logo_lives_in_the_bucket_and_reaches_pages_and_pdfs(demo_on_s3, client, tmp_path):
    bestuur = Bestuur.load()
    assert bestuur.logo.name in _bucket_files(demo_on_s3)
    assert not (tmp_path / "geen-lokale-bestanden").exists()  # nothing on local disk

    logo = client.get("/organisatie/logo/")
    assert logo.status_code == 200 and logo["Content-Type"] == "image/png"
    assert b"".join(logo.streaming_content) == bestuur.logo.open("rb").read()
    client.force_login(User.objects.get(email=f"algemeen.directeur@{DOMAIN}"))
    assert "/organisatie/logo/?v=" in client.get("/").content.decode()

    assert house_context()["logo_url"].startswith("data:image/png;base64,")
    nota = Afsprakennota.objects.get(kind="decreet", state="ondertekend")
    response = client.get(f"/afsprakennota/{nota.pk}/pdf/")
    data = b"".join(response.streaming_content) if response.streaming else response.content
    first_page = PdfReader(io.BytesIO(data)).pages[0]
    assert len(first_page.images) >= 1  # the logo, drawn from the bucket


def test_readiness_checks_the_bucket(s3_storage, client, settings):
    ready = client.get("/gezondheid/klaar/")
    assert ready.status_code == 200 and ready.json()["checks"]["storage"]["ok"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {**settings.STORAGES["default"]["OPTIONS"], "bucket_name": "missing"},
        },
    }
    not_ready = client.get("/gezondheid/klaar/")
    assert not_ready.status_code == 503 and not not_ready.json()["checks"]["storage"]["ok"]


def test_a_backup_holds_the_bucket_and_puts_it_back(demo_on_s3, tmp_path):
    default_storage.save("bewijs/2026/offerte.pdf", io.BytesIO(b"%PDF-1.7 offerte"))
    before = {name: default_storage.open(name).read() for name in _bucket_files(demo_on_s3)}
    call_command("backup", output=str(tmp_path / "b.tar"), stdout=io.StringIO())
    for name in before:
        default_storage.delete(name)
    default_storage.save("later.txt", io.BytesIO(b"not in the backup"))
    call_command("restore", str(tmp_path / "b.tar"), yes=True, stdout=io.StringIO())
    assert {name: default_storage.open(name).read() for name in _bucket_files(demo_on_s3)} == (
        before
    )
