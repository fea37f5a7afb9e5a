"""The results of a cycle, maintained rather than recomputed: a summary table (issue 20).

Aggregating the results of a city's cycle (thousands of approved advices, tens of thousands of
savings rows) takes about a hundred milliseconds. `ResultSummary` keeps the figures of each
department's approved advices (`progress.figure_parts`), one row per cycle, department and
moment (whether the advices reached the responsible schepen), and the results page adds up
the rows the person sees: the first request after a change costs what the others do.

Kept up to date:
- by every write that counts (core.figures.figures_changed on an approved advice, its plan,
  actions, milestones and savings): `refresh` recomputes that department's rows within the
  same transaction, after locking them, so that two people changing the same department at
  once each count the other's change (the second waits for the first to commit, then reads
  it);
- by the calendar: the health figures hold from `health_on` until the day before
  `health_until` (the first day an open action or milestone falls due or becomes
  RISK_AFTER_DAYS overdue). Rows past it are refreshed by the daily job (send_reminders) or,
  should it not have run, by the first request that reads them;
- from scratch by `rebuild` (after a bulk load such as the benchmark's data sets or the demo,
  and by the migration that made the table).

A person who sees only some departments (a diensthoofd, a manager, a schepen) reads the rows
of the departments they see as a whole; the few advices they see besides (as an action's
owner or as the author) are computed live (`progress.figure_parts` over those advices only).
The progress report and the export compute everything anew from the advices.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from optimalisatie.access import department_readers
from optimalisatie.models import Advies

from .constants import APPROVED_STATES
from .models import ResultSummary
from .progress import combine, decorate, empty_part, figure_parts, with_figures, with_names


def _encode(part) -> tuple[dict, dict]:
    figures = {
        "counts": part["counts"],
        "fallback": [
            [start, stop, str(recurring or 0), str(one_off or 0)]
            for start, stop, recurring, one_off in part["fallback"]
        ],
        **{
            name: {str(year): str(amount) for year, amount in part[name].items()}
            for name in ("approved", "validated", "waiting")
        },
    }
    health = {
        "n_at_risk": part["n_at_risk"],
        "n_delayed": part["n_delayed"],
        "risks": [
            [rank, due.isoformat() if due else None, title, pk]
            for rank, due, title, pk in part["risks"]
        ],
    }
    return figures, health


def _decode(figures, health) -> dict:
    return {
        "counts": figures.get("counts", {}),
        "fallback": [
            [start, stop, Decimal(recurring), Decimal(one_off)]
            for start, stop, recurring, one_off in figures.get("fallback", [])
        ],
        **{
            name: {int(year): Decimal(amount) for year, amount in figures.get(name, {}).items()}
            for name in ("approved", "validated", "waiting")
        },
        "n_at_risk": health.get("n_at_risk", 0),
        "n_delayed": health.get("n_delayed", 0),
        "risks": [
            [rank, datetime.date.fromisoformat(due) if due else None, title, pk]
            for rank, due, title, pk in health.get("risks", [])
        ],
    }


def refresh(cycle_id, dienst_ids, today=None) -> None:
    """Recompute the rows of these departments of the cycle, within the caller's transaction:
    their rows are locked first (in order, made when missing), so that concurrent refreshes
    of a department follow each other and the later one reads what the earlier committed."""
    today = today or timezone.localdate()
    dienst_ids = sorted(set(dienst_ids))
    if not dienst_ids:
        return
    with transaction.atomic():
        ResultSummary.objects.bulk_create(
            [
                ResultSummary(cycle_id=cycle_id, dienst_id=pk, forwarded=forwarded)
                for pk in dienst_ids
                for forwarded in (False, True)
            ],
            ignore_conflicts=True,
        )
        rows = list(
            ResultSummary.objects.select_for_update()
            .filter(cycle_id=cycle_id, dienst_id__in=dienst_ids)
            .order_by("dienst_id", "forwarded")
        )
        parts = figure_parts(
            Advies.objects.filter(
                cycle_id=cycle_id, dienst_id__in=dienst_ids, state__in=APPROVED_STATES
            ),
            today,
            forwarded=True,
        )
        for row in rows:
            part = parts.get((row.dienst_id, row.forwarded)) or empty_part()
            row.figures, row.health = _encode(part)
            row.advices = part["counts"]["n"]
            row.health_on, row.health_until = today, part["health_until"]
        ResultSummary.objects.bulk_update(
            rows, ["advices", "figures", "health", "health_on", "health_until"]
        )


def refresh_advies(advies) -> None:
    """core.figures' refresh of an advice: its department's rows, once the college approved it
    (an advice never leaves the approved states)."""
    if advies.state in APPROVED_STATES:
        refresh(advies.cycle_id, [advies.dienst_id])


def refresh_plan(plan) -> None:
    advies = plan.advies
    refresh(advies.cycle_id, [advies.dienst_id])


def rebuild(cycles=None, today=None) -> int:
    """Recompute every row (of the given cycles): after a bulk load. The number of departments
    refreshed."""
    from optimalisatie.models import Cycle

    done = 0
    for cycle in cycles if cycles is not None else Cycle.objects.all():
        ids = list(
            Advies.objects.filter(cycle=cycle, state__in=APPROVED_STATES)
            .order_by()
            .values_list("dienst_id", flat=True)
            .distinct()
        )
        # departments whose advices are gone from the approved states keep no stale row
        ResultSummary.objects.filter(cycle=cycle).exclude(dienst_id__in=ids).delete()
        refresh(cycle.pk, ids, today)
        done += len(ids)
    return done


def _stale(today) -> Q:
    """Rows whose health figures no longer hold on `today`."""
    return (
        Q(health_on__isnull=True)
        | Q(health_on__gt=today)
        | Q(health_until__isnull=False, health_until__lte=today)
    )


def refresh_due(today=None) -> int:
    """The daily job: refresh the rows whose health figures the calendar changed. The number
    of departments refreshed."""
    today = today or timezone.localdate()
    stale = defaultdict(set)
    for cycle_id, dienst_id in ResultSummary.objects.filter(_stale(today)).values_list(
        "cycle_id", "dienst_id"
    ):
        stale[cycle_id].add(dienst_id)
    for cycle_id, ids in stale.items():
        refresh(cycle_id, ids, today)
    return sum(len(ids) for ids in stale.values())


def _covered(user) -> tuple[Q, Q]:
    """(the person's rows, the same advices as a filter on advices): the departments they see
    as a whole, from the moment they see them (optimalisatie.access.department_readers)."""
    rows, advices = Q(pk__in=[]), Q(pk__in=[])
    for departments, since in department_readers(user):
        if since is None:
            rows |= Q(dienst__in=departments)
            advices |= Q(dienst__in=departments)
        else:
            rows |= Q(dienst__in=departments, forwarded=True)
            advices |= Q(dienst__in=departments, **{f"{since}__isnull": False})
    return rows, advices


def results(user, cycle, advices_qs, *, whole_cycle, today=None) -> tuple[dict, list[int]]:
    """(the results as `progress.with_names` gives them, the pks of the advices at risk or
    delayed, those at risk first, then by their oldest open due date, department and title),
    for the advices `advices_qs` the person sees: from the summary rows, plus the advices
    they see outside those rows, computed now."""
    today = today or timezone.localdate()
    summaries = ResultSummary.objects.filter(cycle=cycle, advices__gt=0)
    extra = {}
    if not whole_cycle:
        rows, advices = _covered(user)
        summaries = summaries.filter(rows)
        outside = list(advices_qs.exclude(advices).values_list("pk", flat=True))
        if outside:
            extra = figure_parts(Advies.objects.filter(pk__in=outside), today)
    columns = ("dienst_id", "forwarded", "figures", "health", "health_on", "health_until")
    found = list(summaries.values_list(*columns))
    stale = {row[0] for row in found if _is_stale(*row[-2:], today)}
    if stale:
        refresh(cycle.pk, stale, today)
        found = list(summaries.values_list(*columns))
    parts = [
        ((dienst_id, forwarded), _decode(figures, health))
        for dienst_id, forwarded, figures, health, _on, _until in found
    ]
    parts += list(extra.items())
    figures = with_names(combine(parts, cycle), cycle, today)
    names = {group["id"]: group["name"] for group in figures["per_dienst"]}
    risks = sorted(
        (
            (rank, due is None, due or today, names.get(dienst_id, ""), title, pk)
            for (dienst_id, _moment), part in parts
            for rank, due, title, pk in part["risks"]
        )
    )
    return figures, [risk[-1] for risk in risks]


def _is_stale(health_on, health_until, today) -> bool:
    return (
        health_on is None
        or health_on > today
        or (health_until is not None and health_until <= today)
    )


def page_at_risk(pks, today) -> list:
    """The advices of a page of that list, in its order, with their progress and health."""
    found = with_figures(Advies.objects.filter(pk__in=pks), today).prefetch_related("dienst")
    by_pk = {advies.pk: advies for advies in found}
    return [decorate(by_pk[pk]) for pk in pks if pk in by_pk]
