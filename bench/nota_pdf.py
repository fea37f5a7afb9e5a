"""Benchmark: how long the afsprakennota's "Interne nota" PDF takes to render (issue 5).

The issue's target: a nota of ten pages renders in under a second on a 2-core machine.

    .venv/bin/python -m bench.nota_pdf [--pages 10] [--runs 20] [--json PATH]

The script works in a throwaway database (a temporary SQLite file, migrated quietly), so it
never touches a developer's db.sqlite3 nor the DATABASE_URL in the environment. It builds a
decree nota from the template, grows it with realistic Dutch sub-articles and items (bold,
italic, bullet lists) until the PDF has at least --pages pages, then times
`afsprakennota.pdf.nota_pdf(nota)` --runs times after one warm-up, and, on the finished HTML,
plain WeasyPrint (`HTML(string=html, base_url=...).write_pdf()`, the way core.pdf calls it),
split into layout (`render()`) and PDF output (`Document.write_pdf()`). What is ours (database
queries, Markdown and the template, up to the finished HTML) is also timed directly: on a
busy machine the difference of the two totals is mostly noise.

Issue 18: `nota_pdf` renders the signed nota as core.pdf does (PDF/A + tags), and plain
WeasyPrint gets the same write_pdf() options (`pdf_options()`), so "our share over plain
WeasyPrint" (target under 10 %) compares like with like. The nota is also exported as Word
(afsprakennota.word) and the import of that .docx (afsprakennota.importing.parse_docx) is
timed (target under 1 s).

It is a measurement, not a test: it exits 0 even when the target is missed, and says
"TARGET MISSED" loudly. `run_benchmark()` holds everything but the database setup, so the
smoke test (tests/bench/) runs it against pytest-django's test database.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import logging
import math
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 1.0
IMPORT_TARGET_SECONDS = 1.0  # importing the nota's .docx (issue 18)
SHARE_TARGET = 0.10  # our share over plain WeasyPrint with the same options (issue 18)
TARGET_PAGES = 10
TARGET_CORES = 2

# --- Realistic content --------------------------------------------------------------------------
# Sub-articles (level a., b., …) with a heading, and items (level i., ii., …) under them. The
# texts cycle deterministically, so every run of the benchmark renders the same document.

SUB_HEADINGS = [
    "Overlegmomenten",
    "Voorbereiding van de collegezitting",
    "Termijnen",
    "Communicatie naar de inwoners",
    "Opvolging van beslissingen",
    "Dossierbehandeling",
    "Escalatie bij meningsverschillen",
    "Rapportering",
    "Budgetopvolging",
    "Personeelsaangelegenheden",
    "Informatieveiligheid",
    "Samenwerking met externe partners",
]

PARAGRAPHS = [
    "Het college en het managementteam overleggen **elke twee weken** over de stand van de "
    "beleidsdoelstellingen. De algemeen directeur bereidt de agenda voor in overleg met de "
    "burgemeester en bezorgt ze *uiterlijk drie werkdagen* vooraf aan alle deelnemers.",
    "Een schepen die een opdracht wil geven aan een dienst, richt zich tot het diensthoofd en "
    "brengt de bevoegde manager op de hoogte. Opdrachten die een **budgettaire impact** hebben "
    "of die de planning van de dienst wijzigen, passeren eerst langs het managementteam.",
    "De administratie levert het college *correcte, volledige en tijdige* informatie. Wanneer "
    "een dossier niet tijdig klaar is, meldt het diensthoofd dat aan de bevoegde schepen met "
    "de reden en een nieuwe, realistische datum.",
    "Medewerkers behandelen vertrouwelijke informatie met de nodige **discretie**. Zij brengen "
    "geen interne adviezen naar buiten voordat het college erover beslist heeft, en verwijzen "
    "vragen van de pers door naar de woordvoerder.",
    "De algemeen directeur rapporteert **elk kwartaal** aan het college over de beslissingen "
    "die hij of zij nam op grond van de gedelegeerde bevoegdheden (art. 57 DLB), met per "
    "beslissing het onderwerp, het bedrag en de begunstigde.",
    "Bij een meningsverschil tussen een schepen en een diensthoofd zoeken beiden eerst samen "
    "met de manager naar een oplossing. Lukt dat niet, dan legt de algemeen directeur het punt "
    "*binnen tien werkdagen* voor aan het college.",
    "Het managementteam bewaakt de uitvoering van het meerjarenplan en signaleert "
    "**afwijkingen van meer dan tien procent** op het budget van een beleidsdoelstelling aan de "
    "financieel directeur en aan het college.",
    "Collegebeslissingen worden binnen *twee werkdagen* na de zitting aan de betrokken diensten "
    "bezorgd. Het diensthoofd bevestigt de ontvangst en plant de uitvoering in de eerstvolgende "
    "werkplanning van de dienst.",
]

BULLET_LISTS = [
    [
        "de agenda en de nota's worden via het collegeplatform gedeeld",
        "elk agendapunt heeft een **ontwerpbeslissing** met motivering",
        "de financieel directeur geeft vooraf advies over elk punt met financiële impact",
    ],
    [
        "wie het dossier opvolgt, met naam en dienst",
        "de *verwachte* timing en de eerstvolgende stap",
        "de risico's en hoe de dienst ze beperkt",
    ],
    [
        "een telefonische vraag wordt binnen **één werkdag** beantwoord of doorverwezen",
        "een e-mail of brief binnen *tien werkdagen*",
        "een klacht volgens het klachtenreglement van het bestuur",
    ],
    [
        "het aantal behandelde dossiers per dienst",
        "de gemiddelde doorlooptijd en de uitschieters",
        "de stand van de besparingen tegenover de **doelstelling**",
        "de acties die nog openstaan, met hun eigenaar",
    ],
]

ITEMS = [
    "Het diensthoofd houdt een overzicht bij van de lopende opdrachten en bespreekt het "
    "*maandelijks* met de manager.",
    "De schepen krijgt een kopie van elke **nota aan het college** over een dossier binnen "
    "zijn of haar bevoegdheid.",
    "Afwijkingen van deze afspraak worden gemotiveerd en in het verslag van het "
    "managementteam opgenomen.",
    "De manager meldt knelpunten in de personeelsbezetting tijdig aan de algemeen directeur, "
    "met een voorstel van oplossing.",
    "Documenten met persoonsgegevens worden enkel gedeeld via de *beveiligde* omgeving van het "
    "bestuur.",
    "Het college evalueert deze afspraak **jaarlijks** in de eerste zitting na het zomerreces.",
]


def _paragraph(n: int) -> str:
    return PARAGRAPHS[n % len(PARAGRAPHS)]


def _bullets(n: int) -> str:
    return "\n".join(f"- {line}" for line in BULLET_LISTS[n % len(BULLET_LISTS)])


def _top_text(n: int) -> str:
    return f"{_paragraph(n)}\n\n{_bullets(n)}"


def _sub_text(n: int) -> str:
    return f"{_paragraph(n + 3)}\n\nDaarbij gelden de volgende afspraken:\n\n{_bullets(n + 1)}"


def _item_text(n: int) -> str:
    return ITEMS[n % len(ITEMS)]


# --- Building the nota --------------------------------------------------------------------------


def _algemeen_directeur():
    """A person who holds the algemeen directeur role (an MT mandate), with a term of office."""
    from accounts.constants import Function, OrgaanType
    from accounts.models import Bestuur, Mandate, Orgaan, Term, User

    Bestuur.objects.update_or_create(
        pk=1,
        defaults={
            "name": "Gemeente en OCMW Heuvelbeke",
            "gemeente_name": "Gemeente Heuvelbeke",
            "ocmw_name": "OCMW Heuvelbeke",
        },
    )
    term, _created = Term.objects.get_or_create(
        start=datetime.date(2025, 1, 1), defaults={"end": datetime.date(2030, 12, 31)}
    )
    user, _created = User.objects.get_or_create(
        email="bench.algemeen.directeur@heuvelbeke.example",
        defaults={"full_name": "An Benchmark", "job_title": "Algemeen directeur"},
    )
    Mandate.objects.get_or_create(
        user=user,
        orgaan=Orgaan.objects.of_type(OrgaanType.MANAGEMENTTEAM),
        function=Function.ALGEMEEN_DIRECTEUR,
        defaults={"start": datetime.date(2025, 1, 1)},
    )
    return user, term


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def build_nota(pages: int, *, log=print):
    """A decree nota whose PDF has at least `pages` pages: (nota, its page count)."""
    from afsprakennota.models import Afsprakennota, Article
    from afsprakennota.pdf import nota_pdf
    from afsprakennota.services import nota_create_decree
    from afsprakennota.structure import article_insert

    by, term = _algemeen_directeur()
    nota = nota_create_decree(term=term, by=by)
    Afsprakennota.objects.filter(pk=nota.pk).update(
        bijlagen="Organogram; overzicht gedelegeerde bevoegdheden",
        referentie="AD/2025/017",
        cc="Financieel directeur, managers",
    )
    nota.refresh_from_db()
    tops = list(nota.articles.filter(parent=None).order_by("position"))

    count = start = page_count(nota_pdf(nota)[1])
    units = 0  # one unit: a sub-article with two items, under the next top-level article
    while count < pages:
        if count == start:
            batch = max(1, units)  # 1, 1, 2, 4 … until a page fills, to learn what one holds
        else:
            per_page = units / (count - start)
            batch = max(1, int((pages - count) * per_page * 0.8))  # aim just short, then creep
        for _i in range(batch):
            top = tops[units % len(tops)]
            if units < len(tops):  # the template's guidance becomes a real text
                Article.objects.filter(pk=top.pk).update(text=_top_text(units))
            sub = article_insert(
                nota=nota,
                parent=top,
                heading=SUB_HEADINGS[units % len(SUB_HEADINGS)],
                text=_sub_text(units),
            )
            for j in range(2):
                article_insert(nota=nota, parent=sub, text=_item_text(2 * units + j))
            units += 1
        count = page_count(nota_pdf(nota)[1])
        log(f"  {units} sub-articles added: {count} pages")
    return nota, count


# --- Measuring ------------------------------------------------------------------------------------


def summary(seconds: list[float]) -> dict:
    """Median, p95 (nearest rank) and min of a list of durations in seconds."""
    ordered = sorted(seconds)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return {
        "median": statistics.median(ordered),
        "p95": p95,
        "min": ordered[0],
        "seconds": seconds,
    }


def cpu_model() -> str:
    """The processor's model name, as /proc/cpuinfo gives it."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def pdf_options() -> dict:
    """The write_pdf() options core.pdf uses for a signed nota: PDF/A with tags when it has
    an archival variant (issue 18), none before."""
    from core import pdf as core_pdf

    variant = getattr(core_pdf, "ARCHIVAL_VARIANT", None)
    return {"pdf_variant": variant, "pdf_tags": True} if variant else {}


