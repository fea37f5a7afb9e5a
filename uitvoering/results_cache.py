"""The results of a cycle, kept between requests.

Aggregating the results of a city's cycle (thousands of approved advices, tens of thousands
of savings rows) takes a few hundred milliseconds, and the figures change only when someone
changes an implementation or the college decides. So the results page keeps the figures
(numbers and ids, no names, nothing translated) and the ordered list of the advices at risk
in Django's cache, under a key of:

- the cycle, its target and term, and its `ResultsStamp`, which every change that moves the
  figures raises in its own transaction (`changed`: the uitvoering services, through
  `services._fresh_advies`, and the college's decision);
- today's date, because health follows the calendar;
- who looks: "all" for whoever sees the whole cycle, else a hash of the advices the person
  may see now, so that a new mandate or a newly owned action shows at once.

Stale figures are therefore never served: a change commits its data and the new stamp
together, and a key with an old stamp is simply never asked for again. The names of the
departments and domains, and what the page shows of the advices at risk (their progress and
health), are read on every request. The progress report (PDF) and the export compute
everything anew.
"""

from __future__ import annotations

import hashlib
from array import array

from django.core.cache import cache
from django.db.models import F
from django.utils import timezone

from optimalisatie.models import Advies

from .models import ResultsStamp
from .progress import at_risk, cycle_figures, decorate, with_figures, with_names

KEEP_SECONDS = 24 * 60 * 60


def changed(cycle_id) -> None:
    """The results of the cycle change: call it inside the transaction that changes them."""
    ResultsStamp.objects.bulk_create([ResultsStamp(cycle_id=cycle_id)], ignore_conflicts=True)
    ResultsStamp.objects.filter(pk=cycle_id).update(version=F("version") + 1)


def _stamp(cycle) -> int:
    version = ResultsStamp.objects.filter(pk=cycle.pk).values_list("version", flat=True)
    return version.first() or 0


def _viewer(advices_qs, whole_cycle) -> str:
    if whole_cycle:
        return "all"
    pks = array("q", advices_qs.order_by("pk").values_list("pk", flat=True))
    return hashlib.blake2b(pks.tobytes(), digest_size=16).hexdigest()


def key(advices_qs, cycle, *, whole_cycle, today) -> str:
    return ":".join(
        str(part)
        for part in (
            "uitvoering.results",
            cycle.pk,
            _stamp(cycle),
            cycle.target_recurring,
            cycle.term.end.isoformat(),
            today.isoformat(),
            _viewer(advices_qs, whole_cycle),
        )
    )


def figures(advices_qs, cycle, *, whole_cycle, today=None) -> tuple[dict, list[int]]:
    """(the results as `progress.cycle_results` gives them, the pks of the advices at risk in
    the order `progress.at_risk` gives them): from the cache when nothing changed."""
    today = today or timezone.localdate()
    cache_key = key(advices_qs, cycle, whole_cycle=whole_cycle, today=today)
    kept = cache.get(cache_key)
    if kept is None:
        kept = (
            cycle_figures(advices_qs, cycle, today),
            list(at_risk(advices_qs, today).values_list("pk", flat=True)),
        )
        cache.set(cache_key, kept, KEEP_SECONDS)
    figures, risk_pks = kept
    return with_names(figures, cycle, today), risk_pks


def page_at_risk(pks, today) -> list:
    """The advices of a page of that list, in its order, with their progress and health."""
    found = with_figures(Advies.objects.filter(pk__in=pks), today).prefetch_related("dienst")
    by_pk = {advies.pk: advies for advies in found}
    return [decorate(by_pk[pk]) for pk in pks if pk in by_pk]
