"""Notification channels: where triggered alerts are announced (every enabled channel gets
every trigger) and, on the channels that opt in, the daily summary; and each channel's
delivery log.

A channel's config holds secrets (bot tokens, send keys, webhook URLs with their keys,
signing secrets). They are treated as alert webhook URLs are: never logged, masked in
reads without the API key (URLs keep scheme, host and port, the rest becomes "***"), and a
masked value is refused where a real one is needed.
"""

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime, time, timedelta
from typing import Any

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from etftool.marketdata.market_status import CHINA_TZ
from etftool.userdata import alerts, schemas
from etftool.userdata.channel_sender import Attempt
from etftool.userdata.errors import NotFound, RuleViolation
from etftool.userdata.models import ChannelDelivery, NotificationChannel
from etftool.userdata.outbound import OutboundPolicy

DELIVERIES_KEPT = 100
SECRET_FIELDS = frozenset({"bot_token", "send_key", "webhook_url", "secret", "device_key", "token", "topic",
                           "access_token", "url", "password"})  # fmt: skip
URL_FIELDS = frozenset({"webhook_url", "url", "server_url"})

_config_adapter: TypeAdapter[schemas.ChannelConfig] = TypeAdapter(schemas.ChannelConfig)


def list_channels(session: Session) -> list[NotificationChannel]:
    return list(session.scalars(select(NotificationChannel).order_by(NotificationChannel.id)))


def enabled_channels(session: Session) -> list[NotificationChannel]:
    query = select(NotificationChannel).where(NotificationChannel.enabled).order_by(NotificationChannel.id)
    return list(session.scalars(query))


def summary_channels(session: Session) -> list[NotificationChannel]:
    """The enabled channels that get the daily summary."""
    query = (
        select(NotificationChannel)
        .where(NotificationChannel.enabled, NotificationChannel.summary)
        .order_by(NotificationChannel.id)
    )
    return list(session.scalars(query))


def get_channel(session: Session, channel_id: int, for_update: bool = False) -> NotificationChannel:
    """`for_update` locks the row until the transaction ends (see alerts.get_alert)."""
    channel = session.get(NotificationChannel, channel_id, with_for_update=for_update)
    if channel is None:
        raise NotFound(f"notification channel {channel_id} does not exist")
    return channel


def create_channel(
    session: Session, data: schemas.ChannelCreate, policy: OutboundPolicy
) -> NotificationChannel:
    config = stored_config(data.config, policy, ["body", "config"])
    channel = NotificationChannel(
        uid=uuid.uuid4().hex,
        name=data.name,
        kind=data.config.kind,
        enabled=data.enabled,
        summary=data.summary,
        config=config,
        max_alerts_per_hour=data.max_alerts_per_hour,
        language=data.language,
        **quiet_columns(data.quiet_hours),
    )
    session.add(channel)
    session.flush()
    return channel


def update_channel(
    session: Session, channel_id: int, changes: schemas.ChannelUpdate, policy: OutboundPolicy
) -> NotificationChannel:
    """Fields left out of `changes` stay; a given config replaces the old one whole; an
    explicit null removes the quiet hours or the limit, or sets the server's language."""
    channel = get_channel(session, channel_id, for_update=True)
    if changes.config is not None:
        channel.config = stored_config(changes.config, policy, ["body", "config"])
        channel.kind = changes.config.kind
    if changes.name is not None:
        channel.name = changes.name
    if changes.enabled is not None:
        channel.enabled = changes.enabled
    if changes.summary is not None:
        channel.summary = changes.summary
    given = changes.model_fields_set
    if "quiet_hours" in given:
        for column, value in quiet_columns(changes.quiet_hours).items():
            setattr(channel, column, value)
    if "max_alerts_per_hour" in given:
        channel.max_alerts_per_hour = changes.max_alerts_per_hour
    if "language" in given:
        channel.language = changes.language
    session.flush()
    return channel


def delete_channel(session: Session, channel_id: int) -> None:
    """Its delivery log goes with it."""
    session.delete(get_channel(session, channel_id, for_update=True))
    session.flush()


def stored_config(
    config: schemas.ChannelConfig, policy: OutboundPolicy, location: Sequence[str | int]
) -> dict[str, Any]:
    """The config as stored, once its URLs are neither masked nor refused by the policy."""
    stored = config.model_dump(mode="json")
    for field in sorted(URL_FIELDS & stored.keys()):
        url = stored[field]
        if url is None:
            continue
        if alerts.is_masked(url):
            raise RuleViolation(
                [*location, field],
                "this URL was masked by a read without the API key; give the URL itself",
                "masked_url",
            )
        alerts.check_webhook_url(policy, url, [*location, field])
    if stored["kind"] == "email":
        alerts.check_webhook_url(policy, f"smtp://{stored['host']}:{stored['port']}", [*location, "host"])
    return stored


def parse_config(
    config: Mapping[str, Any], policy: OutboundPolicy, location: Sequence[str | int]
) -> dict[str, Any]:
    """An imported config, checked as the API checks one; RuleViolation names what is wrong."""
    try:
        parsed = _config_adapter.validate_python(config)
    except ValidationError as error:
        first = error.errors()[0]
        raise RuleViolation([*location, *first["loc"]], first["msg"], first["type"]) from None
    return stored_config(parsed, policy, location)


