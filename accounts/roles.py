"""Roles, derived from mandates (dated) and positions (diensthoofd, cluster manager).

The one place that answers who may do what in the organisation:
- roles_of(user, on): what roles does this person have on a day (today by default)?
- members_of(orgaan_type, on): who sits in a body on a day?
- responsible_schepenen(dienst, on): which college member holds the department's domain?

Django groups are not used for roles. Positions (Dienst.head, Cluster.manager) are current
facts without dates: they count on any day asked about. Mandates count from their start day up
to and including their end day.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from .constants import MANDATE_ROLE, Function, OrgaanType, Role
from .models import Cluster, Dienst, Mandate, Orgaan, User

COLLEGE_FUNCTIONS = (Function.BURGEMEESTER, Function.SCHEPEN)


@dataclass(frozen=True)
class HeldRole:
    role: Role
    orgaan: Orgaan | None = None
    dienst: Dienst | None = None
    cluster: Cluster | None = None
    since: datetime.date | None = None
    until: datetime.date | None = None

    @property
    def context(self):
        return self.orgaan or self.dienst or self.cluster


def _today(on):
    return on or timezone.localdate()


def mandates_of(user) -> list[Mandate]:
    """Every mandate the person holds or held, with its body: one query, kept on the user
    object (with the roles) for the rest of the request."""
    cache = user.__dict__
    if "_mandates_cache" not in cache:
        cache["_mandates_cache"] = list(Mandate.objects.filter(user=user).select_related("orgaan"))
    return cache["_mandates_cache"]


def roles_of(user, on: datetime.date | None = None) -> list[HeldRole]:
    """Every role the person holds on the day. Three queries, cached per user object (the
    mandates of every day in one, see mandates_of) and day."""
    if not getattr(user, "is_authenticated", False):
        return []
    on = _today(on)
    cache = user.__dict__.setdefault("_roles_cache", {})
    if on in cache:
        return cache[on]
    held = [
        HeldRole(
            role=MANDATE_ROLE[(OrgaanType(m.orgaan.type), Function(m.function))],
            orgaan=m.orgaan,
            since=m.start,
            until=m.end,
        )
        for m in mandates_of(user)
        if m.start <= on
        and (m.end is None or m.end >= on)
        and (m.orgaan.type, m.function) in MANDATE_ROLE
    ]
    held += [HeldRole(role=Role.MANAGER, cluster=c) for c in Cluster.objects.filter(manager=user)]
    held += [
        HeldRole(role=Role.DIENSTHOOFD, dienst=d)
        for d in Dienst.objects.filter(head=user).select_related("cluster")
    ]
    cache[on] = held
    return held


def role_set(user, on: datetime.date | None = None) -> set[Role]:
    return {h.role for h in roles_of(user, on)}


def has_role(user, *roles: Role, on: datetime.date | None = None) -> bool:
    """True when the person holds at least one of the roles on the day."""
    return bool(role_set(user, on) & set(roles))


def is_member(user, orgaan_type: OrgaanType, on: datetime.date | None = None) -> bool:
    return any(h.orgaan and h.orgaan.type == orgaan_type for h in roles_of(user, on))


def members_of(orgaan_type: OrgaanType, on: datetime.date | None = None) -> list[Mandate]:
    """The mandates in force in the body on the day, with their people, chair first."""
    function_order = {f: i for i, f in enumerate(Function.values)}
    mandates = list(
        Mandate.objects.active_on(_today(on))
        .filter(orgaan__type=orgaan_type, user__is_active=True)
        .select_related("user", "orgaan")
        .order_by("user__full_name")
    )
    return sorted(mandates, key=lambda m: function_order[m.function])


def college_mandates_with_domains(on: datetime.date | None = None):
    """College seats in force on the day, with their portfolios prefetched (two queries)."""
    return (
        Mandate.objects.active_on(_today(on))
        .filter(orgaan__type=OrgaanType.COLLEGE, function__in=COLLEGE_FUNCTIONS)
        .select_related("user")
        .prefetch_related(Prefetch("domains"))
        .order_by("function", "user__full_name")
    )


def responsible_schepenen(dienst: Dienst, on: datetime.date | None = None) -> list[User]:
    """The college member(s) whose portfolio holds the department's domain on the day."""
    return [
        m.user
        for m in Mandate.objects.active_on(_today(on))
        .filter(
            orgaan__type=OrgaanType.COLLEGE,
            function__in=COLLEGE_FUNCTIONS,
            domains=dienst.domain_id,
        )
        .select_related("user")
        .order_by("user__full_name")
    ]


# --- predicates that several apps ask (each defined once; the apps' access.py use them) -------


def is_algemeen_directeur(user, on: datetime.date | None = None) -> bool:
    return has_role(user, Role.ALGEMEEN_DIRECTEUR, on=on)


def is_mt_member(user, on: datetime.date | None = None) -> bool:
    return is_member(user, OrgaanType.MANAGEMENTTEAM, on)


def is_college_member(user, on: datetime.date | None = None) -> bool:
    return is_member(user, OrgaanType.COLLEGE, on)


def is_financieel_directeur(user, on: datetime.date | None = None) -> bool:
    return has_role(user, Role.FINANCIEEL_DIRECTEUR, on=on)


def sees_political_input(user) -> bool:
    """The schepenen's standpoints and priorities are for the MT and the college."""
    return is_mt_member(user) or is_college_member(user)


def heads(user, dienst) -> bool:
    """The person heads this department."""
    return dienst.head_id == user.pk


def manages(user, dienst) -> bool:
    """The person manages the cluster this department belongs to."""
    return dienst.cluster.manager_id == user.pk
