"""Live A-share ETF and LOF data through akshare's East Money and THS functions.

akshare is used without a JavaScript engine (see akshare_modules.py), which decides the
fallbacks that can exist:

- List of funds: East Money's ETF and LOF tables (fund_etf_spot_em, fund_lof_spot_em);
  when either fails, THS's ETF and LOF lists (fund_etf_category_ths), which name the funds
  but carry net asset values, not trading prices, so they give the list only.
- Quotes: East Money's ETF and LOF tables (the same fetch as the list, shared for
  `spot_reuse_s`); when they fail, the last two daily bars of each code from East Money's
  kline endpoint (a different host), without IOPV, shares or fund size.
- Daily history: East Money's kline endpoint (fund_etf_hist_em, which serves LOFs too: the
  market id comes from the code). No fallback: Sina's and Tencent's history functions
  import py_mini_racer at module level. A failure is answered from the cache, stale.
- Minute prices: East Money's trends endpoint (fund_etf_hist_min_em). No fallback either.
- Dividends and splits: East Money's 分红送配 tables of all funds, one year per call
  (fund_fh_em, fund_cf_em; every page of both). No fallback: the per-fund functions need a
  JavaScript engine.

Every answer names the akshare function it came from in `source`. pandas arrives with
akshare and is only touched through DataFrame columns, by the names akshare gives them.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from etftool.marketdata.akshare_modules import AkshareMissing, akshare_module
from etftool.marketdata.base import Adjust, BarRow, Bars, EtfInfo, Intraday, IntradayPoint, Quote
from etftool.marketdata.codes import a_share_exchange, normalize_code
from etftool.marketdata.distributions import Distribution, YearDistributions
from etftool.marketdata.errors import UnknownSymbol, UpstreamError
from etftool.marketdata.market_status import CHINA_TZ

logger = logging.getLogger(__name__)

EM_ETF_QUOTES_SOURCE = "akshare: East Money ETF quotes (fund_etf_spot_em)"
EM_LOF_QUOTES_SOURCE = "akshare: East Money LOF quotes (fund_lof_spot_em)"
THS_LIST_SOURCE = "akshare: THS fund list (fund_etf_category_ths, fallback without prices)"
EM_HISTORY_SOURCE = "akshare: East Money daily bars (fund_etf_hist_em)"
EM_BAR_QUOTES_SOURCE = "akshare: East Money daily bars (fund_etf_hist_em, fallback: last close)"
EM_INTRADAY_SOURCE = "akshare: East Money minute prices (fund_etf_hist_min_em)"
EM_DISTRIBUTIONS_SOURCE = "akshare: East Money fund dividends and splits (fund_fh_em, fund_cf_em)"

_ADJUST_ARGUMENT: dict[Adjust, str] = {"qfq": "qfq", "hfq": "hfq", "none": ""}
# East Money counts volume in lots (手) of 100 units; everything leaves here in units.
_UNITS_PER_LOT = 100
# The bar fallback asks once per code; more codes than this wait for the tables to return.
_MAX_BAR_FALLBACK_CODES = 20
_MAX_ERROR_TEXT = 200
# fund_fh_em's and fund_cf_em's source: all funds' dividends (dt=8) and splits (dt=9) by year.
EM_FUND_EVENTS_URL = "https://fund.eastmoney.com/Data/funddataIndex_Interface.aspx"
_EMPTY_CHECK_TIMEOUT_S = 15.0
_SPOT_COLUMNS = ("代码", "名称", "最新价", "昨收", "开盘价", "最高价", "最低价", "成交量", "成交额")


@dataclass(frozen=True)
class _Spot:
    """East Money's tables as quotes, with when they were fetched (monotonic seconds)."""

    quotes: dict[str, Quote]
    kinds: dict[str, str]  # code -> "etf" or "lof"
    fetched_at: float


