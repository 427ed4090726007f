"""Database upkeep: upgrade, backup, restore, check."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text

from kcdesk.config import backups_dir, database_url
from kcdesk.domain.errors import DatabaseError, KcError
from kcdesk.storage import migrate
from kcdesk.storage.backup import (
    backup_file_name,
    backup_sqlite,
    integrity_problems,
    restore_sqlite,
)
from kcdesk.storage.engine import make_engine, sqlite_path


def _sqlite_only(url: str, what_vi: str, what_en: str) -> Path:
    path = sqlite_path(url)
    if path is None:
        raise KcError(
            f"{what_vi} chỉ áp dụng cho cơ sở dữ liệu SQLite; với PostgreSQL hãy dùng pg_dump "
            "và pg_restore.",
            f"{what_en} works on SQLite databases only; for PostgreSQL use pg_dump/pg_restore.",
        )
    return path


def backup(url: str | None = None, out: Path | None = None) -> Path:
    """Write a consistent copy of the database (it may be in use)."""
    db_url = database_url(url)
    path = _sqlite_only(db_url, "Sao lưu", "Backup")
    if not path.exists():
        raise DatabaseError(f"Chưa có cơ sở dữ liệu ở “{path}”.", f"No database at “{path}”.")
    target = out or backups_dir() / backup_file_name()
    if target.exists() and target.is_dir():
        target = target / backup_file_name()
    return backup_sqlite(path, target)


def restore(backup_file: Path, url: str | None = None) -> Path | None:
    """Replace the database by ``backup_file``; the current one is backed up first. The restored
    database takes a new device id on next opening (it is a copy)."""
    db_url = database_url(url)
    path = _sqlite_only(db_url, "Khôi phục", "Restore")
    safety = None
    if path.exists() and path.stat().st_size > 0:
        safety = backup_sqlite(path, backups_dir() / backup_file_name("truoc-khoi-phuc"))
    restore_sqlite(backup_file, path)
    # Clear the instance marker so that the next opening gives it a new device id.
    engine = make_engine(db_url)
    try:
        status, _rev = migrate.state(engine)
        if status in ("current", "old"):
            with engine.begin() as conn:
                conn.execute(text("UPDATE installation SET instance_marker = 'restored'"))
    finally:
        engine.dispose()
    return safety


def upgrade(url: str | None = None) -> str:
    from kcdesk.services.context import open_database

    db = open_database(url)
    try:
        return db.opened
    finally:
        db.close()


def _search_index_problems(path: Path) -> list[str]:
    """FTS5's own consistency check of the facility search index against the table."""
    import sqlite3

    conn = sqlite3.connect(path, timeout=10)
    try:
        conn.execute("INSERT INTO facility_fts(facility_fts, rank) VALUES('integrity-check', 1)")
        return []
    except sqlite3.DatabaseError as exc:
        return [
            f"Chỉ mục tìm kiếm không khớp dữ liệu ({exc}); hãy khôi phục từ bản sao lưu (kcdesk db restore)."
        ]
    finally:
        conn.rollback()
        conn.close()


@dataclass
class CheckReport:
    ok: bool
    problems: list[str] = field(default_factory=list)
    revision: str | None = None
    head: str = ""
    state: str = ""


def check(url: str | None = None) -> CheckReport:
    """``integrity_check``, ``foreign_key_check`` and migration state, changing nothing."""
    db_url = database_url(url)
    problems: list[str] = []
    path = sqlite_path(db_url)
    if path is not None:
        if not path.exists():
            return CheckReport(
                False,
                [f"Không có tệp cơ sở dữ liệu “{path}”."],
                None,
                migrate.head_revision(),
                "missing",
            )
        try:
            problems += integrity_problems(path)
        except DatabaseError as exc:
            return CheckReport(False, [str(exc)], None, migrate.head_revision(), "foreign")
    engine = make_engine(db_url)
    try:
        status, revision = migrate.state(engine)
    except Exception as exc:
        problems.append(f"Không đọc được lược đồ: {exc}")
        status, revision = "unreadable", None
    finally:
        engine.dispose()
    head = migrate.head_revision()
    if path is not None and status in ("current", "old") and not problems:
        problems += _search_index_problems(path)
    if status == "old":
        problems.append(
            f"Lược đồ ở phiên bản {revision}, cần nâng cấp lên {head} (kcdesk db upgrade)."
        )
    elif status == "newer":
        problems.append(f"Lược đồ {revision} mới hơn ứng dụng ({head}): hãy cập nhật kcdesk.")
    elif status == "foreign":
        problems.append("Đây không phải cơ sở dữ liệu kcdesk.")
    elif status == "empty":
        problems.append("Cơ sở dữ liệu trống (chưa khởi tạo).")
    return CheckReport(not problems, problems, revision, head, status)
