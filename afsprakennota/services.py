"""The afsprakennota's lifecycle: drafting from the decree's template, discussion, approval
by the college and the vast bureau in their meetings, signatures. Every change of state
freezes a version and writes an audit row."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.constants import Role
from core.audit import audit_record
from core.signing import check_signing_password
from core.transitions import StaleObject, lock, transition_run
from vergaderingen.constants import DecisionOutcome

from . import access, structure
from .constants import OPEN_DISCUSSION, STEPS, SUBMIT_FOR_APPROVAL, NotaKind, NotaState
from .models import Afsprakennota, Approval, Article, NotaVersion, Party, Signature
from .selectors import latest_version
from .versions import freeze, next_number

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


NOT_NOW = gettext_lazy("This step is not possible now: reload the page.")
NOT_EDITABLE = gettext_lazy("This nota can no longer be changed: send it back to discussion first.")
ONLY_APPROVED = gettext_lazy("Only an approved nota is signed.")
ALREADY_SIGNED = gettext_lazy("You already signed this nota.")
CONCURRENT_EDIT = gettext_lazy(
    "Someone else changed this in the meantime. Your text is kept below: "
    "compare it with the current version and save again."
)


# --- drawing up --------------------------------------------------------------------------------


def _from_template(*, kind, term, by, parties, sections, **header) -> Afsprakennota:
    """A new nota with the template's header, parties and articles (heading, role, text),
    and its audit row."""
    nota = Afsprakennota.objects.create(kind=kind, term=term, created_by=by, **header)
    for position, (name, role) in enumerate(parties, start=1):
        Party.objects.create(nota=nota, position=position, name=name, signatory_role=role or "")
    for heading, role, text in sections:
        structure.article_insert(nota=nota, heading=heading, text=text, role=role)
    audit_record(actor=by, action="nota.create", target=nota, to_state=nota.state)
    return nota


def _check_draws_up(by) -> None:
    if not access.may_draw_up(by):
        raise PermissionDenied(_("The algemeen directeur draws up the afsprakennota."))


@transaction.atomic
def nota_create_decree(*, term, by) -> Afsprakennota:
    """The decree's nota for a term of office, from the template with its seven parties and
    the three required sections."""
    _check_draws_up(by)
    return _from_template(
        kind=NotaKind.DECREE,
        term=term,
        by=by,
        parties=DECREE_PARTIES,
        sections=[(heading, "", guidance) for heading, guidance in DECREE_SECTIONS],
        onderwerp=f"Afsprakennota bestuursperiode {term}",
        aan="Het college, de burgemeester, het vast bureau en zijn voorzitter, het BCSD en "
        "zijn voorzitter",
        introduction="Met deze afsprakennota maken de algemeen directeur, ook namens het "
        "managementteam, en de politieke organen afspraken over hun samenwerking "
        "(art. 171 §2 van het Decreet over het lokaal bestuur).",
    )


@transaction.atomic
def nota_create_optimisation(*, title: str, term, by) -> Afsprakennota:
    """The nota of the optimisation exercise called `title`, with an article on each role in
    it. The exercise links itself to the nota (the nota does not know its exercise)."""
    _check_draws_up(by)
    return _from_template(
        kind=NotaKind.OPTIMISATION,
        term=term,
        by=by,
        parties=OPTIMISATION_PARTIES,
        sections=OPTIMISATION_SECTIONS,
        onderwerp=f"Afsprakennota {title}",
        aan="Het college, het managementteam, de managers en de diensthoofden",
        introduction="Deze afsprakennota legt vast wie wat doet in de optimalisatie-oefening "
        f"„{title}”.",
    )


# --- steps -------------------------------------------------------------------------------------


@transaction.atomic
def nota_step(*, nota, step: str, by, reason: str = "") -> NotaVersion:
    """Put the nota in discussion (OPEN_DISCUSSION), or send it for approval
    (SUBMIT_FOR_APPROVAL: on the next planned meeting of each approving body); each step
    freezes a version. The version returned carries `meetings`, the meetings that got it."""
    if step not in (OPEN_DISCUSSION, SUBMIT_FOR_APPROVAL):
        raise ValueError(f"Not a step that freezes a version: {step}")
    lock(nota)
    frozen = []

    def freeze_version(obj, from_state):
        if step == SUBMIT_FOR_APPROVAL and not obj.articles.exists():
            raise ValidationError(_("A nota without articles cannot be approved."))
        frozen.append(freeze(obj, by=by))

    transition_run(
        nota,
        STEPS[step],
        by=by,
        action=f"nota.{step}",
        locked=True,
        allowed=access.may_edit(by),
        denied_message=access.not_an_editor(),
        impossible_message=str(NOT_NOW),
        reason=reason,
        before_save=freeze_version,
        data={"version": next_number(nota)},
    )
    [version] = frozen
    version.meetings = put_on_agendas(nota, by) if step == SUBMIT_FOR_APPROVAL else []
    return version


@transaction.atomic
def nota_back_to_discussion(*, nota, by, reason: str) -> None:
    """The algemeen directeur takes the nota back from approval (or before signing) to
    discussion, with a reason; a new version is frozen once it goes for approval again."""
    transition_run(
        nota,
        "back_to_discussion",
        by=by,
        action="nota.back-to-discussion",
        allowed=access.may_edit(by),
        denied_message=access.not_an_editor(),
        impossible_message=str(NOT_NOW),
        needs_reason=True,
        reason=reason,
    )


def put_on_agendas(nota, by) -> list:
    """Ter goedkeuring: an item on the next planned meeting of each approving body.
    Returns the meetings that got it; a body without a planned meeting gets it later, from
    the list of candidates when its agenda is made."""
    from vergaderingen.services import add_to_next_meeting

    added = [
        add_to_next_meeting(orgaan_type=orgaan_type, subject=nota, by=by)
        for orgaan_type in access.approving_bodies(nota)
    ]
    return [meeting for meeting in added if meeting is not None]


@transaction.atomic
def body_decision(nota, outcome, by, *, orgaan=None, decision=None, **context) -> None:
    """A meeting decided on the nota. Approval by both bodies of the same version approves
    it; a rejection sends it back to discussion, with the decision attached."""
    lock(nota)  # the other body may be deciding at this very moment
    outcome = str(outcome)
    decided = outcome in (DecisionOutcome.APPROVED, DecisionOutcome.REJECTED)
    if decided and nota.state != NotaState.FOR_APPROVAL:
        raise StaleObject(
            _("This nota is no longer submitted for approval: it went back to discussion.")
        )
    if outcome == DecisionOutcome.APPROVED:
        _body_approves(nota, orgaan=orgaan, decision=decision, by=by)
    elif outcome == DecisionOutcome.REJECTED:
        transition_run(
            nota,
            "back_to_discussion",
            by=by,
            action="nota.rejected",
            locked=True,
            reason=getattr(decision, "motivation", ""),
            data={"decision": getattr(decision, "pk", None), "orgaan": getattr(orgaan, "pk", None)},
        )


def _body_approves(nota, *, orgaan, decision, by) -> None:
    """One body approves the current version, if it is the one on its agenda; the nota is
    approved once every approving body has approved that version."""
    version = latest_version(nota)
    item = getattr(decision, "item", None)
    if item is not None and item.created_at < version.created_at:
        raise ValidationError(
            _(
                "The nota was revised after it was put on this agenda: postpone this item "
                "and put version %(n)s on a next agenda."
            )
            % {"n": version.number}
        )
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
    if set(access.approving_bodies(nota)) <= approved_by:
        transition_run(
            nota,
            "approve",
            by=by,
            action="nota.approved",
            locked=True,
            data={"version": version.number},
        )


# --- signatures --------------------------------------------------------------------------------


def _signed_roles(version) -> set[str]:
    return set(version.signatures.values_list("role", flat=True))


def nota_sign(*, nota, by, password) -> Signature:
    """A named signatory signs the approved version, with their password; when everyone
    has, the nota is signed and replaces the previous signed nota of its kind and term.
    The password is checked before the signing's transaction: a refusal rolls that back,
    and the wrong password must still count towards the signing throttle."""
    if not access.signatory_roles_of(by, nota):
        raise PermissionDenied(access.not_a_signatory())
    check_signing_password(by, password)
    return _sign(nota=nota, by=by)


@transaction.atomic
def _sign(*, nota, by) -> Signature:
    lock(nota)
    if nota.state != NotaState.APPROVED:
        raise ValidationError(str(ONLY_APPROVED))
    if not access.signatory_roles_of(by, nota):
        raise PermissionDenied(access.not_a_signatory())
    version = latest_version(nota)
    left = access.roles_left_to_sign(by, nota, _signed_roles(version))
    if not left:
        raise ValidationError(str(ALREADY_SIGNED))
    signature = Signature.objects.create(
        version=version, signer=by, role=left[0], content_hash=version.content_hash
    )
    audit_record(
        actor=by,
        action="nota.sign",
        target=nota,
        to_state=left[0],
        data={"version": version.number, "hash": version.content_hash},
    )
    if set(access.signing_roles(nota)) <= _signed_roles(version):
        # one decree nota per term; an exercise's nota belongs to its own exercise
        replaced = Afsprakennota.objects.filter(
            kind=NotaKind.DECREE, term=nota.term, state=NotaState.SIGNED
        ).exclude(pk=nota.pk)
        for previous in replaced if nota.kind == NotaKind.DECREE else []:
            transition_run(
                previous, "replace", by=by, action="nota.replaced", data={"by_nota": nota.pk}
            )
        transition_run(nota, "complete_signing", by=by, action="nota.signed", locked=True)
    return signature


@transaction.atomic
def nota_refuse_signature(*, nota, by, reason: str) -> None:
    """A signatory refuses, with a reason: the nota goes back to discussion."""
    lock(nota)
    mine = access.signatory_roles_of(by, nota)
    if mine and nota.state != NotaState.APPROVED:
        raise ValidationError(str(ONLY_APPROVED))
    if mine and not access.roles_left_to_sign(by, nota, _signed_roles(latest_version(nota))):
        raise ValidationError(str(ALREADY_SIGNED))
    transition_run(
        nota,
        "back_to_discussion",
        by=by,
        action="nota.signature-refused",
        locked=True,
        allowed=bool(mine),
        denied_message=access.not_a_signatory(),
        needs_reason=True,
        reason=reason,
    )


# --- editing -----------------------------------------------------------------------------------


def _locked_editable(nota, by):
    """The nota, locked and read afresh, for an editor while it can still change."""
    if not access.may_edit(by):
        raise PermissionDenied(access.not_an_editor())
    lock(nota)
    if not nota.editable:
        raise ValidationError(str(NOT_EDITABLE))
    return nota


@transaction.atomic
def nota_update(*, nota, data: dict, by, expected_version: int) -> Afsprakennota:
    """The header fields and the introduction; refused when someone saved in between."""
    _locked_editable(nota, by)
    if nota.lock_version != expected_version:
        raise StaleObject(str(CONCURRENT_EDIT))
    changed = [name for name, value in data.items() if getattr(nota, name) != value]
    for name, value in data.items():
        setattr(nota, name, value)
    nota.lock_version += 1
    nota.save(update_fields=[*data, "lock_version"])
    audit_record(actor=by, action="nota.edit", target=nota, data={"fields": changed})
    return nota


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
        article = structure.article_insert(
            nota=nota, parent=parent, after=after, heading=heading, text=text, role=role
        )
        audit_record(actor=by, action="nota.article-add", target=nota, data={"article": article.pk})
        return article
    locked = Article.objects.select_for_update().filter(pk=article.pk, nota=nota).first()
    if locked is None:
        raise StaleObject(str(structure.GONE))
    if expected_version is not None and locked.lock_version != expected_version:
        raise StaleObject(str(CONCURRENT_EDIT))
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
def article_move(*, article, up: bool, by) -> None:
    """Move an article one place up or down among its siblings; the rest renumbers."""
    _locked_editable(article.nota, by)
    structure.article_move(article=article, up=up)
    audit_record(
        actor=by,
        action="nota.article-up" if up else "nota.article-down",
        target=article.nota,
        data={"article": article.pk},
    )


@transaction.atomic
def article_delete(*, article, by) -> None:
    """Delete an article with what it holds (its comments move to the nota as a whole); the
    rest renumbers."""
    _locked_editable(article.nota, by)
    _keep_comments_of(article)
    structure.article_delete(article=article)
    audit_record(
        actor=by, action="nota.article-delete", target=article.nota, data={"article": article.pk}
    )
