"""Who sees, edits and comments on a nota.

- The algemeen directeur and the members of the management team draft and edit.
- A draft (concept) is theirs alone; from "in bespreking" on, every party's representatives
  see it: for the decree's nota the college, the vast bureau and the BCSD; for an
  optimisation exercise's nota the college, the managers and the diensthoofden.
- Parties comment while the nota is in concept (editors) or in bespreking (everyone).
"""

from __future__ import annotations

from django.db.models import Q

from accounts.constants import OrgaanType, Role
from accounts.roles import has_role, is_member, members_of, roles_of

from .constants import NotaKind, NotaState

PARTY_BODIES = {
    NotaKind.DECREE: {OrgaanType.COLLEGE, OrgaanType.VAST_BUREAU, OrgaanType.BCSD},
    NotaKind.OPTIMISATION: {OrgaanType.COLLEGE},
}
PARTY_ROLES = {
    NotaKind.DECREE: set(),
    NotaKind.OPTIMISATION: {Role.MANAGER, Role.DIENSTHOOFD},
}
COMMENTING_STATES = (NotaState.DRAFT, NotaState.IN_DISCUSSION)


def may_edit(user) -> bool:
    """The algemeen directeur drafts, with the members of the management team."""
    return has_role(user, Role.ALGEMEEN_DIRECTEUR) or is_member(user, OrgaanType.MANAGEMENTTEAM)


def party_kinds(user) -> set[str]:
    """The kinds of nota this person represents a party of (besides editing)."""
    held = roles_of(user)
    types = {h.orgaan.type for h in held if h.orgaan}
    roles = {h.role for h in held}
    return {
        kind for kind in NotaKind.values if types & PARTY_BODIES[kind] or roles & PARTY_ROLES[kind]
    }


def may_see(user, nota) -> bool:
    if may_edit(user):
        return True
    return nota.state != NotaState.DRAFT and nota.kind in party_kinds(user)


def may_comment(user, nota) -> bool:
    return nota.state in COMMENTING_STATES and may_see(user, nota)


def visible_filter(user) -> Q:
    """The notas a person may see, as a filter (no query of its own beyond the roles)."""
    if may_edit(user):
        return Q()
    kinds = party_kinds(user)
    if not kinds:
        return Q(pk__in=[])
    return Q(kind__in=kinds) & ~Q(state=NotaState.DRAFT)


def audience(nota) -> list:
    """Everyone who may see the nota now, from a fixed number of queries (for mentions)."""
    from accounts.models import Cluster, Dienst

    people = [m.user for m in members_of(OrgaanType.MANAGEMENTTEAM)]
    if nota.state != NotaState.DRAFT:
        for orgaan_type in PARTY_BODIES[nota.kind]:
            people += [m.user for m in members_of(orgaan_type)]
        if Role.MANAGER in PARTY_ROLES[nota.kind]:
            people += [c.manager for c in Cluster.objects.select_related("manager")]
        if Role.DIENSTHOOFD in PARTY_ROLES[nota.kind]:
            people += [d.head for d in Dienst.objects.select_related("head")]
    return list({u.pk: u for u in people if u is not None and u.is_active}.values())


def article_roles(user) -> set[str]:
    """The roles whose articles describe this person: college members read the article on
    the schepenen, every member of the management team the one on the MT."""
    roles = {str(h.role) for h in roles_of(user)}
    if Role.BURGEMEESTER in roles:
        roles.add(Role.SCHEPEN)
    if is_member(user, OrgaanType.MANAGEMENTTEAM):
        roles.add(Role.LID_MT)
    return roles
