"""The daily summary after the close: the watchlist's closes, the alerts fired that day and
the holdings' day P/L, sent once a trading day at SUMMARY_TIME (China time) to the enabled
channels that opt in.

Once means once across restarts and processes: the day is claimed in its own committed
transaction before anything is sent, and a process whose claim conflicts sends nothing; the
day is marked sent after. A claim left unsent (its process stopped mid-way) is taken over by
one later check once it is older than any announcement takes (ANNOUNCE_CLAIM_AGE), the same
day. A day missed entirely (the app down from SUMMARY_TIME to midnight) is not sent late.
"""

import logging
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from etftool.db import Database
from etftool.db.types import utc_now
from etftool.marketdata.market_status import CHINA_TZ, a_share_trading_day
from etftool.userdata import alerts, channels, holdings, watchlist
from etftool.userdata.channel_dispatch import ANNOUNCE_CLAIM_AGE, ChannelDispatcher
from etftool.userdata.models import SummaryRun
from etftool.userdata.notify_messages import DailySummary, FiredAlert, FundClose, HoldingsDay
from etftool.userdata.owner import act_as, household_owner
from etftool.userdata.quotes import QuoteLookup, QuoteSource, fetch_quotes
from etftool.userdata.settings import NotifySettings

logger = logging.getLogger(__name__)


class DailySummaryJob:
    def __init__(
        self,
        database: Database,
        quotes: QuoteSource,
        dispatcher: ChannelDispatcher,
        settings: NotifySettings,
        *,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._database = database
        self._quotes = quotes
        self._dispatcher = dispatcher
        self._settings = settings
        self._clock = clock

    def send_if_due(self) -> bool:
        """Sends today's summary when it is due and no process has sent it; True when this
        call sent it."""
        now = self._clock()
        local = now.astimezone(CHINA_TZ)
        if not self._due(local, now):
            return False
        # Gathered before the day is taken: a failure here leaves the day to the next check.
        summaries = [(user_id, self.summary(local.date(), user_id)) for user_id in self._recipients()]
        if not self._take_day(local.date(), now):
            return False
        sent_to = sum(self._dispatcher.announce_summary(summary, user_id) for user_id, summary in summaries)
        with self._database.writing() as session:
            session.execute(
                update(SummaryRun).where(SummaryRun.day == local.date()).values(sent_at=self._clock())
            )
        logger.info("daily summary of %s sent to %d channel(s)", local.date().isoformat(), sent_to)
        return True

    def send_now(self, user_id: int | None = None) -> tuple[date, int]:
        """Today's summary (China time) of the user's data to the user's channels that opt
        in, whatever the time and the calendar, for a user trying it out; it does not count
        as the day's. Returns the day and how many channels it was sent to. No user: the
        household's owner (the first admin)."""
        day = self._clock().astimezone(CHINA_TZ).date()
        user_id = self._user_or_owner(user_id)
        return day, self._dispatcher.announce_summary(self.summary(day, user_id), user_id)

    def _recipients(self) -> list[int]:
        """The users with a channel that gets the summary."""
        with self._database.reading() as session:
            return sorted({channel.user_id for channel in channels.summary_channels(session)})

    def _user_or_owner(self, user_id: int | None) -> int:
        if user_id is not None:
            return user_id
        with self._database.reading() as session:
            return household_owner(session)

    def _due(self, local: datetime, now: datetime) -> bool:
        """At `local`, China time: only that day's summary, so a missed day is never sent late."""
        if local.time() < self._settings.summary_time:
            return False
        trading_day, _, _ = a_share_trading_day(local.date())
        if not trading_day:
            return False
        # Read first, so that the checks after the summary went out take no write lock.
        with self._database.reading() as session:
            run = session.get(SummaryRun, local.date())
            taken = run is not None and (run.sent_at is not None or not _abandoned(run.claimed_at, now))
            return not taken and bool(channels.summary_channels(session))

    def _take_day(self, day: date, now: datetime) -> bool:
        try:
            with self._database.writing() as session:
                if session.get(SummaryRun, day) is None:
                    session.add(SummaryRun(day=day, claimed_at=now, sent_at=None))
                    return True
                # An abandoned claim: of the checks taking it over at once, the update of the
                # first holds the row until it commits, and the others then find it fresh.
                taken_over = session.execute(
                    update(SummaryRun)
                    .where(
                        SummaryRun.day == day,
                        SummaryRun.sent_at.is_(None),
                        SummaryRun.claimed_at < now - ANNOUNCE_CLAIM_AGE,
                    )
                    .values(claimed_at=now)
                    .returning(SummaryRun.day)
                )
                return taken_over.first() is not None
        except IntegrityError:  # another process took the day first
            return False

    def summary(self, day: date, user_id: int | None = None) -> DailySummary:
        """Of `day` (in China time) and the user's data (by default the household owner's),
        at the latest quotes."""
        start = datetime.combine(day, time(), CHINA_TZ)
        user_id = self._user_or_owner(user_id)
        with self._database.reading() as session:
            act_as(session, user_id)
            entries = watchlist.list_entries(session)
            fired = alerts.triggers_between(session, start, start + timedelta(days=1))
            states = holdings.holding_states(session)
        units = {code: state.quantity for code, state in states.items() if state.quantity > 0}
        names = {entry.code: entry.name for entry in entries if entry.name}
        lookup = fetch_quotes(
            self._quotes, [*(entry.code for entry in entries), *units, *(trigger.code for trigger in fired)]
        )

        def name_of(code: str) -> str:
            quote = lookup.quotes.get(code)
            return names.get(code) or (quote.name if quote is not None else "") or code

        funds = []
        for entry in entries:
            quote = lookup.quotes.get(entry.code)
            name = name_of(entry.code)
            funds.append(
                FundClose(entry.code, name, None, None)
                if quote is None
                else FundClose(entry.code, name, quote.price, quote.change_percent, quote.stale)
            )
        return DailySummary(
            day=day,
            funds=tuple(funds),
            alerts=tuple(
                FiredAlert(
                    code=trigger.code,
                    name=name_of(trigger.code),
                    condition=trigger.condition,
                    threshold=trigger.threshold,
                    value=trigger.value,
                    ma_window=trigger.ma_window,
                    triggered_at=trigger.triggered_at,
                )
                for trigger in fired
            ),
            holdings=_holdings_day(units, lookup) if units else None,
        )


def _abandoned(claimed_at: datetime, now: datetime) -> bool:
    return claimed_at < now - ANNOUNCE_CLAIM_AGE


def _holdings_day(units: dict[str, float], lookup: QuoteLookup) -> HoldingsDay:
    day_pnl = market_value = 0.0
    unpriced: list[str] = []
    for code, quantity in units.items():
        quote = lookup.quotes.get(code)
        if quote is None or quote.price is None or quote.prev_close is None:
            unpriced.append(code)
            continue
        day_pnl += quantity * (quote.price - quote.prev_close)
        market_value += quantity * quote.price
    return HoldingsDay(day_pnl, market_value, tuple(unpriced))
