"""ETF search, quotes, history and per-ETF analytics."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Path, Query, UploadFile
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.concurrency import run_in_threadpool

from etftool.api.deps import MarketDataDep
from etftool.api.responses import errors, field_error, field_errors_or_message
from etftool.db.failures import read_only, storage_full
from etftool.services import analysis, market
from etftool.services import market_schemas as schemas
from etftool.services.bars import PERIOD_RULE, window
from etftool.services.schemas import GridOut, Indicators, Metrics, MetricsPeriod, TemperatureOut, TrendOut

# Every route reads a data source or the imports' database, either of which may not answer.
router = APIRouter(prefix="/etfs", tags=["etfs"], responses=errors(503))

CodePath = Annotated[
    str, Path(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9.^-]+$", examples=["510300"])
]
PeriodQuery = Annotated[
    MetricsPeriod | None, Query(description=f"Trailing period; or use start/end. {PERIOD_RULE}")
]
MAX_CSV_BYTES = 5 * 1024 * 1024


@router.get(
    "/search", response_model=schemas.SearchResponse, summary="Search by code, name or pinyin initials"
)
def search(
    market_data: MarketDataDep,
    q: Annotated[str, Query(min_length=1, max_length=40, description="Code prefix, name or pinyin initials")],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    category: Annotated[schemas.Category | None, Query(description="Only funds of this category")] = None,
) -> schemas.SearchResponse:
    return market.search(market_data, q, limit, category)


@router.post(
    "/import",
    response_model=schemas.ImportedEtf,
    status_code=201,
    summary="Import a CSV price history",
    responses={**errors(413, 507), **field_errors_or_message("what is wrong in the file, by line")},
)
async def import_csv(
    market_data: MarketDataDep,
    file: Annotated[UploadFile, File(description="date,open,high,low,close,volume or akshare's columns")],
    code: Annotated[str | None, Form(max_length=20)] = None,
    name: Annotated[str | None, Form(max_length=80)] = None,
    currency: Annotated[str | None, Form(max_length=3)] = None,
) -> schemas.ImportedEtf:
    content = await file.read(MAX_CSV_BYTES + 1)
    if len(content) > MAX_CSV_BYTES:
        raise HTTPException(413, detail=f"CSV files are limited to {MAX_CSV_BYTES // (1024 * 1024)} MB")
    try:
        # Parsing takes seconds for a large file: in a worker thread, the event loop (and
        # every other request) goes on meanwhile.
        info = await run_in_threadpool(
            market_data.import_csv,
            content,
            file.filename or "upload.csv",
            code=code,
            name=name,
            currency=currency,
        )
    except ValueError as error:
        raise HTTPException(422, detail=str(error)) from error
    except (OperationalError, PoolTimeout) as error:  # unreachable, locked or full: nothing was stored
        if isinstance(error, OperationalError) and (storage_full(error) or read_only(error)):
            raise  # the app's handler says what to fix, as for every write
        detail = "the import could not be stored (the database is unavailable or busy); try again later"
        raise HTTPException(503, detail=detail, headers={"Retry-After": "60"}) from error
    return market.imported(info)


@router.get("/imports", response_model=schemas.ImportedEtfs, summary="CSV price histories imported")
def imports(market_data: MarketDataDep) -> schemas.ImportedEtfs:
    return market.imports(market_data)


@router.delete(
    "/imports/{code}", status_code=204, summary="Remove a CSV price history", responses=errors(404, 507)
)
def remove_import(market_data: MarketDataDep, code: CodePath) -> None:
    """404 when no import has the code; a live fund's data is not touched."""
    market_data.remove_import(code)


@router.get(
    "/{code}", response_model=schemas.EtfDetail, summary="Quote and market status", responses=errors(404)
)
def detail(market_data: MarketDataDep, code: CodePath) -> schemas.EtfDetail:
    return market.detail(market_data, code)


