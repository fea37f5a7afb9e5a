"""Numbers as Flemish staff type them: "42.500", "42.500,00", "0,5", "€ 42.500", and also
"42500.00" or "42,500.00". Whatever cannot be read one way only is refused with a reason,
never reinterpreted silently ("42,500" may be 42500 or 42.5).

`parse_number` reads the text; `format_number` writes a value back in the language's notation
(what a form shows), which `parse_number` reads again to the same value in any language.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import gettext as _

# What may stand around or inside a number: the euro sign, "EUR", (non-breaking) spaces.
_NOISE = re.compile(r"(€|eur(o)?\b)", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_GROUP_SPACE = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")


class NumberError(ValueError):
    """The text is not a number that can be read one way only; the message says why."""


def _strip(text: str) -> str:
    text = _SPACES.sub(" ", _NOISE.sub(" ", text)).strip()
    # a space between groups of digits separates thousands ("42 500")
    return _GROUP_SPACE.sub("", text)


def _grouped(integer: str, separator: str, original: str) -> str:
    """The integer part without its thousands separator, checked: groups of three."""
    if not re.fullmatch(rf"\d{{1,3}}(?:{re.escape(separator)}\d{{3}})+", integer):
        raise NumberError(
            _("“%(text)s” is not a number: write thousands in groups of three, like 42.500.")
            % {"text": original}
        )
    return integer.replace(separator, "")


def parse_number(text: str) -> Decimal:
    """The value of a number as typed; NumberError (with a Dutch reason) when it is not one
    or could be read two ways."""
    original = (text or "").strip()
    text = _strip(original)
    sign = ""
    if text.endswith((",-", ".-")):  # "€ 42.500,-": no cents
        text = text[:-2]
    if text and text[0] in "+-":
        sign, text = ("-" if text[0] == "-" else ""), text[1:].strip()
    if not re.fullmatch(r"[\d.,]*\d[\d.,]*", text):
        raise NumberError(_("“%(text)s” is not a number.") % {"text": original})
    has_dot, has_comma = "." in text, "," in text
    if has_dot and has_comma:
        # both: the last one is the decimal separator, the other groups thousands
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        integer, _sep, fraction = text.rpartition(decimal_sep)
        if thousands in fraction or decimal_sep in integer:
            raise NumberError(_("“%(text)s” is not a number.") % {"text": original})
        integer = _grouped(integer, thousands, original)
    elif has_comma or has_dot:
        sep = "," if has_comma else "."
        parts = text.split(sep)
        if len(parts) > 2:
            # several: thousands separators only ("1.234.567")
            integer, fraction = _grouped(text, sep, original), ""
        else:
            integer, fraction = parts
            looks_grouped = len(fraction) == 3 and integer and integer[0] != "0"
            if looks_grouped and len(integer) <= 3 and sep == ".":
                # Flemish thousands: "42.500" is 42500
                integer, fraction = integer + fraction, ""
            elif looks_grouped and len(integer) <= 3:
                # "42,500": 42500 in English, 42,5 in Flemish
                raise NumberError(
                    _(
                        "“%(text)s” can be read two ways. Write %(thousands)s for thousands or "
                        "%(decimal)s for a decimal number."
                    )
                    % {
                        "text": original,
                        "thousands": f"{integer}.{fraction}",
                        "decimal": f"{integer},{fraction.rstrip('0') or '0'}",
                    }
                )
            if not integer:
                integer = "0"
    else:
        integer, fraction = text, ""
    if not integer.isdigit() or (fraction and not fraction.isdigit()):
        raise NumberError(_("“%(text)s” is not a number.") % {"text": original})
    try:
        return Decimal(f"{sign}{integer}.{fraction or '0'}")
    except InvalidOperation:
        raise NumberError(_("“%(text)s” is not a number.") % {"text": original}) from None


def format_number(value, *, decimal_places: int | None = 2, trim: bool = False) -> str:
    """The value in the active language's notation, grouped: "42.500,00" in Dutch."""
    if value in (None, ""):
        return ""
    value = Decimal(value)
    if trim:
        value = value.normalize()
        places = max(0, -value.as_tuple().exponent)
        if decimal_places is not None:
            places = min(places, decimal_places)
        return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
    return number_format(value, decimal_pos=decimal_places, use_l10n=True, force_grouping=True)
