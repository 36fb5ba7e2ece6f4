"""Response models of the market-data API: quotes, bars, search, data sources, imports (they
make the OpenAPI schema; etftool.services.market builds them). The analysis answers (metrics,
indicators, comparisons, backtests) are etftool.services.schemas'. Dates are ISO `YYYY-MM-DD`."""

import datetime as dt
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from etftool.marketdata import DataSource
from etftool.marketdata import Quote as MarketQuote
from etftool.services.schemas import Provenance

Adjust = Literal["qfq", "hfq", "none"]
BarInterval = Literal["daily", "weekly", "monthly"]
Category = Literal["broad", "sector", "bond", "commodity", "cross_border", "money_market", "other"]
CATEGORY_DESCRIPTION = (
    "What the fund invests in, from its name: broad (whole-market indexes such as 沪深300), "
    "sector (industries, themes, factors), bond, commodity, cross_border (QDII and Hong Kong "
    "funds), money_market, other (names the rules cannot read)."
)


class FundIdentity(BaseModel):
    """Which fund it is: code, name, listing and what it invests in."""

    code: str
    name: str
    exchange: str | None
    currency: str
    kind: str = Field(description="etf, lof (listed open-ended fund) or index.")
    # The default keeps the field optional for clients written before it.
    category: Category = Field(default="other", description=CATEGORY_DESCRIPTION)


class SearchResult(FundIdentity):
    match: Literal["code", "name", "pinyin"]


class SearchResponse(Provenance):
    query: str
    results: list[SearchResult]


class QuoteOut(BaseModel):
    price: float | None
    prev_close: float | None
    change: float | None
    change_pct: float | None
    date: str
    # The fields below are optional in the schema so that clients written before them still fit.
    volume: float | None = Field(
        default=None, description="Units traded today (East Money's lots of 100 converted)."
    )
    amount: float | None = Field(
        default=None, description="Value traded today, in the quote currency (成交额)."
    )
    iopv: float | None = Field(
        default=None, description="Indicative NAV per unit published during trading (IOPV实时估值)."
    )
    premium_pct: float | None = Field(
        default=None,
        description="(price / iopv − 1) × 100: positive = premium over the IOPV, negative = discount.",
    )
    shares: float | None = Field(default=None, description="Fund units outstanding (最新份额).")
    fund_size: float | None = Field(
        default=None, description="Total market value of the fund, in the quote currency (总市值)."
    )
    shares_change_5d: float | None = Field(
        default=None,
        description="Change of `shares` over 5 trading days; null: no source of share history yet.",
    )
    shares_change_20d: float | None = Field(
        default=None, description="As shares_change_5d, over 20 trading days."
    )

    @classmethod
    def of(cls, quote: MarketQuote) -> "QuoteOut":
        return cls(date=quote.as_of, **quote.figures())


class MarketStatusOut(BaseModel):
    market: str
    state: Literal["call_auction", "pre_open", "open", "lunch_break", "closed", "unknown"]
    label: str = Field(description="Why the market is in this state, in words.")
    trading_day: bool | None
    calendar_known: bool


class EtfDetail(FundIdentity, Provenance):
    quote: QuoteOut
    market_status: MarketStatusOut


class Bar(BaseModel):
    date: date
    open: float | None
    high: float | None
    low: float | None
    close: float
    volume: float | None


class History(Provenance):
    code: str
    interval: BarInterval
    adjust: Adjust = Field(description="What the prices are; offline series exist in one adjustment.")
    bars: list[Bar]
    live_bar_date: dt.date | None = Field(
        default=None,
        description="Set while the session of the last daily bar is still trading: that bar "
        "(and the week or month holding it) shows the latest trades, not a close.",
    )


class IntradayPointOut(BaseModel):
    time: dt.datetime = Field(description="End of the minute, in the market's time zone (Asia/Shanghai).")
    price: float | None
    avg_price: float | None = Field(description="Volume-weighted average price of the session so far.")
    volume: float | None = Field(description="Units traded in this minute.")


class IntradayOut(Provenance):
    code: str
    date: dt.date | None = Field(description="The session the points belong to; null when there are none.")
    points: list[IntradayPointOut] = Field(
        description="One per minute of the latest session; empty for sample and CSV codes, "
        "which have daily closes only."
    )


class DistributionOut(BaseModel):
    kind: Literal["dividend", "split"]
    ex_date: date = Field(
        description="Ex-dividend date (除息日); for a split, the day units change (拆分折算日)."
    )
    record_date: date | None = Field(description="Holders on this day (权益登记日) receive the dividend.")
    pay_date: date | None = Field(description="Day the cash is paid (分红发放日).")
    cash_per_share: float | None = Field(description="Dividend per fund unit, in the fund's currency.")
    split_ratio: float | None = Field(description="Units after a split per unit before it.")
    split_type: str | None = Field(description="The source's words for the split, e.g. 份额分拆.")


class DistributionsOut(Provenance):
    code: str
    events: list[DistributionOut] = Field(
        description="Dividends and splits in ascending ex-date order; empty for sample and CSV "
        "codes, whose sources carry none."
    )
    first_year: int | None = Field(
        description="First calendar year searched: the fund's first bar's, at most five years "
        "back by default; null when the code's source has no distributions."
    )
    last_year: int | None = Field(description="Last calendar year searched (this one).")


class CacheStatsOut(BaseModel):
    hits: int
    misses: int
    stale_served: int
    entries: int | None = Field(description="Values in the disk cache; null when its index cannot be read.")
    size_bytes: int | None = Field(description="The disk cache's size; null when its index cannot be read.")


class ProviderStatusOut(BaseModel):
    name: str
    live: bool
    default: bool
    healthy: bool
    breaker: Literal["closed", "open", "half_open"] | None
    last_success: str | None
    last_failure: str | None
    last_error: str | None
    cache: CacheStatsOut | None


class DataSources(BaseModel):
    configured: DataSource = Field(description="DATA_SOURCE as set.")
    active: str = Field(
        description="The provider whose data pages show first now: with DATA_SOURCE=auto the live "
        "source while it answers, the embedded sample while it does not."
    )
    providers: list[ProviderStatusOut]


class ImportedEtf(BaseModel):
    code: str
    name: str
    currency: str
    source: str
    as_of: str


class ImportedEtfs(BaseModel):
    items: list[ImportedEtf]
