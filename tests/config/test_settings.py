"""Settings fail loudly on bad values instead of running with a silent default."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings.base import env_bool, env_int

ROOT = Path(__file__).resolve().parent.parent.parent


def test_a_boolean_must_be_clearly_yes_or_no(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "true")
    assert env_bool("SOME_FLAG", False) is True
    monkeypatch.setenv("SOME_FLAG", "0")
    assert env_bool("SOME_FLAG", True) is False
    monkeypatch.setenv("SOME_FLAG", "misschien")
    with pytest.raises(ImproperlyConfigured, match="not a boolean"):
        env_bool("SOME_FLAG", False)


def test_a_number_must_be_a_number(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "tien")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("SOME_NUMBER", 1)


def settings_error(module, **env):
    """Import a settings module in a fresh interpreter with only the given variables."""
    environment = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": module, **env}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stderr


def test_an_unsupported_database_url_is_refused():
    code, err = settings_error("config.settings.dev", DATABASE_URL="mysql://x@localhost/db")
    assert code != 0 and "DATABASE_URL must be a postgres" in err


def test_production_requires_a_secret_key():
    code, err = settings_error(
        "config.settings.production",
        ALLOWED_HOSTS="a.example",
        DATABASE_URL="postgres://u@localhost/db",
    )
    assert code != 0 and "SECRET_KEY" in err


def test_production_refuses_sqlite():
    code, err = settings_error(
        "config.settings.production", SECRET_KEY="x" * 60, ALLOWED_HOSTS="a.example"
    )
    assert code != 0 and "PostgreSQL" in err


def test_an_unknown_email_scheme_is_refused():
    code, err = settings_error("config.settings.dev", EMAIL_URL="pigeon://loft")
    assert code != 0


def test_production_requires_smtp_mail():
    code, err = settings_error(
        "config.settings.production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="a.example",
        DATABASE_URL="postgres://u@h/db",
    )
    assert code != 0 and "EMAIL_URL" in err
    code, err = settings_error(
        "config.settings.production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="a.example",
        DATABASE_URL="postgres://u@h/db",
        EMAIL_URL="smtp+tls://u:p@smtp.example:587",
    )
    assert code == 0, err
