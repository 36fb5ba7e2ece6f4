"""Schema migrations, applied at start-up under a lock so that two starting containers
cannot both migrate: SQLite's `BEGIN IMMEDIATE` write lock (SQLite DDL is transactional,
so the whole upgrade commits or nothing does) and PostgreSQL's session advisory lock.

A database whose revision this code does not know (written by a newer ETFTool) is refused
before anything is changed. To run an older release on the same data, take the schema back to
that release's newest revision first (tables newer than it are dropped, with their rows):

    docker run --rm -v etftool-data:/app/backend/data etftool python -m etftool.db.migrate downgrade 0002
"""

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine, func, select

from etftool.db.engine import WRITE_OPTION, create_database_engine
from etftool.db.schema_revision import MIGRATIONS_DIR, SchemaTooNewError

# pg_advisory_lock key for migrations ("etfm" in ASCII); see POSTGRESQL_WRITE_LOCK_KEY.
POSTGRESQL_MIGRATION_LOCK_KEY = 0x6574666D


def _alembic_config(connection: Connection) -> Config:
    """Configuration without alembic.ini: the scripts ship inside the package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def upgrade_to_head(engine: Engine) -> list[str]:
    """Apply missing migrations; returns the revisions applied, oldest first (none when
    another process migrated first). Raises SchemaTooNewError for an unknown revision."""
    with _migration_lock(engine) as connection:
        config = _alembic_config(connection)
        scripts = ScriptDirectory.from_config(config)
        current = MigrationContext.configure(connection).get_current_heads()
        unknown = [revision for revision in current if not _is_known(scripts, revision)]
        if unknown:
            raise SchemaTooNewError(
                f"the database is at schema revision {', '.join(unknown)}, which this ETFTool does not "
                f"know (its newest is {scripts.get_current_head()}): it was written by a newer version. "
                "Run that version or restore a backup; the database was not changed."
            )
        pending = [
            script.revision
            for script in scripts.iterate_revisions("heads", current[0] if current else "base")
            if script.revision not in current
        ]
        if pending:
            command.upgrade(config, "head")
        return pending[::-1]


def downgrade_to(engine: Engine, revision: str) -> None:
    """Take the schema back to `revision` (e.g. "0002"), under the migration lock."""
    with _migration_lock(engine) as connection:
        command.downgrade(_alembic_config(connection), revision)


def _is_known(scripts: ScriptDirectory, revision: str) -> bool:
    try:
        return scripts.get_revision(revision) is not None
    except CommandError:
        return False


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[Connection]:
    """A connection inside a transaction that holds the migration lock until it commits."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(select(func.pg_advisory_lock(POSTGRESQL_MIGRATION_LOCK_KEY)))
            connection.commit()
            try:
                with connection.begin():
                    yield connection
            finally:
                connection.execute(select(func.pg_advisory_unlock(POSTGRESQL_MIGRATION_LOCK_KEY)))
                connection.commit()
        else:
            # Batch migrations rebuild a SQLite table by copying it and dropping the original;
            # with foreign keys enforced, the drop would delete the rows that reference it
            # (an alert's triggers). The pragma is ignored inside a transaction, hence the
            # driver's connection, which has no transaction open yet.
            driver = connection.connection.driver_connection
            assert driver is not None
            driver.execute("PRAGMA foreign_keys = OFF")
            try:
                writer = connection.execution_options(**{WRITE_OPTION: True})
                with writer.begin():
                    yield writer
                    dangling = writer.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if dangling:
                        raise RuntimeError(f"the migration left rows without their parent: {dangling[:5]}")
            finally:
                driver.execute("PRAGMA foreign_keys = ON")


if __name__ == "__main__":
    from etftool.core.config import get_settings  # the settings the app runs with

    if len(sys.argv) != 3 or sys.argv[1] != "downgrade":
        raise SystemExit("usage: python -m etftool.db.migrate downgrade REVISION")
    downgrade_to(create_database_engine(get_settings().database_url), sys.argv[2])
    print(f"database schema at revision {sys.argv[2]}")
