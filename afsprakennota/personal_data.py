"""What afsprakennota holds about a person (core.personal_data): their signatures."""

from __future__ import annotations

from .models import Signature


def signatures(person) -> list[dict]:
    return [
        {
            "nota": str(s.version.nota),
            "versie": s.version.number,
            "als": s.get_role_display(),
            "ondertekend": s.signed_at,
            "inhoud_sha256": s.content_hash,
            "bevestigd_met": s.authentication,
            "bevestigd_om": s.authenticated_at,
        }
        for s in Signature.objects.filter(signer=person)
        .select_related("version__nota")
        .order_by("signed_at")
    ]


def register() -> None:
    from core import personal_data

    personal_data.register("handtekeningen_afsprakennota", signatures)
