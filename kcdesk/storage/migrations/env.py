"""Alembic environment, run from code (kcdesk.storage.migrate) with a live connection."""

from __future__ import annotations

from alembic import context

from kcdesk.storage.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - kcdesk always passes its connection
    raise RuntimeError("kcdesk migrations run from kcdesk.storage.migrate, not the alembic CLI")


def include_name(name: str | None, type_: str, _parent: object) -> bool:
    """The FTS5 tables are created by kcdesk.storage.search, not from the models."""
    return not (type_ == "table" and name is not None and name.startswith("facility_fts"))


context.configure(
    connection=connection,
    include_name=include_name,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
