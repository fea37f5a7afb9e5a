"""Large downloads built by the worker (issue 20): a request asks for an export and is answered
at once with a page that follows its progress; the worker builds the file into the storage;
the person downloads it when it is ready. Nothing slow holds a web process.

An app registers a builder per kind (in its apps.py): `register("results-xlsx", build)`, where
`build(export, progress)` checks again that the export's owner may have it (raising Http404 or
PermissionDenied), calls `progress(percent)` along the way, and returns the file's bytes.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from .models import Export

logger = logging.getLogger(__name__)
BUILDERS: dict = {}


def register(kind: str, builder) -> None:
    BUILDERS[kind] = builder


def request_export(*, owner, kind: str, params: dict, title: str, filename: str) -> Export:
    """The export, queued for the worker once the transaction commits."""
    if kind not in BUILDERS:
        raise ValueError(f"no builder registered for {kind}")
    export = Export.objects.create(
        owner=owner, kind=kind, params=params, title=title[:200], filename=filename[:200]
    )
    transaction.on_commit(lambda: build_export.enqueue(export.pk))
    return export


def _set(pk, **fields) -> None:
    Export.objects.filter(pk=pk).update(**fields)


def _failed(export, message) -> bool:
    _set(export.pk, state=Export.State.FAILED, error=str(message), finished_at=timezone.now())
    return False


@task()
def build_export(export_pk: int) -> bool:
    export = Export.objects.select_related("owner").filter(pk=export_pk).first()
    if export is None or export.state == Export.State.READY:
        return False
    _set(export.pk, state=Export.State.RUNNING, progress=5)
    try:
        data = BUILDERS[export.kind](export, lambda percent: _set(export.pk, progress=percent))
    except (Http404, PermissionDenied):
        return _failed(export, _("You may no longer see what this export holds."))
    except Exception:
        logger.exception("Export %s (%s) failed", export.pk, export.kind)
        return _failed(
            export, _("The export could not be made. Try again; if it fails again, tell us.")
        )
    export.file.save(export.filename, ContentFile(data), save=False)
    _set(
        export.pk,
        file=export.file.name,
        state=Export.State.READY,
        progress=100,
        finished_at=timezone.now(),
    )
    return True


def purge_exports(now=None) -> int:
    """Exports older than EXPORT_KEEP_DAYS, with their files (the daily job)."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.EXPORT_KEEP_DAYS)
    old = list(Export.objects.filter(created_at__lt=cutoff))
    for export in old:
        if export.file:
            export.file.delete(save=False)
        export.delete()
    return len(old)
