"""Storage of facilities: derived columns (search and sort keys) and fast bulk inserts."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.engine import Connection

from kcdesk.storage.models.facility import Facility
from kcdesk.storage.search import FTS_TABLE, SQLITE_DDL
from kcdesk.storage.sqlite_text import datetime_text
from kcdesk.vn.text import collation_key, fold

_SEARCH_FIELDS = (
    "name",
    "owner_name",
    "tax_code",
    "phone",
    "craft_village",
    "address",
    "old_address",
)
_INSERT_TRIGGER = next(s for s in SQLITE_DDL if "facility_fts_ai" in s)


def derive_columns(values: dict[str, Any], commune_name: str = "") -> dict[str, Any]:
    """Fill the stored search and sort keys from the facility's own fields."""
    values["name_folded"] = fold(values["name"])
    values["name_sort"] = collation_key(values["name"], cleaned=True)
    parts = [values.get(k) or "" for k in _SEARCH_FIELDS]
    parts.insert(2, commune_name)
    values["search_text"] = fold(" ".join(p for p in parts if p))
    return values


_COLUMNS = [c.name for c in Facility.__table__.columns if c.name != "id"]
_INSERT_SQL = (
    f"INSERT INTO facility ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"
)


_DEFAULTS: dict[str, Any] = {
    c.name: (c.default.arg if c.default is not None and not callable(c.default.arg) else None)
    for c in Facility.__table__.columns
}
_ROW_GETTER = itemgetter(*_COLUMNS)


def _sqlite_rows(rows: Sequence[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Rows as the tuples SQLAlchemy's SQLite dialect would bind: JSON as text, date-times as
    ISO text."""
    out = []
    for row in rows:
        values = {**_DEFAULTS, **row}
        values["version"] = json.dumps(values["version"])  # each row's own counter: no reuse
        for name in ("created_at", "updated_at"):
            stamp = values[name]
            if isinstance(stamp, datetime):
                values[name] = datetime_text(stamp)
        out.append(_ROW_GETTER(values))
    return out


def insert_facilities(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Insert many stamped facility rows inside the caller's transaction.

    On SQLite the per-row FTS trigger costs about five times the insert itself, so for a bulk
    insert the trigger is dropped, the new rows are indexed in one statement, and the trigger is
    put back — all inside the same transaction (SQLite DDL is transactional, so no other
    connection ever sees the table without its trigger).
    """
    if not rows:
        return
    if conn.dialect.name != "sqlite" or len(rows) < 200:
        conn.execute(insert(Facility), list(rows))
        return
    first_id = conn.execute(text("SELECT coalesce(max(id), 0) FROM facility")).scalar_one()
    conn.exec_driver_sql("DROP TRIGGER IF EXISTS facility_fts_ai")
    # Straight to the driver: SQLAlchemy's per-row parameter processing would cost as much as
    # SQLite's own work here.
    conn.exec_driver_sql(_INSERT_SQL, _sqlite_rows(rows))
    conn.execute(
        text(
            f"INSERT INTO {FTS_TABLE}(rowid, search_text) "
            "SELECT id, search_text FROM facility WHERE id > :first"
        ),
        {"first": first_id},
    )
    conn.exec_driver_sql(_INSERT_TRIGGER)
