"""When a trigger's webhook was claimed for sending: a claim older than the longest a
delivery can take belongs to a process that stopped mid-delivery, and is taken over.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

from etftool.db.types import UtcDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("alert_triggers") as batch:
        batch.add_column(sa.Column("webhook_claimed_at", UtcDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("alert_triggers") as batch:
        batch.drop_column("webhook_claimed_at")
