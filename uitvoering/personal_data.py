"""What uitvoering holds about a person (core.personal_data): the actions they own and the
realised savings they recorded."""

from __future__ import annotations

from .models import Action, RealisedSaving


def actions(person) -> list[dict]:
    return [
        {
            "advies": a.plan.advies.title,
            "actie": a.title,
            "start": a.start,
            "einddatum": a.due,
            "stand": a.get_status_display(),
            "geblokkeerd_omdat": a.blocked_reason,
            "klaar_op": a.done_on,
        }
        for a in Action.objects.filter(owner=person)
        .select_related("plan__advies")
        .order_by("due", "pk")
    ]


def savings(person) -> list[dict]:
    return [
        {
            "advies": s.plan.advies.title,
            "jaar": s.year,
            "bedrag": s.amount,
            "bewijs": s.note,
            "stand": s.get_state_display(),
        }
        for s in RealisedSaving.objects.filter(recorded_by=person)
        .select_related("plan__advies")
        .order_by("year", "pk")
    ]


def register() -> None:
    from core import personal_data

    personal_data.register("acties", actions)
    personal_data.register("gerealiseerde_besparingen", savings)
