"""The daily summary after the close: which channels get it, and the days it went out.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

from etftool.db.types import UtcDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# 0003 named the check as the models do, and the naming convention prefixed it again (as
# 0001's check of alerts, see 0005); op.f() takes names as they are.
OLD_CHECK = "ck_channel_deliveries_ck_channel_deliveries_event"
NEW_CHECK = "ck_channel_deliveries_event"


def upgrade() -> None:
    with op.batch_alter_table("notification_channels") as batch:
        # The default fills existing rows; the models set the value on every insert.
        batch.add_column(sa.Column("summary", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("notification_channels") as batch:
        batch.alter_column("summary", server_default=None)
    with op.batch_alter_table("channel_deliveries") as batch:
        batch.drop_constraint(op.f(OLD_CHECK), type_="check")
        batch.create_check_constraint(op.f(NEW_CHECK), "event IN ('alert', 'test', 'summary')")
    op.create_table(
        "summary_runs",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("sent_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("day", name="pk_summary_runs"),
    )


def downgrade() -> None:
    """Summaries' delivery log entries go: the older schema cannot hold them."""
    op.drop_table("summary_runs")
    op.execute(sa.text("DELETE FROM channel_deliveries WHERE event = 'summary'"))
    with op.batch_alter_table("channel_deliveries") as batch:
        batch.drop_constraint(op.f(NEW_CHECK), type_="check")
        batch.create_check_constraint(op.f(OLD_CHECK), "event IN ('alert', 'test')")
    with op.batch_alter_table("notification_channels") as batch:
        batch.drop_column("summary")
