"""The user-data tables. Every change to them needs a migration in etftool/migrations."""

from datetime import date, datetime, time
from typing import Any, Literal, get_args

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Double,
    ForeignKey,
    Index,
    Integer,
    String,
    Time,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from etftool.accounts.models import User
from etftool.db.base import Base
from etftool.db.types import UtcDateTime, utc_now
from etftool.userdata.settings import NotifyLanguage

TransactionSide = Literal["buy", "sell", "dividend"]
PriceCondition = Literal["price_above", "price_below", "change_pct_above", "change_pct_below"]
# Signals of the code's daily history (see etftool.userdata.signals).
LevelSignalCondition = Literal[
    "rsi_above",
    "rsi_below",
    "temperature_above",
    "temperature_below",
    "drawdown_beyond",
    "premium_above",
    "premium_below",
]
CrossingCondition = Literal["ma_cross_above", "ma_cross_below", "golden_cross", "death_cross"]
AlertCondition = Literal[PriceCondition, LevelSignalCondition, CrossingCondition]
SIGNAL_CONDITIONS: frozenset[str] = frozenset(get_args(LevelSignalCondition) + get_args(CrossingCondition))
CROSSING_CONDITIONS: frozenset[str] = frozenset(get_args(CrossingCondition))
# The moving averages a price may cross (ma_cross_above, ma_cross_below).
MaWindow = Literal[20, 60, 250]
WebhookStatus = Literal["none", "pending", "sending", "delivered", "failed"]
ChannelKind = Literal[
    "telegram", "serverchan", "wecom", "dingtalk", "feishu", "bark", "pushplus", "ntfy", "webhook", "email"
]
DeliveryEvent = Literal["alert", "test", "summary"]

CODE_LENGTH = 32
UID_LENGTH = 64
WEBHOOK_URL_LENGTH = 2000
ERROR_LENGTH = 500
CHANNEL_NAME_LENGTH = 100


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def _unobserved_state(context: Any) -> bool:
    """A new crossing alert starts as if its condition held, so that its first check only
    records the state and a crossing seen by a later check is what fires it."""
    return context.get_current_parameters()["condition"] in CROSSING_CONDITIONS


class Owned:
    """Rows of one user. Sessions acting for a user see and write only theirs (see
    etftool.userdata.owner); rows of other tables belong to a user through their parent, as
    an alert's triggers to the alert's."""

    user_id: Mapped[int] = mapped_column(ForeignKey(User.id, ondelete="CASCADE"), index=True)


class Synced(Base):
    """Rows that export and import match by `uid`, which stays the same across both; unique
    among the rows of one user (or for an alert's triggers, of one alert)."""

    __abstract__ = True

    uid: Mapped[str] = mapped_column(String(UID_LENGTH))


