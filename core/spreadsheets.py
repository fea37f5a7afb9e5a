"""The one writer of everything a spreadsheet opens (CSV and XLSX, any sheet, any column).

Text that a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage
return) is written as text, with a leading apostrophe: an action owner's title
"=HYPERLINK(...)" or a person imported as "=cmd|' /C calc'!A0" must never run on a director's
machine. Exports never write cells themselves: they hand rows to `csv_response` or to a
`Book`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from itertools import zip_longest

from django.http import HttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """The value as a spreadsheet may hold it: formula-like text neutralised."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    if value is not None and not isinstance(value, str | int | float | Decimal | bool):
        # lazy translations, dates and the like: text or what openpyxl knows
        import datetime

        if isinstance(value, datetime.date | datetime.datetime):
            return value
        return safe_cell(str(value))
    return value


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    from django.utils.http import content_disposition_header

    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def csv_response(filename: str, header: Sequence, rows: Iterable[Sequence]) -> HttpResponse:
    """A CSV as Excel opens it in Belgium: UTF-8 with a BOM, ';' between cells, decimal
    commas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([safe_cell(str(h)) for h in header])
    for row in rows:
        writer.writerow(
            [
                str(v).replace(".", ",") if isinstance(v, Decimal | float) else safe_cell(v)
                for v in row
            ]
        )
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    return _attachment(response, filename)


class Book:
    """An XLSX workbook written row by row (openpyxl's write-only mode), every cell safe."""

    def __init__(self):
        from openpyxl import Workbook

        self._book = Workbook(write_only=True)

    def sheet(self, title: str, header: Sequence, rows: Iterable[Sequence], *, widths=True):
        """A sheet with a bold, frozen header; column widths from the first 200 rows."""
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        ws = self._book.create_sheet(str(title)[:31])
        ws.freeze_panes = "A2"
        rows = [[self._value(v) for v in row] for row in rows]
        if widths:
            for i, values in enumerate(zip_longest(header, *rows[:200]), start=1):
                width = max(len(str(v if v is not None else "")) for v in values)
                ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 10), 60)
        bold = Font(bold=True)
        cells = []
        for value in header:
            cell = WriteOnlyCell(ws, value=safe_cell(str(value)))
            cell.font = bold
            cells.append(cell)
        ws.append(cells)
        for row in rows:
            ws.append(row)

    @staticmethod
    def _value(value):
        if isinstance(value, Decimal):
            return float(value)
        return safe_cell(value)

    def save(self) -> bytes:
        out = io.BytesIO()
        self._book.save(out)
        return out.getvalue()

    def response(self, filename: str) -> HttpResponse:
        return _attachment(HttpResponse(self.save(), content_type=XLSX), filename)
