"""Lines read by the shortcut (fast_lines: facilities decoded by schema, surveys with their
answers kept as text) give exactly what the general path gives, and every line the shortcut
cannot judge goes the general way."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import select

from kcdesk.config import sqlite_url
from kcdesk.domain.errors import ValidationError
from kcdesk.io.sync import PackageError
from kcdesk.services import answer_batches, surveys
from kcdesk.services.context import open_database
from kcdesk.services.sync import export_package, import_package
from kcdesk.services.sync.fast_lines import skim_line
from kcdesk.services.sync.records import (
    RawJSON,
    check_values,
    iter_changed_lines,
    parse_line,
)
from kcdesk.storage.models import Survey

from .sync_world import Laptop, copy_database, facility, snapshot


@pytest.fixture
def workers(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every package counts as big (so survey lines are skimmed), one worker even on one core;
    notes for each survey line whether the shortcut took it."""
    monkeypatch.setattr(answer_batches, "PARALLEL_FROM", 1)
    monkeypatch.setattr(answer_batches, "_BATCH", 3)
    monkeypatch.setattr(answer_batches, "_workers", lambda: 1)
    from kcdesk.services.sync import importer

    taken: list[int] = []
    real = importer.skim_line

    def counting(line: bytes, kinds: Any) -> Any:
        found = real(line, kinds)
        if b'"kind":"survey"' in line[:20]:
            taken.append(found is not None)
        return found

    monkeypatch.setattr(importer, "skim_line", counting)
    return taken


def skim_survey(line: bytes) -> Any:
    return skim_line(line, {"survey"})


def _surveys(db: Any, owner: str) -> list[str]:
    """A complete survey, a draft, an edited draft and a deleted one."""
    made = []
    for i in range(4):
        detail = surveys.create_survey(db, owner)
        answers = dict(detail.answers)
        answers.update(san_pham_chinh=f"Chiếu cói loại {i + 1}", nguoi_khao_sat="Nguyễn Văn An",
                       ngay_khao_sat="2025-02-05", nguoi_dai_dien="Phạm Văn Đạt",
                       tong_lao_dong=20 + i, lao_dong_nu=10)  # fmt: skip
        if i == 0:
            surveys.mark_complete(db, detail.uuid, answers)
        else:
            surveys.save_survey(db, detail.uuid, answers)
        made.append(detail.uuid)
    surveys.delete_survey(db, made[3])
    return made


def _twin(centre: Laptop, tmp_path: Path) -> Laptop:
    """The centre as it is now, as a copy (same installation, same keys)."""
    path = copy_database(centre, tmp_path / "twin" / "tinh.sqlite3")
    return Laptop("twin", path, open_database(sqlite_url(path)))


def _lines(db: Any, kind: str = "survey") -> list[bytes]:
    with db.engine.connect() as conn:
        return [r.line for batch in iter_changed_lines(conn, kind, 0) for r in batch]


def test_a_skimmed_line_reads_as_the_general_path_reads_it(an: Laptop) -> None:
    owner = facility(an.db)
    _surveys(an.db, owner)
    for line in _lines(an.db):
        skimmed = skim_survey(line)
        general = parse_line(orjson.loads(line))
        assert skimmed is not None
        assert (skimmed.uuid, skimmed.origin, skimmed.vector, skimmed.deleted) == (
            general.uuid, general.origin, general.vector, general.deleted)  # fmt: skip
        assert (skimmed.created_at, skimmed.updated_at) == (general.created_at, general.updated_at)
        expected = check_values("survey", general.data)
        columns = dict(skimmed.columns or {})
        answers = columns.pop("answers")
        assert isinstance(answers, RawJSON) and answers.value() == expected.pop("answers")
        assert columns == expected
        # Decoded only when asked (a record already here, a conflict): the same data.
        assert skimmed.data == general.data
        assert skimmed.version == general.version


