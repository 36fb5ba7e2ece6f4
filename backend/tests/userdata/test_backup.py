import runpy
import sqlite3
import sys
import threading
from pathlib import Path

import pytest

from etftool.db import Database
from etftool.db.backup import BackupError, backup_sqlite, main
from etftool.userdata import watchlist


@pytest.fixture
def sqlite_database(tmp_path: Path) -> Database:
    database = Database(f"sqlite:///{tmp_path / 'data' / 'etftool.db'}")
    database.migrate()
    return database


def rows_in(path: Path) -> int:
    with sqlite3.connect(path) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        count: int = copy.execute("SELECT count(*) FROM watchlist_items").fetchone()[0]
    return count


def test_backups_are_consistent_while_the_app_writes(sqlite_database: Database, tmp_path: Path) -> None:
    url = str(sqlite_database.engine.url)
    stop = threading.Event()
    written: list[int] = []

    def write() -> None:
        while not stop.is_set():
            with sqlite_database.writing() as session:
                watchlist.add_entry(session, f"C{len(written)}", "", "")
            written.append(1)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        copies = []
        for number in range(5):
            while len(written) < 20 * (number + 1):
                stop.wait(0.01)
            before = len(written)
            copies.append((before, backup_sqlite(url, tmp_path / f"copy-{number}.db")))
    finally:
        stop.set()
        writer.join()

    for before, copy in copies:
        assert rows_in(copy) >= before
        assert not copy.with_name(copy.name + ".partial").exists()
    assert rows_in(copies[-1][1]) <= len(written)
    sqlite_database.dispose()


def test_the_command_writes_into_a_directory(
    sqlite_database: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "backups"
    target.mkdir()

    assert main([str(target), "--database-url", str(sqlite_database.engine.url)]) == 0

    (copy,) = target.iterdir()
    assert copy.name.startswith("etftool-") and copy.suffix == ".db"
    assert rows_in(copy) == 0
    assert capsys.readouterr().out.startswith(f"backed up to {copy} (")


def test_python_m_etftool_backup_runs_the_command(
    sqlite_database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "copy.db"
    monkeypatch.setattr(
        sys, "argv", ["etftool.backup", str(copy), "--database-url", str(sqlite_database.engine.url)]
    )

    with pytest.raises(SystemExit) as exit_status:
        runpy.run_module("etftool.backup", run_name="__main__")

    assert exit_status.value.code == 0
    assert rows_in(copy) == 0


def test_what_cannot_be_backed_up_is_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(BackupError, match="postgresql databases are backed up with pg_dump"):
        backup_sqlite("postgresql://etftool@/etftool", tmp_path / "copy.db")

    assert main([str(tmp_path / "copy.db"), "--database-url", f"sqlite:///{tmp_path / 'missing.db'}"]) == 1
    assert (
        capsys.readouterr().err == f"backup failed: there is no database file at {tmp_path / 'missing.db'}\n"
    )
