"""Price alerts and their evaluation against quotes.

An alert compares the price (`price_above`, `price_below`) or the daily change in percent
(`change_pct_above`, `change_pct_below`) with its threshold; "above" means at or above the
threshold and "below" at or below it. Stale quotes (served from an expired cache while
their source is down) are not evaluated.

- One-shot (the default, `rearm=false`): the first time the condition is met the alert
  triggers and switches itself off (`active=false`); setting `active` again re-arms it.
- Re-arming (`rearm=true`): it triggers each time the condition becomes met, and arms
  again once a check finds it no longer met; it stays active.

Every trigger is recorded with the time, price and change; its webhook delivery is then
attempted by the AlertMonitor and its outcome recorded on the trigger.
"""

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from etftool.marketdata import Quote
from etftool.userdata import schemas
from etftool.userdata.errors import NotFound, RuleViolation
from etftool.userdata.models import Alert, AlertTrigger
from etftool.userdata.outbound import OutboundPolicy

MAX_TRIGGERS_LISTED = 1000
# What replaces a webhook URL's path and query in reads that may not see secrets.
MASKED_PATH = "/***"


def list_alerts(session: Session, active: bool | None = None) -> list[Alert]:
    query = select(Alert).order_by(Alert.id)
    if active is not None:
        query = query.where(Alert.active == active)
    return list(session.scalars(query))


def get_alert(session: Session, alert_id: int) -> Alert:
    alert = session.get(Alert, alert_id)
    if alert is None:
        raise NotFound(f"alert {alert_id} does not exist")
    return alert


def check_webhook_url(policy: OutboundPolicy, url: object | None, location: Sequence[str | int]) -> None:
    """Raises RuleViolation at `location` when the outbound policy refuses the URL's target."""
    reason = None if url is None else policy.refusal(str(url))
    if reason is not None:
        raise RuleViolation(location, reason, "webhook_refused")


def create_alert(session: Session, data: schemas.AlertCreate, policy: OutboundPolicy) -> Alert:
    check_webhook_url(policy, data.webhook_url, ["body", "webhook_url"])
    alert = Alert(
        uid=uuid.uuid4().hex,
        code=data.code,
        condition=data.condition,
        threshold=data.threshold,
        rearm=data.rearm,
        webhook_url=None if data.webhook_url is None else str(data.webhook_url),
    )
    session.add(alert)
    session.flush()
    return alert


def update_alert(
    session: Session, alert_id: int, changes: schemas.AlertUpdate, policy: OutboundPolicy
) -> Alert:
    """Fields left out of `changes` stay; an explicit `webhook_url: null` removes the webhook."""
    check_webhook_url(policy, changes.webhook_url, ["body", "webhook_url"])
    alert = get_alert(session, alert_id)
    given = changes.model_fields_set
    if changes.condition is not None:
        alert.condition = changes.condition
    if changes.threshold is not None:
        alert.threshold = changes.threshold
    if changes.rearm is not None:
        alert.rearm = changes.rearm
    if "webhook_url" in given:
        alert.webhook_url = None if changes.webhook_url is None else str(changes.webhook_url)
    if changes.active is not None:
        alert.active = changes.active
    if given & {"condition", "threshold", "active"}:
        # A changed or re-activated alert triggers as soon as its condition is met.
        alert.condition_met = False
    session.flush()
    return alert


def delete_alert(session: Session, alert_id: int) -> None:
    """Its triggers go with it."""
    session.delete(get_alert(session, alert_id))
    session.flush()


def list_triggers(
    session: Session, alert_id: int | None = None, limit: int = MAX_TRIGGERS_LISTED
) -> list[AlertTrigger]:
    """Newest first."""
    query = (
        select(AlertTrigger).order_by(AlertTrigger.triggered_at.desc(), AlertTrigger.id.desc()).limit(limit)
    )
    if alert_id is not None:
        get_alert(session, alert_id)
        query = query.where(AlertTrigger.alert_id == alert_id)
    return list(session.scalars(query))


def active_codes(session: Session) -> list[str]:
    return list(session.scalars(select(Alert.code).where(Alert.active).distinct().order_by(Alert.code)))


def evaluate(session: Session, quotes: Mapping[str, Quote], now: datetime) -> list[AlertTrigger]:
    """Check the active alerts of the quoted codes; returns the triggers recorded. Run it in
    a write session, which serialises evaluations so that an alert triggers once."""
    codes = [code for code, quote in quotes.items() if not quote.stale]
    if not codes:
        return []
    triggers: list[AlertTrigger] = []
    query = select(Alert).where(Alert.active, Alert.code.in_(codes)).order_by(Alert.id)
    for alert in session.scalars(query):
        quote = quotes[alert.code]
        value = quote.price if alert.condition.startswith("price") else quote.change_percent
        if value is None or quote.price is None:
            continue
        met = value >= alert.threshold if alert.condition.endswith("above") else value <= alert.threshold
        if met and not (alert.rearm and alert.condition_met):
            triggers.append(_record_trigger(alert, quote, quote.price, now))
        alert.condition_met = met
    session.add_all(triggers)
    session.flush()
    return triggers


def _record_trigger(alert: Alert, quote: Quote, price: float, now: datetime) -> AlertTrigger:
    alert.last_triggered_at = now
    if not alert.rearm:
        alert.active = False
    return AlertTrigger(
        uid=uuid.uuid4().hex,
        alert_id=alert.id,
        code=alert.code,
        condition=alert.condition,
        threshold=alert.threshold,
        price=price,
        change_pct=quote.change_percent,
        quote_as_of=quote.as_of[:40],
        triggered_at=now,
        webhook_status="none" if alert.webhook_url is None else "pending",
        webhook_attempts=0,
    )


def describe(trigger: AlertTrigger) -> str:
    """E.g. "MTUM price 151.2 is at or above 150"."""
    direction = "at or above" if trigger.condition.endswith("above") else "at or below"
    if trigger.condition.startswith("price"):
        return f"{trigger.code} price {trigger.price:g} is {direction} {trigger.threshold:g}"
    return f"{trigger.code} daily change {trigger.change_pct:+.2f} % is {direction} {trigger.threshold:g} %"


def alert_schema(alert: Alert, reveal_secrets: bool = True) -> schemas.Alert:
    shown = schemas.Alert.model_validate(alert, from_attributes=True)
    if not reveal_secrets and shown.webhook_url is not None:
        shown.webhook_url = mask_webhook_url(shown.webhook_url)
    return shown


def mask_webhook_url(url: str) -> str:
    """Scheme, host and port only: paths, queries and user info often hold the hook's token."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{MASKED_PATH}"


def is_masked(url: object) -> bool:
    return url is not None and urlsplit(str(url)).path == MASKED_PATH and not urlsplit(str(url)).query


def trigger_schema(trigger: AlertTrigger) -> schemas.TriggeredAlert:
    return schemas.TriggeredAlert.model_validate(trigger, from_attributes=True)
