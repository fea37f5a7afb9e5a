"""Geometry for the server-rendered SVG charts, shared by the results page and the PDF.

Colours and sizes are presentation attributes, not CSS classes, so the same SVG looks the same
in the browser and in WeasyPrint; the colours keep a 3:1 contrast with white (WCAG 1.4.11).
Every class name in the SVG starts with "chart-": Bootstrap's `.row > * { width: 100% }`
reached the rects of a `<g class="row">` (Chromium applies CSS width to an SVG rect) and drew
every bar full width. Bars are proportional to their amounts, on an axis of round amounts
labelled "€ 250.000"; an amount of € 0 draws no bar. A chart is drawn at its own size (its
text as large as the page's small print): on a phone it scrolls in its box rather than shrink
to unreadable.
"""

from __future__ import annotations

import math
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

APPROVED = "#0b4f8a"
REALISED = "#146c43"
TARGET = "#842029"
INK = "#212529"

WIDTH = 640
PLOT_TOP = 20
PLOT_HEIGHT = 200
PLOT_LEFT = 90
BAR_WIDTH = 22
MAX_INTERVALS = 5
NICE = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))


def axis(largest) -> tuple[Decimal, Decimal]:
    """(the axis maximum, the step between its labels) for amounts up to `largest`: a round
    step (1, 2, 2,5 or 5 times a power of ten) and at most MAX_INTERVALS of them, the smallest
    that reaches `largest`. Nothing to show: (1, 0)."""
    largest = Decimal(str(largest or 0))
    if largest <= 0:
        return Decimal(1), Decimal(0)
    power = Decimal(10) ** math.floor(math.log10(largest / MAX_INTERVALS))
    for factor in NICE:
        step = power * factor
        if math.ceil(largest / step) <= MAX_INTERVALS:
            break
    return step * math.ceil(largest / step), step


def axis_amount(value) -> str:
    """An axis label: the amount in euro, grouped, without cents ("€ 250.000")."""
    from core.numbers import format_number

    return f"€ {format_number(value, decimal_places=0)}"


def _length(value, top, size) -> float:
    """The bar's length for `value` on an axis up to `top` drawn `size` long."""
    return round(float(value or 0) / float(top) * size, 1) if top else 0.0


def year_chart(by_year, target) -> dict:
    """Bars per year: approved and realised side by side, the target as a dashed line, on an
    axis of round amounts."""
    largest = max(
        [r["approved"] for r in by_year] + [r["realised"] for r in by_year] + [target or 0]
    )
    top, step = axis(largest)
    slots = max(len(by_year), 1)
    slot = (WIDTH - PLOT_LEFT - 10) / slots
    bottom = PLOT_TOP + PLOT_HEIGHT
    groups = []
    for i, row in enumerate(by_year):
        x = PLOT_LEFT + i * slot + (slot - 2 * BAR_WIDTH - 4) / 2
        bars = []
        for j, (key, colour) in enumerate((("approved", APPROVED), ("realised", REALISED))):
            height = _length(row[key], top, PLOT_HEIGHT)
            bars.append(
                {
                    "key": key,
                    "value": row[key],
                    "x": round(x + j * (BAR_WIDTH + 4), 1),
                    "y": round(bottom - height, 1),
                    "width": BAR_WIDTH,
                    "height": height,
                    "colour": colour,
                    "drawn": height > 0,
                }
            )
        groups.append(
            {
                "year": row["year"],
                "bars": bars,
                "label_x": round(PLOT_LEFT + i * slot + slot / 2, 1),
            }
        )
    intervals = int(top / step) if step else 0
    ticks = [
        {
            "value": step * i,
            "label": axis_amount(step * i),
            "y": round(bottom - _length(step * i, top, PLOT_HEIGHT), 1),
        }
        for i in range(intervals + 1)
    ]
    return {
        "width": WIDTH,
        "height": bottom + 50,
        "bottom": bottom,
        "left": PLOT_LEFT,
        "right": WIDTH - 10,
        "top": top,
        "groups": groups,
        "target": target,
        "target_y": round(bottom - _length(target, top, PLOT_HEIGHT), 1),
        "ticks": ticks,
        "legend_y": bottom + 40,
        "colours": {"approved": APPROVED, "realised": REALISED, "target": TARGET},
    }


