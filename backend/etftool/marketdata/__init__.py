"""Market data for ETFTool: providers (sample, csv, akshare) behind one cached, resilient service.

Start with `MarketData.from_settings(MarketDataSettings(...))`; see service.py.
"""

from etftool.marketdata.base import (
    ADJUSTMENTS,
    Adjust,
    Bars,
    EtfInfo,
    Intraday,
    IntradayPoint,
    PriceProvider,
    Quote,
)
from etftool.marketdata.cache import CacheStats
from etftool.marketdata.distributions import Distribution, DistributionKind, Distributions, YearDistributions
from etftool.marketdata.errors import InvalidData, MarketDataError, UnknownSymbol, UpstreamError
from etftool.marketdata.market_status import MarketStatus, SessionState, market_status
from etftool.marketdata.results import EtfListing, MarketDataStatus, ProviderStatus, QuoteBatch
from etftool.marketdata.service import MarketData
from etftool.marketdata.settings import DATA_SOURCES, DataSource, MarketDataSettings

__all__ = [
    "ADJUSTMENTS",
    "DATA_SOURCES",
    "Adjust",
    "Bars",
    "CacheStats",
    "DataSource",
    "Distribution",
    "DistributionKind",
    "Distributions",
    "EtfInfo",
    "EtfListing",
    "Intraday",
    "IntradayPoint",
    "InvalidData",
    "MarketData",
    "MarketDataError",
    "MarketDataSettings",
    "MarketDataStatus",
    "MarketStatus",
    "PriceProvider",
    "ProviderStatus",
    "Quote",
    "QuoteBatch",
    "SessionState",
    "UnknownSymbol",
    "UpstreamError",
    "YearDistributions",
    "market_status",
]
