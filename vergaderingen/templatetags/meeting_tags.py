"""Template helpers of the meeting page and the public decision list."""

import html

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


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
def public_decision_items(decisions):
    """The <li>s of a meeting's decisions on the public list, numbered as on the agenda. One
    string rather than a template loop, escaped as Django's escape() does (html.escape) but
    without its per-call overhead: a page of the list holds about a hundred."""
    return mark_safe(
        "".join(
            f'<li value="{int(d.order)}">{html.escape(str(d.text))} — '
            f"<strong>{html.escape(str(d.outcome))}</strong></li>"
            for d in decisions
        )
    )
