"""Who sees, edits, comments on, moves and signs a nota: the one home of these rules.

- The algemeen directeur draws up a nota; with the members of the management team they draft
  and edit it, and take it from step to step.
- A draft (concept) is theirs alone; from "in bespreking" on, every party's representatives
  see it: for the decree's nota the college, the vast bureau and the BCSD; for an
  optimisation exercise's nota the college, the managers and the diensthoofden.
- Parties comment while the nota is in concept (editors) or in bespreking (everyone).
- The holders of the parties' signing roles sign the approved version, each role once.
- Every body among the parties approves the same version in its own meeting before anyone
  signs: the college and the vast bureau, and the BCSD unless the installation's setting
  AFSPRAKENNOTA_BCSD_APPROVES says otherwise; the college alone for an exercise's nota.
- The decree's required sections are never deleted.

`get_nota_for` is what views call: 404 for a nota the person may not see, 403 for what they
see but may not do.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from accounts.constants import OrgaanType, Role
from accounts.roles import has_role, is_algemeen_directeur, is_member, members_of, roles_of

from .constants import BCSD_APPROVES_DEFAULT, BCSD_APPROVES_SETTING, STEPS, NotaKind, NotaState
from .models import Afsprakennota

PARTY_BODIES: dict[str, set[OrgaanType]] = {
    NotaKind.DECREE: {OrgaanType.COLLEGE, OrgaanType.VAST_BUREAU, OrgaanType.BCSD},
    NotaKind.OPTIMISATION: {OrgaanType.COLLEGE},
}
PARTY_ROLES: dict[str, set[Role]] = {
    NotaKind.DECREE: set(),
    NotaKind.OPTIMISATION: {Role.MANAGER, Role.DIENSTHOOFD},
}
COMMENTING_STATES = (NotaState.DRAFT, NotaState.IN_DISCUSSION)
# The bodies whose meetings approve a nota: the college and the vast bureau for the decree's
# (and the BCSD, see bcsd_approves), the college for an exercise's.
APPROVING_BODIES: dict[str, tuple[OrgaanType, ...]] = {
    NotaKind.DECREE: (OrgaanType.COLLEGE, OrgaanType.VAST_BUREAU),
    NotaKind.OPTIMISATION: (OrgaanType.COLLEGE,),
}


def may_draw_up(user) -> bool:
    """The algemeen directeur draws up a nota from its template (and is warned while the
    term has no signed decree nota)."""
    return is_algemeen_directeur(user)


def may_edit(user) -> bool:
    """The algemeen directeur drafts, with the members of the management team."""
    return may_draw_up(user) or is_member(user, OrgaanType.MANAGEMENTTEAM)


def party_kinds(user) -> set[str]:
    """The kinds of nota this person represents a party of (besides editing)."""
    held = roles_of(user)
    types = {h.orgaan.type for h in held if h.orgaan}
    roles = {h.role for h in held}
    return {
        kind for kind in NotaKind.values if types & PARTY_BODIES[kind] or roles & PARTY_ROLES[kind]
    }


def may_use(user) -> bool:
    """The afsprakennota section is for its editors and the parties' representatives."""
    return may_edit(user) or bool(party_kinds(user))


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


def bcsd_approves() -> bool:
    """Whether the BCSD approves the decree's nota in its own meeting (a setting per
    installation, on by default: DOMAIN.md)."""
    return bool(getattr(settings, BCSD_APPROVES_SETTING, BCSD_APPROVES_DEFAULT))


def approving_bodies(nota) -> tuple[OrgaanType, ...]:
    """The bodies that each approve the same version of the nota, in their own meeting,
    before signing starts."""
    bodies = APPROVING_BODIES[NotaKind(nota.kind)]
    if nota.kind == NotaKind.DECREE and bcsd_approves():
        bodies = (*bodies, OrgaanType.BCSD)
    return bodies


def may_delete_article(nota, article) -> bool:
    """An editor deletes any article but the decree's required sections."""
    return not (nota.kind == NotaKind.DECREE and article.required)


def available_steps(user, nota) -> list[str]:
    """The steps (constants.STEPS) this person may take on the nota now."""
    if not may_edit(user):
        return []
    return [step for step, method in STEPS.items() if can_proceed(getattr(nota, method))]


def signing_roles(nota) -> list[str]:
    """The roles that sign for the nota's parties: it is signed once each of them has."""
    return [p.signatory_role for p in nota.parties.all() if p.signatory_role]


def signatory_roles_of(user, nota) -> list[str]:
    """The signing roles of this nota the person holds (the burgemeester often holds two)."""
    return [r for r in signing_roles(nota) if has_role(user, Role(r))]


def roles_left_to_sign(user, nota, signed) -> list[str]:
    """The person's signing roles that have not signed the approved version yet."""
    if nota.state != NotaState.APPROVED:
        return []
    return [r for r in signatory_roles_of(user, nota) if r not in set(signed)]


def may_sign(user, nota, signed) -> bool:
    return bool(roles_left_to_sign(user, nota, signed))


def audience(nota) -> list:
    """Everyone who may see the nota now, from a fixed number of queries (for mentions)."""
    from accounts.models import Cluster, Dienst

    people: list = [m.user for m in members_of(OrgaanType.MANAGEMENTTEAM)]
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


# --- refusals, worded once ---------------------------------------------------------------------


def not_an_editor() -> str:
    return _("Only the algemeen directeur and the MT change this nota.")


def not_a_signatory() -> str:
    return _("You are not one of the signatories of this nota.")


def required_section() -> str:
    return _("The decree requires this section: it cannot be deleted. Change its text instead.")


def get_nota_for(user, pk, *, action: str | None = None) -> Afsprakennota:
    """The nota, for a person who may see it (404 otherwise) and may do `action` on it (403
    otherwise): None to read, "edit", "comment" or "sign"."""
    nota = get_object_or_404(Afsprakennota.objects.select_related("term"), pk=pk)
    if not may_see(user, nota):
        raise Http404
    if action == "edit" and not may_edit(user):
        raise PermissionDenied(not_an_editor())
    if action == "comment" and not may_comment(user, nota):
        raise PermissionDenied(_("Comments are closed for this nota."))
    if action == "sign" and not signatory_roles_of(user, nota):
        raise PermissionDenied(not_a_signatory())
    if action not in (None, "edit", "comment", "sign"):
        raise ValueError(f"Unknown action on a nota: {action}")
    return nota
