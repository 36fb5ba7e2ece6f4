"""Export of all user data as one JSON document, and its idempotent import.

Import merges: watchlist items match by code; transactions, alerts, triggers and
notification channels by uid (channels' delivery logs are not part of the document).
Matching rows are updated, the others created, and nothing is deleted, so importing the
same document twice changes nothing the second time. The whole import is one
transaction: a document that would oversell a holding, or whose trigger names an unknown
alert, changes nothing.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from etftool.userdata import alerts, channels, holdings, schemas, watchlist
from etftool.userdata.errors import RuleViolation
from etftool.userdata.models import (
    Alert,
    AlertTrigger,
    NotificationChannel,
    Synced,
    Transaction,
    WatchlistEntry,
)
from etftool.userdata.outbound import OutboundPolicy

SyncedRow = TypeVar("SyncedRow", bound=Synced)


def export_document(session: Session, now: datetime, reveal_secrets: bool = True) -> schemas.UserDataDocument:
    """Without `reveal_secrets`, webhook URLs keep only scheme, host and port, and channels'
    secrets are masked."""
    return schemas.UserDataDocument(
        exported_at=now,
        watchlist=[
            schemas.ExportedWatchlistItem(
                code=entry.code, name=entry.name, group=entry.group, position=entry.position
            )
            for entry in watchlist.list_entries(session)
        ],
        transactions=[
            schemas.ExportedTransaction(
                uid=row.uid, **holdings.as_schema(row).model_dump(exclude={"id", "created_at"})
            )
            for row in holdings.list_transactions(session)
        ],
        alerts=[
            _exported_alert(alert, reveal_secrets)
            for alert in session.scalars(select(Alert).order_by(Alert.id))
        ],
        triggered_alerts=[
            schemas.ExportedTrigger(
                uid=trigger.uid,
                alert_uid=alert_uid,
                code=trigger.code,
                condition=trigger.condition,
                threshold=trigger.threshold,
                price=trigger.price,
                change_pct=trigger.change_pct,
                ma_window=trigger.ma_window,
                value=trigger.value,
                quote_as_of=trigger.quote_as_of,
                triggered_at=trigger.triggered_at,
                webhook_status=trigger.webhook_status,
                webhook_attempts=trigger.webhook_attempts,
                webhook_error=trigger.webhook_error,
            )
            for trigger, alert_uid in session.execute(
                select(AlertTrigger, Alert.uid)
                .join(Alert, Alert.id == AlertTrigger.alert_id)
                .order_by(AlertTrigger.id)
            ).tuples()
        ],
        notification_channels=[
            schemas.ExportedChannel(
                uid=channel.uid,
                **channels.channel_schema(channel, reveal_secrets).model_dump(exclude={"id", "kind"}),
            )
            for channel in channels.list_channels(session)
        ],
    )


def _exported_alert(alert: Alert, reveal_secrets: bool) -> schemas.ExportedAlert:
    exported = schemas.ExportedAlert.model_validate(alert, from_attributes=True)
    if reveal_secrets or alert.webhook_url is None:
        return exported
    masked = alerts.mask_webhook_url(alert.webhook_url)
    return schemas.ExportedAlert.model_validate({**exported.model_dump(), "webhook_url": masked})


def import_document(
    session: Session, document: schemas.UserDataDocument, policy: OutboundPolicy
) -> schemas.ImportReport:
    for index, item in enumerate(document.alerts):
        alerts.check_condition_fields(
            item.condition, item.threshold, item.ma_window, item.rearm, ["body", "alerts", index]
        )
        location: list[str | int] = ["body", "alerts", index, "webhook_url"]
        if alerts.is_masked(item.webhook_url):
            raise RuleViolation(
                location,
                "this webhook URL was masked by an export made without the API key; "
                "export it again with the API key",
                "masked_url",
            )
        alerts.check_webhook_url(policy, item.webhook_url, location)
    channel_rows = _channel_rows(document.notification_channels, policy)
    watchlist_counts = _import_watchlist(session, document.watchlist)
    transaction_counts = _merge(
        session,
        Transaction,
        [{**item.model_dump(exclude={"date"}), "traded_on": item.date} for item in document.transactions],
    )
    alert_counts = _merge(
        session,
        Alert,
        [
            {**item.model_dump(exclude={"webhook_url"}), "webhook_url": _url(item.webhook_url)}
            for item in document.alerts
        ],
    )
    session.flush()
    trigger_counts = _merge(session, AlertTrigger, _trigger_rows(session, document.triggered_alerts))
    channel_counts = _merge(session, NotificationChannel, channel_rows)
    session.flush()
    # Every code: a transaction matched by uid may have moved away from a code the
    # document no longer mentions, leaving that code's sales without their buys.
    holdings.check_ledger(session, holdings.traded_codes(session), ["body", "transactions"])
    return schemas.ImportReport(
        watchlist=watchlist_counts,
        transactions=transaction_counts,
        alerts=alert_counts,
        triggered_alerts=trigger_counts,
        notification_channels=channel_counts,
    )


def _import_watchlist(
    session: Session, items: Sequence[schemas.ExportedWatchlistItem]
) -> schemas.ImportCounts:
    """Items already listed keep their place; new ones follow, in the document's order."""
    counts = schemas.ImportCounts()
    existing = {entry.code: entry for entry in watchlist.list_entries(session)}
    next_position = max((entry.position for entry in existing.values()), default=-1) + 1
    for item in sorted(items, key=lambda item: item.position):
        entry = existing.get(item.code)
        if entry is None:
            existing[item.code] = WatchlistEntry(
                code=item.code, name=item.name, group=item.group, position=next_position
            )
            session.add(existing[item.code])
            next_position += 1
            counts.created += 1
        elif (entry.name, entry.group) != (item.name, item.group):
            entry.name, entry.group = item.name, item.group
            counts.updated += 1
        else:
            counts.unchanged += 1
    return counts


