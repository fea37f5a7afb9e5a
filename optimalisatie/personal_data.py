"""What optimalisatie holds about a person (core.personal_data): the advices they authored,
their standpoints and priorities as a schepen, the bundles they formed."""

from __future__ import annotations

from .models import Advies, Bundle, Priority, Standpunt


def advices(person) -> list[dict]:
    return [
        {
            "oefening": str(a.cycle),
            "dienst": str(a.dienst),
            "titel": a.title,
            "stand": a.get_state_display(),
            "huidige_situatie": a.current_situation,
            "voorstel": a.proposal,
            "onderbouwing": a.substantiation,
            "eenmalige_besparing": a.savings_one_off,
            "recurrente_besparing": a.savings_recurring,
            "vte_impact": a.fte_impact,
            "aangemaakt": a.created_at,
            "ingediend": a.submitted_at,
        }
        for a in Advies.objects.filter(author=person)
        .select_related("cycle", "dienst")
        .order_by("created_at", "pk")
    ]


def standpoints(person) -> list[dict]:
    return [
        {"advies": s.advies.title, "standpunt": s.text, "bijgewerkt": s.updated_at}
        for s in Standpunt.objects.filter(schepen=person).select_related("advies").order_by("pk")
    ]


def priorities(person) -> list[dict]:
    return [
        {
            "advies": p.advies.title,
            "prioriteit": p.get_level_display(),
            "motivering": p.motivation,
            "bijgewerkt": p.updated_at,
        }
        for p in Priority.objects.filter(schepen=person).select_related("advies").order_by("pk")
    ]


def bundles(person) -> list[dict]:
    return [
        {"titel": b.title, "samenvatting": b.summary, "aangemaakt": b.created_at}
        for b in Bundle.objects.filter(created_by=person).order_by("created_at", "pk")
    ]


def register() -> None:
    from core import personal_data

    personal_data.register("adviezen", advices)
    personal_data.register("standpunten", standpoints)
    personal_data.register("prioriteiten", priorities)
    personal_data.register("bundels", bundles)
