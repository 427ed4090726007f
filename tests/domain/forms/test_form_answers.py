"""Answer validation: required, relevance, constraints, identifiers, calculations, versions."""

from __future__ import annotations

import copy
import unicodedata
from datetime import date
from typing import Any

import pytest

from kcdesk.domain.errors import Severity
from kcdesk.domain.forms import (
    FormDefinition,
    InputError,
    completeness,
    errors_only,
    format_answer,
    parse_definition,
    parse_input,
    validate_answers,
    with_calculations,
)
from kcdesk.domain.forms.checks import NFD_GROWTH

TODAY = date(2025, 6, 1)


def fields(definition: FormDefinition, answers: dict[str, Any]) -> dict[str, str]:
    return {i.field: i.code for i in errors_only(validate_answers(definition, answers, TODAY))}


def test_complete_answers_are_valid(definition: FormDefinition, answers: dict[str, Any]) -> None:
    assert validate_answers(definition, answers, TODAY) == []
    state = completeness(definition, answers, today=TODAY)
    assert state.can_complete and state.required_missing == 0
    assert 0 < state.answered < state.total


def test_required_questions_are_named(definition: FormDefinition, answers: dict[str, Any]) -> None:
    del answers["ten_co_so"]
    answers["nguoi_khao_sat"] = "   "
    issues = errors_only(validate_answers(definition, answers, TODAY))
    assert {i.field for i in issues} == {"ten_co_so", "nguoi_khao_sat"}
    assert issues[0].message_vi == "“Tên cơ sở”: chưa trả lời (bắt buộc)."
    assert issues[0].message_en == "“Facility name”: required."
    assert completeness(definition, answers, today=TODAY).required_missing == 2


def test_relevance_decides_what_is_asked(
    definition: FormDefinition, answers: dict[str, Any]
) -> None:
    del answers["ten_lang_nghe"]
    assert fields(definition, answers) == {"ten_lang_nghe": "required"}
    answers["thuoc_lang_nghe"] = False
    assert fields(definition, answers) == {}
    # an answer to a question that is no longer asked is kept, not checked, not dropped
    answers["ten_lang_nghe"] = "x" * 500
    assert fields(definition, answers) == {}
    assert with_calculations(definition, answers)["ten_lang_nghe"] == "x" * 500


def test_constraints_and_ranges(definition: FormDefinition, answers: dict[str, Any]) -> None:
    answers["lao_dong_nu"] = 50
    answers["nam_thanh_lap"] = 2030
    answers["tong_lao_dong"] = -1
    issues = errors_only(validate_answers(definition, answers, TODAY))
    by_field = {i.field: i for i in issues}
    assert by_field["nam_thanh_lap"].message_vi.endswith("năm thành lập không thể sau năm nay.")
    assert by_field["tong_lao_dong"].code == "out_of_range"
    assert "từ 0 đến 100.000" in by_field["tong_lao_dong"].message_vi
    answers["tong_lao_dong"] = 45
    assert fields(definition, answers) == {
        "lao_dong_nu": "constraint",
        "nam_thanh_lap": "constraint",
    }


def test_identifiers_use_the_domain_checks(
    definition: FormDefinition, answers: dict[str, Any]
) -> None:
    answers["ma_so_thue"] = "0100233489"
    answers["dien_thoai"] = "01633 123 456"
    issues = validate_answers(definition, answers, TODAY)
    tax = next(i for i in issues if i.field == "ma_so_thue")
    assert tax.severity is Severity.ERROR and "phải là 8" in tax.message_vi
    phone = next(i for i in issues if i.field == "dien_thoai")
    assert phone.severity is Severity.WARNING and "0333123456" in phone.message_vi


def test_table_cells_are_checked_with_their_row(
    definition: FormDefinition, answers: dict[str, Any]
) -> None:
    answers["may_moc"].append({"so_luong": 0, "xuat_xu": "sao_hoa"})
    issues = errors_only(validate_answers(definition, answers, TODAY))
    by_field = {i.field: i for i in issues}
    assert set(by_field) == {"may_moc[2].ten_may", "may_moc[2].so_luong", "may_moc[2].xuat_xu"}
    assert "dòng 3" in by_field["may_moc[2].ten_may"].message_vi
    assert "row 3" in by_field["may_moc[2].ten_may"].message_en


def test_choices_and_multi_choice_rules(
    definition: FormDefinition, answers: dict[str, Any]
) -> None:
    answers["loai_hinh"] = "cong_ty_me"
    answers["chat_thai"] = ["khong_co", "bui"]
    assert fields(definition, answers) == {"loai_hinh": "bad_choice", "chat_thai": "constraint"}


