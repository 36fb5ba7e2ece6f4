"""Market-data errors as HTTP answers: what was wrong, in words, never a bare 500."""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

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


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(UnknownSymbol, _unknown_symbol)
    app.add_exception_handler(UpstreamError, _upstream)
    app.add_exception_handler(InvalidData, _invalid_data)
