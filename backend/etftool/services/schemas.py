"""What the analysis services answer (and the DCA backtest is asked): these models make the
API's OpenAPI schema for them.

Conventions: ratios (returns, CAGR, volatility, drawdowns, XIRR) are fractions (0.12 = 12 %);
fields ending in `_pct` are percentages; dates are ISO `YYYY-MM-DD`. A measure that cannot be
computed is null, and `unavailable` says why, keyed by field name.
"""

from datetime import date
from typing import Literal, Protocol, TypedDict

from pydantic import BaseModel, Field, model_validator

MetricsPeriod = Literal["1w", "1m", "3m", "6m", "ytd", "1y", "3y", "5y", "all"]


class Provenance(BaseModel):
    source: str = Field(description="Where the data came from (provider and dataset).")
    as_of: str = Field(description="Date or time of the newest data point.")
    stale: bool = Field(description="True when served from cache because the live source failed.")


class Sourced(Protocol):
    """A market-data result: bars, a quote, a listing, minutes, distributions."""

    @property
    def source(self) -> str: ...
    @property
    def as_of(self) -> str: ...
    @property
    def stale(self) -> bool: ...


class ProvenanceFields(TypedDict):
    source: str
    as_of: str
    stale: bool


def provenance(result: Sourced) -> ProvenanceFields:
    """A Provenance's fields, as the result the answer is built from tells them."""
    return {"source": result.source, "as_of": result.as_of, "stale": result.stale}


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
    period: MetricsPeriod | None = Field(
        description="When the history does not reach back to the period's first day, every measure "
        "is null and `unavailable.period` says why."
    )
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
