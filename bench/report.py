"""The benchmark's figures as targets and Markdown (bench.run), and two runs compared
(`python -m bench.report compare A.json B.json`, which `make bench-compare` calls)."""

from __future__ import annotations

import sys
from pathlib import Path

TARGET_RATIO = 4.0
TARGET_NOTA_SECONDS = 1.0
START = "<!-- bench:start (written by make bench; edit outside the markers) -->"
END = "<!-- bench:end -->"


def _rows(scale_result) -> dict:
    return {(r["page"], r["role"]): r for r in scale_result["pages"]}


def targets(result: dict) -> dict:
    """The issue's targets, each with what missed it."""
    scales = result["scales"]
    names = list(scales)
    unequal = []
    if len(names) >= 2:
        first, *others = (_rows(scales[n]) for n in names)
        for key, row in first.items():
            counts = [row["queries"], *(o[key]["queries"] for o in others if key in o)]
            if len(set(counts)) > 1:
                unequal.append({"page": key[0], "role": key[1], "queries": counts})
    largest = names[-1]
    slow = [
        {"page": r["page"], "role": r["role"], "ratio_p95": r["ratio_p95"]}
        for r in scales[largest]["pages"]
        if r["kind"] == "html" and r["ratio_p95"] > TARGET_RATIO
    ]
    cold = [
        {"page": r["page"], "role": r["role"], "ratio_p95": r["ratio_p95"]}
        for r in result.get("cold", {}).get("pages", [])
        if r["kind"] == "html" and r["ratio_p95"] > TARGET_RATIO
    ]
    load = result.get("load", {}).get("results", [])
    errors = [{"page": r["page"], "errors": r["errors"]} for r in load if r["errors"]]
    nota = scales[largest].get("pdfs", {}).get("nota")
    nota_ok = nota is None or nota["ours"]["median_ms"] < TARGET_NOTA_SECONDS * 1000
    return {
        "equal_queries": not unequal,
        "unequal_queries": unequal,
        "within_ratio": not slow,
        "over_ratio": slow,
        "cold_within_ratio": not cold,
        "cold_over_ratio": cold,
        "scale_for_ratio": largest,
        "no_load_errors": not errors,
        "load_errors": errors,
        "nota_under_1s": nota_ok,
        "met": not unequal and not slow and not cold and not errors and nota_ok,
    }


def number(value: int) -> str:
    """A count the Dutch way: 300.000."""
    return f"{value:,}".replace(",", ".")


def _ms(value) -> str:
    return f"{number(round(value))} ms" if value >= 100 else f"{value:.1f} ms"