def test_wrong_json_shapes_are_reported_not_crashing(
    definition: FormDefinition, answers: dict[str, Any]
) -> None:
    answers.update(
        tong_lao_dong="nhiều",
        ngay_khao_sat="31/02/2025",
        co_khieu_nai="có",
        may_moc={"ten_may": "x"},
        xa_phuong="Tiên Lãng",
        anh=["khong-phai-hash"],
    )
    got = fields(definition, answers)
    assert set(got) >= {
        "tong_lao_dong",
        "ngay_khao_sat",
        "co_khieu_nai",
        "may_moc",
        "xa_phuong",
        "anh",
    }
    assert set(got.values()) == {"bad_value"}


def test_calculations(definition: FormDefinition, answers: dict[str, Any]) -> None:
    full = with_calculations(definition, answers)
    assert full["tong_so_may"] == 8
    assert full["tong_kinh_phi_du_kien"] == 650_000_000
    assert full["ty_le_lao_dong_nu"] == 84.4
    answers["von_doi_ung"] = 700_000_000
    assert fields(definition, answers) == {"von_doi_ung": "constraint"}
    answers["tong_lao_dong"] = 0
    answers["lao_dong_nu"] = 0
    assert with_calculations(definition, answers)["ty_le_lao_dong_nu"] is None


def test_answers_from_version_1_still_validate_after_version_2(
    definition: FormDefinition, answers: dict[str, Any]
) -> None:
    v2_source = copy.deepcopy(definition.source)
    v2_source["version"] = 2
    first = v2_source["sections"][0]["questions"]
    first[:] = [q for q in first if q["name"] != "dia_chi_cu"]  # dropped in v2
    first.append(
        {
            "name": "email",
            "type": "text",
            "format": "email",
            "required": True,
            "label": {"vi": "Thư điện tử", "en": "E-mail"},
        }
    )
    v2 = parse_definition(v2_source)
    answers["dia_chi_cu"] = "Xã Quang Phục, huyện Tiên Lãng"
    # under its own version the old survey is still valid and complete
    assert errors_only(validate_answers(definition, answers, TODAY)) == []
    # read under v2 it needs the new question, and its old answer is kept with a warning
    issues = validate_answers(v2, answers, TODAY)
    assert [i.field for i in errors_only(issues)] == ["email"]
    kept = [i for i in issues if i.field == "dia_chi_cu"]
    assert kept and kept[0].severity is Severity.WARNING and "giữ nguyên" in kept[0].message_vi


@pytest.mark.parametrize(
    ("name", "typed", "stored"),
    [
        ("tong_lao_dong", "1.250", 1250),
        ("san_luong_nam", "1.234,5", 1234.5),
        ("doanh_thu_nam_truoc", "3.250.000.000", 3_250_000_000),
        ("ngay_khao_sat", "5/2/2025", "2025-02-05"),
        ("thuoc_lang_nghe", "Có", True),
        ("co_khieu_nai", "không", False),
        ("loai_hinh", "hop tac xa", "htx"),
        ("loai_hinh", "2", "htx"),
        ("chat_thai", "Bụi; nước thải", ["bui", "nuoc_thai"]),
        ("ten_co_so", "  HTX  Lật   Dương ", "HTX Lật Dương"),
        ("ghi_chu", "", None),
    ],
)
def test_parse_input(definition: FormDefinition, name: str, typed: str, stored: object) -> None:
    q = definition.question(name)
    assert q is not None
    assert parse_input(q, typed) == stored


@pytest.mark.parametrize(
    ("name", "typed"),
    [
        ("tong_lao_dong", "12,5"),
        ("ngay_khao_sat", "31/02/2025"),
        ("loai_hinh", "tập đoàn"),
        ("thuoc_lang_nghe", "có lẽ"),
    ],
)
def test_parse_input_refuses_in_vietnamese(
    definition: FormDefinition, name: str, typed: str
) -> None:
    q = definition.question(name)
    assert q is not None
    with pytest.raises(InputError) as info:
        parse_input(q, typed)
    assert typed in info.value.message_vi


def test_format_answer(definition: FormDefinition, answers: dict[str, Any]) -> None:
    def show(name: str, lang: str = "vi") -> str:
        q = definition.question(name)
        assert q is not None
        return format_answer(q, answers.get(name), lang)

    assert show("doanh_thu_nam_truoc") == "3.250.000.000 đ"
    assert show("nam_thanh_lap") == "1998"
    assert show("tong_lao_dong") == "45 người"
    assert show("tong_lao_dong", "en") == "45 people"
    assert show("loai_hinh") == "Hợp tác xã"
    assert show("thuoc_lang_nghe", "en") == "Yes"
    assert show("ngay_khao_sat") == "05/02/2025"
    assert show("chat_thai") == "Bụi"
    assert show("xa_phuong") == "Xã Tiên Lãng, Hải Phòng"


def test_no_character_decomposes_into_more_than_the_plan_assumes() -> None:
    # compiled code skips the NFC check of a text that is short enough for any form of it
    longest = max(len(unicodedata.normalize("NFD", chr(c))) for c in range(0x110000))
    assert longest <= NFD_GROWTH
