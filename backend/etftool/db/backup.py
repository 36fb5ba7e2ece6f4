"""A consistent copy of the SQLite database while the app keeps running, through SQLite's
online backup API: `python -m etftool.backup DEST` (DEST a file, or a directory to put a
timestamped file in). PostgreSQL databases are backed up with pg_dump instead.
"""

import argparse
import os
import sqlite3
import sys
from collections.abc import Sequence
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import make_url

from etftool.core.config import get_settings
from etftool.core.paths import StartupError, resolve_database_url
from etftool.db.engine import BUSY_TIMEOUT_S


class BackupError(Exception):
    pass


def backup_sqlite(database_url: str, destination: Path) -> Path:
    """Returns the file written. The copy appears complete or not at all: it is written
    beside its final name and renamed once checked."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise BackupError(f"{url.get_backend_name()} databases are backed up with pg_dump, not this command")
    source = Path(url.database or "")
    if not source.is_file():
        raise BackupError(f"there is no database file at {source}")
    if destination.is_dir():
        destination = destination / f"etftool-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.db"
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    with (
        closing(sqlite3.connect(source, timeout=BUSY_TIMEOUT_S)) as reader,
        closing(sqlite3.connect(partial)) as writer,
    ):
        # One step: the whole copy is read in a single read transaction, so it is one
        # consistent snapshot; WAL mode lets the app keep writing meanwhile.
        reader.backup(writer)
        (verdict,) = writer.execute("PRAGMA integrity_check").fetchone()
    if verdict != "ok":
        partial.unlink()
        raise BackupError(f"the copy failed its integrity check: {verdict}")
    os.replace(partial, destination)
    return destination


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etftool.backup", description=__doc__)
    parser.add_argument(
        "destination", type=Path, metavar="DEST", help="file to write, or directory to write into"
    )
    parser.add_argument(
        "--database-url", help="database to copy (default: DATABASE_URL, as the app reads it)"
    )
    arguments = parser.parse_args(argv)
    try:
        database_url = arguments.database_url or resolve_database_url(get_settings())
        written = backup_sqlite(database_url, arguments.destination)
    except (BackupError, StartupError, sqlite3.Error, OSError) as error:
        print(f"backup failed: {error}", file=sys.stderr)
        return 1
    print(f"backed up to {written} ({written.stat().st_size} bytes)")
    return 0
