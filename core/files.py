"""Attachments are what they say they are.

Every uploaded file is sniffed (its first bytes, with `filetype`) and must be one of the kinds
its field allows, under a name whose extension matches: an ELF binary or an HTML page named
".pdf" is refused, and so is an empty file. Names are made safe (no folders, no control
characters). Files are served with the type sniffed when they were checked, as a download.
"""

from __future__ import annotations

import os
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# extension -> the MIME type its content must sniff as (None: text, checked by decoding)
KINDS = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "csv": None,
    "txt": None,
}
TEXT_TYPES = {"csv": "text/csv", "txt": "text/plain"}
# Office's old formats are one container (OLE2): Word, Excel and PowerPoint sniff alike.
OLE2 = {"application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"}
# Office's new formats are zip files; filetype names a zip it cannot tell apart "zip".
OOXML = {
    KINDS["docx"],
    KINDS["xlsx"],
    KINDS["pptx"],
    KINDS["odt"],
    KINDS["ods"],
    KINDS["odp"],
}
SNIFF_BYTES = 8192


def safe_name(name: str, *, limit: int = 200) -> str:
    """The file's own name without folders or control characters, at most `limit` long,
    keeping its extension."""
    name = os.path.basename(str(name).replace("\\", "/"))
    name = "".join(
        c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c)[0] != "C"
    )
    name = re.sub(r"\s+", " ", name).strip(" .") or "bijlage"
    stem, dot, ext = name.rpartition(".")
    if not dot:
        return name[:limit]
    return f"{stem[: max(1, limit - len(ext) - 1)]}.{ext}"


def _extension(name: str) -> str:
    return name.rpartition(".")[2].lower() if "." in name else ""


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "cp1252"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError as error:
            if encoding == "utf-8" and error.start >= len(head) - 3:
                return True  # a character cut off at the end of the sniffed part
            continue
        return True
    return False


def sniff(upload, allowed: list[str] | tuple[str, ...]) -> str:
    """The MIME type of the upload if it is a non-empty file of an allowed kind whose
    content matches its extension; a ValidationError with a Dutch reason otherwise."""
    import filetype

    ext = _extension(upload.name)
    if ext not in allowed:
        raise ValidationError(
            _("Files of this kind are not accepted. Allowed: %(kinds)s.")
            % {"kinds": ", ".join(allowed)},
            code="extension",
        )
    if not upload.size:
        raise ValidationError(_("The file is empty."), code="empty")
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    expected = KINDS[ext]
    if expected is None:
        if not _is_text(head) or filetype.guess(head) is not None:
            raise ValidationError(
                _("This file is not a text file, although its name ends in .%(ext)s.")
                % {"ext": ext},
                code="content",
            )
        return TEXT_TYPES[ext]
    found = filetype.guess_mime(head)
    matches = (
        found == expected
        or (expected in OLE2 and found in OLE2 | {"application/x-ole-storage"})
        or (expected in OOXML and found in {"application/zip", expected})
    )
    if not matches:
        raise ValidationError(
            _("The content of this file is not a %(ext)s file. Save it again as %(ext)s.")
            % {"ext": ext.upper()},
            code="content",
        )
    return expected
