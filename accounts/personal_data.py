"""What accounts holds about a person, for their personal-data export (core.personal_data,
which registers these parts: accounts imports no other app): mandates, positions, and the
attempts the throttles count against them."""

from __future__ import annotations


def mandates(person) -> list[dict]:
    from .models import Mandate

    return [
        {
            "orgaan": str(m.orgaan),
            "functie": m.get_function_display(),
            "begin": m.start,
            "einde": m.end,
            "beleidsdomeinen": [d.name for d in m.domains.all()],
        }
        for m in Mandate.objects.filter(user=person)
        .select_related("orgaan")
        .prefetch_related("domains")
        .order_by("start", "pk")
    ]


def positions(person) -> list[dict]:
    from .models import Cluster, Dienst

    return [
        {"positie": "diensthoofd", "van": d.name} for d in Dienst.objects.filter(head=person)
    ] + [{"positie": "manager", "van": c.name} for c in Cluster.objects.filter(manager=person)]


def login_attempts(person) -> list[dict]:
    """What the throttles count against the person (accounts/throttle.py, kept for a day):
    password-reset requests for their address, wrong passwords when signing."""
    from .models import Attempt

    keys = [f"reset-mail:{person.email.lower()}", f"reset-mail:{person.email}", f"sign:{person.pk}"]
    return [
        {"wanneer": a.at, "soort": a.key.split(":")[0]}
        for a in Attempt.objects.filter(key__in=keys).order_by("at")
    ]


PARTS = [
    ("mandaten", mandates),
    ("posities", positions),
    ("aanmeldpogingen", login_attempts),
]
