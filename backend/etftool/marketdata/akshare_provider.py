"""Live A-share ETF data through akshare: East Money first, Sina when East Money fails.

akshare's ETF module is imported on first use (see akshare_modules.py), or passed in. The
DataFrames are read by column name only, as akshare documents them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from etftool.marketdata.akshare_modules import akshare_module
from etftool.marketdata.base import Adjust, BarRow, Bars, EtfInfo, Quote
from etftool.marketdata.codes import a_share_exchange, normalize_code
from etftool.marketdata.errors import UnknownSymbol, UpstreamError
from etftool.marketdata.market_status import CHINA_TZ

EM_QUOTES_SOURCE = "akshare: East Money ETF quotes (fund_etf_spot_em)"
SINA_QUOTES_SOURCE = "akshare: Sina ETF quotes (fund_etf_category_sina, fallback)"
EM_HISTORY_SOURCE = "akshare: East Money daily bars (fund_etf_hist_em)"
SINA_HISTORY_SOURCE = "akshare: Sina daily bars (fund_etf_hist_sina, fallback, unadjusted)"

_ADJUST_ARGUMENT: dict[Adjust, str] = {"qfq": "qfq", "hfq": "hfq", "none": ""}
# East Money counts volume in lots (手) of 100 units, as akshare documents for Sina's daily
# bars; Sina's quote list counts units (股). Everything leaves here in units.
_UNITS_PER_LOT = 100
_MAX_ERROR_TEXT = 200


@dataclass(frozen=True)
class _SpotRow:
    code: str
    name: str
    price: float | None
    prev_close: float | None
    open: float | None
    high: float | None
    low: float | None
    volume: float | None
    amount: float | None
    as_of: str


class AkshareProvider:
    name = "akshare"

    def __init__(
        self,
        akshare_module: Any | None = None,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(CHINA_TZ),
    ) -> None:
        self._module = akshare_module
        self._now = now

    def list_etfs(self) -> list[EtfInfo]:
        source, rows = self._spot()
        return [
            EtfInfo(
                code=row.code,
                name=row.name,
                market="CN",
                exchange=a_share_exchange(row.code),
                currency="CNY",
                kind="etf",
                source=source,
                as_of=row.as_of,
            )
            for row in rows
        ]

    def quotes(self, codes: Sequence[str]) -> dict[str, Quote]:
        wanted = {normalize_code(code) for code in codes}
        source, rows = self._spot()
        return {
            row.code: Quote(
                code=row.code,
                name=row.name,
                price=row.price,
                prev_close=row.prev_close,
                open=row.open,
                high=row.high,
                low=row.low,
                volume=row.volume,
                amount=row.amount,
                source=source,
                as_of=row.as_of,
            )
            for row in rows
            if row.code in wanted
        }

    def history(
        self, code: str, start: date | None = None, end: date | None = None, adjust: Adjust = "qfq"
    ) -> Bars:
        symbol = normalize_code(code)
        exchange = a_share_exchange(symbol)
        if exchange is None:
            raise UnknownSymbol(symbol)
        akshare = self._akshare()
        failures: list[tuple[str, Exception]] = []
        try:
            frame = akshare.fund_etf_hist_em(
                symbol=symbol,
                period="daily",
                start_date=start.strftime("%Y%m%d") if start else "19700101",
                end_date=end.strftime("%Y%m%d") if end else "20500101",
                adjust=_ADJUST_ARGUMENT[adjust],
            )
            if len(frame):
                return Bars.from_rows(
                    symbol, _east_money_bars(frame), adjust=adjust, source=EM_HISTORY_SOURCE
                )
        except Exception as error:  # any failure of the first source means: try the next one
            failures.append(("fund_etf_hist_em", error))
        try:
            prefix = "sh" if exchange == "SSE" else "sz"
            frame = akshare.fund_etf_hist_sina(symbol=f"{prefix}{symbol}")
            if len(frame):
                bars = Bars.from_rows(symbol, _sina_bars(frame), adjust="none", source=SINA_HISTORY_SOURCE)
                return bars.between(start, end)
        except Exception as error:
            failures.append(("fund_etf_hist_sina", error))
        if not failures:  # both sources answered, with nothing
            raise UnknownSymbol(symbol)
        raise _upstream_error(failures)

    def _akshare(self) -> Any:
        if self._module is None:
            self._module = akshare_module("fund.fund_etf_em")
        return self._module

    def _spot(self) -> tuple[str, list[_SpotRow]]:
        """All ETF quotes: East Money's table, or Sina's when East Money fails."""
        akshare = self._akshare()
        failures: list[tuple[str, Exception]] = []
        for function, read in (
            ("fund_etf_spot_em", self._east_money_spot),
            ("fund_etf_category_sina", self._sina_spot),
        ):
            try:
                return read(akshare)
            except Exception as error:  # any failure of one source means: try the next one
                failures.append((function, error))
        raise _upstream_error(failures)

    def _east_money_spot(self, akshare: Any) -> tuple[str, list[_SpotRow]]:
        frame = akshare.fund_etf_spot_em()
        fetched_at = self._now().isoformat(timespec="seconds")
        columns = ["代码", "名称", "最新价", "昨收", "开盘价", "最高价", "最低价", "成交量", "成交额"]
        # 更新时间 (quote time) only exists in recent akshare versions.
        with_time = "更新时间" in frame.columns
        if with_time:
            columns.append("更新时间")
        rows = []
        for values in _columns(frame, columns, "fund_etf_spot_em"):
            volume_lots = _number(values[7])
            rows.append(
                _SpotRow(
                    code=normalize_code(str(values[0])),
                    name=str(values[1]).strip(),
                    price=_number(values[2]),
                    prev_close=_number(values[3]),
                    open=_number(values[4]),
                    high=_number(values[5]),
                    low=_number(values[6]),
                    volume=None if volume_lots is None else volume_lots * _UNITS_PER_LOT,
                    amount=_number(values[8]),
                    as_of=(_timestamp(values[9]) if with_time else None) or fetched_at,
                )
            )
        return EM_QUOTES_SOURCE, _non_empty(rows, "fund_etf_spot_em")

    def _sina_spot(self, akshare: Any) -> tuple[str, list[_SpotRow]]:
        frame = akshare.fund_etf_category_sina(symbol="ETF基金")
        fetched_at = self._now().isoformat(timespec="seconds")
        columns = ["代码", "名称", "最新价", "昨收", "今开", "最高", "最低", "成交量", "成交额"]
        rows = [
            _SpotRow(
                code=normalize_code(str(values[0])),  # Sina writes "sh510300"
                name=str(values[1]).strip(),
                price=_number(values[2]),
                prev_close=_number(values[3]),
                open=_number(values[4]),
                high=_number(values[5]),
                low=_number(values[6]),
                volume=_number(values[7]),
                amount=_number(values[8]),
                as_of=fetched_at,
            )
            for values in _columns(frame, columns, "fund_etf_category_sina")
        ]
        return SINA_QUOTES_SOURCE, _non_empty(rows, "fund_etf_category_sina")


def _east_money_bars(frame: Any) -> list[BarRow]:
    columns = ["日期", "开盘", "最高", "最低", "收盘", "成交量"]
    return [
        (_date(day), _float(open_), _float(high), _float(low), _float(close), _float(lots) * _UNITS_PER_LOT)
        for day, open_, high, low, close, lots in _columns(frame, columns, "fund_etf_hist_em")
    ]


def _sina_bars(frame: Any) -> list[BarRow]:
    columns = ["date", "open", "high", "low", "close", "volume"]
    return [
        (_date(day), _float(open_), _float(high), _float(low), _float(close), _float(lots) * _UNITS_PER_LOT)
        for day, open_, high, low, close, lots in _columns(frame, columns, "fund_etf_hist_sina")
    ]


def _columns(frame: Any, names: Sequence[str], function: str) -> list[tuple[Any, ...]]:
    missing = [name for name in names if name not in frame.columns]
    if missing:
        raise ValueError(f"{function} returned no column {', '.join(missing)}")
    return list(zip(*(frame[name].tolist() for name in names), strict=True))


def _non_empty(rows: list[_SpotRow], function: str) -> list[_SpotRow]:
    if not rows:
        raise ValueError(f"{function} returned no rows")
    return rows


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _float(value: Any) -> float:
    number = _number(value)
    return math.nan if number is None else number


def _date(value: Any) -> date:
    """akshare gives 'YYYY-MM-DD' strings, datetime.date or pandas Timestamps."""
    return date.fromisoformat(str(value)[:10])


def _timestamp(value: Any) -> str | None:
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return None if text in ("NaT", "nan", "None", "") else text


def _upstream_error(failures: list[tuple[str, Exception]]) -> UpstreamError:
    detail = "; ".join(
        f"{function}: {type(error).__name__}: {str(error)[:_MAX_ERROR_TEXT]}" for function, error in failures
    )
    # requests' and http.client's connection failures are OSErrors: worth another try.
    transient = any(isinstance(error, OSError) for _, error in failures)
    return UpstreamError(AkshareProvider.name, detail, transient=transient)
