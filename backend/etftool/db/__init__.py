"""Persistence for user data: SQLAlchemy engine and sessions, start-up migrations, backups."""

from etftool.db.base import Base
from etftool.db.database import Database
from etftool.db.schema_revision import SchemaTooNewError

__all__ = ["Base", "Database", "SchemaTooNewError"]
