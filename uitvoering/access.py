"""Who may see and do what in the implementation of an advice. Views answer 404 for what a
person may not see and 403 for what they may see but not do; services check again."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from accounts.constants import OrgaanType, Role
from accounts.roles import has_role, is_member
from optimalisatie.constants import AdviesState
from optimalisatie.models import Advies

from .constants import APPROVED_STATES, RECORDING_STATES, RUNNING_STATES, PlanState


def advices_visible_to(user):
    """Approved advices the person may see: whoever sees the advice itself
    (Advies.visible_to), the financieel directeur (who validates the savings), and the owner
    of an action in an approved plan (who sees that plan, to report on the action)."""
    if not getattr(user, "is_authenticated", False):
        return Advies.objects.none()
    from .models import Action

    approved = Advies.objects.filter(state__in=APPROVED_STATES)
    if has_role(user, Role.FINANCIEEL_DIRECTEUR):
        return approved
    owns = Exists(
        Action.objects.filter(
            plan__advies=OuterRef("pk"), owner=user, plan__state=PlanState.APPROVED
        )
    )
    # one filter on the advices themselves (not "pk in (what they see)"), so that the
    # database narrows to a cycle first
    return Advies.objects.visible_to(user).filter(state__in=APPROVED_STATES) | approved.filter(owns)


def is_head(user, advies) -> bool:
    return advies.dienst.head_id == user.pk


def is_manager(user, advies) -> bool:
    return advies.dienst.cluster.manager_id == user.pk


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


def may_validate_savings(user) -> bool:
    return has_role(user, Role.FINANCIEEL_DIRECTEUR)


def may_finish(user, advies) -> bool:
    return (
        is_head(user, advies)
        and advies.state == AdviesState.IN_IMPLEMENTATION
        and plan_state(advies) == PlanState.APPROVED
    )


def may_stop(user, advies) -> bool:
    """The diensthoofd or the manager stops an advice, with a reason."""
    return advies.state in RUNNING_STATES and (is_head(user, advies) or is_manager(user, advies))


def sees_whole_cycle(user) -> bool:
    """The college, the MT and the directors see every approved advice: they read the
    college's progress reports."""
    return (
        is_member(user, OrgaanType.COLLEGE)
        or is_member(user, OrgaanType.MANAGEMENTTEAM)
        or has_role(user, Role.ALGEMEEN_DIRECTEUR, Role.FINANCIEEL_DIRECTEUR)
    )


def may_report_to_college(user) -> bool:
    """The algemeen directeur and the financieel directeur put a progress report before the
    college."""
    return has_role(
        user, Role.ALGEMEEN_DIRECTEUR, Role.ADJUNCT_ALGEMEEN_DIRECTEUR, Role.FINANCIEEL_DIRECTEUR
    )
