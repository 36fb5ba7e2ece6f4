"""Typed FastAPI dependencies of the API routes: settings, market data, and the user-data
sessions and services `user_data_lifespan` provides (`provide_user_data` puts them on the
app). A user-data session needs a caller (see identity.py) and sees that user's data only.
A database that does not answer, on opening a session or on its commit, is answered 503
by etftool.api.errors (507 when its disk is full, a 503 that says so when it takes no writes
or is damaged)."""

from collections.abc import Iterator
from typing import Annotated, cast

from fastapi import Depends, FastAPI, Request
from sqlalchemy.orm import Session

from etftool.api.identity import Caller, CurrentCaller
from etftool.core.config import Settings
from etftool.db import Database
from etftool.marketdata import MarketData
from etftool.userdata.alert_monitor import AlertMonitor
from etftool.userdata.channel_dispatch import ChannelDispatcher
from etftool.userdata.lifespan import UserDataServices
from etftool.userdata.outbound import OutboundPolicy
from etftool.userdata.owner import act_as
from etftool.userdata.quotes import QuoteSource
from etftool.userdata.summary import DailySummaryJob


def provide_user_data(app: FastAPI, services: UserDataServices) -> None:
    """For the dependencies below, while the app runs."""
    app.state.database = services.database
    app.state.alert_monitor = services.alert_monitor
    app.state.channels = services.channels
    app.state.daily_summary = services.daily_summary
    app.state.outbound_policy = services.outbound_policy


def get_settings(request: Request) -> Settings:
    return cast(Settings, request.app.state.settings)


def get_market_data(request: Request) -> MarketData:
    return cast(MarketData, request.app.state.market_data)


SettingsDep = Annotated[Settings, Depends(get_settings)]
MarketDataDep = Annotated[MarketData, Depends(get_market_data)]


def get_database(request: Request) -> Database:
    return cast(Database, request.app.state.database)


def get_reading_session(
    database: Annotated[Database, Depends(get_database)], caller: CurrentCaller
) -> Iterator[Session]:
    """A session on the caller's user data only (see etftool.userdata.owner)."""
    with database.reading() as session:
        yield act_as(session, caller.user_id)


def get_writing_session(
    database: Annotated[Database, Depends(get_database)], caller: CurrentCaller
) -> Iterator[Session]:
    """Commits when the route returns, rolls back when it raises."""
    yield from _writing(database, caller, exclusive=False)


def get_exclusive_writing_session(
    database: Annotated[Database, Depends(get_database)], caller: CurrentCaller
) -> Iterator[Session]:
    """As get_writing_session, for writes across all user data at once, such as an import:
    no other write runs meanwhile (see etftool.db.engine)."""
    yield from _writing(database, caller, exclusive=True)


def _writing(database: Database, caller: Caller, exclusive: bool) -> Iterator[Session]:
    with database.writing(exclusive) as session:
        yield act_as(session, caller.user_id)


def get_accounts_reading_session(database: Annotated[Database, Depends(get_database)]) -> Iterator[Session]:
    """A session on the accounts' tables, for routes that check who the caller is themselves."""
    with database.reading() as session:
        yield session


def get_accounts_writing_session(database: Annotated[Database, Depends(get_database)]) -> Iterator[Session]:
    with database.writing() as session:
        yield session


def get_quote_source(request: Request) -> QuoteSource:
    return cast(QuoteSource, request.app.state.market_data)


def get_alert_monitor(request: Request) -> AlertMonitor:
    return cast(AlertMonitor, request.app.state.alert_monitor)


def get_channel_dispatcher(request: Request) -> ChannelDispatcher:
    return cast(ChannelDispatcher, request.app.state.channels)


def get_daily_summary(request: Request) -> DailySummaryJob:
    return cast(DailySummaryJob, request.app.state.daily_summary)


def get_outbound_policy(request: Request) -> OutboundPolicy:
    return cast(OutboundPolicy, request.app.state.outbound_policy)


ReadingSession = Annotated[Session, Depends(get_reading_session)]
WritingSession = Annotated[Session, Depends(get_writing_session)]
ExclusiveWritingSession = Annotated[Session, Depends(get_exclusive_writing_session)]
AccountsReadingSession = Annotated[Session, Depends(get_accounts_reading_session)]
AccountsWritingSession = Annotated[Session, Depends(get_accounts_writing_session)]
Quotes = Annotated[QuoteSource, Depends(get_quote_source)]
Monitor = Annotated[AlertMonitor, Depends(get_alert_monitor)]
Outbound = Annotated[OutboundPolicy, Depends(get_outbound_policy)]
Channels = Annotated[ChannelDispatcher, Depends(get_channel_dispatcher)]
Summary = Annotated[DailySummaryJob, Depends(get_daily_summary)]
