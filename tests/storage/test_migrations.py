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
    return [d for d in diffs if "facility_fts" not in repr(d) and "search_trgm" not in repr(d)]


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


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_proposals_written_under_the_first_revision_keep_exact_amounts(
    backend, tmp_path, kcdesk_home, request
):
    """0002 turns budget quantities into exact scaled integers and gives each lifecycle step an
    id: a proposal written before reads back with the same figures and history."""
    if backend == "sqlite":
        url = sqlite_url(tmp_path / "proposals.sqlite3")
    else:
        from tests.support.postgres import reset_schema

        url = request.getfixturevalue("postgres_url")
        reset_schema(url)
    engine = make_engine(url)
    with engine.begin() as conn:
        command.upgrade(migrate.alembic_config(conn), "0001")
        conn.execute(text(
            "INSERT INTO proposal (id, uuid, origin_device, version, local_counter, deleted, "
            "created_at, updated_at, title, title_folded, category_code, funding_source, "
            "implementing_unit, status, support_amount, counterpart_amount) VALUES (1, "
            "'11111111-1111-1111-1111-111111111111', 'dev', '{\"dev\": 3}', 3, false, "
            "'2025-01-01', '2025-01-01', 'Đào tạo nghề chiếu cói', 'dao tao nghe chieu coi', "
            "'dao_tao_nghe', 'provincial', 'Trung tâm', 'submitted', 3750000, 1250000)"
        ))  # fmt: skip
        conn.execute(text(
            "INSERT INTO proposal_budget_line (proposal_id, position, item, unit, quantity, "
            "unit_price, support_amount, counterpart_amount) VALUES "
            "(1, 0, 'Thuê giảng viên', 'buổi', 2.5, 2000000, 3750000, 1250000)"
        ))  # fmt: skip
        for step, (a, b) in enumerate([("draft", "submitted"), ("submitted", "appraising")]):
            conn.execute(text(
                "INSERT INTO proposal_status_change (proposal_id, from_status, to_status, actor, "
                "role, device_id, reason, at) VALUES (1, :a, :b, 'An', 'collaborator', 'dev', '', "
                ":at)"), {"a": a, "b": b, "at": f"2025-01-0{step + 2} 08:00:00"})  # fmt: skip
    engine.dispose()
    db = open_database(url)
    from sqlalchemy import select

    from kcdesk.storage.models import Proposal, ProposalBudgetLine, ProposalStatusChange

    with db.unit_of_work() as uow:
        line = uow.session.execute(select(ProposalBudgetLine)).scalar_one()
        assert str(line.quantity) == "2.5"
        proposal = uow.session.execute(select(Proposal)).scalar_one()
        assert proposal.total_amount == 5_000_000
        steps = uow.session.execute(select(ProposalStatusChange)).scalars().all()
        assert len({s.uuid for s in steps}) == 2 and all(len(s.uuid) == 36 for s in steps)
    with db.engine.connect() as conn:
        assert _diff_ignoring_fts(conn) == []
    db.close()


def test_head_constant_matches_the_scripts():
    """Opening a current database compares with migrate.HEAD instead of loading Alembic."""
    assert migrate.script_directory().get_current_head() == migrate.HEAD
