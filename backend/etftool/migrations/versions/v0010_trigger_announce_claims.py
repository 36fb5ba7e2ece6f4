"""When a trigger was claimed for announcing on the notification channels: set when it is
recorded and cleared once announced, so a claim older than any announcement belongs to a
process that stopped before announcing it, and is taken over.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

from etftool.db.types import UtcDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing triggers were announced, or are past announcing: null.
    with op.batch_alter_table("alert_triggers") as batch:
        batch.add_column(sa.Column("announce_claimed_at", UtcDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("alert_triggers") as batch:
        batch.drop_column("announce_claimed_at")
