"""Belgian Dutch formatting: amounts as "€ 12.500,00", dates as "18 november 2022"."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def euro(value):
    """€ with thousands grouping and two decimals in the active language's separators."""
    if value is None or value == "":
        return "–"
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return value
    number = formats.number_format(
        abs(amount).quantize(Decimal("0.01")), 2, use_l10n=True, force_grouping=True
    )
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
