"""Migrations: head matches the models, an old database upgrades with every row kept, a newer
one is refused, and files that are not kcdesk databases are left untouched."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from kcdesk.config import sqlite_url
from kcdesk.domain.errors import DatabaseError
from kcdesk.services.context import open_database
from kcdesk.storage import migrate
from kcdesk.storage.engine import make_engine
from kcdesk.storage.models import Base


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _diff_ignoring_fts(conn) -> list:
    ctx = MigrationContext.configure(conn, opts={"compare_type": True})
    diffs = compare_metadata(ctx, Base.metadata)
    return [d for d in diffs if "facility_fts" not in repr(d)]


def test_upgrade_head_on_an_empty_database_matches_the_models(tmp_path, kcdesk_home):
    engine = make_engine(sqlite_url(tmp_path / "migrated.sqlite3"))
    migrate.upgrade(engine)
    with engine.connect() as conn:
        assert _diff_ignoring_fts(conn) == []
        assert "facility_fts" in inspect(conn).get_table_names()
    engine.dispose()


def test_fresh_database_is_created_and_stamped_at_head(tmp_path, kcdesk_home):
    db = open_database(sqlite_url(tmp_path / "new.sqlite3"))
    assert db.opened == "created"
    with db.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
        counts = conn.execute(
            text(
                "SELECT (SELECT count(*) FROM province WHERE scheme='2025'),"
                " (SELECT count(*) FROM commune WHERE scheme='2025'),"
                " (SELECT count(*) FROM province WHERE scheme='legacy'),"
                " (SELECT count(*) FROM district),"
                " (SELECT count(*) FROM commune WHERE scheme='legacy')"
            )
        ).one()
    assert tuple(counts) == (34, 3321, 63, 696, 10051)
    db.close()


def test_database_filled_under_the_first_revision_upgrades_keeping_every_row(tmp_path, kcdesk_home):
    path = tmp_path / "old.sqlite3"
    engine = make_engine(sqlite_url(path))
    with engine.begin() as conn:
        command.upgrade(migrate.alembic_config(conn), "0001")
        conn.execute(
            text(
                "INSERT INTO installation (id, device_id, past_device_ids, instance_marker, counter, "
                "role, person_name, phone, centre_name, commune_codes, language, created_at, updated_at)"
                " VALUES (1, 'abc', '[]', '', 5, 'collaborator', 'Nguyễn Văn An', '', '', '[]', 'vi',"
                " '2025-01-01 00:00:00', '2025-01-01 00:00:00')"
            )
        )
        for i in range(50):
            conn.execute(
                text(
                    "INSERT INTO facility (uuid, origin_device, version, local_counter, deleted, "
                    "created_at, updated_at, name, name_folded, name_sort, kind, owner_name, address, "
                    "old_address, phone, tax_code, craft_village, industry_code, industry_version, "
                    "notes, search_text) VALUES (:u, 'abc', '{\"abc\": 1}', 1, 0, '2025-01-01', "
                    "'2025-01-01', :n, :f, :f, 'htx', '', '', '', '', '', '', '', '', '', :f)"
                ),
                {
                    "u": f"00000000-0000-0000-0000-{i:012d}",
                    "n": f"HTX chiếu cói {i}",
                    "f": f"htx chieu coi {i}",
                },
            )
    engine.dispose()
    db = open_database(sqlite_url(path))
    assert db.opened in ("upgraded", "current")
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM facility")).scalar_one() == 50
        assert migrate.current_revision(conn) == migrate.head_revision()
        assert _diff_ignoring_fts(conn) == []
    from kcdesk.services.facilities import FacilityFilter, count_facilities

    assert count_facilities(db, FacilityFilter(search="chieu coi 7")) == 1
    if db.opened == "upgraded":
        assert list((kcdesk_home / "backups").glob("truoc-nang-cap-*.sqlite3"))
    db.close()


def test_database_from_a_newer_app_is_refused_untouched(tmp_path, kcdesk_home, db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()
    before = _digest(db_path)
    with pytest.raises(DatabaseError) as info:
        open_database(sqlite_url(db_path))
    assert "cập nhật kcdesk" in info.value.message_vi
    assert "Update kcdesk" in info.value.message_en
    assert _digest(db_path) == before


@pytest.mark.parametrize(
    "content",
    [
        b"Day la mot tep van ban, khong phai co so du lieu.\n" * 20,
        b"\x00\xff" * 3000,
        b"PK\x03\x04" + b"\x00" * 500,
    ],
)
def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path, kcdesk_home, content):
    path = tmp_path / "báo cáo.sqlite3"
    path.write_bytes(content)
    with pytest.raises(DatabaseError) as info:
        open_database(sqlite_url(path))
    assert "không phải cơ sở dữ liệu kcdesk" in info.value.message_vi
    assert path.read_bytes() == content
    assert not Path(str(path) + "-wal").exists()


def test_a_foreign_sqlite_database_is_refused_untouched(tmp_path, kcdesk_home):
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE khach_hang (id INTEGER PRIMARY KEY, ten TEXT)")
    conn.execute("INSERT INTO khach_hang (ten) VALUES ('Lê Văn Tám')")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(DatabaseError) as info:
        open_database(sqlite_url(path))
    assert "không phải của kcdesk" in info.value.message_vi
    assert _digest(path) == before


def test_a_corrupt_database_gives_a_clear_message(tmp_path, kcdesk_home, db_path):
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xde\xad" * ((4096 - 100) // 2)  # wreck the schema page
    db_path.write_bytes(bytes(data))
    with pytest.raises(DatabaseError) as info:
        open_database(sqlite_url(db_path))
    assert "khôi phục" in info.value.message_vi
