"""Survey use cases over a fresh database: forms, editing, completion, drafts, lists, photos."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kcdesk.domain.errors import KcError, NotFoundError, ValidationError
from kcdesk.domain.forms import FormDefinitionError
from kcdesk.services import surveys
from kcdesk.services.facilities import create_facility

Db = Any


@pytest.fixture
def facility(db: Db) -> str:
    row = create_facility(
        db,
        {
            "name": "HTX chiếu cói Lật Dương",
            "kind": "htx",
            "owner_name": "Nguyễn Văn Đạt",
            "commune_code": 11755,
            "phone": "0912345678",
            "year_founded": 1998,
            "craft_village": "Làng nghề chiếu cói Lật Dương",
            "employees": 45,
        },
    )
    return row.uuid


@pytest.fixture
def other_facility(db: Db) -> str:
    return create_facility(
        db,
        {
            "name": "Cơ sở gốm Đông Hòa",
            "kind": "ho_kinh_doanh",
            "owner_name": "Phạm Thị Thu",
            "commune_code": 11779,
        },
    ).uuid


def complete_answers(detail: surveys.SurveyDetail) -> dict[str, Any]:
    a = dict(detail.answers)
    a.update(san_pham_chinh="Chiếu cói", nguoi_khao_sat="Nguyễn Văn An", ngay_khao_sat="2025-02-05")
    return a


def test_builtin_form_is_installed_once(db: Db) -> None:
    forms = surveys.list_forms(db)
    assert [(f.form_id, f.version, f.latest) for f in forms] == [("khao-sat-co-so", 1, True)]
    assert forms[0].title == "Phiếu khảo sát cơ sở công nghiệp nông thôn"
    assert surveys.list_forms(db) == forms


def test_a_database_replaced_under_the_same_name_gets_the_forms_again(
    db_path: Path, template_db: Path
) -> None:
    """Restoring a copy over the file while the app runs: the new file is checked afresh."""
    import shutil

    from kcdesk.config import sqlite_url
    from kcdesk.services.context import open_database

    first = open_database(sqlite_url(db_path))
    assert [f.form_id for f in surveys.list_forms(first)] == ["khao-sat-co-so"]
    first.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template_db, db_path)  # no forms installed in this one yet
    second = open_database(sqlite_url(db_path))
    try:
        assert [f.form_id for f in surveys.list_forms(second)] == ["khao-sat-co-so"]
    finally:
        second.close()


def test_new_version_installs_beside_the_old_and_an_edit_is_refused(db: Db, tmp_path: Path) -> None:
    v1 = surveys.get_definition(db, "khao-sat-co-so", 1)
    source = copy.deepcopy(v1.source)
    source["version"] = 2
    source["sections"][0]["questions"][0]["label"]["vi"] = "Tên giao dịch"
    path = tmp_path / "mẫu v2.json"
    path.write_text(json.dumps(source, ensure_ascii=False), encoding="utf-8")
    info = surveys.install_form(db, path, origin="file")
    assert (info.version, info.latest) == (2, True)
    assert surveys.get_definition(db).version == 2
    assert surveys.get_definition(db, "khao-sat-co-so", 1).fingerprint == v1.fingerprint
    source["title"]["vi"] = "Sửa lén"
    with pytest.raises(KcError, match="tăng số phiên bản"):
        surveys.install_form(db, source)
    broken = copy.deepcopy(source)
    broken["version"] = 3
    broken["sections"][0]["questions"][0]["type"] = "slider"
    with pytest.raises(FormDefinitionError, match="ten_co_so"):
        surveys.install_form(db, broken)


def test_create_prefills_from_the_register(db: Db, facility: str) -> None:
    s = surveys.create_survey(db, facility)
    assert s.status == "draft" and (s.form_id, s.form_version) == ("khao-sat-co-so", 1)
    a = s.answers
    assert a["ten_co_so"] == "HTX chiếu cói Lật Dương" and a["loai_hinh"] == "htx"
    assert a["thuoc_lang_nghe"] is True and a["ten_lang_nghe"] == "Làng nghề chiếu cói Lật Dương"
    assert a["xa_phuong"]["code"] == "11755" and a["xa_phuong"]["name"]
    assert a["nguoi_khao_sat"] == "Nguyễn Văn An"
    assert a["ngay_khao_sat"] == date.today().isoformat()
    assert s.facility_name == "HTX chiếu cói Lật Dương" and s.commune_code == 11755
    assert {i.field for i in s.issues} == {"san_pham_chinh"}
    assert s.completeness is not None and not s.completeness.can_complete


def test_invalid_answers_are_kept_as_draft_with_reasons(db: Db, facility: str) -> None:
    s = surveys.create_survey(db, facility)
    a = complete_answers(s)
    a["lao_dong_nu"] = 99  # more women than workers
    saved = surveys.save_survey(db, s.uuid, a)
    assert saved.answers["lao_dong_nu"] == 99
    assert [i.field for i in saved.issues] == ["lao_dong_nu"]
    with pytest.raises(ValidationError) as info:
        surveys.mark_complete(db, s.uuid)
    assert "Trong đó: lao động nữ" in str(info.value)
    assert surveys.get_survey(db, s.uuid).status == "draft"
    a["lao_dong_nu"] = 30
    done = surveys.mark_complete(db, s.uuid, a)
    assert done.status == "complete" and done.issues == []
    assert done.surveyor == "Nguyễn Văn An" and done.survey_date == date(2025, 2, 5)
    # a complete survey edited into an invalid state goes back to draft, answers kept
    a["tong_lao_dong"] = None
    back = surveys.save_survey(db, s.uuid, a)
    assert back.status == "draft"
    assert [i.field for i in back.issues] == ["tong_lao_dong"]
    assert back.answers["lao_dong_nu"] == 30


def test_old_version_survey_reads_and_completes_after_v2(db: Db, facility: str) -> None:
    s = surveys.create_survey(db, facility)
    v1 = surveys.get_definition(db)
    source = copy.deepcopy(v1.source)
    source["version"] = 2
    source["sections"][0]["questions"].append(
        {"name": "email", "type": "text", "required": True, "label": "Thư điện tử"}
    )
    surveys.install_form(db, source)
    again = surveys.get_survey(db, s.uuid)
    assert again.form_version == 1
    assert "email" not in {i.field for i in again.issues}
    assert surveys.mark_complete(db, s.uuid, complete_answers(again)).status == "complete"
    assert surveys.create_survey(db, facility).form_version == 2


def test_autosave_is_offered_back_after_a_crash(db: Db, facility: str) -> None:
    s = surveys.create_survey(db, facility)
    typed = dict(s.answers, ghi_chu="Đang gõ dở…")
    surveys.autosave(db, s.uuid, typed)
    surveys.autosave(db, s.uuid, dict(typed, ghi_chu="Đang gõ dở… thêm"))
    # the stored survey did not change: autosave is local and stamps nothing
    assert "ghi_chu" not in surveys.get_survey(db, s.uuid).answers
    drafts = surveys.pending_drafts(db)
    assert [(d.survey_uuid, d.answers["ghi_chu"]) for d in drafts] == [(s.uuid, "Đang gõ dở… thêm")]
    assert drafts[0].facility_name == "HTX chiếu cói Lật Dương"
    surveys.save_survey(db, s.uuid, drafts[0].answers)
    assert surveys.pending_drafts(db) == []
    surveys.autosave(db, s.uuid, dict(typed, ghi_chu="khác"))
    surveys.discard_draft(db, s.uuid)
    assert surveys.pending_drafts(db) == []


def test_lists_filter_sort_and_search(db: Db, facility: str, other_facility: str) -> None:
    a = surveys.create_survey(db, facility)
    surveys.mark_complete(db, a.uuid, complete_answers(a))
    b = surveys.create_survey(db, other_facility)
    surveys.save_survey(db, b.uuid, dict(b.answers, ngay_khao_sat="2024-12-01"))
    c = surveys.create_survey(db, facility)
    surveys.save_survey(db, c.uuid, dict(c.answers, ngay_khao_sat="2025-03-01"))

    def uuids(**kw: Any) -> list[str]:
        return [r.uuid for r in surveys.list_surveys(db, **kw)]

    assert uuids(facility_uuid=facility) == [c.uuid, a.uuid]
    assert uuids(commune_code=11779) == [b.uuid]
    assert uuids(status="complete") == [a.uuid]
    assert set(uuids(status="draft")) == {b.uuid, c.uuid}
    assert uuids(date_from=date(2025, 1, 1), date_to=date(2025, 2, 28)) == [a.uuid]
    assert uuids(search="gom dong hoa") == [b.uuid]  # without diacritics, đ → d
    assert uuids(search="Lật Dương") == [c.uuid, a.uuid]
    assert uuids(order="date", descending=False) == [b.uuid, a.uuid, c.uuid]
    assert surveys.count_surveys(db, status="draft") == 2
    assert uuids(limit=1, offset=1) == [a.uuid]
    row = surveys.list_surveys(db, facility_uuid=other_facility)[0]
    assert row.commune_name and row.to_json()["survey_date"] == "2024-12-01"
    with pytest.raises(KcError, match="Tình trạng"):
        surveys.list_surveys(db, status="xong")


def test_delete_is_a_tombstone(db: Db, facility: str) -> None:
    s = surveys.create_survey(db, facility)
    surveys.delete_survey(db, s.uuid)
    assert surveys.list_surveys(db) == []
    with pytest.raises(NotFoundError):
        surveys.get_survey(db, s.uuid)


def test_photos_are_stored_once_by_hash(db: Db, facility: str, tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "ảnh xưởng.jpg"
    Image.new("RGB", (40, 30), (10, 120, 10)).save(path, "JPEG")
    s = surveys.create_survey(db, facility)
    ref = surveys.attach_photo(db, s.uuid, path, "Xưởng dệt")
    again = surveys.attach_photo(db, s.uuid, path, "Xưởng dệt")
    assert ref.sha256 == again.sha256 and ref.filename == "ảnh xưởng.jpg"
    answers = dict(s.answers, anh=[ref.to_answer()])
    saved = surveys.save_survey(db, s.uuid, answers)
    assert "anh" not in {i.field for i in saved.issues}
    assert surveys.photo_bytes(db, ref.sha256) == path.read_bytes()
    definition = surveys.get_definition(db)
    assert set(surveys.survey_photos(db, saved.answers, definition)) == {ref.sha256}
    text = tmp_path / "ghi chú.txt"
    text.write_text("x", encoding="utf-8")
    with pytest.raises(KcError, match="không phải ảnh"):
        surveys.attach_photo(db, s.uuid, text)
