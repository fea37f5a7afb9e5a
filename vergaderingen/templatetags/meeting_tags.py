"""Template helpers of the meeting page."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def options(choices, selected=None):
    """The <option>s of a select from (value, label) pairs, the selected value marked.

    One string rather than a template loop: the attendance table repeats two lists of every
    agenda item for each member of the body (800 options for 40 items and 10 members).
    """
    return mark_safe(
        "".join(
            f'<option value="{conditional_escape(value)}"'
            f"{' selected' if value == selected else ''}>{conditional_escape(label)}</option>"
            for value, label in choices
        )
    )
