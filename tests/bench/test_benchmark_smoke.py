"""Smoke test of `make bench` (bench/): the generator builds the tiny data set in this test
database, one page is measured on it through the floor view, and the report and the
comparison read the figures. It never asserts on timings: the benchmark measures, tests do
not."""

import json

import pytest

from bench import datasets, db, measure, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def small(settings):
    settings.ROOT_URLCONF = "bench.urls"  # the floor view
    return datasets.build(datasets.SCALES["klein"], log=lambda _line: None)


def test_the_generator_builds_every_part_with_the_measured_objects(small):
    from core.models import Comment, Thread
    from optimalisatie.models import Advies, Cycle
    from vergaderingen.models import AgendaItem, Minutes, Vote

    scale = datasets.SCALES["klein"]
    assert Advies.objects.count() == scale.cycles * scale.advices_per_cycle
    assert Comment.objects.count() == scale.comments == small.counts["reacties"]
    assert Cycle.objects.open().get().pk == small.open_cycle  # one open, the rest closed
    hot = Thread.objects.filter(object_id=str(small.hot_advice))
    assert Comment.objects.filter(thread__in=hot).count() == datasets.HOT_COMMENTS
    assert AgendaItem.objects.filter(meeting_id=small.meeting).count() == 40
    assert AgendaItem.objects.filter(meeting_id=small.minutes_meeting).count() == 40
    assert Vote.objects.get(item_id=small.tally_item).state == "open"
    minutes = Minutes.objects.get(meeting_id=small.minutes_meeting).text
    assert minutes.count("\n") > 40  # drafted from its 40 items, as the secretary starts
    # Several states, as in a real exercise, and every role has its person.
    assert Advies.objects.values("state").distinct().count() >= 6
    assert set(small.users) >= {"diensthoofd", "manager", "schepen", "algemeen_directeur"}
    # the summary tables hold what the services would have kept
    from optimalisatie.models import AdviesSummary
    from uitvoering.models import ResultSummary

    assert sum(AdviesSummary.objects.values_list("advices", flat=True)) == Advies.objects.count()
    assert ResultSummary.objects.filter(cycle_id=small.results_cycle, advices__gt=0).exists()


def test_one_page_is_measured_against_the_floor_and_reported(small):
    page = next(p for p in measure.PAGES if p.key == "advies_detail")

    row = measure.measure_page(page, "manager", small, runs=2)

    assert row["queries"] > row["floor_queries"] > 0
    assert row["median_ms"] > 0 and row["floor"]["p95_ms"] > 0
    assert row["ratio_p95"] == round(row["p95_ms"] / row["floor"]["p95_ms"], 2)
    scale_result = {"fixture": small.__dict__, "pages": [row]}
    result = {
        "date": "2026-11-23T10:00:00+01:00",
        "commit": "abc1234",
        "runs": 2,
        "machine": {
            "cores": 2,
            "cpu": "x",
            "memory_gib": 1,
            "python": "3.11",
            "postgresql": "15",
            "weasyprint": "70",
            "load_average": 0.1,
        },  # fmt: skip
        "scales": {"klein": scale_result, "klein-bis": json.loads(json.dumps(scale_result))},
    }
    result["targets"] = report.targets(result)
    assert result["targets"]["equal_queries"] is True
    text = report.markdown(result)
    assert "| Advies met 200 reacties | manager |" in text
    slower = json.loads(json.dumps(result))
    slower["scales"]["klein"]["pages"][0]["queries"] += 1
    assert report.targets(slower)["unequal_queries"][0]["page"] == "advies_detail"
    assert "| klein | Advies met 200 reacties | manager |" in report.compare(result, slower)


def test_the_docs_block_is_replaced_between_its_markers(tmp_path):
    path = tmp_path / "performance.md"
    path.write_text("# Performance\n\nIntro.\n")
    report.write_docs(path, "first\n")
    report.write_docs(path, "second\n")
    text = path.read_text()
    assert text.count(report.START) == 1 and "second" in text and "first" not in text
    assert text.startswith("# Performance\n\nIntro.")


def test_without_a_postgresql_server_the_benchmark_says_so(monkeypatch, capsys):
    monkeypatch.setenv("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:1/postgres")
    with pytest.raises(SystemExit) as stopped:
        db.require_server()
    assert stopped.value.code == 2
    assert "No PostgreSQL server at 127.0.0.1:1" in capsys.readouterr().err


def test_a_kept_page_is_measured_cold_with_the_queries_that_compute_it(small):
    """`--cold` empties the cache before each request: the dashboard then reads its summary
    rows, which the kept page does not; the results read theirs on every request alike."""
    dashboard = next(p for p in measure.PAGES if p.key == "cyclus")
    kept = measure.measure_page(dashboard, "algemeen_directeur", small, runs=2)
    cold = measure.measure_page(dashboard, "algemeen_directeur", small, runs=2, cold=True)
    assert (kept["cold"], cold["cold"]) == (False, True)
    assert cold["queries"] > kept["queries"]

    results = next(p for p in measure.PAGES if p.key == "resultaten")
    kept = measure.measure_page(results, "algemeen_directeur", small, runs=2)
    cold = measure.measure_page(results, "algemeen_directeur", small, runs=2, cold=True)
    assert cold["queries"] == kept["queries"]


def test_the_cold_pass_and_the_worker_s_export_are_reported(small, settings, tmp_path):
    """`make bench` measures the larger scale again cold and times the results XLSX on the
    worker's side; the report shows both, and a cold page over 4× misses the target."""
    settings.MEDIA_ROOT = tmp_path
    page = next(p for p in measure.PAGES if p.key == "cyclus")
    kept = measure.measure_page(page, "algemeen_directeur", small, runs=2)
    cold = measure.measure_page(page, "algemeen_directeur", small, runs=2, cold=True)
    exports = measure.measure_exports(small, 1, log=lambda _line: None)
    assert exports["results_xlsx"]["bytes"] > 1000
    result = {
        "date": "2026-12-05T10:00:00+01:00",
        "commit": "abc1234",
        "runs": 2,
        "machine": {
            "cores": 2,
            "cpu": "x",
            "memory_gib": 1,
            "python": "3.11",
            "postgresql": "15",
            "weasyprint": "70",
            "load_average": 0.1,
        },  # fmt: skip
        "scales": {"klein": {"fixture": small.__dict__, "pages": [kept], "exports": exports}},
        "cold": {"fixture": small.__dict__, "pages": [cold]},
    }
    result["targets"] = report.targets(result)
    text = report.markdown(result)
    assert "The first request after a change" in text
    assert f"| Cyclusdashboard | algemeen_directeur | {cold['queries']} |" in text
    assert "The results XLSX at klein is built by the worker" in text
    slow = json.loads(json.dumps(result))
    slow["cold"]["pages"][0]["ratio_p95"] = 9.0
    missed = report.targets(slow)
    assert missed["cold_over_ratio"][0]["page"] == "cyclus" and not missed["met"]
