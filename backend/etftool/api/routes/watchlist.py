"""The watchlist, each row with its latest quote (fetched in one batch for all rows)."""

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Path, Query, Response, status

from etftool.api.deps import Monitor, Quotes, ReadingSession, WritingSession
from etftool.api.responses import errors
from etftool.api.security import RequireApiKey
from etftool.api.strict_json import StrictJsonRoute
from etftool.userdata import watchlist
from etftool.userdata.quotes import fetch_known_quote, fetch_quotes
from etftool.userdata.schemas import (
    Code,
    WatchlistAdd,
    WatchlistItem,
    WatchlistOrder,
    WatchlistResponse,
    WatchlistUpdate,
)

router = APIRouter(
    prefix="/watchlist",
    tags=["watchlist"],
    dependencies=[RequireApiKey],
    route_class=StrictJsonRoute,
    responses=errors(503),
)

CodeInPath = Annotated[Code, Path(description="ETF or index code")]


@router.get("", response_model=WatchlistResponse, summary="Watchlist items in order, with quotes")
def list_watchlist(
    session: ReadingSession,
    quotes: Quotes,
    monitor: Monitor,
    background: BackgroundTasks,
    group: Annotated[str | None, Query(description="only this group")] = None,
) -> WatchlistResponse:
    entries = watchlist.list_entries(session, group)
    groups = watchlist.group_names(session)
    session.close()  # the connection goes back to the pool while quotes are fetched
    looked_up = fetch_quotes(quotes, [entry.code for entry in entries])
    # Fresh quotes are a chance to evaluate alerts; it must not delay the answer.
    background.add_task(monitor.observe, looked_up.quotes)
    return WatchlistResponse(items=[watchlist.as_item(entry, looked_up) for entry in entries], groups=groups)


@router.post(
    "",
    response_model=WatchlistItem,
    status_code=status.HTTP_201_CREATED,
    summary="Add a code",
    responses=errors(409, 415, 507),
)
def add_to_watchlist(body: WatchlistAdd, session: WritingSession, quotes: Quotes) -> WatchlistItem:
    looked_up = fetch_known_quote(quotes, body.code, ["body", "code"])
    quote = looked_up.quotes.get(body.code)
    entry = watchlist.add_entry(session, body.code, quote.name if quote is not None else "", body.group)
    return watchlist.as_item(entry, looked_up)


@router.patch(
    "/{code}",
    response_model=WatchlistItem,
    summary="Move an item to another group",
    responses=errors(404, 415, 507),
)
def update_watchlist_item(
    code: CodeInPath, body: WatchlistUpdate, session: WritingSession, quotes: Quotes
) -> WatchlistItem:
    looked_up = fetch_quotes(quotes, [code])
    entry = watchlist.get_entry(session, code)
    entry.group = body.group
    return watchlist.as_item(entry, looked_up)


@router.delete(
    "/{code}", status_code=status.HTTP_204_NO_CONTENT, summary="Remove a code", responses=errors(404, 507)
)
def remove_from_watchlist(code: CodeInPath, session: WritingSession) -> Response:
    watchlist.remove_entry(session, code)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.put(
    "/order", status_code=status.HTTP_204_NO_CONTENT, summary="Reorder items", responses=errors(404, 415, 507)
)
def reorder_watchlist(body: WatchlistOrder, session: WritingSession) -> Response:
    watchlist.reorder(session, body.codes)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
