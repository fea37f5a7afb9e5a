"""What the afsprakennota puts on "Mijn werk": signatures awaited, the missing decree nota
(for the algemeen directeur), and each participant's role according to an exercise's nota."""

from __future__ import annotations

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from accounts.models import Term
from core.threads import render_markdown
from core.worklist import Notice, WorkItem

from . import access, selectors
from .constants import NotaState, TermStatus
from .models import Afsprakennota, NotaVersion
from .numbering import numbered

# From discussion on, participants read their role; a draft is still the MT's.
ROLE_VISIBLE_STATES = (
    NotaState.IN_DISCUSSION,
    NotaState.FOR_APPROVAL,
    NotaState.APPROVED,
    NotaState.SIGNED,
)


def work_items(user) -> list[WorkItem]:
    """Signatures awaited from this person (three queries)."""
    waiting = Afsprakennota.objects.filter(state=NotaState.APPROVED).prefetch_related(
        "parties",
        Prefetch(
            "versions",
            queryset=NotaVersion.objects.order_by("-number").prefetch_related("signatures"),
        ),
    )
    items = []
    for nota in waiting:
        versions = list(nota.versions.all())
        signed = {s.role for s in versions[0].signatures.all()} if versions else set()
        if access.may_sign(user, nota, signed):
            items.append(
                WorkItem(
                    title=_("Sign the afsprakennota “%(subject)s”") % {"subject": nota.onderwerp},
                    url=reverse("afsprakennota:sign", args=[nota.pk]),
                )
            )
    return items


def term_notices(user) -> list[Notice]:
    """The algemeen directeur is warned while the current term has no signed decree nota."""
    if not access.may_draw_up(user):
        return []
    term = Term.objects.current()
    if term is None:
        return []
    [(_term, status, nota, _signed)] = selectors.term_status([term], with_signed_on=False)
    if status == TermStatus.SIGNED:
        return []
    if status == TermStatus.MISSING:
        title = _("There is no afsprakennota for the term of office %(term)s.") % {"term": term}
        body = format_html(
            "<p>{}</p>",
            _("The decree requires one (art. 171 §2 DLB). Draw it up from the template."),
        )
        return [
            Notice(
                title=title,
                body=body,
                url=reverse("afsprakennota:create"),
                link_label=_("New afsprakennota"),
                warning=True,
            )
        ]
    return [
        Notice(
            title=_("The afsprakennota for %(term)s is not signed yet (%(state)s).")
            % {"term": term, "state": nota.get_state_display()},
            url=reverse("afsprakennota:detail", args=[nota.pk]),
            link_label=_("Open the nota"),
            warning=True,
        )
    ]


def role_articles(nota, user) -> list:
    """The articles of the nota that describe this person's roles, numbered (one query)."""
    roles = access.article_roles(user)
    return [n for n in numbered(list(nota.articles.all())) if n.article.role in roles]


def role_notice(nota, user, *, context: str) -> Notice | None:
    """ "Your role according to the afsprakennota": the articles, and a link to the PDF."""
    if nota.state not in ROLE_VISIBLE_STATES or not access.may_see(user, nota):
        return None
    articles = role_articles(nota, user)
    if not articles:
        return None
    body = format_html_join(
        "",
        '<div class="role-article"><p class="fw-semibold mb-1">{} {}</p>{}</div>',
        ((n.path + ".", n.article.heading, render_markdown(n.article.text)) for n in articles),
    )
    signed = nota.state == NotaState.SIGNED
    return Notice(
        title=_("Your role in %(context)s, according to the afsprakennota") % {"context": context}
        if signed
        else _("Your role in %(context)s, according to the draft afsprakennota (%(state)s)")
        % {"context": context, "state": nota.get_state_display()},
        body=body,
        url=reverse("afsprakennota:pdf", args=[nota.pk]),
        link_label=_("The signed afsprakennota (PDF)") if signed else _("The draft (PDF)"),
    )
