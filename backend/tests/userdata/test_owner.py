"""Sessions acting for a user see and change that user's rows only, whatever the statement."""

import uuid
from datetime import date

from sqlalchemy import delete, func, select, update

from etftool.accounts import service
from etftool.db import Database
from etftool.userdata.models import Alert, AlertTrigger, Transaction, WatchlistEntry
from etftool.userdata.owner import act_as


def test_a_session_acting_for_a_user_reaches_none_of_anothers_rows(database: Database) -> None:
    with database.writing() as session:
        admin = service.first_admin(session).id
        bob = service.create_user(session, "bob", "bob-password").id
    for user in (admin, bob):
        with database.writing() as session:
            act_as(session, user)
            session.add(WatchlistEntry(code="MTUM", name=f"of {user}", group="", position=0))
            session.add(
                Transaction(
                    uid=uuid.uuid4().hex,
                    code="MTUM",
                    side="buy",
                    traded_on=date(2024, 1, 2),
                    quantity=1,
                    price=1,
                )
            )
            alert = Alert(uid=uuid.uuid4().hex, code="MTUM", condition="price_above", threshold=1)
            session.add(alert)
            session.flush()
            assert alert.user_id == user
    with database.reading() as session:
        admins_alert = session.scalar(select(Alert.id).where(Alert.user_id == admin))

    with database.writing() as session:
        act_as(session, bob)
        assert [entry.name for entry in session.scalars(select(WatchlistEntry))] == [f"of {bob}"]
        assert session.scalar(select(func.count()).select_from(Transaction)) == 1
        assert session.get(Alert, admins_alert) is None
        session.execute(update(WatchlistEntry).values(group="changed"))
        session.execute(delete(Transaction))
        assert session.scalars(select(AlertTrigger).where(AlertTrigger.alert_id == admins_alert)).all() == []

    with database.reading() as session:
        act_as(session, admin)
        assert [entry.group for entry in session.scalars(select(WatchlistEntry))] == [""]
        assert session.scalar(select(func.count()).select_from(Transaction)) == 1
        assert session.get(Alert, admins_alert) is not None
    with database.reading() as session:  # acting for no one: every user's rows
        assert session.scalar(select(func.count()).select_from(WatchlistEntry)) == 2
