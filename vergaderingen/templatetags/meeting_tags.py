"""Template helpers of the meeting page and the public decision list."""

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