class WatchlistEntry(Owned, Base):
    __tablename__ = "watchlist_items"
    __table_args__ = (UniqueConstraint("user_id", "code", name="uq_watchlist_items_user_id_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE_LENGTH))
    name: Mapped[str] = mapped_column(String(200), default="")
    group: Mapped[str] = mapped_column("group_name", String(64), default="")
    position: Mapped[int] = mapped_column(Integer)
    added_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class Transaction(Owned, Synced):
    """A buy, sell or dividend. For a dividend, `quantity` is the units it was paid on and
    `price` the cash per unit."""

    __tablename__ = "transactions"
    __table_args__ = (
        CheckConstraint(_one_of("side", get_args(TransactionSide)), name="side"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("price >= 0 AND fee >= 0", name="amounts_not_negative"),
        # A holding's ledger: one code's rows in date order.
        Index("ix_transactions_code_traded_on", "code", "traded_on"),
        UniqueConstraint("user_id", "uid", name="uq_transactions_user_id_uid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE_LENGTH))
    side: Mapped[TransactionSide] = mapped_column(String(8))
    traded_on: Mapped[date] = mapped_column(Date)
    quantity: Mapped[float] = mapped_column(Double)
    price: Mapped[float] = mapped_column(Double)
    fee: Mapped[float] = mapped_column(Double, default=0.0)
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class Alert(Owned, Synced):
    __tablename__ = "alerts"
    __table_args__ = (
        CheckConstraint(_one_of("condition", get_args(AlertCondition)), name="condition"),
        UniqueConstraint("user_id", "uid", name="uq_alerts_user_id_uid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), index=True)
    condition: Mapped[AlertCondition] = mapped_column(String(24))
    threshold: Mapped[float] = mapped_column(Double)
    # The moving average of ma_cross_above and ma_cross_below; null for the others.
    ma_window: Mapped[MaWindow | None] = mapped_column(Integer)
    # One-shot alerts switch themselves off when they trigger; re-arming ones (every signal
    # alert among them) stay active.
    rearm: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Whether the condition held at the last check: a re-arming alert triggers on the change
    # from not met to met only.
    condition_met: Mapped[bool] = mapped_column(Boolean, default=_unobserved_state)
    webhook_url: Mapped[str | None] = mapped_column(String(WEBHOOK_URL_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    last_triggered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class AlertTrigger(Synced):
    """One time an alert fired, with the quote (and for a signal alert, the signal's value)
    that made it fire, and its webhook delivery."""

    __tablename__ = "alert_triggers"
    __table_args__ = (
        CheckConstraint(_one_of("webhook_status", get_args(WebhookStatus)), name="webhook_status"),
        UniqueConstraint("alert_id", "uid", name="uq_alert_triggers_alert_id_uid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(CODE_LENGTH))
    condition: Mapped[AlertCondition] = mapped_column(String(24))
    threshold: Mapped[float] = mapped_column(Double)
    price: Mapped[float] = mapped_column(Double)
    change_pct: Mapped[float | None] = mapped_column(Double)
    ma_window: Mapped[MaWindow | None] = mapped_column(Integer)
    # The signal's value: RSI, temperature, drawdown or premium in percent, or the moving
    # average crossed (MA60 for golden_cross and death_cross); null for price alerts.
    value: Mapped[float | None] = mapped_column(Double)
    quote_as_of: Mapped[str] = mapped_column(String(40))
    triggered_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    webhook_status: Mapped[WebhookStatus] = mapped_column(String(16))
    webhook_attempts: Mapped[int] = mapped_column(Integer, default=0)
    webhook_error: Mapped[str | None] = mapped_column(String(ERROR_LENGTH))
    # Set while "sending"; see AlertMonitor.deliver_pending.
    webhook_claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Set from its recording until it has been announced on the notification channels, by the
    # process that recorded it or took it over; see AlertMonitor.announce_abandoned.
    announce_claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class NotificationChannel(Owned, Synced):
    """A place triggered alerts are announced, such as a Telegram chat or a WeCom group robot.
    `config` holds the kind's settings (see schemas.ChannelConfig), secrets included; with
    `summary`, the channel also gets the daily summary after the close."""

    __tablename__ = "notification_channels"
    __table_args__ = (
        CheckConstraint(_one_of("kind", get_args(ChannelKind)), name="kind"),
        UniqueConstraint("user_id", "uid", name="uq_notification_channels_user_id_uid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(CHANNEL_NAME_LENGTH))
    kind: Mapped[ChannelKind] = mapped_column(String(16))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    summary: Mapped[bool] = mapped_column(Boolean, default=False)
    config: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    # China time of day from which alerts are not sent, and until which; both or neither. A
    # start after the end spans midnight.
    quiet_start: Mapped[time | None] = mapped_column(Time)
    quiet_end: Mapped[time | None] = mapped_column(Time)
    # The most alert messages sent in any hour; null for no limit.
    max_alerts_per_hour: Mapped[int | None] = mapped_column(Integer)
    # Of its messages ("zh-CN", "en"); null: the server's NOTIFY_LANGUAGE.
    language: Mapped[NotifyLanguage | None] = mapped_column(String(8))


class ChannelDelivery(Base):
    """One attempt to send a message to a channel, kept for its delivery log (the newest 100
    a channel)."""

    __tablename__ = "channel_deliveries"
    __table_args__ = (
        CheckConstraint(_one_of("event", get_args(DeliveryEvent)), name="event"),
        # A channel's log, newest first.
        Index("ix_channel_deliveries_channel_id_id", "channel_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("notification_channels.id", ondelete="CASCADE"))
    event: Mapped[DeliveryEvent] = mapped_column(String(8))
    # The trigger announced; no foreign key: the log outlives a deleted alert.
    trigger_id: Mapped[int | None] = mapped_column(Integer)
    attempted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    delivered: Mapped[bool] = mapped_column(Boolean)
    # Which attempt of its message: 2 and up are retries.
    attempt: Mapped[int] = mapped_column(Integer)
    latency_ms: Mapped[int] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(String(ERROR_LENGTH))
    # Not sent, for the channel's quiet hours or its limit (`error` says which): no attempt.
    suppressed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class SummaryRun(Base):
    """A day whose summary a process has taken. Its row is committed before the summary is
    sent, so that a second process (or a restart) finds the day taken and sends nothing; a
    claim never marked sent (its process stopped first) is taken over once it is older than
    any announcement takes."""

    __tablename__ = "summary_runs"

    day: Mapped[date] = mapped_column(Date, primary_key=True)  # in China time
    claimed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
