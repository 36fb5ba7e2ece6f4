"""Everything the market-data layer can be tuned with; the app's config fills it in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

# The one list of the names DATA_SOURCE takes; the config and the API's schema use the type.
DataSource = Literal["auto", "akshare", "sample", "csv"]
DATA_SOURCES: tuple[DataSource, ...] = get_args(DataSource)
LIVE_DATA_SOURCES: tuple[DataSource, ...] = ("auto", "akshare")

HOUR = 3600.0
DAY = 24 * HOUR


@dataclass(frozen=True)
class MarketDataSettings:
    """DATA_SOURCE picks the default provider. 'auto': the live source (akshare) while it
    answers, the embedded sample while it does not; 'akshare': the live source, also while it
    fails; 'sample' and 'csv' stay offline. The sample and csv providers always answer for
    their own codes."""

    data_source: DataSource = "auto"
    cache_dir: Path = Path("cache") / "marketdata"  # one diskcache per live provider below it
    data_dir: Path = Path("data")  # where versions before the database kept CSV imports

    etf_list_ttl_s: float = 24 * HOUR
    quotes_ttl_s: float = 60.0
    # A quote or intraday prices fetched after the A-share close settled stay fresh until the
    # next session (market_status.a_share_settled_since); False: they expire with their TTL.
    keep_quotes_after_close: bool = True
    intraday_ttl_s: float = 30.0
    history_ttl_s: float = 4 * HOUR
    # Distributions come in per-year tables of all funds: a past year's hardly changes, the
    # current one gains rows as funds announce them.
    distributions_ttl_s: float = 12 * HOUR
    past_distributions_ttl_s: float = 30 * DAY
    # Years of distributions searched back from this one (the fund's own history may be
    # shorter): each year costs one paged fetch of every fund's table on a cache miss.
    distribution_years: int = 5
    # Expired values stay this long to be served as stale ones while a source is down.
    stale_retention_s: float = 30 * DAY
    cache_size_limit_bytes: int = 256 * 1024 * 1024

    live_timeout_s: float = 10.0  # per attempt; a call still running then is abandoned
    # The fund list and the quote table come from one paged fetch: East Money serves 100
    # rows a page and akshare sleeps 0.5–1.5 s between pages (about 20 s for ~1,900 funds).
    live_list_timeout_s: float = 60.0
    # One year of distributions is every fund's table, fetched page by page without pauses.
    live_distributions_timeout_s: float = 90.0
    live_workers: int = 4  # threads for live calls; bounds how many hung calls can pile up
    # The live provider's child process exits after this long without a call (live_process.py),
    # and calls this first, pickled (to set up its logging like the API process's).
    live_process_idle_s: float = 120.0
    live_process_setup: Callable[[], object] | None = None
    # Attempts per call for transient (network) failures: akshare already tries each request
    # three times with back-off, so one attempt of ours is enough for it.
    retry_attempts: int = 1
    failure_backoff_s: float = 30.0  # a failed call is not repeated sooner (the cache answers)
    retry_wait_s: float = 0.5  # first back-off, doubled per attempt
    breaker_fail_max: int = 5  # consecutive failed calls that open the circuit
    breaker_reset_timeout_s: float = 60.0  # open circuit lets one trial call through after this

    def __post_init__(self) -> None:
        if self.data_source not in DATA_SOURCES:
            choices = ", ".join(DATA_SOURCES)
            raise ValueError(f"data_source must be one of {choices}, not {self.data_source!r}")
        for name in (
            "etf_list_ttl_s",
            "quotes_ttl_s",
            "intraday_ttl_s",
            "history_ttl_s",
            "distributions_ttl_s",
            "past_distributions_ttl_s",
            "live_timeout_s",
            "live_list_timeout_s",
            "live_distributions_timeout_s",
            "live_process_idle_s",
        ):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive")
        if min(self.retry_attempts, self.breaker_fail_max, self.live_workers, self.distribution_years) < 1:
            raise ValueError(
                "retry_attempts, breaker_fail_max, live_workers and distribution_years must be at least 1"
            )
