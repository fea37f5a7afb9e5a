"""Under load (issue 7): gunicorn with 2 workers on 127.0.0.1, driven by wrk.

    .venv/bin/python -m bench.load centrumstad [--seconds 30] [--connections 20] --json PATH

For the advice list, the advice detail and the live tally, each as a signed-in person of the
role that uses it most: requests per second, p95 latency, errors (connection errors, timeouts
and every answer other than 2xx/3xx; the target is 0) and the workers' peak memory (VmHWM, the
highest resident size each worker reached). wrk comes from Debian (apt-get install wrk).
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench import datasets, db

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 2
TARGETS = [("advies_lijst", "manager"), ("advies_detail", "manager"), ("telling", "schepen")]
ERROR_KINDS = ("connect", "read", "write", "status", "timeout")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _session_cookie(user_pk) -> str:
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(pk=user_pk))
    return client.cookies["sessionid"].value


def _workers(master_pid: int) -> list[int]:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def _peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _wait_until_up(port: int, process, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped at start-up (see its output above)")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start within 30 s")


def run(scale: str, *, seconds: int, connections: int, log=print) -> dict:
    """Needs Django set up on the data set (bench.db.setup_django): gunicorn inherits it."""
    from bench.measure import PAGES

    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    fixture = datasets.load_fixture(scale)
    pages = {p.key: p for p in PAGES}
    port = _free_port()
    gunicorn = [
        str(Path(sys.executable).parent / "gunicorn"),
        "config.wsgi:application",
        f"--workers={WORKERS}",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
    ]
    process = subprocess.Popen(gunicorn, cwd=ROOT)
    results = []
    try:
        _wait_until_up(port, process)
        for key, role in TARGETS:
            page = pages[key]
            cookie = _session_cookie(fixture.users[role])
            url = f"http://127.0.0.1:{port}{page.url(fixture)}"
            subprocess.run(  # warm both workers up: imports, templates, connections
                [wrk, "-t1", "-c4", "-d3s", "-H", f"Cookie: sessionid={cookie}", url],
                check=True,
                capture_output=True,
            )
            done = subprocess.run(
                [
                    wrk,
                    "-t1",
                    f"-c{connections}",
                    f"-d{seconds}s",
                    "--timeout=10s",
                    "-s",
                    str(ROOT / "bench" / "wrk_report.lua"),
                    "-H",
                    f"Cookie: sessionid={cookie}",
                    url,
                ],
                check=True,
                capture_output=True,
                text=True,
            )
            figures = json.loads(done.stdout.strip().splitlines()[-1])
            error_kinds = {kind: figures[kind] for kind in ERROR_KINDS}
            errors = sum(error_kinds.values())
            peak = max((_peak_kib(pid) for pid in _workers(process.pid)), default=0)
            result = {
                "page": key,
                "label": page.label,
                "role": role,
                "url": page.url(fixture),
                "seconds": seconds,
                "connections": connections,
                "requests": figures["requests"],
                "rps": round(figures["requests"] / (figures["duration_us"] / 1e6), 1),
                "p50_ms": round(figures["p50_us"] / 1000, 1),
                "p95_ms": round(figures["p95_us"] / 1000, 1),
                "p99_ms": round(figures["p99_us"] / 1000, 1),
                "errors": errors,
                "error_kinds": error_kinds,
                "peak_worker_mib": round(peak / 1024, 1),
            }
            log(
                f"  {page.label} as {role}: {result['rps']} req/s, p95 {result['p95_ms']} ms, "
                f"{errors} errors, peak worker {result['peak_worker_mib']} MiB"
            )
            results.append(result)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return {"workers": WORKERS, "tool": "wrk", "results": results}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scale", choices=list(datasets.SCALES))
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--json", required=True)
    args = parser.parse_args(argv)
    db.require_server()
    if datasets.load_fixture(args.scale) is None:
        print(f"No data set {args.scale}: make bench builds it.", file=sys.stderr)
        return 2
    db.setup_django(args.scale)
    print(f"Load on {args.scale}: {args.connections} connections, {args.seconds} s a page …")
    result = run(args.scale, seconds=args.seconds, connections=args.connections)
    Path(args.json).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
