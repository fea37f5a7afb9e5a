"""Progress, health and savings figures, computed, never typed in.

- An advice's progress is the weight of its finished actions over the weight of all its
  actions. A realised advice counts as 100 %, an approved advice without a running plan as 0 %.
  A stopped advice no longer counts towards progress.
- A department's, domain's or cycle's progress is the mean of its advices' progress: each
  advice counts once, whatever the weights its own plan uses.
- Health: "risico" with a blocked action or an action more than RISK_AFTER_DAYS overdue;
  "vertraagd" with an overdue action or a missed milestone; otherwise "op schema". The
  diensthoofd's override, with its motivation, wins.
- Savings: approved = the plans' expected savings per year (for an advice without them, its
  recurring savings from its start year to the end of the term, plus the one-off savings in
  the start year); realised = only the amounts the financieel directeur validated. A stopped
  advice keeps what it realised, and its approved savings end with the year it stopped.

Every function here uses a fixed number of queries, whatever the number of advices.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Exists, F, Min, OuterRef, Q, Sum
from django.utils import timezone

from optimalisatie.constants import AdviesState

from .constants import RISK_AFTER_DAYS, ActionStatus, Health, SavingState
from .models import Action, ExpectedSaving, Milestone, RealisedSaving

ZERO = Decimal("0")
HUNDRED = Decimal("100")


def derive_health(*, blocked: bool, oldest_open_due, missed_milestone: bool, today) -> str:
    if blocked or (
        oldest_open_due and oldest_open_due < today - datetime.timedelta(days=RISK_AFTER_DAYS)
    ):
        return Health.RISICO
    if missed_milestone or (oldest_open_due and oldest_open_due < today):
        return Health.VERTRAAGD
    return Health.OP_SCHEMA


def percent(done, total) -> Decimal | None:
    if not total:
        return None
    return (Decimal(done or 0) * HUNDRED / Decimal(total)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def annotated(advices, today=None):
    """The advices with what progress and health need, from one query."""
    today = today or timezone.localdate()
    return advices.select_related("dienst", "dienst__domain", "dienst__cluster", "cycle").annotate(
        total_weight=Sum("plan__actions__weight"),
        done_weight=Sum(
            "plan__actions__weight", filter=Q(plan__actions__status=ActionStatus.KLAAR)
        ),
        oldest_open_due=Min(
            "plan__actions__due", filter=~Q(plan__actions__status=ActionStatus.KLAAR)
        ),
        any_blocked=Exists(
            Action.objects.filter(plan__advies=OuterRef("pk"), status=ActionStatus.GEBLOKKEERD)
        ),
        missed_milestone=Exists(
            Milestone.objects.filter(
                plan__advies=OuterRef("pk"), reached_on__isnull=True, date__lt=today
            )
        ),
        plan_state=F("plan__state"),
        override=F("plan__health_override"),
        override_motivation=F("plan__health_motivation"),
        ended_at=F("plan__ended_at"),
    )


def decorate(advies, today=None):
    """Set .progress, .computed_health and .health on an advice from `annotated`."""
    today = today or timezone.localdate()
    if advies.state == AdviesState.GEREALISEERD:
        advies.progress = HUNDRED
    elif advies.state == AdviesState.IN_UITVOERING:
        advies.progress = percent(advies.done_weight, advies.total_weight) or ZERO
    elif advies.state == AdviesState.GOEDGEKEURD:
        advies.progress = ZERO
    else:
        advies.progress = percent(advies.done_weight, advies.total_weight)
    advies.computed_health = None
    advies.health = None
    if advies.state == AdviesState.IN_UITVOERING:
        advies.computed_health = derive_health(
            blocked=advies.any_blocked,
            oldest_open_due=advies.oldest_open_due,
            missed_milestone=advies.missed_milestone,
            today=today,
        )
        advies.health = advies.override or advies.computed_health
    return advies


def counts_for_progress(advies) -> bool:
    return advies.state != AdviesState.STOPGEZET


def mean(values) -> Decimal | None:
    values = [v for v in values if v is not None]
    if not values:
        return None
    return (sum(values) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def roll_up(advices, key) -> dict:
    """Mean progress per key (a department, a domain, the cycle)."""
    groups = defaultdict(list)
    for advies in advices:
        if counts_for_progress(advies):
            groups[key(advies)].append(advies.progress)
    return {k: mean(v) for k, v in groups.items()}


def savings_by_advice_and_year(advices_qs, advices):
    """({advies_id: {year: approved}}, {advies_id: {year: validated}},
    {advies_id: {year: waiting}}) in three queries."""
    ids = advices_qs.values("pk")
    expected = defaultdict(dict)
    for row in ExpectedSaving.objects.filter(plan__advies__in=ids).values(
        "plan__advies_id", "year", "amount"
    ):
        expected[row["plan__advies_id"]][row["year"]] = row["amount"]
    validated, waiting = defaultdict(dict), defaultdict(dict)
    for row in (
        RealisedSaving.objects.filter(plan__advies__in=ids)
        .exclude(state=SavingState.TERUGGESTUURD)
        .values("plan__advies_id", "year", "state")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        target = validated if row["state"] == SavingState.GEVALIDEERD else waiting
        target[row["plan__advies_id"]][row["year"]] = row["total"]
    approved = {}
    for advies in advices:
        years = dict(expected.get(advies.pk) or fallback_expectation(advies))
        if advies.state == AdviesState.STOPGEZET and advies.ended_at:
            stop_year = timezone.localtime(advies.ended_at).year
            years = {y: v for y, v in years.items() if y <= stop_year}
        approved[advies.pk] = years
    return approved, validated, waiting


def fallback_expectation(advies) -> dict:
    """An advice without a plan's expectations: what the college approved, per year."""
    last = max(advies.cycle.term.end.year, advies.start_year)
    years = dict.fromkeys(range(advies.start_year, last + 1), advies.savings_recurring)
    years[advies.start_year] = years[advies.start_year] + advies.savings_one_off
    return {y: v for y, v in years.items() if v}


