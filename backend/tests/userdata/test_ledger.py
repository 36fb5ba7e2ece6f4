from datetime import date

import pytest

from etftool.userdata.ledger import LedgerEntry as Entry
from etftool.userdata.ledger import OversoldError, replay


def test_average_cost_through_buys_sells_and_dividends() -> None:
    holding = replay(
        [
            Entry(1, "A", "buy", date(2024, 1, 2), 100, 10.0, fee=5),
            Entry(2, "A", "buy", date(2024, 3, 1), 50, 12.0, fee=5),
            Entry(3, "A", "sell", date(2024, 6, 3), 60, 13.0, fee=3),
            Entry(4, "A", "dividend", date(2024, 9, 2), 90, 0.5, fee=1),
        ]
    )["A"]

    assert holding.quantity == 90
    assert holding.cost_basis == pytest.approx(966)
    assert holding.avg_cost == pytest.approx(1610 / 150)
    assert holding.realized_pnl == pytest.approx(133 + 44)
    assert holding.dividends == pytest.approx(44)
    assert holding.fees == pytest.approx(14)
    assert holding.cash_flows == [
        (date(2024, 1, 2), -1005.0),
        (date(2024, 3, 1), -605.0),
        (date(2024, 6, 3), 777.0),
        (date(2024, 9, 2), 44.0),
    ]


def test_transactions_apply_by_date_then_entry_order() -> None:
    holdings = replay(
        [
            Entry(3, "B", "sell", date(2024, 2, 1), 5, 12.0),
            Entry(1, "A", "buy", date(2024, 1, 1), 1, 1.0),
            Entry(2, "B", "buy", date(2024, 1, 15), 10, 10.0),
        ]
    )

    assert list(holdings) == ["A", "B"]
    assert holdings["B"].quantity == 5
    assert holdings["B"].realized_pnl == pytest.approx(10)


def test_selling_everything_closes_the_position() -> None:
    holding = replay(
        [
            Entry(1, "A", "buy", date(2024, 1, 2), 0.1, 10.0),
            Entry(2, "A", "buy", date(2024, 1, 2), 0.2, 10.0),
            Entry(3, "A", "sell", date(2024, 1, 3), 0.3, 11.0),
        ]
    )["A"]

    assert (holding.quantity, holding.cost_basis, holding.avg_cost) == (0.0, 0.0, None)
    assert holding.realized_pnl == pytest.approx(0.3)


def test_overselling_names_the_sale_and_what_was_held() -> None:
    entries = [
        Entry(1, "A", "buy", date(2024, 1, 2), 10, 10.0),
        Entry(2, "A", "sell", date(2024, 2, 1), 6, 10.0),
        Entry(3, "A", "sell", date(2024, 3, 1), 5, 10.0),
    ]

    with pytest.raises(OversoldError) as oversold:
        replay(entries)

    assert str(oversold.value) == "selling 5 A on 2024-03-01 is more than the 4 held then"
    assert oversold.value.held == 4
