"""Who may see and do what with an advice, a bundle or a cycle: the only home of these rules.

Views and services ask here. `get_advies_for`, `get_bundle_for` and `get_cycle_for` answer 404
for what a person may not see and 403 (PermissionDenied) for what they may see but not do.

Who sees an advice is one table, `ADVIES_GRANTS`: which people, from which moment. The
advices' filter (`advies_visible_q`, behind `Advies.objects.visible_to`), the cache key of what
a person sees (`advies_visibility_key`) and the people who may be told about an advice
(`audience`) are all read from it.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_fsm import can_proceed

from accounts.constants import Function, OrgaanType, Role
from accounts.models import Dienst, Mandate
from accounts.roles import (
    has_role,
    heads,
    is_algemeen_directeur,
    is_college_member,
    is_mt_member,
    manages,
    members_of,
    responsible_schepenen,
    role_set,
    roles_of,
    sees_political_input,
)

from .constants import AdviesState, FrameworkState

# --- who someone is -----------------------------------------------------------------------------

# The roles that take part in an optimisation cycle: its pages are theirs.
PARTICIPANT_ROLES = {
    Role.DIENSTHOOFD,
    Role.MANAGER,
    Role.SCHEPEN,
    Role.BURGEMEESTER,
    Role.ALGEMEEN_DIRECTEUR,
    Role.ADJUNCT_ALGEMEEN_DIRECTEUR,
    Role.FINANCIEEL_DIRECTEUR,
    Role.LID_MT,
}


def is_participant(user) -> bool:
    """The cycle's pages (policy notes, framework, figures, advices) are for its participants."""
    return any(h.role in PARTICIPANT_ROLES for h in roles_of(user))


def is_head(user, advies) -> bool:
    """The person heads the advice's department."""
    return heads(user, advies.dienst)


def is_manager(user, advies) -> bool:
    """The person manages the cluster of the advice's department."""
    return manages(user, advies.dienst)


def is_head_or_manager(user, advies) -> bool:
    return is_head(user, advies) or is_manager(user, advies)


def is_author_or_head(user, advies) -> bool:
    return advies.author_id == user.pk or is_head(user, advies)


def is_mt(user, advies=None) -> bool:
    """A member of the management team (the advice does not matter)."""
    return is_mt_member(user)


def is_ad(user) -> bool:
    return is_algemeen_directeur(user)


def is_schepen(user) -> bool:
    """A schepen or the burgemeester: they write policy notes and advices of their own."""
    return has_role(user, Role.SCHEPEN, Role.BURGEMEESTER)


def portfolio_domain_ids(user, on=None):
    """The policy domains the person holds as a college member on the day (a subquery)."""
    return (
        Mandate.objects.active_on(on or timezone.localdate())
        .filter(
            user=user,
            orgaan__type=OrgaanType.COLLEGE,
            function__in=[Function.BURGEMEESTER, Function.SCHEPEN],
        )
        .values("domains")
    )


def is_responsible_schepen(user, advies) -> bool:
    """The schepen (or burgemeester) whose portfolio holds the advice's department's domain."""
    # Only a burgemeester or schepen can be; the roles are already read (and cached on the
    # person), so everyone else is answered without a query.
    if not role_set(user) & {Role.BURGEMEESTER, Role.SCHEPEN}:
        return False
    # their domains today: one query, kept on the person for the rest of the request, as
    # their roles are (accounts.roles.roles_of)
    cache = user.__dict__.setdefault("_portfolio_cache", {})
    today = timezone.localdate()
    if today not in cache:
        cache[today] = set(portfolio_domain_ids(user, today).values_list("domains", flat=True))
    return advies.dienst.domain_id in cache[today]


# --- who sees an advice: one table --------------------------------------------------------------


def _orgaan_types(user) -> set:
    return {h.orgaan.type for h in roles_of(user) if h.orgaan}


def _own_diensten(user):
    """The departments the person heads or manages (a queryset)."""
    return Dienst.objects.filter(Q(head=user) | Q(cluster__manager=user))


