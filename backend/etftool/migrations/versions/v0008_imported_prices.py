"""Imported price histories, until now CSV files in each process's DATA_DIR.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

from etftool.db.types import UtcDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The files are moved in at start-up (etftool.marketdata.csv_provider), not here: each
    # process has its own DATA_DIR, and a migration runs in one of them only.
    op.create_table(
        "imported_series",
        sa.Column("code", sa.String(20), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("market", sa.String(8), nullable=False),
        sa.Column("exchange", sa.String(8), nullable=True),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("adjust", sa.String(4), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("as_of", sa.String(10), nullable=False),
        sa.Column("imported_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("code", name="pk_imported_series"),
    )
    op.create_table(
        "imported_prices",
        sa.Column("code", sa.String(20), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("open", sa.Double(), nullable=True),
        sa.Column("high", sa.Double(), nullable=True),
        sa.Column("low", sa.Double(), nullable=True),
        sa.Column("close", sa.Double(), nullable=False),
        sa.Column("volume", sa.Double(), nullable=True),
        sa.ForeignKeyConstraint(
            ["code"],
            ["imported_series.code"],
            name="fk_imported_prices_code_imported_series",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("code", "day", name="pk_imported_prices"),
    )


def downgrade() -> None:
    """Imports go with the tables. Those moved in from files are still in DATA_DIR: renaming
    csv_imports/index.json.moved-to-database back to index.json serves them again."""
    op.drop_table("imported_prices")
    op.drop_table("imported_series")
