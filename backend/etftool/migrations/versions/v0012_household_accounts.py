"""Household accounts: users, their login sessions, personal API tokens and failed logins;
every user-owned table gets its owner. The existing data becomes the admin's: one admin,
named "admin" and without a password until the server is set up, owns every row.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

from etftool.db.types import UtcDateTime, utc_now

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# Tables whose rows belong to a user directly; the others' through a parent.
OWNED = ("watchlist_items", "transactions", "alerts", "notification_channels")
# What was unique across the table, and is unique per user now: (table, column).
PER_USER = (
    ("watchlist_items", "code"),
    ("transactions", "uid"),
    ("alerts", "uid"),
    ("notification_channels", "uid"),
)


def upgrade() -> None:
    users = op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=True),
        sa.Column("is_admin", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("session_generation", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("username", name="uq_users_username"),
    )
    op.bulk_insert(
        users,
        [{"username": "admin", "password_hash": None, "is_admin": True, "created_at": utc_now(),
          "session_generation": 0}],
    )  # fmt: skip
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("last_seen_at", UtcDateTime(), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_sessions_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_sessions"),
        sa.UniqueConstraint("id_hash", name="uq_sessions_id_hash"),
    )
    op.create_index("ix_sessions_user_id", "sessions", ["user_id"])
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("last_used_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_api_tokens_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_api_tokens"),
        sa.UniqueConstraint("token_hash", name="uq_api_tokens_token_hash"),
    )
    op.create_index("ix_api_tokens_user_id", "api_tokens", ["user_id"])
    op.create_table(
        "login_failures",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("key", name="pk_login_failures"),
    )
    for table in OWNED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        op.execute(f"UPDATE {table} SET user_id = (SELECT id FROM users WHERE username = 'admin')")
        with op.batch_alter_table(table) as batch:
            batch.alter_column("user_id", existing_type=sa.Integer(), nullable=False)
            batch.create_foreign_key(
                f"fk_{table}_user_id_users", "users", ["user_id"], ["id"], ondelete="CASCADE"
            )
            batch.create_index(f"ix_{table}_user_id", ["user_id"])
    for table, column in PER_USER:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"uq_{table}_{column}", type_="unique")
            batch.create_unique_constraint(f"uq_{table}_user_id_{column}", ["user_id", column])
    with op.batch_alter_table("alert_triggers") as batch:
        batch.drop_constraint("uq_alert_triggers_uid", type_="unique")
        batch.create_unique_constraint("uq_alert_triggers_alert_id_uid", ["alert_id", "uid"])


def downgrade() -> None:
    """Back to one set of user data: only the first admin's rows are kept."""
    first_admin = "(SELECT MIN(id) FROM users WHERE is_admin)"
    # Explicitly: SQLite does not cascade without its foreign_keys pragma.
    op.execute(
        f"DELETE FROM alert_triggers WHERE alert_id IN (SELECT id FROM alerts WHERE user_id <> {first_admin})"
    )
    op.execute(
        "DELETE FROM channel_deliveries WHERE channel_id IN "
        f"(SELECT id FROM notification_channels WHERE user_id <> {first_admin})"
    )
    for table in OWNED:
        op.execute(f"DELETE FROM {table} WHERE user_id <> {first_admin}")
    with op.batch_alter_table("alert_triggers") as batch:
        batch.drop_constraint("uq_alert_triggers_alert_id_uid", type_="unique")
        batch.create_unique_constraint("uq_alert_triggers_uid", ["uid"])
    for table, column in PER_USER:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"uq_{table}_user_id_{column}", type_="unique")
            batch.create_unique_constraint(f"uq_{table}_{column}", [column])
    for table in OWNED:
        with op.batch_alter_table(table) as batch:
            batch.drop_index(f"ix_{table}_user_id")
            batch.drop_constraint(f"fk_{table}_user_id_users", type_="foreignkey")
            batch.drop_column("user_id")
    op.drop_table("login_failures")
    op.drop_index("ix_api_tokens_user_id", table_name="api_tokens")
    op.drop_table("api_tokens")
    op.drop_index("ix_sessions_user_id", table_name="sessions")
    op.drop_table("sessions")
    op.drop_table("users")
