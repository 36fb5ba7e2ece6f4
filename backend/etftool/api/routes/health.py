from typing import Literal

from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel, Field
from sqlalchemy.exc import SQLAlchemyError

from etftool.accounts import service as accounts
from etftool.api.responses import ErrorOut
from etftool.core.config import Settings
from etftool.db import Database
from etftool.version import __version__

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    open_writes: bool = Field(
        description="true while API_KEY is unset and the accounts are not set up: anyone who can "
        "reach the server can change its data"
    )


@router.get(
    "/health",
    response_model=Health,
    summary="Liveness of the API process and its database",
    responses={503: {"model": ErrorOut, "description": "the database does not answer"}},
)
def health(request: Request) -> Health:
    # Set once start-up has opened the database; a process without one is still starting.
    database: Database | None = getattr(request.app.state, "database", None)
    settings: Settings = request.app.state.settings
    set_up = False
    if database is not None:
        try:
            if settings.api_key is None:
                with database.reading() as session:  # also shows the database answers
                    set_up = accounts.is_set_up(session)
            else:
                database.ping()
        except SQLAlchemyError:
            raise HTTPException(
                status.HTTP_503_SERVICE_UNAVAILABLE,
                "the database does not answer",
                headers={"Retry-After": "5"},
            ) from None
    return Health(status="ok", version=__version__, open_writes=settings.api_key is None and not set_up)
