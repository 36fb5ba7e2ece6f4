import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session

from etftool.db import Database

# isort: split
# (`tests` counts as first- or third-party depending on which files the linter is given.)
from tests.userdata import fixtures
from tests.userdata.fixtures import API_PREFIX, FakeQuotes, StartApi, by_code, error_fields

# Every case runs on SQLite and on PostgreSQL (see tests/userdata/fixtures.py).
postgres_server = fixtures.postgres_server
database_url = fixtures.database_url
start_api = fixtures.start_api

TRANSACTIONS = f"{API_PREFIX}/transactions"
HOLDINGS = f"{API_PREFIX}/holdings"


@pytest.fixture
def quotes() -> FakeQuotes:
    quotes = FakeQuotes()
    quotes.set("AAA", 14.0, 13.5)
    quotes.set("BBB", 11.0, 11.0)
    return quotes


@pytest.fixture
def client(start_api: StartApi, quotes: FakeQuotes) -> TestClient:
    return start_api(quotes=quotes)


def trade(
    client: TestClient, code: str, side: str, day: str, quantity: float, price: float, fee: float = 0.0
) -> Any:
    body = {"code": code, "side": side, "date": day, "quantity": quantity, "price": price, "fee": fee}
    response = client.post(TRANSACTIONS, json=body)
    assert response.status_code == 201, response.text
    return response.json()


def npv(flows: list[tuple[str, float]], rate: float) -> float:
    first = min(date.fromisoformat(day) for day, _ in flows)
    total: float = sum(
        amount * (1 + rate) ** -((date.fromisoformat(day) - first).days / 365) for day, amount in flows
    )
    return total


def test_average_cost_realised_and_unrealised_pnl(client: TestClient) -> None:
    trade(client, "AAA", "buy", "2024-01-02", 100, 10.0, fee=5)
    trade(client, "AAA", "buy", "2024-03-01", 50, 12.0, fee=5)
    trade(client, "AAA", "sell", "2024-06-03", 60, 13.0, fee=3)
    trade(client, "AAA", "dividend", "2024-09-02", 90, 0.5)

    position = by_code(client.get(HOLDINGS).json()["positions"])["AAA"]

    # Cost 1000 + 5 + 600 + 5 = 1610 for 150 units; the sale removes 60/150 of it (644).
    assert position["quantity"] == 90
    assert position["avg_cost"] == pytest.approx(1610 / 150)
    assert position["cost_basis"] == pytest.approx(966)
    # 780 - 3 - 644 = 133 on the sale, plus the 45 dividend.
    assert position["realized_pnl"] == pytest.approx(178)
    assert position["dividends"] == pytest.approx(45)
    assert position["fees"] == pytest.approx(13)
    assert position["market_value"] == pytest.approx(90 * 14)
    assert position["unrealized_pnl"] == pytest.approx(1260 - 966)
    assert position["price"] == 14.0
    assert position["name"] == "AAA test fund"
    # The quote (2024-06-28) predates the dividend, so the value is taken on 2024-09-02.
    assert position["valued_on"] == "2024-09-02"
    flows = [
        ("2024-01-02", -1005.0),
        ("2024-03-01", -605.0),
        ("2024-06-03", 777.0),
        ("2024-09-02", 45.0 + 1260.0),
    ]
    assert position["xirr"] > 0
    assert npv(flows, position["xirr"]) == pytest.approx(0, abs=1e-6)


def test_xirr_of_a_year_long_holding(client: TestClient) -> None:
    # 365 days before the quote's 2024-06-28, 1000 paid in is worth 1100.
    trade(client, "BBB", "buy", "2023-06-29", 100, 10.0)

    body = client.get(HOLDINGS).json()

    assert body["positions"][0]["xirr"] == pytest.approx(0.10, abs=1e-9)
    assert body["totals"]["xirr"] == pytest.approx(0.10, abs=1e-9)


def test_a_closed_position_keeps_its_realised_pnl(client: TestClient) -> None:
    trade(client, "AAA", "buy", "2024-01-02", 10, 10.0)
    trade(client, "AAA", "sell", "2024-07-01", 10, 12.0)

    position = client.get(HOLDINGS).json()["positions"][0]

    assert position["quantity"] == 0
    assert position["avg_cost"] is None
    assert position["market_value"] == 0
    assert position["realized_pnl"] == pytest.approx(20)
    # 100 became 120 in 181 days.
    assert position["xirr"] == pytest.approx(1.2 ** (365 / 181) - 1, rel=1e-9)


