"""Smoke test of the PDF benchmark (bench/nota_pdf.py): it runs, on this test database, and
reports its figures. It never asserts on timings: `make bench-nota` measures, tests do not."""

import json

import pytest

from bench import nota_pdf as bench

pytestmark = pytest.mark.django_db


def test_the_benchmark_builds_a_nota_times_it_and_reports(tmp_path, capsys):
    path = tmp_path / "bench.json"
    args = bench.parse_args(["--pages", "1", "--runs", "1", "--json", str(path)])

    result = bench.measure_and_report(args, log=lambda _line: None)

    assert result["pages"] >= 1 and result["runs"] == 1
    assert result["articles"] >= 12  # the decree's template
    for measure in (
        "nota_pdf",
        "nota_pdf_cpu",
        "weasyprint",
        "weasyprint_layout",
        "weasyprint_write_pdf",
    ):
        figures = result[measure]
        assert len(figures["seconds"]) == 1
        assert {"median", "p95", "min"} <= figures.keys()
    stubbed = result["nota_pdf_without_weasyprint"]  # None if pdf.py stops using render_pdf
    assert stubbed is None or len(stubbed["seconds"]) == 1
    assert isinstance(result["target_met"], bool)
    assert isinstance(result["share_target_met"], bool) and "our_share" in result
    docx = result["docx"]  # the nota as Word, and its import when the importer exists
    assert docx["docx_bytes"] > 0
    assert "skipped" in docx or len(docx["import"]["seconds"]) == 1
    out = capsys.readouterr().out
    assert "| `nota_pdf(nota)` (ours, end to end) |" in out
    assert "TARGET MET" in out or "TARGET MISSED" in out
    assert "Our share over plain WeasyPrint" in out and "Importing the nota's .docx" in out
    assert json.loads(path.read_text())["pages"] == result["pages"]


def test_the_summary_takes_median_p95_and_min():
    figures = bench.summary([float(n) for n in range(20, 0, -1)])
    assert (figures["median"], figures["p95"], figures["min"]) == (10.5, 19.0, 1.0)
