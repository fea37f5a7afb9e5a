"""The afsprakennota's lifecycle: drafting from the decree's template, discussion, approval
by the college and the vast bureau in their meetings, signatures. Every change of state
freezes a version and writes an audit row."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import ConcurrentTransition, can_proceed

from accounts.constants import OrgaanType, Role
from accounts.roles import has_role
from core.audit import audit_record
from core.signing import check_signing_password

from .access import may_edit
from .constants import NotaKind, NotaState
from .models import Afsprakennota, Approval, Article, Party, Signature
from .structure import GONE, article_delete, article_insert, article_move
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

APPROVING_BODIES = {
    NotaKind.DECREE: (OrgaanType.COLLEGE, OrgaanType.VAST_BUREAU),
    NotaKind.OPTIMISATION: (OrgaanType.COLLEGE,),
}

# An optimisation exercise's nota: its parties, and articles on each role in the cycle.
OPTIMISATION_PARTIES = [
    ("College van burgemeester en schepenen", Role.BURGEMEESTER),
    ("Managementteam", Role.ALGEMEEN_DIRECTEUR),
    ("De managers", None),
    ("De diensthoofden", None),
    ("De schepenen", None),
]
OPTIMISATION_SECTIONS = [
    (
        "Doel en kader van de oefening",
        "",
        "Het college bepaalt het budgettaire kader: de besparingsdoelstelling, de grenzen "
        "(bijvoorbeeld geen gedwongen ontslagen) en de timing van de oefening.",
    ),
    (
        "Rol van het college en de schepenen",
        Role.SCHEPEN,
        "De schepenen worden geïnformeerd over de adviezen binnen hun bevoegdheid, geven hun "
        "standpunt en prioriteiten, en het college beslist in zitting over de gebundelde "
        "adviezen.",
    ),
    (
        "Rol van de algemeen directeur",
        Role.ALGEMEEN_DIRECTEUR,
        "De algemeen directeur bewaakt de timing, leidt het managementteam en legt de "
        "gevalideerde bundels voor aan het college.",
    ),
    (
        "Rol van het managementteam",
        Role.LID_MT,
        "Het managementteam valideert de adviezen, bundelt ze over de diensten heen en "
        "bereidt de beslissing van het college voor.",
    ),
    (
        "Rol van de managers",
        Role.MANAGER,
        "De managers coachen de diensthoofden van hun cluster, geven feedback op de adviezen "
        "en sturen ze door naar het managementteam.",
    ),
    (
        "Rol van de diensthoofden",
        Role.DIENSTHOOFD,
        "De diensthoofden schrijven de optimalisatieadviezen voor hun dienst, met een "
        "onderbouwing, de verwachte besparing en de gevolgen voor personeel en "
        "dienstverlening.",
    ),
    (
        "Rol van de financieel directeur",
        Role.FINANCIEEL_DIRECTEUR,
        "De financieel directeur toetst de geraamde besparingen en valideert later de "
        "gerealiseerde besparingen.",
    ),
    ("Timing en opvolging", "", ""),
]


def approving_bodies(nota):
    return APPROVING_BODIES[NotaKind(nota.kind)]


def _save_state(nota, fields=("state", "lock_version")):
    nota.lock_version += 1
    try:
        nota.save(update_fields=list(fields))
    except ConcurrentTransition:
        raise ValidationError(
            _("Someone else changed this nota in the meantime: reload the page.")
        ) from None


def _locked(nota):
    """Lock the nota's row and read it afresh into the caller's object: steps never act on
    a stale copy, and the caller sees the result."""
    fresh = Afsprakennota.objects.select_for_update().get(pk=nota.pk)
    for field in fresh._meta.concrete_fields:  # the FSM field refuses setattr
        nota.__dict__[field.attname] = getattr(fresh, field.attname)
    nota._update_initial_state()  # the optimistic lock compares with what we just read
    return nota


def _transition(nota, method: str, *, by, action: str, reason="", data=None):
    """Run one transition, save it with optimistic locking and audit it (who, from, to, why)."""
    from_state = nota.state
    getattr(nota, method)()
    _save_state(nota)
    audit_record(
        actor=by,
        action=action,
        target=nota,
        from_state=from_state,
        to_state=nota.state,
        reason=reason,
        data=data or {},
    )


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
    nota = _locked(nota)
    method = getattr(nota, STEPS[step])
    if not can_proceed(method):
        raise ValidationError(_("This step is not possible now: reload the page."))
    if step == "ter-goedkeuring" and not nota.articles.exists():
        raise ValidationError(_("A nota without articles cannot be approved."))
    from_state = nota.state
    method()
    _save_state(nota)
    version = freeze(nota, by=by)
    if step == "ter-goedkeuring":
        version.meetings = put_on_agendas(nota, by)
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
    waiting = Afsprakennota.objects.filter(state=NotaState.FOR_APPROVAL)
    return [
        n
        for n in waiting
        if orgaan.type in approving_bodies(n)
        and not Approval.objects.filter(
            version=n.versions.order_by("-number").first(), orgaan=orgaan
        ).exists()
    ]


def body_decision(nota, outcome, by, *, orgaan=None, decision=None, **context):
    """A meeting decided on the nota. Approval by both bodies of the same version approves
    it; a rejection sends it back to discussion, with the decision attached."""
    nota = _locked(nota)  # the other body may be deciding at this very moment
    version = nota.versions.order_by("-number").first()
    if str(outcome) in ("goedgekeurd", "afgewezen") and nota.state != NotaState.FOR_APPROVAL:
        raise ValidationError(
            _("This nota is no longer submitted for approval: it went back to discussion.")
        )
    item = getattr(decision, "item", None)
    if str(outcome) == "goedgekeurd" and item is not None and item.created_at < version.created_at:
        raise ValidationError(
            _(
                "The nota was revised after it was put on this agenda: postpone this item "
                "and put version %(n)s on a next agenda."
            )
            % {"n": version.number}
        )
    if str(outcome) == "goedgekeurd":
        Approval.objects.get_or_create(
            version=version, orgaan=orgaan, defaults={"decision_id": getattr(decision, "pk", None)}
        )
        audit_record(
            actor=by,
            action="nota.approval",
            target=nota,
            reason=getattr(decision, "motivation", ""),
            data={"version": version.number, "orgaan": str(orgaan)},
        )
        approved_by = set(version.approvals.values_list("orgaan__type", flat=True))
        if set(approving_bodies(nota)) <= approved_by:
            _transition(
                nota, "approve", by=by, action="nota.approved", data={"version": version.number}
            )
    elif str(outcome) == "afgewezen":
        _transition(
            nota,
            "back_to_discussion",
            by=by,
            action="nota.rejected",
            reason=getattr(decision, "motivation", ""),
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
    nota = _locked(nota)
    if nota.state != NotaState.APPROVED:
        raise ValidationError(_("Only an approved nota is signed."))
    mine = signatory_roles_of(by, nota)
    if not mine:
        raise PermissionDenied(_("You are not one of the signatories of this nota."))
    check_signing_password(by, password)
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
        # one decree nota per term; an exercise's nota belongs to its own cycle
        replaced = Afsprakennota.objects.filter(
            kind=NotaKind.DECREE, term=nota.term, state=NotaState.SIGNED
        ).exclude(pk=nota.pk)
        for previous in replaced if nota.kind == NotaKind.DECREE else []:
            _transition(
                previous, "replace", by=by, action="nota.replaced", data={"by_nota": nota.pk}
            )
        _transition(nota, "complete_signing", by=by, action="nota.signed")
    return signature


@transaction.atomic
def nota_refuse_signature(*, nota, by, reason):
    """A signatory refuses, with a reason: the nota goes back to discussion."""
    if signatory_role_of(by, nota) is None:
        raise PermissionDenied(_("You are not one of the signatories of this nota."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give a reason: the others need to know why.")})
    nota = _locked(nota)
    if nota.state != NotaState.APPROVED:
        raise ValidationError(_("Only an approved nota is signed."))
    version = nota.versions.order_by("-number").first()
    signed = set(version.signatures.values_list("role", flat=True))
    if set(signatory_roles_of(by, nota)) <= signed:
        raise ValidationError(_("You already signed this nota."))
    _transition(nota, "back_to_discussion", by=by, action="nota.signature-refused", reason=reason)


@transaction.atomic
def nota_create_optimisation(*, cycle, by) -> Afsprakennota:
    """The nota of an optimisation exercise, with an article on each role in it."""
    if not may_edit(by):
        raise PermissionDenied(_("Only the algemeen directeur and the MT change this nota."))
    if cycle.afsprakennota_id:
        raise ValidationError(_("This exercise already has an afsprakennota."))
    nota = Afsprakennota.objects.create(
        kind=NotaKind.OPTIMISATION,
        term=cycle.term,
        created_by=by,
        onderwerp=f"Afsprakennota {cycle.title}",
        aan="Het college, het managementteam, de managers en de diensthoofden",
        introduction="Deze afsprakennota legt vast wie wat doet in de optimalisatie-oefening "
        f"„{cycle.title}”.",
    )
    for position, (name, role) in enumerate(OPTIMISATION_PARTIES, start=1):
        Party.objects.create(nota=nota, position=position, name=name, signatory_role=role or "")
    for heading, role, text in OPTIMISATION_SECTIONS:
        article_insert(nota=nota, heading=heading, text=text, role=role)
    cycle.afsprakennota = nota
    cycle.save(update_fields=["afsprakennota"])
    audit_record(actor=by, action="nota.create", target=nota, to_state=nota.state)
    return nota


CONCURRENT_EDIT = gettext_lazy(
    "Someone else changed this in the meantime. Your text is kept below: "
    "compare it with the current version and save again."
)


def _locked_editable(nota, by):
    if not may_edit(by):
        raise PermissionDenied(_("Only the algemeen directeur and the MT change this nota."))
    nota = Afsprakennota.objects.select_for_update().get(pk=nota.pk)
    if not nota.editable:
        raise ValidationError(
            _("This nota can no longer be changed: send it back to discussion first.")
        )
    return nota


@transaction.atomic
def nota_update(*, nota, data: dict, by, expected_version: int) -> Afsprakennota:
    """The header fields and the introduction; refused when someone saved in between."""
    locked = _locked_editable(nota, by)
    if locked.lock_version != expected_version:
        raise ValidationError(str(CONCURRENT_EDIT))
    changed = [name for name, value in data.items() if getattr(locked, name) != value]
    for name, value in data.items():
        setattr(locked, name, value)
    locked.lock_version += 1
    locked.save(update_fields=[*data, "lock_version"])
    audit_record(actor=by, action="nota.edit", target=locked, data={"fields": changed})
    return locked


@transaction.atomic
def article_save(
    *,
    nota,
    by,
    heading,
    text,
    role="",
    article=None,
    parent=None,
    after=None,
    expected_version=None,
) -> Article:
    """A new article (under `parent`, after `after` or at the end), or a change to one."""
    _locked_editable(nota, by)
    if not (heading or "").strip() and not (text or "").strip():
        raise ValidationError({"text": _("Give the article a heading or a text.")})
    if article is None:
        article = article_insert(
            nota=nota, parent=parent, after=after, heading=heading, text=text, role=role
        )
        audit_record(actor=by, action="nota.article-add", target=nota, data={"article": article.pk})
        return article
    locked = Article.objects.select_for_update().filter(pk=article.pk, nota=nota).first()
    if locked is None:
        raise ValidationError(str(GONE))
    if expected_version is not None and locked.lock_version != expected_version:
        raise ValidationError(str(CONCURRENT_EDIT))
    locked.heading, locked.text, locked.role = heading, text, role
    locked.lock_version += 1
    locked.save(update_fields=["heading", "text", "role", "lock_version"])
    audit_record(actor=by, action="nota.article-edit", target=nota, data={"article": locked.pk})
    return locked


def _keep_comments_of(article):
    """Comments on a deleted article (or what it held) move to the nota as a whole."""
    from django.contrib.contenttypes.models import ContentType

    from core.models import Thread

    subtree, level = [article.pk], [article.pk]
    while level:
        level = list(Article.objects.filter(parent_id__in=level).values_list("pk", flat=True))
        subtree += level
    Thread.objects.filter(
        content_type=ContentType.objects.get_for_model(Afsprakennota),
        object_id=str(article.nota_id),
        anchor__in=[f"artikel-{pk}" for pk in subtree],
    ).update(anchor="")


@transaction.atomic
def article_change(*, article, action: str, by) -> None:
    """Move an article up or down, or delete it with what it holds; the rest renumbers."""
    _locked_editable(article.nota, by)
    if action in ("omhoog", "omlaag"):
        article_move(article=article, up=action == "omhoog")
    elif action == "verwijderen":
        _keep_comments_of(article)
        article_delete(article=article)
    else:
        raise ValidationError(_("Unknown action."))
    audit_record(
        actor=by,
        action=f"nota.article-{action}",
        target=article.nota,
        data={"article": article.pk},
    )


def put_on_agendas(nota, by) -> list:
    """Ter goedkeuring: an item on the next planned meeting of each approving body.
    Returns the meetings that got it; a body without a planned meeting gets it later, from
    the list of candidates when its agenda is made."""
    from vergaderingen.services import add_to_next_meeting

    added = [
        add_to_next_meeting(orgaan_type=orgaan_type, subject=nota, by=by)
        for orgaan_type in approving_bodies(nota)
    ]
    return [meeting for meeting in added if meeting is not None]


TERM_STATUS = {
    NotaState.DRAFT: "in_opmaak",
    NotaState.IN_DISCUSSION: "in_opmaak",
    NotaState.FOR_APPROVAL: "ter_goedkeuring",
    NotaState.APPROVED: "goedgekeurd",
    NotaState.SIGNED: "ondertekend",
}
STATUS_RANK = ["ontbreekt", "in_opmaak", "ter_goedkeuring", "goedgekeurd", "ondertekend"]


def term_status(terms, *, with_signed_on: bool = True) -> list[tuple]:
    """Per term: (term, status, nota, signed on) for its decree nota; status is one of
    ontbreekt, in_opmaak, ter_goedkeuring, goedgekeurd, ondertekend. Two queries, one
    without the signing dates (with_signed_on=False: signed on is then None)."""
    from django.db.models import Max

    from .models import Signature

    best = {t.pk: ("ontbreekt", None) for t in terms}
    for nota in Afsprakennota.objects.filter(kind=NotaKind.DECREE, term__in=terms).exclude(
        state=NotaState.REPLACED
    ):
        status = TERM_STATUS[NotaState(nota.state)]
        if STATUS_RANK.index(status) > STATUS_RANK.index(best[nota.term_id][0]):
            best[nota.term_id] = (status, nota)
    signed = (
        [n.pk for status, n in best.values() if status == "ondertekend"] if with_signed_on else []
    )
    signed_on = dict(
        Signature.objects.filter(version__nota_id__in=signed)
        .values("version__nota_id")
        .annotate(last=Max("signed_at"))
        .values_list("version__nota_id", "last")
    )
    return [
        (t, best[t.pk][0], best[t.pk][1], signed_on.get(getattr(best[t.pk][1], "pk", None)))
        for t in terms
    ]


@transaction.atomic
def nota_back_to_discussion(*, nota, by, reason):
    """The algemeen directeur takes the nota back from approval (or before signing) to
    discussion, with a reason; a new version is frozen once it goes for approval again."""
    if not may_edit(by):
        raise PermissionDenied(_("Only the algemeen directeur and the MT change this nota."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give a reason: the others need to know why.")})
    nota = _locked(nota)
    if not can_proceed(nota.back_to_discussion):
        raise ValidationError(_("This step is not possible now: reload the page."))
    _transition(nota, "back_to_discussion", by=by, action="nota.terug", reason=reason)
