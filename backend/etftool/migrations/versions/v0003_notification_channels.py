"""Notification channels (Telegram, WeCom, DingTalk, ...) and their delivery log (one row an
attempt).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from etftool.db.types import UtcDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notification_channels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(64), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("config", sa.JSON(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('telegram', 'serverchan', 'wecom', 'dingtalk', 'feishu', 'bark', 'pushplus', "
            "'ntfy', 'webhook', 'email')",
            name="ck_notification_channels_kind",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_notification_channels"),
        sa.UniqueConstraint("uid", name="uq_notification_channels_uid"),
    )
    op.create_table(
        "channel_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(8), nullable=False),
        sa.Column("trigger_id", sa.Integer(), nullable=True),
        sa.Column("attempted_at", UtcDateTime(), nullable=False),
        sa.Column("delivered", sa.Boolean(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("latency_ms", sa.Integer(), nullable=False),
        sa.Column("error", sa.String(500), nullable=True),
        sa.CheckConstraint("event IN ('alert', 'test')", name="ck_channel_deliveries_event"),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["notification_channels.id"],
            name="fk_channel_deliveries_channel_id_notification_channels",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_channel_deliveries"),
    )
    op.create_index("ix_channel_deliveries_channel_id_id", "channel_deliveries", ["channel_id", "id"])


def downgrade() -> None:
    op.drop_table("channel_deliveries")
    op.drop_table("notification_channels")
