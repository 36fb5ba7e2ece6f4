"""The answers besides success, as the OpenAPI schema states them: each route lists the errors
it can give with `responses=errors(404, 409)`, so that clients (and schema checkers) know every
status they may see. Their bodies are `{"detail": "what was wrong"}`; a 422 is FastAPI's list
of field errors, except where a route says it may also be one message (a CSV file's line).
"""

from typing import Any

from pydantic import BaseModel, Field


class ErrorOut(BaseModel):
    detail: str = Field(description="What was wrong, in words")


class FieldError(BaseModel):
    loc: list[str | int] = Field(description="Where: the part of the request, then the field")
    msg: str
    type: str


class FieldErrors(BaseModel):
    detail: list[FieldError]


_DESCRIPTIONS = {
    401: "The request needs the API key, a personal API token or a login",
    403: "The caller may not do this (not an admin, registration closed, or a session's change"
    " without its CSRF token)",
    404: "No such item or ETF code",
    409: "It conflicts with what exists (a duplicate, a server set up or not yet set up)",
    413: "The upload is too large",
    415: "The body is not declared as JSON",
    429: "Too many failed logins: wait as long as Retry-After says",
    503: "The database or the data source does not answer, with nothing cached to stand in: try again later",
    507: "The database's disk is full: nothing was stored",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI `responses` for these error statuses."""
    return {code: {"model": ErrorOut, "description": _DESCRIPTIONS[code]} for code in codes}


def field_errors_or_message(message: str) -> dict[int | str, dict[str, Any]]:
    """A 422 that is field errors or, for what is no field (an upload's content), one message."""
    return {422: {"model": FieldErrors | ErrorOut, "description": f"Field errors, or {message}"}}


def field_error(location: str, field: str, message: str) -> list[dict[str, Any]]:
    """A 422's detail for a rule on one field, shaped as FastAPI's own validation errors so that
    clients show it on the field."""
    return [{"loc": [location, field], "msg": message, "type": "value_error"}]
