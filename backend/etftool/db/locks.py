"""Scoped write locks: PostgreSQL writers run side by side (see etftool.db.engine), so a
read-then-write check over several rows, such as "no selling more than is held" over one
code's transactions, first serialises with the writers of the same scope only.

Each scope is a transaction-scoped advisory lock keyed by this namespace and the scope's
hash; a hash collision only makes two scopes wait for each other. SQLite already has one
writer at a time, so there it does nothing.
"""

from sqlalchemy import text
from sqlalchemy.orm import Session

# First key of the two-key advisory locks ("etfs" in ASCII), apart from the one-key
# user-data lock of etftool.db.engine.
NAMESPACE = 0x65746673


def serialise(session: Session, *scopes: str) -> None:
    """Waits for the writers holding any of `scopes` to commit, then holds them until this
    transaction ends. Taken in sorted order, so that two writers never deadlock over them."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for scope in sorted(set(scopes)):
        session.execute(
            text("SELECT pg_advisory_xact_lock(:namespace, hashtext(:scope))"),
            {"namespace": NAMESPACE, "scope": scope},
        )
