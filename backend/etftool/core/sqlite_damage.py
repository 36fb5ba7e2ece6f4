"""Whether an SQLite file is whole: the start-up check of the database and the market-data
cache's opening both ask, so that a damaged file is named (or replaced) instead of failing the
app on every start."""

import sqlite3
from contextlib import closing
from pathlib import Path

# What SQLite answers for a file that is not a database, or one whose pages are damaged.
DAMAGE_CODES = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def damage(database: Path, wait_s: float) -> str | None:
    """What SQLite finds wrong in an existing file (another file in its place, a partial copy,
    damaged pages), in its words; None for a whole one. A file another connection keeps
    locked past `wait_s` is not judged."""
    try:
        with closing(sqlite3.connect(database, timeout=wait_s)) as connection:
            # Reads the header, the schema and every page: milliseconds for a household's data.
            found = [row[0] for row in connection.execute("PRAGMA quick_check(3)")]
    except sqlite3.DatabaseError as error:
        return str(error) if error.sqlite_errorcode & 0xFF in DAMAGE_CODES else None
    return None if found == ["ok"] else "; ".join(line for text in found for line in text.splitlines())
