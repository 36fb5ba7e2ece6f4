"""Signal alerts: conditions on a code's daily history rather than on its quote alone.

Level conditions hold while a value is at or beyond the threshold ("above" = at or above,
"below" = at or below), like price alerts:

- `rsi_above`, `rsi_below`: Wilder's RSI(14), as /indicators returns it (0..100).
- `temperature_above`, `temperature_below`: the 0..100 score /temperature returns.
- `drawdown_beyond`: the close is at least `threshold` percent below the highest close of
  the last 250 trading days (fewer when the history is shorter); the threshold is positive.
- `premium_above`, `premium_below`: the quote's premium over its IOPV in percent (negative =
  discount); codes whose quotes carry no IOPV never meet them.

Crossing conditions hold while one line is strictly above (or below) another; their
threshold is unused and stored as 0:

- `ma_cross_above`, `ma_cross_below`: the close and its simple moving average over
  `ma_window` (20, 60 or 250) days.
- `golden_cross`, `death_cross`: MA20 and MA60.

Every signal alert re-arms: it fires when its condition becomes met and again after a check
finds it cleared. A crossing alert fires only on a change a check observes: its first check
after it is created, changed or re-activated records the state without firing (see
models.Alert.condition_met), so one created while the price is above its MA fires on the
next cross from below, not at once.

The values are those of the code's daily history (the ETF page's default adjustment), the
latest quote's price standing in for today's close (see MarketSignals). They are evaluated
by the periodic check only, on the market's trading days: during the session on the live
price, after the close on the day's final bar.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

import numpy as np

from etftool.analytics import rsi, sma, temperature
from etftool.analytics.series import DateArray, FloatArray
from etftool.marketdata import Bars, MarketStatus, Quote
from etftool.userdata.models import CROSSING_CONDITIONS, AlertCondition

RSI_WINDOW = 14
MA_WINDOWS = (20, 60, 250)
GOLDEN_CROSS_WINDOWS = (20, 60)
DRAWDOWN_WINDOW = 250


@dataclass(frozen=True)
class Signals:
    """A code's signals on its latest bar; None where the history is too short."""

    as_of: str  # the bar's date
    close: float
    rsi: float | None
    temperature: float | None
    drawdown_pct: float | None  # percent below the high: 10 = 10 % below
    premium_pct: float | None
    sma: Mapping[int, float | None]  # by window, for MA_WINDOWS


@dataclass(frozen=True)
class Reading:
    """Whether an alert's condition holds, and the value that decides it."""

    met: bool
    value: float


class SignalSource(Protocol):
    """What the AlertMonitor needs to evaluate signal alerts."""

    def signals(self, code: str, quote: Quote, at: datetime) -> Signals | None:
        """The code's signals with `quote` as its latest price; None when its market has no
        session on `at`'s day (a weekend or holiday), as nothing could have changed."""
        ...


def read(
    condition: AlertCondition, threshold: float, ma_window: int | None, signals: Signals
) -> Reading | None:
    """None when the signal is undefined (a history too short, a quote without IOPV)."""
    if condition in CROSSING_CONDITIONS:
        return _crossing(condition, ma_window, signals)
    value = {
        "rsi": signals.rsi,
        "temperature": signals.temperature,
        "drawdown": signals.drawdown_pct,
        "premium": signals.premium_pct,
    }[condition.split("_", 1)[0]]
    if value is None:
        return None
    met = value <= threshold if condition.endswith("below") else value >= threshold
    return Reading(met, value)


def _crossing(condition: AlertCondition, ma_window: int | None, signals: Signals) -> Reading | None:
    """The value is the moving average crossed (MA60 for the golden and death cross)."""
    if condition in ("golden_cross", "death_cross"):
        short, long = GOLDEN_CROSS_WINDOWS
        line, average = signals.sma[short], signals.sma[long]
    else:
        assert ma_window is not None, "ma_cross alerts have a window (see alerts.check_signal_fields)"
        line, average = signals.close, signals.sma[ma_window]
    if line is None or average is None:
        return None
    met = line > average if condition in ("golden_cross", "ma_cross_above") else line < average
    return Reading(met, average)


class DailyHistory(Protocol):
    """What MarketSignals needs from etftool.marketdata.MarketData."""

    def history(self, code: str) -> Bars: ...

    def market_status(self, code: str, at: datetime | None = None) -> MarketStatus: ...


class MarketSignals:
    """A SignalSource over MarketData and etftool.analytics."""

    def __init__(self, market_data: DailyHistory) -> None:
        self._market_data = market_data

    def signals(self, code: str, quote: Quote, at: datetime) -> Signals | None:
        if self._market_data.market_status(code, at).trading_day is False:
            return None
        bars = self._market_data.history(code)
        dates, closes = bars.dates, bars.close
        quoted_on = np.datetime64(date.fromisoformat(quote.as_of[:10]), "D")
        if quote.price is not None and len(dates) and quoted_on >= dates[-1]:
            # The quote is today's price: a newer bar, or a fresher one than the history's
            # live bar (which a cached history may hold from minutes ago).
            keep = dates < quoted_on
            dates = np.append(dates[keep], quoted_on)
            closes = np.append(closes[keep], quote.price)
        return compute_signals(dates, closes, quote.premium_pct)


def compute_signals(dates: DateArray, closes: FloatArray, premium_pct: float | None) -> Signals | None:
    """The signals on the last of these daily closes; None without any close."""
    if not len(closes):
        return None
    close = float(closes[-1])
    high = float(np.nanmax(closes[-DRAWDOWN_WINDOW:]))
    return Signals(
        as_of=str(dates[-1]),
        close=close,
        rsi=_last(rsi(closes, RSI_WINDOW)),
        temperature=score.score if (score := temperature(dates, closes).value) else None,
        drawdown_pct=(1 - close / high) * 100 if len(closes) >= 2 and high > 0 else None,
        premium_pct=premium_pct,
        sma={window: _last(sma(closes, window)) for window in MA_WINDOWS},
    )


def _last(values: FloatArray) -> float | None:
    last = float(values[-1]) if len(values) else float("nan")
    return last if np.isfinite(last) else None