def test_a_facility_line_reads_as_the_general_path_reads_it(an: Laptop) -> None:
    facility(an.db, "Cơ sở mây tre đan Phú Vinh", latitude=20.75, longitude=106.5,
             year_founded=1998, employees=12, notes="Ghi chú\ncó hai dòng")  # fmt: skip
    facility(an.db, "HTX chiếu cói Lật Dương")
    lines = _lines(an.db, "facility")
    assert len(lines) == 2
    for line in lines:
        assert skim_line(line, {"survey"}) is None, "only the kinds asked for"
        skimmed = skim_line(line, {"facility", "survey"})
        general = parse_line(orjson.loads(line))
        assert skimmed is not None and not skimmed.skimmed, "decoded in full"
        assert skimmed.data == general.data and skimmed.fields is skimmed.data
        assert skimmed.columns == check_values("facility", general.data)
        assert (skimmed.uuid, skimmed.vector, skimmed.version) == (
            general.uuid, general.vector, general.version)  # fmt: skip
    # A whole number in a real column stays a whole number in the data, as orjson reads it
    # (the content digest depends on it), and becomes a real in the column.
    line = json.loads(lines[0])
    line["data"]["latitude"] = 21
    text = json.dumps(line, ensure_ascii=False, separators=(",", ":")).encode()
    skimmed = skim_line(text, {"facility"})
    assert skimmed is not None and skimmed.data["latitude"] == 21
    assert type(skimmed.data["latitude"]) is int
    assert skimmed.columns is not None and type(skimmed.columns["latitude"]) is float
    assert skimmed.data == parse_line(orjson.loads(text)).data


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda d: {"uuid": d.pop("uuid"), **d}, id="another key order"),
        pytest.param(lambda d: d["data"].pop("surveyor"), id="a field left out"),
        pytest.param(lambda d: d["data"].update(extra=1), id="an unknown field"),
        pytest.param(lambda d: d.update(note="x"), id="an unknown line field"),
        pytest.param(lambda d: d["data"].update(form_version=True), id="true for a number"),
        pytest.param(lambda d: d["data"].update(form_version=2**64), id="beyond 64 bits"),
        pytest.param(lambda d: d["data"].update(form_id="x" * 65), id="too long"),
        pytest.param(lambda d: d["data"].update(answers=None), id="answers null"),
        pytest.param(lambda d: d["data"].update(survey_date="05/02/2025"), id="a bad date"),
        pytest.param(lambda d: d.update(uuid="not-a-uuid"), id="a bad uuid"),
        pytest.param(lambda d: d.update(version={}), id="an empty version"),
        pytest.param(lambda d: d.update(version={"a": -1}), id="a negative counter"),
        pytest.param(lambda d: d.update(kind="facility"), id="another kind"),
    ],
)
def test_a_line_the_shortcut_cannot_judge_goes_the_general_way(an: Laptop, change: Any) -> None:
    owner = facility(an.db)
    _surveys(an.db, owner)
    line = json.loads(_lines(an.db)[0])
    change(line)
    text = json.dumps(line, ensure_ascii=False, separators=(",", ":")).encode()
    assert skim_survey(text) is None


def test_answers_that_are_not_utf8_go_the_general_way(an: Laptop) -> None:
    owner = facility(an.db)
    _surveys(an.db, owner)
    line = _lines(an.db)[0]
    broken = line.replace(b'"ten_co_so": "', b'"ten_co_so": "\xff', 1)
    assert broken != line and skim_survey(broken) is None


