"""Schema creation and Alembic migrations, run from code at start-up.

A fresh database is created from the models and stamped at head; an older one is backed up, then
upgraded in one transaction; a database stamped by a newer kcdesk is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import Connection

from kcdesk.domain.errors import DatabaseError
from kcdesk.storage.models import Base
from kcdesk.storage.search import create_search_index

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest revision, so that opening a current database needs no Alembic import (about 0.7 s
# at every start); a test checks it against the scripts.
HEAD = "0002"


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None
    return head


def current_revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def _newer_than_app(revision: str) -> DatabaseError:
    return DatabaseError(
        f"Cơ sở dữ liệu này do một phiên bản kcdesk mới hơn tạo ra (phiên bản lược đồ {revision}). "
        "Hãy cập nhật kcdesk lên bản mới nhất rồi mở lại; dữ liệu không bị thay đổi.",
        f"This database was made by a newer kcdesk (schema {revision}). Update kcdesk to the "
        "latest version and open it again; the data was not changed.",
    )


def _not_kcdesk(tables: list[str]) -> DatabaseError:
    return DatabaseError(
        "Tệp này là cơ sở dữ liệu SQLite nhưng không phải của kcdesk "
        f"(có các bảng: {', '.join(tables[:5])}…). Tệp không bị thay đổi; hãy chọn đúng tệp.",
        f"This is an SQLite database but not a kcdesk one (tables: {', '.join(tables[:5])}…). "
        "It was not changed; choose the right file.",
    )


def state(engine: Engine) -> tuple[str, str | None]:
    """``("empty"|"current"|"old"|"newer"|"foreign", revision)`` without changing anything."""
    with engine.connect() as conn:
        tables = inspect(conn).get_table_names()
        if not tables:
            return "empty", None
        if "alembic_version" not in tables:
            return "foreign", None
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if revision is None:
        return "foreign", None
    if revision == HEAD:
        return "current", revision
    scripts = script_directory()
    if revision == scripts.get_current_head():
        return "current", revision
    try:
        scripts.get_revision(revision)
    except Exception:
        return "newer", revision
    return "old", revision


def create_fresh(engine: Engine) -> None:
    """Create every table of the models plus the search index, stamped at head, in one go."""
    with engine.begin() as conn:
        Base.metadata.create_all(conn)
        create_search_index(conn)
        from alembic import command

        command.stamp(alembic_config(conn), "head")


def upgrade(engine: Engine, target: str = "head") -> None:
    """Run the migrations in one transaction.

    On SQLite, batch migrations rebuild a table by copying it and dropping the old one; with
    foreign keys on, that DROP would cascade to the child rows. So foreign keys are switched off
    for the migration (it can only be done outside a transaction), checked before the commit,
    and switched on again — the procedure SQLite's documentation gives for schema changes.
    """
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if sqlite:
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            with conn.begin():
                from alembic import command

                command.upgrade(alembic_config(conn), target)
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise DatabaseError(
                            f"Nâng cấp lược đồ làm hỏng liên kết dữ liệu ({broken[0]}); "
                            "cơ sở dữ liệu giữ nguyên.",
                            f"The schema upgrade would break references ({broken[0]}); "
                            "the database is unchanged.",
                        )
        finally:
            if sqlite:
                conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]


def prepare(engine: Engine, backup: Callable[[], object] | None = None) -> str:
    """Bring the database to head; returns what was done: created | upgraded | current."""
    status, revision = state(engine)
    if status == "foreign":
        with engine.connect() as conn:
            raise _not_kcdesk(inspect(conn).get_table_names())
    if status == "newer":
        raise _newer_than_app(str(revision))
    if status == "empty":
        create_fresh(engine)
        return "created"
    if status == "old":
        if backup is not None:
            backup()
        upgrade(engine)
        return "upgraded"
    return "current"
