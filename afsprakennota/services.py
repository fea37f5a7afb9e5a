"""The afsprakennota's lifecycle: drafting from the decree's template, discussion, approval
by every body among the parties (the college, the vast bureau and, by the installation's
setting, the BCSD) in their meetings, signatures. Every change of state freezes a version and
writes an audit row."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.constants import Role
from core.audit import audit_record
from core.signing import check_signer
from core.transitions import StaleObject, lock, transition_run
from vergaderingen.constants import DecisionOutcome

from . import access, structure
from .constants import (
    IN_PROGRESS_STATES,
    OPEN_DISCUSSION,
    STEPS,
    SUBMIT_FOR_APPROVAL,
    NotaKind,
    NotaState,
)
from .models import Afsprakennota, Approval, Article, NotaVersion, Party, Signature
from .selectors import latest_version, unfinished_sections
from .tasks import queue_seal
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

# The three sections the decree requires (REQUIRED_SECTIONS: they cannot be deleted, and the
# nota is not approved while one is empty or still holds its guidance), each with its guidance,
# then the usual further sections.
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
REQUIRED_SECTIONS = 3

# An optimisation exercise's nota: its parties, its principles and an article on each role in
# the cycle, item by item as DOMAIN.md ("An optimisation exercise") lists them. The college's
# article carries the schepen role, so the burgemeester and every schepen read it as theirs
# (access.article_roles); every member of the MT reads the MT's.
OPTIMISATION_PARTIES = [
    ("College van burgemeester en schepenen", Role.BURGEMEESTER),
    ("Managementteam", Role.ALGEMEEN_DIRECTEUR),
    ("De managers", None),
    ("De diensthoofden", None),
    ("De schepenen", None),
]
OPTIMISATION_PRINCIPLES = [
    "Belangen mogen op tafel komen, maar impasses en veto's worden vermeden: het proces mag "
    "nooit vastlopen op één persoon.",
    "De debatten zijn constructief.",
    "De inhoud van de debatten is vertrouwelijk, tenzij de groep samen anders beslist.",
    "Het college en het managementteam dragen hun beslissingen samen en spreken naar buiten "
    "met één stem, ook wanneer een beslissing niet bij consensus genomen werd.",
]


def _items(*lines: str) -> str:
    return "\n".join(f"- {line}" for line in lines)


OPTIMISATION_SECTIONS = [
    (
        "Doel en kader van de oefening",
        "",
        "Het college legt het budgettaire en beleidsmatige kader vast: de "
        "besparingsdoelstelling, de grenzen (bijvoorbeeld geen gedwongen ontslagen) en de "
        "timing van de oefening.",
    ),
    (
        "Principes",
        "",
        "Wie aan de oefening deelneemt, houdt zich aan deze principes:\n\n"
        + _items(*OPTIMISATION_PRINCIPLES),
    ),
    (
        "Rol van het college",
        Role.SCHEPEN,
        "Het college (de burgemeester en de schepenen) beslist collegiaal, in zitting:\n\n"
        + _items(
            "het legt het budgettaire en beleidsmatige kader van de oefening vast;",
            "het beslist welke optimalisaties worden doorgevoerd.",
        ),
    ),
    (
        "Rol van de schepenen",
        Role.SCHEPEN,
        "Elke schepen, voor de beleidsdomeinen van zijn of haar portefeuille:\n\n"
        + _items(
            "verwoordt zijn of haar visie duidelijk, in de beleidsnota;",
            "geeft doorheen het hele proces eigen adviezen;",
            "legt na de adviezen van de administratie de beleidsprioriteiten vast.",
        ),
    ),
    (
        "Rol van de algemeen directeur",
        Role.ALGEMEEN_DIRECTEUR,
        "De algemeen directeur:\n\n"
        + _items(
            "bewaakt de timing van de oefening;",
            "leidt het managementteam;",
            "legt de gevalideerde bundels voor aan het college en woont de zitting bij, "
            "zonder stemrecht.",
        ),
    ),
    (
        "Rol van het managementteam",
        Role.LID_MT,
        "Het managementteam:\n\n"
        + _items(
            "valideert de output van de diensthoofden;",
            "tilt voorstellen boven het niveau van één dienst naar het niveau van de "
            "organisatie, door ze te combineren;",
            "bundelt de adviezen en bereidt ze voor het college voor.",
        ),
    ),
    (
        "Rol van de managers",
        Role.MANAGER,
        "Elke manager, voor de diensten van zijn of haar cluster:\n\n"
        + _items(
            "ondersteunt en coacht de diensthoofden;",
            "evalueert hun output en stuurt bij (stuurt een advies terug om te herwerken);",
            "zorgt voor een gerichte interne communicatie;",
            "informeert de schepenen tijdig over de voorgestelde adviezen.",
        ),
    ),
    (
        "Rol van de diensthoofden",
        Role.DIENSTHOOFD,
        "Elk diensthoofd, voor zijn of haar dienst:\n\n"
        + _items(
            "formuleert adviezen voor optimalisaties, zo objectief mogelijk onderbouwd (met de "
            "verwachte besparing en de gevolgen voor personeel en dienstverlening);",
            "stelt een implementatieplan op;",
            "voert de gekozen optimalisaties uit.",
        ),
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


def _from_template(*, kind, term, by, parties, sections, required=0, **header) -> Afsprakennota:
    """A new nota with the template's header, parties and articles (heading, role, text; the
    first `required` are required sections, their text their guidance), and its audit row."""
    try:
        with transaction.atomic():  # the constraint decides between two simultaneous creates
            nota = Afsprakennota.objects.create(kind=kind, term=term, created_by=by, **header)
    except IntegrityError:
        raise ValidationError({"term": one_in_progress(term)}) from None
    for position, (name, role) in enumerate(parties, start=1):
        Party.objects.create(nota=nota, position=position, name=name, signatory_role=role or "")
    for index, (heading, role, text) in enumerate(sections):
        is_required = index < required
        structure.article_insert(
            nota=nota,
            heading=heading,
            text=text,
            role=role,
            required=is_required,
            guidance=text if is_required else "",
        )
    audit_record(actor=by, action="nota.create", target=nota, to_state=nota.state)
    return nota


def one_in_progress(term) -> str:
    return _(
        "The term of office %(term)s already has a decree afsprakennota in progress: finish "
        "or revise that one. A new one can be drawn up once it is signed."
    ) % {"term": term}


def _check_draws_up(by) -> None:
    if not access.may_draw_up(by):
        raise PermissionDenied(_("The algemeen directeur draws up the afsprakennota."))


@transaction.atomic
def nota_create_decree(*, term, by) -> Afsprakennota:
    """The decree's nota for a term of office, from the template with its seven parties and
    the three required sections; refused while the term has one in progress (not signed)."""
    _check_draws_up(by)
    if Afsprakennota.objects.filter(
        kind=NotaKind.DECREE, term=term, state__in=IN_PROGRESS_STATES
    ).exists():
        raise ValidationError({"term": one_in_progress(term)})
    return _from_template(
        kind=NotaKind.DECREE,
        term=term,
        by=by,
        parties=DECREE_PARTIES,
        sections=[(heading, "", guidance) for heading, guidance in DECREE_SECTIONS],
        required=REQUIRED_SECTIONS,
        onderwerp=f"Afsprakennota bestuursperiode {term}",
        aan="Het college, de burgemeester, het vast bureau en zijn voorzitter, het BCSD en "
        "zijn voorzitter",
        introduction="Met deze afsprakennota maken de algemeen directeur, ook namens het "
        "managementteam, en de politieke organen afspraken over hun samenwerking "
        "(art. 171 §2 van het Decreet over het lokaal bestuur).",
    )


MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def parsed_date(text: str):
    """ "5 december 2026", "05/12/2026", "5.12.2026" or "2026-12-05" as a date (None if not)."""
    import datetime
    import re

    text = (text or "").strip().lower()
    match = re.search(r"(\d{1,2})\s+([a-z]+)\s+(\d{4})", text)
    try:
        if match and match.group(2) in MONTHS:
            return datetime.date(
                int(match.group(3)), MONTHS.index(match.group(2)) + 1, int(match.group(1))
            )
        match = re.search(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
        if match:
            return datetime.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        match = re.search(r"(\d{4})-(\d{2})-(\d{2})", text)
        if match:
            return datetime.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None
    return None


def check_term_free(term) -> None:
    if Afsprakennota.objects.filter(
        kind=NotaKind.DECREE, term=term, state__in=IN_PROGRESS_STATES
    ).exists():
        raise ValidationError({"term": one_in_progress(term)})


def _decree_nota(*, term, by, header: dict, parties, action_data: dict) -> Afsprakennota:
    try:
        with transaction.atomic():
            nota = Afsprakennota.objects.create(
                kind=NotaKind.DECREE, term=term, created_by=by, **header
            )
    except IntegrityError:
        raise ValidationError({"term": one_in_progress(term)}) from None
    for position, (name, role) in enumerate(parties, start=1):
        Party.objects.create(nota=nota, position=position, name=name, signatory_role=role or "")
    audit_record(actor=by, action="nota.create", target=nota, to_state=nota.state, data=action_data)
    return nota


@transaction.atomic
def nota_create_decree_blank(*, term, by) -> Afsprakennota:
    """The decree's nota with its parties and no articles."""
    _check_draws_up(by)
    check_term_free(term)
    return _decree_nota(
        term=term,
        by=by,
        header={"onderwerp": f"Afsprakennota bestuursperiode {term}"},
        parties=DECREE_PARTIES,
        action_data={"start": "blank"},
    )