class AkshareProvider:
    name = "akshare"

    def __init__(
        self,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(CHINA_TZ),
        spot_reuse_s: float = 30.0,
    ) -> None:
        """`spot_reuse_s` is how long one fetch of East Money's tables answers both list and
        quote calls."""
        self._now = now
        self._spot_reuse_s = spot_reuse_s
        self._spot_lock = threading.Lock()
        self._spot_memo: _Spot | None = None

    def list_etfs(self) -> list[EtfInfo]:
        failures: list[tuple[str, Exception]] = []
        try:
            spot = self._spot()
        except _SourceFailed as failed:
            failures += failed.failures
        else:
            return [
                EtfInfo(
                    code=quote.code,
                    name=quote.name,
                    market="CN",
                    exchange=a_share_exchange(quote.code),
                    currency="CNY",
                    kind=spot.kinds[quote.code],
                    source=quote.source,
                    as_of=quote.as_of,
                )
                for quote in spot.quotes.values()
            ]
        try:
            return self._ths_list()
        except _SourceFailed as failed:
            raise _upstream_error(failures + failed.failures) from None

    def quotes(self, codes: Sequence[str]) -> dict[str, Quote]:
        wanted = list(dict.fromkeys(normalize_code(code) for code in codes))
        try:
            spot = self._spot()
        except _SourceFailed as failed:
            if len(wanted) > _MAX_BAR_FALLBACK_CODES:
                raise _upstream_error(failed.failures) from None
            return self._quotes_from_bars(wanted, failed.failures)
        return {code: spot.quotes[code] for code in wanted if code in spot.quotes}

    def history(
        self, code: str, start: date | None = None, end: date | None = None, adjust: Adjust = "qfq"
    ) -> Bars:
        symbol = normalize_code(code)
        if a_share_exchange(symbol) is None:
            raise UnknownSymbol(symbol)
        try:
            rows = self._daily_rows(symbol, adjust)
        except _SourceFailed as failed:
            raise _upstream_error(failed.failures) from None
        return Bars.from_rows(symbol, rows, adjust=adjust, source=EM_HISTORY_SOURCE).between(start, end)

    def intraday(self, code: str) -> Intraday:
        symbol = normalize_code(code)
        if a_share_exchange(symbol) is None:
            raise UnknownSymbol(symbol)
        function = "fund_etf_hist_min_em"
        try:
            frame = self._module("fund.fund_etf_em", function)(symbol=symbol, period="1")
            minutes = _columns(frame, ["时间", "收盘", "均价", "成交量"], function)
        except UpstreamError:
            raise
        except Exception as error:
            raise _upstream_error([_logged(function, error)]) from None
        session = max((str(minute[0])[:10] for minute in minutes), default="")
        points = tuple(
            IntradayPoint(
                time=_china_time(str(moment)),
                price=_number(price),
                avg_price=_number(average),
                volume=_lots_to_units(lots),
            )
            for moment, price, average, lots in minutes
            if str(moment)[:10] == session
        )
        as_of = points[-1].time if points else self._now().isoformat(timespec="seconds")
        return Intraday(symbol, session, points, EM_INTRADAY_SOURCE, as_of)

    def distributions(self, year: int) -> YearDistributions:
        """Every exchange-listed fund's dividends and splits of one year."""
        events: list[Distribution] = []
        for function, read in (("fund_fh_em", _dividends), ("fund_cf_em", _splits)):
            try:
                frame = self._module("fund.fund_fhsp_em", function)(year=str(year))
                events += read(frame, function)
            except UpstreamError:
                raise
            except SyntaxError as error:
                # akshare evals the text between `[[` and `;var jjfh_jjgs`, which is empty on a
                # page without rows, as early in January: one look at the page tells that apart
                # from a page that is not the table at all.
                if function != "fund_fh_em" or not _no_dividends_in(year):
                    raise _upstream_error([_logged(f"{function}(year={year})", error)]) from None
            except Exception as error:
                raise _upstream_error([_logged(f"{function}(year={year})", error)]) from None
        fetched_at = self._now().isoformat(timespec="seconds")
        return YearDistributions.of(year, events, source=EM_DISTRIBUTIONS_SOURCE, as_of=fetched_at)

    def _module(self, module: str, function: str) -> Callable[..., Any]:
        try:
            return getattr(akshare_module(module), function)  # type: ignore[no-any-return]
        except AkshareMissing as missing:
            raise UpstreamError(self.name, str(missing)) from None

    def _spot(self) -> _Spot:
        """East Money's ETF and LOF tables, fetched at most once per `spot_reuse_s`; the
        lock makes a list refresh and a quote refresh that overlap share one fetch."""
        with self._spot_lock:
            memo = self._spot_memo
            if memo is not None and time.monotonic() - memo.fetched_at < self._spot_reuse_s:
                return memo
            quotes: dict[str, Quote] = {}
            kinds: dict[str, str] = {}
            failures: list[tuple[str, Exception]] = []
            for kind, module, function, read in (
                ("etf", "fund.fund_etf_em", "fund_etf_spot_em", self._etf_quotes),
                ("lof", "fund.fund_lof_em", "fund_lof_spot_em", self._lof_quotes),
            ):
                try:
                    frame = self._module(module, function)()
                    for quote in read(frame):
                        if a_share_exchange(quote.code) is not None:
                            quotes.setdefault(quote.code, quote)
                            kinds.setdefault(quote.code, kind)
                except UpstreamError:
                    raise
                except Exception as error:
                    failures.append(_logged(function, error))
            if failures:  # half a universe would make the other half's codes unknown
                raise _SourceFailed(failures)
            self._spot_memo = _Spot(quotes, kinds, time.monotonic())
            return self._spot_memo

    def _etf_quotes(self, frame: Any) -> list[Quote]:
        function = "fund_etf_spot_em"
        fetched_at = self._now().isoformat(timespec="seconds")
        names = [*_SPOT_COLUMNS, "IOPV实时估值", "最新份额", "总市值", "更新时间"]
        return _non_empty(
            [
                replace(
                    _spot_quote(row, EM_ETF_QUOTES_SOURCE, _timestamp(row["更新时间"]) or fetched_at),
                    iopv=_number(row["IOPV实时估值"]),
                    shares=_number(row["最新份额"]),
                    fund_size=_number(row["总市值"]),
                )
                for row in _records(frame, names, function)
            ],
            function,
        )

    def _lof_quotes(self, frame: Any) -> list[Quote]:
        function = "fund_lof_spot_em"
        # East Money's LOF table has no quote time, IOPV or shares.
        fetched_at = self._now().isoformat(timespec="seconds")
        return _non_empty(
            [
                replace(_spot_quote(row, EM_LOF_QUOTES_SOURCE, fetched_at), fund_size=_number(row["总市值"]))
                for row in _records(frame, [*_SPOT_COLUMNS, "总市值"], function)
            ],
            function,
        )

    def _ths_list(self) -> list[EtfInfo]:
        function = "fund_etf_category_ths"
        listed: dict[str, EtfInfo] = {}
        for kind, symbol in (("etf", "ETF"), ("lof", "LOF")):
            try:
                frame = self._module("fund.fund_etf_ths", function)(symbol=symbol)
                rows = _columns(frame, ["基金代码", "基金名称", "最新-交易日"], function)
            except UpstreamError:
                raise
            except Exception as error:
                raise _SourceFailed([_logged(f"{function}({symbol})", error)]) from None
            for code, name, day in rows:
                symbol_code = normalize_code(str(code))
                if a_share_exchange(symbol_code) is not None and symbol_code not in listed:
                    listed[symbol_code] = EtfInfo(
                        code=symbol_code,
                        name=str(name).strip(),
                        market="CN",
                        exchange=a_share_exchange(symbol_code),
                        currency="CNY",
                        kind=kind,
                        source=THS_LIST_SOURCE,
                        as_of=str(day)[:10],
                    )
        if not listed:
            raise _SourceFailed([_logged(function, ValueError(f"{function} returned no rows"))])
        return list(listed.values())

    def _daily_rows(self, symbol: str, adjust: Adjust) -> list[BarRow]:
        function = "fund_etf_hist_em"
        try:
            frame = self._module("fund.fund_etf_em", function)(
                symbol=symbol,
                period="daily",
                start_date="19700101",
                end_date="20500101",
                adjust=_ADJUST_ARGUMENT[adjust],
            )
            if not len(frame):  # akshare's answer for a code without bars
                return []
            columns = ["日期", "开盘", "最高", "最低", "收盘", "成交量"]
            return [
                (
                    _date(day),
                    _float(open_),
                    _float(high),
                    _float(low),
                    _float(close),
                    _float(lots) * _UNITS_PER_LOT,
                )
                for day, open_, high, low, close, lots in _columns(frame, columns, function)
            ]
        except UpstreamError:
            raise
        except Exception as error:
            raise _SourceFailed([_logged(function, error)]) from None

    def _quotes_from_bars(self, codes: list[str], failures: list[tuple[str, Exception]]) -> dict[str, Quote]:
        found: dict[str, Quote] = {}
        for code in codes:
            if a_share_exchange(code) is None:
                continue
            try:
                rows = self._daily_rows(code, "none")
            except _SourceFailed as failed:
                raise _upstream_error(failures + failed.failures) from None
            if rows:
                bars = Bars.from_rows(code, rows[-2:], adjust="none", source=EM_BAR_QUOTES_SOURCE)
                found[code] = bars.latest_quote(code)
        return found


