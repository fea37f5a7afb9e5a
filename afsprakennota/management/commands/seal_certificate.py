"""Make a self-signed certificate to seal signed notas in development and tests.

A real organisation uses a certificate from a qualified trust service instead: put its
PKCS#12 file where NOTA_SEAL_PKCS12 points and its password in NOTA_SEAL_PASSWORD.
"""

import datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from accounts.models import Bestuur


def make_certificate(path: Path, password: str, organisation: str, years: int = 5) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "BE"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{organisation} (ontwikkelzegel)"),
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
        .not_valid_after(now + datetime.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"zegel",
            key,
            certificate,
            None,
            serialization.BestAvailableEncryption(password.encode("utf-8")),
        )
    )
    path.chmod(0o600)


def _bestuur_name() -> str:
    try:
        return Bestuur.load().name
    except DatabaseError:  # no database yet (a fresh checkout): a neutral name
        return "Lokaal bestuur"


class Command(BaseCommand):
    help = (
        "Make a self-signed development certificate (PKCS#12) to seal signed notas, at "
        "NOTA_SEAL_PKCS12 with NOTA_SEAL_PASSWORD. Never use it in production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--path", help="where to write it (default: NOTA_SEAL_PKCS12)")
        parser.add_argument("--password", help="its password (default: NOTA_SEAL_PASSWORD)")
        parser.add_argument(
            "--if-missing", action="store_true", help="do nothing when the file exists"
        )
        parser.add_argument("--force", action="store_true", help="overwrite an existing file")
        parser.add_argument(
            "--organisation", help="the name in the certificate (default: the bestuur's name)"
        )

    def handle(
        self,
        *args,
        path=None,
        password=None,
        if_missing=False,
        force=False,
        organisation=None,
        **options,
    ):
        target = Path(path or settings.NOTA_SEAL_PKCS12 or "")
        if not str(target) or str(target) == ".":
            raise CommandError("Give --path or set NOTA_SEAL_PKCS12.")
        password = password if password is not None else settings.NOTA_SEAL_PASSWORD
        if not password:
            raise CommandError("Give --password or set NOTA_SEAL_PASSWORD.")
        if target.exists():
            if if_missing:
                return
            if not force:
                raise CommandError(f"{target} exists; use --force to replace it.")
        make_certificate(target, password, organisation or _bestuur_name())
        self.stdout.write(f"Development seal certificate written to {target}.")
