from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from etftool.marketdata.market_status import (
    MarketStatus,
    SessionState,
    a_share_settled_since,
    a_share_trading_day,
    market_status,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")


Minute = tuple[int, int, int, int, int]  # year, month, day, hour, minute


def shanghai(minute: Minute) -> datetime:
    year, month, day, hour, minute_of_hour = minute
    return datetime(year, month, day, hour, minute_of_hour, tzinfo=SHANGHAI)


def cn(year: int, month: int, day: int, hour: int, minute: int = 0) -> MarketStatus:
    return market_status("CN", datetime(year, month, day, hour, minute, tzinfo=SHANGHAI))


@pytest.mark.parametrize(
    ("hour", "minute", "state"),
    [
        (9, 0, SessionState.CLOSED),
        (9, 15, SessionState.CALL_AUCTION),
        (9, 24, SessionState.CALL_AUCTION),
        (9, 27, SessionState.PRE_OPEN),
        (9, 30, SessionState.OPEN),
        (10, 30, SessionState.OPEN),
        (11, 30, SessionState.LUNCH_BREAK),
        (12, 15, SessionState.LUNCH_BREAK),
        (13, 0, SessionState.OPEN),
        (14, 59, SessionState.OPEN),
        (15, 0, SessionState.CLOSED),
        (20, 0, SessionState.CLOSED),
    ],
)
def test_sessions_of_a_trading_day(hour: int, minute: int, state: SessionState) -> None:
    status = cn(2024, 10, 9, hour, minute)  # a Wednesday
    assert status.state is state
    assert status.trading_day is True and status.calendar_known


def test_trading_day_morning() -> None:
    status = cn(2024, 10, 9, 10, 0)
    assert (status.market, status.state, status.reason) == ("CN", SessionState.OPEN, "trading day")
    assert status.local_time == "2024-10-09T10:00:00+08:00"


def test_lunch_break() -> None:
    assert cn(2024, 10, 9, 12, 0).state is SessionState.LUNCH_BREAK


def test_weekend() -> None:
    status = cn(2024, 10, 19, 10, 0)  # a Saturday
    assert (status.state, status.trading_day, status.reason) == (SessionState.CLOSED, False, "weekend")


def test_national_day_holiday_on_a_weekday() -> None:
    status = cn(2024, 10, 1, 10, 0)  # a Tuesday
    assert (status.state, status.trading_day) == (SessionState.CLOSED, False)
    assert status.reason == "holiday: National Day"


def test_make_up_workday_saturday_is_closed() -> None:
    status = cn(2024, 10, 12, 10, 0)  # offices work this Saturday; exchanges do not
    assert (status.state, status.trading_day, status.calendar_known) == (SessionState.CLOSED, False, True)
    assert status.reason == "weekend make-up workday (National Day); exchanges closed"


def test_other_time_zones_are_converted() -> None:
    utc = datetime(2024, 10, 9, 1, 45, tzinfo=UTC)  # 09:45 in Shanghai
    assert market_status("CN", utc).state is SessionState.OPEN


def test_years_beyond_the_calendar_are_flagged() -> None:
    assert a_share_trading_day(date(2099, 6, 10)) == (True, False, "weekday; no holiday calendar for 2099")
    assert a_share_trading_day(date(2099, 6, 13))[:2] == (False, False)  # a Saturday
    status = cn(2099, 6, 10, 10, 0)
    assert status.state is SessionState.OPEN and not status.calendar_known


@pytest.mark.parametrize(
    ("moment", "settled"),
    [
        ((2024, 10, 9, 9, 14), (2024, 10, 8, 15, 15)),  # Wednesday before the auction: Tuesday's close
        ((2024, 10, 9, 9, 15), None),  # the opening auction: prices move again
        ((2024, 10, 9, 12, 0), None),  # the lunch break: the afternoon session is still to come
        ((2024, 10, 9, 15, 14), None),  # the table may not have every closing price yet
        ((2024, 10, 9, 15, 15), (2024, 10, 9, 15, 15)),
        ((2024, 10, 9, 23, 0), (2024, 10, 9, 15, 15)),
        ((2024, 10, 19, 12, 0), (2024, 10, 18, 15, 15)),  # Saturday: Friday's close
        ((2024, 10, 5, 12, 0), (2024, 9, 30, 15, 15)),  # in the National Day week: the close before it
        ((2024, 10, 12, 12, 0), (2024, 10, 11, 15, 15)),  # a make-up Saturday: closed
        ((2024, 10, 8, 9, 0), (2024, 9, 30, 15, 15)),  # the first morning after it
    ],
)
def test_a_share_prices_settle_after_the_close_until_the_next_auction(
    moment: Minute, settled: Minute | None
) -> None:
    found = a_share_settled_since(shanghai(moment))
    assert found == (None if settled is None else shanghai(settled))


def test_us_regular_hours_without_holidays() -> None:
    open_ = market_status("US", datetime(2024, 7, 3, 10, 0, tzinfo=NEW_YORK))
    assert (open_.state, open_.calendar_known, open_.trading_day) == (SessionState.OPEN, False, None)
    assert market_status("US", datetime(2024, 7, 3, 16, 0, tzinfo=NEW_YORK)).state is SessionState.CLOSED
    saturday = market_status("US", datetime(2024, 7, 6, 12, 0, tzinfo=NEW_YORK))
    assert (saturday.state, saturday.trading_day) == (SessionState.CLOSED, False)
    # No holiday calendar: Independence Day shows as a normal weekday, as documented.
    assert market_status("US", datetime(2024, 7, 4, 11, 0, tzinfo=NEW_YORK)).state is SessionState.OPEN


def test_unknown_market_and_naive_datetimes() -> None:
    assert market_status("", datetime(2024, 1, 2, tzinfo=UTC)).state is SessionState.UNKNOWN
    with pytest.raises(ValueError, match="timezone-aware"):
        market_status("CN", datetime(2024, 10, 9, 10, 0))
