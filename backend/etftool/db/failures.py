"""What a database failure says about the database itself, so that the answer can say what to
do: a busy or unreachable database is worth another try soon, these are not."""

import sqlite3

from sqlalchemy.exc import DBAPIError

from etftool.core.sqlite_damage import DAMAGE_CODES

# PostgreSQL's SQLSTATEs: disk full, a read-only transaction (a standby server, or
# default_transaction_read_only), and damaged data or index pages.
POSTGRESQL_DISK_FULL = "53100"
POSTGRESQL_READ_ONLY = "25006"
POSTGRESQL_DAMAGED = ("XX001", "XX002")


def storage_full(error: DBAPIError) -> bool:
    """The database's disk is full: trying again does not help until space is freed."""
    return _sqlite_code(error) == sqlite3.SQLITE_FULL or _sqlstate(error) == POSTGRESQL_DISK_FULL


def read_only(error: DBAPIError) -> bool:
    """The database takes no writes: a volume remounted read-only (as after disk errors), or a
    PostgreSQL standby."""
    return _sqlite_code(error) == sqlite3.SQLITE_READONLY or _sqlstate(error) == POSTGRESQL_READ_ONLY


def damaged(error: DBAPIError) -> bool:
    """The database's file or pages are damaged: only a backup brings the data back."""
    return _sqlite_code(error) in DAMAGE_CODES or _sqlstate(error) in POSTGRESQL_DAMAGED


def _sqlite_code(error: DBAPIError) -> int | None:
    """SQLite's primary result code (without the extended part), None for other databases."""
    code = getattr(error.orig, "sqlite_errorcode", None) if isinstance(error.orig, sqlite3.Error) else None
    return None if code is None else code & 0xFF


def _sqlstate(error: DBAPIError) -> str | None:
    return getattr(error.orig, "pgcode", None)
