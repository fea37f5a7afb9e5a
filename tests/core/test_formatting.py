import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from core.templatetags.formatting import datum, euro


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("12500"), "€ 12.500,00"),
        (Decimal("1234567.891"), "€ 1.234.567,89"),
        (Decimal("0.5"), "€ 0,50"),
        (Decimal("-250"), "-€ 250,00"),
        (12500, "€ 12.500,00"),
        (None, "–"),
    ],
)
def test_amounts_in_belgian_dutch(value, expected):
    with translation.override("nl-be"):
        assert euro(value) == expected


def test_amounts_follow_the_chosen_language():
    with translation.override("en"):
        assert euro(Decimal("12500")) == "€ 12,500.00"


def test_dates_in_belgian_dutch():
    with translation.override("nl-be"):
        assert datum(datetime.date(2022, 11, 18)) == "18 november 2022"
        assert (
            Template("{{ d|date }}").render(Context({"d": datetime.date(2025, 3, 1)}))
            == "1 maart 2025"
        )


@pytest.mark.parametrize("language", ["nl-be", "en"])
def test_amounts_are_written_as_number_format_writes_them(language):
    from django.utils import formats

    amounts = [Decimal(n) / 100 for n in (0, 1, 99, 100, 99999, 100000, 123456789, 10**14 - 1)]
    with translation.override(language):
        for amount in amounts + [-a for a in amounts if a]:
            number = formats.number_format(abs(amount), 2, use_l10n=True, force_grouping=True)
            assert euro(amount) == ("-" if amount < 0 else "") + f"€ {number}"
