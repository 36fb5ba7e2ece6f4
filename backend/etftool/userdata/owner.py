"""Whose user data a session works on. A session `act_as(session, user_id)` sees only that
user's rows: every ORM select, update and delete of an owned table (and of the tables whose
rows belong to a user through their parent: an alert's triggers, a channel's deliveries)
gets the user's criterion added, and new owned rows are given the user.

A session acting for no one sees every user's rows, as the alert monitor and the daily
summary need; the rows it creates belong to the first admin (the household's owner, who
owns everything while the server is not set up). The API always acts for a user.
"""

from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from etftool.accounts.errors import NotSetUp
from etftool.accounts.service import first_admin
from etftool.userdata.models import Alert, AlertTrigger, ChannelDelivery, NotificationChannel, Owned

_OWNER = "etftool_owner"


class NoOwner(RuntimeError):
    """A row was created where no user exists to own it."""


def act_as(session: Session, user_id: int) -> Session:
    """From now on, `session` works on `user_id`'s data only."""
    session.info[_OWNER] = user_id
    return session


def owner_of(session: Session) -> int | None:
    owner = session.info.get(_OWNER)
    return owner if isinstance(owner, int) else None


def household_owner(session: Session) -> int:
    """The first admin's id; raises NoOwner when no user exists."""
    try:
        return first_admin(session).id
    except NotSetUp:
        raise NoOwner("no user exists to own user data") from None


@event.listens_for(Session, "do_orm_execute")
def _only_the_owners_rows(state: ORMExecuteState) -> None:
    owner = owner_of(state.session)
    if owner is None or state.is_column_load or state.is_relationship_load:
        return
    if not (state.is_select or state.is_update or state.is_delete):
        return
    state.statement = state.statement.options(
        with_loader_criteria(Owned, lambda cls: cls.user_id == owner, include_aliases=True),
        with_loader_criteria(
            AlertTrigger,
            lambda cls: cls.alert_id.in_(select(Alert.id).where(Alert.user_id == owner)),
            include_aliases=True,
        ),
        with_loader_criteria(
            ChannelDelivery,
            lambda cls: cls.channel_id.in_(
                select(NotificationChannel.id).where(NotificationChannel.user_id == owner)
            ),
            include_aliases=True,
        ),
    )


@event.listens_for(Session, "before_flush")
def _new_rows_belong_to_the_owner(session: Session, _context: Any, _instances: Any) -> None:
    new = [row for row in session.new if isinstance(row, Owned)]
    if not new:
        return
    owner = owner_of(session)
    for row in new:
        if owner is not None:
            if row.user_id is not None and row.user_id != owner:
                raise PermissionError(f"user {owner} cannot create rows of user {row.user_id}")
            row.user_id = owner
        elif row.user_id is None:
            row.user_id = household_owner(session)
