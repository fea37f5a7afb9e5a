"""The seal on a signed nota's official PDF (PAdES, with pyHanko), and its verification.

The organisation's certificate is a PKCS#12 file with its password, given by the settings
NOTA_SEAL_PKCS12 and NOTA_SEAL_PASSWORD (environment variables of the same name).
`manage.py seal_certificate` makes a self-signed one for development.

The seal's time: with NOTA_SEAL_TSA_URL (an RFC 3161 time-stamping authority) the seal is
PAdES B-T, its time vouched for by the authority's timestamp token; without it, the time in
the seal is the server's clock, which only the server's operator vouches for.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from accounts.models import Bestuur

from .models import SealedPdf

logger = logging.getLogger(__name__)

FIELD_NAME = "Zegel"


class SealNotConfigured(ImproperlyConfigured):
    pass


class TimestampUnavailable(SealNotConfigured):
    """The time-stamping authority did not answer: nothing is sealed (a seal is made once and
    kept, so it is not made with the server's time instead); the next download tries again."""


def load_signer() -> signers.SimpleSigner:
    path = Path(settings.NOTA_SEAL_PKCS12 or "")
    if not settings.NOTA_SEAL_PKCS12 or not path.is_file():
        raise SealNotConfigured(
            _("The organisation's certificate for sealing is not set up (NOTA_SEAL_PKCS12).")
        )
    signer = signers.SimpleSigner.load_pkcs12(
        str(path), passphrase=(settings.NOTA_SEAL_PASSWORD or "").encode("utf-8")
    )
    if signer is None:
        raise SealNotConfigured(
            _("The organisation's certificate could not be opened: check NOTA_SEAL_PASSWORD.")
        )
    return signer


def _trusted_certificates(signer) -> list[asn1_x509.Certificate]:
    return [signer.signing_cert, *signer.cert_registry]


def timestamper() -> TimeStamper | None:
    """The time-stamping authority of NOTA_SEAL_TSA_URL, or None when none is configured."""
    url = (getattr(settings, "NOTA_SEAL_TSA_URL", "") or "").strip()
    return HTTPTimeStamper(url, timeout=10) if url else None


def seal(pdf: bytes, *, reason: str, timestamps: TimeStamper | None = None) -> bytes:
    """The PDF with a PAdES signature by the organisation's certificate over the whole file:
    B-T with a timestamp from `timestamps` (by default the configured authority, if any)."""
    signer = load_signer()
    timestamps = timestamps if timestamps is not None else timestamper()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=Bestuur.load().name,
    )
    try:
        return signers.sign_pdf(writer, metadata, signer=signer, timestamper=timestamps).getvalue()
    except TimestampRequestError as error:
        logger.warning("the time-stamping authority did not answer", exc_info=True)
        raise TimestampUnavailable(
            _(
                "The time-stamping authority (NOTA_SEAL_TSA_URL) did not answer, so the PDF "
                "could not be sealed. Try again in a few minutes."
            )
        ) from error


def sealed_pdf_of(version, render) -> bytes:
    """The sealed PDF of a signed version, made once and then served byte for byte.
    `render()` gives the unsealed PDF when it has to be made."""
    existing = SealedPdf.objects.filter(version=version).first()
    if existing:
        return bytes(existing.pdf)
    data = seal(
        render(),
        reason=_("Signed afsprakennota, version %(number)s, content %(hash)s")
        % {"number": version.number, "hash": version.content_hash[:16]},
    )
    try:
        with transaction.atomic():
            SealedPdf.objects.create(version=version, pdf=data, sha256=_sha256(data))
    except IntegrityError:  # someone sealed it at the same moment: serve theirs
        return bytes(SealedPdf.objects.get(version=version).pdf)
    return data


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Verdict:
    valid: bool
    message: str
    sealed: SealedPdf | None = None
    # From the RFC 3161 timestamp in the seal, when it has an intact one: its time and the
    # authority (the subject of the time-stamping certificate). None: the server's clock.
    timestamp: datetime.datetime | None = None
    timestamp_authority: str = ""


def _timestamp_of(status) -> tuple[datetime.datetime | None, str]:
    stamp = getattr(status, "timestamp_validity", None)
    if stamp is None or not stamp.intact or not stamp.valid:
        return None, ""
    return stamp.timestamp, stamp.signing_cert.subject.human_friendly


def verify(data: bytes) -> Verdict:
    """Is this an untampered sealed nota from this system, and which one?"""
    if data.lstrip()[:5] != b"%PDF-":
        return Verdict(False, _("This file is not a PDF."))
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = reader.embedded_signatures
    except Exception:  # noqa: BLE001 - pyHanko raises many kinds on a damaged file
        logger.info("unreadable PDF uploaded for verification", exc_info=True)
        return Verdict(
            False,
            _("This PDF is damaged: it was changed after sealing, or it is incomplete."),
        )
    if not embedded:
        return Verdict(
            False,
            _("This PDF carries no seal: it is a draft or a copy, not the official signed nota."),
        )
    signer = load_signer()
    ours = {c.sha256 for c in _trusted_certificates(signer)}
    signature = embedded[0]
    try:
        status = validate_pdf_signature(
            signature,
            ValidationContext(trust_roots=_trusted_certificates(signer), allow_fetching=False),
        )
    except Exception:  # noqa: BLE001 - a damaged signature raises many kinds of error
        logger.info("seal could not be validated", exc_info=True)
        return Verdict(
            False,
            _("The seal on this PDF is damaged: the file was changed after sealing."),
        )
    if not status.intact or not status.valid:
        return Verdict(
            False,
            _("This PDF was changed after it was sealed: its content no longer matches the seal."),
        )
    if signature.signer_cert.sha256 not in ours or not status.trusted:
        return Verdict(
            False,
            _("This PDF was sealed with another certificate, not by this municipality's system."),
        )
    if len(embedded) > 1 or status.coverage.name != "ENTIRE_FILE":
        return Verdict(
            False,
            _("Something was added to this PDF after it was sealed."),
        )
    sealed = SealedPdf.objects.select_related("version__nota").filter(sha256=_sha256(data)).first()
    if sealed is None:
        return Verdict(
            False,
            _(
                "The seal is intact and ours, but this system does not know this document: "
                "it may come from another installation."
            ),
        )
    when, authority = _timestamp_of(status)
    return Verdict(
        True,
        _("This is an untampered, sealed afsprakennota from this system."),
        sealed,
        timestamp=when,
        timestamp_authority=authority,
    )
