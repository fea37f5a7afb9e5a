"""Throttles that match attacks, counted in the database (every process and server sees the
same count; no shared cache needed):

- failed logins per IP address across accounts (credential stuffing), besides django-axes'
  lock-out per e-mail address and IP address;
- password-reset requests per e-mail address and per IP address;
- wrong passwords when signing, per person.

`too_many(key, limit, window)` asks, `record(key)` counts, `clear(key)` forgets (after a
success). Rows older than a day are removed as new ones are written.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from .models import Attempt

KEEP = datetime.timedelta(days=1)


def client_ip(request) -> str:
    """The client's address as django-axes sees it (AXES_IPWARE_PROXY_COUNT proxies)."""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or "unknown"


def count(key: str, window: datetime.timedelta) -> int:
    return Attempt.objects.filter(key=key, at__gte=timezone.now() - window).count()


def too_many(key: str, limit: int, window: datetime.timedelta) -> bool:
    return count(key, window) >= limit


def record(key: str) -> None:
    now = timezone.now()
    Attempt.objects.filter(at__lt=now - KEEP).delete()
    Attempt.objects.create(key=key[:200], at=now)


def clear(key: str) -> None:
    Attempt.objects.filter(key=key).delete()
