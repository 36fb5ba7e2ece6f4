"""Announces triggered alerts on every enabled notification channel (but those its quiet
hours or alert limit hold back), and the daily summary on those that opt in, each in the
channel's language, side by side so that a slow or failing service holds up no other, and
records each attempt, and each alert held back, in the channel's log.
Failures are logged by channel id and failure class, never with the channel's config."""

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from etftool.db import Database
from etftool.db.types import utc_now
from etftool.userdata import channels
from etftool.userdata.channel_requests import build_request
from etftool.userdata.channel_sender import ChannelSender
from etftool.userdata.errors import NotFound
from etftool.userdata.models import Alert, ChannelDelivery, DeliveryEvent, NotificationChannel
from etftool.userdata.notify_messages import (
    AlertNotice,
    DailySummary,
    Message,
    alert_message,
    summary_message,
    trial_message,
)
from etftool.userdata.owner import act_as
from etftool.userdata.settings import NotifySettings

# How old a claim for announcing (an alert's trigger, a day's summary) gets before another
# check takes it over: longer than announcing one message on every channel takes (each send
# tries WEBHOOK_ATTEMPTS times within WEBHOOK_TIMEOUT_S, four channels at a time).
ANNOUNCE_CLAIM_AGE = timedelta(minutes=10)

logger = logging.getLogger(__name__)

# Messages sent at once.
MAX_CONCURRENT_SENDS = 4
# How each message is logged.
DELIVERY_EVENTS: dict[str, DeliveryEvent] = {
    "alert.triggered": "alert",
    "test": "test",
    "summary.daily": "summary",
}


class ChannelDispatcher:
    def __init__(
        self,
        database: Database,
        sender: ChannelSender,
        settings: NotifySettings,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._database = database
        self._sender = sender
        self._settings = settings
        self._clock = clock

    def announce(self, notices: Sequence[AlertNotice]) -> None:
        """Send each notice to each enabled channel, but those the channel holds back, which
        are logged instead; returns once all have been tried."""
        if not notices:
            return
        now = self._clock()
        sends: list[tuple[int, Mapping[str, Any], Message]] = []
        with self._database.writing() as session:
            # A user's alerts go to that user's channels only.
            owners = dict(
                session.execute(
                    select(Alert.id, Alert.user_id).where(
                        Alert.id.in_({notice.alert_id for notice in notices})
                    )
                )
                .tuples()
                .all()
            )
            for channel in channels.enabled_channels(session):
                theirs = [notice for notice in notices if owners.get(notice.alert_id) == channel.user_id]
                if not theirs:
                    continue
                allowed, reason = channels.alerts_allowed(session, channel, len(theirs), now)
                config, settings = dict(channel.config), self._settings_of(channel)
                sends += [
                    (channel.id, config, alert_message(notice, settings)) for notice in theirs[:allowed]
                ]
                for notice in theirs[allowed:]:
                    channels.record_suppressed(session, channel.id, notice.trigger_id, reason, now)
        self._send_all(sends)

    def announce_summary(self, summary: DailySummary, user_id: int) -> int:
        """Send it to each enabled channel of the user that gets the daily summary; returns
        how many channels it was sent to, once all have been tried."""
        with self._database.reading() as session:
            act_as(session, user_id)
            sends = [
                (channel.id, dict(channel.config), summary_message(summary, self._settings_of(channel)))
                for channel in channels.summary_channels(session)
            ]
        self._send_all(sends)
        return len(sends)

    def _settings_of(self, channel: NotificationChannel) -> NotifySettings:
        if channel.language is None:
            return self._settings
        return replace(self._settings, language=channel.language)

    def _send_all(self, sends: Sequence[tuple[int, Mapping[str, Any], Message]]) -> None:
        if not sends:
            return
        with ThreadPoolExecutor(min(MAX_CONCURRENT_SENDS, len(sends)), thread_name_prefix="notify") as pool:
            list(pool.map(lambda send: self._announce_on(*send), sends))

    def _announce_on(self, channel_id: int, config: Mapping[str, Any], message: Message) -> None:
        with suppress(NotFound):  # the channel was deleted meanwhile
            self._send(channel_id, config, message)

    def send_test(self, channel_id: int, user_id: int | None = None) -> ChannelDelivery:
        """One attempt, so that the answer comes quickly; raises NotFound for an unknown id,
        or one of another user than `user_id` (when given)."""
        with self._database.reading() as session:
            if user_id is not None:
                act_as(session, user_id)
            channel = channels.get_channel(session, channel_id)
            config, message = dict(channel.config), trial_message(self._settings_of(channel))
        return self._send(channel_id, config, message, attempts=1)

    def _send(
        self, channel_id: int, config: Mapping[str, Any], message: Message, attempts: int | None = None
    ) -> ChannelDelivery:
        """The last attempt as logged; NotFound when the channel was deleted meanwhile."""
        if config["kind"] == "email":
            outcome = self._sender.send_email(config, message, attempts)
        else:
            outcome = self._sender.send(
                config["kind"],
                lambda: build_request(config, message, self._settings, time.time_ns() // 1_000_000),
                attempts,
            )
        if not outcome.delivered:
            logger.warning(
                "notification channel %d (%s) failed after %d attempt(s): %s",
                channel_id,
                config["kind"],
                len(outcome.attempts),
                outcome.error,
            )
        with self._database.writing() as session:
            return channels.record_attempts(
                session,
                channel_id,
                event=DELIVERY_EVENTS[message.event],
                trigger_id=None if message.notice is None else message.notice.trigger_id,
                attempts=outcome.attempts,
            )