class _SourceFailed(Exception):
    """Every source tried for one call failed: (function, error) per source."""

    def __init__(self, failures: list[tuple[str, Exception]]) -> None:
        super().__init__("; ".join(function for function, _ in failures))
        self.failures = failures


def _logged(function: str, error: Exception) -> tuple[str, Exception]:
    # A KeyError here usually names a column East Money or akshare renamed.
    logger.warning("akshare %s failed: %s: %s", function, type(error).__name__, str(error)[:_MAX_ERROR_TEXT])
    return function, error


def _no_dividends_in(year: int) -> bool:
    """Whether East Money's dividend table of the year (fund_fh_em's request) has no rows."""
    import requests  # arrives with akshare, which is imported on first use too

    parameters = {"dt": "8", "page": "1", "rank": "BZDM", "sort": "asc", "gs": "", "ftype": ""}
    parameters["year"] = str(year)
    try:
        response = requests.get(EM_FUND_EVENTS_URL, params=parameters, timeout=_EMPTY_CHECK_TIMEOUT_S)
    except requests.RequestException:
        return False
    return response.ok and "jjfh_data=[];" in response.text.replace(" ", "")


def _dividends(frame: Any, function: str) -> list[Distribution]:
    columns = ["基金代码", "权益登记日", "除息日期", "分红", "分红发放日"]
    events = []
    for code, record_day, ex_day, cash, pay_day in _columns(frame, columns, function):
        symbol = normalize_code(str(code))
        # East Money leaves a date empty now and then; the record date is the next best.
        ex_date = _optional_date(ex_day) or _optional_date(record_day)
        if a_share_exchange(symbol) is None or ex_date is None:
            continue
        events.append(
            Distribution(
                code=symbol,
                kind="dividend",
                ex_date=ex_date,
                record_date=_optional_date(record_day),
                pay_date=_optional_date(pay_day),
                cash_per_share=_number(cash),
            )
        )
    return events


