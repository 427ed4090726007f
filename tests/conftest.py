"""Shared fixtures: every test gets a fresh database copied from a migrated template (cheap),
its own KCDESK_HOME, and Qt's offscreen platform."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("KCDESK_DATABASE_URL", None)

# The office spreadsheets of ../shared/samples, copied here so that a clone alone runs every test
# (test_samples_copy checks the copy against the shared folder wherever that one is present).
SAMPLES = Path(__file__).resolve().parent / "data" / "samples"
SHARED_SAMPLES = Path(__file__).resolve().parent.parent.parent / "shared" / "samples"


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database migrated to head with the places loaded, no installation yet."""
    home = tmp_path_factory.mktemp("template-home")
    old_home = os.environ.get("KCDESK_HOME")
    os.environ["KCDESK_HOME"] = str(home)
    try:
        from kcdesk.config import sqlite_url
        from kcdesk.services.context import open_database

        path = home / "template.sqlite3"
        db = open_database(sqlite_url(path), check_identity=False)
        db.close()
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.close()
        return path
    finally:
        if old_home is None:
            os.environ.pop("KCDESK_HOME", None)
        else:
            os.environ["KCDESK_HOME"] = old_home


@pytest.fixture
def kcdesk_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("KCDESK_HOME", str(home))
    monkeypatch.delenv("KCDESK_DATABASE_URL", raising=False)
    return home


@pytest.fixture
def db_path(kcdesk_home: Path, template_db: Path) -> Path:
    """A fresh copy of the template at the default location of this test's KCDESK_HOME."""
    from kcdesk.config import DATABASE_FILE

    path = kcdesk_home / DATABASE_FILE
    shutil.copyfile(template_db, path)
    return path


@pytest.fixture
def empty_db(db_path: Path) -> Iterator[object]:
    """An opened database with no installation (before the first-run set-up)."""
    from kcdesk.config import sqlite_url
    from kcdesk.services.context import open_database

    db = open_database(sqlite_url(db_path))
    yield db
    db.close()


@pytest.fixture
def db(empty_db: object) -> object:
    """An opened database set up as a collaborator in Tiên Lãng / Tân Minh (Hải Phòng)."""
    from kcdesk.services.installation import init_installation

    init_installation(
        empty_db,  # type: ignore[arg-type]
        role="collaborator",
        person_name="Nguyễn Văn An",
        phone="0912345678",
        province=31,
        communes=[11755, 11779],
    )
    return empty_db


@pytest.fixture
def province_db(empty_db: object) -> object:
    """An opened database set up as the provincial centre of Hải Phòng."""
    from kcdesk.services.installation import init_installation

    init_installation(
        empty_db,  # type: ignore[arg-type]
        role="province",
        person_name="Lê Thị Thu",
        centre_name="Trung tâm Khuyến công Hải Phòng",
        province=31,
    )
    return empty_db


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL server for this test session (skipped when none is installed)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (pip install 'kcdesk[postgres]')")
    from tests.support.postgres import find_bindir, throwaway_cluster

    if find_bindir() is None:
        pytest.skip("PostgreSQL server is not installed (apt-get install postgresql)")
    with throwaway_cluster() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_db(request: pytest.FixtureRequest, kcdesk_home: Path) -> Iterator[object]:
    """The same test on SQLite and on PostgreSQL, set up as a collaborator in Hải Phòng."""
    from kcdesk.services.context import open_database
    from kcdesk.services.installation import init_installation

    if request.param == "sqlite":
        database = open_database(str(request.getfixturevalue("db_path")).join(["sqlite:///", ""]))
    else:
        from tests.support.postgres import reset_schema

        url = request.getfixturevalue("postgres_url")
        reset_schema(url)
        database = open_database(url)
    init_installation(
        database,
        role="collaborator",
        person_name="Nguyễn Văn An",
        province=31,
        communes=[11755, 11779],
    )
    yield database
    database.close()
