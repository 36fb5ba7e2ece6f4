"""Response and request models of the market-data API (they make the OpenAPI schema).

Conventions: ratios (returns, CAGR, volatility, drawdowns, XIRR) are fractions (0.12 = 12 %);
fields ending in `_pct` are percentages; dates are ISO `YYYY-MM-DD`. A measure that cannot be
computed is null, and `unavailable` says why, keyed by field name.
"""

import datetime as dt
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from etftool.marketdata import DataSource
from etftool.marketdata import Quote as MarketQuote

Adjust = Literal["qfq", "hfq", "none"]
BarInterval = Literal["daily", "weekly", "monthly"]
Category = Literal["broad", "sector", "bond", "commodity", "cross_border", "money_market", "other"]
CATEGORY_DESCRIPTION = (
    "What the fund invests in, from its name: broad (whole-market indexes such as 沪深300), "
    "sector (industries, themes, factors), bond, commodity, cross_border (QDII and Hong Kong "
    "funds), money_market, other (names the rules cannot read)."
)
MetricsPeriod = Literal["1w", "1m", "3m", "6m", "ytd", "1y", "3y", "5y", "all"]


class Provenance(BaseModel):
    source: str = Field(description="Where the data came from (provider and dataset).")
    as_of: str = Field(description="Date or time of the newest data point.")
    stale: bool = Field(description="True when served from cache because the live source failed.")


class SearchResult(BaseModel):
    code: str
    name: str
    exchange: str | None
    currency: str
    kind: str = Field(description="etf, lof (listed open-ended fund) or index.")
    # Defaults here and below keep the field optional for clients written before it.
    category: Category = Field(default="other", description=CATEGORY_DESCRIPTION)
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
        return cls(
            price=quote.price,
            prev_close=quote.prev_close,
            change=quote.change,
            change_pct=quote.change_percent,
            date=quote.as_of,
            **quote.fund_figures(),
        )


class MarketStatusOut(BaseModel):
    market: str
    state: Literal["call_auction", "pre_open", "open", "lunch_break", "closed", "unknown"]
    label: str = Field(description="Why the market is in this state, in words.")
    trading_day: bool | None
    calendar_known: bool


class EtfDetail(Provenance):
    code: str
    name: str
    exchange: str | None
    currency: str
    kind: str = Field(description="etf, lof (listed open-ended fund) or index.")
    # Defaults here and below keep the field optional for clients written before it.
    category: Category = Field(default="other", description=CATEGORY_DESCRIPTION)
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


class MaxDrawdownOut(BaseModel):
    value: float = Field(description="Deepest fall from a running peak (≤ 0).")
    peak: date | None
    trough: date | None
    recovery: date | None = Field(description="First later day back at the peak; null if not yet.")


class CurrentDrawdownOut(BaseModel):
    value: float = Field(description="Fall from the highest close of the last `window` trading days.")
    high_date: date
    days_since_high: int
    window: int


class Metrics(Provenance):
    code: str
    period: MetricsPeriod | None
    start: date | None
    end: date | None
    total_return: float | None
    cagr: float | None = Field(description="Annualised over calendar days / 365.25.")
    trading_days_per_year: int = Field(
        default=252,  # optional for clients written before it; always set
        description="Annualisation factor of the market: 252 for US, the exchange calendar's "
        "average for CN (about 242).",
    )
    volatility: float | None = Field(
        description="Annualised: std of daily returns (ddof 1) × √trading_days_per_year."
    )
    sharpe: float | None = Field(description="Annualised with √trading_days_per_year.")
    sortino: float | None = Field(description="Annualised with trading_days_per_year.")
    calmar: float | None
    max_drawdown: MaxDrawdownOut | None
    current_drawdown: CurrentDrawdownOut | None
    risk_level: Literal["low", "medium", "high"] | None = Field(
        description="From volatility: > 25 % high, > 15 % medium, else low."
    )
    unavailable: dict[str, str]


class Indicators(BaseModel):
    code: str
    dates: list[date]
    series: dict[str, list[float | None]] = Field(
        description="Aligned with `dates`; null during warm-up. Keys: sma20, ema12, macd.dif, "
        "macd.dea, macd.bar (2 × (DIF − DEA)), rsi14, atr14, boll.upper|mid|lower, kdj.k|d|j."
    )
    source: str
    as_of: str
    stale: bool


class TemperatureOut(Provenance):
    code: str
    score: float | None = Field(
        description="0–100: drawdown 30 %, RSI 20 %, 10-y price percentile "
        "20 %, 20-day volatility percentile 15 %, trend 15 %."
    )
    level: Literal["freezing", "cool", "warm", "hot"] | None
    components: dict[str, float | None]
    unavailable: dict[str, str]


class TrendOut(Provenance):
    code: str
    daily: Literal["bullish", "bearish", "neutral"] | None
    weekly: Literal["bullish", "bearish", "neutral"] | None
    unavailable: dict[str, str]


class GridOut(Provenance):
    code: str
    upper: float = Field(description="95th percentile of the last 60 closes.")
    lower: float = Field(description="5th percentile of the last 60 closes.")
    mid: float
    spacing_pct: float = Field(description="1.5 × ATR14 / mid, clipped to 1–3 %.")
    grid_count: int
    current_price: float
    out_of_range: bool


class Comparison(BaseModel):
    codes: list[str]
    period: MetricsPeriod
    dates: list[date] = Field(description="Trading days all the series share.")
    normalized: dict[str, list[float | None]] = Field(description="Closes rebased to 100 at the start.")
    correlation: list[list[float | None]] = Field(description="Pearson of daily returns, in `codes` order.")
    metrics: dict[str, Metrics]


class DcaRequest(BaseModel):
    code: str = Field(min_length=1, max_length=20)
    start: date
    end: date
    amount: float = Field(gt=0, le=1e9, description="Cash invested at each buy.")
    interval: Literal["weekly", "monthly"] = "monthly"
    fee_rate: float = Field(default=0.0, ge=0, lt=0.1, description="Fee as a fraction of each buy.")

    @model_validator(mode="after")
    def _start_before_end(self) -> "DcaRequest":
        if self.start >= self.end:
            raise ValueError("start must be before end")
        return self


class DcaPoint(BaseModel):
    date: date
    value: float
    cost: float


class DcaResult(BaseModel):
    code: str
    invested: float
    fees: float
    units: float
    final_value: float
    total_return: float
    average_cost: float
    xirr: float | None
    buys: int
    first_date: date
    last_date: date
    series: list[DcaPoint]
    unavailable: dict[str, str]
    source: str
    as_of: str


class CacheStatsOut(BaseModel):
    hits: int
    misses: int
    stale_served: int
    entries: int
    size_bytes: int


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
