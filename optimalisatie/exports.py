"""CSV and XLSX export of the advices the person sees (the filtered list, unpaginated).

One query for the rows, whatever their number: only the exported columns are read
(`values_list`), the priorities come in the same query (selectors.with_priorities), and the
workbook is written by core.spreadsheets (formulas neutralised).
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from core.spreadsheets import Book, csv_response

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
    return lambda row: [display(key, value) for key, value in zip(keys, row, strict=True)]


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


def advies_export(queryset, kind, *, political=False):
    """`political`: include the schepenen's priorities (only for the MT and the college).
    Written by core.spreadsheets, which keeps every cell from running as a formula."""
    columns = COLUMNS if political else [c for c in COLUMNS if c[0] != "priorities"]
    if political:
        queryset = with_priorities(queryset)
    cells = _cells(columns)
    rows = [cells(row) for row in queryset.values_list(*(field for _key, field in columns))]
    filename = f"adviezen-{timezone.localdate().isoformat()}"
    if kind == "csv":
        return csv_response(f"{filename}.csv", _header(columns), rows)
    book = Book()
    book.sheet(_("Advices"), _header(columns), rows)
    return book.response(f"{filename}.xlsx")