def masked_config(config: Mapping[str, Any]) -> dict[str, Any]:
    masked = dict(config)
    for field in SECRET_FIELDS & masked.keys():
        if masked[field] is not None:
            is_url = field in URL_FIELDS
            masked[field] = alerts.mask_webhook_url(masked[field]) if is_url else schemas.MASKED_SECRET
    return masked


def channel_schema(channel: NotificationChannel, reveal_secrets: bool = True) -> schemas.Channel:
    return schemas.Channel(
        id=channel.id,
        name=channel.name,
        kind=channel.kind,
        enabled=channel.enabled,
        summary=channel.summary,
        config=dict(channel.config) if reveal_secrets else masked_config(channel.config),
        created_at=channel.created_at,
        quiet_hours=quiet_hours(channel),
        max_alerts_per_hour=channel.max_alerts_per_hour,
        language=channel.language,
    )


def quiet_columns(hours: schemas.QuietHours | None) -> dict[str, time | None]:
    return {
        "quiet_start": None if hours is None else hours.start,
        "quiet_end": None if hours is None else hours.end,
    }


def quiet_hours(channel: NotificationChannel) -> schemas.QuietHours | None:
    if channel.quiet_start is None or channel.quiet_end is None:
        return None
    # A stored span that starts when it ends (QuietHours refuses one; times given with
    # different UTC offsets used to be stored so) holds nothing back, rather than failing.
    if channel.quiet_start == channel.quiet_end:
        return None
    return schemas.QuietHours(start=channel.quiet_start, end=channel.quiet_end)


def alerts_allowed(
    session: Session, channel: NotificationChannel, wanted: int, now: datetime
) -> tuple[int, str]:
    """How many of `wanted` alert messages the channel may be sent at `now`, and why the
    others are held back: none in its quiet hours; beyond its limit, what the last hour's
    alert messages leave of it."""
    hours = quiet_hours(channel)
    if hours is not None and _within(now.astimezone(CHINA_TZ).time(), hours.start, hours.end):
        return 0, f"quiet hours {hours.start:%H:%M} to {hours.end:%H:%M} China time"
    limit = channel.max_alerts_per_hour
    if limit is None:
        return wanted, ""
    sent = session.scalar(
        select(func.count())
        .select_from(ChannelDelivery)
        .where(
            ChannelDelivery.channel_id == channel.id,
            ChannelDelivery.event == "alert",
            ChannelDelivery.attempt == 1,
            ChannelDelivery.suppressed.is_(False),
            ChannelDelivery.attempted_at > now - timedelta(hours=1),
        )
    )
    return max(0, min(wanted, limit - (sent or 0))), f"limit of {limit} alert messages an hour"


def _within(moment: time, start: time, end: time) -> bool:
    return start <= moment < end if start < end else moment >= start or moment < end


def record_attempts(
    session: Session, channel_id: int, *, event: str, trigger_id: int | None, attempts: Sequence[Attempt]
) -> ChannelDelivery:
    """Adds a message's attempts to the channel's log, drops what falls beyond the newest
    DELIVERIES_KEPT, and returns the last attempt's entry. Raises NotFound when the channel
    was deleted meanwhile. The channel stays locked until the transaction ends, so that two
    messages' trims of its log take turns."""
    get_channel(session, channel_id, for_update=True)
    entries = [
        ChannelDelivery(
            channel_id=channel_id,
            event=event,
            trigger_id=trigger_id,
            attempt=number,
            attempted_at=attempt.at,
            delivered=attempt.error is None,
            latency_ms=attempt.latency_ms,
            error=attempt.error,
        )
        for number, attempt in enumerate(attempts, start=1)
    ]
    session.add_all(entries)
    session.flush()
    _trim_log(session, channel_id)
    return entries[-1]


def _trim_log(session: Session, channel_id: int) -> None:
    oldest_kept = session.scalar(
        select(ChannelDelivery.id)
        .where(ChannelDelivery.channel_id == channel_id)
        .order_by(ChannelDelivery.id.desc())
        .offset(DELIVERIES_KEPT - 1)
        .limit(1)
    )
    if oldest_kept is not None:
        session.execute(
            delete(ChannelDelivery).where(
                ChannelDelivery.channel_id == channel_id, ChannelDelivery.id < oldest_kept
            )
        )


def record_suppressed(
    session: Session, channel_id: int, trigger_id: int, reason: str, now: datetime
) -> ChannelDelivery:
    """Logs an alert message held back for `reason` (see alerts_allowed); the channel is
    locked as by record_attempts."""
    get_channel(session, channel_id, for_update=True)
    entry = ChannelDelivery(
        channel_id=channel_id,
        event="alert",
        trigger_id=trigger_id,
        attempt=1,
        attempted_at=now,
        delivered=False,
        suppressed=True,
        latency_ms=0,
        error=f"held back: {reason}",
    )
    session.add(entry)
    session.flush()
    _trim_log(session, channel_id)
    return entry


def list_deliveries(session: Session, channel_id: int) -> list[ChannelDelivery]:
    """Newest first."""
    get_channel(session, channel_id)
    query = (
        select(ChannelDelivery)
        .where(ChannelDelivery.channel_id == channel_id)
        .order_by(ChannelDelivery.id.desc())
        .limit(DELIVERIES_KEPT)
    )
    return list(session.scalars(query))


def delivery_schema(delivery: ChannelDelivery) -> schemas.ChannelDelivery:
    return schemas.ChannelDelivery.model_validate(delivery, from_attributes=True)
