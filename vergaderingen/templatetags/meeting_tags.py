"""Template helpers of the meeting page and the public decision list."""

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

register = template.Library()

# makemessages (xgettext) does not read the texts inside f-strings: those used in f-strings
# below are listed here, so that the catalogue keeps them and _() finds their translation
FSTRING_TEXTS = (
    gettext_noop("Decision"),
    gettext_noop("Left the meeting for this item (conflict of interest):"),
    gettext_noop("Motivation"),
    gettext_noop("Outcome"),
    gettext_noop("Urgent item"),
    gettext_noop("Vote"),
    gettext_noop("You voted in this secret vote."),
    gettext_noop("choose a member"),
    gettext_noop("quorum reached"),
    gettext_noop("Decide by consensus"),
    gettext_noop("Record the decision"),
    gettext_noop("by consensus"),
    gettext_noop("no quorum"),
    gettext_noop("nobody can chair this item"),
    gettext_noop("rapporteur"),
    gettext_noop("standing in for the chair"),
    gettext_noop("you can change it"),
)


@register.simple_tag(takes_context=True)
def options(context, choices, selected=None):
    """The <option>s of a select from (value, label) pairs, the selected value marked.

    One string rather than a template loop, and each option escaped once per page: the
    attendance table repeats two lists of every agenda item for each member of the body
    (800 options for 40 items and 10 members).
    """
    cache = context.render_context.setdefault("meeting_tags.options", {})
    cached = cache.get(id(choices))
    if cached is None or cached[0] is not choices:
        parts = [
            (value, format_html('<option value="{}"', value), format_html(">{}</option>", label))
            for value, label in choices
        ]
        cached = cache[id(choices)] = (choices, parts)
    parts = cached[1]
    return mark_safe(
        "".join(
            f"{start} selected{end}" if value == selected else f"{start}{end}"
            for value, start, end in parts
        )
    )


@register.simple_tag
def lblod_decisions(meeting):
    """The public list's decisions of a meeting, with their linked-data markup (lblod.py)."""
    from vergaderingen import lblod

    return mark_safe(lblod.decision_items(meeting))


@register.simple_tag
def lblod_meeting(meeting):
    """The meeting's planned start, start and end, as linked data (lblod.py)."""
    from vergaderingen import lblod

    return mark_safe(lblod.meeting_head(meeting))


@register.simple_tag
def lblod_prefixes():
    from vergaderingen import lblod

    return lblod.PREFIXES


@register.simple_tag
def lblod_uri(kind, pk):
    from vergaderingen import lblod

    return lblod.uri(kind, pk)


# --- an agenda item on the meeting page -----------------------------------------------------------
#
# Written here rather than by the template: the page shows 40 items with up to six forms each,
# and the template engine spent a third of the page's time on their some 2.500 nodes. The
# texts are the template's own msgids; the HTML is what the template wrote (tests compare).


def _csrf(context) -> str:
    """The {% csrf_token %} input, once per page."""
    cache = context.render_context
    if "meeting_tags.csrf" not in cache:
        cache["meeting_tags.csrf"] = str(CsrfTokenNode().render(context))
    return cache["meeting_tags.csrf"]


def _form(action, csrf, body, css="") -> str:
    attrs = f' class="{css}"' if css else ""
    return f'<form method="post" action="{action}"{attrs}>{csrf}{body}</form>'


def _button(css, text) -> str:
    return f'<button class="btn btn-sm {css}" type="submit">{text}</button>'


def _header(row, item, chair) -> list[str]:
    entries = []
    if item.rapporteur_name:
        entries.append(f"{escape(_('rapporteur'))}: {escape(item.rapporteur_name)}")
    if item.concerns_person:
        entries.append(_("concerns a person: any vote is secret"))
    numbers = row["quorum_numbers"]
    if numbers:
        state = _("quorum reached") if row["quorum"] else f"<strong>{_('no quorum')}</strong>"
        counts = _("%(present)s of %(members)s present, %(needed)s needed") % {
            "present": numbers[0],
            "members": numbers[1],
            "needed": numbers[2],
        }
        entries.append(f"{state}: {counts}")
    if numbers and not row["decision"]:
        acting = row["acting_chair"]
        if acting:
            led = _("led by %(name)s") % {"name": escape(acting.full_name)}
            if acting != chair:
                led += f" ({_('standing in for the chair')})"
            entries.append(led)
        else:
            entries.append(f"<strong>{_('nobody can chair this item')}</strong>")
    return [f'<li class="list-inline-item">{entry}</li>' for entry in entries]


