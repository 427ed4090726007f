from __future__ import annotations

import sqlite3

import pytest

from kcdesk.config import sqlite_url
from kcdesk.domain.errors import DatabaseError
from kcdesk.services import database
from kcdesk.services.context import open_database
from kcdesk.services.facilities import FacilityFilter, count_facilities, create_facility
from kcdesk.services.installation import get_installation


def _facility(db, name):
    return create_facility(db, {"name": name, "kind": "HTX", "commune_code": 11755})


def test_backup_while_open_then_restore_brings_the_data_back(db, db_path, kcdesk_home, tmp_path):
    _facility(db, "HTX chiếu cói Lật Dương")
    backup = database.backup(out=tmp_path / "sao lưu ngày 05-02.sqlite3")
    assert backup.exists()
    _facility(db, "HTX mây tre đan Phú Vinh")
    assert count_facilities(db) == 2
    device_before = get_installation(db).device_id
    db.close()

    safety = database.restore(backup)
    assert safety is not None and safety.exists()  # the replaced database was kept
    reopened = open_database()
    assert count_facilities(reopened) == 1
    assert count_facilities(reopened, FacilityFilter(search="lat duong")) == 1
    info = get_installation(reopened)
    assert info.device_id != device_before  # a restored database is a copy: new device id
    assert device_before in info.past_device_ids
    reopened.close()


def test_restore_refuses_a_damaged_backup_and_keeps_the_database(db, db_path, tmp_path):
    _facility(db, "HTX chiếu cói Lật Dương")
    db.close()
    bad = tmp_path / "hỏng.sqlite3"
    bad.write_bytes(b"not a database" * 100)
    with pytest.raises(DatabaseError):
        database.restore(bad)
    reopened = open_database()
    assert count_facilities(reopened) == 1
    reopened.close()


def test_check_reports_a_broken_foreign_key(db, db_path):
    db.close()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute(
        "INSERT INTO survey (uuid, origin_device, version, local_counter, deleted, created_at, "
        "updated_at, facility_uuid, form_id, form_version, answers, status, surveyor) VALUES "
        "('s1', 'd', '{}', 0, 0, '2025-01-01', '2025-01-01', 'missing-facility', 'f', 1, '{}', "
        "'draft', '')"
    )
    conn.commit()
    conn.close()
    report = database.check(sqlite_url(db_path))
    assert not report.ok
    assert any("survey" in p for p in report.problems)


def test_copied_database_file_takes_a_new_device_id(db, db_path, tmp_path):
    _facility(db, "HTX chiếu cói Lật Dương")
    original = get_installation(db).device_id
    db.close()
    copy = tmp_path / "laptop-khac" / "kcdesk.sqlite3"
    copy.parent.mkdir()
    backup = database.backup(out=copy)
    copied = open_database(sqlite_url(backup))
    info = get_installation(copied)
    assert info.device_id != original
    assert original in info.past_device_ids
    assert count_facilities(copied) == 1
    copied.close()
    # The original, opened where it was, keeps its id.
    again = open_database(sqlite_url(db_path))
    assert get_installation(again).device_id == original
    again.close()
