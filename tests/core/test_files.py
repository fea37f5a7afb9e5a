"""Attachments are what they say (core.files): sniffed content against the extension."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.files import safe_name, sniff

ALLOWED = ("pdf", "docx", "xlsx", "odt", "png", "jpg", "csv", "txt")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 64


def _zip(members: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("nota.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "application/pdf"),
        ("foto.png", PNG, "image/png"),
        ("telling.csv", b"dienst;aantal\nOnderwijs;12\n", "text/csv"),
        ("notities.txt", "Één lijn in cp1252".encode("cp1252"), "text/plain"),
        (
            "tabel.xlsx",
            _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ],
)
def test_files_that_are_what_they_say_pass(name, content, mime):
    assert sniff(SimpleUploadedFile(name, content), ALLOWED) == mime


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("rapport.pdf", ELF, "content"),
        ("rapport.pdf", b"<!doctype html><script>alert(1)</script>", "content"),
        ("foto.png", b"%PDF-1.7", "content"),
        ("leeg.pdf", b"", "empty"),
        ("data.csv", ELF, "content"),
        ("data.csv", PNG, "content"),
        ("script.exe", b"MZ", "extension"),
        ("zonder-extensie", b"%PDF-1.7", "extension"),
    ],
)
def test_files_that_lie_are_refused_with_a_reason(name, content, code):
    with pytest.raises(ValidationError) as error:
        sniff(SimpleUploadedFile(name, content), ALLOWED)
    assert error.value.code == code


def test_names_are_made_safe():
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\Users\\an\\Begroting 2026.xlsx") == "Begroting 2026.xlsx"
    assert safe_name("nota\r\n.pdf") == "nota.pdf"
    assert (
        safe_name("x" * 300 + ".pdf").endswith(".pdf") and len(safe_name("x" * 300 + ".pdf")) == 200
    )
    assert safe_name("...") == "bijlage"
