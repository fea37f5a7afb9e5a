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


# --- dates in a sane window ---------------------------------------------------------------------

EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def sane_date(value) -> None:
    """Every date the app takes lies in 2000–2100: a meeting dated 0001-01-01 or 9999-12-31
    broke every page that showed it (a Dutch message at the field instead)."""
    import datetime

    from django.utils.translation import gettext as _

    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not (EARLIEST_YEAR <= day.year <= LATEST_YEAR):
        raise ValidationError(
            _("Choose a date between %(first)d and %(last)d.")
            % {"first": EARLIEST_YEAR, "last": LATEST_YEAR},
            code="date_window",
        )


class SaneDateField(forms.DateField):
    """A date in 2000–2100, typed as 18/11/2026 or 2026-11-18 or chosen in the browser."""

    default_validators = [sane_date]

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)


class SaneDateTimeField(forms.DateTimeField):
    default_validators = [sane_date]


def with_sane_dates(form_class):
    """A form whose every date and date-time field keeps to 2000–2100 (a class decorator
    for model forms, whose fields the models make)."""
    original_init = form_class.__init__

    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField | forms.DateTimeField):
                if sane_date not in field.validators:
                    field.validators.append(sane_date)
                attrs = field.widget.attrs
                if isinstance(field, forms.DateTimeField):
                    attrs.setdefault("min", f"{EARLIEST_YEAR}-01-01T00:00")
                    attrs.setdefault("max", f"{LATEST_YEAR}-12-31T23:59")
                else:
                    attrs.setdefault("min", f"{EARLIEST_YEAR}-01-01")
                    attrs.setdefault("max", f"{LATEST_YEAR}-12-31")

    form_class.__init__ = __init__
    return form_class
