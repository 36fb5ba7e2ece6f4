"""Signal alerts stepped day by day over the sample MTUM series. The expected dates are worked
out here with pandas and `ta`, independently of etftool.analytics; only the temperature, a
score of ETFTool's own, comes from etftool.analytics.temperature, as the charts compute it."""

import ipaddress
import logging
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from ta.momentum import RSIIndicator

from etftool.analytics import temperature
from etftool.db import Database
from etftool.marketdata import (
    Bars,
    MarketData,
    MarketDataSettings,
    MarketStatus,
    UpstreamError,
)
from etftool.marketdata.market_status import market_status
from etftool.userdata import alerts
from etftool.userdata.alert_monitor import AlertMonitor
from etftool.userdata.notify_messages import AlertNotice, alert_message
from etftool.userdata.outbound import OutboundPolicy
from etftool.userdata.schemas import AlertCreate, AlertUpdate
from etftool.userdata.settings import NotifyLanguage, NotifySettings
from etftool.userdata.signals import MarketSignals
from etftool.userdata.webhooks import WebhookNotifier

# isort: split
# (`tests` counts as first- or third-party depending on which files the linter is given.)
from tests.userdata.fixtures import FakeQuotes, quote

CODE = "MTUM"
# A stretch of the sample (2014-2022) late enough for RSI to have left ta's warm-up behind
# and long enough for several crossings of each kind.
STEPS = 400
NAN = float("nan")
POLICY = OutboundPolicy(resolve=lambda _host, _port: [ipaddress.ip_address("93.184.215.14")])


@dataclass
class SteppedHistory:
    """The sample history as it stood at the end of `today`, and the real trading calendar
    of `market` (the sample's US one, or CN to test holidays)."""

    bars: Bars
    market: str = "US"
    today: date = date.min
    failing: dict[str, Exception] = field(default_factory=dict)
    fetched: int = 0

    def history(self, code: str) -> Bars:
        self.fetched += 1
        if code in self.failing:
            raise self.failing[code]
        return self.bars.between(None, self.today)

    def market_status(self, code: str, at: datetime | None = None) -> MarketStatus:
        return market_status(self.market, at)


@pytest.fixture(scope="module")
def sample_bars(tmp_path_factory: pytest.TempPathFactory) -> Bars:
    directory: Path = tmp_path_factory.mktemp("marketdata")
    database = Database(f"sqlite:///{directory / 'etftool.db'}")
    database.migrate()
    market_data = MarketData(
        MarketDataSettings(data_dir=directory / "data", cache_dir=directory / "cache"), database
    )
    bars = market_data.history(CODE)
    market_data.close()
    database.dispose()
    return bars


@pytest.fixture(scope="module")
def closes(sample_bars: Bars) -> pd.Series:
    return pd.Series(sample_bars.close, index=[day.item() for day in sample_bars.dates])


class Stepper:
    """Runs the AlertMonitor once a day after the close, with that day's close as the quote."""

    def __init__(self, database: Database, history: SteppedHistory, closes: pd.Series) -> None:
        self.database, self.history, self.closes = database, history, closes
        self.quotes = FakeQuotes()
        self.now = datetime.min.replace(tzinfo=UTC)
        self.monitor = AlertMonitor(
            database,
            self.quotes,
            WebhookNotifier(timeout_s=1.0, attempts=1, retry_wait_s=0.0),
            interval_s=60,
            clock=lambda: self.now,
            signals=MarketSignals(history),
        )

    def add(self, condition: str, **fields: Any) -> int:
        with self.database.writing() as session:
            body = {"code": CODE, "condition": condition, **fields}
            return alerts.create_alert(session, AlertCreate.model_validate(body), POLICY).id

    def step(self, day: date, at: datetime | None = None) -> list[tuple[int, date]]:
        """(alert id, day) of each trigger of the check at `at` (default: `day` 22:00 UTC)."""
        position = self.closes.index.get_loc(day)
        self.history.today = day
        self.now = at or datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=22)
        price, prev_close = (float(self.closes.iloc[index]) for index in (position, position - 1))
        self.quotes.set(CODE, price, prev_close, as_of=day.isoformat())
        return [(trigger.alert_id, day) for trigger in self.monitor.check()]

    def run(self, days: list[date]) -> dict[int, list[date]]:
        fired: dict[int, list[date]] = {}
        for day in days:
            for alert_id, fired_on in self.step(day):
                fired.setdefault(alert_id, []).append(fired_on)
        return fired


def became_true(held: pd.Series, days: list[date], first_only_records: bool) -> list[date]:
    """Days of `days` on which `held` turned true; the first day counts unless it only records."""
    window = held.loc[days]
    before = held.shift(1, fill_value=False).loc[days].copy()
    before.iloc[0] = first_only_records
    turned = window & ~before
    return list(turned[turned].index)


