"""A trusted time on the seal: with NOTA_SEAL_TSA_URL the seal is PAdES B-T, with an RFC 3161
timestamp. The authority is pyHanko's DummyTimeStamper behind a small HTTP server on
127.0.0.1 (a test TSA certificate made here), so the real HTTPTimeStamper speaks to it."""

import datetime
import http.server
import io
import socket
import threading

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.timestamps import DummyTimeStamper, HTTPTimeStamper

from afsprakennota import seal, services
from afsprakennota.constants import OPEN_DISCUSSION
from tests.afsprakennota.factories import decree_nota

from .test_pages import signed

pytestmark = pytest.mark.django_db


@pytest.fixture
def nota(org):
    nota = decree_nota(org)
    services.nota_step(nota=nota, step=OPEN_DISCUSSION, by=org["ad"])
    return nota


TSA_NAME = "Testtijdstempeldienst Heuvelbeke"
FIXED = datetime.datetime(2026, 12, 5, 9, 30, tzinfo=datetime.UTC)


def has_timestamp_token(data: bytes) -> bool:
    """Whether the seal's CMS carries a signature time-stamp token (PAdES B-T)."""
    signature = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures[0]
    unsigned = signature.signer_info["unsigned_attrs"].native or []
    return any(a["type"] == "signature_time_stamp_token" for a in unsigned)


def _tsa_certificate():
    """A self-signed time-stamping certificate (extended key usage timeStamping, critical)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "BE"),
            x509.NameAttribute(NameOID.COMMON_NAME, TSA_NAME),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(key, hashes.SHA256())
    )
    return (
        asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER)),
        asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
    )


@pytest.fixture(scope="module")
def tsa_server():
    """An RFC 3161 time-stamping authority on 127.0.0.1: (url, requests served)."""
    cert, key = _tsa_certificate()
    stamper = DummyTimeStamper(tsa_cert=cert, tsa_key=key, fixed_dt=FIXED)
    served = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers["Content-Length"]))
            served.append(self.headers.get("Content-Type"))
            answer = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/tsa", served
    server.shutdown()
    server.server_close()
    thread.join(5)


def test_without_an_authority_there_is_no_timestamper(settings):
    settings.NOTA_SEAL_TSA_URL = ""
    assert seal.timestamper() is None
    settings.NOTA_SEAL_TSA_URL = "https://tsa.example/rfc3161"
    assert isinstance(seal.timestamper(), HTTPTimeStamper)


def test_with_an_authority_the_seal_carries_its_timestamp(
    client,
    org,
    nota,
    seal_certificate,
    settings,
    tsa_server,
):
    url, served = tsa_server
    settings.NOTA_SEAL_TSA_URL = url
    nota = signed(org, nota)
    client.force_login(org["ad"])
    data = client.get(reverse("afsprakennota:pdf", args=[nota.pk])).content
    assert served and served[-1] == "application/timestamp-query"
    assert has_timestamp_token(data)
    verdict = seal.verify(data)
    assert verdict.valid
    assert verdict.timestamp == FIXED
    assert TSA_NAME in verdict.timestamp_authority
    # the verification page shows the time and the authority
    upload = io.BytesIO(data)
    upload.name = "nota.pdf"
    page = client.post(reverse("afsprakennota:verify"), {"file": upload}).content.decode()
    assert 'id="zegel-tijd"' in page and TSA_NAME in page
    assert 'data-timestamp="2026-12-05T' in page


def test_without_an_authority_the_page_says_the_time_is_the_servers_clock(
    client,
    org,
    nota,
    seal_certificate,
    settings,
):
    settings.NOTA_SEAL_TSA_URL = ""
    nota = signed(org, nota)
    client.force_login(org["ad"])
    data = client.get(reverse("afsprakennota:pdf", args=[nota.pk])).content
    assert not has_timestamp_token(data)
    verdict = seal.verify(data)
    assert verdict.valid and verdict.timestamp is None
    upload = io.BytesIO(data)
    upload.name = "nota.pdf"
    page = client.post(reverse("afsprakennota:verify"), {"file": upload}).content.decode()
    assert 'id="zegel-tijd"' in page and "data-timestamp" not in page


def test_a_timestamper_can_be_given_directly(org, seal_certificate):
    cert, key = _tsa_certificate()
    from afsprakennota.pdf import nota_pdf
    from afsprakennota.services import nota_create_decree

    draft = nota_create_decree(term=org["term"], by=org["ad"])
    data = seal.seal(
        nota_pdf(draft)[1],
        reason="test",
        timestamps=DummyTimeStamper(tsa_cert=cert, tsa_key=key, fixed_dt=FIXED),
    )
    assert has_timestamp_token(data)


def test_an_authority_that_does_not_answer_gives_a_message_and_no_seal(
    client, org, nota, seal_certificate, settings
):
    from afsprakennota.models import SealedPdf

    with socket.socket() as closed:  # a port that nobody listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.NOTA_SEAL_TSA_URL = f"http://127.0.0.1:{port}/tsa"
    nota = signed(org, nota)
    client.force_login(org["ad"])
    response = client.get(reverse("afsprakennota:pdf", args=[nota.pk]), follow=True)
    assert response.status_code == 200
    assert "NOTA_SEAL_TSA_URL" in response.content.decode()
    assert not SealedPdf.objects.exists()
