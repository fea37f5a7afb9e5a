"""Reminders, so no one waits on someone who forgot: action owners (due within
REMIND_WITHIN_DAYS days, or overdue), managers (plans waiting for approval) and the financieel
directeur (savings waiting for validation). `manage.py send_reminders` sends them once a day;
"Mijn werk" shows the same from `work_items`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.constants import Role
from accounts.roles import has_role
from core.worklist import WorkItem, WorkList, work_list
from optimalisatie.constants import AdviesState
from optimalisatie.models import Advies

from .access import advices_visible_to, may_validate_savings
from .constants import REMIND_WITHIN_DAYS, RUNNING_STATES, ActionStatus, PlanState, SavingState
from .models import Action, Plan, RealisedSaving, Reminder
from .selectors import financial_directors


@dataclass(frozen=True)
class Due:
    user: object
    key: str  # what it is about: one reminder per key, person and day
    advies_id: int
    text: str
    url: str
    due: datetime.date | None = None


def _plan_url(advies_id):
    return reverse("uitvoering:plan", args=[advies_id])


def open_actions(today):
    return (
        Action.objects.filter(
            plan__state=PlanState.APPROVED,
            plan__advies__state=AdviesState.IN_IMPLEMENTATION,
            owner__is_active=True,
            due__lte=today + datetime.timedelta(days=REMIND_WITHIN_DAYS),
        )
        .exclude(status=ActionStatus.DONE)
        .select_related("owner", "plan__advies")
        .order_by("due", "pk")
    )


def action_text(action, today):
    values = {"action": action.title, "title": action.plan.advies.title}
    if action.due < today:
        return _("Overdue action: “%(action)s” (%(title)s)") % values
    return _("Action due soon: “%(action)s” (%(title)s)") % values


def plan_text(plan):
    return _("Approve or send back the implementation plan of “%(title)s”") % {
        "title": plan.advies.title
    }


def saving_text(saving):
    return _("Validate the realised savings of %(year)s of “%(title)s”") % {
        "year": saving.year,
        "title": saving.plan.advies.title,
    }


def plans_waiting():
    return (
        Plan.objects.filter(state=PlanState.SUBMITTED, advies__state__in=RUNNING_STATES)
        .exclude(advies__dienst__cluster__manager__isnull=True)
        .select_related("advies__dienst__cluster__manager")
        .order_by("submitted_at", "pk")
    )


def savings_waiting():
    return (
        RealisedSaving.objects.filter(state=SavingState.SUBMITTED)
        .select_related("plan__advies")
        .order_by("recorded_at", "pk")
    )


def due_reminders(today) -> list[Due]:
    """Every reminder due today, for everyone (a fixed number of queries)."""
    found = [
        Due(
            a.owner,
            f"action:{a.pk}",
            a.plan.advies_id,
            action_text(a, today),
            _plan_url(a.plan.advies_id),
            a.due,
        )
        for a in open_actions(today)
    ]
    found += [
        Due(
            p.advies.dienst.cluster.manager,
            f"plan:{p.pk}",
            p.advies_id,
            plan_text(p),
            _plan_url(p.advies_id),
        )
        for p in plans_waiting()
        if p.advies.dienst.cluster.manager.is_active
    ]
    waiting = list(savings_waiting())
    for director in financial_directors() if waiting else []:
        found += [
            Due(
                director,
                f"saving:{s.pk}",
                s.plan.advies_id,
                saving_text(s),
                _plan_url(s.plan.advies_id),
            )
            for s in waiting
        ]
    return found


def send_reminders(today=None) -> int:
    """Notify each person of their reminders due today, each only once a day, and only about
    advices they may see. Returns how many reminders were sent."""
    from core.notifications import notify

    today = today or timezone.localdate()
    by_user = {}
    for reminder in due_reminders(today):
        by_user.setdefault(reminder.user, []).append(reminder)
    sent = 0
    for user, reminders in by_user.items():
        visible = set(
            advices_visible_to(user)
            .filter(pk__in={r.advies_id for r in reminders})
            .values_list("pk", flat=True)
        )
        already = set(Reminder.objects.filter(user=user, day=today).values_list("key", flat=True))
        for reminder in reminders:
            if reminder.key in already or reminder.advies_id not in visible:
                continue
            try:
                with transaction.atomic():
                    Reminder.objects.create(user=user, key=reminder.key, day=today)
                    notify([user], text=reminder.text, url=reminder.url)
            except IntegrityError:  # another run sent it a moment ago
                continue
            sent += 1
    return sent


# --- Mijn werk ------------------------------------------------------------------------------------


def work_items(user) -> list[WorkList]:
    """A WorkList per kind of work (one query each, the advices' titles only), the full lists
    on the implementation overview."""
    today = timezone.localdate()
    overview = reverse("uitvoering:index")
    # FSM models read their state when they are made: it is never deferred
    titles = ("plan", "plan__state", "plan__advies", "plan__advies__state", "plan__advies__title")
    lists = [
        work_list(
            open_actions(today)
            .filter(owner=user)
            .select_related(None)
            .select_related("plan__advies")
            .only("title", "due", *titles),
            lambda a: WorkItem(
                title=action_text(a, today), url=_plan_url(a.plan.advies_id), due=a.due
            ),
            label=_("actions that are overdue or due soon"),
            url=overview,
        )
    ]
    if has_role(user, Role.DIENSTHOOFD):
        lists.append(
            work_list(
                Advies.objects.filter(dienst__head=user, state__in=RUNNING_STATES)
                .filter(Q(plan__isnull=True) | Q(plan__state=PlanState.DRAFT))
                .select_related("cycle")
                .only(
                    "state",
                    "title",
                    "cycle__phase",
                    "cycle__framework_state",  # every FSM field of a loaded model (django-fsm)
                    "cycle__implementation_until",
                )
                .annotate(returned=F("plan__returned_at"))
                .order_by("updated_at", "pk"),
                lambda a: WorkItem(
                    title=(
                        _("Rework the implementation plan the manager sent back: “%(title)s”")
                        if a.returned
                        else _("Draw up the implementation plan: “%(title)s”")
                    )
                    % {"title": a.title},
                    url=_plan_url(a.pk),
                    due=a.cycle.implementation_until,
                ),
                label=_("implementation plans to draw up"),
                url=overview,
            )
        )
        lists.append(
            work_list(
                RealisedSaving.objects.filter(
                    plan__advies__dienst__head=user, state=SavingState.SENT_BACK
                )
                .select_related("plan__advies")
                .only("state", *titles),
                lambda s: WorkItem(
                    title=_("Correct the realised savings that were sent back: “%(title)s”")
                    % {"title": s.plan.advies.title},
                    url=_plan_url(s.plan.advies_id),
                ),
                label=_("realised savings sent back to correct"),
                url=overview,
            )
        )
    if has_role(user, Role.MANAGER):
        lists.append(
            work_list(
                plans_waiting()
                .filter(advies__dienst__cluster__manager=user)
                .select_related(None)
                .select_related("advies")
                .only("state", "advies", "advies__state", "advies__title"),
                lambda p: WorkItem(title=plan_text(p), url=_plan_url(p.advies_id)),
                label=_("implementation plans to approve"),
                url=overview,
            )
        )
    if may_validate_savings(user):
        lists.append(
            work_list(
                savings_waiting().only("state", "year", *titles),
                lambda s: WorkItem(title=saving_text(s), url=_plan_url(s.plan.advies_id)),
                label=_("realised savings to validate"),
                url=overview,
                count_apart=True,  # thousands at a large city; (state, recorded_at) gives the order
            )
        )
    return lists