def _portfolio_diensten(user):
    return Dienst.objects.filter(domain__in=portfolio_domain_ids(user))


def _ids(queryset) -> str:
    return ",".join(str(pk) for pk in sorted(queryset.values_list("pk", flat=True)))


@dataclass(frozen=True)
class Readers:
    """A group of people an advice can be open to.

    `q(user)`: the advices this group opens to the person, as a condition (None when the
    person is not in it); `key(user)`: what that condition depends on, as plain text;
    `people(advies)`: who they are, for one advice; `part_of`: a larger group that holds
    them all (then they need not be looked up when that group sees the advice too).
    """

    name: str
    q: Callable
    key: Callable
    people: Callable
    part_of: str = ""
    # the part of `q` that opens whole departments (None: all of q does), for figures kept per
    # department (optimalisatie.summary)
    departments: Callable | None = None


def _member_of(orgaan_type):
    def q(user):
        return Q() if orgaan_type in _orgaan_types(user) else None

    def key(user):
        return "1" if orgaan_type in _orgaan_types(user) else "0"

    def people(advies):
        return [m.user for m in members_of(orgaan_type)]

    return q, key, people


DEPARTMENT = Readers(
    "department",  # the author, the diensthoofd and the manager of the department's cluster
    q=lambda user: Q(author=user) | Q(dienst__in=_own_diensten(user).values("pk")),
    key=lambda user: f"{user.pk}:{_ids(_own_diensten(user))}",
    people=lambda advies: [advies.author, advies.dienst.head, advies.dienst.cluster.manager],
    departments=lambda user: Q(dienst__in=_own_diensten(user).values("pk")),
)
MT = Readers("mt", *_member_of(OrgaanType.MANAGEMENTTEAM))
COLLEGE = Readers("college", *_member_of(OrgaanType.COLLEGE))
RESPONSIBLE_SCHEPEN = Readers(
    "responsible-schepen",  # the college members whose portfolio holds the department's domain
    q=lambda user: (
        Q(dienst__in=_portfolio_diensten(user).values("pk"))
        if OrgaanType.COLLEGE in _orgaan_types(user)
        else None
    ),
    key=lambda user: (
        _ids(_portfolio_diensten(user)) if OrgaanType.COLLEGE in _orgaan_types(user) else ""
    ),
    people=lambda advies: responsible_schepenen(advies.dienst),
    part_of="college",
)


@dataclass(frozen=True)
class Grant:
    """`readers` see an advice from the moment `since` (one of its *_at fields) was set; a
    grant with a moment never opens a draft (also one sent back for rework). Without a
    moment they see it always, drafts included."""

    readers: Readers
    since: str | None = None


ADVIES_GRANTS = (
    Grant(DEPARTMENT),  # their own department's, drafts included; the manager to coach
    Grant(MT, since="submitted_at"),  # everything once submitted
    Grant(RESPONSIBLE_SCHEPEN, since="forwarded_at"),  # informed once it reaches the MT
    Grant(COLLEGE, since="validated_at"),  # everything once validated
)


def _moment_flag(since) -> Q:
    """_from_moment on rows kept per department and state, whose moments are flags
    (optimalisatie.summary: `submitted`, `forwarded`, `validated`)."""
    if since is None:
        return Q()
    return Q(**{since.removesuffix("_at"): True}) & ~Q(state=AdviesState.DRAFT)


def by_department_q(user, *, rows=False) -> Q:
    """The part of `advies_visible_q` that opens whole departments (everything but the advices
    the person sees as their author), on advices or (rows) on optimalisatie.summary's rows."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    moment = _moment_flag if rows else _from_moment
    parts = [Q(pk__in=[])]
    for grant in ADVIES_GRANTS:
        readers = grant.readers
        theirs = (readers.departments or readers.q)(user)
        if theirs is not None:
            parts.append(theirs & moment(grant.since))
    return reduce(operator.or_, parts)


def beside_departments_q(user) -> Q:
    """The advices the person sees besides whole departments (as their author): with
    by_department_q, all they see."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    return Q(author=user)


