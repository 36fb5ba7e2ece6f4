"""Alerts and their evaluation against quotes and, for signal alerts, daily history.

A price alert compares the price (`price_above`, `price_below`) or the daily change in percent
(`change_pct_above`, `change_pct_below`) with its threshold; "above" means at or above the
threshold and "below" at or below it. Stale quotes (served from an expired cache while
their source is down) are not evaluated.

- One-shot (the default, `rearm=false`): the first time the condition is met the alert
  triggers and switches itself off (`active=false`); setting `active` again re-arms it.
- Re-arming (`rearm=true`): it triggers each time the condition becomes met, and arms
  again once a check finds it no longer met; it stays active.

Signal alerts (RSI, temperature, moving-average crosses, drawdown, premium) always re-arm;
see etftool.userdata.signals for their conditions and when they are evaluated.

Every trigger is recorded with the time, price and change (and a signal's value); its
webhook delivery is then attempted by the AlertMonitor and its outcome recorded on the
trigger.
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
from etftool.userdata.models import (
    CROSSING_CONDITIONS,
    SIGNAL_CONDITIONS,
    Alert,
    AlertCondition,
    AlertTrigger,
)
from etftool.userdata.notify_messages import condition_text
from etftool.userdata.outbound import OutboundPolicy
from etftool.userdata.signals import Signals, read

MAX_TRIGGERS_LISTED = 1000
# What replaces a webhook URL's path and query in reads that may not see secrets.
MASKED_PATH = "/***"


def list_alerts(session: Session, active: bool | None = None) -> list[Alert]:
    query = select(Alert).order_by(Alert.id)
    if active is not None:
        query = query.where(Alert.active == active)
    return list(session.scalars(query))


def get_alert(session: Session, alert_id: int, for_update: bool = False) -> Alert:
    """`for_update` locks the row until the transaction ends: a change made from what was
    read is then not lost to, nor loses, an evaluation or another change."""
    alert = session.get(Alert, alert_id, with_for_update=for_update)
    if alert is None:
        raise NotFound(f"alert {alert_id} does not exist")
    return alert


def check_webhook_url(policy: OutboundPolicy, url: object | None, location: Sequence[str | int]) -> None:
    """Raises RuleViolation at `location` when the outbound policy refuses the URL's target."""
    reason = None if url is None else policy.refusal(str(url))
    if reason is not None:
        raise RuleViolation(location, reason, "webhook_refused")


MA_CROSS_CONDITIONS = ("ma_cross_above", "ma_cross_below")
# Thresholds of these conditions are scores or percentages: (lowest, highest, what it is).
THRESHOLD_RANGES = {
    "rsi_above": (0.0, 100.0, "an RSI between 0 and 100"),
    "rsi_below": (0.0, 100.0, "an RSI between 0 and 100"),
    "temperature_above": (0.0, 100.0, "a temperature between 0 and 100"),
    "temperature_below": (0.0, 100.0, "a temperature between 0 and 100"),
    "drawdown_beyond": (
        1e-9,
        100.0,
        "a drawdown in percent above 0 and at most 100 (10 = 10 % below the high)",
    ),
}


def check_condition_fields(
    condition: AlertCondition,
    threshold: float | None,
    ma_window: int | None,
    rearm: bool | None,
    location: Sequence[str | int],
) -> None:
    """Raises RuleViolation at the field under `location` that does not fit the condition:
    ma_window belongs to ma_cross_* alone, a crossing has no threshold (left out or 0),
    every other condition needs one, and signal alerts cannot be one-shot."""
    if condition in MA_CROSS_CONDITIONS and ma_window is None:
        raise RuleViolation(
            [*location, "ma_window"], f"{condition} needs ma_window: 20, 60 or 250", "missing"
        )
    if condition not in MA_CROSS_CONDITIONS and ma_window is not None:
        raise RuleViolation(
            [*location, "ma_window"],
            f"ma_window is for ma_cross_above and ma_cross_below only, not {condition}",
            "ma_window_unused",
        )
    if condition in CROSSING_CONDITIONS and threshold not in (None, 0):
        raise RuleViolation(
            [*location, "threshold"],
            f"{condition} has no threshold: leave it out or give 0",
            "threshold_unused",
        )
    if condition not in CROSSING_CONDITIONS and threshold is None:
        raise RuleViolation([*location, "threshold"], f"{condition} needs a threshold", "missing")
    if condition in THRESHOLD_RANGES and threshold is not None:
        lowest, highest, meaning = THRESHOLD_RANGES[condition]
        if not lowest <= threshold <= highest:
            raise RuleViolation(
                [*location, "threshold"], f"the threshold of {condition} is {meaning}", "threshold_range"
            )
    if condition in SIGNAL_CONDITIONS and rearm is False:
        raise RuleViolation(
            [*location, "rearm"],
            "signal alerts always re-arm (they fire once per crossing): leave rearm out or give true",
            "rearm_required",
        )


def create_alert(session: Session, data: schemas.AlertCreate, policy: OutboundPolicy) -> Alert:
    check_webhook_url(policy, data.webhook_url, ["body", "webhook_url"])
    check_condition_fields(data.condition, data.threshold, data.ma_window, data.rearm, ["body"])
    alert = Alert(
        uid=uuid.uuid4().hex,
        code=data.code,
        condition=data.condition,
        threshold=data.threshold or 0.0,
        ma_window=data.ma_window,
        rearm=data.condition in SIGNAL_CONDITIONS or bool(data.rearm),
        webhook_url=None if data.webhook_url is None else str(data.webhook_url),
    )
    session.add(alert)
    session.flush()
    return alert


