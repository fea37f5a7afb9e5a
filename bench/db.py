"""The benchmark's own PostgreSQL databases: one per data set, never the developer's.

BENCH_DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/postgres, the
database it connects to for administration); each data set lives in its own database on it,
`afsprakennota_bench_<name>`. Without a reachable server the benchmark stops with a clear
message (exit code 2): it measures PostgreSQL, the database a municipality runs.
"""

from __future__ import annotations

import os
import sys
from urllib.parse import urlsplit, urlunsplit

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PREFIX = "afsprakennota_bench_"


class NoServer(SystemExit):
    pass


def server_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)


def database_name(name: str) -> str:
    return PREFIX + name


def url_for(name: str) -> str:
    parts = urlsplit(server_url())
    return urlunsplit(parts._replace(path="/" + database_name(name)))


def describe(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname or 'localhost'}:{parts.port or 5432}"


def _connect(url: str | None = None):
    import psycopg

    return psycopg.connect(url or server_url(), autocommit=True, connect_timeout=5)


def require_server() -> str:
    """The server's URL, or exit with a message saying what to do."""
    import psycopg

    url = server_url()
    try:
        with _connect(url) as conn:
            conn.execute("select 1")
    except psycopg.Error as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        print(
            f"No PostgreSQL server at {describe(url)}: {first}\n"
            "The benchmark runs against PostgreSQL. Start a server (Debian: apt-get install "
            "postgresql, then pg_ctlcluster 15 main start) or point BENCH_DATABASE_URL at one, "
            "for instance postgres://user:password@host:5432/postgres.",
            file=sys.stderr,
        )
        raise NoServer(2) from None
    return url


def exists(name: str) -> bool:
    with _connect() as conn:
        row = conn.execute(
            "select 1 from pg_database where datname = %s", [database_name(name)]
        ).fetchone()
    return row is not None


def recreate(name: str) -> None:
    from psycopg import sql

    ident = sql.Identifier(database_name(name))
    with _connect() as conn:
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(ident))
        conn.execute(sql.SQL("create database {}").format(ident))


def setup_django(name: str) -> None:
    """Point Django at the data set's database (bench.settings), in this process."""
    os.environ["DATABASE_URL"] = url_for(name)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
