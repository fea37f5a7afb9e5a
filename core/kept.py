"""Figures kept between requests, in Django's cache, until what they count changes.

Some pages aggregate thousands of rows (the results and the dashboard of a city's cycle) or
are requested far more often than they change (the public decision list). `kept` keeps what
such a page computed under a key of a `Stamp`, whose number every change of what it counts
raises once it commits (`changed`):
- "cycle:<pk>": `Advies.save`, `Bundle.save` and `Cycle.save` (every service saves through
  them) and the implementation's services for plans, actions, milestones and savings;
- "decision-list": publishing a meeting's decision list.
A page adds to the key whatever else its figures depend on (today's date, who looks, the
language where what it keeps is translated). Entries also expire after an hour, so that a
change whose new number was lost (the process stopped between the commit and the update)
shows within the hour.

A restore (core.backup) sets the database back, stamps included, while the shared cache still
holds what was kept under the numbers counted before it. So the restore sets every stamp, and
the "epoch" row, to its time in microseconds: above any number counted before. A scope without
a row of its own has the epoch's number, and its first row starts there.

The number is raised after the commit, not within the transaction: an UPDATE within it would
hold the stamp's row until the commit, and two services that each lock an advice and then
wait for the other's stamp would deadlock. Whatever a request computes between the commit
and the new number is kept under the old one, which nobody asks for afterwards.
"""

from __future__ import annotations

import hashlib
from array import array
from functools import partial

from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from .models import Stamp

KEEP_SECONDS = 60 * 60


def _name(scope) -> str:
    return ":".join(str(part) for part in scope)


def changed(*scope) -> None:
    """What `scope` names changes: a new number once the transaction commits (at once
    outside one). changed("cycle", 12)."""
    transaction.on_commit(partial(_next, _name(scope)))


EPOCH = "epoch"


def _next(name) -> None:
    if not Stamp.objects.filter(pk=name).update(version=F("version") + 1):
        epoch = Stamp.objects.filter(pk=EPOCH).values_list("version", flat=True).first() or 0
        Stamp.objects.bulk_create([Stamp(name=name, version=epoch)], ignore_conflicts=True)
        Stamp.objects.filter(pk=name).update(version=F("version") + 1)


def stamp(*scope) -> int:
    """The scope's number; the epoch's (0 before any restore) while it has no row."""
    name = _name(scope)
    versions = dict(Stamp.objects.filter(pk__in=[name, EPOCH]).values_list("name", "version"))
    return versions.get(name, versions.get(EPOCH, 0))


def ids_digest(ids) -> str:
    """A short digest of a collection of ids, for a key (their order does not matter)."""
    return hashlib.blake2b(array("q", sorted(ids)).tobytes(), digest_size=16).hexdigest()


def kept(scope: tuple, parts: tuple, compute, *, version: int | None = None):
    """compute(), or what it gave before for the same scope, number and parts: `parts` is
    whatever else the value depends on. One query (the number) when kept, none when the
    caller read the number already (`version`, from `stamp`)."""
    version = stamp(*scope) if version is None else version
    key = _name(("kept", *scope, version, *parts))
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, KEEP_SECONDS)
    return value
