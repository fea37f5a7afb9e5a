"""How advices and bundles appear on a meeting's agenda (vergaderingen.subjects protocol)."""

from django.urls import reverse

from accounts.constants import OrgaanType
from accounts.roles import responsible_schepenen
from vergaderingen import subjects

from .constants import AdviesState, BundleState
from .models import Advies, Bundle
from .services import college_decision


def _for_college(queryset):
    """Only the college decides optimisations."""
    return lambda orgaan: list(queryset()) if orgaan.type == OrgaanType.COLLEGE else []


def _bundle_rapporteur(bundle):
    first = bundle.adviezen.select_related("dienst").first()
    return next(iter(responsible_schepenen(first.dienst)), None) if first else None


def register():
    subjects.register(
        Advies,
        title=lambda a: a.title,
        decide=college_decision,
        url=lambda a: reverse("optimalisatie:advies-detail", args=[a.pk]),
        candidates=_for_college(
            lambda: Advies.objects.filter(
                state__in=[AdviesState.READY_FOR_COLLEGE, AdviesState.POSTPONED],
                bundle__isnull=True,
            ).select_related("dienst")
        ),
        rapporteur=lambda a: next(iter(responsible_schepenen(a.dienst)), None),
    )
    subjects.register(
        Bundle,
        title=lambda b: b.title,
        decide=college_decision,
        url=lambda b: reverse("optimalisatie:bundle-detail", args=[b.pk]),
        candidates=_for_college(
            lambda: Bundle.objects.filter(
                state__in=[BundleState.READY_FOR_COLLEGE, BundleState.POSTPONED]
            )
        ),
        rapporteur=_bundle_rapporteur,
    )
