"""Market data for ETFTool: providers (sample, csv, akshare) behind one cached, resilient facade.

Start with `MarketData.from_settings(MarketDataSettings(...))`; see market_data.py.

Importing the package loads none of its modules: each name below is imported from its module
when first used, so that what needs only the settings (the container's start-up check, through
etftool.core.config) does not load numpy and the providers.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
    from etftool.marketdata.distributions import (
        Distribution,
        DistributionKind,
        Distributions,
        YearDistributions,
    )
    from etftool.marketdata.errors import InvalidData, MarketDataError, UnknownSymbol, UpstreamError
    from etftool.marketdata.market_data import MarketData
    from etftool.marketdata.market_status import MarketStatus, SessionState
    from etftool.marketdata.results import EtfListing, MarketDataStatus, ProviderStatus, QuoteBatch
    from etftool.marketdata.settings import DATA_SOURCES, DataSource, MarketDataSettings

# Each exported name and the module of this package that defines it.
_MODULE_OF = {
    "ADJUSTMENTS": "base",
    "Adjust": "base",
    "Bars": "base",
    "CacheStats": "cache",
    "DATA_SOURCES": "settings",
    "DataSource": "settings",
    "Distribution": "distributions",
    "DistributionKind": "distributions",
    "Distributions": "distributions",
    "EtfInfo": "base",
    "EtfListing": "results",
    "Intraday": "base",
    "IntradayPoint": "base",
    "InvalidData": "errors",
    "MarketData": "market_data",
    "MarketDataError": "errors",
    "MarketDataSettings": "settings",
    "MarketDataStatus": "results",
    "MarketStatus": "market_status",
    "PriceProvider": "base",
    "ProviderStatus": "results",
    "Quote": "base",
    "QuoteBatch": "results",
    "SessionState": "market_status",
    "UnknownSymbol": "errors",
    "UpstreamError": "errors",
    "YearDistributions": "distributions",
}

__all__ = [
    "ADJUSTMENTS",
    "Adjust",
    "Bars",
    "CacheStats",
    "DATA_SOURCES",
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
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{module}"), name)
