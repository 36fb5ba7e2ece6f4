"""What the MarketData service answers besides the provider types (EtfInfo, Quote, Bars)."""

from __future__ import annotations

from dataclasses import dataclass, field

from etftool.marketdata.base import EtfInfo, Quote
from etftool.marketdata.cache import CacheStats
from etftool.marketdata.settings import DataSource


@dataclass(frozen=True)
class EtfListing:
    """ETFs (and indexes) from one or more providers; each item names its own source."""

    items: list[EtfInfo]
    source: str  # the providers that contributed, e.g. "akshare, sample"
    as_of: str  # newest as_of among the items
    stale: bool  # some items come from an expired cache because their source failed
    unavailable: dict[str, str] = field(default_factory=dict)  # provider -> why it is missing


@dataclass(frozen=True)
class QuoteBatch:
    quotes: dict[str, Quote]  # in the order asked; each carries source, as_of and stale
    unknown: list[str] = field(default_factory=list)  # codes no provider knows
    failed: dict[str, str] = field(default_factory=dict)  # code -> why no quote could be had


@dataclass(frozen=True)
class ProviderStatus:
    name: str
    live: bool  # fetched over the network, behind cache and circuit breaker
    default: bool  # the one DATA_SOURCE selects
    healthy: bool  # circuit closed and the last call succeeded
    breaker_state: str | None  # "closed", "open" or "half-open"; None for offline providers
    last_success_at: str | None  # ISO datetime (UTC)
    last_failure_at: str | None
    last_error: str | None
    cache: CacheStats | None  # None for offline providers, which need no cache


@dataclass(frozen=True)
class MarketDataStatus:
    data_source: DataSource  # as configured
    active: str  # the provider whose data pages show first now (auto: live or sample)
    providers: list[ProviderStatus]
