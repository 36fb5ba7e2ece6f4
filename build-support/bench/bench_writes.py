"""User-data write throughput on PostgreSQL (prints figures and ratios; asserts nothing).

Run: ./pants run build-support/bench/bench_writes.py  (needs Debian's `postgresql` package)
Writers, each trading its own code (a transaction reads that code's ledger, then inserts),
spread over 1 and 3 processes standing in for app replicas on one database, each process
with its own connection pool, on a server that syncs each commit to disk. Side by side in one run:
- "global lock": every write takes the user-data lock exclusively, as every write did
  before writers shared it (and as an import still does);
- "scoped locks": writers share the user-data lock and wait only for writers of the same
  scope (see etftool.db.locks).
"""

import multiprocessing
import os
import threading
import time
from datetime import date

from etftool.db import Database
from etftool.userdata import holdings
from etftool.userdata.schemas import TransactionCreate
from tests.userdata.fixtures import PostgresServer

WRITERS = 12
DURATION_S = float(os.environ.get("BENCH_SECONDS", "5"))
REPLICAS = (1, 3)


def replica(
    url: str, first_writer: int, writers: int, exclusive: bool, results: "multiprocessing.Queue[int]"
) -> None:
    """One process: `writers` threads writing until the deadline; puts its commit count."""
    database = Database(url)
    deadline = time.monotonic() + DURATION_S
    counts = [0] * writers

    def write(slot: int) -> None:
        code = f"W{first_writer + slot:03d}"
        while time.monotonic() < deadline:
            with database.writing(exclusive) as session:
                holdings.add_transaction(
                    session,
                    TransactionCreate(code=code, side="buy", date=date(2024, 1, 2), quantity=1, price=1.0),
                )
            counts[slot] += 1

    threads = [threading.Thread(target=write, args=(slot,)) for slot in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    database.dispose()
    results.put(sum(counts))


def throughput(server: PostgresServer, replicas: int, exclusive: bool) -> float:
    name = server.create_database()
    url = server.url(name)
    setup = Database(url)
    setup.migrate()
    setup.dispose()
    # Forked before any connection of its own: each replica opens its pool afterwards.
    context = multiprocessing.get_context("fork")
    results: multiprocessing.Queue[int] = context.Queue()
    per_replica = WRITERS // replicas
    processes = [
        context.Process(target=replica, args=(url, number * per_replica, per_replica, exclusive, results))
        for number in range(replicas)
    ]
    for process in processes:
        process.start()
    commits = sum(results.get(timeout=DURATION_S + 120) for _ in processes)
    for process in processes:
        process.join()
    server.drop_database(name)
    return commits / DURATION_S


def main() -> None:
    server = PostgresServer(durable=True)
    try:
        print(f"{WRITERS} writers, {DURATION_S:g} s each run, {os.cpu_count()} CPUs; transactions/s")
        print(f"{'replicas':>8}  {'global lock':>11}  {'scoped locks':>12}  {'ratio':>5}")
        for replicas in REPLICAS:
            old = throughput(server, replicas, exclusive=True)
            new = throughput(server, replicas, exclusive=False)
            print(f"{replicas:>8}  {old:>11.0f}  {new:>12.0f}  {new / old:>5.2f}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
