"""Backups of SQLite databases through the online backup API (consistent while in use)."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from kcdesk.domain.errors import DatabaseError
from kcdesk.storage.engine import check_sqlite_file


def backup_file_name(prefix: str = "kcdesk") -> str:
    return f"{prefix}-{datetime.now().strftime('%Y%m%d-%H%M%S-%f')}.sqlite3"


def backup_sqlite(source: Path, target: Path) -> Path:
    """Copy the database at ``source`` to ``target`` consistently, even while it is open."""
    check_sqlite_file(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    src = sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    partial.replace(target)  # never leave a half-written backup under the final name
    return target


def integrity_problems(path: Path) -> list[str]:
    """``integrity_check`` and ``foreign_key_check`` findings; empty when the file is sound."""
    check_sqlite_file(path)
    conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()]
        problems = [r for r in rows if r != "ok"]
        problems += [
            f"khóa ngoại hỏng / broken foreign key: bảng {r[0]} dòng {r[1]} → {r[2]}"
            for r in conn.execute("PRAGMA foreign_key_check").fetchall()
        ]
        return problems
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()


def restore_sqlite(backup: Path, target: Path) -> None:
    """Replace the database at ``target`` by ``backup`` after checking the backup is sound."""
    if not backup.is_file():
        raise DatabaseError(
            f"Không tìm thấy tệp sao lưu “{backup}”.", f"Backup file “{backup}” not found."
        )
    problems = integrity_problems(backup)
    if problems:
        raise DatabaseError(
            f"Tệp sao lưu “{backup.name}” bị hỏng ({problems[0]}); cơ sở dữ liệu hiện tại giữ "
            "nguyên. Hãy chọn một bản sao lưu khác.",
            f"Backup “{backup.name}” is damaged ({problems[0]}); the current database is "
            "unchanged. Choose another backup.",
        )
    partial = target.with_name(target.name + ".restore")
    shutil.copyfile(backup, partial)
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    partial.replace(target)
