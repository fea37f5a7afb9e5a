"""The nota's pages: 404 for what a role may not see, 403 for what it may not do, Dutch
messages next to the field with the input kept, fixed query counts, the seal and its
verification page."""

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from afsprakennota import seal, services
from afsprakennota.constants import OPEN_DISCUSSION, SUBMIT_FOR_APPROVAL, NotaState
from afsprakennota.models import Afsprakennota, Article, SealedPdf, Signature
from core.models import Comment, Thread
from tests.accounts.factories import PASSWORD, DienstFactory, UserFactory
from tests.afsprakennota.factories import AfsprakennotaFactory, decree_nota
from tests.afsprakennota.test_lifecycle import approve_everywhere

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"afsprakennota:{name}", args=args)


@pytest.fixture
def nota(org):
    nota = decree_nota(org)
    services.nota_step(nota=nota, step=OPEN_DISCUSSION, by=org["ad"])
    return nota


def signed(org, nota):
    services.nota_step(nota=nota, step=SUBMIT_FOR_APPROVAL, by=org["ad"])
    approve_everywhere(org, nota)
    for signer in (org["ad"], org["mayor"], org["mayor"], org["bcsd_chair"]):
        services.nota_sign(nota=nota, by=signer, password=PASSWORD)
    nota.refresh_from_db()
    assert nota.state == NotaState.SIGNED
    return nota


def test_each_role_gets_what_it_may_and_404_or_403_for_the_rest(client, org, nota):
    article = nota.articles.filter(required=False).first()
    schepen, outsider, head = org["schepenen"][0], UserFactory(), DienstFactory().head
    reads = [url("detail", nota.pk), url("versions", nota.pk), url("pdf", nota.pk)]
    edits = [
        url("header-edit", nota.pk),
        url("article-create", nota.pk),
        url("article-edit", nota.pk, article.pk),
        url("article-delete", nota.pk, article.pk),
    ]
    client.force_login(org["ad"])
    assert [client.get(u).status_code for u in reads + edits] == [200] * 7
    assert client.get(url("create")).status_code == 200
    client.force_login(schepen)
    assert [client.get(u).status_code for u in reads] == [200] * 3
    assert [client.get(u).status_code for u in edits] == [403] * 4
    assert client.post(url("submit-for-approval", nota.pk)).status_code == 403
    assert client.get(url("create")).status_code == 403
    assert client.get(url("sign", nota.pk)).status_code == 403
    for stranger in (outsider, head):  # the decree's nota is not theirs
        client.force_login(stranger)
        assert [client.get(u).status_code for u in reads + edits] == [404] * 7
        assert nota.onderwerp not in client.get(url("index")).content.decode()
        assert client.post(url("thread-create", nota.pk), {"body": "x"}).status_code == 404


def test_a_draft_is_404_for_the_parties(client, org):
    draft = services.nota_create_decree(term=org["term"], by=org["ad"])
    client.force_login(org["schepenen"][0])
    assert client.get(url("detail", draft.pk)).status_code == 404


def test_the_editor_writes_moves_and_deletes_articles_in_the_browser_forms(client, org, nota):
    client.force_login(org["ad"])
    response = client.post(
        url("article-create", nota.pk), {"heading": "Nieuw artikel", "text": "**Vet** en *schuin*"}
    )
    assert response.status_code == 302
    article = Article.objects.get(heading="Nieuw artikel")
    page = client.get(url("detail", nota.pk)).content.decode()
    assert "<strong>Vet</strong>" in page and "13." in page
    client.post(url("article-up", nota.pk, article.pk))
    article.refresh_from_db()
    assert article.position == 12
    client.post(
        url("article-create", nota.pk), {"parent": article.pk, "heading": "Sub", "text": "a"}
    )
    assert Article.objects.get(heading="Sub").parent == article
    response = client.post(url("article-delete", nota.pk, article.pk))
    assert response.status_code == 302
    assert not Article.objects.filter(heading__in=["Nieuw artikel", "Sub"]).exists()


