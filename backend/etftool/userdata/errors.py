"""Failures of user-data operations, as HTTP errors FastAPI answers without further mapping."""

from collections.abc import Sequence

from fastapi import HTTPException, status


class NotFound(HTTPException):
    def __init__(self, detail: str) -> None:
        super().__init__(status.HTTP_404_NOT_FOUND, detail)


class Conflict(HTTPException):
    def __init__(self, detail: str) -> None:
        super().__init__(status.HTTP_409_CONFLICT, detail)


class RuleViolation(HTTPException):
    """A well-formed request that breaks a rule (such as selling more than is held). The
    detail has the shape of FastAPI's validation errors so clients show it on the field."""

    def __init__(self, location: Sequence[str | int], message: str, kind: str) -> None:
        super().__init__(
            status.HTTP_422_UNPROCESSABLE_ENTITY,
            [{"loc": list(location), "msg": message, "type": kind}],
        )


class DatabaseUnavailable(HTTPException):
    """The database could not be reached, or stayed locked past the busy timeout."""

    def __init__(self) -> None:
        super().__init__(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            "the database is unavailable or busy; try again",
            headers={"Retry-After": "1"},
        )
