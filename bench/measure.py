"""In-process measurements of the key pages on one data set (issue 7).

    .venv/bin/python -m bench.measure centrumstad [--runs 50] [--json PATH]

Runs in a process of its own, with Django pointed at the data set's database (bench.db). Each
page is requested through Django's test client, the whole middleware stack included, as the
person of each role the issue names. Per page and role it records:

- the number of SQL queries of one request (the same at every scale, or a list grows with
  the data);
- the median and p95 server time over --runs requests;
- the same for the floor view (bench.urls: the base layout for the same person, nothing
  else), interleaved request by request with the page, so that drift in the machine hits both;
- the page's p95 as a ratio to the floor's p95 (the issue's target: at most 4 for HTML).

Then the PDFs: our render of the 10-page nota and of the 40-item minutes, against plain
WeasyPrint on the same finished HTML.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from dataclasses import dataclass

from bench import datasets, nota_pdf

FLOOR_URL = "/_bench/vloer/"


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    roles: tuple
    kind: str  # html, pdf, xlsx, or export (a POST that queues an export for the worker)
    url: object  # fixture -> URL


def _advice_filter(f):
    return f"q={f.search}&category=werking"


PAGES = [
    Page(
        "mijn_werk",
        "Mijn werk",
        ("diensthoofd", "manager", "schepen", "algemeen_directeur", "financieel_directeur"),
        "html",
        lambda f: "/",
    ),
    Page(
        "advies_lijst",
        "Adviezen, gefilterd en gezocht",
        ("diensthoofd", "manager", "schepen", "algemeen_directeur"),
        "html",
        lambda f: f"/optimalisatie/adviezen/?{_advice_filter(f)}",
    ),
    Page(
        "advies_detail",
        "Advies met 200 reacties",
        ("diensthoofd", "manager", "algemeen_directeur"),
        "html",
        lambda f: f"/optimalisatie/adviezen/{f.hot_advice}/",
    ),
    Page(
        "cyclus",
        "Cyclusdashboard",
        ("diensthoofd", "schepen", "algemeen_directeur"),
        "html",
        lambda f: f"/optimalisatie/cycli/{f.open_cycle}/",
    ),
    Page(
        "vergadering",
        "Vergadering (40 punten, open)",
        ("burgemeester", "schepen", "algemeen_directeur"),
        "html",
        lambda f: f"/vergaderingen/{f.meeting}/",
    ),
    Page(
        "telling",
        "Live telling",
        ("burgemeester", "schepen"),
        "html",
        lambda f: f"/vergaderingen/{f.meeting}/punten/{f.tally_item}/telling/",
    ),
    Page(
        "resultaten",
        "Resultaten (uitvoering)",
        ("algemeen_directeur", "financieel_directeur", "manager"),
        "html",
        lambda f: f"/uitvoering/cycli/{f.results_cycle}/resultaten/",
    ),
    Page(
        "besluitenlijst",
        "Publieke besluitenlijst",
        ("anoniem",),
        "html",
        lambda f: "/besluitenlijst/",
    ),
    Page(
        "nota_pdf",
        "Afsprakennota PDF",
        ("algemeen_directeur",),
        "pdf",
        lambda f: f"/afsprakennota/{f.nota}/pdf/",
    ),
    Page(
        "notulen_pdf",
        "Notulen PDF (40 punten)",
        ("algemeen_directeur",),
        "pdf",
        lambda f: f"/vergaderingen/{f.minutes_meeting}/notulen.pdf",
    ),
    Page(
        "resultaten_xlsx",
        "XLSX-export resultaten aanvragen (de worker maakt ze)",
        ("financieel_directeur",),
        "export",
        lambda f: f"/uitvoering/cycli/{f.results_cycle}/resultaten.xlsx",
    ),
    Page(
        "adviezen_xlsx",
        "XLSX-export adviezen (gefilterd)",
        ("algemeen_directeur",),
        "xlsx",
        lambda f: f"/optimalisatie/adviezen/?{_advice_filter(f)}&export=xlsx",
    ),
]


def summary(seconds: list[float]) -> dict:
    """Median, p95 (nearest rank) and min, in milliseconds."""
    figures = nota_pdf.summary(seconds)
    return {f"{name}_ms": round(figures[name] * 1000, 2) for name in ("median", "p95", "min")}


class BadResponse(Exception):
    pass


def _client(user_pk):
    from django.test import Client

    from accounts.models import User

    client = Client()
    if user_pk is not None:
        client.force_login(User.objects.get(pk=user_pk))
    return client


def _get(client, url):
    """A page, or (for an export's URL, which only takes a POST) the request that queues the
    export and is sent on to its page."""
    if url.endswith("resultaten.xlsx"):
        response = client.post(url)
        expected = 302
    else:
        response = client.get(url)
        expected = 200
    if response.status_code != expected:
        raise BadResponse(f"{url}: HTTP {response.status_code}")
    return response


class QueryCounter:
    """Counts the statements a request runs. (CaptureQueriesContext reads the debug query
    log, which every request's start empties.)"""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _queries(client, url) -> int:
    from django.db import connection

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        _get(client, url)
    return counter.count


def measure_page(page: Page, role: str, fixture, runs: int, *, cold: bool = False) -> dict:
    """With `cold`, every page request finds the cache empty: the figures core.kept keeps
    are computed, as on the first request after a change."""
    from django.core.cache import cache

    forget = cache.clear if cold else lambda: None
    user_pk = None if role == "anoniem" else fixture.users[role]
    url = page.url(fixture)
    client = _client(user_pk)
    for _i in range(2):  # warm-up: imports, template caches, the connection pool
        response = _get(client, url)
        _get(client, FLOOR_URL)
    forget()
    queries, floor_queries = _queries(client, url), _queries(client, FLOOR_URL)
    times, floor = [], []
    for _i in range(runs):
        forget()
        t0 = time.perf_counter()
        _get(client, url)
        t1 = time.perf_counter()
        _get(client, FLOOR_URL)
        t2 = time.perf_counter()
        times.append(t1 - t0)
        floor.append(t2 - t1)
    page_figures, floor_figures = summary(times), summary(floor)
    return {
        "page": page.key,
        "label": page.label,
        "role": role,
        "kind": page.kind,
        "url": url,
        "bytes": len(response.content),
        "queries": queries,
        "floor_queries": floor_queries,
        **page_figures,
        "floor": floor_figures,
        "ratio_p95": round(page_figures["p95_ms"] / floor_figures["p95_ms"], 2),
        "ratio_median": round(page_figures["median_ms"] / floor_figures["median_ms"], 2),
        "runs": runs,
        "cold": cold,
    }


def measure_pages(fixture, runs: int, *, only=None, cold=False, log=print) -> list[dict]:
    results = []
    for page in PAGES:
        if only and page.key not in only:
            continue
        for role in page.roles:
            result = measure_page(page, role, fixture, runs, cold=cold)
            log(
                f"  {page.label} as {role}: {result['queries']} queries, median "
                f"{result['median_ms']} ms, p95 {result['p95_ms']} ms, "
                f"{result['ratio_p95']}× the floor"
            )
            results.append(result)
    return results


def measure_exports(fixture, runs: int, *, log=print) -> dict:
    """The worker's side of the results XLSX (core.exports.build_export, as `db_worker` runs
    it): from the queued export to the file in storage, median and p95 over `runs`."""
    from accounts.models import User
    from core import exports
    from core.models import Export

    owner = User.objects.get(pk=fixture.users["financieel_directeur"])
    seconds = []
    for _i in range(runs + 1):  # the first is a warm-up
        export = exports.request_export(
            owner=owner,
            kind="results-xlsx",
            params={"cycle": fixture.results_cycle, "language": "nl", "back": "/"},
            title="bench",
            filename="bench.xlsx",
        )
        t0 = time.perf_counter()
        exports.build_export.call(export.pk)
        seconds.append(time.perf_counter() - t0)
        export.refresh_from_db()
        if export.state != Export.State.READY:
            raise BadResponse(f"export {export.pk}: {export.state} {export.error}")
        size = export.file.size
        export.file.delete(save=False)
        export.delete()
    figures = summary(seconds[1:])
    log(f"  XLSX-export resultaten (worker): median {figures['median_ms']} ms, {size} bytes")
    return {"results_xlsx": {**figures, "bytes": size, "runs": runs}}


def measure_pdfs(fixture, runs: int, *, log=print) -> dict:
    """Our render against plain WeasyPrint on the same finished HTML, for both documents."""
    from afsprakennota.models import Afsprakennota
    from afsprakennota.pdf import nota_pdf as render_nota
    from vergaderingen.models import Meeting
    from vergaderingen.pdf import minutes_pdf

    nota = Afsprakennota.objects.get(pk=fixture.nota)
    meeting = Meeting.objects.select_related("orgaan", "minutes").get(pk=fixture.minutes_meeting)

    out = {}
    for key, ours in (
        ("nota", lambda: render_nota(nota)),
        ("notulen", lambda: minutes_pdf(meeting)),
    ):
        html, pdf = ours()  # warm-up
        nota_pdf.plain_weasyprint(html)
        total, weasy = [], []
        for _i in range(runs):
            t0 = time.perf_counter()
            html, pdf = ours()
            total.append(time.perf_counter() - t0)
            _pdf, layout, output = nota_pdf.plain_weasyprint(html)
            weasy.append(layout + output)
        out[key] = {
            "pages": nota_pdf.page_count(pdf),
            "html_bytes": len(html.encode()),
            "pdf_bytes": len(pdf),
            "ours": summary(total),
            "weasyprint": summary(weasy),
            "runs": runs,
        }
        log(
            f"  PDF {key}: {out[key]['pages']} pages, ours median {out[key]['ours']['median_ms']} "
            f"ms, plain WeasyPrint {out[key]['weasyprint']['median_ms']} ms"
        )
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scale", choices=list(datasets.SCALES))
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--pdf-runs", type=int, default=10)
    parser.add_argument("--only", nargs="*", help="page keys to measure (default: all)")
    parser.add_argument("--json", required=True, help="where to write the figures")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="empty the cache before every page request (figures computed, not kept)",
    )
    args = parser.parse_args(argv)

    from bench import db

    db.require_server()
    fixture = datasets.load_fixture(args.scale)
    if fixture is None or not db.exists(args.scale):
        print(
            f"No data set {args.scale}: run python -m bench.datasets {args.scale}", file=sys.stderr
        )
        return 2
    db.setup_django(args.scale)
    # as a gunicorn worker once the app is loaded (gunicorn.conf.py, post_worker_init): what
    # start-up made is left out of the garbage collector's full passes
    gc.freeze()
    print(f"Measuring {args.scale} ({args.runs} requests a page{', cold' if args.cold else ''}) …")
    result = {
        "scale": args.scale,
        "fixture": fixture.__dict__,
        "pages": measure_pages(fixture, args.runs, only=args.only, cold=args.cold),
    }
    if not args.only and not args.cold:
        result["pdfs"] = measure_pdfs(fixture, args.pdf_runs)
        result["exports"] = measure_exports(fixture, args.pdf_runs)
    with open(args.json, "w") as fh:
        json.dump(result, fh, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
