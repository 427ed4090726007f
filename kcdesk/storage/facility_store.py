"""Storage of facilities: derived columns (search and sort keys) and fast bulk inserts."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.engine import Connection

from kcdesk.storage.models.facility import Facility
from kcdesk.storage.search import FTS_TABLE, SQLITE_DDL
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


def _sqlite_value(value: Any) -> Any:
    """The value as SQLAlchemy's SQLite dialect stores it (JSON text, ISO date-time text)."""
    if isinstance(value, dict | list):
        return json.dumps(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


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
    defaults = {
        "deleted": False,
        "old_address": "",
        "notes": "",
        "owner_name": "",
        "address": "",
        "phone": "",
        "tax_code": "",
        "craft_village": "",
        "industry_code": "",
        "industry_version": "",
    }
    conn.exec_driver_sql(
        _INSERT_SQL,
        [tuple(_sqlite_value(r.get(c, defaults.get(c))) for c in _COLUMNS) for r in rows],
    )
    conn.execute(
        text(
            f"INSERT INTO {FTS_TABLE}(rowid, search_text) "
            "SELECT id, search_text FROM facility WHERE id > :first"
        ),
        {"first": first_id},
    )
    conn.exec_driver_sql(_INSERT_TRIGGER)
