"""Geometry for the server-rendered SVG charts, shared by the results page and the PDF.

Colours are presentation attributes, not CSS classes, so the same SVG looks the same in the
browser and in WeasyPrint; the colours keep a 3:1 contrast with white (WCAG 1.4.11).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

APPROVED = "#0b4f8a"
REALISED = "#146c43"
TARGET = "#842029"

WIDTH = 640
PLOT_TOP = 30
PLOT_HEIGHT = 200
PLOT_LEFT = 70
BAR_WIDTH = 22


def _scale(largest):
    return float(largest) if largest and largest > 0 else 1.0


def year_chart(by_year, target) -> dict:
    """Bars per year: approved and realised side by side, the target as a dashed line."""
    largest = max(
        [r["approved"] for r in by_year] + [r["realised"] for r in by_year] + [target or 0]
    )
    scale = _scale(largest)
    slots = max(len(by_year), 1)
    slot = (WIDTH - PLOT_LEFT - 10) / slots
    bottom = PLOT_TOP + PLOT_HEIGHT
    groups = []
    for i, row in enumerate(by_year):
        x = PLOT_LEFT + i * slot + (slot - 2 * BAR_WIDTH - 4) / 2
        bars = []
        for j, (key, colour) in enumerate((("approved", APPROVED), ("realised", REALISED))):
            height = round(float(row[key]) / scale * PLOT_HEIGHT, 1)
            bars.append(
                {
                    "key": key,
                    "value": row[key],
                    "x": round(x + j * (BAR_WIDTH + 4), 1),
                    "y": round(bottom - height, 1),
                    "width": BAR_WIDTH,
                    "height": height,
                    "colour": colour,
                }
            )
        groups.append(
            {
                "year": row["year"],
                "bars": bars,
                "label_x": round(PLOT_LEFT + i * slot + slot / 2, 1),
            }
        )
    target_y = round(bottom - float(target or 0) / scale * PLOT_HEIGHT, 1)
    ticks = (
        [
            {
                "value": Decimal(str(largest)) * Decimal(f) / 4,
                "y": round(bottom - f / 4 * PLOT_HEIGHT, 1),
            }
            for f in range(5)
        ]
        if largest
        else []
    )
    return {
        "width": WIDTH,
        "height": bottom + 50,
        "bottom": bottom,
        "left": PLOT_LEFT,
        "right": WIDTH - 10,
        "groups": groups,
        "target": target,
        "target_y": target_y,
        "ticks": ticks,
        "legend_y": bottom + 40,
        "colours": {"approved": APPROVED, "realised": REALISED, "target": TARGET},
    }


LABEL_WIDTH = 200
ROW_HEIGHT = 38


def breakdown_chart(rows, limit=15) -> dict:
    """Horizontal bars per domain or department: approved above, realised below."""
    rows = rows[:limit]
    largest = max([r["approved"] for r in rows] + [r["realised"] for r in rows] + [Decimal("0")])
    scale = _scale(largest)
    area = WIDTH - LABEL_WIDTH - 110
    items = []
    for i, row in enumerate(rows):
        y = i * ROW_HEIGHT
        items.append(
            {
                "name": row["name"],
                "y": y,
                "text_y": y + 20,
                "bars": [
                    {
                        "key": key,
                        "value": row[key],
                        "x": LABEL_WIDTH,
                        "y": y + 4 + j * 15,
                        "width": round(float(row[key]) / scale * area, 1),
                        "height": 13,
                        "colour": colour,
                        "value_x": LABEL_WIDTH + round(float(row[key]) / scale * area, 1) + 4,
                    }
                    for j, (key, colour) in enumerate(
                        (("approved", APPROVED), ("realised", REALISED))
                    )
                ],
            }
        )
    return {"width": WIDTH, "height": max(len(items), 1) * ROW_HEIGHT + 10, "rows": items}


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
            f'<rect class="bar bar-{bar["key"]}" data-key="{bar["key"]}" '
            f'data-value="{bar["value"]}" x="{bar["x"]}" y="{bar["y"]}" '
            f'width="{bar["width"]:.1f}" height="{bar["height"]}" fill="{bar["colour"]}">'
            f"<title>{name} {label}: {amount}</title></rect>"
            f'<text x="{bar["value_x"]:.1f}" y="{bar["y"] + 11}" fill="#212529" '
            f'font-size="10">{amount}</text>'
            for bar, label, amount in amounts
        )
        short = escape(Truncator(row["name"]).chars(30))
        rows.append(
            f'<g class="row" data-name="{name}">'
            f'<text x="0" y="{row["text_y"]}" fill="#212529">{short}</text>{bars}</g>'
        )
    return mark_safe(  # noqa: S308 (every text in it is escaped above)
        f'<svg role="img" aria-labelledby="{id}-titel {id}-desc" '
        f'viewBox="0 0 {chart["width"]} {chart["height"]}" width="100%" class="results-chart" '
        'xmlns="http://www.w3.org/2000/svg" font-family="DejaVu Sans, system-ui, sans-serif" '
        f'font-size="12"><title id="{id}-titel">{escape(title)}</title>'
        f'<desc id="{id}-desc">{"".join(d + ". " for d in desc)}</desc>{"".join(rows)}</svg>'
    )
