"""Uncached analysis requests for bench_uncached.py, run inside the container with the image's
Python (on its loopback, which nginx's per-client limit leaves out): one request at a time,
each with a query or body no earlier request had, so neither nginx's micro-cache nor any answer
cache serves it. Prints, as JSON, per endpoint: the latencies in ms, the statuses and how many
answers nginx served from its cache (X-Cache-Status HIT, which should be none).

    python uncached_requests.py BASE_URL REQUESTS_PER_ENDPOINT
"""

import itertools
import json
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import date, timedelta

CODES = ("MTUM", "QUAL", "SIZE", "USMV", "VLUE", "SPX")
INDICATORS = "sma,ema,macd,rsi,atr,boll,kdj"
PERIODS = ("1w", "1m", "3m", "6m", "ytd", "1y", "3y", "5y", "all")
# Ten years back from the sample's last ETF bars (2022-12); each request starts a day later.
FIRST_START = date(2013, 1, 2)


def timed(url: str, body: dict[str, object] | None = None) -> tuple[int, float, str]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json"} if body is not None else {},
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            reply.read()
            status, cache = reply.status, reply.headers.get("X-Cache-Status", "")
    except urllib.error.HTTPError as error:
        error.read()
        status, cache = error.code, error.headers.get("X-Cache-Status", "")
    return status, (time.perf_counter() - started) * 1e3, cache


def requests(base: str, count: int) -> dict[str, list[tuple[str, dict[str, object] | None]]]:
    starts = [FIRST_START + timedelta(days=day) for day in range(count)]
    codes = itertools.cycle(CODES)
    comparisons = itertools.product(itertools.permutations(CODES), PERIODS)
    return {
        "metrics": [(f"{base}/api/v1/etfs/{next(codes)}/metrics?start={start}", None) for start in starts],
        "indicators (all 7)": [
            (f"{base}/api/v1/etfs/{next(codes)}/indicators?names={INDICATORS}&start={start}", None)
            for start in starts
        ],
        "compare (6 ETFs)": [
            (f"{base}/api/v1/compare?codes={','.join(order)}&period={period}", None)
            for order, period in itertools.islice(comparisons, count)
        ],
        "DCA backtest (10 y)": [
            (
                f"{base}/api/v1/backtests/dca",
                {"code": next(codes), "start": str(start), "end": str(start.replace(year=start.year + 10)),
                 "amount": 1000, "interval": "monthly"},
            )  # fmt: skip
            for start in starts
        ],
    }


def main() -> None:
    base, count = sys.argv[1], int(sys.argv[2])
    for code in CODES:  # each code's bars read once, as any running instance has them
        timed(f"{base}/api/v1/etfs/{code}/history?period=1m")
    results = {}
    for endpoint, calls in requests(base, count).items():
        answers = [timed(url, body) for url, body in calls]
        results[endpoint] = {
            "ms": [ms for _, ms, _ in answers],
            "statuses": Counter(str(status) for status, _, _ in answers),
            "cache_hits": sum(cache == "HIT" for _, _, cache in answers),
        }
    print(json.dumps(results))


if __name__ == "__main__":
    main()
