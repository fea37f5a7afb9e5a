"""The results' charts as a person sees them (issue 16.3): measured in Chromium, not read from
the SVG's text. A bar is as long as its amount says (Bootstrap's `.row > *` once drew every bar
of "Per beleidsdomein" and "Per dienst" full width), € 0 draws no bar, and the year chart's axis
reads "€ 250.000". The college's PDF report has the same axis labels."""

import io
import re
import shutil
import subprocess

import pytest
from django.core.management import call_command

from accounts.management.commands.demo import DEMO_PASSWORD, DOMAIN
from optimalisatie.models import Cycle

pytestmark = pytest.mark.django_db(transaction=True)

AMOUNT_LABEL = re.compile(r"^€ \d{1,3}(\.\d{3})*$")  # "€ 0", "€ 50.000", "€ 1.250.000"

# What the page draws, in screen pixels: per bar its amount and its drawn size; per chart the
# size of one viewBox unit on screen, and its bar area or plot height in viewBox units.
MEASURE = """
(box) => {
  const svg = document.querySelector(box + ' svg');
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const bars = [...svg.querySelectorAll('rect.chart-bar')].map((rect) => {
    const drawn = rect.getBoundingClientRect();
    return {
      key: rect.dataset.key,
      value: parseFloat(rect.dataset.value),
      width: drawn.width,
      height: drawn.height,
      row: rect.closest('g').dataset.name || rect.closest('g').dataset.year,
    };
  });
  const rows = [...svg.querySelectorAll('g.chart-row')].map((g) => ({
    name: g.dataset.name,
    amounts: [...g.querySelectorAll('text.chart-amount')]
      .map((t) => [t.dataset.key, t.textContent]),
    bars: [...g.querySelectorAll('rect.chart-bar')].map((r) => r.dataset.key),
  }));
  const ticks = [...svg.querySelectorAll('text.chart-tick')].map((t) => t.textContent);
  const axis = svg.querySelector('g.chart-axis');
  return {scale, bars, rows, ticks, top: axis ? parseFloat(axis.dataset.top) : null,
          svgWidth: svg.getBoundingClientRect().width};
}
"""

BAR_AREA = 330  # uitvoering.charts.BAR_AREA, in viewBox units
PLOT_HEIGHT = 200  # uitvoering.charts.PLOT_HEIGHT


def results_page(new_page, width=1280):
    call_command("demo", "--force", stdout=io.StringIO())
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.login(f"algemeen.directeur@{DOMAIN}", DEMO_PASSWORD)
    page.goto("/uitvoering/")
    cycle = Cycle.objects.get(title="Optimalisatie-oefening 2026")
    page.follow(page.get_by_role("link", name=f"Resultaten van {cycle.title}"))
    return page, cycle


def test_the_breakdown_bars_are_as_long_as_their_amounts(new_page):
    page, _cycle = results_page(new_page)
    for box in ("#grafiek-domein", "#grafiek-dienst"):
        chart = page.evaluate(MEASURE, box)
        bars = chart["bars"]
        assert bars, box
        largest = max(bar["value"] for bar in bars)
        area = BAR_AREA * chart["scale"]  # the bar area on screen
        assert area < chart["svgWidth"] * 0.6  # a full bar never spans the chart
        for bar in bars:
            expected = bar["value"] / largest * area
            assert bar["width"] == pytest.approx(expected, abs=1.0), (box, bar)
            assert bar["value"] > 0, (box, bar)  # € 0 draws no bar
        # one bar against another: the drawn widths keep the amounts' proportion
        widest = max(bars, key=lambda b: b["width"])
        for bar in bars:
            assert bar["width"] / widest["width"] == pytest.approx(
                bar["value"] / widest["value"], abs=0.01
            )
        # an amount of € 0 is written, and has no bar
        for row in chart["rows"]:
            for key, text in row["amounts"]:
                if text == "€ 0,00":
                    assert key not in row["bars"], (box, row)
                else:
                    assert key in row["bars"], (box, row)
        assert any(t == "€ 0,00" for r in chart["rows"] for _k, t in r["amounts"]), box


def test_the_year_chart_has_proportional_bars_on_an_axis_of_amounts(new_page):
    page, cycle = results_page(new_page)
    chart = page.evaluate(MEASURE, "#grafiek-jaar")
    ticks = chart["ticks"]
    assert ticks[0] == "€ 0" and len(ticks) >= 3
    assert all(AMOUNT_LABEL.match(t) for t in ticks), ticks
    assert not any(re.fullmatch(r"\d{4,}", t) for t in ticks)  # no bare "250000"
    top = chart["top"]
    assert top >= float(cycle.target_recurring)
    assert ticks[-1] == "€ " + f"{int(top):,}".replace(",", ".")
    height = PLOT_HEIGHT * chart["scale"]
    for bar in chart["bars"]:
        assert bar["value"] > 0
        assert bar["height"] == pytest.approx(bar["value"] / top * height, abs=1.0), bar
    # the axis labels are what a person reads: visible in the page's text
    assert "€ 250.000" in page.locator("#grafiek-jaar").inner_text()


def test_on_a_phone_the_charts_stay_readable_and_the_page_does_not_scroll_sideways(new_page):
    page, _cycle = results_page(new_page, width=320)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    for box in ("#grafiek-jaar", "#grafiek-domein", "#grafiek-dienst"):
        chart = page.evaluate(MEASURE, box)
        assert chart["scale"] == pytest.approx(1, abs=0.01), box  # drawn at its own size
        # the chart scrolls inside its box, which the keyboard reaches (axe: the page passed)
        region = page.locator(box)
        assert region.get_attribute("tabindex") == "0"
        assert region.evaluate("e => e.scrollWidth > e.clientWidth")
        assert region.evaluate("e => e.getBoundingClientRect().right") <= 320


def test_the_college_s_report_has_the_same_axis_of_amounts(new_page):
    page, cycle = results_page(new_page)
    response = page.page.request.get(
        page.base_url + f"/uitvoering/cycli/{cycle.pk}/voortgangsrapport.pdf"
    )
    assert response.headers["content-type"] == "application/pdf"
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"],
            input=response.body(),
            capture_output=True,
            check=True,
        ).stdout.decode()
    else:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(response.body()))
        text = "\n".join(p.extract_text() for p in reader.pages)
    text = text.replace("\u00a0", " ")
    chart = text.split("Besparingen per jaar")[1].split("Per beleidsdomein")[0]
    labels = re.findall(r"€ ?[\d.]+(?:,\d\d)?", chart)
    assert "€ 250.000" in labels and "€ 50.000" in labels, labels
    assert not re.search(r"(?<![\d.])\d{5,}(?![\d.])", chart), chart  # no "250000"
    # the breakdown charts write each amount, € 0 included
    domains = text.split("Per beleidsdomein")[1].split("Per dienst")[0]
    assert "€ 168.000,00" in domains and "€ 0,00" in domains
