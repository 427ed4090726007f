"""Values as SQLAlchemy's SQLite dialect stores them, for bulk inserts that go straight to the
driver (its per-row type processing costs as much as SQLite's own work)."""

from __future__ import annotations

from datetime import datetime


def datetime_text(value: datetime) -> str:
    """The text of a DateTime column: ``YYYY-MM-DD HH:MM:SS.ffffff``, SQLAlchemy's SQLite storage
    format (any time zone dropped, as SQLAlchemy drops it)."""
    return value.isoformat(" ", "microseconds")[:26]