@transaction.atomic
def nota_create_decree_copy(*, term, by, source) -> Afsprakennota:
    """A new draft for `term` with the header, introduction, parties and articles of
    `source` (an earlier decree nota)."""
    _check_draws_up(by)
    check_term_free(term)
    header = {
        name: getattr(source, name)
        for name in ["onderwerp", "aan", "bijlagen", "referentie", "cc", "introduction"]
    }
    nota = _decree_nota(
        term=term,
        by=by,
        header=header,
        parties=[(p.name, p.signatory_role) for p in source.parties.order_by("position")],
        action_data={"start": "copy", "source": source.pk},
    )
    new_pk: dict[int, Article] = {}
    # parents before children: walk the tree level by level
    level = list(source.articles.filter(parent=None).order_by("position"))
    while level:
        next_level = []
        for article in level:
            new_pk[article.pk] = Article.objects.create(
                nota=nota,
                parent=new_pk.get(article.parent_id),
                position=article.position,
                heading=article.heading,
                text=article.text,
                role=article.role,
                required=article.required,
                guidance=article.guidance,
                children_style=article.children_style,
            )
            next_level += list(article.children.order_by("position"))
        level = next_level
    return nota


@transaction.atomic
def nota_create_decree_imported(*, term, by, parsed) -> Afsprakennota:
    """The decree's nota from a pasted or imported memo (an importing.ParsedNota): its header,
    introduction and articles, with the decree's parties. A top-level article whose heading
    is a section the decree requires is that required section."""
    _check_draws_up(by)
    check_term_free(term)
    header = {
        name: (parsed.header.get(name) or "")[:300]
        for name in ["onderwerp", "aan", "bijlagen", "cc"]
    }
    header["referentie"] = (parsed.header.get("referentie") or "")[:100]
    header["onderwerp"] = header["onderwerp"] or f"Afsprakennota bestuursperiode {term}"
    date = parsed_date(parsed.header.get("datum", ""))
    if date:
        header["datum"] = date
    header["introduction"] = parsed.introduction
    nota = _decree_nota(
        term=term,
        by=by,
        header=header,
        parties=DECREE_PARTIES,
        action_data={"start": "import", "articles": _count(parsed.articles)},
    )
    required = {heading.lower(): guidance for heading, guidance in DECREE_SECTIONS}

    def add(articles, parent, depth):
        for position, item in enumerate(articles, start=1):
            guidance = required.get(item.heading.strip().lower()) if depth == 0 else None
            article = Article.objects.create(
                nota=nota,
                parent=parent,
                position=position,
                heading=item.heading[:300],
                text=item.text,
                children_style="bullets" if item.children_style == "bullets" else "numbered",
                required=guidance is not None,
                guidance=guidance or "",
            )
            if depth + 1 < structure.MAX_DEPTH:
                add(item.children, article, depth + 1)
            else:  # deeper than items: kept as text of the item
                extra = "\n".join(f"- {c.heading} {c.text}".strip() for c in item.children)
                if extra:
                    article.text = f"{article.text}\n\n{extra}".strip()
                    article.save(update_fields=["text"])

    add(parsed.articles, None, 0)
    return nota


