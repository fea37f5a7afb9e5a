"""CSV and XLSX export of the advices the person sees (the filtered list, unpaginated).

One query for the rows, whatever their number: only the exported columns are read
(`values_list`), the priorities come in the same query (selectors.with_priorities), and the
workbook is written in openpyxl's write-only mode.
"""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .constants import AdviesState, Category
from .selectors import level_labels, priority_labels, with_priorities

# (key, the value read with values_list); the values are turned into cells by _cells.
COLUMNS = [
    ("title", "title"),
    ("department", "dienst__name"),
    ("policy domain", "dienst__domain__name"),
    ("state", "state"),
    ("category", "category"),
    ("one-off savings (€)", "savings_one_off"),
    ("recurring savings (€ per year)", "savings_recurring"),
    ("FTE impact", "fte_impact"),
    ("start year", "start_year"),
    ("priorities", "priority_rows"),
]


def _cells(columns):
    """A function from a values_list row to the exported values (labels looked up once)."""
    labels = {
        "state": {value: str(label) for value, label in AdviesState.choices},
        "category": {value: str(label) for value, label in Category.choices},
    }
    levels = level_labels()

    def display(key, value):
        if key in labels:
            return labels[key].get(value, value)
        if key == "priorities":
            pairs = priority_labels(value, levels)
            return ", ".join(f"{schepen}: {level}" for level, schepen in pairs)
        return value

    keys = [key for key, _field in columns]
    return lambda row: [_safe(display(key, value)) for key, value in zip(keys, row, strict=True)]


def _header(columns):
    labels = {
        "title": _("title"),
        "department": _("department"),
        "policy domain": _("policy domain"),
        "state": _("state"),
        "category": _("category"),
        "one-off savings (€)": _("one-off savings (€)"),
        "recurring savings (€ per year)": _("recurring savings (€ per year)"),
        "FTE impact": _("FTE impact"),
        "start year": _("start year"),
        "priorities": _("priorities"),
    }
    return [str(labels[key]) for key, _get in columns]


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    """Text a spreadsheet would run as a formula is kept as text (a leading apostrophe)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def advies_export(queryset, kind, *, political=False):
    """`political`: include the schepenen's priorities (only for the MT and the college)."""
    columns = COLUMNS if political else [c for c in COLUMNS if c[0] != "priorities"]
    if political:
        queryset = with_priorities(queryset)
    cells = _cells(columns)
    rows = [cells(row) for row in queryset.values_list(*(field for _key, field in columns))]
    stamp = timezone.localdate().isoformat()
    if kind == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(_header(columns))
        writer.writerows(
            [
                [str(v).replace(".", ",") if hasattr(v, "quantize") else v for v in row]
                for row in rows
            ]
        )
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="adviezen-{stamp}.csv"'
        return response
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(_("Advices"))[:31])
    sheet.append(_header(columns))
    for row in rows:
        sheet.append([float(v) if hasattr(v, "quantize") else v for v in row])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="adviezen-{stamp}.xlsx"'
    return response