def test_signal_alerts_fire_on_the_days_pandas_finds_once_per_crossing(
    database: Database, sample_bars: Bars, closes: pd.Series
) -> None:
    days = list(closes.index[-STEPS:])
    ma20, ma60, ma250 = (closes.rolling(window).mean() for window in (20, 60, 250))
    strength = pd.Series(RSIIndicator(closes, window=14).rsi().to_numpy(), index=closes.index)
    drawdown = (1 - closes / closes.rolling(250, min_periods=1).max()) * 100
    stepper = Stepper(database, SteppedHistory(sample_bars), closes)
    expected = {
        stepper.add("ma_cross_above", ma_window=20): became_true(closes > ma20, days, True),
        stepper.add("ma_cross_below", ma_window=60): became_true(closes < ma60, days, True),
        stepper.add("ma_cross_below", ma_window=250): became_true(closes < ma250, days, True),
        stepper.add("golden_cross"): became_true(ma20 > ma60, days, True),
        stepper.add("death_cross"): became_true(ma20 < ma60, days, True),
        stepper.add("rsi_above", threshold=70): became_true(strength >= 70, days, False),
        stepper.add("rsi_below", threshold=35): became_true(strength <= 35, days, False),
        stepper.add("drawdown_beyond", threshold=10): became_true(drawdown >= 10, days, False),
    }
    assert all(len(dates) >= 2 for dates in expected.values()), expected  # re-arming is exercised

    fired = stepper.run(days)

    assert {alert_id: fired.get(alert_id, []) for alert_id in expected} == expected


def test_temperature_alerts_fire_on_the_days_the_charts_score_crosses_the_level(
    database: Database, sample_bars: Bars, closes: pd.Series
) -> None:
    days = list(closes.index[-STEPS:])

    def score_up_to(end: int) -> float:
        """The score on the first `end` closes, as /temperature gives it on the last one's day."""
        measured = temperature(sample_bars.dates[:end], sample_bars.close[:end]).value
        assert measured is not None
        return measured.score

    scores = pd.Series([score_up_to(len(closes) - STEPS + 1 + step) for step in range(STEPS)], index=days)
    stepper = Stepper(database, SteppedHistory(sample_bars), closes)
    expected = {
        stepper.add("temperature_above", threshold=75): became_true(scores >= 75, days, False),
        stepper.add("temperature_below", threshold=40): became_true(scores <= 40, days, False),
    }
    assert all(len(dates) >= 3 for dates in expected.values()), expected  # re-arming is exercised

    fired = stepper.run(days)

    assert {alert_id: fired.get(alert_id, []) for alert_id in expected} == expected
    with database.reading() as session:
        recorded = [(row.quote_as_of, row.value) for row in alerts.list_triggers(session)]
    assert len(recorded) == sum(len(dates) for dates in expected.values())
    for as_of, value in recorded:
        assert value == pytest.approx(scores[date.fromisoformat(as_of)], rel=1e-12)


def test_triggers_record_the_signal_value(database: Database, sample_bars: Bars, closes: pd.Series) -> None:
    day = closes.index[-1]
    stepper = Stepper(database, SteppedHistory(sample_bars), closes)
    stepper.add("rsi_above", threshold=0)
    stepper.add("drawdown_beyond", threshold=0.001)

    stepper.step(day)

    with database.reading() as session:
        rsi_trigger, drawdown_trigger = sorted(alerts.list_triggers(session), key=lambda row: row.alert_id)
    expected_rsi = RSIIndicator(closes, window=14).rsi().iloc[-1]
    expected_drawdown = (1 - closes.iloc[-1] / closes.iloc[-250:].max()) * 100
    assert rsi_trigger.value == pytest.approx(expected_rsi, rel=1e-9)
    assert drawdown_trigger.value == pytest.approx(expected_drawdown, rel=1e-12)
    assert (rsi_trigger.price, rsi_trigger.quote_as_of) == (closes.iloc[-1], day.isoformat())
    assert alerts.describe(rsi_trigger) == f"{CODE} RSI(14) {expected_rsi:.1f} ≥ 0"


def test_a_crossing_alert_created_while_its_condition_holds_waits_for_the_next_crossing(
    database: Database, sample_bars: Bars, closes: pd.Series
) -> None:
    above = closes > closes.rolling(20).mean()
    turned_above = above & ~above.shift(1, fill_value=False)
    still_above = (above & ~turned_above).iloc[-STEPS:]
    start = still_above[still_above].index[0]
    later = turned_above.loc[start:]
    next_crossing = later[later].index[0]
    stepper = Stepper(database, SteppedHistory(sample_bars), closes)
    alert_id = stepper.add("ma_cross_above", ma_window=20)

    fired = stepper.run([day for day in closes.index if start <= day <= next_crossing])

    assert fired == {alert_id: [next_crossing]}


def test_a_changed_crossing_alert_records_the_state_again_before_firing(
    database: Database, sample_bars: Bars, closes: pd.Series
) -> None:
    golden = closes.rolling(20).mean() > closes.rolling(60).mean()
    held = [day for day in golden.index[-STEPS:] if golden[day]]
    stepper = Stepper(database, SteppedHistory(sample_bars), closes)
    alert_id = stepper.add("death_cross")
    stepper.step(held[0])

    with database.writing() as session:
        alerts.update_alert(session, alert_id, AlertUpdate(condition="golden_cross"), POLICY)

    assert stepper.step(held[1]) == []