def _channel_rows(items: Sequence[schemas.ExportedChannel], policy: OutboundPolicy) -> list[dict[str, Any]]:
    """Checked as the API checks a channel: masked secrets and refused URLs stop the import."""
    rows = []
    for index, item in enumerate(items):
        location: list[str | int] = ["body", "notification_channels", index, "config"]
        config = channels.parse_config(item.config, policy, location)
        rows.append(
            {
                **item.model_dump(exclude={"config", "quiet_hours"}),
                **channels.quiet_columns(item.quiet_hours),
                "config": config,
                "kind": config["kind"],
            }
        )
    return rows


def _trigger_rows(session: Session, items: Sequence[schemas.ExportedTrigger]) -> list[dict[str, Any]]:
    alert_ids = dict(session.execute(select(Alert.uid, Alert.id)).tuples().all())
    rows: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        if item.alert_uid not in alert_ids:
            raise RuleViolation(
                ["body", "triggered_alerts", index, "alert_uid"],
                f"no alert has uid {item.alert_uid!r}",
                "unknown_alert",
            )
        rows.append(
            {
                **item.model_dump(exclude={"alert_uid"}),
                "alert_id": alert_ids[item.alert_uid],
                # Sending an imported trigger's webhook now would announce an old event.
                "webhook_status": "failed"
                if item.webhook_status in ("pending", "sending")
                else item.webhook_status,
            }
        )
    return rows


def _merge(session: Session, model: type[SyncedRow], rows: Sequence[dict[str, Any]]) -> schemas.ImportCounts:
    """Create or update rows of `model`, matched by uid."""
    counts = schemas.ImportCounts()
    uids = [values["uid"] for values in rows]
    existing = {row.uid: row for row in session.scalars(select(model).where(model.uid.in_(uids)))}
    for values in rows:
        row = existing.get(values["uid"])
        if row is None:
            session.add(model(**values))
            counts.created += 1
        elif any(getattr(row, column) != value for column, value in values.items()):
            for column, value in values.items():
                setattr(row, column, value)
            counts.updated += 1
        else:
            counts.unchanged += 1
    return counts


def _url(url: object | None) -> str | None:
    return None if url is None else str(url)
