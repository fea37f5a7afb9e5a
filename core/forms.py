"""Form fields every app shares: amounts and FTE as people type them (core.numbers).

A number input's behaviour depends on the browser's language ("0,5" became "05" in one), so
these are text inputs with `inputmode="decimal"` (a numeric keyboard on a phone) that the
server reads, refusing with a Dutch reason at the field what it cannot read one way only.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from .numbers import NumberError, format_number, parse_number


class DecimalTextInput(forms.TextInput):
    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


class TypedDecimalField(forms.DecimalField):
    """A decimal typed in Flemish (or plain) notation; shown back in the language's."""

    widget = DecimalTextInput
    trim = False  # show 0,5 rather than 0,50

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_number(str(value))
        except NumberError as error:
            raise ValidationError(str(error), code="invalid") from None

    def prepare_value(self, value):
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return format_number(value, decimal_places=self.decimal_places, trim=self.trim)
        return value

    def widget_attrs(self, widget):
        # no step/min/max: they only make sense on a number input
        return forms.Field.widget_attrs(self, widget)


class MoneyField(TypedDecimalField):
    """An amount in euro: "42.500", "42.500,00", "€ 42.500", "42500.00"."""

    def __init__(self, *, max_digits=14, decimal_places=2, **kwargs):
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)


class FteField(TypedDecimalField):
    """Full-time equivalents: "0,5", "1", "2,25"."""

    trim = True

    def __init__(self, *, max_digits=7, decimal_places=2, **kwargs):
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)
