"""Health endpoints for the load balancer and the hoster's monitoring (issue 20).

`/gezondheid/` (liveness): the process answers; it touches nothing else, so a database that
is down does not make the orchestrator kill every web process.
`/gezondheid/klaar/` (readiness): the database, the cache and the file storage answer; 503
when one does not, so the load balancer sends no users to this process.
Both answer JSON, need no login, are never cached and say nothing about the failure beyond
its kind (the log has the details).
Readiness also tells how the task queue fares (`queue`: tasks due for longer than five
minutes mean no worker runs). That is reported for monitoring and never makes the answer 503:
web processes serve users without a worker, and taking them all out of the load balancer
because the worker stopped would turn a late mail into an outage.
"""

from __future__ import annotations

import datetime
import logging
import time
import uuid
from collections.abc import Callable

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    key = f"gezondheid:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not return what was stored")
    cache.delete(key)


def _storage() -> None:
    name = default_storage.save(f"gezondheid/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as handle:
            if handle.read() != b"ok":
                raise RuntimeError("the storage did not return what was stored")
    finally:
        default_storage.delete(name)


CHECKS: dict[str, Callable[[], None]] = {
    "database": _database,
    "cache": _cache,
    "storage": _storage,
}


QUEUE_LATE = datetime.timedelta(minutes=5)


def queue_state() -> dict:
    """Tasks waiting in the database past their time; nothing to tell for tasks that run at
    once (development)."""
    from django_tasks import default_task_backend

    if not default_task_backend.supports_defer:
        return {"ok": True, "backend": "immediate"}
    from django.db.models import Q
    from django_tasks_db.models import DBTaskResult, get_date_max

    late = timezone.now() - QUEUE_LATE
    overdue = DBTaskResult.objects.ready().filter(  # "no time set" is stored as the max date
        Q(run_after__lt=late) | Q(run_after=get_date_max(), enqueued_at__lt=late)
    )
    count = overdue.count()
    return {"ok": count == 0, "backend": "database", "overdue": count}


def run_checks() -> tuple[bool, dict[str, dict]]:
    results = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            check()
        except Exception as error:  # noqa: BLE001 - any failure makes the process not ready
            logger.error("Readiness check %s failed: %r", name, error)
            results[name] = {"ok": False, "error": type(error).__name__}
        else:
            results[name] = {"ok": True}
        results[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return all(r["ok"] for r in results.values()), results


@login_not_required
@never_cache
@require_GET
def liveness(request):
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
@require_GET
def readiness(request):
    ready, checks = run_checks()
    try:
        queue = queue_state()
    except Exception as error:  # noqa: BLE001 - reported, never fatal (see above)
        queue = {"ok": False, "error": type(error).__name__}
    return JsonResponse(
        {"status": "ok" if ready else "fail", "checks": checks, "queue": queue},
        status=200 if ready else 503,
    )
