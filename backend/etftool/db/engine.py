"""Engines for DATABASE_URL: SQLite (the default, a file in DATA_DIR) or PostgreSQL.

A session bound with WRITE_OPTION starts its transaction ready to write:
- SQLite has one writer at a time, so it begins with `BEGIN IMMEDIATE`, which also makes
  read-then-write checks (such as "no selling more than is held") see every earlier write.
  A deferred transaction's upgrade to a writer would otherwise fail at once with "database
  is locked", whatever the busy timeout.
- PostgreSQL writers run side by side: each takes the user-data lock shared, and guards its
  own read-then-write checks with row locks or the scoped locks of etftool.db.locks. A
  writer that replaces data wholesale (an import) also sets EXCLUSIVE_OPTION and takes the
  lock exclusively, waiting for the others and holding them off until it commits.
"""

import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError

WRITE_OPTION = "etftool_write"
EXCLUSIVE_OPTION = "etftool_exclusive"
BUSY_TIMEOUT_S = 30.0
# pg_advisory_xact_lock key for user-data writes ("etfw" in ASCII).
POSTGRESQL_WRITE_LOCK_KEY = 0x65746677

SUPPORTED_BACKENDS = ("sqlite", "postgresql")


def create_database_engine(database_url: str) -> Engine:
    """Raises ValueError naming DATABASE_URL for a malformed URL or another backend."""
    try:
        url = make_url(database_url)
    except ArgumentError as error:
        raise ValueError(f"DATABASE_URL is not a database URL: {error}") from None
    backend = url.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url)
    if backend == "postgresql":
        engine = create_engine(url, pool_pre_ping=True)
        event.listen(engine, "begin", _begin_postgresql_transaction)
        return engine
    raise ValueError(f"DATABASE_URL must name one of {', '.join(SUPPORTED_BACKENDS)}, not {backend!r}")


def _sqlite_engine(url: URL) -> Engine:
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False})
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


def _configure_sqlite_connection(dbapi_connection: Any, _connection_record: object) -> None:
    # The driver's own transaction handling would defer BEGIN and never issue IMMEDIATE.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    # WAL lets readers go on while a writer commits; NORMAL sync is crash-safe under WAL.
    _switch_to_wal(cursor)
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _switch_to_wal(cursor: sqlite3.Cursor) -> None:
    """Switching (even to the mode the file is already in) can fail at once with "database
    is locked", without the busy wait, while another process writes, such as a migration
    at start-up: tried again until the busy timeout has passed."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _begin_sqlite_transaction(connection: Connection) -> None:
    writing = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def _begin_postgresql_transaction(connection: Connection) -> None:
    options = connection.get_execution_options()
    if options.get(EXCLUSIVE_OPTION, False):
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({POSTGRESQL_WRITE_LOCK_KEY})")
    elif options.get(WRITE_OPTION, False):
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock_shared({POSTGRESQL_WRITE_LOCK_KEY})")