def plain_weasyprint(html: str, options: dict | None = None) -> tuple[bytes, float, float]:
    """core.pdf's WeasyPrint call on finished HTML, with the same options (PDF/A + tags for
    a signed nota), in its two halves: (pdf, layout seconds, PDF output seconds)."""
    from django.conf import settings
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)
    t0 = time.perf_counter()
    document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher).render()
    t1 = time.perf_counter()
    pdf = document.write_pdf(**(options or {}))
    return pdf, t1 - t0, time.perf_counter() - t1


def time_docx_import(nota, runs: int) -> dict:
    """The nota as Word (our own exporter, afsprakennota.word) and the time to import it
    again (afsprakennota.importing.parse_docx): the docx's size and the import's figures, or
    the reason it could not be timed."""
    from afsprakennota import word
    from afsprakennota.versions import content_of

    data = word.nota_docx(content_of(nota))
    try:
        from afsprakennota.importing import parse_docx
    except ImportError as error:
        return {"docx_bytes": len(data), "skipped": f"no importer yet ({error})"}
    parsed = parse_docx(data)  # warm-up
    seconds = []
    for _i in range(runs):
        t0 = time.perf_counter()
        parse_docx(data)
        seconds.append(time.perf_counter() - t0)
    return {
        "docx_bytes": len(data),
        "articles": _count_parsed(parsed.articles),
        "import": summary(seconds),
        "target_met": statistics.median(seconds) < IMPORT_TARGET_SECONDS,
    }


