"""The afsprakennota's lifecycle: drafting from the decree's template, discussion, approval
by the college and the vast bureau in their meetings, signatures. Every change of state
freezes a version and writes an audit row."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, can_proceed

from accounts.constants import OrgaanType, Role
from accounts.roles import has_role, is_member
from core.audit import audit_record

from .constants import NotaKind, NotaState
from .models import Afsprakennota, Approval, Party, Signature
from .structure import article_insert
from .versions import freeze

# The decree's parties (art. 171 §2 DLB) and who signs for them.
DECREE_PARTIES = [
    ("Algemeen directeur, ook namens het managementteam", Role.ALGEMEEN_DIRECTEUR),
    ("College van burgemeester en schepenen", None),
    ("Burgemeester", Role.BURGEMEESTER),
    ("Vast bureau", None),
    ("Voorzitter van het vast bureau", Role.VOORZITTER_VAST_BUREAU),
    ("Bijzonder comité voor de sociale dienst", None),
    ("Voorzitter van het bijzonder comité voor de sociale dienst", Role.VOORZITTER_BCSD),
]

# The three sections the decree requires, with guidance, then the usual further sections.
DECREE_SECTIONS = [
    (
        "Samenwerking om de beleidsdoelstellingen te realiseren",
        "Hoe werken de algemeen directeur en de andere leden van het managementteam samen met "
        "het college, de burgemeester, het vast bureau en het BCSD om de beleidsdoelstellingen "
        "te realiseren? (verplicht)",
    ),
    (
        "Omgangsvormen tussen bestuur en administratie",
        "Hoe gaan bestuur en administratie met elkaar om? (verplicht)",
    ),
    (
        "Uitoefening van gedelegeerde bevoegdheden (art. 57 en art. 85 DLB)",
        "Hoe oefent de algemeen directeur de bevoegdheden uit die het college (art. 57) en het "
        "vast bureau (art. 85) aan hem of haar delegeren, en hoe rapporteert hij of zij erover? "
        "(verplicht)",
    ),
    ("Algemene principes", ""),
    ("Rol van het college, het managementteam en de algemeen directeur", ""),
    ("Overleg in het managementteam en advies aan het college", ""),
    ("Opdrachten van het college aan de diensten", ""),
    ("Rechtstreekse contacten tussen schepenen en personeelsleden", ""),
    ("Voorbereiding en agendering van collegepunten", ""),
    ("Informatiedoorstroming en communicatie", ""),
    ("Loyaliteit en discretie", ""),
    ("Periodieke evaluatie", ""),
]

APPROVING_BODIES = (OrgaanType.COLLEGE, OrgaanType.VAST_BUREAU)


def may_edit(user) -> bool:
    """The algemeen directeur drafts, with the members of the management team."""
    return has_role(user, Role.ALGEMEEN_DIRECTEUR) or is_member(user, OrgaanType.MANAGEMENTTEAM)


def _save_state(nota, fields=("state", "lock_version")):
    nota.lock_version += 1
    try:
        nota.save(update_fields=list(fields))
    except ConcurrentTransition:
        raise ValidationError(
            _("Someone else changed this nota in the meantime: reload the page.")
        ) from None


@transaction.atomic
def nota_create_decree(*, term, by) -> Afsprakennota:
    if not has_role(by, Role.ALGEMEEN_DIRECTEUR):
        raise PermissionDenied(_("The algemeen directeur draws up the afsprakennota."))
    nota = Afsprakennota.objects.create(
        kind=NotaKind.DECREE,
        term=term,
        created_by=by,
        onderwerp=f"Afsprakennota bestuursperiode {term}",
        aan="Het college, de burgemeester, het vast bureau en zijn voorzitter, het BCSD en "
        "zijn voorzitter",
        introduction="Met deze afsprakennota maken de algemeen directeur, ook namens het "
        "managementteam, en de politieke organen afspraken over hun samenwerking "
        "(art. 171 §2 van het Decreet over het lokaal bestuur).",
    )
    for position, (name, role) in enumerate(DECREE_PARTIES, start=1):
        Party.objects.create(nota=nota, position=position, name=name, signatory_role=role or "")
    for heading, guidance in DECREE_SECTIONS:
        article_insert(nota=nota, heading=heading, text=guidance)
    audit_record(actor=by, action="nota.create", target=nota, to_state=nota.state)
    return nota


STEPS = {
    "bespreken": "open_discussion",
    "ter-goedkeuring": "submit_for_approval",
}


@transaction.atomic
def nota_step(*, nota, step, by, reason=""):
    """Put the nota in discussion, or send it for approval; each step freezes a version."""
    if not may_edit(by):
        raise PermissionDenied(_("Only the algemeen directeur and the MT change this nota."))
    method = getattr(nota, STEPS[step])
    if not can_proceed(method):
        raise ValidationError(_("This step is not possible now: reload the page."))
    if step == "ter-goedkeuring" and not nota.articles.exists():
        raise ValidationError(_("A nota without articles cannot be approved."))
    from_state = nota.state
    method()
    _save_state(nota)
    version = freeze(nota, by=by)
    audit_record(
        actor=by,
        action=f"nota.{step}",
        target=nota,
        from_state=from_state,
        to_state=nota.state,
        reason=reason,
        data={"version": version.number},
    )
    return version


def candidates_for(orgaan):
    """Notas waiting for this body's approval of their current version (for its agenda)."""
    if orgaan.type not in APPROVING_BODIES:
        return []
    waiting = Afsprakennota.objects.filter(state=NotaState.TER_GOEDKEURING)
    return [
        n
        for n in waiting
        if not Approval.objects.filter(
            version=n.versions.order_by("-number").first(), orgaan=orgaan
        ).exists()
    ]


