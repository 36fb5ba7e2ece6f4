"""A database that fails for a reason another try cannot fix says which, and loses nothing:

- its disk is full: a write is a 507 that says so, reads go on, and the write succeeds once
  there is room again;
- it takes no writes (a volume remounted read-only, a standby server): a write is a 503 that
  says so, reads go on;
- it is damaged: the answer is a 503 that says to restore a backup.

None of them asks to try again in a second (Retry-After), as a busy database does. The faults
are the databases' own: on SQLite, a database capped at the pages it has (`max_page_count`,
SQLite's "database or disk is full"), `query_only` (SQLite's "attempt to write a readonly
database") and a file that is no database; on PostgreSQL, `default_transaction_read_only` and
the server's disk-full and data-corrupted errors, raised by a trigger.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError

# isort: split
# (`tests` counts as first- or third-party depending on which files the linter is given.)
from etftool.db import Database
from etftool.userdata import watchlist
from tests.userdata import fixtures
from tests.userdata.fixtures import API_PREFIX, FakeQuotes, StartApi

# Every case runs on SQLite and on PostgreSQL (see tests/userdata/fixtures.py).
postgres_server = fixtures.postgres_server
database_url = fixtures.database_url
start_api = fixtures.start_api

FAILING_INSERTS = """
CREATE FUNCTION fail_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'injected failure' USING ERRCODE = '{errcode}';
END $$;
CREATE TRIGGER fail_insert BEFORE INSERT ON transactions FOR EACH ROW EXECUTE FUNCTION fail_insert();
"""
WORKING_INSERTS = "DROP TRIGGER fail_insert ON transactions; DROP FUNCTION fail_insert();"


@pytest.fixture
def client(start_api: StartApi) -> TestClient:
    quotes = FakeQuotes()
    quotes.set("AAA", 14.0, 13.5)
    return start_api(quotes=quotes)


def database_of(client: TestClient) -> Database:
    database: Database = client.app.state.database  # type: ignore[attr-defined]
    return database


@contextmanager
def every_connection_runs(database: Database, statement: str) -> Iterator[None]:
    """Each connection from now on (the pool is emptied) runs `statement` on opening."""

    def run(dbapi_connection: Any, _record: object) -> None:
        # Outside a transaction, whose rollback would undo PostgreSQL's SET.
        in_transactions = getattr(dbapi_connection, "autocommit", None) is False
        if in_transactions:
            dbapi_connection.autocommit = True
        cursor = dbapi_connection.cursor()
        cursor.execute(statement)
        cursor.close()
        if in_transactions:
            dbapi_connection.autocommit = False

    event.listen(database.engine, "connect", run)
    database.engine.dispose()
    try:
        yield
    finally:
        event.remove(database.engine, "connect", run)
        database.engine.dispose()


@contextmanager
def failing_inserts(database: Database, errcode: str) -> Iterator[None]:
    """PostgreSQL answers every insert of a transaction with the error `errcode`."""
    with database.engine.begin() as connection:
        connection.exec_driver_sql(FAILING_INSERTS.format(errcode=errcode))
    try:
        yield
    finally:
        with database.engine.begin() as connection:
            connection.exec_driver_sql(WORKING_INSERTS)


@contextmanager
def full_disk(database: Database) -> Iterator[None]:
    if database.backend == "postgresql":
        with failing_inserts(database, "disk_full"):
            yield
        return
    with database.engine.connect() as connection:
        pages = connection.execute(text("PRAGMA page_count")).scalar_one()
    with every_connection_runs(database, f"PRAGMA max_page_count = {pages}"):
        yield


@contextmanager
def no_writes(database: Database) -> Iterator[None]:
    if database.backend == "postgresql":
        with every_connection_runs(database, "SET default_transaction_read_only = on"):
            yield
        return
    with every_connection_runs(database, "PRAGMA query_only = ON"):
        yield


def trades(count: int) -> list[dict[str, Any]]:
    """Buys with long notes: together, more than the database's free pages hold."""
    return [
        {
            "uid": f"trade-{number}",
            "code": "AAA",
            "side": "buy",
            "date": "2024-01-02",
            "quantity": 1,
            "price": 10.0,
            "fee": 0,
            "note": f"{number:05d} " + "x" * 490,
        }
        for number in range(count)
    ]


def assert_refused(response: Any, status: int, *words: str) -> None:
    assert response.status_code == status, response.text
    for word in words:
        assert word in response.json()["detail"], response.text
    # Not "try again in a second", as for a busy database: only fixing the storage helps.
    assert "retry-after" not in response.headers


def test_a_write_on_a_full_disk_is_a_507_that_says_so_and_stores_nothing(client: TestClient) -> None:
    assert client.post(f"{API_PREFIX}/watchlist", json={"code": "AAA"}).status_code == 201
    document = client.get(f"{API_PREFIX}/export").json()
    document["transactions"] = trades(300)

    with full_disk(database_of(client)):
        refused = client.post(f"{API_PREFIX}/import", json=document)
        assert_refused(refused, 507, "disk is full", "free space")
        assert client.get(f"{API_PREFIX}/transactions").json()["items"] == []
        assert [item["code"] for item in client.get(f"{API_PREFIX}/watchlist").json()["items"]] == ["AAA"]

    stored = client.post(f"{API_PREFIX}/import", json=document)
    assert stored.status_code == 200, stored.text
    assert len(client.get(f"{API_PREFIX}/transactions").json()["items"]) == 300


def test_a_write_to_a_database_that_takes_none_is_a_503_that_says_why(client: TestClient) -> None:
    assert client.post(f"{API_PREFIX}/watchlist", json={"code": "AAA"}).status_code == 201
    trade = {"code": "AAA", "side": "buy", "date": "2024-01-02", "quantity": 1, "price": 10.0}

    with no_writes(database_of(client)):
        refused = client.post(f"{API_PREFIX}/transactions", json=trade)
        assert_refused(refused, 503, "takes no writes", "read-only")
        assert [item["code"] for item in client.get(f"{API_PREFIX}/watchlist").json()["items"]] == ["AAA"]

    assert client.post(f"{API_PREFIX}/transactions", json=trade).status_code == 201


def test_a_damaged_database_is_a_503_that_says_to_restore_a_backup(client: TestClient) -> None:
    database = database_of(client)
    trade = {"code": "AAA", "side": "buy", "date": "2024-01-02", "quantity": 1, "price": 10.0}
    if database.backend == "postgresql":
        with failing_inserts(database, "data_corrupted"):
            refused = client.post(f"{API_PREFIX}/transactions", json=trade)
        assert_refused(refused, 503, "damaged", "restore the latest backup")
        return

    database.engine.dispose()
    path = database.engine.url.database
    assert path is not None
    for journal in ("-wal", "-shm"):
        # Unlinked rather than emptied: a connection still open keeps its mapping of the index.
        Path(path + journal).unlink(missing_ok=True)
    with open(path, "wb") as file:
        file.write(b"not an SQLite database " * 400)

    read = client.get(f"{API_PREFIX}/watchlist")
    written = client.post(f"{API_PREFIX}/transactions", json=trade)
    for response in (read, written):
        assert_refused(response, 503, "damaged", "restore the latest backup")


def test_any_other_database_error_stays_a_server_error(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A broken constraint is the app's bug, not the database's state: no answer hides it."""

    def broken(*_args: object, **_kwargs: object) -> None:
        raise IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed"))

    monkeypatch.setattr(watchlist, "add_entry", broken)
    with pytest.raises(IntegrityError):  # the test client raises what the server answers 500 to
        client.post(f"{API_PREFIX}/watchlist", json={"code": "AAA"})
