"""The results of a cycle, kept between requests (core.kept).

Aggregating the results of a city's cycle (thousands of approved advices, tens of thousands
of savings rows) takes a few hundred milliseconds, and the figures change only when an advice
or its implementation changes, which raises the cycle's stamp. The results page keeps the
figures (numbers and department ids) and the ordered list of the advices at risk under that
stamp and:
- the cycle's term, which the figures use (a change of the cycle itself, its target
  included, raises the stamp: `Cycle.save`);
- today's date, because health follows the calendar;
- who looks: "all" for whoever sees the whole cycle, else a digest of the advices the person
  may see now, so that a new mandate or a newly owned action shows at once.

The names of the departments and domains, and what the page shows of the advices at risk
(their progress and health), are read on every request. The progress report (PDF) and the
export compute everything anew.
"""

from __future__ import annotations

from django.utils import timezone

from core.kept import ids_digest, kept
from optimalisatie.models import Advies

from .progress import at_risk, cycle_figures, decorate, with_figures, with_names


def figures(advices_qs, cycle, *, whole_cycle, today=None) -> tuple[dict, list[int]]:
    """(the results as `progress.cycle_results` gives them, the pks of the advices at risk in
    the order `progress.at_risk` gives them): kept until something changes."""
    today = today or timezone.localdate()
    viewer = "all" if whole_cycle else ids_digest(advices_qs.values_list("pk", flat=True))
    numbers, risk_pks = kept(
        ("cycle", cycle.pk),
        ("results", cycle.term.end, today, viewer),
        lambda: (
            cycle_figures(advices_qs, cycle, today),
            list(at_risk(advices_qs, today).values_list("pk", flat=True)),
        ),
    )
    return with_names(numbers, cycle, today), risk_pks


def page_at_risk(pks, today) -> list:
    """The advices of a page of that list, in its order, with their progress and health."""
    found = with_figures(Advies.objects.filter(pk__in=pks), today).prefetch_related("dienst")
    by_pk = {advies.pk: advies for advies in found}
    return [decorate(by_pk[pk]) for pk in pks if pk in by_pk]
