"""AlertMonitor: evaluates alerts in the API process, delivers their webhooks and
announces them on the notification channels.

It checks every `interval_s` in a background task (one batch of quotes for every code with
an active alert, and the signals of every code with an active signal alert), and whenever a
route has fetched quotes anyway (`observe`, price alerts only: signals need the history,
which a route should not wait for). Webhook
failures are recorded on the trigger, channel failures in the channel's delivery log, and
both are logged; nothing here stops the app.
"""

import asyncio
import logging
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update

from etftool.db import Database
from etftool.db.types import utc_now
from etftool.marketdata import MarketDataError, Quote
from etftool.userdata import alerts
from etftool.userdata.channel_dispatch import ANNOUNCE_CLAIM_AGE, ChannelDispatcher
from etftool.userdata.models import Alert, AlertTrigger
from etftool.userdata.notify_messages import AlertNotice
from etftool.userdata.quotes import QuoteSource, fetch_quotes
from etftool.userdata.signals import Signals, SignalSource
from etftool.userdata.summary import DailySummaryJob
from etftool.userdata.webhooks import WebhookNotifier

logger = logging.getLogger(__name__)

# Webhooks sent at once by one check.
MAX_CONCURRENT_DELIVERIES = 4
# Added to the longest a delivery can take before its claim is taken over: time for the
# claiming process to record the result.
CLAIM_MARGIN = timedelta(minutes=1)