def test_portfolio_totals_add_up_positions(client: TestClient) -> None:
    trade(client, "AAA", "buy", "2024-01-02", 100, 10.0, fee=5)
    trade(client, "BBB", "buy", "2024-02-01", 10, 10.0, fee=1)
    trade(client, "BBB", "sell", "2024-04-01", 5, 12.0, fee=1)

    totals = client.get(HOLDINGS).json()["totals"]

    # AAA: cost 1005, value 1400. BBB: cost 101, half sold for 59 (gain 8.5), value 55.
    assert totals["cost_basis"] == pytest.approx(1005 + 50.5)
    assert totals["market_value"] == pytest.approx(1400 + 55)
    assert totals["unrealized_pnl"] == pytest.approx(395 + 4.5)
    assert totals["realized_pnl"] == pytest.approx(8.5)
    assert totals["fees"] == pytest.approx(7)
    assert totals["incomplete"] is None
    flows = [("2024-01-02", -1005.0), ("2024-02-01", -101.0), ("2024-04-01", 59.0), ("2024-06-28", 1455.0)]
    assert npv(flows, totals["xirr"]) == pytest.approx(0, abs=1e-6)


def test_a_position_without_a_quote_has_nulls_and_reasons(client: TestClient, quotes: FakeQuotes) -> None:
    trade(client, "AAA", "buy", "2024-01-02", 10, 10.0)
    trade(client, "BBB", "buy", "2024-01-02", 10, 10.0)
    quotes.failing["BBB"] = "source down"
    del quotes.prices["BBB"]

    body = client.get(HOLDINGS).json()

    bbb = by_code(body["positions"])["BBB"]
    assert bbb["market_value"] is None
    assert bbb["unrealized_pnl"] is None
    assert bbb["xirr"] is None
    assert bbb["quote_unavailable"] == "quote unavailable: source down"
    assert bbb["cost_basis"] == 100
    assert by_code(body["positions"])["AAA"]["market_value"] == 140
    assert body["totals"]["market_value"] is None
    assert body["totals"]["incomplete"] == "no quote for BBB"
    assert body["totals"]["xirr"] is None


def test_selling_more_than_held_is_422_on_the_quantity(client: TestClient) -> None:
    trade(client, "AAA", "buy", "2024-01-02", 10, 10.0)
    body = {"code": "AAA", "side": "sell", "date": "2024-02-01", "quantity": 11, "price": 12.0}

    response = client.post(TRANSACTIONS, json=body)

    assert response.status_code == 422
    assert error_fields(response) == ["body.quantity"]
    assert response.json()["detail"][0]["msg"] == "selling 11 AAA on 2024-02-01 is more than the 10 held then"
    early = client.post(TRANSACTIONS, json={**body, "quantity": 5, "date": "2024-01-01"})
    assert early.status_code == 422
    assert "more than the 0 held then" in early.json()["detail"][0]["msg"]
    assert len(client.get(TRANSACTIONS).json()["items"]) == 1


def test_selling_everything_with_float_quantities_is_allowed(client: TestClient) -> None:
    trade(client, "AAA", "buy", "2024-01-02", 0.1, 10.0)
    trade(client, "AAA", "buy", "2024-01-03", 0.2, 10.0)
    trade(client, "AAA", "sell", "2024-01-04", 0.3, 10.0)

    assert client.get(HOLDINGS).json()["positions"][0]["quantity"] == 0


def test_corrections_and_deletions_that_would_oversell_are_refused(client: TestClient) -> None:
    buy = trade(client, "AAA", "buy", "2024-01-02", 10, 10.0)
    sell = trade(client, "AAA", "sell", "2024-02-01", 8, 12.0)

    deleted = client.delete(f"{TRANSACTIONS}/{buy['id']}")
    assert deleted.status_code == 422
    assert error_fields(deleted) == ["path.transaction_id"]
    assert deleted.json()["detail"][0]["msg"].startswith("without this transaction, selling 8 AAA")

    changed = {**{key: sell[key] for key in ("code", "side", "date", "price", "fee")}, "quantity": 12}
    corrected = client.put(f"{TRANSACTIONS}/{sell['id']}", json=changed)
    assert corrected.status_code == 422
    assert error_fields(corrected) == ["body.quantity"]

    assert client.put(f"{TRANSACTIONS}/{sell['id']}", json={**changed, "quantity": 4}).status_code == 200
    assert client.delete(f"{TRANSACTIONS}/{sell['id']}").status_code == 204
    assert client.delete(f"{TRANSACTIONS}/{buy['id']}").status_code == 204
    assert client.get(HOLDINGS).json()["positions"] == []


