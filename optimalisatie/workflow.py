"""Who may take which step of an advice's workflow, when, and who is told.

The model's @transition methods only move the state; this table adds the rules around them
(who may take a step is asked of access.py). services.advies_transition() applies it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Case, DateField, F, Q, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.constants import OrgaanType
from accounts.roles import members_of

from .access import is_author_or_head, is_head, is_head_or_manager, is_manager, is_mt
from .constants import AdviesState

# --- who is told -----------------------------------------------------------------------------


def head_and_author(advies):
    return [u for u in {advies.author, advies.dienst.head} if u is not None]


def manager(advies):
    return [advies.dienst.cluster.manager] if advies.dienst.cluster.manager else []


def mt_members(advies):
    return [m.user for m in members_of(OrgaanType.MANAGEMENTTEAM)]


def nobody(advies):
    return []


@dataclass(frozen=True)
class Step:
    key: str  # the step's name, also the audit action suffix ("advies.<key>")
    slug: str  # its part of the URL path (Dutch, as people see it)
    method: str  # the model's @transition method
    label: str
    allowed: Callable  # (user, advies) -> bool, from access.py
    next_actors: Callable  # advies -> [users] to notify
    needs_reason: bool = False
    button_class: str = "btn-primary"
    # Offered on the advice's page; the implementation's steps are taken on the uitvoering
    # app's pages (which notify themselves).
    offered: bool = True
    # What those told read ("%(who)s", "%(title)s", "%(reason)s"); by default the new state.
    told: str = ""
    # What the advice reads as after a step that sends it back ("returned by the manager"),
    # until it moves on: shown at the top of its page with the reason.
    outcome: str = ""
    # A step that cannot be undone asks first (core.confirm): the question.
    confirm: str = ""

    @property
    def is_main(self) -> bool:
        """A step forward, shown first; the others (send back, refuse, withdraw) apart."""
        return self.button_class == "btn-primary"


RETURNED_BY_MANAGER = _("returned by the manager")
RETURNED_BY_MT = _("returned by the MT")


STEPS = {
    step.key: step
    for step in [
        Step("submit", "indienen", "submit", _("Submit to the manager"), is_head, manager),
        Step(
            "return",
            "terugsturen",
            "return_for_rework",
            _("Return for rework"),
            is_manager,
            head_and_author,
            needs_reason=True,
            button_class="btn-outline-secondary",
            told=_("%(who)s returned “%(title)s”: %(reason)s"),
            outcome=RETURNED_BY_MANAGER,
        ),
        Step(
            "forward",
            "voorleggen",
            "forward_to_mt",
            _("Forward to the MT"),
            is_manager,
            mt_members,
        ),
        Step(
            "mt-return-to-manager",
            "mt-terug-manager",
            "mt_return_to_manager",
            _("Return to the manager"),
            is_mt,
            manager,
            needs_reason=True,
            button_class="btn-outline-secondary",
            told=_("%(who)s returned “%(title)s” on behalf of the MT: %(reason)s"),
            outcome=RETURNED_BY_MT,
        ),
        Step(
            "mt-return-to-author",
            "mt-terug-auteur",
            "mt_return_to_author",
            _("Return to the author"),
            is_mt,
            head_and_author,
            needs_reason=True,
            button_class="btn-outline-secondary",
            told=_("%(who)s returned “%(title)s” on behalf of the MT: %(reason)s"),
            outcome=RETURNED_BY_MT,
        ),
        Step(
            "refuse",
            "niet-weerhouden",
            "mt_refuse",
            _("Do not retain"),
            is_mt,
            head_and_author,
            needs_reason=True,
            button_class="btn-outline-danger",
            told=_("%(who)s did not retain “%(title)s” in the MT: %(reason)s"),
            confirm=_(
                "Do not retain this advice? It then leaves the cycle for good: the MT cannot "
                "take it up again."
            ),
        ),
        Step("validate", "valideren", "mt_validate", _("Validate"), is_mt, head_and_author),
        Step(
            "ready-for-college",
            "klaar-voor-college",
            "mark_ready_for_college",
            _("Ready for the college"),
            is_mt,
            nobody,
        ),
        Step(
            "withdraw",
            "intrekken",
            "withdraw",
            _("Withdraw"),
            is_author_or_head,
            manager,
            needs_reason=True,
            button_class="btn-outline-danger",
            told=_("%(who)s withdrew “%(title)s”: %(reason)s"),
            confirm=_(
                "Withdraw this advice? A withdrawn advice cannot be submitted again; it "
                "leaves its bundle and its savings no longer count."
            ),
        ),
        # The implementation (the uitvoering app): the manager's approval of the plan starts
        # it, the diensthoofd finishes it, either stops it with a reason.
        Step(
            "start-implementation",
            "in-uitvoering",
            "start_implementation",
            _("advice being implemented"),
            is_manager,
            nobody,
            offered=False,
        ),
        Step(
            "realise",
            "gerealiseerd",
            "realise",
            _("advice realised"),
            is_head,
            nobody,
            offered=False,
        ),
        Step(
            "stop",
            "stopgezet",
            "stop",
            _("advice stopped"),
            is_head_or_manager,
            nobody,
            needs_reason=True,
            offered=False,
        ),
    ]
}

# The steps offered on the advice's page, by their URL slug.
STEPS_BY_SLUG = {step.slug: step for step in STEPS.values() if step.offered}


# The cycle's phase deadline of the step an advice in each state waits for.
STEP_DEADLINES = {
    AdviesState.DRAFT: "advices_until",
    AdviesState.SUBMITTED: "manager_review_until",
    AdviesState.WITH_MT: "mt_validation_until",
    AdviesState.VALIDATED: "mt_validation_until",
}


def step_deadlines(cycle) -> dict:
    """{state: the deadline of the step an advice in that state waits for} in this cycle."""
    return {state: getattr(cycle, field) for state, field in STEP_DEADLINES.items()}


def step_due(advies) -> datetime.date | None:
    """The deadline of the step the advice waits for, from the cycle's phases."""
    return step_deadlines(advies.cycle).get(advies.state)


def overdue_states(cycle, today=None) -> list:
    """The states whose step is overdue in this cycle (as is_overdue, for a query)."""
    today = today or timezone.localdate()
    return [state for state, due in step_deadlines(cycle).items() if due and today > due]


def step_due_sql():
    """step_due as an expression on advices, for lists ordered or filtered by it in SQL."""
    return Case(
        *[When(state=state, then=F(f"cycle__{field}")) for state, field in STEP_DEADLINES.items()],
        default=None,
        output_field=DateField(),
    )


def overdue_q(today=None, states=STEP_DEADLINES):
    """is_overdue as a filter on advices in these states, one condition per state (so that
    PostgreSQL can use the (cycle, state) index)."""
    today = today or timezone.localdate()
    q = Q(pk__in=[])
    for state in states:
        q |= Q(state=state, **{f"cycle__{STEP_DEADLINES[state]}__lt": today})
    return q


def is_past(due, today=None) -> bool:
    """A step due on `due` is overdue from the day after (marked "te laat")."""
    return due is not None and (today or timezone.localdate()) > due


def is_overdue(advies, today=None) -> bool:
    return is_past(step_due(advies), today)
