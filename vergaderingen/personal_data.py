"""What vergaderingen holds about a person (core.personal_data): their attendance, declared
conflicts of interest, their ballots in open votes, that they voted in secret votes (never
what: that is recorded nowhere), their signatures of minutes, their proposed items and the
decisions they recorded."""

from __future__ import annotations

from .models import (
    Attendance,
    Ballot,
    Decision,
    ItemProposal,
    MinutesSignature,
    Recusal,
    SecretBallotMark,
)


def attendance(person) -> list[dict]:
    return [
        {"vergadering": str(a.meeting), "aanwezigheid": a.get_presence_display()}
        for a in Attendance.objects.filter(member=person)
        .select_related("meeting__orgaan")
        .order_by("meeting__starts_at")
    ]


def recusals(person) -> list[dict]:
    return [
        {
            "vergadering": str(r.item.meeting),
            "agendapunt": r.item.title,
            "gemeld": r.declared_at,
        }
        for r in Recusal.objects.filter(member=person)
        .select_related("item__meeting__orgaan")
        .order_by("declared_at")
    ]


def open_ballots(person) -> list[dict]:
    return [
        {
            "vergadering": str(b.vote.item.meeting),
            "agendapunt": b.vote.item.title,
            "stem": b.get_choice_display(),
            "uitgebracht": b.cast_at,
        }
        for b in Ballot.objects.filter(member=person)
        .select_related("vote__item__meeting__orgaan")
        .order_by("cast_at")
    ]


def secret_votes(person) -> list[dict]:
    """Only that the person voted: a secret ballot's choice is counted and never stored."""
    return [
        {
            "vergadering": str(m.vote.item.meeting),
            "agendapunt": m.vote.item.title,
            "gestemd": True,
            "keuze": "geheim: nergens bewaard",
        }
        for m in SecretBallotMark.objects.filter(member=person)
        .select_related("vote__item__meeting__orgaan")
        .order_by("pk")
    ]


def minutes_signatures(person) -> list[dict]:
    return [
        {
            "vergadering": str(s.minutes.meeting),
            "als": s.get_capacity_display(),
            "ondertekend": s.signed_at,
        }
        for s in MinutesSignature.objects.filter(signer=person)
        .select_related("minutes__meeting__orgaan")
        .order_by("signed_at")
    ]


def proposals(person) -> list[dict]:
    return [
        {
            "orgaan": str(p.orgaan),
            "titel": p.title,
            "toelichting": p.explanation,
            "voorgesteld": p.proposed_at,
            "stand": p.get_state_display(),
            "antwoord": p.answer,
        }
        for p in ItemProposal.objects.filter(proposed_by=person)
        .select_related("orgaan")
        .order_by("proposed_at")
    ]


def decisions(person) -> list[dict]:
    return [
        {
            "onderwerp": d.title or (d.item.title if d.item else ""),
            "uitkomst": d.get_outcome_display(),
            "motivering": d.motivation,
            "vastgelegd": d.decided_at,
            "referentie": d.reference_number,
        }
        for d in Decision.objects.filter(decided_by=person)
        .select_related("item")
        .order_by("decided_at", "pk")
    ]


def register() -> None:
    from core import personal_data

    personal_data.register("aanwezigheden", attendance)
    personal_data.register("belangenconflicten", recusals)
    personal_data.register("stemmen_open", open_ballots)
    personal_data.register("stemmen_geheim", secret_votes)
    personal_data.register("handtekeningen_notulen", minutes_signatures)
    personal_data.register("voorgestelde_punten", proposals)
    personal_data.register("vastgelegde_besluiten", decisions)
