"""Transactions and the holdings computed from them. `/holdings/transactions` answers
like `/transactions`."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Path, Query, Response, status

from etftool.api.deps import Monitor, Quotes, ReadingSession, WritingSession
from etftool.api.responses import errors
from etftool.api.security import RequireApiKey
from etftool.api.strict_json import StrictJsonRoute
from etftool.userdata import holdings
from etftool.userdata.portfolio import value_holdings
from etftool.userdata.quotes import fetch_known_quote, fetch_quotes
from etftool.userdata.schemas import (
    MAX_ROW_ID,
    Code,
    HoldingsResponse,
    Transaction,
    TransactionCreate,
    TransactionsResponse,
)

router = APIRouter(
    tags=["holdings"], dependencies=[RequireApiKey], route_class=StrictJsonRoute, responses=errors(503)
)

TransactionId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="id of the transaction")]


@router.get("/holdings", response_model=HoldingsResponse, summary="Positions valued at their latest quotes")
def get_holdings(
    session: ReadingSession, quotes: Quotes, monitor: Monitor, background: BackgroundTasks
) -> HoldingsResponse:
    states = holdings.holding_states(session)
    session.close()  # the connection goes back to the pool while quotes are fetched
    looked_up = fetch_quotes(quotes, list(states))
    background.add_task(monitor.observe, looked_up.quotes)
    return value_holdings(states, looked_up, today=date.today())


@router.get("/transactions", response_model=TransactionsResponse, summary="Transactions by date")
@router.get("/holdings/transactions", response_model=TransactionsResponse, summary="Transactions by date")
def list_transactions(
    session: ReadingSession,
    code: Annotated[Code | None, Query(description="only this code")] = None,
    limit: Annotated[
        int, Query(ge=1, le=holdings.MAX_PAGE, description="transactions per page")
    ] = holdings.MAX_PAGE,
    offset: Annotated[int, Query(ge=0, le=MAX_ROW_ID, description="transactions to skip")] = 0,
) -> TransactionsResponse:
    """A page at a time: follow `next_offset` until it is null."""
    return holdings.transactions_page(session, code, offset, limit)


@router.post(
    "/transactions",
    response_model=Transaction,
    status_code=status.HTTP_201_CREATED,
    summary="Record a transaction",
    responses=errors(415, 507),
)
@router.post(
    "/holdings/transactions",
    response_model=Transaction,
    status_code=status.HTTP_201_CREATED,
    summary="Record a transaction",
    responses=errors(415, 507),
)
def add_transaction(body: TransactionCreate, session: WritingSession, quotes: Quotes) -> Transaction:
    """422 when it sells more than is held at its date."""
    fetch_known_quote(quotes, body.code, ["body", "code"])
    return holdings.as_schema(holdings.add_transaction(session, body))


@router.put(
    "/transactions/{transaction_id}",
    response_model=Transaction,
    summary="Correct a transaction",
    responses=errors(404, 415, 507),
)
@router.put(
    "/holdings/transactions/{transaction_id}",
    response_model=Transaction,
    summary="Correct a transaction",
    responses=errors(404, 415, 507),
)
def replace_transaction(
    transaction_id: TransactionId, body: TransactionCreate, session: WritingSession, quotes: Quotes
) -> Transaction:
    fetch_known_quote(quotes, body.code, ["body", "code"])
    return holdings.as_schema(holdings.replace_transaction(session, transaction_id, body))


@router.delete(
    "/transactions/{transaction_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a transaction",
    responses=errors(404, 507),
)
@router.delete(
    "/holdings/transactions/{transaction_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a transaction",
    responses=errors(404, 507),
)
def delete_transaction(transaction_id: TransactionId, session: WritingSession) -> Response:
    """422 when a later sale would then sell more than is held."""
    holdings.delete_transaction(session, transaction_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