def test_transactions_list_by_date_on_both_paths(client: TestClient) -> None:
    later = trade(client, "AAA", "buy", "2024-03-01", 1, 10.0)
    earlier = trade(client, "BBB", "buy", "2024-01-02", 2, 10.0)
    posted = client.post(
        f"{HOLDINGS}/transactions",
        json={
            "code": "aaa",
            "side": "dividend",
            "date": "2024-04-01",
            "quantity": 1,
            "price": 0.2,
            "note": "Q1",
        },
    )
    assert posted.status_code == 201

    listed = client.get(TRANSACTIONS).json()["items"]
    assert [item["id"] for item in listed] == [earlier["id"], later["id"], posted.json()["id"]]
    assert client.get(f"{HOLDINGS}/transactions").json()["items"] == listed
    assert [item["code"] for item in client.get(TRANSACTIONS, params={"code": "aaa"}).json()["items"]] == [
        "AAA",
        "AAA",
    ]
    assert posted.json() == {
        "id": posted.json()["id"],
        "code": "AAA",
        "side": "dividend",
        "date": "2024-04-01",
        "quantity": 1.0,
        "price": 0.2,
        "fee": 0.0,
        "note": "Q1",
        "created_at": posted.json()["created_at"],
    }


def test_malformed_transactions_name_the_field(client: TestClient) -> None:
    valid = {"code": "AAA", "side": "buy", "date": "2024-01-02", "quantity": 1, "price": 10.0}
    changes: list[tuple[dict[str, Any], str]] = [
        ({"quantity": 0}, "body.quantity"),
        ({"quantity": -1}, "body.quantity"),
        ({"price": -0.01}, "body.price"),
        ({"fee": -1}, "body.fee"),
        ({"side": "short"}, "body.side"),
        ({"date": "2024-13-01"}, "body.date"),
        ({"quantity": "many"}, "body.quantity"),
        ({"code": "A A"}, "body.code"),
        ({"code": "NOPE"}, "body.code"),
    ]
    for change, field in changes:
        response = client.post(TRANSACTIONS, json={**valid, **change})
        assert response.status_code == 422, change
        assert error_fields(response) == [field], change
    missing = client.post(TRANSACTIONS, json={key: value for key, value in valid.items() if key != "date"})
    assert error_fields(missing) == ["body.date"]
    not_a_number = client.post(
        TRANSACTIONS,
        content=b'{"code": "AAA", "side": "buy", "date": "2024-01-02", "quantity": NaN, "price": 1}',
        headers={"content-type": "application/json"},
    )
    assert not_a_number.status_code == 422
    assert not_a_number.json()["detail"][0]["ctx"]["error"] == "NaN is not a JSON number"
    assert client.get(TRANSACTIONS).json()["items"] == []


def test_unknown_transaction_ids_are_404(client: TestClient) -> None:
    body = {"code": "AAA", "side": "buy", "date": "2024-01-02", "quantity": 1, "price": 10.0}
    for response in (client.put(f"{TRANSACTIONS}/999", json=body), client.delete(f"{TRANSACTIONS}/999")):
        assert response.status_code == 404
        assert response.json()["detail"] == "transaction 999 does not exist"


