"""Replaying transactions into holdings, with average-cost accounting:

- a buy adds its units, and its cost (price × quantity + fee) to the cost basis;
- a sell removes units at the average cost; what it fetches (price × quantity − fee) less
  that cost is realised P/L. Selling more than is held at that point is refused;
- a dividend pays price × quantity − fee in cash, counted as realised P/L; it changes
  neither units nor cost basis.

Transactions apply in date order and, on one date, in the order they were entered.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from etftool.userdata.models import TransactionSide

# Relative slack for float quantities: selling "all" of 0.1 + 0.2 units must succeed.
_QUANTITY_TOLERANCE = 1e-9


@dataclass(frozen=True)
class LedgerEntry:
    id: int  # orders transactions of one date
    code: str
    side: TransactionSide
    traded_on: date
    quantity: float
    price: float
    fee: float = 0.0


class OversoldError(ValueError):
    def __init__(self, entry: LedgerEntry, held: float) -> None:
        super().__init__(
            f"selling {entry.quantity:g} {entry.code} on {entry.traded_on.isoformat()} is more than "
            f"the {held:g} held then"
        )
        self.entry = entry
        self.held = held


@dataclass
class HoldingState:
    code: str
    quantity: float = 0.0
    cost_basis: float = 0.0
    realized_pnl: float = 0.0
    dividends: float = 0.0
    fees: float = 0.0
    cash_flows: list[tuple[date, float]] = field(default_factory=list)  # paid in < 0 < received

    @property
    def avg_cost(self) -> float | None:
        return self.cost_basis / self.quantity if self.quantity > 0 else None

    def apply(self, entry: LedgerEntry) -> None:
        gross = entry.quantity * entry.price
        self.fees += entry.fee
        if entry.side == "buy":
            self.quantity += entry.quantity
            self.cost_basis += gross + entry.fee
            self.cash_flows.append((entry.traded_on, -(gross + entry.fee)))
        elif entry.side == "sell":
            tolerance = _QUANTITY_TOLERANCE * max(1.0, self.quantity)
            if entry.quantity > self.quantity + tolerance:
                raise OversoldError(entry, self.quantity)
            sold_cost = self.cost_basis * min(1.0, entry.quantity / self.quantity) if self.quantity else 0.0
            self.realized_pnl += gross - entry.fee - sold_cost
            self.quantity -= entry.quantity
            self.cost_basis -= sold_cost
            if self.quantity <= tolerance:
                self.quantity = self.cost_basis = 0.0
            self.cash_flows.append((entry.traded_on, gross - entry.fee))
        else:
            self.dividends += gross - entry.fee
            self.realized_pnl += gross - entry.fee
            self.cash_flows.append((entry.traded_on, gross - entry.fee))


def replay(entries: Iterable[LedgerEntry]) -> dict[str, HoldingState]:
    """Holdings by code, codes sorted; raises OversoldError at the first oversell."""
    holdings: dict[str, HoldingState] = {}
    for entry in sorted(entries, key=lambda entry: (entry.traded_on, entry.id)):
        holdings.setdefault(entry.code, HoldingState(entry.code)).apply(entry)
    return dict(sorted(holdings.items()))
