import threading
import time
from collections import Counter
from datetime import date

from sqlalchemy import func, select

from etftool.db import Database
from etftool.userdata import holdings, watchlist
from etftool.userdata.models import Transaction, TransactionSide, WatchlistEntry
from etftool.userdata.schemas import TransactionCreate

WRITERS = 20
READERS = 4
DURATION_S = 3.0
CODES = ("AAA", "BBB", "CCC", "DDD", "EEE")


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
