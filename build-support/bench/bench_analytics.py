"""Analytics and API benchmark (prints figures and ratios; asserts nothing).

Run: ./pants run build-support/bench/bench_analytics.py
Every analytics figure stands beside pandas doing the same work in the same run (the same
definitions written with pandas' rolling and ewm) and beside its budget (issue 16). Analytics
times are medians of this process's CPU time, which other work on shared cores inflates far
less than wall-clock time (the computation is single-threaded); API latencies are wall-clock:
- one ETF over 10 years: total return, CAGR, risk metrics and every indicator the API serves
  (budget ≤ 5 ms and ≥ 6× faster than pandas);
- the same over the S&P 500's full history, about 18,000 days (budget ≤ 20 ms);
- 500 synthetic ETFs × 10 years in one vectorised batch (budget ≤ 0.5 s);
- API latency of /metrics and /indicators (all names) in process, first request per code
  (reading the history) and warm (history in memory), p50/p99.
"""

import functools
import math
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from fastapi.testclient import TestClient

from etftool.analytics import cagr, compute_batch, emas, indicator_set, risk_metrics, total_return
from etftool.analytics.series import DateArray, FloatArray
from etftool.core.config import Settings
from etftool.db import Database
from etftool.main import create_app
from etftool.marketdata import MarketData, MarketDataSettings

TEN_YEARS = 2520
YEAR = 252
MA_WINDOWS = (5, 10, 20, 60)
CODES = ("MTUM", "QUAL", "SIZE", "USMV", "VLUE", "SPX")
Arrays = dict[str, FloatArray]
DailyBars = tuple[DateArray, FloatArray, FloatArray, FloatArray]


def timed(
    function: Callable[[], object], repeat: int, clock: Callable[[], float] = time.perf_counter
) -> list[float]:
    timings = []
    for _ in range(repeat):
        started = clock()
        function()
        timings.append(clock() - started)
    return timings


def cpu_time(function: Callable[[], object], repeat: int) -> float:
    """Median CPU seconds of this process per call."""
    return statistics.median(timed(function, repeat, time.process_time))


def percentile(values: list[float], share: float) -> float:
    return float(np.percentile(np.array(values), share))


def etftool_one_etf(
    dates: DateArray, close: FloatArray, high: FloatArray, low: FloatArray
) -> tuple[object, Arrays]:
    """What /metrics and /indicators (all names) compute for one ETF: metrics, indicators."""
    metrics = (total_return(dates, close), cagr(dates, close), risk_metrics(dates, close))
    computed = indicator_set(close, high, low, MA_WINDOWS)
    return metrics, {
        **{f"sma{n}": computed.sma[n] for n in MA_WINDOWS},
        **{f"ema{n}": values for n, values in emas(close, MA_WINDOWS).items()},
        "dif": computed.macd.dif,
        "dea": computed.macd.dea,
        "rsi": computed.rsi,
        "atr": computed.atr,
        "boll.upper": computed.bollinger.upper,
        "kdj.j": computed.kdj.j,
    }


def wilder(moves: pd.DataFrame, window: int, seed: pd.Series, first_defined: int) -> pd.DataFrame:
    seeded = moves.iloc[first_defined:].copy()
    seeded.iloc[0] = seed
    return seeded.ewm(alpha=1 / window, adjust=False).mean().reindex(moves.index)


def smoothed_from_50(values: pd.DataFrame, first_defined: int) -> pd.DataFrame:
    seeded = values.iloc[first_defined:].copy()
    seeded.iloc[0] = 50 * 2 / 3 + seeded.iloc[0] / 3
    return seeded.ewm(alpha=1 / 3, adjust=False).mean().reindex(values.index)


