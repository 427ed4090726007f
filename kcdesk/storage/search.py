"""Diacritic-insensitive facility search.

SQLite: an FTS5 index over ``facility.search_text`` (already folded in Python, because FTS5's
``remove_diacritics`` leaves đ alone), with prefix indexes for as-you-type queries.
PostgreSQL: ``LIKE`` over the same folded column, backed by a pg_trgm GIN index.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import (
    DDL,
    ColumnElement,
    Select,
    and_,
    event,
    literal,
    literal_column,
    select,
    text,
)
from sqlalchemy.engine import Connection

from kcdesk.storage.models.facility import Facility
from kcdesk.vn.text import fold

FTS_TABLE = "facility_fts"

SQLITE_DDL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "search_text, content='facility', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    f"CREATE TRIGGER IF NOT EXISTS facility_fts_ai AFTER INSERT ON facility BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"CREATE TRIGGER IF NOT EXISTS facility_fts_ad AFTER DELETE ON facility BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) "
    f"VALUES ('delete', old.id, old.search_text); END",
    f"CREATE TRIGGER IF NOT EXISTS facility_fts_au AFTER UPDATE OF search_text ON facility BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) "
    f"VALUES ('delete', old.id, old.search_text); "
    f"INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS facility_fts_au",
    "DROP TRIGGER IF EXISTS facility_fts_ad",
    "DROP TRIGGER IF EXISTS facility_fts_ai",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
POSTGRES_DDL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS ix_facility_search_trgm ON facility "
    "USING gin (search_text gin_trgm_ops)",
]


def create_search_index(conn: Connection) -> None:
    """Create the index structures for the connection's dialect (idempotent)."""
    statements = SQLITE_DDL if conn.dialect.name == "sqlite" else POSTGRES_DDL
    for statement in statements:
        conn.exec_driver_sql(statement)


def rebuild_search_index(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


# A fresh database made with metadata.create_all() gets the index too.
for _dialect, _statements in (("sqlite", SQLITE_DDL), ("postgresql", POSTGRES_DDL)):
    for _statement in _statements:
        event.listen(
            Facility.__table__,
            "after_create",
            DDL(_statement).execute_if(dialect=_dialect),  # type: ignore[no-untyped-call]
        )


def search_tokens(query: str) -> list[str]:
    """Folded words of a query; punctuation splits words, as the FTS tokenizer does."""
    return [t for t in re.split(r"[^0-9a-z]+", fold(query)) if t]


def fts_query(query: str) -> str:
    """FTS5 MATCH text: every folded word of ``query`` as a prefix."""
    return " AND ".join(f'"{t}"*' for t in search_tokens(query))


def word_prefix_conditions(query: str) -> list[ColumnElement[bool]]:
    """Each folded word of ``query`` starts a word of ``search_text`` (checked row by row)."""
    padded = literal(" ") + Facility.search_text
    return [padded.like(f"% {t}%") for t in search_tokens(query)]


def match_condition(dialect: str, query: str) -> ColumnElement[bool] | None:
    """A WHERE condition over ``facility`` matching every word of ``query`` as a prefix."""
    tokens = search_tokens(query)
    if not tokens:
        return None
    if dialect == "sqlite":
        sub = text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q").bindparams(
            q=fts_query(query)
        )
        return Facility.id.in_(sub.columns(literal_column("rowid")))
    # PostgreSQL: a word starts at the beginning or after a space (pg_trgm serves the LIKE).
    return and_(*word_prefix_conditions(query))


def apply_search(stmt: Select[Any], dialect: str, query: str) -> Select[Any]:
    condition = match_condition(dialect, query)
    return stmt if condition is None else stmt.where(condition)


def searchable_select() -> Select[Any]:
    return select(Facility).where(Facility.deleted.is_(False))


def binary_order(column: Any, dialect: str) -> Any:
    """Order by a stored collation key byte-wise: PostgreSQL's database collation (often
    en_US or vi_VN) would otherwise reorder the key's code points."""
    return column.collate("C") if dialect == "postgresql" else column
