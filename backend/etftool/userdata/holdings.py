"""Transactions, and the holdings replayed from them (see ledger.py for the accounting)."""

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from etftool.db.locks import serialise
from etftool.userdata import schemas
from etftool.userdata.errors import NotFound, RuleViolation
from etftool.userdata.ledger import HoldingState, LedgerEntry, OversoldError, replay
from etftool.userdata.models import Transaction

# The most transactions one page lists.
MAX_PAGE = 1000


def list_transactions(session: Session, code: str | None = None) -> list[Transaction]:
    query = select(Transaction).order_by(Transaction.traded_on, Transaction.id)
    if code is not None:
        query = query.where(Transaction.code == code)
    return list(session.scalars(query))


def transactions_page(
    session: Session, code: str | None, offset: int, limit: int = MAX_PAGE
) -> schemas.TransactionsResponse:
    """Transactions by date, `limit` of them from `offset` on."""
    query = select(Transaction).order_by(Transaction.traded_on, Transaction.id)
    counting = select(func.count()).select_from(Transaction)
    if code is not None:
        query = query.where(Transaction.code == code)
        counting = counting.where(Transaction.code == code)
    rows = list(session.scalars(query.offset(offset).limit(limit)))
    total = session.scalar(counting) or 0
    return schemas.TransactionsResponse(
        items=[as_schema(row) for row in rows],
        total=total,
        next_offset=offset + len(rows) if offset + len(rows) < total else None,
    )


def traded_codes(session: Session) -> list[str]:
    return list(session.scalars(select(Transaction.code).distinct().order_by(Transaction.code)))


def holding_states(session: Session) -> dict[str, HoldingState]:
    """Every code ever traded, closed positions included."""
    return replay(_ledger(list_transactions(session)))


def add_transaction(session: Session, data: schemas.TransactionCreate) -> Transaction:
    """Raises RuleViolation (on `quantity`) when it sells more than is held at its date."""
    serialise(session, ledger_scope(data.code))
    row = Transaction(uid=uuid.uuid4().hex, **_columns(data))
    session.add(row)
    session.flush()
    check_ledger(session, [row.code], ["body", "quantity"])
    return row


def replace_transaction(
    session: Session, transaction_id: int, data: schemas.TransactionCreate
) -> Transaction:
    row = get_transaction(session, transaction_id, for_update=True)
    previous_code = row.code
    serialise(session, ledger_scope(previous_code), ledger_scope(data.code))
    for column, value in _columns(data).items():
        setattr(row, column, value)
    session.flush()
    check_ledger(session, [previous_code, row.code], ["body", "quantity"])
    return row


def delete_transaction(session: Session, transaction_id: int) -> None:
    row = get_transaction(session, transaction_id, for_update=True)
    serialise(session, ledger_scope(row.code))
    session.delete(row)
    session.flush()
    check_ledger(session, [row.code], ["path", "transaction_id"], "without this transaction, ")


def get_transaction(session: Session, transaction_id: int, for_update: bool = False) -> Transaction:
    """`for_update` locks the row until the transaction ends, so that its code cannot change
    between reading it and locking that code's ledger."""
    row = session.get(Transaction, transaction_id, with_for_update=for_update)
    if row is None:
        raise NotFound(f"transaction {transaction_id} does not exist")
    return row


def ledger_scope(code: str) -> str:
    """The write scope of one code's transactions (see etftool.db.locks): its ledger is
    checked as a whole, so its writers go one at a time, and other codes' alongside."""
    return f"ledger:{code}"


def check_ledger(
    session: Session, codes: Sequence[str], location: Sequence[str | int], preamble: str = ""
) -> None:
    """Raises RuleViolation at `location` when a code's transactions oversell."""
    for code in dict.fromkeys(codes):
        try:
            replay(_ledger(list_transactions(session, code)))
        except OversoldError as error:
            raise RuleViolation(location, f"{preamble}{error}", "oversell") from None


def as_schema(row: Transaction) -> schemas.Transaction:
    return schemas.Transaction(
        id=row.id,
        code=row.code,
        side=row.side,
        date=row.traded_on,
        quantity=row.quantity,
        price=row.price,
        fee=row.fee,
        note=row.note,
        created_at=row.created_at,
    )


def _ledger(rows: Sequence[Transaction]) -> list[LedgerEntry]:
    return [
        LedgerEntry(row.id, row.code, row.side, row.traded_on, row.quantity, row.price, row.fee)
        for row in rows
    ]


def _columns(data: schemas.TransactionCreate) -> dict[str, object]:
    return {
        "code": data.code,
        "side": data.side,
        "traded_on": data.date,
        "quantity": data.quantity,
        "price": data.price,
        "fee": data.fee,
        "note": data.note,
    }
