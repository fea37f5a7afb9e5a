"""Settings a hoster sets from the environment (docs/deployment.md): pgbouncer in transaction
mode, and the bucket of an S3-compatible object storage."""

import json

import pytest
from django.db import connection

from tests.core.test_health import PRODUCTION, run_with

SHOW_DB = (
    "import json; from django.conf import settings; from django.db import connection\n"
    "db = settings.DATABASES['default']\n"
    "print(json.dumps({'options': db['OPTIONS'], 'cursors': db.get("
    "'DISABLE_SERVER_SIDE_CURSORS', False), 'vendor': connection.vendor}))"
)


def test_behind_pgbouncer_the_app_keeps_no_pool_and_prepares_nothing():
    env = {**PRODUCTION, "DATABASE_URL": "postgres://app:secret@pgbouncer:6432/afsprakennota"}
    pooled = run_with("config.settings.production", SHOW_DB, **env)
    assert pooled.returncode == 0, pooled.stderr
    assert json.loads(pooled.stdout)["options"]["pool"]["max_size"] == 10
    bounced = run_with("config.settings.production", SHOW_DB, DATABASE_PGBOUNCER="true", **env)
    assert bounced.returncode == 0, bounced.stderr
    shown = json.loads(bounced.stdout)
    assert shown["options"] == {"prepare_threshold": None} and shown["cursors"] is True


@pytest.mark.django_db
def test_a_query_runs_through_the_pgbouncer_settings_on_this_database():
    db = connection.settings_dict
    url = ""
    if connection.vendor == "postgresql":
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        url = f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    code = "from django.db import connection\nwith connection.cursor() as c:\n"
    code += "    c.execute('select 41 + 1'); print(c.fetchone()[0], connection.vendor)"
    result = run_with(
        "config.settings.production",
        code,
        **{**PRODUCTION, "DATABASE_PGBOUNCER": "true", **({"DATABASE_URL": url} if url else {})},
    )
    if url.startswith("postgres"):
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == ["42", "postgresql"]
    else:  # a SQLite run has no PostgreSQL to reach: the settings load and try PRODUCTION's
        assert "port 1 failed" in result.stderr


def test_a_bucket_name_makes_the_storage_s3():
    code = (
        "from django.core.files.storage import storages\n"
        "s = storages['default']\n"
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.file_overwrite, s.default_acl)"
    )
    result = run_with(
        "config.settings.production",
        code,
        AWS_STORAGE_BUCKET_NAME="heuvelbeke-bestanden",
        AWS_S3_ENDPOINT_URL="http://s3:9000",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "S3Storage", "heuvelbeke-bestanden", "http://s3:9000", "False", "None",
    ]  # fmt: skip
    disk = run_with(
        "config.settings.production",
        "from django.core.files.storage import storages\nprint(type(storages['default']).__name__)",
        **PRODUCTION,
    )
    assert disk.stdout.split() == ["FileSystemStorage"], disk.stderr
