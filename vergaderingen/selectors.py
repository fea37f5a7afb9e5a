"""Reads for the public decision list: only what may be published, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from .constants import DecisionOutcome
from .models import Meeting
from .services import PUBLISHING_BODIES, public_text_or_placeholder


class PublicDecision(NamedTuple):
    """A decision as the public sees it: its number on the agenda, the public text and the
    outcome. Never the item's title or the people involved."""

    order: int
    text: str
    outcome: str


@dataclass
class PublicMeeting:
    """A meeting on the public list: its body, its date and its public decisions."""

    pk: int
    body: str
    starts_at: object
    decisions: list[PublicDecision] = field(default_factory=list)


def published_meetings(*, year: int | None = None):
    """The meetings whose decision list is published (college and vast bureau), newest first."""
    meetings = Meeting.objects.filter(
        published_at__isnull=False, orgaan__type__in=PUBLISHING_BODIES
    ).select_related("orgaan")
    if year is not None:
        meetings = meetings.filter(starts_at__year=year)
    return meetings.order_by("-starts_at", "-pk")


@dataclass(frozen=True)
class Publications:
    """What the pages of the public list count: the years to choose from (newest first), how
    many meetings published their list, and how many of them in the year asked about."""

    years: list[int]
    total: int
    in_year: int


def publications(*, year: int | None = None) -> Publications:
    """One aggregate, whatever the number of meetings: the first and last year and the counts.
    The years in between are offered even in the rare year without a published list."""
    in_year = {"in_year": Count("pk", filter=Q(starts_at__year=year))} if year else {}
    found = published_meetings().aggregate(
        first=Min("starts_at"), last=Max("starts_at"), total=Count("pk"), **in_year
    )
    if not found["total"]:
        return Publications(years=[], total=0, in_year=0)
    first, last = (timezone.localtime(found[key]).year for key in ("first", "last"))
    return Publications(
        years=list(range(last, first - 1, -1)),
        total=found["total"],
        in_year=found.get("in_year", 0),
    )


def public_meetings(meetings) -> list[PublicMeeting]:
    """The meetings of a queryset (a page of published_meetings(), or one meeting) with their
    decisions in agenda order, in one query that reads only what the public may see (and
    whether an item concerns a person, to say so when its public text is missing)."""
    outcomes = {value: str(label) for value, label in DecisionOutcome.choices}
    rows = (
        Meeting.objects.filter(pk__in=meetings.values("pk"))
        .order_by("-starts_at", "-pk", "items__order")
        .values_list(
            "pk",
            "orgaan__name",
            "starts_at",
            "items__order",
            "items__concerns_person",
            "items__decision__public_text",
            "items__decision__outcome",
        )
    )
    found: dict[int, PublicMeeting] = {}
    for pk, body, starts_at, order, concerns_person, public_text, outcome in rows:
        meeting = found.get(pk)
        if meeting is None:
            meeting = found[pk] = PublicMeeting(pk=pk, body=body, starts_at=starts_at)
        if outcome is not None:  # an item without a decision is not on the list
            meeting.decisions.append(
                PublicDecision(
                    order=order,
                    text=public_text_or_placeholder(public_text, concerns_person),
                    outcome=outcomes.get(outcome, outcome),
                )
            )
    return list(found.values())
