"""Health endpoints for the load balancer and the hoster's monitoring (issue 20).

`/gezondheid/` (liveness): the process answers; it touches nothing else, so a database that
is down does not make the orchestrator kill every web process.
`/gezondheid/klaar/` (readiness): the database, the cache and the file storage answer; 503
when one does not, so the load balancer sends no users to this process.
Both answer JSON, need no login, are never cached and say nothing about the failure beyond
its kind (the log has the details).
"""

from __future__ import annotations

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
    return JsonResponse(
        {"status": "ok" if ready else "fail", "checks": checks}, status=200 if ready else 503
    )
