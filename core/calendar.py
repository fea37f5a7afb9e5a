"""Calendars: a person's private feed (iCal), a meeting's .ics, and the .ics an invitation
carries.

Apps register what belongs in a person's calendar (in AppConfig.ready):

    calendar.register(events_for_user)          # user -> [Event]: meetings, deadlines, actions
    calendar.register_attachment(Meeting, fn)   # what a notification is about: fn(obj) -> [Event]

Each provider reads a fixed number of queries. The feed's address is a signed token of the
person and the version of their `CalendarFeed`: nothing secret is stored, a new address
(version + 1) ends every earlier one, and stopping the feed deletes the row.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils import timezone

SALT = "core.calendar.feed"
PRODID = "-//Afsprakennota en optimalisatie//NL"


@dataclass(frozen=True)
class Event:
    """One calendar entry: a timed event (datetime start, optional end) or a whole day."""

    uid: str  # stable across changes, e.g. "meeting-12"
    summary: str
    start: datetime.date | datetime.datetime
    end: datetime.date | datetime.datetime | None = None
    description: str = ""
    location: str = ""
    url: str = ""  # a path in the app, made absolute
    sequence: int = 0  # raised when the event changes (a rescheduled meeting)


_providers: list[Callable[[object], list[Event]]] = []
_attachments: dict[type, Callable[[object], list[Event]]] = {}


def register(provider: Callable[[object], list[Event]]) -> None:
    _providers.append(provider)


def register_attachment(model: type, events: Callable[[object], list[Event]]) -> None:
    _attachments[model] = events


def events_for(user) -> list[Event]:
    found: list[Event] = []
    for provider in _providers:
        found.extend(provider(user))
    return sorted(found, key=lambda e: _sort_key(e.start))


def _sort_key(value) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time.min))


def has_attachment(model) -> bool:
    return model in _attachments


def attachment_for(obj) -> bytes | None:
    """The .ics of what a notification is about, if its app registered one."""
    events = _attachments.get(type(obj))
    return to_ical(events(obj), name=str(obj)) if events else None


def _absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url if url.startswith("/") else url


def to_ical(events: list[Event], *, name: str) -> bytes:
    from icalendar import Calendar
    from icalendar import Event as IcsEvent

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    host = settings.SITE_URL.split("//")[-1].split("/")[0] or "localhost"
    stamp = timezone.now()
    for event in events:
        entry = IcsEvent()
        entry.add("uid", f"{event.uid}@{host}")
        entry.add("dtstamp", stamp)
        entry.add("summary", event.summary)
        entry.add("dtstart", event.start)
        if event.end is not None:
            entry.add("dtend", event.end)
        elif not isinstance(event.start, datetime.datetime):
            entry.add("dtend", event.start + datetime.timedelta(days=1))
        if event.description:
            entry.add("description", event.description)
        if event.location:
            entry.add("location", event.location)
        if event.url:
            entry.add("url", _absolute(event.url))
        entry.add("sequence", event.sequence)
        calendar.add_component(entry)
    return calendar.to_ical()


# --- the private feed's address ---------------------------------------------------------------


def token_for(feed) -> str:
    return signing.dumps([feed.user_id, feed.version], salt=SALT, compress=True)


def feed_for_token(token: str):
    """The CalendarFeed a token names, if it is the current one (else None)."""
    from .models import CalendarFeed

    try:
        user_id, version = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return (
        CalendarFeed.objects.select_related("user")
        .filter(user_id=user_id, version=version, active=True, user__is_active=True)
        .first()
    )


def feed_start(user) -> bool:
    """Make the person's feed, or give it a new address (the old one stops working);
    whether an address in use was replaced."""
    from django.db import transaction
    from django.db.models import F

    from .audit import audit_record
    from .models import CalendarFeed

    with transaction.atomic():
        feed, created = CalendarFeed.objects.get_or_create(user=user)
        renewed = not created and feed.active
        if not created:
            CalendarFeed.objects.filter(pk=feed.pk).update(version=F("version") + 1, active=True)
            feed.refresh_from_db()
        audit_record(
            actor=user,
            action="calendar.renew" if renewed else "calendar.start",
            target=user,
            data={"version": feed.version},
        )
    return renewed


def feed_stop(user) -> None:
    """The address stops working; its version is never given out again."""
    from django.db import transaction
    from django.db.models import F

    from .audit import audit_record
    from .models import CalendarFeed

    with transaction.atomic():
        if CalendarFeed.objects.filter(user=user, active=True).update(
            version=F("version") + 1, active=False
        ):
            audit_record(actor=user, action="calendar.stop", target=user)