def _count_parsed(articles) -> int:
    return sum(1 + _count_parsed(getattr(a, "children", []) or []) for a in articles)


def machine() -> dict:
    import weasyprint
    from django.db import connection

    try:
        from weasyprint.text.ffi import pango

        major, rest = divmod(pango.pango_version(), 10000)
        pango_version = f"{major}.{rest // 100}.{rest % 100}"
    except Exception:  # noqa: BLE001 - informative only
        pango_version = "unknown"
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cores": cores,
        "cpu": cpu_model(),
        "python": platform.python_version(),
        "weasyprint": weasyprint.__version__,
        "pango": pango_version,
        "database": connection.vendor,
    }


def load_average() -> float | None:
    """The 1-minute load average: other work on the machine makes the figures noisy."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def _without_weasyprint(nota, runs: int) -> list[float]:
    """Our part of `nota_pdf(nota)`: the queries, the Markdown and the template, up to the
    finished HTML that WeasyPrint then lays out (measured directly: the difference of two
    noisy totals hides it)."""
    from django.template.loader import render_to_string

    from afsprakennota.pdf import TEMPLATE, nota_context

    render_to_string(TEMPLATE, nota_context(nota))  # warm-up
    seconds = []
    for _i in range(runs):
        t0 = time.perf_counter()
        render_to_string(TEMPLATE, nota_context(nota))
        seconds.append(time.perf_counter() - t0)
    return seconds


def run_benchmark(*, pages: int = TARGET_PAGES, runs: int = 20, log=print) -> dict:
    """Build the nota and time its render. Needs a configured Django with a migrated database
    it may write to (the throwaway one from main(), or a test database)."""
    from afsprakennota.pdf import nota_pdf

    if pages < 1 or runs < 1:
        raise ValueError("pages and runs must be at least 1")
    log(f"Building a nota of at least {pages} pages…")
    nota, real_pages = build_nota(pages, log=log)

    load_before = load_average()
    options = pdf_options()
    html, pdf = nota_pdf(nota)  # warm-up: imports, fonts, template and Markdown caches
    plain_weasyprint(html, options)
    ours, ours_cpu, layout, output = [], [], [], []
    log(f"Timing {runs} runs…")
    for _i in range(runs):  # interleaved, so drift in the machine hits both alike
        t0, c0 = time.perf_counter(), time.process_time()
        html, pdf = nota_pdf(nota)
        ours.append(time.perf_counter() - t0)
        ours_cpu.append(time.process_time() - c0)
        _pdf, lay, out = plain_weasyprint(html, options)
        layout.append(lay)
        output.append(out)

    weasy = [a + b for a, b in zip(layout, output, strict=True)]
    stubbed = _without_weasyprint(nota, runs)
    result = {
        "pages_requested": pages,
        "pages": page_count(pdf),
        "runs": runs,
        "articles": nota.articles.count(),
        "html_bytes": len(html.encode()),
        "pdf_bytes": len(pdf),
        "target": {"seconds": TARGET_SECONDS, "pages": TARGET_PAGES, "cores": TARGET_CORES},
        "nota_pdf": summary(ours),
        "nota_pdf_cpu": summary(ours_cpu),  # CPU time of this process: less sensitive to load
        "nota_pdf_without_weasyprint": stubbed and summary(stubbed),
        "weasyprint": summary(weasy),
        "weasyprint_layout": summary(layout),
        "weasyprint_write_pdf": summary(output),
        "pdf_options": options,
        "docx": time_docx_import(nota, runs),
        "machine": {**machine(), "load_average": [load_before, load_average()]},
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }
    if result["pages"] != real_pages:  # the render is deterministic; say so if it is not
        log(f"Note: the nota had {real_pages} pages while building, {result['pages']} now.")
    # Paired per run (the runs are interleaved), so drift between runs cancels out.
    result["ours_minus_weasyprint"] = summary([a - b for a, b in zip(ours, weasy, strict=True)])
    result["target_met"] = result["nota_pdf"]["median"] < TARGET_SECONDS
    # our share over plain WeasyPrint: the paired difference over WeasyPrint's median
    result["our_share"] = result["ours_minus_weasyprint"]["median"] / result["weasyprint"]["median"]
    result["share_target_met"] = result["our_share"] < SHARE_TARGET
    return result


def report(result: dict) -> str:
    """The figures as a small Markdown table, and the verdict."""

    def ms(seconds):
        return f"{seconds * 1000:.0f} ms"

    rows = [
        ("`nota_pdf(nota)` (ours, end to end)", result["nota_pdf"]),
        ("… the same, CPU time of the process", result["nota_pdf_cpu"]),
        (
            "… of which ours: queries, Markdown, template (to the HTML)",
            result["nota_pdf_without_weasyprint"],
        ),
        ("plain WeasyPrint on the same HTML", result["weasyprint"]),
        ("… of which layout (`HTML.render()`)", result["weasyprint_layout"]),
        ("… of which PDF output (`Document.write_pdf()`)", result["weasyprint_write_pdf"]),
    ]
    m = result["machine"]
    runs = f"{result['runs']} run{'s' if result['runs'] != 1 else ''}"
    load = m["load_average"]
    lines = [
        f"{result['pages']} pages, {result['articles']} articles, "
        f"HTML {result['html_bytes'] / 1024:.0f} KiB, PDF {result['pdf_bytes'] / 1024:.0f} KiB; "
        f"{runs} after one warm-up; {m['cores']} cores ({m['cpu']}), "
        f"load average {load[0]} before, {load[1]} after; "
        f"Python {m['python']}, WeasyPrint {m['weasyprint']}, Pango {m['pango']}, "
        f"{m['database']}.",
        "",
        "| measure | median | p95 | min |",
        "|---|---:|---:|---:|",
        *(
            f"| {name} | {ms(s['median'])} | {ms(s['p95'])} | {ms(s['min'])} |"
            for name, s in rows
            if s
        ),
    ]
    ours = result["nota_pdf"]["median"]
    if result["nota_pdf_without_weasyprint"]:
        own = result["nota_pdf_without_weasyprint"]["median"]
        lines += [
            "",
            f"Ours (queries, Markdown, template) is {ms(own)} of the {ms(ours)} median "
            f"({own / ours:.0%}); the rest is WeasyPrint.",
        ]
    options = result.get("pdf_options") or {}
    variant = options.get("pdf_variant")
    lines.append(
        f"Rendered as {variant} with tags, WeasyPrint with the same options."
        if variant
        else "Rendered as plain PDF (core.pdf has no archival variant)."
    )
    share = result["our_share"]
    lines.append(
        f"Our share over plain WeasyPrint (paired runs): {share:.1%} "
        f"({'under' if result['share_target_met'] else 'NOT under'} {SHARE_TARGET:.0%})."
    )
    docx = result.get("docx") or {}
    if "import" in docx:
        lines.append(
            f"Importing the nota's .docx ({docx['docx_bytes'] / 1024:.0f} KiB, "
            f"{docx['articles']} articles read back): median {ms(docx['import']['median'])}, "
            f"p95 {ms(docx['import']['p95'])}: "
            + (
                f"TARGET MET (< {IMPORT_TARGET_SECONDS:g} s)."
                if docx["target_met"]
                else f"TARGET MISSED (>= {IMPORT_TARGET_SECONDS:g} s)."
            )
        )
    elif docx:
        lines.append(f"Importing the nota's .docx: not timed, {docx['skipped']}.")
    lines.append("")
    target = result["target"]
    caveats = []
    if result["pages"] < target["pages"]:
        caveats.append(f"the target is for {target['pages']} pages, this nota has fewer")
    if m["cores"] != target["cores"]:
        caveats.append(
            f"the target is for a {target['cores']}-core machine, this one has {m['cores']}"
        )
    note = f" (note: {'; '.join(caveats)})" if caveats else ""
    if result["target_met"]:
        lines.append(f"TARGET MET: median {ms(ours)} < {target['seconds']:g} s{note}.")
    else:
        lines.append(f"TARGET MISSED: median {ms(ours)} >= {target['seconds']:g} s{note}.")
    return "\n".join(lines)


def write_json(result: dict, path: str) -> None:
    Path(path).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


# --- The command line -----------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m bench.nota_pdf", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--pages", type=int, default=TARGET_PAGES, help="default %(default)s")
    parser.add_argument("--runs", type=int, default=20, help="default %(default)s")
    parser.add_argument("--json", metavar="PATH", help="write the raw figures to PATH")
    args = parser.parse_args(argv)
    if args.pages < 1 or args.runs < 1:
        parser.error("--pages and --runs must be at least 1")
    return args


def measure_and_report(args, *, log=print) -> dict:
    """Everything after the database setup: build, time, print, write the JSON."""
    result = run_benchmark(pages=args.pages, runs=args.runs, log=log)
    print(report(result))
    if args.json:
        write_json(result, args.json)
        print(f"Raw figures written to {args.json}")
    return result


def main(argv=None) -> int:
    """The command: a throwaway SQLite database, migrated, then measure_and_report()."""
    args = parse_args(argv)
    from django.conf import settings

    if settings.configured:
        raise RuntimeError("main() sets up its own database: call measure_and_report() instead.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    with tempfile.TemporaryDirectory(prefix="bench-nota-pdf-") as tmp:
        # Before django.setup(): the settings read DATABASE_URL once, at import.
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        import django
        from django.core.management import call_command
        from django.db import connections

        django.setup()
        # WeasyPrint logs every layout step at INFO, and the project's root logger shows INFO:
        # quiet it here, or the report drowns (the cost of those lines is negligible).
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        try:
            print(f"Throwaway database: {connections['default'].settings_dict['NAME']}")
            call_command("migrate", verbosity=0, interactive=False)
            measure_and_report(args)
        finally:
            connections.close_all()
    return 0  # a measurement: a missed target is reported, not an error


if __name__ == "__main__":
    sys.exit(main())
