"""Backup and restore of an installation: the database and the uploaded files, in one .tar.

`manage.py backup` writes `database.dump` (PostgreSQL's custom format, by pg_dump) or
`database.sqlite3` (SQLite's online backup), every file of the default storage under `media/`
(local disk or object storage alike: it goes through the storage's API) and `manifest.json`.
`manage.py restore` puts both back as they were: the database's tables are replaced, files
that are not in the backup are deleted. Then every stamp (core.kept) is set to the restore's
time in microseconds, higher than any number counted before, so no figure kept in the shared
cache before the restore matches again.

The web processes and the worker are stopped during a restore (docs/deployment.md).
"""

from __future__ import annotations

import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

FORMAT = 1


class BackupError(Exception):
    pass


def _pg_env() -> tuple[list[str], dict]:
    db = settings.DATABASES["default"]
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    return args, env


def _run(command: list[str], env: dict) -> None:
    if not shutil.which(command[0]):
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client).")
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _storage_files(storage=default_storage, folder="") -> list[str]:
    folders, files = storage.listdir(folder)
    names = [f"{folder}{name}" for name in files]
    for sub in folders:
        names += _storage_files(storage, f"{folder}{sub}/")
    return sorted(names)


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    archive.addfile(info, io.BytesIO(data))


def backup(target: Path) -> dict:
    """Write the backup to `target` (a .tar file); returns its manifest."""
    from django.db.migrations.recorder import MigrationRecorder

    vendor = connection.vendor
    with tempfile.TemporaryDirectory() as work:
        if vendor == "postgresql":
            dump = Path(work) / "database.dump"
            args, env = _pg_env()
            _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(dump), *args], env)
        elif vendor == "sqlite":
            dump = Path(work) / "database.sqlite3"
            connection.ensure_connection()
            with sqlite3.connect(dump) as copy:
                connection.connection.backup(copy)
            copy.close()
        else:  # pragma: no cover - settings refuse other databases
            raise BackupError(f"No backup for {vendor}.")
        files = _storage_files() if _storage_exists() else []
        manifest = {
            "format": FORMAT,
            "created": datetime.datetime.now(datetime.UTC).isoformat(),
            "database": vendor,
            "migrations": MigrationRecorder.Migration.objects.count(),
            "files": len(files),
        }
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        with tarfile.open(partial, "w") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
            archive.add(dump, arcname=dump.name)
            for name in files:
                with default_storage.open(name, "rb") as f:
                    _add_bytes(archive, f"media/{name}", f.read())
        partial.replace(target)  # a backup that stopped half-way is never mistaken for one
    return manifest


def _storage_exists() -> bool:
    try:
        default_storage.listdir("")
    except FileNotFoundError:
        return False
    return True


def restore(source: Path) -> dict:
    """Put the database and the files of the backup `source` back; returns its manifest."""
    with tarfile.open(source, "r") as archive:
        try:
            manifest = json.load(archive.extractfile("manifest.json"))
        except KeyError:
            raise BackupError(f"{source} is not a backup of this application.") from None
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Backup format {manifest.get('format')} is not {FORMAT}.")
        if manifest["database"] != connection.vendor:
            raise BackupError(
                f"The backup holds a {manifest['database']} database; this installation uses "
                f"{connection.vendor}."
            )
        with tempfile.TemporaryDirectory() as work:
            name = "database.dump" if connection.vendor == "postgresql" else "database.sqlite3"
            archive.extract(name, work, filter="data")
            _restore_database(Path(work) / name)
            _restore_files(archive)
    raise_stamps()
    return manifest


def _restore_database(dump: Path) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
            for table in tables:
                cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
        args, env = _pg_env()
        _run(
            ["pg_restore", "--no-owner", "--no-privileges", "--single-transaction", *args,
             str(dump)],
            env,
        )  # fmt: skip
    else:
        connection.ensure_connection()
        with sqlite3.connect(dump) as copy:
            copy.backup(connection.connection)
        copy.close()
    connection.close()  # nothing cached of the database before the restore is used again


def _restore_files(archive: tarfile.TarFile) -> None:
    wanted = {
        member.name.removeprefix("media/"): member
        for member in archive.getmembers()
        if member.name.startswith("media/") and member.isfile()
    }
    for name in _storage_files() if _storage_exists() else []:
        if name not in wanted:
            default_storage.delete(name)
    for name, member in wanted.items():
        data = archive.extractfile(member).read()
        if default_storage.exists(name):
            default_storage.delete(name)
        saved = default_storage.save(name, ContentFile(data))
        if saved != name:  # pragma: no cover - the storage renamed it: it must not
            raise BackupError(f"The storage saved {name} as {saved}.")


def raise_stamps() -> int:
    """Every stamp to now in microseconds (higher than any count before a restore); the
    epoch row gives scopes without a stamp of their own the same number (core.kept)."""
    from .kept import EPOCH
    from .models import Stamp

    now = time.time_ns() // 1000
    Stamp.objects.bulk_create([Stamp(name=EPOCH)], ignore_conflicts=True)
    Stamp.objects.update(version=now)
    return now
