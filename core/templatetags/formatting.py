"""Belgian Dutch formatting: amounts as "€ 12.500,00", dates as "18 november 2022"."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils import formats

register = template.Library()
CENT = Decimal("0.01")


@register.filter
def euro(value):
    """€ with thousands grouping and two decimals in the active language's separators."""
    if value is None or value == "":
        return "–"
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return value
    # what formats.number_format(..., 2, force_grouping=True) writes for a grouping of three,
    # at a tenth of its cost (a results page shows a few hundred amounts)
    separators = {
        ord(","): formats.get_format("THOUSAND_SEPARATOR"),
        ord("."): formats.get_format("DECIMAL_SEPARATOR"),
    }
    number = f"{abs(amount).quantize(CENT):,.2f}".translate(separators)
    sign = "-" if amount < 0 else ""
    return f"{sign}€ {number}"


@register.filter
def datum(value):
    """A date as "18 november 2022" (the active language's DATE_FORMAT)."""
    if not value:
        return ""
    return formats.date_format(value, "DATE_FORMAT")


@register.filter
def markdown(text):
    """Sanitised Markdown (paragraphs, lists, bold, italic, links) as HTML."""
    from core.threads import render_markdown

    return render_markdown(text)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, key) if mapping else key
