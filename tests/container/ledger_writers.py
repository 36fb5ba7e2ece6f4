"""Concurrent ledger writers, run inside a container with the image's Python: each writer
records pairs of transactions on its code, a buy of one unit and then the sale of it, until
the time is up, and the run prints, as JSON, the ids of the transactions created, the number
of pairs completed and every failure (status or error, and the answer).

Since each sale follows its own writer's buy, the ledger of every code holds zero or more units
at every point: the server must accept every request.

    python ledger_writers.py BASE_URL WRITERS SECONDS CODE[,CODE...]
"""

import json
import sys
import threading
import time
import urllib.error
import urllib.request


def post(base_url: str, body: dict[str, object]) -> tuple[int, str]:
    request = urllib.request.Request(
        base_url + "/api/v1/transactions",
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            return reply.status, reply.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError as error:  # refused, reset, timed out
        return 0, repr(error)


def main() -> None:
    base_url, writers, seconds, codes = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
    code_list = codes.split(",")
    deadline = time.monotonic() + seconds
    ids: list[int] = []
    failures: list[dict[str, object]] = []
    pairs = [0] * writers
    guard = threading.Lock()

    def write(slot: int) -> None:
        code = code_list[slot % len(code_list)]
        while time.monotonic() < deadline:
            for side in ("buy", "sell"):
                trade = {"code": code, "side": side, "date": "2024-01-02", "quantity": 1, "price": 1.0}
                status, answer = post(base_url, trade)
                with guard:
                    if status == 201:
                        ids.append(json.loads(answer)["id"])
                    else:
                        failures.append({"status": status, "side": side, "answer": answer[:300]})
                if status != 201:
                    return  # a sale without its buy would break the ledger's premise
            pairs[slot] += 1

    threads = [threading.Thread(target=write, args=(slot,)) for slot in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps({"ids": ids, "pairs": sum(pairs), "failures": failures}))


if __name__ == "__main__":
    main()
