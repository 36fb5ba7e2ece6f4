"""Trading days per year, the factor that annualises daily volatility, Sharpe and Sortino.

US exchanges trade about 252 days a year, the usual convention. The A-share exchanges
close on weekends and on China's official holidays (Spring Festival and National Day weeks
among them) and do not open on the Saturdays and Sundays that are make-up working days, so
they trade about 243. The CN figure is counted from the holiday calendar of the
`chinesecalendar` package over the last full years it covers.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

import chinese_calendar  # type: ignore[import-untyped, unused-ignore]

US_TRADING_DAYS = 252
CN_TRADING_DAYS_FALLBACK = (
    243  # the 2015–2024 average by the same count, for when the calendar knows no full year
)
_CN_YEARS_AVERAGED = 5


def trading_days_per_year(market: str, today: date | None = None) -> int:
    """The market's trading days per year: counted for CN, 252 for every other market."""
    if market != "CN":
        return US_TRADING_DAYS
    return cn_trading_days_per_year((today or date.today()).year)


@functools.cache
def cn_trading_days_per_year(current_year: int) -> int:
    """Average A-share trading days of the last full years before `current_year` that the
    holiday calendar covers, rounded."""
    counts: list[int] = []
    for year in range(current_year - 1, current_year - 1 - 3 * _CN_YEARS_AVERAGED, -1):
        count = a_share_trading_days(year)
        if count is not None:
            counts.append(count)
        if len(counts) == _CN_YEARS_AVERAGED:
            break
    return round(sum(counts) / len(counts)) if counts else CN_TRADING_DAYS_FALLBACK


def a_share_trading_days(year: int) -> int | None:
    """Weekdays of the year that are not holidays; None when the calendar lacks the year."""
    day, count = date(year, 1, 1), 0
    try:
        while day.year == year:
            if day.weekday() < 5 and not chinese_calendar.is_holiday(day):
                count += 1
            day += timedelta(days=1)
    except NotImplementedError:  # chinesecalendar raises this outside its years
        return None
    return count
