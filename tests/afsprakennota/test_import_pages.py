"""Starting the decree's nota in the browser forms (issue 18): from the template, blank, a
copy, or a pasted or imported memo that is previewed, corrected and only then saved; bad files
get a Dutch message at the file field and nothing is saved; only who draws up notas may."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from afsprakennota import services
from afsprakennota.models import Afsprakennota
from afsprakennota.numbering import numbered
from tests.accounts.factories import UserFactory

from .test_importing import PASTED

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"
CREATE = reverse("afsprakennota:create")
PREVIEW = reverse("afsprakennota:import-preview")


def _tree(nota):
    return [
        (n.number, n.article.heading or n.article.text) for n in numbered(list(nota.articles.all()))
    ]


def test_a_pasted_memo_is_previewed_corrected_and_only_then_saved(client, org):
    client.force_login(org["ad"])
    response = client.post(CREATE, {"term": org["term"].pk, "start": "paste", "text": PASTED})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Voorbeeld van de nota" in page and "Samenwerking bestuur en administratie" in page
    assert page.count('data-testid="preview-article"') == 9
    assert not Afsprakennota.objects.exists()
    text = response.context["form"].initial["text"]
    assert "1. Overleg" in text and "a. Elke *twee* weken, op maandag." in text
    corrected = text.replace("Bij een crisis zo snel mogelijk.", "Bij een crisis meteen.")
    response = client.post(PREVIEW, {"term": org["term"].pk, "text": corrected, "refresh": ""})
    assert response.status_code == 200 and "Bij een crisis meteen." in response.content.decode()
    assert not Afsprakennota.objects.exists()
    response = client.post(PREVIEW, {"term": org["term"].pk, "text": corrected, "create": ""})
    nota = Afsprakennota.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "afsprakennota:detail", args=[nota.pk]
    )
    assert ("b.", "Bij een crisis meteen.") in _tree(nota)
    assert nota.onderwerp == "Samenwerking bestuur en administratie"


@pytest.mark.parametrize("name", ["memo_list_numbering.docx", "memo_list_numbering.odt"])
def test_an_imported_document_is_previewed_with_its_tree(client, org, name):
    client.force_login(org["ad"])
    upload = SimpleUploadedFile(name, (FILES / name).read_bytes(), "application/octet-stream")
    response = client.post(CREATE, {"term": org["term"].pk, "start": "import", "file": upload})
    assert response.status_code == 200
    text = response.context["form"].initial["text"]
    assert "Datum: 5 december 2026" in text and "i. Met een agenda." in text
    assert not Afsprakennota.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("oud.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "oud Word-document (.doc)"),
        ("nota.pdf", b"%PDF-1.7 een pdf", "geen Word- (.docx) of OpenDocument-document"),
        ("kapot.docx", b"PK\x03\x04 kapot", "Het bestand is beschadigd"),
        ("groot.docx", b"PK" + b"\0" * (25 * 1024 * 1024), "groter dan 10 MB"),
    ],
)
def test_bad_files_get_a_dutch_message_at_the_file_field_and_nothing_is_saved(
    client, org, name, data, message
):
    client.force_login(org["ad"])
    upload = SimpleUploadedFile(name, data, "application/octet-stream")
    response = client.post(CREATE, {"term": org["term"].pk, "start": "import", "file": upload})
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page and 'id="error_1_id_file"' in page
    assert not Afsprakennota.objects.exists()


def test_a_macro_document_is_refused(client, org):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override ContentType="application/vnd.ms-word.document.macroEnabled.'
            'main+xml" PartName="/word/document.xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/vbaProject.bin", b"macro")
    client.force_login(org["ad"])
    upload = SimpleUploadedFile("nota.docm", buffer.getvalue(), "application/octet-stream")
    response = client.post(CREATE, {"term": org["term"].pk, "start": "import", "file": upload})
    assert response.status_code == 400 and "macro" in response.content.decode()
    assert not Afsprakennota.objects.exists()


def test_each_start_has_its_required_field_and_keeps_the_input(client, org):
    client.force_login(org["ad"])
    response = client.post(CREATE, {"term": org["term"].pk, "start": "paste", "text": "  "})
    assert response.status_code == 400
    assert "Plak de tekst van de nota." in response.content.decode()
    response = client.post(CREATE, {"term": org["term"].pk, "start": "copy"})
    assert "Kies de nota om te kopiëren." in response.content.decode()
    response = client.post(CREATE, {"term": org["term"].pk, "start": "import"})
    assert "Kies het bestand om te importeren." in response.content.decode()
    response = client.post(PREVIEW, {"term": org["term"].pk, "text": ""})
    assert response.status_code == 400 and "Plak de tekst van de nota." in response.content.decode()
    assert not Afsprakennota.objects.exists()


def test_blank_and_copy_start_the_nota_and_the_term_rule_holds_before_the_preview(client, org):
    client.force_login(org["ad"])
    response = client.post(CREATE, {"term": org["term"].pk, "start": "blank"})
    blank = Afsprakennota.objects.get()
    assert response.status_code == 302 and not blank.articles.exists()
    assert blank.parties.count() == 7
    response = client.post(CREATE, {"term": org["term"].pk, "start": "paste", "text": PASTED})
    assert response.status_code == 400  # one decree nota in progress per term, said at once
    assert "Voorbeeld van de nota" not in response.content.decode()
    Afsprakennota.objects.filter(pk=blank.pk).update(state="ondertekend")
    source = services.nota_create_decree(term=org["term"], by=org["ad"])
    Afsprakennota.objects.filter(pk=source.pk).update(state="ondertekend")
    response = client.post(CREATE, {"term": org["term"].pk, "start": "copy", "source": source.pk})
    copy = Afsprakennota.objects.latest("pk")
    assert response.status_code == 302, response.context["form"].errors
    assert copy.pk != source.pk
    assert _tree(copy) == _tree(source)


def test_the_preview_is_for_who_draws_up_notas(client, org):
    client.force_login(org["fd"])  # a member of the MT
    assert client.get(CREATE).status_code == 200
    assert client.get(PREVIEW).status_code == 302  # back to the start
    response = client.post(PREVIEW, {"term": org["term"].pk, "text": PASTED, "refresh": ""})
    assert response.status_code == 200
    for user in (org["mayor"], org["schepenen"][0], org["bcsd_chair"], UserFactory()):
        client.force_login(user)
        assert client.get(CREATE).status_code == 403
        assert client.post(CREATE, {"term": org["term"].pk, "start": "blank"}).status_code == 403
        for action in ("refresh", "create"):
            data = {"term": org["term"].pk, "text": PASTED, action: ""}
            assert client.post(PREVIEW, data).status_code == 403
    assert not Afsprakennota.objects.exists()


def test_the_preview_page_uses_a_fixed_number_of_queries(client, org):
    client.force_login(org["ad"])
    long_memo = PASTED + "\n".join(f"{k}. Artikel {k}\nTekst {k}." for k in range(4, 60))
    counts = []
    client.post(PREVIEW, {"term": org["term"].pk, "text": "1. Warm", "refresh": ""})
    for memo in (PASTED, long_memo):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(PREVIEW, {"term": org["term"].pk, "text": memo, "refresh": ""})
        assert response.status_code == 200
        counts.append(len(queries))
    assert response.content.decode().count('data-testid="preview-article"') > 60
    assert counts[0] == counts[1] <= 20


def test_a_too_long_paste_or_an_empty_file_gets_one_clear_message(client, org):
    client.force_login(org["ad"])
    page = client.get(CREATE).content.decode()
    assert "maxlength" not in page  # the browser would cut a long paste without a word
    long_text = "1. Artikel\n" + "x" * 200_000
    response = client.post(CREATE, {"term": org["term"].pk, "start": "paste", "text": long_text})
    errors = response.context["form"].errors["text"]
    assert response.status_code == 400 and len(errors) == 1
    assert "langer dan 200.000 tekens" in errors[0] and "als bestand" in errors[0]
    empty = SimpleUploadedFile("leeg.docx", b"", "application/octet-stream")
    response = client.post(CREATE, {"term": org["term"].pk, "start": "import", "file": empty})
    assert len(response.context["form"].errors["file"]) == 1
    assert not Afsprakennota.objects.exists()


def test_a_copy_starts_from_a_decree_nota_only(client, org):
    exercise = services.nota_create_optimisation(title="Oefening", term=org["term"], by=org["ad"])
    decree = services.nota_create_decree(term=org["term"], by=org["ad"])
    client.force_login(org["ad"])
    choices = list(client.get(CREATE).context["form"].fields["source"].queryset)
    assert decree in choices and exercise not in choices


def test_a_refusal_on_the_preview_is_said_once(client, org):
    services.nota_create_decree(term=org["term"], by=org["ad"])  # another tab meanwhile
    client.force_login(org["ad"])
    response = client.post(PREVIEW, {"term": org["term"].pk, "text": PASTED, "create": ""})
    assert response.status_code == 400
    assert response.content.decode().count("loopt al een afsprakennota van het decreet") == 1
