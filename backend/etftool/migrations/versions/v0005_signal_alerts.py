"""Signal alerts: RSI, temperature, moving-average crosses, drawdown and premium conditions;
the moving average an alert watches, and the signal's value on each trigger.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

PRICE_CONDITIONS = ("price_above", "price_below", "change_pct_above", "change_pct_below")
SIGNAL_CONDITIONS = (
    "rsi_above",
    "rsi_below",
    "temperature_above",
    "temperature_below",
    "drawdown_beyond",
    "premium_above",
    "premium_below",
    "ma_cross_above",
    "ma_cross_below",
    "golden_cross",
    "death_cross",
)


# 0001 named the check before the naming convention applied to it, which prefixed it again;
# op.f() takes names as they are. Upgrading gives it the name the models give it.
OLD_CHECK = "ck_alerts_ck_alerts_condition"
NEW_CHECK = "ck_alerts_condition"


def _condition_check(conditions: tuple[str, ...]) -> str:
    return f"condition IN ({', '.join(repr(condition) for condition in conditions)})"


def upgrade() -> None:
    with op.batch_alter_table("alerts") as batch:
        batch.drop_constraint(op.f(OLD_CHECK), type_="check")
        batch.create_check_constraint(op.f(NEW_CHECK), _condition_check(PRICE_CONDITIONS + SIGNAL_CONDITIONS))
        batch.add_column(sa.Column("ma_window", sa.Integer(), nullable=True))
    with op.batch_alter_table("alert_triggers") as batch:
        batch.add_column(sa.Column("ma_window", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("value", sa.Double(), nullable=True))


def downgrade() -> None:
    """Signal alerts and their triggers go: the older schema cannot hold them."""
    signal_alerts = f"SELECT id FROM alerts WHERE NOT ({_condition_check(PRICE_CONDITIONS)})"
    # Explicitly: SQLite does not cascade without its foreign_keys pragma.
    op.execute(sa.text(f"DELETE FROM alert_triggers WHERE alert_id IN ({signal_alerts})"))
    op.execute(sa.text(f"DELETE FROM alerts WHERE id IN ({signal_alerts})"))
    with op.batch_alter_table("alert_triggers") as batch:
        batch.drop_column("value")
        batch.drop_column("ma_window")
    with op.batch_alter_table("alerts") as batch:
        batch.drop_column("ma_window")
        batch.drop_constraint(op.f(NEW_CHECK), type_="check")
        batch.create_check_constraint(op.f(OLD_CHECK), _condition_check(PRICE_CONDITIONS))
