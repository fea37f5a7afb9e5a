"""Figures of a cycle kept between requests, in Django's cache.

Aggregating a city's cycle (ten thousand advices, thousands of plans and tens of thousands of
savings rows) takes tens to hundreds of milliseconds, while the figures change only when an
advice, a bundle or an implementation changes. `kept` keeps what a page computed under a key
of the cycle's `FiguresStamp`, which every such change raises once it commits:
- `Advies.save`, `Bundle.save` and `Cycle.save` raise it (every service saves through them);
- the implementation's services raise it for what they change beside the advice (plans,
  actions, milestones, savings: `uitvoering.services`).
A page adds to the key whatever else its figures depend on (today's date, who looks). What is
kept is numbers and ids, nothing translated: names are read on every request. Entries also
expire after an hour, so that a change whose new number was lost (the process stopped between
the commit and the update) shows within the hour.
"""

from __future__ import annotations

import hashlib
from array import array

from django.core.cache import cache

from .models import FiguresStamp

KEEP_SECONDS = 60 * 60


def stamp(cycle) -> int:
    version = FiguresStamp.objects.filter(pk=cycle.pk).values_list("version", flat=True)
    return version.first() or 0


def ids_digest(ids) -> str:
    """A short digest of a collection of ids, for a key (order does not matter)."""
    return hashlib.blake2b(array("q", sorted(ids)).tobytes(), digest_size=16).hexdigest()


def kept(cycle, parts, compute):
    """compute(), or what it gave for the same cycle, stamp and parts: `parts` is whatever
    else the figures depend on."""
    key = ":".join(str(part) for part in ("figures", cycle.pk, stamp(cycle), *parts))
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, KEEP_SECONDS)
    return value
