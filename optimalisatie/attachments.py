"""What an attachment of an advice may be: one home for the check that the form (at the
field, in Dutch) and the service (before it writes anything) both make."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.files import sniff

from .constants import ATTACHMENT_EXTENSIONS, ATTACHMENT_MAX_BYTES


def check_attachment(upload) -> str:
    """The MIME type its content was found to be (core.files.sniff: what its name says it
    is, not empty, of an accepted kind, at most 20 MB), or a ValidationError naming it."""
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than 20 MB.") % {"name": upload.name}, code="size"
        )
    try:
        return sniff(upload, ATTACHMENT_EXTENSIONS)
    except ValidationError as error:
        if error.code == "extension":
            message = _(
                "“%(name)s” is not an accepted type. Use PDF, an office document or an image."
            ) % {"name": upload.name}
        else:
            message = _("“%(name)s”: %(reason)s") % {
                "name": upload.name,
                "reason": " ".join(error.messages),
            }
        raise ValidationError(message, code=error.code) from None
