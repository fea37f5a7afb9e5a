"""The container files agree with the project (issue 20): compose.yaml parses and runs only
management commands that exist, the example .env sets only variables the README documents (or
compose.yaml uses), and the image runs as a user without privileges. `podman build` itself
cannot run on this machine: docs/deployment.md documents it."""

import re
from pathlib import Path

import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[1]


def _compose():
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_compose_runs_existing_commands_and_the_parts_of_a_multi_server_installation():
    services = _compose()["services"]
    assert {"web1", "web2", "worker", "postgres", "valkey", "s3", "backup", "migrate"} <= set(
        services
    )
    commands = set(get_commands())
    text = (ROOT / "compose.yaml").read_text()
    used = set(re.findall(r"manage\.py\"?,? \"?([a-z_]+)", text))
    assert used >= {"migrate", "db_worker", "backup", "send_digests", "send_reminders"}
    assert used <= commands, used - commands
    for name in ("web1", "web2", "worker"):
        assert services[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )


def test_the_example_environment_sets_only_documented_variables():
    readme = (ROOT / "README.md").read_text()
    compose = (ROOT / "compose.yaml").read_text()
    example = (ROOT / "docs" / "deployment.env.example").read_text()
    names = re.findall(r"^([A-Z0-9_]+)=", example, re.M)
    assert "SECRET_KEY" in names and "NOTA_SEAL_PKCS12" in names
    undocumented = [n for n in names if f"`{n}`" not in readme and f"${{{n}}}" not in compose]
    assert not undocumented


def test_the_image_runs_unprivileged_and_collects_static_files_at_build():
    containerfile = (ROOT / "Containerfile").read_text()
    assert "USER app" in containerfile and "--uid 10001" in containerfile
    assert "collectstatic --noinput" in containerfile
    assert "COPY requirements.txt" in containerfile
    assert (ROOT / ".containerignore").read_text() == (ROOT / ".dockerignore").read_text()
    assert ".venv" in (ROOT / ".containerignore").read_text().split()
