"""What a database failure says about the database's storage."""

import sqlite3

from sqlalchemy.exc import OperationalError

# PostgreSQL's SQLSTATE for "disk full" (class 53, insufficient resources).
POSTGRESQL_DISK_FULL = "53100"


def storage_full(error: OperationalError) -> bool:
    """Whether the database failed because its disk (or file size limit) is full: unlike a
    busy or unreachable database, trying again soon does not help until space is freed."""
    cause = error.orig
    if isinstance(cause, sqlite3.OperationalError):
        return cause.sqlite_errorcode == sqlite3.SQLITE_FULL
    return getattr(cause, "pgcode", None) == POSTGRESQL_DISK_FULL
