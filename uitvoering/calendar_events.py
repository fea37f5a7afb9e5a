"""The due dates of a person's open actions, for their calendar (core.calendar)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from core.calendar import Event

from .constants import ActionStatus
from .models import Action

LIMIT = 500  # a calendar of actions, not an archive: the nearest due dates


def events(user) -> list[Event]:
    """One query."""
    actions = (
        Action.objects.filter(owner=user)
        .exclude(status=ActionStatus.DONE)
        .select_related("plan__advies")
        .order_by("due", "pk")[:LIMIT]
    )
    return [
        Event(
            uid=f"action-{action.pk}",
            summary=_("Action due: %(title)s (%(advies)s)")
            % {"title": action.title, "advies": action.plan.advies.title},
            start=action.due,
            url=reverse("uitvoering:plan", args=[action.plan.advies_id]),
        )
        for action in actions
    ]
