"""core.spreadsheets: no cell of any export runs as a formula."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.spreadsheets import FORMULA_START, Book, csv_response, safe_cell

PAYLOADS = [
    '=HYPERLINK("http://evil.example","klik")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_like_text_is_kept_as_text(payload):
    assert safe_cell(payload) == "'" + payload
    assert not safe_cell(payload).startswith(FORMULA_START)


def test_numbers_dates_and_plain_text_stay_as_they_are():
    assert safe_cell(-5) == -5 and safe_cell(Decimal("-2.5")) == Decimal("-2.5")
    assert safe_cell("Loketten samenvoegen") == "Loketten samenvoegen"
    assert safe_cell(None) is None


def test_every_cell_of_a_workbook_is_safe():
    book = Book()
    book.sheet("=Blad", ["=kop", "bedrag"], [[p, Decimal("42500.00")] for p in PAYLOADS])
    sheet = load_workbook(io.BytesIO(book.save())).worksheets[0]
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert all(not str(v).startswith(FORMULA_START) for v in values if isinstance(v, str))
    assert 42500.0 in values
    assert sheet.title == "=Blad"  # a sheet's name is no formula


def test_every_cell_of_a_csv_is_safe():
    response = csv_response("x.csv", ["=kop"], [[p, Decimal("1.5")] for p in PAYLOADS])
    reader = csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    cells = [cell for row in reader for cell in row]
    assert all(not c.startswith(FORMULA_START) for c in cells if c)
    assert "1,5" in cells
