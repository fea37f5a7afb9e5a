"""How the optimisation's pages write full-time equivalents: "0,5 VTE", as the form reads
them back (core.numbers), never "0,50" or "5"."""

from django import template
from django.utils.translation import gettext as _

from core.numbers import format_number

register = template.Library()


@register.filter
def fte(value):
    """A number of full-time equivalents in the language's notation, with its unit."""
    if value is None or value == "":
        return "–"
    return _("%(fte)s FTE") % {"fte": format_number(value, trim=True)}
