"""Is the market trading now? A-share sessions with China's official holiday calendar; US
exchange hours on weekdays only.

A-share trading days are weekdays that are not public holidays. The make-up workdays China
schedules on some weekends (调休) are workdays for offices but not for the exchanges, which
stay closed on every Saturday and Sunday. Holidays come from the `chinesecalendar` package,
which covers the years the State Council has published; outside them only weekends are
known and `calendar_known` is false.

US symbols get regular NYSE hours (9:30-16:00 New York time, Monday to Friday) without a
holiday calendar, so `calendar_known` is always false for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import chinese_calendar  # type: ignore[import-untyped, unused-ignore]

# China has kept UTC+8 without daylight saving since 1991: no time-zone database needed.
CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")
US_TZ_NAME = "America/New_York"


class SessionState(StrEnum):
    CALL_AUCTION = "call_auction"  # opening call auction, 9:15-9:25
    PRE_OPEN = "pre_open"  # auction done, continuous trading starts at 9:30
    OPEN = "open"
    LUNCH_BREAK = "lunch_break"
    CLOSED = "closed"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class MarketStatus:
    market: str  # "CN", "US", or the unknown market asked about
    state: SessionState
    trading_day: bool | None  # None when it cannot be told
    calendar_known: bool  # False when holidays could not be checked
    reason: str  # why, in words: "trading hours", "weekend", "holiday: National Day", ...
    local_time: str  # ISO datetime at the exchange


_A_SHARE_SESSIONS = (
    (time(9, 15), time(9, 25), SessionState.CALL_AUCTION),
    (time(9, 25), time(9, 30), SessionState.PRE_OPEN),
    (time(9, 30), time(11, 30), SessionState.OPEN),
    (time(11, 30), time(13, 0), SessionState.LUNCH_BREAK),
    (time(13, 0), time(15, 0), SessionState.OPEN),
)
_US_REGULAR_HOURS = (time(9, 30), time(16, 0))
# East Money's quote table has the closing prices within minutes of the 15:00 close.
A_SHARE_SETTLED = time(15, 15)
# The longest run of days without trading: the Spring Festival or National Day week with
# the weekends around it.
_LONGEST_A_SHARE_CLOSURE_DAYS = 20


def market_status(market: str, at: datetime | None = None) -> MarketStatus:
    """Status of a market ("CN" or "US") at a timezone-aware moment (default: now)."""
    moment = at or datetime.now(UTC)
    if moment.tzinfo is None:
        raise ValueError("market_status needs a timezone-aware datetime")
    if market == "CN":
        return a_share_status(moment)
    if market == "US":
        return us_status(moment)
    return MarketStatus(market, SessionState.UNKNOWN, None, False, "no trading hours known for this market",
                        moment.isoformat())


def a_share_status(moment: datetime) -> MarketStatus:
    local = moment.astimezone(CHINA_TZ)
    trading_day, calendar_known, day_reason = a_share_trading_day(local.date())
    if not trading_day:
        return MarketStatus("CN", SessionState.CLOSED, False, calendar_known, day_reason, local.isoformat())
    for start, end, state in _A_SHARE_SESSIONS:
        if start <= local.time() < end:
            return MarketStatus("CN", state, True, calendar_known, day_reason, local.isoformat())
    reason = "before the opening auction" if local.time() < time(9, 15) else "after the close"
    return MarketStatus("CN", SessionState.CLOSED, True, calendar_known, reason, local.isoformat())


def a_share_settled_since(moment: datetime) -> datetime | None:
    """The moment A-share prices last settled (A_SHARE_SETTLED on the latest trading day), when
    no session has started since: prices fetched after it cannot change before the next
    opening auction. None from the opening auction to A_SHARE_SETTLED on a trading day."""
    local = moment.astimezone(CHINA_TZ)
    day = local.date()
    if a_share_trading_day(day)[0]:
        if local.time() >= A_SHARE_SETTLED:
            return datetime.combine(day, A_SHARE_SETTLED, CHINA_TZ)
        if local.time() >= _A_SHARE_SESSIONS[0][0]:
            return None
    for days_back in range(1, _LONGEST_A_SHARE_CLOSURE_DAYS + 1):
        earlier = day - timedelta(days=days_back)
        if a_share_trading_day(earlier)[0]:
            return datetime.combine(earlier, A_SHARE_SETTLED, CHINA_TZ)
    return None


def a_share_trading_day(day: date) -> tuple[bool, bool, str]:
    """(is a trading day, holiday calendar covers the day, reason)."""
    try:
        on_holiday, holiday_name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        if day.weekday() >= 5:
            return False, False, "weekend"
        return True, False, f"weekday; no holiday calendar for {day.year}"
    if day.weekday() >= 5:
        if not on_holiday:
            return False, True, f"weekend make-up workday ({holiday_name}); exchanges closed"
        return False, True, f"weekend ({holiday_name})" if holiday_name else "weekend"
    if on_holiday:
        return False, True, f"holiday: {holiday_name}"
    return True, True, "trading day"


def us_status(moment: datetime) -> MarketStatus:
    try:
        local = moment.astimezone(ZoneInfo(US_TZ_NAME))
    except ZoneInfoNotFoundError:
        return MarketStatus("US", SessionState.UNKNOWN, None, False, "no time-zone data for New York",
                            moment.isoformat())
    if local.weekday() >= 5:
        return MarketStatus("US", SessionState.CLOSED, False, False, "weekend", local.isoformat())
    opens, closes = _US_REGULAR_HOURS
    if opens <= local.time() < closes:
        state, reason = SessionState.OPEN, "regular hours (US holidays not checked)"
    else:
        state, reason = SessionState.CLOSED, "outside regular hours"
    return MarketStatus("US", state, None, False, reason, local.isoformat())
