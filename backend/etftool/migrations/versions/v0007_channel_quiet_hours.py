"""Notification channels' quiet hours and alert limit, and alerts held back in their log.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing channels keep sending every alert at any time: no quiet hours and no limit.
    with op.batch_alter_table("notification_channels") as batch:
        batch.add_column(sa.Column("quiet_start", sa.Time(), nullable=True))
        batch.add_column(sa.Column("quiet_end", sa.Time(), nullable=True))
        batch.add_column(sa.Column("max_alerts_per_hour", sa.Integer(), nullable=True))
    with op.batch_alter_table("channel_deliveries") as batch:
        # The default fills existing rows, and rows written without the column: every
        # attempt logged before this revision was made.
        batch.add_column(sa.Column("suppressed", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    """Log entries of alerts held back go: the older schema would show them as failures."""
    op.execute(sa.text("DELETE FROM channel_deliveries WHERE suppressed"))
    with op.batch_alter_table("channel_deliveries") as batch:
        batch.drop_column("suppressed")
    with op.batch_alter_table("notification_channels") as batch:
        batch.drop_column("max_alerts_per_hour")
        batch.drop_column("quiet_end")
        batch.drop_column("quiet_start")
