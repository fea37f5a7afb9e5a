"""The person's calendar feed: the page that makes, renews or stops it, and the feed itself
(a public address that only its owner knows; core.calendar)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from . import calendar
from .models import CalendarFeed

ACTIONS = {"maken": "start", "vernieuwen": "start", "stoppen": "stop"}


@require_http_methods(["GET", "POST"])
def agenda(request):
    if request.method == "POST":
        action = ACTIONS.get(request.POST.get("actie", ""))
        if action == "start":
            renewing = calendar.feed_start(request.user)
            messages.success(
                request,
                _("Your calendar has a new address: the previous one no longer works.")
                if renewing
                else _("Your calendar address is ready: add it to your calendar program."),
            )
        elif action == "stop":
            calendar.feed_stop(request.user)
            messages.success(request, _("Your calendar address no longer works."))
        else:
            return HttpResponse(status=400)
        return redirect("core:agenda")
    feed = CalendarFeed.objects.filter(user=request.user, active=True).first()
    address = (
        request.build_absolute_uri(reverse("core:agenda-feed", args=[calendar.token_for(feed)]))
        if feed
        else ""
    )
    return render(
        request,
        "core/agenda.html",
        {"feed": feed, "address": address, "events": _upcoming(request.user)},
    )


UPCOMING_SHOWN = 20


def _upcoming(user) -> list[tuple[str, calendar.Event]]:
    """The next entries of the person's calendar, each with when it is in words."""
    import datetime

    from django.utils import formats, timezone

    today = timezone.localdate()
    rows = []
    for event in calendar.events_for(user):
        timed = isinstance(event.start, datetime.datetime)
        day = timezone.localdate(event.start) if timed else event.start
        if day < today:
            continue
        when = (
            formats.date_format(timezone.localtime(event.start), "DATETIME_FORMAT")
            if timed
            else formats.date_format(event.start, "DATE_FORMAT")
        )
        rows.append((when, event))
        if len(rows) == UPCOMING_SHOWN:
            break
    return rows


@login_not_required
@require_safe
def agenda_feed(request, token):
    feed = calendar.feed_for_token(token)
    if feed is None:
        raise Http404
    body = calendar.to_ical(
        calendar.events_for(feed.user), name=_("Calendar of %(name)s") % {"name": feed.user}
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="agenda.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
