"""Alembic environment: etftool.db.migrate passes an open connection inside a transaction,
which it commits once every revision has run."""

from alembic import context

# Both put their tables on Base.metadata.
import etftool.marketdata.models
import etftool.userdata.models  # noqa: F401
from etftool.db.base import Base

context.configure(
    connection=context.config.attributes["connection"],
    target_metadata=Base.metadata,
    # SQLite alters tables by copying them; batch mode writes revisions that way.
    render_as_batch=True,
    compare_type=True,
)

with context.begin_transaction():
    context.run_migrations()