def _recusals(context, row, csrf) -> list[str]:
    if not row["recused"]:
        return []
    names = ", ".join(escape(name) for name in row["recused"])
    parts = [
        f'<p class="small mb-1">{_("Left the meeting for this item (conflict of interest):")} '
        f"{names}</p>"
    ]
    meeting, user = context["meeting"], context["user"]
    if meeting.state == "geopend" and not row["vote"] and not row["decision"]:
        forms = [
            _form(
                row["urls"]["recusal_withdraw"],
                csrf,
                f'<input type="hidden" name="member" value="{member_id}">'
                + _button(
                    "btn-outline-secondary",
                    _("Withdraw the conflict of interest of %(name)s") % {"name": escape(name)},
                ),
            )
            for member_id, name in row["recused_members"]
            if context.get("may_run") or member_id == user.pk
        ]
        parts.append(f'<div class="d-flex flex-wrap gap-2 mb-2">{"".join(forms)}</div>')
    return parts


def _ballot(context, row, item, csrf) -> str:
    choices = []
    for value, label in context["ballot_form"].fields["choice"].choices:
        checked = " checked" if row["my_ballot"] == value else ""
        field = f"stem-{item.pk}-{escape(value)}"
        choices.append(
            f'<div class="form-check form-check-inline"><input class="form-check-input" '
            f'type="radio" name="choice" id="{field}" value="{escape(value)}"{checked}>'
            f'<label class="form-check-label" for="{field}">{escape(capfirst(label))}</label>'
            "</div>"
        )
    legend = _("Your vote on item %(n)s") % {"n": item.order}
    if row["my_ballot"]:
        legend += f" ({_('you can change it')})"
    return _form(
        row["urls"]["ballot"],
        csrf,
        f'<fieldset><legend class="h6">{legend}</legend>{"".join(choices)}</fieldset>'
        f'<button class="btn btn-sm btn-primary mt-1" type="submit">{_("Vote")}</button>',
        "mb-2",
    )


def _lead(context, row, item, csrf) -> str:
    """The forms of whoever leads the item: open or close the vote, record its result, or
    decide by consensus (postpone, for an item about a person)."""
    urls, n = row["urls"], {"n": item.order}
    if row["open_vote"]:
        forms = _form(
            urls["vote_close"], csrf, _button("btn-primary", _("Close the vote on item %(n)s") % n)
        )
    elif row["vote"]:
        text = _("Record the result of the vote on item %(n)s") % n
        forms = _form(urls["decision"], csrf, _button("btn-primary", text))
    else:
        secret = item.concerns_person
        text = (
            _("Open a secret vote on item %(n)s") if secret else _("Open a vote on item %(n)s")
        ) % n
        forms = _form(urls["vote_open"], csrf, _button("btn-outline-primary", text))
        if item.concerns_person:
            forms += _form(
                urls["decision"],
                csrf,
                '<input type="hidden" name="outcome" value="uitgesteld">'
                + _button("btn-outline-secondary", _("Postpone item %(n)s") % n),
            )
        else:
            pk = item.pk
            forms += (
                f"<details><summary>{_('Decide by consensus')}</summary>"
                + _form(
                    urls["decision"],
                    csrf,
                    f'<label class="form-label" for="uitkomst-{pk}">{_("Outcome")}</label>'
                    f'<select class="form-select mb-2" name="outcome" id="uitkomst-{pk}" required>'
                    f"{options(context, context['outcome_choices'])}</select>"
                    f'<label class="form-label" for="motivering-{pk}">{_("Motivation")}</label>'
                    f'<textarea class="form-control mb-2" name="motivation" id="motivering-{pk}" '
                    f'rows="2" maxlength="{context["motivation_max_length"]}"></textarea>'
                    f'<button class="btn btn-sm btn-primary" type="submit">'
                    f"{_('Record the decision')}</button>",
                    "mt-2",
                )
                + "</details>"
            )
    return f'<div class="d-flex flex-wrap gap-2 align-items-start">{forms}</div>'


