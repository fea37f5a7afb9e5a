"""Who may see and do what in the implementation of an advice: the only home of these rules.

One access function per kind of object (`get_plan_advies_for`, `get_action_for`,
`get_milestone_for`, `get_saving_for`, `get_cycle_for`, `get_progress_report_for`): 404 for
what the person may not see, 403 (PermissionDenied) for what they may see but not do. Views
call them; services ask the predicates below again; the plan page takes its flags from
`plan_flags`. The advice predicates shared with the optimisation live in optimalisatie.access,
the roles in accounts.roles.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.constants import Role
from accounts.roles import has_role, is_college_member, is_financieel_directeur, is_mt_member
from optimalisatie.access import is_head, is_manager, is_participant
from optimalisatie.constants import AdviesState
from optimalisatie.models import Advies, Cycle

from .constants import APPROVED_STATES, RECORDING_STATES, RUNNING_STATES, PlanState, SavingState
from .models import Action, Milestone, ProgressReport, RealisedSaving
from .progress import annotated, decorate

# --- who sees which advices ----------------------------------------------------------------------


def advices_visible_to(user):
    """Approved advices the person may see: whoever sees the advice itself
    (Advies.visible_to), the financieel directeur (who validates the savings), and the owner
    of an action in an approved plan (who sees that plan, to report on the action)."""
    if not getattr(user, "is_authenticated", False):
        return Advies.objects.none()
    approved = Advies.objects.filter(state__in=APPROVED_STATES)
    if is_financieel_directeur(user):
        return approved
    owns = Exists(
        Action.objects.filter(
            plan__advies=OuterRef("pk"), owner=user, plan__state=PlanState.APPROVED
        )
    )
    # one filter on the advices themselves (not "pk in (what they see)"), so that the
    # database narrows to a cycle first
    return Advies.objects.visible_to(user).filter(state__in=APPROVED_STATES) | approved.filter(owns)


def college_advices(cycle):
    """What the college sees of a cycle: every approved advice of it."""
    return Advies.objects.filter(cycle=cycle, state__in=APPROVED_STATES)


def sees_whole_cycle(user) -> bool:
    """The college, the MT and the directors see every approved advice: they read the
    college's progress reports."""
    return (
        is_college_member(user)
        or is_mt_member(user)
        or has_role(user, Role.ALGEMEEN_DIRECTEUR, Role.FINANCIEEL_DIRECTEUR)
    )


def cycle_advices_for(user, cycle):
    """(the cycle's approved advices the person's results count, whether that is the whole
    cycle): whoever sees the whole cycle sees every approved advice of it, as the college
    does; the others what they may see."""
    if sees_whole_cycle(user):
        return college_advices(cycle), True
    return advices_visible_to(user).filter(cycle=cycle), False


# --- what a person may do with an advice's implementation ---------------------------------------


def plan_state(advies):
    plan = getattr(advies, "plan", None)
    return plan.state if plan is not None else PlanState.DRAFT


def may_edit_plan(user, advies) -> bool:
    """Only the diensthoofd, while the plan is a draft (new, sent back, or under revision)."""
    return (
        is_head(user, advies)
        and advies.state in RUNNING_STATES
        and plan_state(advies) == PlanState.DRAFT
    )


def may_approve_plan(user, advies) -> bool:
    """Only the manager of the department's cluster approves or sends back."""
    return (
        is_manager(user, advies)
        and advies.state in RUNNING_STATES
        and plan_state(advies) == PlanState.SUBMITTED
    )


def may_revise_plan(user, advies) -> bool:
    return (
        is_head(user, advies)
        and advies.state == AdviesState.IN_IMPLEMENTATION
        and plan_state(advies) == PlanState.APPROVED
    )


def may_update_action(user, advies, action) -> bool:
    """The owner reports on their action, and so does the diensthoofd, while it runs."""
    return (
        advies.state == AdviesState.IN_IMPLEMENTATION
        and plan_state(advies) == PlanState.APPROVED
        and (action.owner_id == user.pk or is_head(user, advies))
    )


def may_report_milestones(user, advies) -> bool:
    """The diensthoofd marks milestones reached while the plan is made or carried out."""
    return is_head(user, advies) and advies.state in RUNNING_STATES


def may_override_health(user, advies) -> bool:
    return is_head(user, advies) and advies.state == AdviesState.IN_IMPLEMENTATION


def may_record_saving(user, advies) -> bool:
    return is_head(user, advies) and advies.state in RECORDING_STATES


def may_correct_saving(user, advies, saving) -> bool:
    """The diensthoofd corrects savings the financieel directeur sent back."""
    return may_record_saving(user, advies) and saving.state == SavingState.SENT_BACK


def may_validate_savings(user) -> bool:
    return is_financieel_directeur(user)


def may_decide_saving(user, saving) -> bool:
    """The financieel directeur validates or sends back savings that wait for it."""
    return may_validate_savings(user) and saving.state == SavingState.SUBMITTED


def may_finish(user, advies) -> bool:
    return (
        is_head(user, advies)
        and advies.state == AdviesState.IN_IMPLEMENTATION
        and plan_state(advies) == PlanState.APPROVED
    )


def may_stop(user, advies) -> bool:
    """The diensthoofd or the manager stops an advice, with a reason."""
    return advies.state in RUNNING_STATES and (is_head(user, advies) or is_manager(user, advies))


def may_report_to_college(user) -> bool:
    """The algemeen directeur and the financieel directeur put a progress report before the
    college."""
    return has_role(
        user, Role.ALGEMEEN_DIRECTEUR, Role.ADJUNCT_ALGEMEEN_DIRECTEUR, Role.FINANCIEEL_DIRECTEUR
    )