def test_bad_input_gets_a_dutch_message_next_to_the_field_and_keeps_the_input(client, org, nota):
    client.force_login(org["ad"])
    response = client.post(url("article-create", nota.pk), {"heading": "", "text": ""})
    assert response.status_code == 400
    assert "Geef het artikel een titel of een tekst." in response.content.decode()
    response = client.post(
        url("header-edit", nota.pk),
        {"onderwerp": "", "datum": "gisteren", "aan": "Het college", "lock_version": 0},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Dit veld is verplicht." in page and "Voer een geldige datum in." in page
    assert 'value="Het college"' in page
    response = client.post(url("back-to-discussion", nota.pk), {"reason": ""})
    assert response.status_code in (302, 400)


def test_a_nota_dated_outside_2000_2100_is_refused_at_the_field(client, org, nota):
    client.force_login(org["ad"])
    response = client.post(
        url("header-edit", nota.pk),
        {"onderwerp": "Afspraken", "datum": "0001-01-01", "aan": "Het college", "lock_version": 0},
    )
    assert response.status_code == 400
    assert "Kies een datum tussen 2000 en 2100." in response.content.decode()
    nota.refresh_from_db()
    assert nota.datum is None or nota.datum.year >= 2000


def test_a_stale_article_form_keeps_the_text_and_says_why(client, org, nota):
    article = nota.articles.first()
    client.force_login(org["ad"])
    client.post(
        url("article-edit", nota.pk, article.pk),
        {"heading": "Eerst", "text": "Van de eerste", "lock_version": 0},
    )
    response = client.post(
        url("article-edit", nota.pk, article.pk),
        {"heading": "Later", "text": "Mijn tekst", "lock_version": 0},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "ondertussen" in page and "Mijn tekst" in page and "Van de eerste" in page
    article.refresh_from_db()
    assert article.text == "Van de eerste"


def test_a_schepen_comments_on_an_article_and_comments_close_at_approval(client, org, nota):
    article = nota.articles.first()
    client.force_login(org["schepenen"][0])
    anchor = f"artikel-{article.pk}"
    response = client.post(url("thread-create", nota.pk), {"anchor": anchor, "body": ""})
    assert response.status_code == 400
    assert "Schrijf eerst een reactie." in response.content.decode()
    client.post(url("thread-create", nota.pk), {"anchor": anchor, "body": "Te vaag."})
    thread = Thread.objects.get(anchor=anchor)
    client.force_login(org["ad"])
    parent = thread.comments.get()
    client.post(url("comment-reply", nota.pk, thread.pk, parent.pk), {"body": "Aangepast."})
    assert Comment.objects.filter(thread=thread).count() == 2
    services.nota_step(nota=nota, step=SUBMIT_FOR_APPROVAL, by=org["ad"])
    client.force_login(org["schepenen"][0])
    response = client.post(url("thread-create", nota.pk), {"anchor": anchor, "body": "Nog iets"})
    assert response.status_code == 403


def test_signing_asks_for_the_password(client, org, nota):
    services.nota_step(nota=nota, step=SUBMIT_FOR_APPROVAL, by=org["ad"])
    approve_everywhere(org, nota)
    client.force_login(org["bcsd_chair"])
    response = client.post(url("sign", nota.pk), {})
    assert response.status_code == 400
    assert "Geef uw wachtwoord" in response.content.decode()
    response = client.post(url("sign", nota.pk), {"password": "fout"})
    assert response.status_code == 400
    assert not Signature.objects.exists()
    assert client.post(url("sign", nota.pk), {"password": PASSWORD}).status_code == 302
    assert Signature.objects.get().signer == org["bcsd_chair"]
    client.force_login(org["schepenen"][0])
    assert client.post(url("sign", nota.pk), {"password": PASSWORD}).status_code == 403


def _counted(client, address):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries.captured_queries)


def test_list_and_detail_use_a_fixed_number_of_queries(client, org, nota):
    def comment_on(article):
        thread = Thread.objects.create(
            content_type=ContentType.objects.get_for_model(Afsprakennota),
            object_id=str(nota.pk),
            anchor=f"artikel-{article.pk}",
            created_by=org["ad"],
        )
        Comment.objects.create(thread=thread, author=org["mayor"], body="Opmerking")

    comment_on(nota.articles.first())
    client.force_login(org["schepenen"][0])
    detail = url("detail", nota.pk)
    _counted(client, detail)
    small = (_counted(client, url("index")), _counted(client, detail))
    for i in range(30):
        parent = nota.articles.filter(parent=None).first()
        comment_on(Article.objects.create(nota=nota, parent=parent, position=i + 10, text=f"{i}"))
        AfsprakennotaFactory(in_discussion=True, optimisation=True, with_parties=True)
    services.nota_step(nota=nota, step=SUBMIT_FOR_APPROVAL, by=org["ad"])
    services.nota_back_to_discussion(nota=nota, by=org["ad"], reason="meer versies")
    assert (_counted(client, url("index")), _counted(client, detail)) == small


# --- the seal --------------------------------------------------------------------------------


def test_the_signed_pdf_is_sealed_once_and_validates_against_the_certificate(
    client, org, nota, seal_certificate
):
    nota = signed(org, nota)
    client.force_login(org["ad"])
    first = client.get(url("pdf", nota.pk))
    assert first["Content-Type"] == "application/pdf"
    data = first.content
    assert client.get(url("pdf", nota.pk)).content == data  # kept byte for byte
    signer = seal.load_signer()
    embedded = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    status = validate_pdf_signature(
        embedded[0], ValidationContext(trust_roots=[signer.signing_cert])
    )
    assert status.intact and status.valid and status.trusted
    assert status.coverage.name == "ENTIRE_FILE"
    assert SealedPdf.objects.get().version == nota.versions.last()


def verify(client, data, name="nota.pdf"):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(url("verify"), {"file": upload})


def test_the_verification_page_names_the_nota_or_the_problem(
    client, org, nota, seal_certificate, tmp_path, settings
):
    nota = signed(org, nota)
    client.force_login(org["schepenen"][0])
    data = client.get(url("pdf", nota.pk)).content
    page = verify(client, data).content.decode()
    assert "Geldig" in page and nota.onderwerp in page and "versie 2" in page
    # one byte changed, in the middle of the document's content
    tampered = bytearray(data)
    tampered[len(data) // 3] ^= 0x01
    page = verify(client, bytes(tampered)).content.decode()
    assert "Niet geldig" in page and nota.onderwerp not in page
    assert "gewijzigd" in page or "beschadigd" in page
    # a draft: no seal
    services.nota_create_decree(term=org["term"], by=org["ad"])
    draft = Afsprakennota.objects.filter(state=NotaState.DRAFT).get()
    client.force_login(org["ad"])
    page = verify(client, client.get(url("pdf", draft.pk)).content).content.decode()
    assert "geen zegel" in page
    # not a PDF at all, and a missing file
    assert "geen PDF" in verify(client, b"hello").content.decode()
    response = client.post(url("verify"), {})
    assert response.status_code == 400 and "Kies het PDF-bestand" in response.content.decode()
    # sealed with another certificate: not ours
    other = tmp_path / "ander.p12"
    from django.core.management import call_command

    call_command("seal_certificate", path=str(other), password="x", verbosity=0)
    settings.NOTA_SEAL_PKCS12, settings.NOTA_SEAL_PASSWORD = str(other), "x"
    foreign = seal.seal(client.get(url("pdf", draft.pk)).content, reason="vreemd")
    settings.NOTA_SEAL_PKCS12 = str(seal_certificate)
    settings.NOTA_SEAL_PASSWORD = "test-zegel"
    assert "ander certificaat" in verify(client, foreign).content.decode()


def test_a_person_who_may_not_see_the_nota_learns_only_the_verdict(
    client, org, nota, seal_certificate
):
    nota = signed(org, nota)
    client.force_login(org["ad"])
    data = client.get(url("pdf", nota.pk)).content
    client.force_login(DienstFactory().head)
    page = verify(client, data).content.decode()
    assert "Geldig" in page and nota.onderwerp not in page


def test_without_a_certificate_the_download_says_so(client, org, nota, settings):
    nota = signed(org, nota)
    settings.NOTA_SEAL_PKCS12 = "/nonexistent/zegel.p12"
    client.force_login(org["ad"])
    response = client.get(url("pdf", nota.pk), follow=True)
    assert response.status_code == 200
    assert "NOTA_SEAL_PKCS12" in response.content.decode()


def test_tampered_query_parameters_give_404_not_500(client, org, nota):
    client.force_login(org["ad"])
    for query in ("?parent=abc", "?after=abc", "?parent=1.5", "?parent=999999"):
        assert client.get(url("article-create", nota.pk) + query).status_code == 404
    assert client.post(url("article-create", nota.pk), {"parent": "abc"}).status_code == 404
    assert client.get(url("versions", nota.pk) + "?van=x&naar=y").status_code == 200
