"""Analytics applied to one ETF's bars, as API models. Routes stay thin; numbers come from
etftool.analytics (pure functions), provenance from the bars."""

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import date
from typing import Any

import numpy as np

from etftool.analytics import (
    Measure,
    Period,
    cagr,
    correlation_matrix,
    dca_backtest,
    emas,
    grid_suggestion,
    indicator_set,
    risk_metrics,
    temperature,
    total_return,
    trend,
)
from etftool.marketdata import Bars
from etftool.marketdata.trading_year import US_TRADING_DAYS
from etftool.services import schemas
from etftool.services.bars import json_dates, json_floats, period_not_covered, window
from etftool.services.errors import NoBacktest, NoGridSuggestion

INDICATOR_NAMES = ("sma", "ema", "macd", "rsi", "atr", "boll", "kdj")


def _value(measure: Measure[Any], field: str, unavailable: dict[str, str]) -> Any:
    if measure.value is None:
        unavailable[field] = measure.reason or "not enough data"
    return measure.value


def _ranges(bars: Bars) -> tuple[np.ndarray[Any, Any] | None, np.ndarray[Any, Any] | None]:
    """Highs and lows when the source has them for every bar (close-only series have none)."""
    if np.isfinite(bars.high).all() and np.isfinite(bars.low).all():
        return bars.high, bars.low
    return None, None


def metrics(
    bars: Bars,
    period: Period | None,
    start: date | None = None,
    end: date | None = None,
    *,
    trading_days_per_year: int = US_TRADING_DAYS,
) -> schemas.Metrics:
    """`trading_days_per_year` annualises volatility, Sharpe and Sortino (the market's own)."""
    unavailable: dict[str, str] = {}
    span = window(bars, period, start, end)
    not_covered = period_not_covered(bars, period, end)
    if not_covered is not None:
        # Measured over part of the period, a figure would be labelled with all of it: none is
        # given, each null with a reason.
        span = bars.between(date.max, None)
        unavailable["period"] = not_covered
    dates, closes = span.dates, span.close
    risk = risk_metrics(dates, closes, periods_per_year=trading_days_per_year)
    max_dd = _value(risk.max_drawdown, "max_drawdown", unavailable)
    current_dd = _value(risk.current_drawdown, "current_drawdown", unavailable)
    return schemas.Metrics(
        code=bars.code,
        period=period,
        start=json_dates(dates[:1])[0] if len(span) else None,
        end=json_dates(dates[-1:])[0] if len(span) else None,
        total_return=_value(total_return(dates, closes), "total_return", unavailable),
        cagr=_value(cagr(dates, closes), "cagr", unavailable),
        trading_days_per_year=trading_days_per_year,
        volatility=_value(risk.volatility, "volatility", unavailable),
        sharpe=_value(risk.sharpe, "sharpe", unavailable),
        sortino=_value(risk.sortino, "sortino", unavailable),
        calmar=_value(risk.calmar, "calmar", unavailable),
        max_drawdown=schemas.MaxDrawdownOut(
            value=max_dd.depth,
            peak=max_dd.peak_date,
            trough=max_dd.trough_date,
            recovery=max_dd.recovery_date,
        )
        if max_dd
        else None,
        current_drawdown=schemas.CurrentDrawdownOut(
            value=current_dd.depth,
            high_date=current_dd.high_date,
            days_since_high=current_dd.days_since_high,
            window=current_dd.window,
        )
        if current_dd
        else None,
        risk_level=_value(risk.risk_level, "risk_level", unavailable),
        unavailable=unavailable,
        **schemas.provenance(bars),
    )


def indicators(
    bars: Bars, names: Sequence[str], ma_windows: tuple[int, ...], shown: Bars
) -> schemas.Indicators:
    """Computed over the whole history (so warm-up is behind us), returned for `shown` dates."""
    high, low = _ranges(bars)
    computed = indicator_set(bars.close, high, low, ma_windows=ma_windows)
    wanted = set(names)
    series: dict[str, np.ndarray[Any, Any]] = {}
    if "sma" in wanted:
        series.update({f"sma{n}": computed.sma[n] for n in ma_windows})
    if "ema" in wanted:
        series.update({f"ema{n}": values for n, values in emas(bars.close, ma_windows).items()})
    if "macd" in wanted:
        series.update(
            {"macd.dif": computed.macd.dif, "macd.dea": computed.macd.dea, "macd.bar": computed.macd.bar}
        )
    if "rsi" in wanted:
        series["rsi14"] = computed.rsi
    if "atr" in wanted:
        series["atr14"] = computed.atr
    if "boll" in wanted:
        boll = computed.bollinger
        series.update({"boll.upper": boll.upper, "boll.mid": boll.middle, "boll.lower": boll.lower})
    if "kdj" in wanted:
        series.update({"kdj.k": computed.kdj.k, "kdj.d": computed.kdj.d, "kdj.j": computed.kdj.j})
    keep = np.isin(bars.dates, shown.dates)
    return schemas.Indicators(
        code=bars.code,
        dates=json_dates(bars.dates[keep]),
        series={name: json_floats(values[keep]) for name, values in series.items()},
        **schemas.provenance(bars),
    )