def _count(articles) -> int:
    return sum(1 + _count(a.children) for a in articles)


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
        if step == SUBMIT_FOR_APPROVAL:
            _check_required_sections(obj)
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


def _check_required_sections(nota) -> None:
    """Refused while a section the decree requires is empty or still holds its guidance."""
    unfinished = unfinished_sections(nota)
    if unfinished:
        raise ValidationError(
            _(
                "The decree requires these sections, which are still empty or hold the "
                "template's guidance: %(sections)s. Write them first."
            )
            % {"sections": "; ".join(unfinished)}
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
    """A meeting decided on the nota. Approval of the same version by every approving body
    (access.approving_bodies) approves it; a rejection sends it back to discussion, with the
    decision attached."""
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
            data={
                "decision": getattr(decision, "pk", None),
                "orgaan": getattr(orgaan, "pk", None),
                "reference": getattr(decision, "reference_label", ""),
            },
        )


def _body_approves(nota, *, orgaan, decision, by) -> None:
    """One body approves the current version, if it is the one on its agenda and the
    decree's required sections are written; the approval is dated by the meeting's decision,
    never before the meeting's day. The nota is approved once every approving body has
    approved that version."""
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
    _check_required_sections(nota)
    reference_date = getattr(decision, "reference_date", None)  # decided elsewhere
    if reference_date is not None and reference_date < timezone.localdate(version.created_at):
        raise ValidationError(
            _(
                "Version %(n)s of the nota dates from %(date)s: a decision of an earlier day "
                "did not approve it."
            )
            % {
                "n": version.number,
                "date": date_format(timezone.localtime(version.created_at), "DATE_FORMAT"),
            }
        )
    decided_at = getattr(decision, "decided_at", None) or timezone.now()
    meeting = getattr(item, "meeting", None)
    if meeting is not None and timezone.localdate(decided_at) < timezone.localdate(
        meeting.starts_at
    ):
        raise ValidationError(
            _("This meeting is on %(date)s: the nota cannot be approved in it before that day.")
            % {"date": date_format(timezone.localtime(meeting.starts_at), "DATE_FORMAT")}
        )
    Approval.objects.get_or_create(
        version=version,
        orgaan=orgaan,
        defaults={"decision_id": getattr(decision, "pk", None), "decided_at": decided_at},
    )
    audit_record(
        actor=by,
        action="nota.approval",
        target=nota,
        reason=getattr(decision, "motivation", ""),
        data={
            "version": version.number,
            "orgaan": str(orgaan),
            "meeting": getattr(meeting, "pk", None),
            "decision": getattr(decision, "pk", None),
            "reference": getattr(decision, "reference_label", ""),
        },
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


def approval_redated(nota, decision) -> None:
    """A decision by reference got another date: so does the approval it gave, unless the
    nota was signed before that date (a signature follows its approvals)."""
    approvals = Approval.objects.filter(decision_id=decision.pk)
    signed_before = Signature.objects.filter(
        version__approvals__in=approvals, signed_at__lt=decision.decided_at
    )
    if signed_before.exists():
        raise ValidationError(
            _("The nota was signed before that date: its approval cannot move after it.")
        )
    if approvals.update(decided_at=decision.decided_at):
        audit_record(
            actor=None,
            action="nota.approval-redated",
            target=nota,
            data={"decision": decision.pk, "reference": decision.reference_label},
        )


# --- signatures --------------------------------------------------------------------------------


def _signed_roles(version) -> set[str]:
    return set(version.signatures.values_list("role", flat=True))


def nota_sign(*, nota, by, password=None, sso=False, fresh_login_at=None) -> Signature:
    """A named signatory signs the approved version, with their password (after a single
    sign-on: a fresh login at the identity provider, core.signing); when everyone has, the
    nota is signed and replaces the previous signed nota of its kind and term. The password
    is checked before the signing's transaction: a refusal rolls that back, and the wrong
    password must still count towards the signing throttle."""
    if not access.signatory_roles_of(by, nota):
        raise PermissionDenied(access.not_a_signatory())
    proof = check_signer(by, password=password, sso=sso, fresh_login_at=fresh_login_at)
    return _sign(nota=nota, by=by, proof=proof)


@transaction.atomic
def _sign(*, nota, by, proof) -> Signature:
    lock(nota)
    if nota.state != NotaState.APPROVED:
        raise ValidationError(str(ONLY_APPROVED))
    if not access.signatory_roles_of(by, nota):
        raise PermissionDenied(access.not_a_signatory())
    version = latest_version(nota)
    left = access.roles_left_to_sign(by, nota, _signed_roles(version))
    if not left:
        raise ValidationError(str(ALREADY_SIGNED))
    now = timezone.now()
    last_approval = version.approvals.aggregate(last=Max("decided_at"))["last"]
    if last_approval is not None and now < last_approval:
        raise ValidationError(
            _("The nota is signed after its last approval, of %(when)s.")
            % {"when": date_format(timezone.localtime(last_approval), "DATETIME_FORMAT")}
        )
    signature = Signature.objects.create(
        version=version,
        signer=by,
        role=left[0],
        signed_at=now,
        content_hash=version.content_hash,
        authentication=proof.method,
        authenticated_at=proof.at,
    )
    audit_record(
        actor=by,
        action="nota.sign",
        target=nota,
        to_state=left[0],
        data={
            "version": version.number,
            "hash": version.content_hash,
            "authentication": proof.method,
            "authenticated_at": proof.at.isoformat(),
        },
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
        transaction.on_commit(lambda: queue_seal(version))
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
    children_style=None,
) -> Article:
    """A new article (under `parent`, after `after` or at the end), or a change to one."""
    _locked_editable(nota, by)
    if not (heading or "").strip() and not (text or "").strip():
        raise ValidationError({"text": _("Give the article a heading or a text.")})
    if article is None:
        article = structure.article_insert(
            nota=nota,
            parent=parent,
            after=after,
            heading=heading,
            text=text,
            role=role,
            children_style=children_style or "numbered",
        )
        audit_record(actor=by, action="nota.article-add", target=nota, data={"article": article.pk})
        return article
    locked = Article.objects.select_for_update().filter(pk=article.pk, nota=nota).first()
    if locked is None:
        raise StaleObject(str(structure.GONE))
    if expected_version is not None and locked.lock_version != expected_version:
        raise StaleObject(str(CONCURRENT_EDIT))
    locked.heading, locked.text, locked.role = heading, text, role
    if children_style is not None:
        locked.children_style = children_style
    locked.lock_version += 1
    locked.save(update_fields=["heading", "text", "role", "children_style", "lock_version"])
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
    nota = _locked_editable(article.nota, by)
    if not access.may_delete_article(nota, article):
        raise PermissionDenied(access.required_section())
    _keep_comments_of(article)
    structure.article_delete(article=article)
    audit_record(
        actor=by, action="nota.article-delete", target=article.nota, data={"article": article.pk}
    )
