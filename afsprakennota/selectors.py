"""What the nota's pages read: each in a fixed number of queries, whatever the data size."""

from __future__ import annotations

from django.db.models import Max
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from accounts.models import Orgaan, Term
from core.audit import audit_trail
from core.threads import comment_tree, threads_for

from . import access, links
from .constants import NotaKind, NotaState, TermStatus
from .models import Afsprakennota, Approval, Article, Signature
from .numbering import numbered
from .versions import compare

HISTORY_ROWS = 30

TRAIL_ACTIONS = {
    "nota.create": _("created from the template"),
    "nota.edit": _("header or introduction changed"),
    "nota.article-add": _("article added"),
    "nota.article-edit": _("article changed"),
    "nota.article-up": _("article moved up"),
    "nota.article-down": _("article moved down"),
    "nota.article-delete": _("article deleted"),
    "nota.open-discussion": _("put in discussion"),
    "nota.submit-for-approval": _("sent for approval"),
    "nota.back-to-discussion": _("back to discussion"),
    "nota.approval": _("approved by one body"),
    "nota.approved": _("approved by every body"),
    "nota.rejected": _("rejected in a meeting"),
    "nota.sign": _("signed"),
    "nota.signed": _("signed by everyone"),
    "nota.signature-refused": _("signature refused"),
    "nota.replaced": _("replaced by a newer signed nota"),
}


def visible_notas(user):
    """The notas this person may see, newest term first."""
    return (
        Afsprakennota.objects.filter(access.visible_filter(user))
        .select_related("term")
        .order_by("-term__start", "kind", "-created_at")
    )


def article_of(nota, article_pk) -> Article:
    """One of the nota's articles; 404 for another nota's or a tampered number."""
    if not str(article_pk).isdigit():  # a tampered ?parent= or ?after=
        raise Http404
    return get_object_or_404(Article, pk=article_pk, nota=nota)


def article_number(nota, article) -> str:
    return next(n.number for n in numbered(list(nota.articles.all())) if n.article == article)


def latest_version(nota):
    return nota.versions.order_by("-number").first()


def threads_by_anchor(nota) -> dict[str, list]:
    by_anchor: dict[str, list] = {}
    for thread in threads_for(nota):
        by_anchor.setdefault(thread.anchor, []).append((thread, comment_tree(thread)))
    return by_anchor


def history(nota, limit=HISTORY_ROWS) -> list[tuple]:
    """Audit rows in words: (entry, what happened, from state, to state), newest first."""
    states = dict(NotaState.choices)
    return [
        (
            e,
            TRAIL_ACTIONS.get(e.action, e.action),
            states.get(e.from_state, ""),
            states.get(e.to_state, ""),
        )
        for e in audit_trail(nota)[:limit]
    ]


def _plain(text: str) -> str:
    return " ".join((text or "").split())


def unfinished_in(nota, numbered_rows) -> dict[int, str]:
    """The decree's required sections among these numbered articles that are empty (no text
    of their own or below them) or still hold the template's guidance: {article id: "1.
    heading"}."""
    if nota.kind != NotaKind.DECREE:
        return {}
    by_pk = {n.article.pk: n.article for n in numbered_rows}

    def top(article):
        while article.parent_id is not None and article.parent_id in by_pk:
            article = by_pk[article.parent_id]
        return article.pk

    written = {top(n.article) for n in numbered_rows if n.depth and _plain(n.article.text)}
    unfinished = {}
    for n in numbered_rows:
        article = n.article
        if not article.required:
            continue
        text = _plain(article.text)
        guidance = _plain(article.guidance)
        if (guidance and guidance in text) or (not text and article.pk not in written):
            unfinished[article.pk] = f"{n.number} {article.heading}".strip()
    return unfinished


def unfinished_sections(nota) -> list[str]:
    """The required sections still to write, as "1. heading" (one query)."""
    return list(unfinished_in(nota, numbered(list(nota.articles.all()))).values())


APPROVAL_STATES = (
    NotaState.FOR_APPROVAL,
    NotaState.APPROVED,
    NotaState.SIGNED,
    NotaState.REPLACED,
)


def approval_rows(nota, latest) -> list[dict]:
    """Per approving body, for the version put to them: the body's name, and its approval
    with the meeting and the decision's date, or None while it waits (two queries, none
    before the nota goes for approval)."""
    if latest is None or nota.state not in APPROVAL_STATES:
        return []
    from vergaderingen.models import Decision

    bodies = access.approving_bodies(nota)
    names = dict(Orgaan.objects.filter(type__in=bodies).values_list("type", "name"))
    approvals = {a.orgaan.type: a for a in latest.approvals.all()}  # prefetched
    decisions = Decision.objects.select_related("item__meeting").in_bulk(
        [a.decision_id for a in approvals.values() if a.decision_id]
    )
    rows = []
    for body in bodies:
        approval = approvals.get(body)
        decision = decisions.get(approval.decision_id) if approval else None
        rows.append(
            {
                "body": names.get(body) or body.label,
                "approval": approval,
                "meeting": decision.item.meeting if decision and decision.item else None,
                "decision": decision,
            }
        )
    return rows


