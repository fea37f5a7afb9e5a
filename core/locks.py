"""Transaction-long locks on a name, for work that must not run twice at once for the same
thing but has no row of its own to lock (optimalisatie.summary: one department's rows).

On PostgreSQL an advisory lock (pg_advisory_xact_lock), released when the transaction ends;
SQLite writes one transaction at a time anyway, so nothing is needed there."""

from __future__ import annotations

import hashlib

from django.db import connection


def _key(name: str) -> int:
    """A signed 64-bit number for the name (advisory locks are numbered)."""
    return int.from_bytes(
        hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True
    )


def hold(*names: str) -> None:
    """Wait for and hold the locks of these names until the transaction ends, in a fixed order
    (so that two callers that want the same names never wait for each other crosswise)."""
    if connection.vendor != "postgresql":
        return
    keys = sorted({_key(name) for name in names})
    if not keys:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "select pg_advisory_xact_lock(k) from unnest(%s::bigint[]) as k order by k", [keys]
        )