@router.get(
    "/{code}/history",
    response_model=schemas.History,
    summary="Daily, weekly or monthly bars",
    responses=errors(404),
)
def history(
    market_data: MarketDataDep,
    code: CodePath,
    start: date | None = None,
    end: date | None = None,
    period: PeriodQuery = None,
    adjust: schemas.Adjust = "qfq",
    interval: schemas.BarInterval = "daily",
) -> schemas.History:
    return market.history(market_data, code, period, start, end, adjust, interval)


@router.get(
    "/{code}/intraday",
    response_model=schemas.IntradayOut,
    summary="Minute prices of the latest session",
    description="Live codes: East Money's minute prices, cached for about 30 s. Sample and CSV "
    "codes have daily closes only: their answer has no points and names their source.",
    responses=errors(404),
)
def intraday(market_data: MarketDataDep, code: CodePath) -> schemas.IntradayOut:
    return market.intraday(market_data, code)


@router.get(
    "/{code}/distributions",
    response_model=schemas.DistributionsOut,
    summary="Dividends and splits",
    description="Live codes: East Money's yearly tables of every fund's dividends (分红) and "
    "splits (拆分), from the year the fund's history starts, by default at most five years "
    "back; past years are cached for a month, this one for hours. Sample and CSV codes have "
    "none: their answer is empty and names their source.",
    responses=errors(404),
)
def distributions(market_data: MarketDataDep, code: CodePath) -> schemas.DistributionsOut:
    return market.distributions(market_data, code)


@router.get(
    "/{code}/metrics", response_model=Metrics, summary="Risk and return over a period", responses=errors(404)
)
def metrics(
    market_data: MarketDataDep,
    code: CodePath,
    period: PeriodQuery = None,
    start: date | None = None,
    end: date | None = None,
) -> Metrics:
    if period is None and start is None and end is None:
        period = "1y"
    bars = market_data.history(code)
    trading_days = market_data.trading_days_per_year(code)
    return analysis.metrics(bars, period, start, end, trading_days_per_year=trading_days)


@router.get(
    "/{code}/indicators",
    response_model=Indicators,
    summary="Technical indicator series",
    responses=errors(404),
)
def indicators(
    market_data: MarketDataDep,
    code: CodePath,
    names: Annotated[
        str, Query(description="Comma-separated: " + ",".join(analysis.INDICATOR_NAMES))
    ] = "sma,macd,rsi",
    ma: Annotated[str, Query(description="Comma-separated SMA/EMA windows, 2–250")] = "5,20,60",
    period: PeriodQuery = None,
    start: date | None = None,
    end: date | None = None,
) -> Indicators:
    wanted = [name.strip().lower() for name in names.split(",") if name.strip()]
    unknown = sorted(set(wanted) - set(analysis.INDICATOR_NAMES))
    if not wanted or unknown:
        msg = f"unknown indicators {unknown}; choose from {', '.join(analysis.INDICATOR_NAMES)}"
        raise HTTPException(422, detail=field_error("query", "names", msg))
    try:
        windows = tuple(sorted({int(part) for part in ma.split(",") if part.strip()}))
    except ValueError:
        windows = ()
    if not windows or not all(2 <= n <= 250 for n in windows):
        raise HTTPException(422, detail=field_error("query", "ma", "ma must list integers from 2 to 250"))
    bars = market_data.history(code)
    return analysis.indicators(bars, wanted, windows, window(bars, period, start, end))


@router.get(
    "/{code}/temperature",
    response_model=TemperatureOut,
    summary="Composite 0–100 temperature",
    responses=errors(404),
)
def temperature(market_data: MarketDataDep, code: CodePath) -> TemperatureOut:
    return analysis.temperature_of(market_data.history(code))


@router.get(
    "/{code}/trend",
    response_model=TrendOut,
    summary="Daily and weekly moving-average trend",
    responses=errors(404),
)
def trend(market_data: MarketDataDep, code: CodePath) -> TrendOut:
    return analysis.trend_of(market_data.history(code))


@router.get(
    "/{code}/grid",
    response_model=GridOut,
    summary="Grid-trading suggestion from the last 60 days",
    responses={**errors(404), **field_errors_or_message("too little history for a suggestion")},
)
def grid(market_data: MarketDataDep, code: CodePath) -> GridOut:
    return analysis.grid_of(market_data.history(code))
