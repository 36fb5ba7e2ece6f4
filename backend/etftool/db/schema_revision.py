"""The schema revision a database is at, read without alembic: the server checks it at every
start and loads alembic (~6 MB kept for the process's life, ~80 ms) only to migrate."""

import re
from pathlib import Path

from sqlalchemy import Engine, inspect, text

import etftool.migrations

MIGRATIONS_DIR = Path(etftool.migrations.__file__).parent
# versions/vNNNN_what.py holds revision "NNNN" (etftool.migrations).
_SCRIPT_NAME = re.compile(r"v(\d{4})_\w+\.py")


class SchemaTooNewError(RuntimeError):
    """The database was migrated by a newer ETFTool; it is left untouched."""


def newest_revision() -> str:
    """The newest revision this ETFTool ships a script for."""
    scripts = (MIGRATIONS_DIR / "versions").iterdir()
    return max(match[1] for path in scripts if (match := _SCRIPT_NAME.fullmatch(path.name)))


def at_newest_revision(engine: Engine) -> bool:
    """True when the database's one revision is the newest; False for an empty database, an
    older or newer revision, or several heads."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return False
        revisions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return revisions == [newest_revision()]
