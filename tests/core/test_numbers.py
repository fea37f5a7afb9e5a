"""Numbers as Flemish staff type them (core.numbers, core.forms): every notation of an amount
reads back to the same value in both languages; what can be read two ways is refused."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from core.forms import FteField, MoneyField
from core.numbers import NumberError, format_number, parse_number

amounts = st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2, allow_nan=False)


def _group(integer: str, sep: str) -> str:
    head, rest = integer[: len(integer) % 3 or 3], integer[len(integer) % 3 or 3 :]
    return sep.join([head, *[rest[i : i + 3] for i in range(0, len(rest), 3)]])


def notations(value: Decimal) -> list[str]:
    integer, _dot, fraction = f"{value:.2f}".partition(".")
    return [
        f"{_group(integer, '.')},{fraction}",  # 42.500,00
        f"{integer},{fraction}",  # 42500,00
        f"{_group(integer, ',')}.{fraction}",  # 42,500.00
        f"{integer}.{fraction}",  # 42500.00
        f"€ {_group(integer, '.')},{fraction}",  # € 42.500,00
        f"{_group(integer, ' ')},{fraction}",  # 42 500,00
    ]


@given(amounts)
def test_every_notation_of_an_amount_reads_back_the_same(value):
    for text in notations(value):
        assert parse_number(text) == value, text


@given(st.integers(min_value=1000, max_value=10**12))
def test_thousands_with_dots_and_no_decimals_are_thousands(value):
    text = _group(str(value), ".")  # "42.500", "12.000", "3.500"
    assert parse_number(text) == value
    assert parse_number(f"€ {text}") == value


@pytest.mark.parametrize("language", ["nl", "en"])
@given(value=amounts)
def test_what_a_form_shows_reads_back_in_either_language(language, value):
    with translation.override(language):
        shown = MoneyField().prepare_value(value)
        assert MoneyField().clean(shown) == value


@given(
    st.integers(min_value=1, max_value=999),
    st.integers(min_value=0, max_value=999),
)
def test_a_comma_before_three_digits_is_refused_as_ambiguous(integer, fraction):
    with pytest.raises(NumberError):
        parse_number(f"{integer},{fraction:03d}")


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("42.500", Decimal("42500")),
        ("42.500,00", Decimal("42500")),
        ("42500", Decimal("42500")),
        ("€ 42.500", Decimal("42500")),
        ("42500.00", Decimal("42500")),
        ("0,5", Decimal("0.5")),
        ("0.5", Decimal("0.5")),
        ("3.500", Decimal("3500")),
        ("€ 42.500,-", Decimal("42500")),
    ],
)
def test_the_notations_of_the_issue(typed, value):
    assert parse_number(typed) == value


@pytest.mark.parametrize("typed", ["abc", "1.2.3", "42,5,0", "5-", "€", "12,50 EUR 3"])
def test_what_is_not_a_number_is_refused_in_dutch(typed):
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        MoneyField().clean(typed)
    assert "getal" in error.value.messages[0]


def test_too_many_decimals_are_refused_not_rounded():
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        MoneyField().clean("42,5555")
    assert "komma" in error.value.messages[0]


def test_fte_is_shown_as_typed_in_dutch_and_english():
    with translation.override("nl"):
        assert FteField().prepare_value(Decimal("0.50")) == "0,5"
        assert MoneyField().prepare_value(Decimal("42500")) == "42.500,00"
        assert FteField().clean("0,5") == Decimal("0.5")
    with translation.override("en"):
        assert FteField().prepare_value(Decimal("0.50")) == "0.5"
        assert format_number(Decimal("42500")) == "42,500.00"


def test_the_input_is_a_decimal_text_input():
    html = MoneyField().widget.render("amount", "42.500")
    assert 'type="text"' in html and 'inputmode="decimal"' in html and "step" not in html


@pytest.mark.parametrize("day", ["0001-01-01", "1999-12-31", "2101-01-01", "9999-12-31"])
def test_dates_outside_the_window_are_refused_in_dutch(day):
    from core.forms import SaneDateField

    with translation.override("nl"), pytest.raises(ValidationError) as error:
        SaneDateField().clean(day)
    assert "tussen 2000 en 2100" in error.value.messages[0]


def test_model_forms_get_the_window_on_every_date():
    from django import forms

    from core.forms import with_sane_dates

    @with_sane_dates
    class Planning(forms.Form):
        start = forms.DateField()
        at = forms.DateTimeField()

    assert not Planning({"start": "0001-01-01", "at": "9999-12-31 10:00"}).is_valid()
    form = Planning({"start": "2026-12-11", "at": "2026-12-11 10:00"})
    assert form.is_valid(), form.errors
    assert 'min="2000-01-01"' in str(form["start"])
