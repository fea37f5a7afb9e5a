"""Nothing chosen is lost on a refused form, attachments included.

A browser cannot put a file back into a file input, so when a form with files is refused the
view keeps each file that passed its own checks here, tied to the session (`keep`), and the
page shows "bijlage bewaard: naam.pdf" with a hidden token. When the form is sent again, the
view reads them back (`kept`), and after success the service turns them into the real
attachments and `release`s them. Kept files of other sessions are never read; whatever is
older than a day is removed (on every `keep`, and by `purge`).
"""

from __future__ import annotations

import datetime
import uuid

from django.core.files.base import File
from django.utils import timezone

from .models import KeptUpload

KEEP_FOR = datetime.timedelta(days=1)
TOKEN_FIELD = "bewaarde_bijlage"


def _session_key(request) -> str:
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key


def purge(now=None) -> int:
    """Remove kept uploads older than a day, files included."""
    old = KeptUpload.objects.filter(created_at__lt=(now or timezone.now()) - KEEP_FOR)
    count = 0
    for upload in old:
        upload.file.delete(save=False)
        upload.delete()
        count += 1
    return count


def keep(request, field: str, files) -> list[KeptUpload]:
    """Keep these uploaded files of a refused form for this session."""
    purge()
    session_key = _session_key(request)
    kept_now = []
    for upload in files or ():
        token = uuid.uuid4()
        kept_upload = KeptUpload(
            token=token,
            session_key=session_key,
            field=field,
            name=upload.name[:200],
            size=upload.size,
        )
        kept_upload.file.save(upload.name, upload, save=False)
        kept_upload.save()
        kept_now.append(kept_upload)
    return kept_now


def kept(request, field: str) -> list[KeptUpload]:
    """The uploads this session kept for `field` and sent back with the form."""
    tokens = []
    for value in request.POST.getlist(TOKEN_FIELD):
        try:
            tokens.append(uuid.UUID(value))
        except ValueError:
            continue
    if not tokens or not request.session.session_key:
        return []
    return list(
        KeptUpload.objects.filter(
            token__in=tokens,
            session_key=request.session.session_key,
            field=field,
            created_at__gte=timezone.now() - KEEP_FOR,
        )
    )


def as_files(uploads: list[KeptUpload]) -> list[File]:
    """The kept uploads as files a model's FileField can save, named as they were."""
    files = []
    for upload in uploads:
        handle = upload.file.open("rb")
        files.append(File(handle, name=upload.name))
    return files


def release(uploads: list[KeptUpload]) -> None:
    """The form succeeded: the kept copies are no longer needed."""
    for upload in uploads:
        upload.file.delete(save=False)
        upload.delete()
