"""Analytics and API benchmark (prints figures; asserts nothing).

Run: ./pants run build-support/bench/bench_analytics.py
- metrics + all indicators for one ETF over 10 years of daily bars (the S&P 500 sample);
- the same for 500 synthetic ETFs × 10 years in one vectorised batch (target ≤ 2 s);
- API latency of /api/v1/etfs/{code}/metrics, cold (fresh app) and cached, p50/p99.
"""

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from fastapi.testclient import TestClient

from etftool.analytics import compute_batch, indicator_set, risk_metrics
from etftool.core.config import Settings
from etftool.main import create_app
from etftool.marketdata import MarketData, MarketDataSettings

TEN_YEARS = 2520
CODES = ("MTUM", "QUAL", "SIZE", "USMV", "VLUE", "SPX")


def timed(function: Callable[[], object], repeat: int) -> list[float]:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return timings


def percentile(values: list[float], share: float) -> float:
    return float(np.percentile(np.array(values), share))


def one_etf(workdir: Path) -> None:
    bars = MarketData(MarketDataSettings(cache_dir=workdir / "cache", data_dir=workdir / "data")).history(
        "SPX"
    )
    dates, closes = bars.dates[-TEN_YEARS:], bars.close[-TEN_YEARS:]
    timings = timed(lambda: (risk_metrics(dates, closes), indicator_set(closes)), repeat=20)
    print(f"one ETF × 10 y (metrics + indicators): median {statistics.median(timings) * 1e3:7.1f} ms")


def batch() -> None:
    rng = np.random.default_rng(7)
    dates = np.datetime64("2013-01-01") + np.arange(TEN_YEARS)
    closes = 100 * np.cumprod(1 + rng.normal(0.0003, 0.012, (500, TEN_YEARS)), axis=1)
    highs, lows = closes * 1.004, closes * 0.996
    single = statistics.median(timed(lambda: compute_batch(dates, closes[:1], highs[:1], lows[:1]), 5))
    timings = timed(lambda: compute_batch(dates, closes, highs, lows), repeat=3)
    best = min(timings)
    print(f"500 ETFs × 10 y in one batch:         best {best:7.2f} s   (target ≤ 2 s: {best / 2:.0%} of it)")
    per_etf, speedup = best / 500 * 1e3, single * 500 / best
    print(f"  per ETF in the batch: {per_etf:.2f} ms vs {single * 1e3:.2f} ms alone ({speedup:.0f}× faster)")


def api_latency(workdir: Path) -> None:
    cold: list[float] = []
    for run in range(3):
        settings = Settings(data_dir=workdir / f"d{run}", cache_dir=workdir / f"c{run}", environment="test")
        with TestClient(create_app(settings)) as client:
            for code in CODES:
                started = time.perf_counter()
                client.get(f"/api/v1/etfs/{code}/metrics", params={"period": "5y"}).raise_for_status()
                cold.append(time.perf_counter() - started)
            cached = timed(
                lambda: client.get("/api/v1/etfs/QUAL/metrics", params={"period": "5y"}), repeat=300
            )
    for label, values in (("cold", cold), ("cached", cached)):
        p50, p99 = percentile(values, 50) * 1e3, percentile(values, 99) * 1e3
        count = len(values)
        print(f"/metrics {label:6}: p50 {p50:6.1f} ms   p99 {p99:6.1f} ms   ({count} requests, in process)")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        one_etf(workdir)
        batch()
        api_latency(workdir)


if __name__ == "__main__":
    main()