def department_readers(user) -> list[tuple]:
    """The departments whose advices the person sees as a whole, each as (a queryset of
    departments, the moment from which: None or "forwarded_at"), for figures kept per
    department (uitvoering.summary): the departments they head or manage (always) and a
    schepen's portfolio (once forwarded). The MT and the college see whole cycles; advices
    seen as their author are not counted here."""
    readers: list[tuple] = [(_own_diensten(user).values("pk"), None)]
    if OrgaanType.COLLEGE in _orgaan_types(user):
        readers.append((_portfolio_diensten(user).values("pk"), "forwarded_at"))
    return readers


def _from_moment(since) -> Q:
    if since is None:
        return Q()
    return Q(**{f"{since}__isnull": False}) & ~Q(state=AdviesState.DRAFT)


def _moment_reached(advies, since) -> bool:
    if since is None:
        return True
    return getattr(advies, since) is not None and advies.state != AdviesState.DRAFT


def advies_visible_q(user) -> Q:
    """The advices the person may see, as a filter (no query of its own once the person's
    roles are read); everything else answers 404."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    parts = [
        theirs & _from_moment(grant.since)
        for grant in ADVIES_GRANTS
        if (theirs := grant.readers.q(user)) is not None
    ]
    return reduce(operator.or_, parts)


def advies_visibility_key(user) -> tuple:
    """What `advies_visible_q(user)` depends on besides the advices themselves, as plain
    values (one query, two for a college member): two people with the same key see the same
    advices, and a person's key changes when what they may see does, for a cache key."""
    if not getattr(user, "is_authenticated", False):
        return ("anonymous",)
    return tuple(f"{g.readers.name}={g.readers.key(user)}" for g in ADVIES_GRANTS)


def audience(advies) -> list:
    """Everyone who may see the advice now, active, each once, from a fixed number of
    queries: notifications, mentions and replies reach only them."""
    reached = [g for g in ADVIES_GRANTS if _moment_reached(advies, g.since)]
    names = {g.readers.name for g in reached}
    people = []
    for grant in reached:
        if grant.readers.part_of not in names:
            people += grant.readers.people(advies)
    return list({u.pk: u for u in people if u is not None and u.is_active}.values())


def readers_of(users, advies) -> list:
    """Those of `users` who may see the advice."""
    allowed = {u.pk for u in audience(advies)}
    return [u for u in users if u is not None and u.pk in allowed]


# --- what someone may do with an advice ---------------------------------------------------------

# A schepen gives a standpoint while the MT handles the advice, a priority once validated,
# both until the college decides.
PRIORITY_STATES = [AdviesState.VALIDATED, AdviesState.IN_BUNDLE, AdviesState.READY_FOR_COLLEGE]
STANDPUNT_STATES = [AdviesState.WITH_MT, *PRIORITY_STATES]


def may_edit(user, advies) -> bool:
    """The author and the diensthoofd change a draft."""
    return is_author_or_head(user, advies) and advies.state == AdviesState.DRAFT


def may_give_standpunt(user, advies) -> bool:
    return advies.state in STANDPUNT_STATES and is_responsible_schepen(user, advies)


def may_set_priority(user, advies) -> bool:
    return advies.state in PRIORITY_STATES and is_responsible_schepen(user, advies)


def may_create_advies(user) -> bool:
    """A diensthoofd writes advices for the department(s) they head."""
    return has_role(user, Role.DIENSTHOOFD)


def may_take(user, advies, action) -> tuple[bool, bool]:
    """(allowed, as_takeover) for the workflow step `action` (a key of workflow.STEPS): the
    step's own role may take it; after the step's due date the algemeen directeur may take it
    over, so the workflow never waits on one person (not a withdrawal, never a draft)."""
    from .workflow import STEPS, is_overdue

    step = STEPS[action]
    if step.allowed(user, advies):
        return True, False
    if (
        action != "withdraw"
        and advies.state != AdviesState.DRAFT
        and is_overdue(advies)
        and is_ad(user)
    ):
        return True, True
    return False, False


