"""Engine factory: SQLite with the pragmas a desktop app needs, or PostgreSQL by URL."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from kcdesk.domain.errors import DatabaseError

SQLITE_HEADER = b"SQLite format 3\x00"


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, ``None`` for memory databases and other backends."""
    parsed = make_url(url)
    if (
        parsed.get_backend_name() != "sqlite"
        or not parsed.database
        or parsed.database == ":memory:"
    ):
        return None
    return Path(parsed.database)


def check_sqlite_file(path: Path) -> None:
    """Refuse, without touching it, a file that is not an SQLite database at all."""
    if not path.exists() or path.stat().st_size == 0:
        return
    if path.is_dir():
        raise DatabaseError(
            f"“{path}” là một thư mục, không phải tệp cơ sở dữ liệu.",
            f"“{path}” is a folder, not a database file.",
        )
    with path.open("rb") as fh:
        header = fh.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise DatabaseError(
            f"Tệp “{path.name}” không phải cơ sở dữ liệu kcdesk (hoặc đã hỏng). Tệp không bị thay "
            "đổi. Hãy chọn đúng tệp, hoặc khôi phục từ bản sao lưu (kcdesk db restore).",
            f"“{path.name}” is not a kcdesk database (or it is damaged). The file was not "
            "changed. Choose the right file, or restore a backup (kcdesk db restore).",
        )


def _sqlite_on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # Take transaction control away from pysqlite so that BEGIN covers DDL too (migrations must be
    # all-or-nothing) — the recipe from SQLAlchemy's SQLite dialect documentation.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    # WAL is switched on once the file is known to be a kcdesk database (use_wal), never here:
    # changing the journal mode writes to the file, and a foreign file must stay untouched.
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA cache_size=-32000")
    cur.close()


def _sqlite_on_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN")


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``; SQLite files get WAL, foreign keys and a busy timeout."""
    if is_sqlite(url):
        path = sqlite_path(url)
        if path is not None:
            check_sqlite_file(path)
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 10}, **kwargs)
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def use_wal(engine: Engine) -> None:
    """Switch a SQLite database to write-ahead logging (persistent in the file): readers never
    block the writer, and a crash mid-write leaves the last committed state."""
    if engine.dialect.name != "sqlite":
        return
    raw = engine.raw_connection()  # outside SQLAlchemy's BEGIN: the mode can't change in one
    try:
        cur = raw.driver_connection.cursor()  # type: ignore[union-attr]
        mode = cur.execute("PRAGMA journal_mode").fetchone()
        if mode and str(mode[0]).lower() not in ("wal", "memory"):
            cur.execute("PRAGMA journal_mode=WAL")
        cur.close()
    finally:
        raw.close()
