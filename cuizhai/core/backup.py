"""Backup and restore of the whole site: the database and the uploaded files.

A backup is one folder: ``database.dump`` (PostgreSQL, ``pg_dump`` custom format) or
``database.sqlite3`` (SQLite, a consistent copy made with SQLite's online backup), beside
``media.tar.gz`` (the evidence files) and ``manifest.json`` (what was copied, when, and the
row count of every table, so that a restore can be checked).
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"


def row_counts():
    """Rows of every installed model's table (history and workflow log included)."""
    return {model._meta.db_table: model._default_manager.count()
            for model in apps.get_models() if model._meta.managed}


def _postgres_env_and_args():
    params = connection.get_connection_params()
    env = {**os.environ}
    if params.get("password"):
        env["PGPASSWORD"] = str(params["password"])
    args = []
    for flag, key in (("--host", "host"), ("--port", "port"), ("--username", "user")):
        if params.get(key):
            args += [flag, str(params[key])]
    return env, [*args, "--dbname", params["dbname"]]


def backup(destination):
    """Write a backup into a new folder under ``destination``; return the folder."""
    folder = Path(destination) / datetime.now().strftime("cuizhai-%Y%m%d-%H%M%S")
    folder.mkdir(parents=True)
    counts = row_counts()
    if connection.vendor == "postgresql":
        env, args = _postgres_env_and_args()
        # One snapshot of the whole database: consistent while the site keeps running.
        subprocess.run(["pg_dump", "--format=custom", "--no-owner",
                        "--file", str(folder / "database.dump"), *args],
                       env=env, check=True, capture_output=True)
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(folder / "database.sqlite3")
        with target:
            connection.connection.backup(target)  # SQLite's online backup: consistent
        target.close()
    else:
        raise NotImplementedError(connection.vendor)
    with tarfile.open(folder / MEDIA_ARCHIVE, "w:gz") as archive:
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            archive.add(media, arcname="media")
    (folder / MANIFEST).write_text(json.dumps({
        "created": datetime.now().isoformat(timespec="seconds"),
        "vendor": connection.vendor,
        "row_counts": counts,
    }, indent=2, ensure_ascii=False), encoding="utf-8")
    return folder


def restore(folder):
    """Replace the database and the uploaded files by the backup in ``folder``."""
    folder = Path(folder)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    if manifest["vendor"] != connection.vendor:
        raise ValueError(
            f"This backup is of a {manifest['vendor']} database, not {connection.vendor}."
        )
    if connection.vendor == "postgresql":
        env, args = _postgres_env_and_args()
        connection.close()
        subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner",
                        "--single-transaction", *args, str(folder / "database.dump")],
                       env=env, check=True, capture_output=True)
    else:
        connection.ensure_connection()
        source = sqlite3.connect(folder / "database.sqlite3")
        with source:
            source.backup(connection.connection)
        source.close()
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.rmtree(media)
    media.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA_ARCHIVE, "r:gz") as archive:
        archive.extractall(media.parent, filter="data")
    if (media.parent / "media") != media and (media.parent / "media").exists():
        (media.parent / "media").rename(media)
    return manifest
