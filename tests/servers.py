"""Real servers that tests start on 127.0.0.1 and stop by their PID (issue 20).

Under CI=true a missing server program is an error (`.ci/run` installs it), elsewhere the
test skips and says what to install."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def need(program: str, package: str) -> str:
    path = shutil.which(program)
    if path:
        return path
    message = f"{program} is not installed (apt-get install {package})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + ": under CI=true a missing server is an error.")
    pytest.skip(message)


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped at start (exit {process.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing answers on 127.0.0.1:{port}")


@contextmanager
def redis_server():
    """A private redis-server (or valkey-server) that keeps nothing on disk; yields its URL."""
    program = shutil.which("valkey-server") or need("redis-server", "redis-server")
    port = free_port()
    process = subprocess.Popen(
        [program, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process)
        yield f"redis://127.0.0.1:{port}/0", process
    finally:
        process.terminate()
        process.wait(timeout=10)


class SmtpServer:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it receives; it can be
    stopped and started again on the same port, as a mail server that goes down."""

    def __init__(self):
        self.port = free_port()
        self.received: list = []
        self._controller = None

    def start(self):
        from aiosmtpd.controller import Controller

        server = self

        class Keep:
            async def handle_DATA(self, _server, _session, envelope):
                server.received.append(envelope)
                return "250 OK"

        self._controller = Controller(Keep(), hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@contextmanager
def s3_server():
    """moto's S3 emulator in server mode (a real HTTP S3 API); yields its endpoint URL."""
    import sys
    from pathlib import Path

    program = Path(sys.executable).parent / "moto_server"
    if not program.exists():
        pytest.fail("moto_server is missing: pip install -r requirements-dev.txt")
    port = free_port()
    process = subprocess.Popen(
        [str(program), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process, seconds=30)
        yield f"http://127.0.0.1:{port}", process
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def oidc_provider(redirect_uri: str, users: list[dict], tmp_path):
    """The test OpenID provider (tests/oidc_provider, django-oauth-toolkit) in its own process
    on 127.0.0.1, stopped by its PID; yields its issuer URL."""
    import json
    import sys

    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.oidc_provider.serve",
            str(port),
            str(tmp_path / "oidc-provider.sqlite3"),
            redirect_uri,
            json.dumps(users),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
    )
    try:
        wait_for_port(port, process, seconds=60)
        yield f"http://127.0.0.1:{port}/o"
    finally:
        process.terminate()
        process.wait(timeout=10)
