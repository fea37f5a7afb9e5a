"""Sealing a signed nota's PDF as a task (issue 20): when the last signature makes a nota
signed, the worker renders and seals its PDF, so the first download serves kept bytes instead
of rendering and sealing inside the request. With tasks that run at once (development, tests:
`TASKS_BACKEND=immediate`) nothing is queued and the first download seals, as before. A
time-stamping authority that does not answer: tried again later, at the mail's rhythm."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import default_task_backend, task

from accounts.tasks import retry_delay

from . import seal
from .models import NotaVersion
from .pdf import nota_pdf

logger = logging.getLogger(__name__)
ATTEMPTS = 8  # about four hours of a time-stamping authority that does not answer


def queue_seal(version) -> None:
    """After the commit: seal `version` in the worker (only where a worker runs tasks)."""
    if default_task_backend.supports_defer:
        seal_signed_version.enqueue(version.pk)


@task()
def seal_signed_version(version_pk: int, attempt: int = 1) -> bool:
    version = NotaVersion.objects.select_related("nota").filter(pk=version_pk).first()
    if version is None:
        return False
    try:
        seal.sealed_pdf_of(version, lambda: nota_pdf(version.nota)[1])
    except seal.TimestampUnavailable:
        if attempt < ATTEMPTS:
            seal_signed_version.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
                version_pk, attempt + 1
            )
        return False
    except seal.SealNotConfigured as error:
        logger.warning("Signed nota %s not sealed: %s", version.nota_id, error)
        return False
    return True