def body_decision(nota, outcome, by, *, orgaan=None, decision=None, **context):
    """A meeting decided on the nota. Approval by both bodies of the same version approves
    it; a rejection sends it back to discussion, with the decision attached."""
    version = nota.versions.order_by("-number").first()
    if str(outcome) == "goedgekeurd":
        Approval.objects.get_or_create(
            version=version, orgaan=orgaan, defaults={"decision_id": getattr(decision, "pk", None)}
        )
        approved_by = set(version.approvals.values_list("orgaan__type", flat=True))
        if set(APPROVING_BODIES) <= approved_by:
            from_state = nota.state
            nota.approve()
            _save_state(nota)
            audit_record(
                actor=by,
                action="nota.approved",
                target=nota,
                from_state=from_state,
                to_state=nota.state,
                data={"version": version.number},
            )
    elif str(outcome) == "afgewezen":
        from_state = nota.state
        nota.back_to_discussion()
        _save_state(nota)
        audit_record(
            actor=by,
            action="nota.rejected",
            target=nota,
            from_state=from_state,
            to_state=nota.state,
            data={"decision": getattr(decision, "pk", None), "orgaan": getattr(orgaan, "pk", None)},
        )


def signatory_roles_of(user, nota) -> list[str]:
    """The signing roles of this nota the person holds (the burgemeester often holds two)."""
    roles = [p.signatory_role for p in nota.parties.all() if p.signatory_role]
    return [r for r in roles if has_role(user, Role(r))]


def signatory_role_of(user, nota):
    roles = signatory_roles_of(user, nota)
    return roles[0] if roles else None


@transaction.atomic
def nota_sign(*, nota, by, password) -> Signature:
    """A named signatory signs the approved version, with their password; when everyone
    has, the nota is signed and replaces the previous signed nota of its kind and term."""
    nota = Afsprakennota.objects.select_for_update().get(pk=nota.pk)
    if nota.state != NotaState.GOEDGEKEURD:
        raise ValidationError(_("Only an approved nota is signed."))
    mine = signatory_roles_of(by, nota)
    if not mine:
        raise PermissionDenied(_("You are not one of the signatories of this nota."))
    if not by.check_password(password or ""):
        raise ValidationError({"password": _("This password is not correct.")})
    version = nota.versions.order_by("-number").first()
    signed = set(version.signatures.values_list("role", flat=True))
    role = next((r for r in mine if r not in signed), None)
    if role is None:
        raise ValidationError(_("You already signed this nota."))
    signature = Signature.objects.create(
        version=version, signer=by, role=role, content_hash=version.content_hash
    )
    audit_record(
        actor=by,
        action="nota.sign",
        target=nota,
        to_state=role,
        data={"version": version.number, "hash": version.content_hash},
    )
    needed = {p.signatory_role for p in nota.parties.all() if p.signatory_role}
    if needed <= set(version.signatures.values_list("role", flat=True)):
        for previous in Afsprakennota.objects.filter(
            kind=nota.kind, term=nota.term, state=NotaState.ONDERTEKEND
        ).exclude(pk=nota.pk):
            previous.replace()
            _save_state(previous)
            audit_record(
                actor=by,
                action="nota.replaced",
                target=previous,
                from_state=NotaState.ONDERTEKEND,
                to_state=previous.state,
            )
        nota.complete_signing()
        _save_state(nota)
        audit_record(
            actor=by,
            action="nota.signed",
            target=nota,
            from_state=NotaState.GOEDGEKEURD,
            to_state=nota.state,
        )
    return signature


@transaction.atomic
def nota_refuse_signature(*, nota, by, reason):
    """A signatory refuses, with a reason: the nota goes back to discussion."""
    if signatory_role_of(by, nota) is None:
        raise PermissionDenied(_("You are not one of the signatories of this nota."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give a reason: the others need to know why.")})
    from_state = nota.state
    nota.back_to_discussion()
    _save_state(nota)
    audit_record(
        actor=by,
        action="nota.signature-refused",
        target=nota,
        from_state=from_state,
        to_state=nota.state,
        reason=reason,
    )
