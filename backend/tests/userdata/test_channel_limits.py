"""Channels' quiet hours and alert limits: alerts held back are logged, not sent."""

from collections.abc import Mapping
from datetime import UTC, datetime, time

import pytest
from pydantic import ValidationError

from etftool.db import Database
from etftool.db.types import utc_now
from etftool.userdata import alerts, channels, schemas
from etftool.userdata.notify_messages import AlertNotice

# isort: split
from tests.userdata.test_summary import FRIDAY, POLICY, TELEGRAM, WECOM, Clock, Services, china, dispatcher


@pytest.fixture(autouse=True)
def alert(database: Database) -> int:
    """The alert the notices are of: an alert's notices go to its owner's channels."""
    with database.writing() as session:
        data = schemas.AlertCreate(code="510300", condition="price_above", threshold=4.0)
        made = alerts.create_alert(session, data, POLICY).id
    assert made == 1
    return made


def notice(trigger_id: int) -> AlertNotice:
    return AlertNotice(
        trigger_id=trigger_id,
        alert_id=1,
        code="510300",
        name="CSI 300 ETF",
        condition="price_above",
        threshold=4.0,
        price=4.1,
        change_pct=1.2,
        triggered_at=datetime(2024, 6, 28, 2, 0, tzinfo=UTC),
    )


def add_channel(database: Database, config: Mapping[str, str], **limits: object) -> int:
    with database.writing() as session:
        data = schemas.ChannelCreate.model_validate({"name": "x", "config": config, **limits})
        return channels.create_channel(session, data, POLICY).id


def log_of(database: Database, channel_id: int) -> list[tuple[int | None, bool, bool, str | None]]:
    """(trigger, delivered, suppressed, error) by trigger."""
    with database.reading() as session:
        return sorted(
            (entry.trigger_id, entry.delivered, entry.suppressed, entry.error)
            for entry in channels.list_deliveries(session, channel_id)
        )


@pytest.mark.parametrize(
    ("start", "end", "moment", "quiet"),
    [
        (time(22), time(7), (23, 30), True),  # spans midnight
        (time(22), time(7), (6, 59), True),
        (time(22), time(7), (7, 0), False),  # the end is not quiet
        (time(22), time(7), (21, 59), False),
        (time(12), time(13), (12, 0), True),
        (time(12), time(13), (13, 0), False),
    ],
)
def test_alerts_in_quiet_hours_are_logged_and_not_sent(
    database: Database, start: time, end: time, moment: tuple[int, int], quiet: bool
) -> None:
    services = Services()
    quiet_channel = add_channel(
        database, TELEGRAM, quiet_hours={"start": start.isoformat(), "end": end.isoformat()}
    )
    loud_channel = add_channel(database, WECOM)
    dispatcher(database, services, clock=Clock(china(FRIDAY, *moment))).announce([notice(7)])

    hosts = [request.url.host for request in services.received]
    assert hosts == (["qyapi.weixin.qq.com"] if quiet else ["api.telegram.org", "qyapi.weixin.qq.com"])
    held: tuple[int, bool, bool, str | None] = (
        7, False, True, f"held back: quiet hours {start:%H:%M} to {end:%H:%M} China time"
    )
    assert log_of(database, quiet_channel) == ([held] if quiet else [(7, True, False, None)])
    assert log_of(database, loud_channel) == [(7, True, False, None)]


def test_a_stored_empty_quiet_span_holds_nothing_back_and_the_channel_still_reads(database: Database) -> None:
    services = Services()
    channel_id = add_channel(database, TELEGRAM)
    with database.writing() as session:
        channel = channels.get_channel(session, channel_id)
        channel.quiet_start = channel.quiet_end = time(17, 4)
    dispatcher(database, services, clock=Clock(china(FRIDAY, 17, 4))).announce([notice(7)])

    assert [request.url.host for request in services.received] == ["api.telegram.org"]
    with database.reading() as session:
        assert channels.channel_schema(channels.get_channel(session, channel_id)).quiet_hours is None


def test_alerts_beyond_the_hourly_limit_are_logged_and_not_sent(database: Database) -> None:
    services = Services()
    limited = add_channel(database, TELEGRAM, max_alerts_per_hour=2)
    unlimited = add_channel(database, WECOM, max_alerts_per_hour=None)
    announcing = dispatcher(database, services, clock=Clock(utc_now()))

    announcing.announce([notice(1), notice(2), notice(3)])
    announcing.announce([notice(4)])

    held = "held back: limit of 2 alert messages an hour"
    assert log_of(database, limited) == [
        (1, True, False, None),
        (2, True, False, None),
        (3, False, True, held),
        (4, False, True, held),
    ]
    assert [entry[0] for entry in log_of(database, unlimited)] == [1, 2, 3, 4]
    assert len(services.received) == 2 + 4


def test_a_new_channel_has_a_limit_and_no_quiet_hours_and_both_can_be_changed(database: Database) -> None:
    channel_id = add_channel(database, TELEGRAM)
    with database.writing() as session:
        created = channels.channel_schema(channels.get_channel(session, channel_id))
        changes = schemas.ChannelUpdate.model_validate({"quiet_hours": {"start": "22:00", "end": "07:30"}})
        quieted = channels.channel_schema(channels.update_channel(session, channel_id, changes, POLICY))
        changes = schemas.ChannelUpdate.model_validate({"quiet_hours": None, "max_alerts_per_hour": None})
        cleared = channels.channel_schema(channels.update_channel(session, channel_id, changes, POLICY))

    assert (created.quiet_hours, created.max_alerts_per_hour) == (None, schemas.DEFAULT_MAX_ALERTS_PER_HOUR)
    assert quieted.quiet_hours == schemas.QuietHours(start=time(22), end=time(7, 30))
    assert quieted.max_alerts_per_hour == schemas.DEFAULT_MAX_ALERTS_PER_HOUR
    assert (cleared.quiet_hours, cleared.max_alerts_per_hour) == (None, None)


@pytest.mark.parametrize(
    ("limits", "field"),
    [
        ({"quiet_hours": {"start": "22:00", "end": "22:00"}}, ("quiet_hours", "end")),
        ({"quiet_hours": {"start": "25:00", "end": "07:00"}}, ("quiet_hours", "start")),
        ({"quiet_hours": {"start": "22:00"}}, ("quiet_hours", "end")),
        # Kept without the offset, these two would be the same time.
        ({"quiet_hours": {"start": "17:04:32Z", "end": "17:04:32"}}, ("quiet_hours", "start")),
        ({"quiet_hours": {"start": "17:04:32", "end": "18:04:32+01:00"}}, ("quiet_hours", "end")),
        ({"max_alerts_per_hour": 0}, ("max_alerts_per_hour",)),
        ({"max_alerts_per_hour": 1001}, ("max_alerts_per_hour",)),
    ],
)
def test_impossible_quiet_hours_and_limits_are_refused(
    limits: dict[str, object], field: tuple[str, ...]
) -> None:
    with pytest.raises(ValidationError) as refused:
        schemas.ChannelCreate.model_validate({"name": "x", "config": TELEGRAM, **limits})
    assert [error["loc"] for error in refused.value.errors()] == [field]