def advies_flags(user, advies) -> dict:
    """What the advice's page offers the person: the workflow steps they may take now (each
    with whether it is a takeover), editing, a standpoint, a priority, and whether they read
    the schepenen's political input."""
    from .workflow import STEPS

    steps = [
        (step, takeover)
        for step in STEPS.values()
        if step.offered
        for allowed, takeover in [may_take(user, advies, step.key)]
        if allowed and can_proceed(getattr(advies, step.method))
    ]
    return {
        "steps": steps,
        "can_edit": may_edit(user, advies),
        "may_give_standpunt": may_give_standpunt(user, advies),
        "may_set_priority": may_set_priority(user, advies),
        "sees_political": sees_political_input(user),
    }


ADVIES_ACTIONS = {
    "edit": may_edit,
    "standpoint": may_give_standpunt,
    "priority": may_set_priority,
}


def may(user, advies, action: str) -> bool:
    """May the person do `action` (an ADVIES_ACTIONS key or a workflow step) now?"""
    if action in ADVIES_ACTIONS:
        return ADVIES_ACTIONS[action](user, advies)
    from .workflow import STEPS

    return action in STEPS and may_take(user, advies, action)[0]


def get_advies_for(user, pk, *, action: str | None = None):
    """The advice (with what its page shows) if the person may see it (else 404), and may do
    `action` (else 403)."""
    from .selectors import advies_detail

    advies = get_object_or_404(advies_detail(user, pk), pk=pk)
    if action is not None and not may(user, advies, action):
        raise PermissionDenied
    return advies


# --- comment threads on an advice: coaching stays within the administration --------------------
#
# A thread someone of the administration starts on an advice (the diensthoofd, the manager, the
# MT) is coaching: confidential, read by the administration only, however far the advice goes,
# until an MT member shares it with the college (recorded and audited, not undone: who has read
# it, has read it). A thread a college member starts is theirs and the college's: everyone who
# sees the advice reads it. College members thus read their own threads, the threads of the
# college and what the MT shared; nothing else of the coaching, not even that it exists.


def sees_coaching(user, advies) -> bool:
    """The administration around the advice: its author, the diensthoofd, the manager of the
    cluster and the MT (the algemeen directeur included)."""
    return is_author_or_head(user, advies) or is_manager(user, advies) or is_mt_member(user)


def starts_confidential(user) -> bool:
    """A thread is coaching when someone other than a burgemeester or schepen starts it."""
    return not is_schepen(user)


def reads_thread(user, advies, *, confidential, shared, created_by_id) -> bool:
    """May the person (who sees the advice) read this thread? As `thread_visible_q`."""
    return not confidential or shared or created_by_id == user.pk or sees_coaching(user, advies)


def thread_visible_q(user, advies) -> Q:
    """The threads on the advice the person reads (of those on an advice they may see)."""
    if sees_coaching(user, advies):
        return Q()
    return Q(confidential=False) | Q(shared_at__isnull=False) | Q(created_by=user)


def _threads_on(advies):
    from django.contrib.contenttypes.models import ContentType

    from core.models import Thread

    return Thread.objects.filter(
        content_type=ContentType.objects.get_for_model(advies), object_id=str(advies.pk)
    )


def may_share_thread(user, advies, thread) -> bool:
    """An MT member shares a confidential coaching thread with the college."""
    return is_mt_member(user) and thread.confidential and thread.shared_at is None


THREAD_ACTIONS = {"share": may_share_thread}


def get_thread_for(user, advies, thread_pk, *, action: str | None = None):
    """A thread on the advice (which the person sees: get_advies_for) if they may read it
    (else 404, as for a thread that does not exist) and may do `action` (else 403)."""
    thread = get_object_or_404(
        _threads_on(advies).filter(thread_visible_q(user, advies)), pk=thread_pk
    )
    if action is not None and not THREAD_ACTIONS[action](user, advies, thread):
        raise PermissionDenied
    return thread


