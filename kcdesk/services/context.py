"""Opening the database: checks, migrations, reference data, this installation's identity."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from kcdesk.config import backups_dir, database_url
from kcdesk.domain.errors import DatabaseError
from kcdesk.storage import migrate
from kcdesk.storage.backup import backup_file_name, backup_sqlite
from kcdesk.storage.engine import make_engine, sqlite_path, use_wal
from kcdesk.storage.places_loader import ensure_places
from kcdesk.storage.uow import UnitOfWork


@dataclass
class Database:
    """An opened, migrated database. Thread-safe to share; each unit of work is not."""

    url: str
    engine: Engine
    opened: str = "current"  # created | upgraded | current
    messages: list[str] = field(default_factory=list)
    # What services worked out once for this opened database (reference data, installed forms).
    # Kept per opening, not per URL: a file restored or replaced under the same name is new.
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    @property
    def location(self) -> str:
        """What to show a person: the file path, or the URL without its password."""
        path = self.path
        if path is not None:
            return str(path)
        return self.engine.url.render_as_string(hide_password=True)

    def unit_of_work(self, *, skip_stamp: bool = False) -> UnitOfWork:
        return UnitOfWork(self.engine, skip_stamp=skip_stamp)

    def close(self) -> None:
        self.engine.dispose()


def _locked_or_corrupt(exc: BaseException, url: str) -> DatabaseError:
    text = str(exc).lower()
    name = sqlite_path(url) or url
    if "locked" in text or "busy" in text:
        return DatabaseError(
            f"Cơ sở dữ liệu “{name}” đang bị một chương trình khác (có thể là một cửa sổ kcdesk "
            "khác) khóa. Hãy đóng chương trình đó rồi mở lại.",
            f"The database “{name}” is locked by another program (perhaps another kcdesk "
            "window). Close it and try again.",
        )
    return DatabaseError(
        f"Không mở được cơ sở dữ liệu “{name}”: tệp bị hỏng hoặc không đọc được ({exc}). "
        "Hãy khôi phục từ bản sao lưu (kcdesk db restore TỆP).",
        f"Cannot open the database “{name}”: the file is damaged or unreadable ({exc}). "
        "Restore a backup (kcdesk db restore FILE).",
    )


def backup_before_migration(db_url: str) -> Path | None:
    path = sqlite_path(db_url)
    if path is None or not path.exists():
        return None
    return backup_sqlite(path, backups_dir() / backup_file_name("truoc-nang-cap"))


def open_database(url: str | None = None, *, check_identity: bool = True) -> Database:
    """Open (create or upgrade) the database at ``url`` (default: the per-user file).

    Raises :class:`DatabaseError` with a message for a person when the file is not a kcdesk
    database, is damaged, is newer than this app, or is locked by another program.
    """
    db_url = database_url(url)
    engine = make_engine(db_url)
    try:
        opened = migrate.prepare(engine, backup=lambda: backup_before_migration(db_url))
        use_wal(engine)
        with engine.begin() as conn:
            ensure_places(conn)
    except DatabaseError:
        engine.dispose()
        raise
    except (OperationalError, DBAPIError, sqlite3.DatabaseError) as exc:
        engine.dispose()
        raise _locked_or_corrupt(exc, db_url) from exc
    db = Database(url=db_url, engine=engine, opened=opened)
    if check_identity:
        from kcdesk.services.installation import check_identity as _check

        _check(db)
    return db