def pandas_indicators(close: pd.DataFrame, high: pd.DataFrame, low: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The indicators of etftool.analytics.indicators, one column per ETF."""
    dif = close.ewm(span=12, adjust=False).mean() - close.ewm(span=26, adjust=False).mean()
    dif.iloc[:25] = np.nan
    dea = dif.iloc[25:].ewm(span=9, adjust=False).mean().reindex(close.index)
    dea.iloc[:33] = np.nan
    change = close.diff().fillna(0.0)
    gains, losses = change.clip(lower=0.0), (-change).clip(lower=0.0)
    average_gain = wilder(gains, 14, gains.iloc[1:15].mean(), 14)
    average_loss = wilder(losses, 14, losses.iloc[1:15].mean(), 14)
    total = average_gain + average_loss
    previous = close.shift()
    true_range = np.fmax(high - low, np.fmax((high - previous).abs(), (low - previous).abs()))
    lowest, highest = low.rolling(9).min(), high.rolling(9).max()
    raw = ((close - lowest) / (highest - lowest) * 100).where(highest > lowest, 50.0)
    k = smoothed_from_50(raw, 8)
    d = smoothed_from_50(k, 8)
    middle = close.rolling(20).mean()
    return {
        **{f"sma{n}": close.rolling(n).mean() for n in MA_WINDOWS},
        **{f"ema{n}": close.ewm(span=n, adjust=False, min_periods=n).mean() for n in MA_WINDOWS},
        "dif": dif,
        "dea": dea,
        "rsi": (100 * average_gain / total).where(total > 0, 50.0).where(total.notna()),
        "atr": wilder(true_range, 14, true_range.iloc[:14].mean(), 13),
        "boll.upper": middle + 2 * close.rolling(20).std(ddof=0),
        "kdj.j": 3 * k - 2 * d,
    }


def pandas_metrics(close: pd.DataFrame) -> pd.DataFrame:
    """Total return, CAGR, volatility, Sharpe, Sortino, drawdowns and Calmar per column."""
    returns = close.pct_change().iloc[1:]
    growth = close.iloc[-1] / close.iloc[0]
    years = (close.index[-1] - close.index[0]).days / 365.25
    compound = growth ** (1 / years) - 1
    deepest = (close / close.cummax() - 1).min()
    downside = np.sqrt((returns.clip(upper=0.0) ** 2).mean())
    return pd.DataFrame(
        {
            "total_return": growth - 1,
            "cagr": compound,
            "volatility": returns.std() * math.sqrt(YEAR),
            "sharpe": returns.mean() / returns.std() * math.sqrt(YEAR),
            "sortino": YEAR * returns.mean() / (downside * math.sqrt(YEAR)),
            "max_drawdown": deepest,
            "calmar": compound / deepest.abs(),
            "current_drawdown": close.iloc[-1] / close.iloc[-120:].max() - 1,
        }
    )


def pandas_one_etf(
    dates: DateArray, close: FloatArray, high: FloatArray, low: FloatArray
) -> tuple[object, Arrays]:
    index = pd.DatetimeIndex(dates)
    frames = [pd.DataFrame({"etf": values}, index=index) for values in (close, high, low)]
    # risk_metrics also reports the drawdown's peak, trough and recovery and the recent high.
    prices = frames[0]["etf"]
    trough = (prices / prices.cummax()).idxmin()
    peak = prices.loc[:trough][::-1].idxmax()
    recovery = (prices.loc[trough:] >= prices[peak]).idxmax()
    recent_high = prices.iloc[-120:][::-1].idxmax()
    metrics = (pandas_metrics(frames[0]), peak, trough, recovery, recent_high)
    return metrics, {name: frame["etf"].to_numpy() for name, frame in pandas_indicators(*frames).items()}


def largest_difference(ours: Arrays, theirs: Arrays) -> float:
    """Largest absolute difference over all indicators, relative to the closes' scale."""
    return max(float(np.nanmax(np.abs(ours[name] - theirs[name]))) for name in ours)


def compare_one(label: str, bars: DailyBars, budget_ms: float, repeat: int) -> None:
    ours = cpu_time(lambda: etftool_one_etf(*bars), repeat)
    theirs = cpu_time(lambda: pandas_one_etf(*bars), max(5, repeat // 4))
    difference = largest_difference(etftool_one_etf(*bars)[1], pandas_one_etf(*bars)[1]) / bars[1].max()
    print(
        f"{label}: {ours * 1e3:6.2f} ms   pandas {theirs * 1e3:6.1f} ms   "
        f"{theirs / ours:4.1f}× faster   budget ≤ {budget_ms:g} ms: {ours * 1e3 / budget_ms:4.0%} of it"
    )
    print(f"  same numbers as pandas to {difference:.0e} of the highest close")


def analytics(workdir: Path) -> None:
    database = Database(f"sqlite:///{workdir / 'etftool.db'}")
    database.migrate()
    settings = MarketDataSettings(cache_dir=workdir / "cache", data_dir=workdir / "data")
    history = MarketData(settings, database).history("SPX")
    database.dispose()
    full = (history.dates, history.close, history.high, history.low)
    ten_years = (
        history.dates[-TEN_YEARS:],
        history.close[-TEN_YEARS:],
        history.high[-TEN_YEARS:],
        history.low[-TEN_YEARS:],
    )
    compare_one(f"one ETF × 10 y ({TEN_YEARS:,} days), metrics + indicators", ten_years, 5, repeat=200)
    compare_one(f"S&P 500 full history ({len(history):,} days)          ", full, 20, repeat=60)


def batch() -> None:
    rng = np.random.default_rng(7)
    dates = np.datetime64("2013-01-01") + np.arange(TEN_YEARS)
    closes = 100 * np.cumprod(1 + rng.normal(0.0003, 0.012, (500, TEN_YEARS)), axis=1)
    highs, lows = closes * 1.004, closes * 0.996
    ours = cpu_time(lambda: compute_batch(dates, closes, highs, lows), repeat=5)
    frames = [pd.DataFrame(values.T, index=pd.DatetimeIndex(dates)) for values in (closes, highs, lows)]
    theirs = cpu_time(lambda: (pandas_metrics(frames[0]), pandas_indicators(*frames)), repeat=3)
    print(
        f"500 ETFs × 10 y in one batch:                  {ours:6.3f} s    pandas {theirs:6.2f} s    "
        f"{theirs / ours:4.1f}× faster   budget ≤ 0.5 s: {ours / 0.5:4.0%} of it"
    )


def api_latency(workdir: Path) -> None:
    """First requests read the history from the sample files; later ones find it in memory.
    The app caches no responses, so every request computes its analytics."""
    paths = {
        "/metrics": ("metrics", {"period": "5y"}),
        "/indicators": ("indicators", {"names": "sma,ema,macd,rsi,atr,boll,kdj", "period": "1y"}),
    }
    first: list[float] = []
    warm: dict[str, list[float]] = {label: [] for label in paths}
    for run in range(3):
        settings = Settings(
            data_dir=workdir / f"d{run}",
            cache_dir=workdir / f"c{run}",
            environment="test",
            data_source="sample",
            allowed_hosts=["testserver"],
        )
        with TestClient(create_app(settings)) as client:
            for code in CODES:
                started = time.perf_counter()
                client.get(f"/api/v1/etfs/{code}/metrics", params={"period": "5y"}).raise_for_status()
                first.append(time.perf_counter() - started)
            for label, (path, params) in paths.items():
                for code in CODES:
                    request = functools.partial(client.get, f"/api/v1/etfs/{code}/{path}", params=params)
                    warm[label] += timed(request, 50)
    for label, values in (("/metrics first", first), *((f"{path} warm", warm[path]) for path in paths)):
        p50, p99 = percentile(values, 50) * 1e3, percentile(values, 99) * 1e3
        print(f"{label:17}: p50 {p50:6.1f} ms   p99 {p99:6.1f} ms   ({len(values)} requests, in process)")


def main() -> None:
    cores, load = os.cpu_count(), os.getloadavg()[0]
    print(f"{cores} cores, load average {load:.1f} before the run (other work inflates the figures)")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        analytics(workdir)
        batch()
        api_latency(workdir)


if __name__ == "__main__":
    main()