def _open_meeting(context, row, item, csrf) -> list[str]:
    """What an item of an open meeting without a decision shows: the tally, the vote, the
    leader's forms and the conflicts of interest."""
    parts = []
    if row["sees_tally"]:
        tally = context.template.engine.get_template("vergaderingen/_tally.html")
        with context.push(
            item=item,
            vote=row["vote"],
            tally_context=row.get("tally_context"),
            tally_url=row["urls"]["tally"],
            turnout=row["turnout"],
        ):
            parts.append(tally.render(context))
    if row["open_vote"] and row["turnout"] and not row["sees_tally"]:
        cast, eligible = row["turnout"]
        voted = _("%(cast)s of %(eligible)s voted") % {"cast": cast, "eligible": eligible}
        parts.append(f'<p class="small mb-1">{voted}</p>')
    if row["i_voted_secretly"]:
        parts.append(f'<p class="small">{_("You voted in this secret vote.")}</p>')
    elif row["may_vote"]:
        parts.append(_ballot(context, row, item, csrf))
    elif row["i_am_recused"]:
        text = _("You declared a conflict of interest: you do not take part in this item.")
        parts.append(f'<p class="small">{text}</p>')
    if row["i_lead"]:
        parts.append(_lead(context, row, item, csrf))
    if not row["vote"] or row["open_vote"]:
        n = {"n": item.order}
        if context.get("is_member") and not row["i_am_recused"]:
            text = _("Declare a conflict of interest on item %(n)s") % n
            button = _button("btn-outline-danger", text)
            parts.append(_form(row["urls"]["recusal"], csrf, button, "mt-2"))
        if context.get("may_run"):
            field = f"onthouding-{item.pk}"
            leaves = _("Record that a member leaves the room for item %(n)s") % n
            parts.append(
                _form(
                    row["urls"]["recusal"],
                    csrf,
                    f'<label class="small" for="{field}">{leaves}</label>'
                    f'<select class="form-select form-select-sm w-auto" name="member" id="{field}" '
                    f'required><option value="">{_("choose a member")}</option>'
                    f"{options(context, context['present_member_choices'])}</select>"
                    + _button("btn-outline-danger", _("Record the conflict of interest")),
                    "d-flex flex-wrap gap-2 align-items-center mt-2",
                )
            )
    return parts


@register.simple_tag(takes_context=True)
def agenda_item(context, row, first, last):
    """{% agenda_item row forloop.first forloop.last %}: an item of the meeting page, as
    selectors.meeting_page made its `row`, for the person the page is for."""
    item, meeting, csrf = row["item"], context["meeting"], _csrf(context)
    pk, n = item.pk, {"n": item.order}
    title = escape(item.title)
    if row["subject_url"]:
        title = f'<a href="{escape(row["subject_url"])}">{title}</a>'
    header = "".join(_header(row, item, context.get("chair")))
    parts = [
        f'<article class="card mb-3" id="punt-{pk}" aria-labelledby="punt-titel-{pk}">'
        f'<div class="card-body"><h3 class="h5" id="punt-titel-{pk}">{item.order}. {title}</h3>'
        f'<ul class="list-inline small mb-2">{header}</ul>'
    ]
    if item.urgent:
        parts.append(
            f'<p class="small"><strong>{_("Urgent item")}</strong>: {escape(item.urgency)}</p>'
        )
    parts += _recusals(context, row, csrf)
    if row["removed_ballots"]:
        removed = ngettext(
            "%(n)s ballot was taken out: its member declared a conflict of interest after voting.",
            "%(n)s ballots were taken out: their members declared a conflict of interest after "
            "voting.",
            row["removed_ballots"],
        ) % {"n": row["removed_ballots"]}
        parts.append(f'<p class="small">{removed}</p>')
    if row["annulled"]:
        text = _(
            "The secret vote was annulled: a member who had voted declared a conflict of "
            "interest. The vote is held again."
        )
        parts.append(f'<p class="alert alert-warning small py-1">{text}</p>')
    preparing, may_run = context.get("preparing"), context.get("may_run")
    if preparing:
        moves = ""
        if not first:
            moves += _form(
                row["urls"]["move_up"],
                csrf,
                _button("btn-outline-secondary", _("Move item %(n)s up") % n),
            )
        if not last:
            moves += _form(
                row["urls"]["move_down"],
                csrf,
                _button("btn-outline-secondary", _("Move item %(n)s down") % n),
            )
        parts.append(f'<div class="d-flex gap-2 mb-2">{moves}</div>')
    editable = preparing or (may_run and meeting.state not in ("gesloten", "notulen_goedgekeurd"))
    if (
        editable
        and not row["decision"]
        and not row["vote"]
        and item.kind == "algemeen"
        and not item.subject_type_id
        and not item.is_minutes_item
    ):
        text = (
            _("Item %(n)s is not about a person")
            if item.concerns_person
            else _("Item %(n)s is about a person: vote secretly")
        ) % n
        value = "nee" if item.concerns_person else "ja"
        parts.append(
            _form(
                row["urls"]["person"],
                csrf,
                f'<input type="hidden" name="concerns_person" value="{value}">'
                + _button("btn-link p-0", text),
                "mb-2",
            )
        )
    decision = row["decision"]
    if decision:
        how = ""
        if decision.by_consensus:
            how = f" ({_('by consensus')})"
        elif decision.vote:
            vote = decision.vote
            counts = _("yes %(ja)s, no %(nee)s, abstention %(onthouding)s") % {
                "ja": vote.ja,
                "nee": vote.nee,
                "onthouding": vote.onthouding,
            }
            how = f" ({counts})"
        parts.append(
            f'<p class="mb-0"><strong>{_("Decision")}: '
            f"{escape(decision.get_outcome_display())}</strong>{how}</p>"
        )
    elif meeting.state == "geopend":
        parts += _open_meeting(context, row, item, csrf)
    parts.append("</div></article>")
    return mark_safe("".join(parts))
