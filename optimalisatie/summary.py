"""The cycle dashboard's figures, maintained rather than recomputed: a summary table (issue 20).

The dashboard counts a cycle's advices per department and state and adds up their recurring
savings; a city's cycle has ten thousand advices. `AdviesSummary` keeps, per cycle and
department, one row per state and moment reached (submitted, forwarded to the responsible
schepen, validated, ready for the college) with the number of advices and their savings:

- every write that counts announces itself (core.figures.figures_changed on the advice, or the
  bundle whose state makes its advices ready), and `refresh` rewrites that department's rows
  within the same transaction, holding the department's lock (core.locks), so that two
  people changing the same department at once each count the other's change;
- `rebuild` writes them all anew, after a bulk load (the benchmark's data sets) and in the
  migration that made the table.

A person's figures are the rows of the departments they see (access.by_department_q, which
reads the moments as the rows' flags), plus the advices they see besides, as their author,
counted now (few, found through the author's index).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import BooleanField, Case, Count, Q, Sum, Value, When

from core import locks

from .access import beside_departments_q, by_department_q
from .constants import AdviesState, BundleState
from .models import Advies, AdviesSummary

ZERO = Decimal("0")


def _lock_names(cycle_id, dienst_ids):
    return [f"advies-summary:{cycle_id}:{pk}" for pk in dienst_ids]


def _flag(q):
    """True or false, never NULL (a condition on a bundle an advice may not have)."""
    return Case(When(q, then=Value(True)), default=Value(False), output_field=BooleanField())


def refresh(cycle_id, dienst_ids) -> None:
    """Rewrite the rows of these departments of the cycle, within the caller's transaction."""
    dienst_ids = sorted(set(dienst_ids))
    if not dienst_ids:
        return
    with transaction.atomic():
        locks.hold(*_lock_names(cycle_id, dienst_ids))
        AdviesSummary.objects.filter(cycle_id=cycle_id, dienst_id__in=dienst_ids).delete()
        grouped = (
            Advies.objects.filter(cycle_id=cycle_id, dienst_id__in=dienst_ids)
            .annotate(
                is_submitted=_flag(Q(submitted_at__isnull=False)),
                is_forwarded=_flag(Q(forwarded_at__isnull=False)),
                is_validated=_flag(Q(validated_at__isnull=False)),
                is_ready=_flag(
                    Q(state=AdviesState.READY_FOR_COLLEGE)
                    | Q(bundle__state=BundleState.READY_FOR_COLLEGE)
                ),
            )
            .values(
                "dienst_id", "state", "is_submitted", "is_forwarded", "is_validated", "is_ready"
            )
            .annotate(n=Count("pk"), total=Sum("savings_recurring"))
            .order_by()
        )
        AdviesSummary.objects.bulk_create(
            [
                AdviesSummary(
                    cycle_id=cycle_id,
                    dienst_id=row["dienst_id"],
                    state=row["state"],
                    submitted=row["is_submitted"],
                    forwarded=row["is_forwarded"],
                    validated=row["is_validated"],
                    ready=row["is_ready"],
                    advices=row["n"],
                    recurring=row["total"] or ZERO,
                )
                for row in grouped
            ]
        )


def refresh_advies(advies) -> None:
    refresh(advies.cycle_id, [advies.dienst_id])


def refresh_bundle(bundle) -> None:
    """A bundle's state makes its advices ready for the college, or no longer."""
    ids = Advies.objects.filter(bundle=bundle).order_by().values_list("dienst_id", flat=True)
    refresh(bundle.cycle_id, set(ids))


def rebuild(cycles=None) -> int:
    """Rewrite every row (of the given cycles); the number of departments."""
    from .models import Cycle

    done = 0
    for cycle in cycles if cycles is not None else Cycle.objects.all():
        ids = set(Advies.objects.filter(cycle=cycle).order_by().values_list("dienst_id", flat=True))
        AdviesSummary.objects.filter(cycle=cycle).exclude(dienst_id__in=ids).delete()
        refresh(cycle.pk, ids)
        done += len(ids)
    return done


def aggregates(*, rows: bool) -> dict:
    """The dashboard's figures per department, as aggregates over the summary's rows (rows) or
    over the advices themselves: the advices submitted (withdrawn ones left out) and their
    recurring savings, the savings validated and ready for the college, the number per state."""
    if rows:
        count, amount = "advices", "recurring"
        submitted_q, validated_q, ready_q = Q(submitted=True), Q(validated=True), Q(ready=True)
    else:
        count, amount = "pk", "savings_recurring"
        submitted_q = Q(submitted_at__isnull=False)
        validated_q = Q(validated_at__isnull=False)
        ready_q = Q(state=AdviesState.READY_FOR_COLLEGE) | Q(
            bundle__state=BundleState.READY_FOR_COLLEGE
        )

    def number(condition):
        return Sum(count, filter=condition, default=0) if rows else Count(count, filter=condition)

    live = ~Q(state=AdviesState.WITHDRAWN)
    submitted = live & submitted_q
    validated = live & validated_q & ~Q(state=AdviesState.NOT_RETAINED)
    ready = live & ready_q
    return {
        "n": number(submitted),
        "proposed": Sum(amount, filter=submitted, default=ZERO),
        "validated": Sum(amount, filter=validated, default=ZERO),
        "ready": Sum(amount, filter=ready, default=ZERO),
        **{state: number(Q(state=state)) for state in AdviesState},
    }


def per_department(user, cycle) -> list[tuple]:
    """[(department id, n, proposed, validated, ready, one count per state)] over the advices
    of the cycle this person may see: the summary's rows of the departments they see, plus
    what they see as an author, counted now. Two queries."""
    names = list(aggregates(rows=True))

    def grouped(queryset, *, rows):
        return (
            queryset.values_list("dienst")
            .annotate(**{f"c{i}": a for i, a in enumerate(aggregates(rows=rows).values())})
            .order_by()
        )

    totals: dict = defaultdict(lambda: [0] * len(names))
    sources = (
        grouped(
            AdviesSummary.objects.filter(cycle=cycle).filter(by_department_q(user, rows=True)),
            rows=True,
        ),
        grouped(
            Advies.objects.visible_to(user)
            .filter(beside_departments_q(user), cycle=cycle)
            .exclude(by_department_q(user)),
            rows=False,
        ),
    )
    for source in sources:
        for dienst_id, *values in source:
            row = totals[dienst_id]
            for i, value in enumerate(values):
                row[i] += value
    return [(dienst_id, *values) for dienst_id, values in totals.items()]