LABEL_WIDTH = 200
ROW_HEIGHT = 40
BAR_AREA = WIDTH - LABEL_WIDTH - 110  # room for the amount after the longest bar


def breakdown_chart(rows, limit=15) -> dict:
    """Horizontal bars per domain or department: approved above, realised below, the largest
    amount the whole width of the bar area."""
    rows = rows[:limit]
    largest = max([r["approved"] for r in rows] + [r["realised"] for r in rows] + [Decimal("0")])
    items = []
    for i, row in enumerate(rows):
        y = i * ROW_HEIGHT
        bars = []
        for j, (key, colour) in enumerate((("approved", APPROVED), ("realised", REALISED))):
            width = _length(row[key], largest, BAR_AREA)
            bars.append(
                {
                    "key": key,
                    "value": row[key],
                    "x": LABEL_WIDTH,
                    "y": y + 4 + j * 16,
                    "width": width,
                    "height": 14,
                    "colour": colour,
                    "value_x": LABEL_WIDTH + width + 4,
                }
            )
        items.append({"name": row["name"], "y": y, "text_y": y + 21, "bars": bars})
    legend_y = max(len(items), 1) * ROW_HEIGHT + 14
    return {"width": WIDTH, "height": legend_y + 16, "rows": items, "legend_y": legend_y}


def breakdown_svg(chart, *, id, title):
    """The SVG of `breakdown_chart`, written here rather than by a template: a template takes
    about 300 µs a row (a results page and the report draw two charts of up to 15 rows)."""
    from core.templatetags.formatting import euro

    labels = {"approved": _("approved"), "realised": _("realised")}
    desc, rows = [], []
    for row in chart["rows"]:
        name = escape(row["name"])
        amounts = [(bar, labels[bar["key"]], euro(bar["value"])) for bar in row["bars"]]
        desc.append(f"{name}: " + ", ".join(f"{label} {amount}" for _b, label, amount in amounts))
        bars = "".join(
            (
                f'<rect class="chart-bar chart-bar-{bar["key"]}" data-key="{bar["key"]}" '
                f'data-value="{bar["value"]}" x="{bar["x"]}" y="{bar["y"]}" '
                f'width="{bar["width"]:.1f}" height="{bar["height"]}" fill="{bar["colour"]}">'
                f"<title>{name} {label}: {amount}</title></rect>"
                if bar["width"] > 0
                else ""
            )
            + f'<text class="chart-amount" data-key="{bar["key"]}" x="{bar["value_x"]:.1f}" '
            f'y="{bar["y"] + 11}" fill="{INK}" font-size="12">{amount}</text>'
            for bar, label, amount in amounts
        )
        short = escape(Truncator(row["name"]).chars(26))
        rows.append(
            f'<g class="chart-row" data-name="{name}">'
            f'<text x="0" y="{row["text_y"]}" fill="{INK}" font-size="13">{short}</text>{bars}</g>'
        )
    return mark_safe(  # noqa: S308 (every text in it is escaped above)
        f'<svg role="img" aria-labelledby="{id}-titel {id}-desc" '
        f'viewBox="0 0 {chart["width"]} {chart["height"]}" width="{chart["width"]}" '
        f'height="{chart["height"]}" class="results-chart" '
        'xmlns="http://www.w3.org/2000/svg" font-family="DejaVu Sans, system-ui, sans-serif" '
        f'font-size="12"><title id="{id}-titel">{escape(title)}</title>'
        f'<desc id="{id}-desc">{"".join(d + ". " for d in desc)}</desc>{"".join(rows)}'
        f"{_legend(chart['legend_y'])}</svg>"
    )


def _legend(y) -> str:
    """Which colour is which, below the bars."""
    items = ((APPROVED, _("approved"), 0), (REALISED, _("realised (validated)"), 130))
    return (
        '<g class="chart-legend" font-size="12">'
        + "".join(
            f'<rect x="{LABEL_WIDTH + dx}" y="{y - 10}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{LABEL_WIDTH + dx + 16}" y="{y}" fill="{INK}">{escape(label)}</text>'
            for colour, label, dx in items
        )
        + "</g>"
    )
