"""CSV and XLSX export of the advices the person sees (the filtered list, unpaginated)."""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

COLUMNS = [
    ("title", lambda a: a.title),
    ("department", lambda a: a.dienst.name),
    ("policy domain", lambda a: a.dienst.domain.name),
    ("state", lambda a: a.get_state_display()),
    ("category", lambda a: a.get_category_display()),
    ("one-off savings (€)", lambda a: a.savings_one_off),
    ("recurring savings (€ per year)", lambda a: a.savings_recurring),
    ("FTE impact", lambda a: a.fte_impact),
    ("start year", lambda a: a.start_year),
    (
        "priorities",
        lambda a: ", ".join(
            f"{p.schepen.full_name}: {p.get_level_display()}" for p in a.priorities.all()
        ),
    ),
]


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
    rows = [[_safe(get(a)) for _key, get in columns] for a in queryset]
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

    book = Workbook()
    sheet = book.active
    sheet.title = str(_("Advices"))[:31]
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
