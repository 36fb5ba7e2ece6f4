"""Valuing holdings at their latest quotes: market value, unrealised P/L and XIRR.

A position is valued on the date of its quote (or on its last transaction's date, when
that is later): the market value is its terminal cash flow for XIRR. The portfolio's XIRR
takes every position's flows together.
"""

from collections.abc import Mapping, Sequence
from datetime import date

from etftool.analytics.xirr import xirr
from etftool.marketdata import Quote
from etftool.userdata.ledger import HoldingState
from etftool.userdata.quotes import QuoteLookup
from etftool.userdata.schemas import HoldingsResponse, PortfolioTotals, Position, QuoteFields


def value_holdings(
    holdings: Mapping[str, HoldingState], quotes: QuoteLookup, today: date
) -> HoldingsResponse:
    """`today` values positions whose quote carries no usable date."""
    positions: list[Position] = []
    all_flows: list[tuple[date, float]] = []
    unpriced: list[str] = []
    for code, holding in holdings.items():
        quote = quotes.quotes.get(code)
        position = _position(holding, quote, QuoteFields.of(quotes, code), today)
        positions.append(position)
        all_flows += holding.cash_flows
        if position.market_value is None or position.valued_on is None:
            unpriced.append(code)
        else:
            all_flows.append((position.valued_on, position.market_value))
    return HoldingsResponse(positions=positions, totals=_totals(positions, all_flows, unpriced))


def _position(holding: HoldingState, quote: Quote | None, quote_fields: QuoteFields, today: date) -> Position:
    last_flow = max(day for day, _ in holding.cash_flows)
    market_value: float | None = None
    valued_on: date | None = None
    if holding.quantity == 0:
        market_value, valued_on = 0.0, last_flow
    elif quote is not None and quote.price is not None:
        market_value = holding.quantity * quote.price
        valued_on = max(_quote_date(quote) or today, last_flow)
    rate: float | None = None
    rate_unavailable: str | None = "no market value without a quote"
    if market_value is not None and valued_on is not None:
        rate, rate_unavailable = _xirr([*holding.cash_flows, (valued_on, market_value)])
    return Position(
        code=holding.code,
        name=quote.name if quote is not None and quote.name else holding.code,
        quantity=holding.quantity,
        avg_cost=holding.avg_cost,
        cost_basis=holding.cost_basis,
        market_value=market_value,
        unrealized_pnl=None if market_value is None else market_value - holding.cost_basis,
        realized_pnl=holding.realized_pnl,
        dividends=holding.dividends,
        fees=holding.fees,
        xirr=rate,
        xirr_unavailable=rate_unavailable,
        valued_on=valued_on,
        **quote_fields.model_dump(),
    )


def _totals(
    positions: list[Position], flows: list[tuple[date, float]], unpriced: list[str]
) -> PortfolioTotals:
    incomplete = f"no quote for {', '.join(unpriced)}" if unpriced else None
    rate, rate_unavailable = (None, incomplete) if incomplete else _xirr(flows)
    return PortfolioTotals(
        cost_basis=sum(position.cost_basis for position in positions),
        market_value=None if incomplete else sum(position.market_value or 0.0 for position in positions),
        unrealized_pnl=None if incomplete else sum(position.unrealized_pnl or 0.0 for position in positions),
        realized_pnl=sum(position.realized_pnl for position in positions),
        dividends=sum(position.dividends for position in positions),
        fees=sum(position.fees for position in positions),
        xirr=rate,
        xirr_unavailable=rate_unavailable,
        incomplete=incomplete,
    )


def _xirr(flows: Sequence[tuple[date, float]]) -> tuple[float | None, str | None]:
    if not flows:
        return None, "no transactions"
    measure = xirr([day for day, _ in flows], [amount for _, amount in flows])
    return measure.value, measure.reason


def _quote_date(quote: Quote) -> date | None:
    try:
        return date.fromisoformat(quote.as_of[:10])
    except ValueError:
        return None
