"""An advice's attachments: what they say they are (core.files), never lost on a refused form
(core.uploads), served as a download with the type found when they were checked."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import KeptUpload
from optimalisatie.models import Advies

from .factories import AdviesFactory, CycleFactory
from .test_services import FORM

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _pdf(name="nota.pdf", content=PDF):
    return SimpleUploadedFile(name, content)


def _create(client, world, **changes):
    return client.post(
        reverse("optimalisatie:advies-create"), {**FORM, "dienst": world.dienst.pk, **changes}
    )


@pytest.fixture(params=["disk", "s3"])
def writer(request, client, world):
    """Every story on local disk and on object storage (moto's S3 server)."""
    if request.param == "s3":
        request.getfixturevalue("s3_storage")
    from django.core.files.storage import storages

    backend = type(storages["default"]).__name__
    assert backend == {"disk": "FileSystemStorage", "s3": "S3Storage"}[request.param]
    CycleFactory()
    client.force_login(world.diensthoofd)
    return client


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("leeg.pdf", b"", "leeg"),
        ("programma.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 60, "geen PDF"),
        ("pagina.pdf", b"<html><script>alert(1)</script></html>", "geen PDF"),
        ("virus.exe", b"MZ", "geen toegelaten"),
    ],
)
def test_an_attachment_that_is_not_what_it_says_is_refused(writer, world, name, content, message):
    response = _create(writer, world, attachments=SimpleUploadedFile(name, content))
    errors = " ".join(response.context["form"].errors["attachments"])
    assert name in errors and message in errors, errors
    assert not Advies.objects.exists()


def test_an_attachment_is_stored_under_a_safe_name_and_served_as_what_it_is(writer, world):
    response = _create(writer, world, attachments=_pdf("../../etc/nota\x07 2026.pdf"))
    assert response.status_code == 302
    attachment = Advies.objects.get().attachments.get()
    assert attachment.name == "nota 2026.pdf"
    assert attachment.content_type == "application/pdf"
    assert "/etc/" not in attachment.file.name
    download = writer.get(
        reverse("optimalisatie:attachment", args=[attachment.advies_id, attachment.pk])
    )
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == PDF


def test_an_old_attachment_without_a_checked_type_is_served_as_bytes(writer, world):
    advies = AdviesFactory(dienst=world.dienst)
    attachment = advies.attachments.create(
        file=_pdf(), name="oud.pdf", size=len(PDF), uploaded_by=world.diensthoofd
    )
    download = writer.get(reverse("optimalisatie:attachment", args=[advies.pk, attachment.pk]))
    assert download["Content-Type"] == "application/octet-stream"
    assert download["Content-Disposition"].startswith("attachment;")


def test_a_refused_form_keeps_the_attachment_until_it_succeeds(writer, world):
    refused = _create(writer, world, title="", attachments=_pdf("begroting.pdf"))
    page = refused.content.decode()
    assert refused.context["form"].errors["title"]
    assert "Bijlage bewaard: begroting.pdf" in page
    [kept] = refused.context["kept_uploads"]
    assert f'name="bewaarde_bijlage" value="{kept.token}"' in page

    # refused again (another field): still kept, still once
    again = _create(writer, world, title="", bewaarde_bijlage=str(kept.token))
    assert [k.token for k in again.context["kept_uploads"]] == [kept.token]

    done = _create(writer, world, bewaarde_bijlage=str(kept.token))
    assert done.status_code == 302
    attachment = Advies.objects.get().attachments.get()
    assert (attachment.name, attachment.content_type) == ("begroting.pdf", "application/pdf")
    assert attachment.file.read() == PDF
    assert not KeptUpload.objects.exists()  # released


def test_of_several_files_those_that_passed_are_kept(writer, world):
    refused = _create(
        writer,
        world,
        attachments=[_pdf("goed.pdf"), SimpleUploadedFile("fout.pdf", b"MZ\x90\x00" * 10)],
    )
    assert "fout.pdf" in " ".join(refused.context["form"].errors["attachments"])
    assert [k.name for k in refused.context["kept_uploads"]] == ["goed.pdf"]
    assert not Advies.objects.exists()


def test_an_unticked_kept_file_is_left_out(writer, world):
    [kept] = _create(writer, world, title="", attachments=_pdf()).context["kept_uploads"]
    assert _create(writer, world).status_code == 302  # sent without the kept file's token
    assert not Advies.objects.get().attachments.exists()
    assert KeptUpload.objects.filter(pk=kept.pk).exists()  # removed after a day (purge)


def test_another_session_cannot_attach_a_kept_file(writer, client, world, django_user_model):
    from django.test import Client

    [kept] = _create(writer, world, title="", attachments=_pdf()).context["kept_uploads"]
    other = Client()
    other.force_login(world.diensthoofd)  # the same person, another session
    response = other.post(
        reverse("optimalisatie:advies-create"),
        {**FORM, "dienst": world.dienst.pk, "bewaarde_bijlage": str(kept.token)},
    )
    assert response.status_code == 302
    assert not Advies.objects.get().attachments.exists()


def test_the_edit_form_keeps_its_new_attachment_too(writer, world):
    advies = AdviesFactory(dienst=world.dienst)
    url = reverse("optimalisatie:advies-edit", args=[advies.pk])
    data = {
        **FORM,
        "dienst": world.dienst.pk,
        "lock_version": advies.lock_version,
        "savings_recurring": "42.500",
    }
    refused = writer.post(
        url, {**data, "title": "", "attachments": SimpleUploadedFile("a.png", PNG)}
    )
    [kept] = refused.context["kept_uploads"]
    assert "Bijlage bewaard: a.png" in refused.content.decode()
    assert writer.post(url, {**data, "bewaarde_bijlage": str(kept.token)}).status_code == 302
    advies.refresh_from_db()
    assert advies.attachments.get().content_type == "image/png"
    assert str(advies.savings_recurring) == "42500.00"
