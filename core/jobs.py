"""Daily jobs run once per day across any number of hosts (issue 20): each host's cron starts
the command, the first to claim the day runs it. A host that stops halfway loses nothing:
what was not sent stays pending (a notification without `emailed_at`) for the next run."""

from __future__ import annotations

import socket

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import JobRun


def claim(name: str, day=None) -> bool:
    """True for the one caller that gets to run `name` on `day` (today by default)."""
    day = day or timezone.localdate()
    try:
        with transaction.atomic():
            JobRun.objects.create(name=name, day=day, host=socket.gethostname()[:255])
    except IntegrityError:
        return False
    return True