def coaching_people(advies) -> list:
    """Everyone of the administration who sees the advice (of `audience`)."""
    allowed = {advies.author_id, advies.dienst.head_id, advies.dienst.cluster.manager_id}
    allowed |= {m.user_id for m in members_of(OrgaanType.MANAGEMENTTEAM)}
    return [u for u in audience(advies) if u.pk in allowed]


def thread_audience(advies, thread=None, *, confidential: bool = False) -> list:
    """Who may be told about a thread (mentions, replies): for coaching not yet shared, only
    the administration; otherwise everyone who sees the advice."""
    if thread is not None:
        confidential = thread.confidential and thread.shared_at is None
    return coaching_people(advies) if confidential else audience(advies)


# --- bundles and the MT's pages -----------------------------------------------------------------


def sees_bundles(user) -> bool:
    """Bundles are the MT's proposals to the college."""
    return is_mt_member(user) or is_college_member(user)


def require_mt(user) -> None:
    """The MT's pages (its queue, forming a bundle) are for its members: 404 for others."""
    if not is_mt_member(user):
        raise Http404


def may_mark_ready(user, bundle) -> bool:
    """The MT marks a bundle ready for the college."""
    return is_mt_member(user)


BUNDLE_ACTIONS = {"ready": may_mark_ready}


def bundle_flags(user, bundle) -> dict:
    """What the bundle's page offers the person."""
    return {
        "can_mark_ready": may_mark_ready(user, bundle)
        and can_proceed(bundle.mark_ready_for_college)
    }


def get_bundle_for(user, pk, *, action: str | None = None):
    """The bundle if the person may see it (else 404; its page's reads when `action` is
    None), and may do `action` (else 403)."""
    from .models import Bundle
    from .selectors import bundle_detail

    if not sees_bundles(user):
        raise Http404
    bundle = get_object_or_404(bundle_detail() if action is None else Bundle.objects, pk=pk)
    if action is not None and not BUNDLE_ACTIONS[action](user, bundle):
        raise PermissionDenied
    return bundle


# --- cycles -------------------------------------------------------------------------------------


def may_edit_cycle(user, cycle=None) -> bool:
    """The algemeen directeur sets up a cycle: its framework, deadlines and phase."""
    return is_ad(user)


def may_submit_framework(user, cycle) -> bool:
    """The algemeen directeur submits the framework they drafted to the college, which sets
    it in a meeting (services.framework_decision)."""
    return is_ad(user)


def may_draw_up_nota(user, cycle) -> bool:
    """The algemeen directeur draws up the exercise's afsprakennota."""
    return is_ad(user)


def may_write_policy(user, cycle) -> bool:
    """The schepenen and the burgemeester write their policy note for the cycle and, while it
    is open, advices of their own."""
    return is_schepen(user)


CYCLE_ACTIONS = {
    "edit": may_edit_cycle,
    "nota-create": may_draw_up_nota,
    "framework-submit": may_submit_framework,
    "beleidsnota": may_write_policy,
    "schepen-input": may_write_policy,
}


def get_cycle_for(user, pk, *, action: str | None = None, queryset=None):
    """The cycle if the person takes part in the optimisation (else 404) and it is in
    `queryset` (default: every cycle), and may do `action` (else 403)."""
    from .models import Cycle

    if not is_participant(user):
        raise Http404
    cycle = get_object_or_404(queryset if queryset is not None else Cycle.objects, pk=pk)
    if action is not None and not CYCLE_ACTIONS[action](user, cycle):
        raise PermissionDenied
    return cycle


def cycle_flags(user, cycle) -> dict:
    """What the cycle's page offers the person."""
    return {
        "may_edit_cycle": may_edit_cycle(user, cycle),
        "may_write_policy": may_write_policy(user, cycle),
        "can_create_advies": cycle.is_open and may_create_advies(user),
        "may_draw_up_nota": cycle.afsprakennota_id is None and may_draw_up_nota(user, cycle),
        "may_submit_framework": cycle.framework_state == FrameworkState.DRAFT
        and may_submit_framework(user, cycle),
    }