# The steps of the plan (uitvoering.services.PLAN_STEPS), in the order the page offers them.
PLAN_STEPS: dict[str, Callable[..., bool]] = {
    "submit": may_edit_plan,
    "approve": may_approve_plan,
    "send-back": may_approve_plan,
    "revise": may_revise_plan,
}

# What `get_plan_advies_for(action=...)` checks: (may the person, does it need a plan).
PLAN_RULES: dict[str, tuple[Callable[..., bool], bool]] = {
    "start": (may_edit_plan, False),
    "stop": (may_stop, False),
    "edit": (may_edit_plan, True),
    "override-health": (may_override_health, True),
    "record-saving": (may_record_saving, True),
    "finish": (may_finish, True),
    **{step: (allowed, True) for step, allowed in PLAN_STEPS.items()},
}


def plan_steps_for(user, advies) -> list[str]:
    """The plan's steps the person may take now."""
    if getattr(advies, "plan", None) is None:
        return []
    return [step for step, allowed in PLAN_STEPS.items() if allowed(user, advies)]


def plan_flags(user, advies) -> dict:
    """What the plan page offers the person."""
    has_plan = getattr(advies, "plan", None) is not None
    may_edit = may_edit_plan(user, advies)
    return {
        "may_start": not has_plan and may_edit,
        "may_edit": has_plan and may_edit,
        "may_record": has_plan and may_record_saving(user, advies),
        "may_validate": may_validate_savings(user),
        "may_report_milestones": may_report_milestones(user, advies),
        "may_finish": has_plan and may_finish(user, advies),
        "may_stop": may_stop(user, advies),
        "may_override": has_plan and may_override_health(user, advies),
    }


# --- the access functions ------------------------------------------------------------------------


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def get_plan_advies_for(user, pk, *, action: str | None = None):
    """The approved advice with its plan (and its progress and health), if the person may
    see it (else 404); with `action` (a key of PLAN_RULES), 403 unless they may do it now."""
    advies = (
        annotated(advices_visible_to(user).filter(pk=pk))
        .select_related("plan", "dienst__head", "dienst__cluster__manager", "cycle__term")
        .first()
    )
    if advies is None:
        raise Http404
    decorate(advies)
    if action is not None:
        allowed, needs_plan = PLAN_RULES[action]
        _require(not needs_plan or getattr(advies, "plan", None) is not None)
        _require(allowed(user, advies))
    return advies


def _plan_of(user, pk):
    """The visible advice and its plan; 403 while it has no plan."""
    advies = get_plan_advies_for(user, pk)
    plan = getattr(advies, "plan", None)
    _require(plan is not None)
    return advies, plan


ACTION_RULES = {
    "edit": lambda user, advies, action: may_edit_plan(user, advies),
    "update": may_update_action,
}


def get_action_for(user, pk, action_pk, *, action: str | None = None):
    """(advice, action) of the plan of advice `pk`; `action` "edit" (the diensthoofd, while
    the plan is a draft) or "update" (its status: the owner or the diensthoofd)."""
    advies, plan = _plan_of(user, pk)
    obj = get_object_or_404(Action.objects.filter(plan=plan).select_related("owner"), pk=action_pk)
    if action is not None:
        _require(ACTION_RULES[action](user, advies, obj))
    return advies, obj


MILESTONE_RULES = {"delete": may_edit_plan, "reach": may_report_milestones}


def get_milestone_for(user, pk, milestone_pk, *, action: str | None = None):
    """(advice, milestone); `action` "delete" or "reach" (mark reached or not)."""
    advies, plan = _plan_of(user, pk)
    milestone = get_object_or_404(Milestone.objects.filter(plan=plan), pk=milestone_pk)
    if action is not None:
        _require(MILESTONE_RULES[action](user, advies))
    return advies, milestone


SAVING_RULES = {
    "correct": may_correct_saving,
    # savings someone else handled meanwhile: the service says so (core.transitions)
    "decide": lambda user, advies, saving: may_validate_savings(user),
}


def get_saving_for(user, pk, saving_pk, *, action: str | None = None):
    """(advice, realised savings); `action` "correct" (the diensthoofd, once sent back) or
    "decide" (the financieel directeur validates or sends back)."""
    advies, plan = _plan_of(user, pk)
    saving = get_object_or_404(RealisedSaving.objects.filter(plan=plan), pk=saving_pk)
    if action is not None:
        _require(SAVING_RULES[action](user, advies, saving))
    return advies, saving


CYCLE_RULES = {"read-report": sees_whole_cycle, "report-to-college": may_report_to_college}


def get_cycle_for(user, pk, *, action: str | None = None):
    """A cycle's results are for the participants of the optimisation; `action`
    "read-report" (the college's progress report) or "report-to-college"."""
    if not is_participant(user):
        raise Http404
    cycle = get_object_or_404(Cycle.objects.select_related("term"), pk=pk)
    if action is not None:
        _require(CYCLE_RULES[action](user))
    return cycle


def get_progress_report_for(user, pk):
    """A progress report as it was put before the college: for whoever sees the whole cycle."""
    report = get_object_or_404(ProgressReport.objects.select_related("cycle"), pk=pk)
    if not sees_whole_cycle(user):
        raise Http404
    return report


def overview_advices_for(user):
    """The advices on the implementation overview: for the participants of the optimisation,
    and for the owner of an action (who sees the plans they report on); else 404."""
    advices = advices_visible_to(user)
    if not is_participant(user) and not advices.exists():
        raise Http404
    return advices
