"""Geometry for the server-rendered SVG charts, shared by the results page and the PDF.

Colours are presentation attributes, not CSS classes, so the same SVG looks the same in the
browser and in WeasyPrint; the colours keep a 3:1 contrast with white (WCAG 1.4.11).
"""

from __future__ import annotations

from decimal import Decimal

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