def test_a_package_imports_the_same_skimmed_or_not(
    an: Laptop, centre: Laptop, tmp_path: Path, workers: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    owner = facility(an.db)
    made = _surveys(an.db, owner)
    out = tmp_path / "p.kcsync"
    export_package(an.db, out)
    twin = _twin(centre, tmp_path)  # takes the same file the general way
    try:
        result = import_package(centre.db, out)
        assert result.status == "imported" and result.counts["survey"]["inserted"] == 4
        assert workers and all(workers), "every survey line was skimmed"
        workers.clear()
        monkeypatch.setattr(answer_batches, "PARALLEL_FROM", 10**9)
        assert import_package(twin.db, out).status == "imported"
        assert workers and not any(workers), "no survey line was skimmed"
        assert snapshot(centre.db) == snapshot(twin.db)
    finally:
        twin.close()
    with centre.db.unit_of_work() as uow:
        stored = {s.uuid: s for s in uow.session.execute(select(Survey)).scalars()}
    assert stored[made[0]].status == "complete" and stored[made[3]].deleted
    assert stored[made[1]].answers["san_pham_chinh"] == "Chiếu cói loại 2"
    assert snapshot(centre.db)["survey"] == snapshot(an.db)["survey"]


def test_a_skimmed_survey_updates_one_already_here(
    an: Laptop, centre: Laptop, tmp_path: Path, workers: list[int]
) -> None:
    owner = facility(an.db)
    made = _surveys(an.db, owner)
    export_package(an.db, tmp_path / "1.kcsync")
    import_package(centre.db, tmp_path / "1.kcsync")
    answers = dict(surveys.get_survey(an.db, made[1]).answers)
    answers["san_pham_chinh"] = "Chiếu cói in hoa"
    surveys.save_survey(an.db, made[1], answers)
    export_package(an.db, tmp_path / "2.kcsync")
    workers.clear()
    result = import_package(centre.db, tmp_path / "2.kcsync")
    assert any(workers), "the edited survey's line was skimmed"
    assert result.counts["survey"]["updated"] == 1
    assert surveys.get_survey(centre.db, made[1]).answers["san_pham_chinh"] == "Chiếu cói in hoa"
    assert snapshot(centre.db)["survey"] == snapshot(an.db)["survey"]


@pytest.mark.parametrize("in_workers", [True, False], ids=["skimmed", "general path"])
def test_a_number_no_double_holds_is_refused_either_way(
    an: Laptop, centre: Laptop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    in_workers: bool,
) -> None:  # fmt: skip
    """orjson refuses 1e400; msgspec only skims it: a worker decodes every skimmed line in
    full, so the import is refused as the general path refuses it, and nothing is written."""
    if in_workers:
        monkeypatch.setattr(answer_batches, "PARALLEL_FROM", 1)
        monkeypatch.setattr(answer_batches, "_workers", lambda: 1)
    owner = facility(an.db)
    made = _surveys(an.db, owner)
    with an.db.engine.begin() as conn:  # a hand-edited database
        conn.exec_driver_sql(
            "UPDATE survey SET answers = ? WHERE uuid = ?", ('{"so_luong": 1e400}', made[1])
        )
    out = tmp_path / "p.kcsync"
    export_package(an.db, out)
    assert b"1e400" not in out.read_bytes()  # encrypted; the line carries it as written
    with pytest.raises((PackageError, ValidationError)) as refused:
        import_package(centre.db, out)
    message = str(refused.value)
    assert "JSON" in message
    with centre.db.unit_of_work() as uow:
        assert uow.session.execute(select(Survey.id)).first() is None


@pytest.mark.parametrize(
    "stamp",
    ["2026-12-06T23:48:02.397556", "2026-02-30T23:48:02.397556", "2026-12-06T23:48:02", "",
     "not a time", "2026-01-01T10:00:00.123+07", "2026-12-06T23:48:02.39755\uff16"],
)  # fmt: skip
def test_a_time_stamp_is_stored_as_the_general_conversion_stores_it(stamp: str) -> None:
    from datetime import datetime

    from kcdesk.services.sync.records import _sqlite_datetime, _sqlite_stamp, _stamp_value

    now = datetime(2026, 1, 1, 1, 2, 3, 4)
    assert _sqlite_stamp(stamp, now) == _sqlite_datetime(_stamp_value(stamp, now))


def test_a_skimmed_survey_edited_on_both_sides_is_a_conflict_as_by_the_general_path(
    an: Laptop, centre: Laptop, tmp_path: Path, workers: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from kcdesk.services.sync import conflict_detail, list_conflicts

    from .sync_world import send

    owner = facility(an.db)
    made = _surveys(an.db, owner)
    send(an, centre, tmp_path)
    send(centre, an, tmp_path)  # the receipt: what the centre has is acknowledged
    mine = dict(surveys.get_survey(an.db, made[1]).answers)
    mine["san_pham_chinh"] = "Chiếu cói xuất khẩu"
    surveys.save_survey(an.db, made[1], mine)
    theirs = dict(surveys.get_survey(centre.db, made[1]).answers)
    theirs["san_pham_chinh"] = "Chiếu cói nội địa"
    surveys.save_survey(centre.db, made[1], theirs)
    out = tmp_path / "edit.kcsync"
    export_package(an.db, out)
    twin = _twin(centre, tmp_path)
    try:
        workers.clear()
        result = import_package(centre.db, out)
        assert workers == [True], "the edited survey's line was skimmed"
        assert result.counts["survey"]["conflicts"] == 1
        # Nothing overwritten: both versions are kept side by side, one shown whole.
        here = surveys.get_survey(centre.db, made[1]).answers["san_pham_chinh"]
        assert here in ("Chiếu cói xuất khẩu", "Chiếu cói nội địa")
        [conflict] = list_conflicts(centre.db)
        detail = conflict_detail(centre.db, "survey", made[1])
        assert conflict.uuid == made[1] and len(detail.versions) == 2
        differing = [f for f in detail.fields if f.differs]
        assert any(set(f.values) == {"Chiếu cói xuất khẩu", "Chiếu cói nội địa"}
                   for f in differing), [(f.name, f.values) for f in differing]  # fmt: skip
        monkeypatch.setattr(answer_batches, "PARALLEL_FROM", 10**9)
        workers.clear()
        assert import_package(twin.db, out).counts["survey"]["conflicts"] == 1
        assert not any(workers)
        assert snapshot(centre.db) == snapshot(twin.db)
    finally:
        twin.close()


@pytest.mark.postgres
def test_a_centre_on_postgresql_stores_skimmed_answers_as_json(
    postgres_url: str, template_db: Path, kcdesk_home: Path, tmp_path: Path, workers: list[int]
) -> None:
    """On PostgreSQL the answers kept as text are decoded for SQLAlchemy's JSON column (SQLite
    takes the text as it is): the centre ends with what the laptop has."""
    from kcdesk.services.installation import init_installation
    from kcdesk.services.sync import create_setup_file, enrol
    from tests.support.postgres import reset_schema

    from .sync_world import new_database

    reset_schema(postgres_url)
    centre = open_database(postgres_url)
    try:
        init_installation(centre, role="province", person_name="Lê Thị Thu",
                          centre_name="Trung tâm Khuyến công Hải Phòng", province=31)  # fmt: skip
        setup = tmp_path / "thiet-lap-an.kcsync"
        create_setup_file(centre, setup, person_name="Nguyễn Văn An", communes=[11755])
        _path, laptop = new_database(template_db, tmp_path / "an", "an")
        try:
            enrol(laptop, setup)
            made = _surveys(laptop, facility(laptop))
            out = tmp_path / "p.kcsync"
            export_package(laptop, out)
            result = import_package(centre, out)
            assert workers and all(workers), "every survey line was skimmed"
            assert result.counts["survey"]["inserted"] == 4
            assert surveys.get_survey(centre, made[0]).status == "complete"
            answers = surveys.get_survey(centre, made[1]).answers
            assert answers["san_pham_chinh"] == "Chiếu cói loại 2"
            assert snapshot(centre)["survey"] == snapshot(laptop)["survey"]
        finally:
            laptop.close()
    finally:
        centre.close()
