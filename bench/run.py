"""`make bench`: build the data sets, measure every key page at both scales (and at the larger
one again with an empty cache before every request: `--cold`), load the server, time the
PDFs and the results export, and write the figures (issues 7 and 20).

    .venv/bin/python -m bench.run [--scales gemeente centrumstad] [--runs 50] [--pdf-runs 10]
                                  [--load-seconds 30] [--no-load] [--json PATH] [--docs PATH]

Each step runs in a process of its own (bench.datasets, bench.measure, bench.load), so each
data set has its own Django set-up. The raw figures go to a JSON file (default
bench/results/<date>-<commit>.json), the summary between the markers in docs/performance.md.
`make bench-compare A=old.json B=new.json` compares two runs (bench.compare).

It is a measurement, not a test: it exits 0 when a target is missed, and says so.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import db, nota_pdf, report

ROOT = Path(__file__).resolve().parent.parent


def _python(*args: str) -> None:
    subprocess.run([sys.executable, "-m", *args], cwd=ROOT, check=True)


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
        return out.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def machine() -> dict:
    import psycopg
    import weasyprint

    memory = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    with psycopg.connect(db.server_url(), connect_timeout=5) as conn:
        server = conn.execute("show server_version").fetchone()[0]
    return {
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu": nota_pdf.cpu_model(),
        "memory_gib": memory,
        "python": platform.python_version(),
        "postgresql": server,
        "weasyprint": weasyprint.__version__,
        "load_average": nota_pdf.load_average(),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", nargs="+", default=["gemeente", "centrumstad"])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--pdf-runs", type=int, default=10)
    parser.add_argument("--load-seconds", type=int, default=30)
    parser.add_argument("--load-scale", default="centrumstad")
    parser.add_argument("--no-load", action="store_true")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the data sets")
    parser.add_argument("--json", help="where the raw figures go")
    parser.add_argument("--docs", default=str(ROOT / "docs" / "performance.md"))
    args = parser.parse_args(argv)

    db.require_server()
    started = datetime.datetime.now().astimezone()
    result = {
        "date": started.isoformat(timespec="seconds"),
        "commit": _commit(),
        "machine": machine(),
        "runs": args.runs,
        "scales": {},
    }
    with tempfile.TemporaryDirectory() as tmp:
        for scale in args.scales:
            _python("bench.datasets", scale, *(["--force"] if args.rebuild else []))
            path = Path(tmp) / f"{scale}.json"
            _python(
                "bench.measure",
                scale,
                f"--runs={args.runs}",
                f"--pdf-runs={args.pdf_runs}",
                f"--json={path}",
            )
            result["scales"][scale] = json.loads(path.read_text())
        # the first request after a change: the cache emptied before every page request
        path = Path(tmp) / "cold.json"
        _python(
            "bench.measure",
            args.scales[-1],
            f"--runs={args.runs}",
            "--cold",
            f"--json={path}",
        )
        result["cold"] = json.loads(path.read_text())
        if not args.no_load:
            path = Path(tmp) / "load.json"
            _python(
                "bench.load", args.load_scale, f"--seconds={args.load_seconds}", f"--json={path}"
            )
            result["load"] = {"scale": args.load_scale, **json.loads(path.read_text())}
    result["targets"] = report.targets(result)
    out = Path(
        args.json or ROOT / "bench" / "results" / f"{started:%Y%m%d-%H%M}-{result['commit']}.json"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    markdown = report.markdown(result, json_name=out.name)
    report.write_docs(Path(args.docs), markdown)
    print(markdown)
    print(f"Raw figures: {out}. Summary written to {args.docs}.")
    print("ALL TARGETS MET" if result["targets"]["met"] else "TARGET MISSED: see the summary")
    return 0


if __name__ == "__main__":
    sys.exit(main())
