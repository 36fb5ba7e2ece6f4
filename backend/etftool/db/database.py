"""Database: the engine and the two kinds of session user-data code works with."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session, sessionmaker

from etftool.db.engine import EXCLUSIVE_OPTION, WRITE_OPTION, create_database_engine
from etftool.db.schema_revision import at_newest_revision


class Database:
    def __init__(self, database_url: str) -> None:
        self.engine = create_database_engine(database_url)
        # Objects stay readable after commit: responses are built from them afterwards.
        self._readers = sessionmaker(self.engine, expire_on_commit=False)
        self._writers = sessionmaker(
            self.engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False
        )
        self._exclusive_writers = sessionmaker(
            self.engine.execution_options(**{WRITE_OPTION: True, EXCLUSIVE_OPTION: True}),
            expire_on_commit=False,
        )

    @property
    def backend(self) -> str:
        """ "sqlite" or "postgresql"."""
        return self.engine.dialect.name

    def migrate(self) -> list[str]:
        """Bring the schema to the newest revision; see etftool.db.migrate. A database already
        there, as at every start but the first of a new version, is seen without alembic."""
        if at_newest_revision(self.engine):
            return []
        from etftool.db.migrate import upgrade_to_head  # alembic, loaded only to migrate

        return upgrade_to_head(self.engine)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._readers() as session:
            yield session

    @contextmanager
    def writing(self, exclusive: bool = False) -> Iterator[Session]:
        """A transaction that holds the write lock from its first statement until it
        commits (on leaving the block) or rolls back (on an exception). Fetch anything
        slow, such as quotes, before the first statement. On PostgreSQL, writers share the
        lock unless `exclusive` (see etftool.db.engine)."""
        with (self._exclusive_writers if exclusive else self._writers).begin() as session:
            yield session

    def ping(self) -> None:
        """Raises SQLAlchemy's OperationalError (or a pool TimeoutError) when the database
        does not answer."""
        with self.engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")

    def dispose(self) -> None:
        self.engine.dispose()
