"""Transactions indexed by code and trade date: a holding's ledger reads one code's rows in
date order, which this index returns without a sort.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_transactions_code_traded_on", "transactions", ["code", "traded_on"])
    # Its leading column serves lookups by code alone.
    op.drop_index("ix_transactions_code", table_name="transactions")


def downgrade() -> None:
    op.create_index("ix_transactions_code", "transactions", ["code"])
    op.drop_index("ix_transactions_code_traded_on", table_name="transactions")