def test_concurrent_posts_are_all_recorded(client: TestClient) -> None:
    """20 clients post at once for two seconds: every post succeeds and is kept."""
    deadline = time.monotonic() + 2.0
    statuses: list[int] = []

    def post_until_deadline(number: int) -> None:
        body = {
            "code": "AAA" if number % 2 else "BBB",
            "side": "buy",
            "date": "2024-01-02",
            "quantity": 1,
            "price": 10,
        }
        while time.monotonic() < deadline:
            statuses.append(client.post(TRANSACTIONS, json=body).status_code)

    threads = [threading.Thread(target=post_until_deadline, args=(number,)) for number in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert set(statuses) == {201}
    assert len(client.get(TRANSACTIONS).json()["items"]) == len(statuses)
    assert sum(position["quantity"] for position in client.get(HOLDINGS).json()["positions"]) == len(statuses)


def test_ids_beyond_the_database_range_are_422_not_500(client: TestClient) -> None:
    """SQLite and PostgreSQL ids are signed 64-bit: a larger one must never reach the driver."""
    body = {"code": "AAA", "side": "buy", "date": "2024-01-02", "quantity": 1, "price": 10.0}
    huge = 208896395451087432206622399483871232
    for response in (
        client.put(f"{TRANSACTIONS}/{huge}", json=body),
        client.delete(f"{TRANSACTIONS}/{huge}"),
        client.delete(f"{TRANSACTIONS}/{2**63}"),
    ):
        assert response.status_code == 422, response.text
        assert error_fields(response) == ["path.transaction_id"]
    assert client.delete(f"{TRANSACTIONS}/{2**63 - 1}").status_code == 404


def test_no_database_connection_is_held_while_quotes_are_fetched(start_api: StartApi) -> None:
    """A slow quote source must not pin pool connections: 16 waiting readers exhausted the
    pool (5 + 10 overflow) and the next request failed with a 500."""
    checked_out: list[int] = []

    class WatchingQuotes(FakeQuotes):
        def quotes(self, codes: Any) -> Any:
            checked_out.append(client.app.state.database.engine.pool.checkedout())  # type: ignore[attr-defined]
            return super().quotes(codes)

    quotes = WatchingQuotes()
    quotes.set("AAA", 14.0, 13.5)
    client = start_api(quotes=quotes)
    trade(client, "AAA", "buy", "2024-01-02", 10, 10.0)
    assert client.post(f"{API_PREFIX}/watchlist", json={"code": "AAA"}).status_code == 201
    checked_out.clear()

    assert client.get(HOLDINGS).status_code == 200
    assert client.get(f"{API_PREFIX}/watchlist").status_code == 200
    assert client.patch(f"{API_PREFIX}/watchlist/AAA", json={"group": "x"}).status_code == 200

    assert checked_out == [0, 0, 0]


def test_user_data_is_503_to_retry_soon_while_the_database_does_not_answer(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unreachable, out of pool connections, or failing at the commit: the same answer."""
    body = {"code": "AAA", "side": "buy", "date": "2024-01-02", "quantity": 1, "price": 10.0}
    writing = Database.writing

    def unreachable(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))

    def no_free_connection(*_args: object, **_kwargs: object) -> None:
        raise PoolTimeout("QueuePool limit reached")

    @contextmanager
    def failing_at_commit(database: Database, exclusive: bool = False) -> Iterator[Session]:
        with writing(database, exclusive) as session:
            yield session
            raise OperationalError("COMMIT", {}, ConnectionResetError("connection reset"))

    monkeypatch.setattr(Database, "reading", unreachable)
    monkeypatch.setattr(Database, "writing", no_free_connection)
    answers = [client.get(HOLDINGS), client.post(TRANSACTIONS, json=body)]
    monkeypatch.setattr(Database, "writing", failing_at_commit)
    answers.append(client.post(TRANSACTIONS, json=body))

    for response in answers:
        assert response.status_code == 503, response.text
        assert response.json() == {"detail": "the database is unavailable or busy; try again"}
        assert response.headers["retry-after"] == "1"
    monkeypatch.undo()
    assert client.get(TRANSACTIONS).json()["items"] == []


def test_transactions_come_in_pages(client: TestClient) -> None:
    for day in range(1, 6):
        trade(client, "AAA", "buy", f"2024-01-0{day}", day, 10.0)

    first = client.get(TRANSACTIONS, params={"limit": 2}).json()
    assert [item["quantity"] for item in first["items"]] == [1, 2]
    assert (first["total"], first["next_offset"]) == (5, 2)
    last = client.get(TRANSACTIONS, params={"limit": 2, "offset": 4}).json()
    assert [item["quantity"] for item in last["items"]] == [5]
    assert last["next_offset"] is None
    everything = client.get(TRANSACTIONS).json()
    assert (len(everything["items"]), everything["next_offset"]) == (5, None)
    for bad in ({"limit": 0}, {"limit": 1001}, {"offset": -1}):
        assert client.get(TRANSACTIONS, params=bad).status_code == 422, bad
