"""A day's summary is claimed, then marked sent: a claim whose process stopped before
sending is taken over by another check. Days recorded before were sent when they were taken.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

from etftool.db.types import UtcDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("summary_runs") as batch:
        batch.add_column(sa.Column("claimed_at", UtcDateTime(), nullable=True))
    op.execute("UPDATE summary_runs SET claimed_at = sent_at")
    with op.batch_alter_table("summary_runs") as batch:
        batch.alter_column("claimed_at", existing_type=UtcDateTime(), nullable=False)
        batch.alter_column("sent_at", existing_type=UtcDateTime(), nullable=True)


def downgrade() -> None:
    # The older schema has no unsent claims: such a day counts as sent, as it did then.
    op.execute("UPDATE summary_runs SET sent_at = claimed_at WHERE sent_at IS NULL")
    with op.batch_alter_table("summary_runs") as batch:
        batch.alter_column("sent_at", existing_type=UtcDateTime(), nullable=False)
        batch.drop_column("claimed_at")