def temperature_of(bars: Bars) -> schemas.TemperatureOut:
    unavailable: dict[str, str] = {}
    result = _value(temperature(bars.dates, bars.close), "score", unavailable)
    components: dict[str, float | None] = {}
    if result is not None:
        for name, measure in asdict(result.components).items():
            components[name] = measure["value"]
            if measure["value"] is None:
                unavailable[name] = measure["reason"]
    return schemas.TemperatureOut(
        code=bars.code,
        score=result.score if result else None,
        level=result.level if result else None,
        components=components,
        unavailable=unavailable,
        **schemas.provenance(bars),
    )


def trend_of(bars: Bars) -> schemas.TrendOut:
    unavailable: dict[str, str] = {}
    result = trend(bars.dates, bars.close)
    return schemas.TrendOut(
        code=bars.code,
        daily=_value(result.daily, "daily", unavailable),
        weekly=_value(result.weekly, "weekly", unavailable),
        unavailable=unavailable,
        **schemas.provenance(bars),
    )


def grid_of(bars: Bars) -> schemas.GridOut:
    """Raises NoGridSuggestion saying why there is none."""
    high, low = _ranges(bars)
    result = grid_suggestion(bars.dates, bars.close, high, low)
    if result.value is None:
        raise NoGridSuggestion(result.reason or "not enough data")
    grid = result.value
    return schemas.GridOut(
        code=bars.code,
        upper=grid.upper,
        lower=grid.lower,
        mid=grid.mid,
        spacing_pct=grid.spacing * 100,
        grid_count=grid.grid_count,
        current_price=grid.current_price,
        out_of_range=grid.out_of_range,
        **schemas.provenance(bars),
    )


def compare(
    histories: Sequence[Bars], period: Period, trading_days_per_year: Mapping[str, int]
) -> schemas.Comparison:
    """`trading_days_per_year` by code, for each code's metrics."""
    spans = [window(bars, period, None, None) for bars in histories]
    common = spans[0].dates
    for span in spans[1:]:
        common = np.intersect1d(common, span.dates)
    normalized: dict[str, list[float | None]] = {}
    for span in spans:
        closes = span.close[np.isin(span.dates, common)]
        normalized[span.code] = json_floats(closes / closes[0] * 100 if len(closes) else closes, 4)
    matrix = correlation_matrix({span.code: (span.dates, span.close) for span in spans})
    return schemas.Comparison(
        codes=[span.code for span in spans],
        period=period,
        dates=json_dates(common),
        normalized=normalized,
        correlation=[[cell.value for cell in row] for row in matrix.values],
        metrics={
            bars.code: metrics(
                bars, period, trading_days_per_year=trading_days_per_year.get(bars.code, US_TRADING_DAYS)
            )
            for bars in histories
        },
    )


def dca(bars: Bars, request: schemas.DcaRequest) -> schemas.DcaResult:
    """Raises NoBacktest saying why it cannot be run on this range."""
    result = dca_backtest(
        bars.dates, bars.close, request.start, request.end, request.amount, request.interval, request.fee_rate
    )
    if result.value is None:
        raise NoBacktest(result.reason or "no trading days in range")
    run = result.value
    unavailable: dict[str, str] = {}
    xirr = _value(run.xirr, "xirr", unavailable)
    return schemas.DcaResult(
        code=bars.code,
        invested=run.invested,
        fees=run.fees,
        units=run.units,
        final_value=run.final_value,
        total_return=run.total_return,
        average_cost=run.average_cost,
        xirr=xirr,
        buys=run.buy_count,
        first_date=run.first_date,
        last_date=run.last_date,
        series=[
            schemas.DcaPoint(date=day, value=round(value, 4), cost=round(cost, 4))
            for day, value, cost in zip(
                json_dates(run.dates), run.value.tolist(), run.cost.tolist(), strict=True
            )
        ],
        unavailable=unavailable,
        source=bars.source,
        as_of=bars.as_of,
    )
