"""Domain and database errors as HTTP answers: what was wrong, in words, never a bare 500."""

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from etftool.accounts.errors import (
    AccountError,
    AccountNotFound,
    AlreadySetUp,
    BadCredentials,
    Forbidden,
    InvalidAccountField,
    LoginLocked,
    NotSetUp,
    UsernameTaken,
)
from etftool.api.responses import field_error
from etftool.db.failures import damaged, read_only, storage_full
from etftool.marketdata import InvalidData, UnknownSymbol, UpstreamError
from etftool.services.errors import InvalidRange, NoBacktest, NoGridSuggestion
from etftool.userdata.errors import (
    Conflict,
    DatabaseDamaged,
    DatabaseReadOnly,
    DatabaseUnavailable,
    NotFound,
    RuleViolation,
    StorageFull,
    UserDataError,
)

# The user-data and account errors that carry their own `detail`, by status.
DETAIL_STATUS: dict[type[UserDataError | AccountError], int] = {
    BadCredentials: status.HTTP_401_UNAUTHORIZED,
    Forbidden: status.HTTP_403_FORBIDDEN,
    NotFound: status.HTTP_404_NOT_FOUND,
    AccountNotFound: status.HTTP_404_NOT_FOUND,
    Conflict: status.HTTP_409_CONFLICT,
    AlreadySetUp: status.HTTP_409_CONFLICT,
    NotSetUp: status.HTTP_409_CONFLICT,
    UsernameTaken: status.HTTP_409_CONFLICT,
    RuleViolation: status.HTTP_422_UNPROCESSABLE_ENTITY,
    LoginLocked: status.HTTP_429_TOO_MANY_REQUESTS,
    DatabaseUnavailable: status.HTTP_503_SERVICE_UNAVAILABLE,
    DatabaseReadOnly: status.HTTP_503_SERVICE_UNAVAILABLE,
    DatabaseDamaged: status.HTTP_503_SERVICE_UNAVAILABLE,
    StorageFull: status.HTTP_507_INSUFFICIENT_STORAGE,
}


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


def _user_data(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, UserDataError)
    # A busy database is worth another try soon.
    headers = {"Retry-After": "1"} if isinstance(error, DatabaseUnavailable) else None
    return _detail(error, headers)


def _account(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, AccountError)
    if isinstance(error, InvalidAccountField):
        return _field_error("body", error.field, error.detail)
    headers = {"Retry-After": str(error.retry_after_s)} if isinstance(error, LoginLocked) else None
    return _detail(error, headers)


def _detail(error: UserDataError | AccountError, headers: dict[str, str] | None) -> JSONResponse:
    code = next(code for kind, code in DETAIL_STATUS.items() if isinstance(error, kind))
    return JSONResponse(status_code=code, content={"detail": error.detail}, headers=headers)


def _no_grid(_: Request, error: Exception) -> JSONResponse:
    return JSONResponse(status_code=422, content={"detail": f"no grid suggestion: {error}"})


def _no_backtest(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, NoBacktest)
    return _field_error("body", error.field, str(error))


def _invalid_range(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, InvalidRange)
    return _field_error("query", error.field, str(error))


def _field_error(location: str, field: str, message: str) -> JSONResponse:
    return JSONResponse(status_code=422, content={"detail": field_error(location, field, message)})


def _database_failure(request: Request, error: Exception) -> JSONResponse:
    """User data and CSV imports: the database is unreachable, locked, has no free connection,
    is full, takes no writes or is damaged. Any other database error is a bug: a 500."""
    if isinstance(error, DatabaseError):
        answers = ((storage_full, StorageFull), (read_only, DatabaseReadOnly), (damaged, DatabaseDamaged))
        for failed, answer in answers:
            if failed(error):
                return _user_data(request, answer())
    if isinstance(error, OperationalError | PoolTimeout):
        return _user_data(request, DatabaseUnavailable())
    raise error


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(NoGridSuggestion, _no_grid)
    app.add_exception_handler(NoBacktest, _no_backtest)
    app.add_exception_handler(InvalidRange, _invalid_range)
    app.add_exception_handler(UserDataError, _user_data)
    app.add_exception_handler(AccountError, _account)
    app.add_exception_handler(UnknownSymbol, _unknown_symbol)
    app.add_exception_handler(UpstreamError, _upstream)
    app.add_exception_handler(InvalidData, _invalid_data)
    app.add_exception_handler(DatabaseError, _database_failure)
    app.add_exception_handler(PoolTimeout, _database_failure)
