"""User data of several users: background jobs keep each user's alerts and summaries to that
user's channels; the login lockout counts per name and per client address."""

from datetime import timedelta

import pytest

from etftool.accounts import service
from etftool.accounts.errors import BadCredentials, LoginLocked
from etftool.db import Database
from etftool.userdata import alerts, channels, schemas, watchlist
from etftool.userdata.notify_messages import AlertNotice
from etftool.userdata.owner import act_as

# isort: split
# (`tests` counts as first- or third-party depending on which files the linter is given.)
from tests.userdata.fixtures import FakeQuotes
from tests.userdata.test_summary import (
    FRIDAY,
    POLICY,
    TELEGRAM,
    WECOM,
    Clock,
    Services,
    china,
    dispatcher,
    job,
)


def two_users(database: Database) -> tuple[int, int]:
    """The admin the migration made, and Bob."""
    with database.writing() as session:
        admin = service.first_admin(session).id
        bob = service.create_user(session, "bob", "bob-password").id
    return admin, bob


def add(database: Database, user_id: int, channel: dict[str, str], code: str) -> tuple[int, int]:
    """A channel that gets the summary, an alert and a watchlist entry of the user."""
    with database.writing() as session:
        act_as(session, user_id)
        data = schemas.ChannelCreate.model_validate({"name": "x", "config": channel, "summary": True})
        channel_id = channels.create_channel(session, data, POLICY).id
        alert = alerts.create_alert(
            session, schemas.AlertCreate(code=code, condition="price_above", threshold=1.0), POLICY
        )
        watchlist.add_entry(session, code, "", "")
        return channel_id, alert.id


def notice(trigger_id: int, alert_id: int, code: str) -> AlertNotice:
    return AlertNotice(
        trigger_id=trigger_id,
        alert_id=alert_id,
        code=code,
        name="",
        condition="price_above",
        threshold=1.0,
        price=2.0,
        change_pct=None,
        triggered_at=china(FRIDAY, 10),
    )


def test_each_users_alerts_go_to_their_own_channels_only(database: Database) -> None:
    admin, bob = two_users(database)
    admin_channel, admin_alert = add(database, admin, TELEGRAM, "MTUM")
    bob_channel, bob_alert = add(database, bob, WECOM, "QUAL")
    services = Services()

    dispatcher(database, services).announce([notice(1, admin_alert, "MTUM"), notice(2, bob_alert, "QUAL")])

    sent = sorted((request.url.host, request.content.decode()) for request in services.received)
    assert [host for host, _ in sent] == ["api.telegram.org", "qyapi.weixin.qq.com"]
    assert "MTUM" in sent[0][1] and "QUAL" not in sent[0][1]
    assert "QUAL" in sent[1][1] and "MTUM" not in sent[1][1]
    with database.reading() as session:
        assert [entry.trigger_id for entry in channels.list_deliveries(session, admin_channel)] == [1]
        assert [entry.trigger_id for entry in channels.list_deliveries(session, bob_channel)] == [2]


def test_each_user_gets_the_daily_summary_of_their_own_data(
    database: Database, fake_quotes: FakeQuotes
) -> None:
    admin, bob = two_users(database)
    add(database, admin, TELEGRAM, "MTUM")
    add(database, bob, WECOM, "QUAL")
    fake_quotes.set("MTUM", 2.0, 1.9)
    fake_quotes.set("QUAL", 3.0, 2.9)
    services = Services()

    assert job(database, fake_quotes, services, Clock(china(FRIDAY, 16))).send_if_due()

    sent = sorted((request.url.host, request.content.decode()) for request in services.received)
    assert [host for host, _ in sent] == ["api.telegram.org", "qyapi.weixin.qq.com"]
    assert "MTUM" in sent[0][1] and "QUAL" not in sent[0][1]
    assert "QUAL" in sent[1][1] and "MTUM" not in sent[1][1]
    # Sent now, it goes to the asking user's channels only.
    services.received.clear()
    assert job(database, fake_quotes, services, Clock(china(FRIDAY, 17))).send_now(bob)[1] == 1
    assert [request.url.host for request in services.received] == ["qyapi.weixin.qq.com"]


def test_failed_logins_lock_a_name_and_an_address_out_with_growing_waits(database: Database) -> None:
    two_users(database)
    now = china(FRIDAY, 10)
    with database.writing() as session:
        for attempt in range(service.FREE_FAILURES + 1):
            # Different names from one address: the address is what they share.
            with pytest.raises(BadCredentials):
                service.login_user(session, f"guess{attempt}", "wrong-password", "203.0.113.9", now)
        with pytest.raises(LoginLocked) as locked:
            service.login_user(session, "bob", "bob-password", "203.0.113.9", now)
        assert locked.value.retry_after_s == service.LOCK_BASE.total_seconds()
        # From another address Bob logs in; so does the first address once the wait is over.
        assert service.login_user(session, "bob", "bob-password", "198.51.100.7", now).username == "bob"
        later = now + service.LOCK_BASE
        assert service.login_user(session, "bob", "bob-password", "203.0.113.9", later).username == "bob"

        # Failures of one name from many addresses, each after the lock before has ended.
        moments = [later + timedelta(minutes=20 * n) for n in range(service.FREE_FAILURES + 2)]
        for n, moment in enumerate(moments):
            with pytest.raises(BadCredentials):
                service.login_user(session, "bob", "wrong-password", f"198.51.100.{n}", moment)
        with pytest.raises(LoginLocked) as locked:
            service.login_user(session, "bob", "bob-password", "192.0.2.1", moments[-1])
        # The second lock of the name is twice as long as the first.
        assert locked.value.retry_after_s == 2 * service.LOCK_BASE.total_seconds()
