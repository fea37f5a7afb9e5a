"""A person's meetings in their calendar, a meeting's own .ics and the .ics its invitation
carries (core.calendar)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.calendar import Event

from . import access

SHOWN_BACK = datetime.timedelta(days=90)  # past meetings stay in the calendar for a while
LIMIT = 500


def meeting_event(meeting) -> Event:
    return Event(
        uid=f"meeting-{meeting.pk}",
        summary=_("Meeting of %(body)s") % {"body": meeting.orgaan},
        start=meeting.starts_at,
        location=meeting.place,
        url=reverse("vergaderingen:meeting-detail", args=[meeting.pk]),
        description=_("State: %(state)s") % {"state": meeting.get_state_display()},
    )


def events(user) -> list[Event]:
    """The meetings the person sees (access.visible_meetings), from three months back: one
    query."""
    if not access.sits_in_a_body(user) and not access.may_plan(user):
        return []
    meetings = (
        access.visible_meetings(user)
        .filter(starts_at__gte=timezone.now() - SHOWN_BACK)
        .order_by("starts_at")[:LIMIT]
    )
    return [meeting_event(m) for m in meetings]
