import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime

import httpx
import pytest
from sqlalchemy import func, select

from etftool.db import Database
from etftool.marketdata import Quote
from etftool.userdata import alerts, holdings, watchlist
from etftool.userdata.alert_monitor import AlertMonitor
from etftool.userdata.models import AlertTrigger, Transaction, TransactionSide, WatchlistEntry
from etftool.userdata.schemas import TransactionCreate

# isort: split
from tests.userdata.fixtures import FakeQuotes, PostgresServer, quote
from tests.userdata.test_alert_monitor import add_alert, notifier

WRITERS = 20
READERS = 4
DURATION_S = 3.0
CODES = ("AAA", "BBB", "CCC", "DDD", "EEE")
# How long a write that should wait for another is seen still waiting.
WAITING_S = 0.5
NOW = datetime(2024, 6, 28, 6, 0, tzinfo=UTC)


def test_concurrent_writers_lose_nothing_and_never_see_a_lock(database: Database) -> None:
    """Each write reads first (the oversell check, the next watchlist position), the case
    where SQLite fails a deferred transaction at once with "database is locked"."""
    start = threading.Barrier(WRITERS + READERS)
    deadline = 0.0
    done: Counter[str] = Counter()
    errors: list[BaseException] = []
    lock = threading.Lock()

    def trade(code: str, side: TransactionSide, quantity: float) -> None:
        with database.writing() as session:
            holdings.add_transaction(
                session,
                TransactionCreate(code=code, side=side, date=date(2024, 1, 2), quantity=quantity, price=10.0),
            )

    def writer(number: int) -> None:
        code = CODES[number % len(CODES)]
        start.wait()
        try:
            round_ = 0
            while time.monotonic() < deadline:
                trade(code, "buy", 2)
                trade(code, "sell", 1)
                with database.writing() as session:
                    watchlist.add_entry(session, f"W{number}-{round_}", "", "")
                with lock:
                    done.update(buys=1, sells=1, watchlist=1)
                round_ += 1
        except BaseException as error:
            errors.append(error)

    def reader() -> None:
        start.wait()
        try:
            while time.monotonic() < deadline:
                with database.reading() as session:
                    holdings.holding_states(session)
                with lock:
                    done.update(reads=1)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(number,)) for number in range(WRITERS)]
    threads += [threading.Thread(target=reader) for _ in range(READERS)]
    deadline = time.monotonic() + DURATION_S
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    elapsed = time.monotonic() - began

    assert errors == []
    with database.reading() as session:
        sides = dict(
            session.execute(select(Transaction.side, func.count()).group_by(Transaction.side)).tuples().all()
        )
        positions = [entry.position for entry in watchlist.list_entries(session)]
        held = sum(state.quantity for state in holdings.holding_states(session).values())
        assert session.scalar(select(func.count()).select_from(WatchlistEntry)) == done["watchlist"]
    assert sides == {"buy": done["buys"], "sell": done["sells"]}
    assert held == 2 * done["buys"] - done["sells"]
    assert positions == list(range(done["watchlist"]))
    assert done["buys"] >= WRITERS
    print(
        f"{database.backend}: {sum(done[kind] for kind in ('buys', 'sells', 'watchlist'))} writes "
        f"and {done['reads']} reads by {WRITERS} writers and {READERS} readers in {elapsed:.1f} s"
    )


@pytest.fixture
def postgresql(postgres_server: PostgresServer) -> Iterator[Database]:
    """A migrated database on PostgreSQL, where writers run side by side."""
    name = postgres_server.create_database()
    database = Database(postgres_server.url(name))
    database.migrate()
    yield database
    database.dispose()
    postgres_server.drop_database(name)


class Background:
    """Runs `work` in a thread; `done` tells whether it has finished (re-raising its error)."""

    def __init__(self, work: Callable[[], object]) -> None:
        self._errors: list[BaseException] = []
        self._thread = threading.Thread(target=self._run, args=(work,))
        self._thread.start()

    def _run(self, work: Callable[[], object]) -> None:
        try:
            work()
        except BaseException as error:
            self._errors.append(error)

    def done(self, within_s: float) -> bool:
        self._thread.join(timeout=within_s)
        if self._errors:
            raise self._errors[0]
        return not self._thread.is_alive()


def one_unit(code: str) -> TransactionCreate:
    return TransactionCreate(code=code, side="buy", date=date(2024, 1, 2), quantity=1, price=1.0)


def buy(database: Database, code: str, *, exclusive: bool = False) -> None:
    with database.writing(exclusive) as session:
        holdings.add_transaction(session, one_unit(code))


def test_a_ledger_write_waits_only_for_writes_of_the_same_code(postgresql: Database) -> None:
    with postgresql.writing() as session:
        holdings.add_transaction(session, one_unit("AAA"))
        other_code = Background(lambda: buy(postgresql, "BBB"))
        same_code = Background(lambda: buy(postgresql, "AAA"))
        assert other_code.done(within_s=10)
        assert not same_code.done(within_s=WAITING_S)
    assert same_code.done(within_s=10)


def test_writes_share_the_database_and_an_exclusive_write_waits_for_them(postgresql: Database) -> None:
    with postgresql.writing() as session:
        watchlist.add_entry(session, "AAA", "", "")
        alongside = Background(lambda: buy(postgresql, "BBB"))
        assert alongside.done(within_s=10)
        exclusive = Background(lambda: buy(postgresql, "CCC", exclusive=True))
        assert not exclusive.done(within_s=WAITING_S)
    assert exclusive.done(within_s=10)


def test_two_evaluations_at_once_trigger_an_alert_once(postgresql: Database) -> None:
    add_alert(postgresql)
    quotes = {"AAA": quote("AAA", 2.0)}
    later: list[list[AlertTrigger]] = []
    with postgresql.writing() as session:
        first = alerts.evaluate(session, quotes, NOW)
        second = Background(lambda: later.append(_evaluate(postgresql, quotes)))
        assert not second.done(within_s=WAITING_S)
    assert second.done(within_s=10)
    assert len(first) == 1
    assert later == [[]]


def _evaluate(database: Database, quotes: Mapping[str, Quote]) -> list[AlertTrigger]:
    with database.writing() as session:
        return alerts.evaluate(session, quotes, NOW)


def test_a_delivery_skips_the_triggers_another_replica_is_claiming(
    postgresql: Database, fake_quotes: FakeQuotes
) -> None:
    sent: list[httpx.Request] = []

    def receive(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200)

    add_alert(postgresql, "https://hooks.example.com/x")
    with postgresql.writing() as session:
        alerts.evaluate(session, {"AAA": quote("AAA", 2.0)}, NOW)
    monitor = AlertMonitor(postgresql, fake_quotes, notifier(httpx.MockTransport(receive)), interval_s=60)
    with postgresql.writing() as session:
        session.scalars(select(AlertTrigger).with_for_update()).all()
        skipping = Background(monitor.deliver_pending)
        assert skipping.done(within_s=10)
        assert sent == []
    monitor.deliver_pending()
    assert len(sent) == 1