def nota_page(nota, *, comment_forms=None) -> dict:
    """Everything the nota page shows: numbered articles with their comment threads (and the
    refused comment form, if any), the required sections still to write, each approving
    body's approval, versions with their approvals, parties with their signatures, the
    subjects that use the nota and the history."""
    threads = threads_by_anchor(nota)
    comment_forms = comment_forms or {}
    numbered_rows = numbered(list(nota.articles.all()))
    unfinished = unfinished_in(nota, numbered_rows)
    rows = [
        {
            "n": n,
            "threads": threads.get(f"artikel-{n.article.pk}", []),
            "form": comment_forms.get(f"artikel-{n.article.pk}"),
            "anchor": f"artikel-{n.article.pk}",
            "may_delete": access.may_delete_article(nota, n.article),
            "unfinished": n.article.pk in unfinished,
        }
        for n in numbered_rows
    ]
    versions = list(nota.versions.prefetch_related("approvals__orgaan").order_by("-number"))
    latest = versions[0] if versions else None
    signatures = {s.role: s for s in latest.signatures.select_related("signer")} if latest else {}
    return {
        "rows": rows,
        "unfinished": list(unfinished.values()),
        "approval_rows": approval_rows(nota, latest),
        "general_threads": threads.get("", []),
        "versions": versions,
        "latest": latest,
        "parties": [(p, signatures.get(p.signatory_role)) for p in nota.parties.all()],
        "signed_roles": set(signatures),
        "subjects": links.subject_links(nota),
        "trail": history(nota),
    }


def versions_compared(nota, older: str | None, newer: str | None) -> dict:
    """All versions, and the two to compare (by default the last two) with their changes."""
    versions = list(nota.versions.select_related("created_by").order_by("number"))
    by_number = {v.number: v for v in versions}
    old = new = None
    if len(versions) >= 2:
        try:
            old = by_number.get(int(versions[-2].number if older is None else older))
            new = by_number.get(int(versions[-1].number if newer is None else newer))
        except ValueError:
            old = new = None
    changes = compare(old.content, new.content) if old and new else None
    return {"versions": versions, "older": old, "newer": new, "changes": changes}


def term_rows(user) -> list[tuple]:
    """Per term, newest first: (term, status, its nota if this person may see it, signed on)."""
    terms = list(Term.objects.order_by("-start"))
    return [
        (t, status, n if n and access.may_see(user, n) else None, d)
        for t, status, n, d in term_status(terms)
    ]


TERM_STATUS = {
    NotaState.DRAFT: TermStatus.DRAFTING,
    NotaState.IN_DISCUSSION: TermStatus.DRAFTING,
    NotaState.FOR_APPROVAL: TermStatus.FOR_APPROVAL,
    NotaState.APPROVED: TermStatus.APPROVED,
    NotaState.SIGNED: TermStatus.SIGNED,
}
STATUS_RANK = list(TermStatus)


def term_status(terms, *, with_signed_on: bool = True) -> list[tuple]:
    """Per term: (term, status, nota, signed on) for its decree nota; status is a TermStatus
    (missing, drafting, for approval, approved, signed). Two queries, one without the
    signing dates (with_signed_on=False: signed on is then None)."""
    best: dict[int, tuple[TermStatus, Afsprakennota | None]] = {
        t.pk: (TermStatus.MISSING, None) for t in terms
    }
    for nota in Afsprakennota.objects.filter(kind=NotaKind.DECREE, term__in=terms).exclude(
        state=NotaState.REPLACED
    ):
        status = TERM_STATUS[NotaState(nota.state)]
        if STATUS_RANK.index(status) > STATUS_RANK.index(best[nota.term_id][0]):
            best[nota.term_id] = (status, nota)
    signed = [n.pk for status, n in best.values() if n is not None and status == TermStatus.SIGNED]
    signed_on = dict(
        Signature.objects.filter(version__nota_id__in=signed if with_signed_on else [])
        .values("version__nota_id")
        .annotate(last=Max("signed_at"))
        .values_list("version__nota_id", "last")
    )
    rows = []
    for t in terms:
        status, nota = best[t.pk]
        rows.append((t, status, nota, signed_on.get(nota.pk) if nota is not None else None))
    return rows


def candidates_for(orgaan) -> list:
    """Notas waiting for this body's approval of their current version (for its agenda)."""
    waiting = Afsprakennota.objects.filter(state=NotaState.FOR_APPROVAL)
    return [
        n
        for n in waiting
        if orgaan.type in access.approving_bodies(n)
        and not Approval.objects.filter(version=latest_version(n), orgaan=orgaan).exists()
    ]


def draft_decision(nota):
    """The draft decision (ontwerpbesluit) approving the nota's current version, for a body
    that decides in the official decision system (vergaderingen.draft). Dutch, as the nota."""
    from vergaderingen.draft import Draft

    version = latest_version(nota)
    number = version.number if version else 1
    return Draft(
        subject=f"Goedkeuring van {nota}",
        context=[f"{nota} werd besproken tussen het college en het managementteam."],
        legal_grounds=[
            "Het Decreet over het lokaal bestuur, artikel 171 §2, over de afsprakennota die "
            "het college en het managementteam samen opstellen."
        ],
        articles=[f"Versie {number} van {nota} wordt goedgekeurd, zoals in bijlage."],
    )
