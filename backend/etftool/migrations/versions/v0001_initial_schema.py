"""Watchlist, transactions, alerts and their triggers.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from etftool.db.types import UtcDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "watchlist_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("group_name", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("added_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_watchlist_items"),
        sa.UniqueConstraint("code", name="uq_watchlist_items_code"),
    )
    op.create_table(
        "transactions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(64), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("side", sa.String(8), nullable=False),
        sa.Column("traded_on", sa.Date(), nullable=False),
        sa.Column("quantity", sa.Double(), nullable=False),
        sa.Column("price", sa.Double(), nullable=False),
        sa.Column("fee", sa.Double(), nullable=False),
        sa.Column("note", sa.String(500), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint("side IN ('buy', 'sell', 'dividend')", name="ck_transactions_side"),
        sa.CheckConstraint("quantity > 0", name="ck_transactions_quantity_positive"),
        sa.CheckConstraint("price >= 0 AND fee >= 0", name="ck_transactions_amounts_not_negative"),
        sa.PrimaryKeyConstraint("id", name="pk_transactions"),
        sa.UniqueConstraint("uid", name="uq_transactions_uid"),
    )
    op.create_index("ix_transactions_code", "transactions", ["code"])
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(64), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("condition", sa.String(24), nullable=False),
        sa.Column("threshold", sa.Double(), nullable=False),
        sa.Column("rearm", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("condition_met", sa.Boolean(), nullable=False),
        sa.Column("webhook_url", sa.String(2000), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("last_triggered_at", UtcDateTime(), nullable=True),
        sa.CheckConstraint(
            "condition IN ('price_above', 'price_below', 'change_pct_above', 'change_pct_below')",
            name="ck_alerts_condition",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_alerts"),
        sa.UniqueConstraint("uid", name="uq_alerts_uid"),
    )
    op.create_index("ix_alerts_code", "alerts", ["code"])
    op.create_table(
        "alert_triggers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(64), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("condition", sa.String(24), nullable=False),
        sa.Column("threshold", sa.Double(), nullable=False),
        sa.Column("price", sa.Double(), nullable=False),
        sa.Column("change_pct", sa.Double(), nullable=True),
        sa.Column("quote_as_of", sa.String(40), nullable=False),
        sa.Column("triggered_at", UtcDateTime(), nullable=False),
        sa.Column("webhook_status", sa.String(16), nullable=False),
        sa.Column("webhook_attempts", sa.Integer(), nullable=False),
        sa.Column("webhook_error", sa.String(500), nullable=True),
        sa.CheckConstraint(
            "webhook_status IN ('none', 'pending', 'sending', 'delivered', 'failed')",
            name="ck_alert_triggers_webhook_status",
        ),
        sa.ForeignKeyConstraint(
            ["alert_id"], ["alerts.id"], name="fk_alert_triggers_alert_id_alerts", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_alert_triggers"),
        sa.UniqueConstraint("uid", name="uq_alert_triggers_uid"),
    )
    op.create_index("ix_alert_triggers_alert_id", "alert_triggers", ["alert_id"])
    op.create_index("ix_alert_triggers_triggered_at", "alert_triggers", ["triggered_at"])


def downgrade() -> None:
    op.drop_table("alert_triggers")
    op.drop_table("alerts")
    op.drop_table("transactions")
    op.drop_table("watchlist_items")
