"""A database whose disk is full: a write is refused with a 507 that says so and stores nothing,
reads go on, and the same write succeeds once there is room again.

On SQLite the database is capped at the pages it has (`max_page_count`), which fails a write
that needs another page with SQLite's own "database or disk is full"; on PostgreSQL the server
answers inserts with its disk-full error (SQLSTATE 53100), raised by a trigger.
"""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, text

# isort: split
# (`tests` counts as first- or third-party depending on which files the linter is given.)
from etftool.db import Database
from tests.userdata import fixtures
from tests.userdata.fixtures import API_PREFIX, FakeQuotes, StartApi

# Every case runs on SQLite and on PostgreSQL (see tests/userdata/fixtures.py).
postgres_server = fixtures.postgres_server
database_url = fixtures.database_url
start_api = fixtures.start_api

DISK_FULL_TRIGGER = """
CREATE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full';
END $$;
CREATE TRIGGER disk_full BEFORE INSERT ON transactions FOR EACH ROW EXECUTE FUNCTION disk_full();
"""
FREE_SPACE = "DROP TRIGGER disk_full ON transactions; DROP FUNCTION disk_full();"


@pytest.fixture
def client(start_api: StartApi) -> TestClient:
    quotes = FakeQuotes()
    quotes.set("AAA", 14.0, 13.5)
    return start_api(quotes=quotes)


def fill_the_disk(database: Database) -> Callable[[], None]:
    """Makes the database's disk full; returns what frees space on it again."""
    if database.backend == "postgresql":
        with database.engine.begin() as connection:
            connection.exec_driver_sql(DISK_FULL_TRIGGER)

        def free_space() -> None:
            with database.engine.begin() as connection:
                connection.exec_driver_sql(FREE_SPACE)

        return free_space

    with database.engine.connect() as connection:
        pages = connection.execute(text("PRAGMA page_count")).scalar_one()

    def cap(dbapi_connection: Any, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    # Every connection from now on, the pooled ones included, is capped.
    event.listen(database.engine, "connect", cap)
    database.engine.dispose()

    def lift_the_cap() -> None:
        event.remove(database.engine, "connect", cap)
        database.engine.dispose()

    return lift_the_cap


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


def test_a_write_on_a_full_disk_is_a_507_that_says_so_and_stores_nothing(client: TestClient) -> None:
    assert client.post(f"{API_PREFIX}/watchlist", json={"code": "AAA"}).status_code == 201
    document = client.get(f"{API_PREFIX}/export").json()
    document["transactions"] = trades(300)
    free_space = fill_the_disk(client.app.state.database)  # type: ignore[attr-defined]

    refused = client.post(f"{API_PREFIX}/import", json=document)

    assert refused.status_code == 507, refused.text
    assert "disk is full" in refused.json()["detail"]
    assert "free space" in refused.json()["detail"]
    # Not "try again in a second", as for a busy database: only freeing space helps.
    assert "retry-after" not in refused.headers
    assert client.get(f"{API_PREFIX}/transactions").json()["items"] == []
    assert [item["code"] for item in client.get(f"{API_PREFIX}/watchlist").json()["items"]] == ["AAA"]

    free_space()
    stored = client.post(f"{API_PREFIX}/import", json=document)

    assert stored.status_code == 200, stored.text
    assert len(client.get(f"{API_PREFIX}/transactions").json()["items"]) == 300
