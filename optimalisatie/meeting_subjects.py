"""How advices, bundles and a cycle's budgetary and policy framework appear on a meeting's
agenda (vergaderingen.subjects protocol)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.constants import OrgaanType
from accounts.roles import responsible_schepenen
from vergaderingen import subjects

from . import draft
from .constants import AdviesState, BundleState, FrameworkState
from .models import Advies, Bundle, Cycle
from .services import college_decision, framework_decision


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
        draft=draft.advies,
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
        draft=draft.bundle,
    )
    # The college sets the cycle's framework: submitted by the algemeen directeur, it is a
    # candidate for the college's agenda until decided (postponed: again).
    subjects.register(
        Cycle,
        title=lambda c: _("Budgetary and policy framework of “%(cycle)s”") % {"cycle": c.title},
        decide=framework_decision,
        url=lambda c: reverse("optimalisatie:cycle-detail", args=[c.pk]) + "#kader",
        candidates=_for_college(
            lambda: Cycle.objects.filter(framework_state=FrameworkState.SUBMITTED)
        ),
        draft=draft.framework,
        redated=lambda cycle, decision: Cycle.objects.filter(
            pk=cycle.pk, framework_decision=decision
        ).update(framework_decided_on=decision.reference_date),
    )