def cycle_results(advices_qs, cycle, today=None) -> dict:
    """Everything the results page and the college's progress report show."""
    today = today or timezone.localdate()
    advices = [
        decorate(a, today)
        for a in annotated(advices_qs, today)
        .select_related("cycle__term")
        .order_by("dienst__name", "title", "pk")
    ]
    approved, validated, waiting = savings_by_advice_and_year(advices_qs, advices)
    for advies in advices:
        advies.approved_total = sum(approved.get(advies.pk, {}).values(), ZERO)
        advies.realised_total = sum(validated.get(advies.pk, {}).values(), ZERO)
        advies.waiting_total = sum(waiting.get(advies.pk, {}).values(), ZERO)

    years = sorted({y for m in (approved, validated, waiting) for d in m.values() for y in d})
    if years:
        years = list(range(years[0], years[-1] + 1))
    by_year = []
    for year in years:
        a = sum((approved[k].get(year, ZERO) for k in approved), ZERO)
        r = sum((validated[k].get(year, ZERO) for k in validated), ZERO)
        w = sum((waiting[k].get(year, ZERO) for k in waiting), ZERO)
        by_year.append(
            {
                "year": year,
                "target": cycle.target_recurring,
                "approved": a,
                "realised": r,
                "waiting": w,
                "gap": a - r,
                "gap_target": cycle.target_recurring - r,
            }
        )

    def breakdown(key, name):
        rows = {}
        progress = roll_up(advices, key)
        for advies in advices:
            row = rows.setdefault(
                key(advies),
                {"name": name(advies), "n": 0, "approved": ZERO, "realised": ZERO},
            )
            row["n"] += 1
            row["approved"] += advies.approved_total
            row["realised"] += advies.realised_total
        for k, row in rows.items():
            row["progress"] = progress.get(k)
            row["gap"] = row["approved"] - row["realised"]
        return sorted(rows.values(), key=lambda r: (-r["approved"], r["name"]))

    at_risk = sorted(
        (a for a in advices if a.health in (Health.RISICO, Health.VERTRAAGD)),
        key=lambda a: (a.health != Health.RISICO, a.oldest_open_due or datetime.date.max),
    )
    totals = {
        "target": cycle.target_recurring,
        "approved": sum((r["approved"] for r in by_year), ZERO),
        "realised": sum((r["realised"] for r in by_year), ZERO),
        "waiting": sum((r["waiting"] for r in by_year), ZERO),
        "progress": mean([a.progress for a in advices if counts_for_progress(a)]),
        "n": len(advices),
        "n_by_state": {
            state: sum(1 for a in advices if a.state == state)
            for state in (
                AdviesState.GOEDGEKEURD,
                AdviesState.IN_UITVOERING,
                AdviesState.GEREALISEERD,
                AdviesState.STOPGEZET,
            )
        },
    }
    totals["gap"] = totals["approved"] - totals["realised"]
    return {
        "cycle": cycle,
        "today": today,
        "advices": advices,
        "by_year": by_year,
        "per_domain": breakdown(lambda a: a.dienst.domain_id, lambda a: a.dienst.domain.name),
        "per_dienst": breakdown(lambda a: a.dienst_id, lambda a: a.dienst.name),
        "at_risk": at_risk,
        "totals": totals,
    }
