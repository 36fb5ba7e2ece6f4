"""Market-data (and database) errors as HTTP answers: what was wrong, in words, never a bare 500."""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from etftool.marketdata import InvalidData, UnknownSymbol, UpstreamError


def _unknown_symbol(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, UnknownSymbol)
    return JSONResponse(status_code=404, content={"detail": f"unknown ETF code: {error.code}"})


def _upstream(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, UpstreamError)
    detail = f"data source {error.provider} failed and no cached data is available: {error.detail}"
    return JSONResponse(status_code=503, content={"detail": detail})


def _invalid_data(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, InvalidData)
    return JSONResponse(status_code=422, content={"detail": str(error)})


def _database_unavailable(_: Request, error: Exception) -> JSONResponse:
    """CSV imports are read from the database: unreachable, locked, or no free connection."""
    detail = "the database is unavailable or busy; try again"
    return JSONResponse(status_code=503, content={"detail": detail}, headers={"Retry-After": "1"})


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(UnknownSymbol, _unknown_symbol)
    app.add_exception_handler(UpstreamError, _upstream)
    app.add_exception_handler(InvalidData, _invalid_data)
    app.add_exception_handler(OperationalError, _database_unavailable)
    app.add_exception_handler(PoolTimeout, _database_unavailable)