def update_alert(
    session: Session, alert_id: int, changes: schemas.AlertUpdate, policy: OutboundPolicy
) -> Alert:
    """Fields left out of `changes` stay, except those the new condition has no use for (a
    crossing's threshold, a window other than ma_cross_*'s); an explicit `webhook_url: null`
    removes the webhook."""
    check_webhook_url(policy, changes.webhook_url, ["body", "webhook_url"])
    alert = get_alert(session, alert_id, for_update=True)
    given = changes.model_fields_set
    condition = changes.condition or alert.condition
    threshold = changes.threshold
    if threshold is None and CROSSING_CONDITIONS.isdisjoint({condition, alert.condition}):
        threshold = alert.threshold  # (a crossing's stored 0 is no threshold for another condition)
    ma_window = changes.ma_window if "ma_window" in given else None
    if "ma_window" not in given and condition in MA_CROSS_CONDITIONS:
        ma_window = alert.ma_window
    check_condition_fields(condition, threshold, ma_window, changes.rearm, ["body"])
    alert.condition, alert.threshold, alert.ma_window = condition, threshold or 0.0, ma_window
    if changes.rearm is not None or condition in SIGNAL_CONDITIONS:
        alert.rearm = condition in SIGNAL_CONDITIONS or bool(changes.rearm)
    if "webhook_url" in given:
        alert.webhook_url = None if changes.webhook_url is None else str(changes.webhook_url)
    if changes.active is not None:
        alert.active = changes.active
    if given & {"condition", "threshold", "ma_window", "active"}:
        # A changed or re-activated alert triggers as soon as its condition is met; a
        # crossing one when a crossing is seen (see models.Alert.condition_met).
        alert.condition_met = condition in CROSSING_CONDITIONS
    session.flush()
    return alert


def delete_alert(session: Session, alert_id: int) -> None:
    """Its triggers go with it."""
    session.delete(get_alert(session, alert_id, for_update=True))
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


def triggers_between(session: Session, start: datetime, end: datetime) -> list[AlertTrigger]:
    """Fired at or after `start` and before `end`, oldest first."""
    query = (
        select(AlertTrigger)
        .where(AlertTrigger.triggered_at >= start, AlertTrigger.triggered_at < end)
        .order_by(AlertTrigger.triggered_at, AlertTrigger.id)
    )
    return list(session.scalars(query))


def active_codes(session: Session, *, signal_alerts_only: bool = False) -> list[str]:
    query = select(Alert.code).where(Alert.active)
    if signal_alerts_only:
        query = query.where(Alert.condition.in_(SIGNAL_CONDITIONS))
    return list(session.scalars(query.distinct().order_by(Alert.code)))


def evaluate(
    session: Session, quotes: Mapping[str, Quote], now: datetime, signals: Mapping[str, Signals] | None = None
) -> list[AlertTrigger]:
    """Check the active alerts of the quoted codes, signal alerts only where `signals` has
    the code's; returns the triggers recorded. Run it in a write session: the alerts are
    locked as they are read, so two evaluations at once (two replicas) take turns per alert,
    the second seeing what the first recorded, and an alert triggers once."""
    codes = [code for code, quote in quotes.items() if not quote.stale]
    if not codes:
        return []
    signals = signals or {}
    triggers: list[AlertTrigger] = []
    query = select(Alert).where(Alert.active, Alert.code.in_(codes)).order_by(Alert.id).with_for_update()
    for alert in session.scalars(query):
        quote = quotes[alert.code]
        signal_value: float | None = None
        if alert.condition in SIGNAL_CONDITIONS:
            code_signals = signals.get(alert.code)
            if code_signals is None:
                continue
            reading = read(alert.condition, alert.threshold, alert.ma_window, code_signals)
            if reading is None:
                continue
            met, price, signal_value = reading.met, code_signals.close, reading.value
        else:
            value = quote.price if alert.condition.startswith("price") else quote.change_percent
            if value is None or quote.price is None:
                continue
            met = value >= alert.threshold if alert.condition.endswith("above") else value <= alert.threshold
            price = quote.price
        if met and not (alert.rearm and alert.condition_met):
            triggers.append(_record_trigger(alert, quote, price, signal_value, now))
        alert.condition_met = met
    session.add_all(triggers)
    session.flush()
    return triggers


def _record_trigger(
    alert: Alert, quote: Quote, price: float, value: float | None, now: datetime
) -> AlertTrigger:
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
        ma_window=alert.ma_window,
        value=value,
        quote_as_of=quote.as_of[:40],
        triggered_at=now,
        webhook_status="none" if alert.webhook_url is None else "pending",
        webhook_attempts=0,
        # Claimed for announcing by the process recording it, in the same transaction.
        announce_claimed_at=now,
    )


def describe(trigger: AlertTrigger) -> str:
    """E.g. "MTUM price 151.2 is at or above 150" or "MTUM RSI(14) 72.4 ≥ 70"."""
    if trigger.condition in SIGNAL_CONDITIONS:
        text = condition_text("en", trigger.condition, trigger.threshold, trigger.value, trigger.ma_window)
        return f"{trigger.code} {text}"
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