def _splits(frame: Any, function: str) -> list[Distribution]:
    columns = ["基金代码", "拆分折算日", "拆分类型", "拆分折算"]
    events = []
    for code, day, split_type, ratio in _columns(frame, columns, function):
        symbol = normalize_code(str(code))
        split_date = _optional_date(day)
        if a_share_exchange(symbol) is None or split_date is None:
            continue
        events.append(
            Distribution(
                code=symbol,
                kind="split",
                ex_date=split_date,
                split_ratio=_number(ratio),
                split_type=_text(split_type),
            )
        )
    return events


def _spot_quote(row: dict[str, Any], source: str, as_of: str) -> Quote:
    """The columns East Money's ETF and LOF tables share (_SPOT_COLUMNS)."""
    return Quote(
        code=normalize_code(str(row["代码"])),
        name=str(row["名称"]).strip(),
        price=_number(row["最新价"]),
        prev_close=_number(row["昨收"]),
        open=_number(row["开盘价"]),
        high=_number(row["最高价"]),
        low=_number(row["最低价"]),
        volume=_lots_to_units(row["成交量"]),
        amount=_number(row["成交额"]),
        source=source,
        as_of=as_of,
    )


def _records(frame: Any, names: Sequence[str], function: str) -> list[dict[str, Any]]:
    return [dict(zip(names, values, strict=True)) for values in _columns(frame, names, function)]


def _columns(frame: Any, names: Sequence[str], function: str) -> list[tuple[Any, ...]]:
    missing = [name for name in names if name not in frame.columns]
    if missing:
        raise KeyError(f"{function} returned no column {', '.join(missing)}")
    return list(zip(*(frame[name].tolist() for name in names), strict=True))


def _non_empty(rows: list[Quote], function: str) -> list[Quote]:
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


def _lots_to_units(value: Any) -> float | None:
    lots = _number(value)
    return None if lots is None else lots * _UNITS_PER_LOT


def _date(value: Any) -> date:
    """akshare gives 'YYYY-MM-DD' strings, datetime.date or pandas Timestamps."""
    return date.fromisoformat(str(value)[:10])


def _text(value: Any) -> str | None:
    text = "" if value is None else str(value).strip()
    return None if text in ("", "nan", "None", "-", "--") else text


def _optional_date(value: Any) -> date | None:
    """A date, or None for the NaT, NaN or empty text akshare gives for a missing one."""
    text = str(value).strip()[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _china_time(text: str) -> str:
    """'2024-06-14 09:31' or '2024-06-14 09:31:00' as an ISO datetime in Asia/Shanghai."""
    moment = datetime.fromisoformat(text.strip().replace(" ", "T"))
    return moment.replace(tzinfo=CHINA_TZ).isoformat(timespec="seconds")


def _timestamp(value: Any) -> str | None:
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return None if text in ("NaT", "nan", "None", "") else text


def _upstream_error(failures: list[tuple[str, Exception]]) -> UpstreamError:
    detail = "; ".join(
        f"{function}: {type(error).__name__}: {str(error)[:_MAX_ERROR_TEXT]}" for function, error in failures
    )
    # requests' connection, time-out and JSON errors are OSErrors: worth another try.
    transient = any(isinstance(error, OSError) for _, error in failures)
    return UpstreamError(AkshareProvider.name, detail, transient=transient)