def markdown(result: dict, *, json_name: str = "") -> str:
    m = result["machine"]
    names = list(result["scales"])
    lines = [
        f"Run of {result['date'][:16].replace('T', ' ')}, commit `{result['commit']}`"
        + (f", raw figures in `bench/results/{json_name}`" if json_name else "")
        + ".",
        "",
        f"Machine: {m['cores']} cores, {m['cpu']}, {m['memory_gib']} GiB; Python "
        f"{m['python']}, PostgreSQL {m['postgresql']} on the same machine, WeasyPrint "
        f"{m['weasyprint']}; load average {m['load_average']} at the start.",
        "",
    ]
    for name in names:
        fixture = result["scales"][name]["fixture"]
        counts = fixture["counts"]
        lines.append(
            f"- **{name}**: built in {fixture['seconds']} s: "
            + ", ".join(
                f"{number(counts[k])} {k}"
                for k in ("personen", "diensten", "cycli", "adviezen", "reacties", "vergaderingen")
                if k in counts
            )
            + f", {number(counts.get('auditregels', 0))} audit rows"
            + "."
        )
    lines += [
        "",
        f"Server time in process over {result['runs']} requests per page and role (Django's "
        "test client, all middleware), against the floor view (the base layout for the same "
        "person) measured request by request in between. Ratio: the page's p95 over the "
        f"floor's p95; the target for HTML pages at {names[-1]} is at most "
        f"{TARGET_RATIO:.0f}×.",
        "",
    ]
    header = "| page | role | " + " | ".join(
        f"queries {n} | median {n} | p95 {n} | ×floor {n}" for n in names
    )
    lines.append(header + " |")
    lines.append("|---|---|" + "---:|---:|---:|---:|" * len(names))
    rows = [_rows(result["scales"][n]) for n in names]
    for key, row in rows[0].items():
        cells = []
        for other in rows:
            r = other.get(key)
            if r is None:
                cells.append("– | – | – | –")
                continue
            ratio = f"{r['ratio_p95']:.1f}×"
            if r["kind"] == "html" and r["ratio_p95"] > TARGET_RATIO:
                ratio = f"**{ratio}**"
            cells.append(f"{r['queries']} | {_ms(r['median_ms'])} | {_ms(r['p95_ms'])} | {ratio}")
        lines.append(f"| {row['label']} | {key[1]} | " + " | ".join(cells) + " |")
    floor = rows[-1][next(iter(rows[-1]))]["floor"]
    lines += [
        "",
        f"Floor at {names[-1]} (first row's person): median {_ms(floor['median_ms'])}, p95 "
        f"{_ms(floor['p95_ms'])}.",
        "",
    ]
    cold = result.get("cold")
    if cold:
        kept = rows[-1]
        lines += [
            f"The first request after a change, at {names[-1]}: the same pages with the cache "
            "emptied before every request (`bench.measure --cold`), so that nothing kept "
            "between requests (core.kept) is found; the summary tables, which the services "
            "keep up to date, are read as always.",
            "",
            "| page | role | queries | median | p95 | ×floor | queries kept | ×floor kept |",
            "|---|---|---:|---:|---:|---:|---:|---:|",
        ]
        for key, r in _rows(cold).items():
            ratio = f"{r['ratio_p95']:.1f}×"
            if r["kind"] == "html" and r["ratio_p95"] > TARGET_RATIO:
                ratio = f"**{ratio}**"
            k = kept.get(key)
            kept_cells = f"{k['queries']} | {k['ratio_p95']:.1f}×" if k else "– | –"
            lines.append(
                f"| {r['label']} | {key[1]} | {r['queries']} | {_ms(r['median_ms'])} | "
                f"{_ms(r['p95_ms'])} | {ratio} | {kept_cells} |"
            )
        lines.append("")
    exports = result["scales"][names[-1]].get("exports")
    if exports:
        x = exports["results_xlsx"]
        lines += [
            f"The results XLSX at {names[-1]} is built by the worker (core.exports): "
            f"{_ms(x['median_ms'])} median, {_ms(x['p95_ms'])} p95 over {x['runs']} builds "
            f"({number(x['bytes'])} bytes); the request that asks for it is in the table above.",
            "",
        ]
    pdfs = result["scales"][names[-1]].get("pdfs")
    if pdfs:
        lines += [
            f"PDFs at {names[-1]} ({pdfs['nota']['runs']} renders each, after one warm-up): ours "
            "is the whole render as the page does it, plain WeasyPrint lays out and writes the "
            "same finished HTML.",
            "",
            "| document | pages | ours median | ours p95 | plain WeasyPrint median | ours minus "
            "WeasyPrint |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for key, label in (("nota", "afsprakennota"), ("notulen", "minutes, 40 items")):
            p = pdfs[key]
            lines.append(
                f"| {label} | {p['pages']} | {_ms(p['ours']['median_ms'])} | "
                f"{_ms(p['ours']['p95_ms'])} | {_ms(p['weasyprint']['median_ms'])} | "
                f"{_ms(p['ours']['median_ms'] - p['weasyprint']['median_ms'])} |"
            )
        lines.append("")
    load = result.get("load")
    if load:
        lines += [
            f"Under load at {load['scale']}: gunicorn, {load['workers']} sync workers on "
            f"127.0.0.1, {load['tool']} with {load['results'][0]['connections']} connections for "
            f"{load['results'][0]['seconds']} s per page, each request as the signed-in person.",
            "",
            "| page | role | requests/s | p50 | p95 | errors | peak worker memory |",
            "|---|---|---:|---:|---:|---:|---:|",
        ]
        for r in load["results"]:
            lines.append(
                f"| {r['label']} | {r['role']} | {r['rps']} | {_ms(r['p50_ms'])} | "
                f"{_ms(r['p95_ms'])} | {r['errors']} | {r['peak_worker_mib']} MiB |"
            )
        lines.append("")
    t = result["targets"]
    lines += [
        "Targets:",
        "",
        f"- query counts equal at both scales: {'met' if t['equal_queries'] else 'MISSED'}"
        + "".join(
            f"; {u['page']} as {u['role']}: {' vs '.join(map(str, u['queries']))}"
            for u in t["unequal_queries"]
        ),
        f"- every HTML page's p95 within {TARGET_RATIO:.0f}× the floor at "
        f"{t['scale_for_ratio']}: {'met' if t['within_ratio'] else 'MISSED'}"
        + "".join(f"; {s['page']} as {s['role']}: {s['ratio_p95']}×" for s in t["over_ratio"]),
        f"- the same for the first request after a change (cold): "
        f"{'met' if t.get('cold_within_ratio', True) else 'MISSED'}"
        + "".join(
            f"; {s['page']} as {s['role']}: {s['ratio_p95']}×" for s in t.get("cold_over_ratio", [])
        ),
        f"- no errors under load: {'met' if t['no_load_errors'] else 'MISSED'}",
        f"- afsprakennota PDF under 1 s: {'met' if t['nota_under_1s'] else 'MISSED'}",
    ]
    return "\n".join(lines) + "\n"


def write_docs(path: Path, text: str) -> None:
    """Replace what lies between the markers (or append the markers and the text)."""
    current = path.read_text() if path.exists() else "# Performance\n"
    block = f"{START}\n{text}{END}"
    if START in current and END in current:
        before, rest = current.split(START, 1)
        _old, after = rest.split(END, 1)
        path.write_text(before + block + after)
    else:
        path.write_text(current.rstrip() + "\n\n" + block + "\n")


def compare(a: dict, b: dict) -> str:
    """Per scale, page and role: queries, p95 and ratio to the floor, A then B."""
    lines = [
        f"A: {a['date'][:16]} ({a['commit']})  B: {b['date'][:16]} ({b['commit']})",
        "",
        "| scale | page | role | queries A → B | p95 A → B | ×floor A → B |",
        "|---|---|---|---:|---:|---:|",
    ]
    for scale, sa in a["scales"].items():
        sb = b["scales"].get(scale)
        if sb is None:
            continue
        rows_b = _rows(sb)
        for key, ra in _rows(sa).items():
            rb = rows_b.get(key)
            if rb is None:
                continue
            change = (rb["p95_ms"] - ra["p95_ms"]) / ra["p95_ms"] * 100
            lines.append(
                f"| {scale} | {ra['label']} | {key[1]} | {ra['queries']} → {rb['queries']} | "
                f"{_ms(ra['p95_ms'])} → {_ms(rb['p95_ms'])} ({change:+.0f} %) | "
                f"{ra['ratio_p95']:.1f} → {rb['ratio_p95']:.1f} |"
            )
    load_a = {r["page"]: r for r in a.get("load", {}).get("results", [])}
    load_b = {r["page"]: r for r in b.get("load", {}).get("results", [])}
    if load_a and load_b:
        lines += ["", "| load | req/s A → B | p95 A → B | errors A → B |", "|---|---:|---:|---:|"]
        for page, ra in load_a.items():
            rb = load_b.get(page)
            if rb:
                lines.append(
                    f"| {ra['label']} | {ra['rps']} → {rb['rps']} | {_ms(ra['p95_ms'])} → "
                    f"{_ms(rb['p95_ms'])} | {ra['errors']} → {rb['errors']} |"
                )
    return "\n".join(lines) + "\n"


def main(argv=None):
    import json

    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 3 or argv[0] != "compare":
        print("usage: python -m bench.report compare A.json B.json", file=sys.stderr)
        return 2
    a, b = (json.loads(Path(p).read_text()) for p in argv[1:])
    print(compare(a, b), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
