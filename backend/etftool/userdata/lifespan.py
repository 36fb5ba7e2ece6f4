"""Start-up and shutdown of user data: migrate the database, run the alert monitor (and
with it the daily summary)."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TypedDict

import httpx

from etftool.db import Database
from etftool.userdata.alert_monitor import AlertMonitor
from etftool.userdata.channel_dispatch import ChannelDispatcher
from etftool.userdata.channel_sender import ChannelSender
from etftool.userdata.outbound import OutboundPolicy, Resolver, parse_networks, system_resolve
from etftool.userdata.quotes import QuoteSource
from etftool.userdata.settings import UserDataSettings
from etftool.userdata.signals import SignalSource
from etftool.userdata.summary import DailySummaryJob
from etftool.userdata.webhooks import WebhookNotifier

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class UserDataServices:
    """What the user-data routes work with while the app runs."""

    database: Database
    alert_monitor: AlertMonitor
    channels: ChannelDispatcher
    daily_summary: DailySummaryJob
    outbound_policy: OutboundPolicy


class _Delivery(TypedDict):
    """How webhooks and channel messages alike are sent."""

    timeout_s: float
    attempts: int
    retry_wait_s: float
    policy: OutboundPolicy
    transport: httpx.BaseTransport | None


@asynccontextmanager
async def user_data_lifespan(
    settings: UserDataSettings,
    database: Database,
    quotes: QuoteSource,
    *,
    signals: SignalSource | None = None,
    webhook_transport: httpx.BaseTransport | None = None,
    webhook_resolver: Resolver = system_resolve,
) -> AsyncIterator[UserDataServices]:
    """Migrates `database` (the caller opens it and disposes of it: market data keeps CSV
    imports in it too) and runs the alert monitor until the block ends. Raises
    SchemaTooNewError (and so stops start-up) for a database of a newer ETFTool. Without
    `signals`, signal alerts are not evaluated. `webhook_transport` and `webhook_resolver`
    stand in for the network in tests (for webhooks and channels alike)."""
    policy = OutboundPolicy(parse_networks(settings.webhook_allowed_networks), webhook_resolver)
    delivery: _Delivery = {
        "timeout_s": settings.webhook_timeout_s,
        "attempts": settings.webhook_attempts,
        "retry_wait_s": settings.webhook_retry_wait_s,
        "policy": policy,
        "transport": webhook_transport,
    }
    notifier = WebhookNotifier(**delivery)
    sender = ChannelSender(**delivery)
    channels = ChannelDispatcher(database, sender, settings.notify)
    try:
        applied = await asyncio.to_thread(database.migrate)
        if applied:
            logger.info("database (%s) migrated to revision %s", database.backend, applied[-1])
        daily_summary = DailySummaryJob(database, quotes, channels, settings.notify)
        monitor = AlertMonitor(
            database,
            quotes,
            notifier,
            interval_s=settings.alert_check_interval_s,
            channels=channels,
            signals=signals,
            summary=daily_summary,
        )
        monitor.start()
        try:
            yield UserDataServices(database, monitor, channels, daily_summary, policy)
        finally:
            await monitor.stop()
    finally:
        notifier.close()
