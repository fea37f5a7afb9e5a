"""What the implementation's pages read: the overview, the plan page (its actions, milestones,
savings and history), the results' progress reports, and who validates savings."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import AuditEntry
from optimalisatie.constants import AdviesState
from optimalisatie.models import Cycle

from .constants import ActionStatus, Health, PlanState, SavingState
from .models import Action, ProgressReport, RealisedSaving
from .progress import annotated


def financial_directors():
    """The active financieel directeur(s) in the MT today."""
    from accounts.constants import Function, OrgaanType
    from accounts.roles import members_of

    return [
        m.user
        for m in members_of(OrgaanType.MANAGEMENTTEAM)
        if m.function == Function.FINANCIEEL_DIRECTEUR
    ]


# --- the overview --------------------------------------------------------------------------------


def cycles():
    return list(Cycle.objects.select_related("term").order_by("-created_at"))


def overview_rows(advices, *, cycle: str = "", health: str = ""):
    """The advices with their figures, of one cycle (its pk as text) and one health if chosen."""
    if cycle.isdigit():
        advices = advices.filter(cycle_id=int(cycle))
    rows = (
        annotated(advices)
        .annotate(plan_returned=F("plan__returned_at"))
        .order_by("cycle__created_at", "dienst__name", "title", "pk")
    )
    if health in Health.values:
        rows = rows.filter(health=health)
    return rows


# --- the plan page -------------------------------------------------------------------------------


def plan_page(advies) -> dict:
    """The plan's actions, milestones, expected and realised savings and history (a fixed
    number of queries), with their totals."""
    plan = getattr(advies, "plan", None)
    actions, milestones, expected, savings, trail = [], [], [], [], []
    if plan is not None:
        actions = list(plan.actions.select_related("owner"))
        milestones = list(plan.milestones.all())
        expected = list(plan.expected_savings.all())
        savings = list(plan.realised_savings.select_related("recorded_by", "decided_by"))
        trail = plan_trail(advies, plan, actions, savings)
    return {
        "advies": advies,
        "plan": plan,
        "actions": actions,
        "milestones": milestones,
        "expected": expected,
        "expected_total": sum((e.amount for e in expected), 0),
        "savings": savings,
        "validated_total": sum((s.amount for s in savings if s.state == SavingState.VALIDATED), 0),
        "trail": trail,
        "plan_done": bool(actions) and all(a.status == ActionStatus.DONE for a in actions),
    }


ACTION_LABELS = {
    "plan.create": _("plan started"),
    "plan.submit": _("submitted to the manager"),
    "plan.approve": _("plan approved"),
    "plan.send-back": _("plan sent back"),
    "plan.revise": _("plan under revision"),
    "plan.health": _("health adjusted"),
    "plan.expected-savings": _("expected savings changed"),
    "action.create": _("action added"),
    "action.edit": _("action changed"),
    "action.delete": _("action removed"),
    "action.status": _("status of an action"),
    "milestone.create": _("milestone added"),
    "milestone.delete": _("milestone removed"),
    "milestone.reached": _("milestone reached"),
    "milestone.not-reached": _("milestone not reached after all"),
    "saving.create": _("realised savings recorded"),
    "saving.resubmit": _("realised savings corrected"),
    "saving.validate": _("realised savings validated"),
    "saving.send-back": _("realised savings sent back"),
    "advies.start-implementation": _("advice being implemented"),
    "advies.realise": _("advice realised"),
    "advies.stop": _("advice stopped"),
}

# The advice's own steps that belong to its implementation.
ADVIES_STEPS = ["advies.start-implementation", "advies.realise", "advies.stop"]

# The states an audit row speaks of, by its action (or the action's first part).
STATE_LABELS = {
    "plan.health": dict(Health.choices),
    "plan": dict(PlanState.choices),
    "action": dict(ActionStatus.choices),
    "milestone": {},
    "saving": dict(SavingState.choices),
    "advies": dict(AdviesState.choices),
    "demo": dict(PlanState.choices),
}


def plan_trail(advies, plan, actions, savings) -> list[tuple]:
    """The history of the plan, its actions and savings, and the advice's implementation
    steps (one query): (entry, label, from, to) with the states named."""
    types = ContentType.objects.get_for_models(type(plan), Action, RealisedSaving, type(advies))
    entries = AuditEntry.objects.filter(
        Q(content_type=types[type(plan)], object_id=str(plan.pk))
        | Q(content_type=types[Action], object_id__in=[str(a.pk) for a in actions])
        | Q(content_type=types[RealisedSaving], object_id__in=[str(s.pk) for s in savings])
        | Q(content_type=types[type(advies)], object_id=str(advies.pk), action__in=ADVIES_STEPS)
    ).order_by("-at", "-pk")[:100]
    rows = []
    for e in entries:
        states = STATE_LABELS.get(e.action) or STATE_LABELS.get(e.action.split(".")[0], {})
        rows.append(
            (
                e,
                ACTION_LABELS.get(e.action, e.action),
                states.get(e.from_state, e.from_state),
                states.get(e.to_state, e.to_state),
            )
        )
    return rows


# --- results -------------------------------------------------------------------------------------


def progress_reports(cycle) -> list:
    """The last ten progress reports put before the college."""
    return list(ProgressReport.objects.filter(cycle=cycle).select_related("created_by")[:10])


# --- evidence ------------------------------------------------------------------------------------


def evidence_type(saving) -> str:
    """The type the stored evidence file sniffs as (core.files), to serve it with; a file
    that is not what its name says is served as bytes to download."""
    from django.core.exceptions import ValidationError

    from core.files import sniff
    from optimalisatie.constants import ATTACHMENT_EXTENSIONS

    try:
        return sniff(saving.evidence, ATTACHMENT_EXTENSIONS)
    except (ValidationError, OSError):
        return "application/octet-stream"
    finally:
        saving.evidence.close()
