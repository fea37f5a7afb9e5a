"""Paged views read their page number clamped: never a 500 for a huge or odd number."""

import pytest

from core.paging import page_number


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("", 1),
        ("abc", 1),
        ("-3", 1),
        ("0", 1),
        ("7", 7),
        ("9223372036854775807", 100_000),
        ("²", 1),
        ("٣", 1),
    ],
)
def test_page_numbers_are_clamped(raw, number, rf):
    assert page_number(rf.get("/", {"pagina": raw})) == number
