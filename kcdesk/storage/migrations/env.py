"""Alembic environment, run from code (kcdesk.storage.migrate) with a live connection."""

from __future__ import annotations

from alembic import context

from kcdesk.storage.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - kcdesk always passes its connection
    raise RuntimeError("kcdesk migrations run from kcdesk.storage.migrate, not the alembic CLI")


def include_name(name: str | None, type_: str, _parent: object) -> bool:
    """The search structures (FTS5 tables, the pg_trgm index) come from kcdesk.storage.search,
    not from the models."""
    if name is None:
        return True
    if type_ == "table":
        return not name.startswith("facility_fts")
    return not (type_ == "index" and name == "ix_facility_search_trgm")


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