def test_no_signal_is_evaluated_while_the_market_is_closed_for_a_holiday(
    database: Database, sample_bars: Bars, closes: pd.Series
) -> None:
    # The sample's prices, on the A-share calendar: 2024-10-01 is National Day (a Tuesday).
    history = SteppedHistory(sample_bars, market="CN")
    stepper = Stepper(database, history, closes)
    stepper.add("rsi_above", threshold=0)
    last_day = closes.index[-1]

    holiday = stepper.step(last_day, at=datetime(2024, 10, 1, 3, 0, tzinfo=UTC))  # 11:00 in Beijing
    assert (holiday, history.fetched) == ([], 0)
    trading_day = stepper.step(last_day, at=datetime(2024, 10, 8, 3, 0, tzinfo=UTC))
    assert len(trading_day) == 1


@pytest.mark.parametrize(
    ("error", "logged"),
    [
        (UpstreamError("test", "history unavailable"), "no signals for MTUM (test: history unavailable);"),
        (RuntimeError("a bug"), "no signals for MTUM; its signal alerts are skipped this check"),
    ],
)
def test_a_failing_history_skips_that_codes_signal_alerts_only(
    database: Database,
    sample_bars: Bars,
    closes: pd.Series,
    caplog: pytest.LogCaptureFixture,
    error: Exception,
    logged: str,
) -> None:
    stepper = Stepper(database, SteppedHistory(sample_bars, failing={CODE: error}), closes)
    stepper.add("rsi_above", threshold=0)
    price_alert = stepper.add("price_above", threshold=0)

    with caplog.at_level(logging.WARNING):
        fired = stepper.step(closes.index[-1])

    assert fired == [(price_alert, closes.index[-1])]
    assert logged in caplog.text


def test_the_live_quote_is_todays_close() -> None:
    rows = [(date(2024, 1, 1) + timedelta(days=day), NAN, NAN, NAN, 100.0 + day, NAN) for day in range(30)]
    history = SteppedHistory(Bars.from_rows(CODE, rows, adjust="qfq", source="test"), today=date(2024, 1, 30))
    signals = MarketSignals(history)
    at = datetime(2024, 1, 31, 15, tzinfo=UTC)

    newer = signals.signals(CODE, quote(CODE, 150.0, 129.0, as_of="2024-01-31T10:00:00"), at)
    same_day = signals.signals(CODE, quote(CODE, 90.0, 128.0, as_of="2024-01-30"), at)

    assert newer is not None and same_day is not None
    assert (newer.as_of, newer.close) == ("2024-01-31", 150.0)
    assert newer.sma[20] == pytest.approx(np.mean([*range(111, 130), 150]))
    assert (same_day.as_of, same_day.close) == ("2024-01-30", 90.0)
    assert same_day.sma[20] == pytest.approx(np.mean([*range(110, 129), 90]))
    assert newer.sma[60] is None  # 31 closes


def test_premium_alerts_read_the_quotes_iopv(
    database: Database, sample_bars: Bars, closes: pd.Series
) -> None:
    day = closes.index[-1]
    stepper = Stepper(database, SteppedHistory(sample_bars), closes)
    above = stepper.add("premium_above", threshold=1)
    below = stepper.add("premium_below", threshold=100)

    assert stepper.step(day) == []  # the sample's quotes carry no IOPV

    stepper.quotes.prices[CODE] = replace(stepper.quotes.prices[CODE], price=101.5, iopv=100.0)
    triggers = sorted(stepper.monitor.check(), key=lambda trigger: trigger.alert_id)
    assert [trigger.alert_id for trigger in triggers] == [above, below]
    assert [trigger.value for trigger in triggers] == pytest.approx([1.5, 1.5])
    assert alerts.describe(triggers[0]) == f"{CODE} premium +1.50 % ≥ 1 %"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "ETFTool alert: MTUM test fund (MTUM)\nTrigger: RSI(14) 72.4 ≥ 70\nPrice: 151.2\n"),
        ("zh-CN", "ETFTool 提醒：MTUM test fund (MTUM)\n触发条件: RSI(14) 72.4 ≥ 70\n价格: 151.2\n"),
    ],
)
def test_channel_messages_give_the_signals_value(language: NotifyLanguage, expected: str) -> None:
    notice = AlertNotice(
        trigger_id=1,
        alert_id=1,
        code=CODE,
        name="MTUM test fund",
        condition="rsi_above",
        threshold=70,
        price=151.2,
        change_pct=1.5,
        triggered_at=datetime(2024, 6, 28, 7, 0, tzinfo=UTC),
        value=72.4123,
    )
    settings = NotifySettings(language=language, time_zone="Asia/Shanghai", public_base_url="")

    assert alert_message(notice, settings).text.startswith(expected)