class AlertMonitor:
    def __init__(
        self,
        database: Database,
        quotes: QuoteSource,
        notifier: WebhookNotifier,
        *,
        interval_s: float,
        clock: Callable[[], datetime] = utc_now,
        channels: ChannelDispatcher | None = None,
        signals: SignalSource | None = None,
        summary: DailySummaryJob | None = None,
    ) -> None:
        """Without `signals`, signal alerts are not evaluated; `summary` is sent when due
        after each periodic check."""
        self._database = database
        self._quotes = quotes
        self._signals = signals
        self._notifier = notifier
        self._channels = channels
        self._summary = summary
        self._interval_s = interval_s
        self._clock = clock
        # One check at a time in this process: a route's check waits for the periodic one
        # instead of racing it for the same triggers and fetching the same quotes twice.
        self._checking = threading.Lock()
        self._stopping: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        # Set when the first periodic round after start has ended, for callers that must not
        # race it for the alerts they create (tests calling POST /alerts/check).
        self.first_round_done = asyncio.Event()

    def check(self) -> list[AlertTrigger]:
        """One round over every active alert, and any webhook still waiting to be sent;
        returns the triggers it recorded."""
        with self._checking:
            with self._database.reading() as session:
                codes = alerts.active_codes(session)
                signal_codes = alerts.active_codes(session, signal_alerts_only=True)
            quotes = fetch_quotes(self._quotes, codes).quotes
            triggers = self._evaluate(quotes, self._signals_of(signal_codes, quotes))
            self.deliver_pending()
            self._announce(triggers, quotes)
            self.announce_abandoned(quotes)
            return triggers

    def observe(self, quotes: Mapping[str, Quote]) -> list[AlertTrigger]:
        """Evaluate the alerts of these codes against quotes a route has fetched."""
        triggers = self._evaluate(quotes)
        if triggers:
            self.deliver_pending()
            self._announce(triggers, quotes)
        return triggers

    def _signals_of(self, codes: list[str], quotes: Mapping[str, Quote]) -> dict[str, Signals]:
        """Of the codes with a fresh quote whose market has a session today. A code whose
        history fails is logged and left out: its signal alerts wait for the next check."""
        if self._signals is None:
            return {}
        now = self._clock()
        found: dict[str, Signals] = {}
        for code in codes:
            quote = quotes.get(code)
            if quote is None or quote.stale:
                continue
            try:
                signals = self._signals.signals(code, quote, now)
            except MarketDataError as error:
                logger.warning(
                    "no signals for %s (%s); its signal alerts are skipped this check", code, error
                )
                continue
            except Exception:  # a bug in one code's signals must not stop every other alert
                logger.exception("no signals for %s; its signal alerts are skipped this check", code)
                continue
            if signals is not None:
                found[code] = signals
        return found

    def _announce(self, triggers: list[AlertTrigger], quotes: Mapping[str, Quote]) -> None:
        """On the notification channels, by the check that recorded them (and so claimed
        them), which then releases its claims."""
        if self._channels is None or not triggers:
            return
        self._channels.announce([_notice(trigger, quotes) for trigger in triggers])
        self._release_announced([trigger.id for trigger in triggers])

    def announce_abandoned(self, quotes: Mapping[str, Quote]) -> None:
        """Announce the triggers whose claim has outlived any announcement: the process that
        recorded them stopped (killed, crashed) before announcing them. One check takes each
        over (on PostgreSQL, the others skip the claims it is taking)."""
        if self._channels is None:
            return
        now = self._clock()
        with self._database.writing() as session:
            abandoned = list(
                session.scalars(
                    select(AlertTrigger)
                    .where(AlertTrigger.announce_claimed_at < now - ANNOUNCE_CLAIM_AGE)
                    .order_by(AlertTrigger.id)
                    .with_for_update(skip_locked=True)
                )
            )
            for trigger in abandoned:
                trigger.announce_claimed_at = now
            notices = [_notice(trigger, quotes) for trigger in abandoned]
        if not notices:
            return
        logger.info("announcing %d alert trigger(s) a stopped process left unannounced", len(notices))
        self._channels.announce(notices)
        self._release_announced([notice.trigger_id for notice in notices])

    def _release_announced(self, trigger_ids: list[int]) -> None:
        with self._database.writing() as session:
            session.execute(
                update(AlertTrigger).where(AlertTrigger.id.in_(trigger_ids)).values(announce_claimed_at=None)
            )

    def _evaluate(
        self, quotes: Mapping[str, Quote], signals: Mapping[str, Signals] | None = None
    ) -> list[AlertTrigger]:
        with self._database.reading() as session:
            watched = set(alerts.active_codes(session)) & quotes.keys()
        if not watched:
            return []
        with self._database.writing() as session:
            triggers = alerts.evaluate(
                session, {code: quotes[code] for code in watched}, self._clock(), signals
            )
        for trigger in triggers:
            logger.info("alert %d triggered: %s", trigger.alert_id, alerts.describe(trigger))
        return triggers

    def deliver_pending(self) -> None:
        """POST each trigger still waiting for its webhook. Claiming them first in a write
        transaction keeps a trigger from being sent by two checks at once (on PostgreSQL,
        a check skips the triggers another replica is claiming at that moment); a claim that
        has outlived any delivery was left by a process stopped mid-delivery (killed,
        crashed, or cut off by a supervisor's stop time-out) and is taken over."""
        now = self._clock()
        abandoned_before = now - timedelta(seconds=self._notifier.longest_delivery_s) - CLAIM_MARGIN
        with self._database.writing() as session:
            rows = session.execute(
                select(AlertTrigger, Alert.webhook_url)
                .join(Alert, Alert.id == AlertTrigger.alert_id)
                .where(
                    or_(
                        AlertTrigger.webhook_status == "pending",
                        and_(
                            AlertTrigger.webhook_status == "sending",
                            # None: claimed by a version that did not record claims
                            or_(
                                AlertTrigger.webhook_claimed_at.is_(None),
                                AlertTrigger.webhook_claimed_at < abandoned_before,
                            ),
                        ),
                    )
                )
                .order_by(AlertTrigger.id)
                .with_for_update(of=AlertTrigger, skip_locked=True)
            ).all()
            claimed: list[tuple[int, int, str, dict[str, Any]]] = []
            for trigger, url in rows:
                if url is None:
                    trigger.webhook_status, trigger.webhook_error = (
                        "failed",
                        "the alert's webhook was removed",
                    )
                    trigger.webhook_claimed_at = None
                else:
                    trigger.webhook_status, trigger.webhook_claimed_at = "sending", now
                    claimed.append((trigger.id, trigger.alert_id, url, _payload(trigger)))
        if not claimed:
            return
        # Side by side, so that one slow target does not hold up every other alert's hook.
        workers = min(MAX_CONCURRENT_DELIVERIES, len(claimed))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="webhook") as pool:
            list(pool.map(lambda claim: self._deliver(*claim), claimed))

    def _deliver(self, trigger_id: int, alert_id: int, url: str, payload: dict[str, Any]) -> None:
        delivery = self._notifier.deliver(url, payload)
        with self._database.writing() as session:
            trigger = session.get(AlertTrigger, trigger_id, with_for_update=True)
            if trigger is not None:  # None: its alert was deleted meanwhile
                trigger.webhook_status = "delivered" if delivery.delivered else "failed"
                trigger.webhook_attempts = delivery.attempts
                trigger.webhook_error = delivery.error
                trigger.webhook_claimed_at = None
        if not delivery.delivered:
            # The URL is left out: webhook URLs often embed a secret token.
            logger.warning(
                "webhook of alert %d failed after %d attempt(s): %s",
                alert_id,
                delivery.attempts,
                delivery.error,
            )

    def start(self) -> None:
        """Begin periodic checks in the running event loop."""
        self._stopping = asyncio.Event()
        self._task = asyncio.get_running_loop().create_task(self._run(self._stopping), name="alert-monitor")

    async def stop(self) -> None:
        """Lets a check in progress finish, so the database is not closed under it."""
        if self._stopping is not None:
            self._stopping.set()
        if self._task is not None:
            await self._task
            self._task = None

    async def _run(self, stopping: asyncio.Event) -> None:
        while not stopping.is_set():
            try:
                await asyncio.to_thread(self.check)
            except Exception:
                logger.exception("alert check failed; next try in %g s", self._interval_s)
            if self._summary is not None:
                try:  # after the check, so that it counts the alerts the check fired
                    await asyncio.to_thread(self._summary.send_if_due)
                except Exception:
                    logger.exception("daily summary failed; next try in %g s", self._interval_s)
            self.first_round_done.set()
            with suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), timeout=self._interval_s)


def _notice(trigger: AlertTrigger, quotes: Mapping[str, Quote]) -> AlertNotice:
    """The fund's name from its quote; a trigger taken over may have none at hand."""
    quote = quotes.get(trigger.code)
    return AlertNotice(
        trigger_id=trigger.id,
        alert_id=trigger.alert_id,
        code=trigger.code,
        name=quote.name if quote is not None else "",
        condition=trigger.condition,
        threshold=trigger.threshold,
        price=trigger.price,
        change_pct=trigger.change_pct,
        triggered_at=trigger.triggered_at,
        value=trigger.value,
        ma_window=trigger.ma_window,
    )


def _payload(trigger: AlertTrigger) -> dict[str, Any]:
    return {
        "event": "alert.triggered",
        "message": alerts.describe(trigger),
        **alerts.trigger_schema(trigger).model_dump(
            mode="json",
            include={
                "alert_id",
                "code",
                "condition",
                "threshold",
                "price",
                "change_pct",
                "ma_window",
                "value",
                "quote_as_of",
                "triggered_at",
            },
        ),
    }
