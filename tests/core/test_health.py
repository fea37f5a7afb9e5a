"""Issue 20: the health endpoints a load balancer asks, JSON logs, administrators and error
reporting from the environment."""

import gzip
import http.server
import json
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import brotli
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from core.observability import admins, log_format

ROOT = Path(__file__).resolve().parent.parent.parent
PRODUCTION = {
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "a.example",
    "DATABASE_URL": "postgres://u@127.0.0.1:1/db",
    "EMAIL_URL": "smtp://127.0.0.1:1",
}


@pytest.mark.django_db  # allowed, so that counting proves it is not used
def test_liveness_answers_without_login_and_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("health-live"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readiness_checks_the_database_the_cache_and_the_storage(client):
    response = client.get(reverse("health-ready"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "cache": True,
        "storage": True,
    }


@pytest.mark.django_db
def test_a_storage_that_cannot_write_makes_the_process_not_ready(
    client, settings, tmp_path, caplog
):
    blocked = tmp_path / "geen-map"
    blocked.write_text("a file where the media folder should be")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocked)},
        },
    }
    with caplog.at_level(logging.ERROR, logger="core.health"):
        response = client.get(reverse("health-ready"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["storage"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True
    assert str(blocked) not in response.content.decode()  # the details go to the log only
    assert "Readiness check storage failed" in caplog.text


def run_with(module, code, **env):
    environment = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": module, **env}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_production_logs_one_json_object_a_line_with_the_request_id():
    result = run_with(
        "config.settings.production",
        "import logging; logging.getLogger('afsprakennota').warning('Zegel %s', 'ontbreekt')",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["level"] == "WARNING"
    assert line["logger"] == "afsprakennota"
    assert line["message"] == "Zegel ontbreekt"
    assert line["request_id"] == "-"  # outside a request
    assert "time" in line


def test_log_format_and_admins_are_checked():
    assert log_format("json") == "json"
    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT"):
        log_format("xml")
    assert admins(["Jan Peeters <jan@heuvelbeke.be>", "it@heuvelbeke.be"]) == [
        ("Jan Peeters", "jan@heuvelbeke.be"),
        ("", "it@heuvelbeke.be"),
    ]
    with pytest.raises(ImproperlyConfigured, match="ADMINS"):
        admins(["Jan Peeters"])


class _Collector(http.server.BaseHTTPRequestHandler):
    received: list[tuple[str, bytes]] = []

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length)
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            body = brotli.decompress(body)
        self.received.append((self.path, body))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def test_with_a_sentry_dsn_errors_reach_the_service_without_personal_data():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Collector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        dsn = f"http://publickey@127.0.0.1:{server.server_port}/42"
        result = run_with(
            "config.settings.production",
            "import sentry_sdk\n"
            "try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    sentry_sdk.capture_exception(e)\n"
            "sentry_sdk.flush(10)",
            SENTRY_DSN=dsn,
            SENTRY_ENVIRONMENT="proef",
            **PRODUCTION,
        )
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr
    [(path, body)] = _Collector.received
    assert path == "/api/42/envelope/"
    text = body.decode("utf-8", "replace")
    assert "ZeroDivisionError" in text and '"environment":"proef"' in text.replace(" ", "")
    assert "ip_address" not in text
