"""Definitions load, and a broken one is refused with a message naming the question."""

from __future__ import annotations

import copy
import json
import unicodedata
from typing import Any

import pytest

from kcdesk.config import resource_path
from kcdesk.domain.errors import KcError, NotFoundError
from kcdesk.domain.forms import (
    FormDefinition,
    FormDefinitionError,
    FormRegistry,
    QType,
    parse_definition,
)


def _minimal(**question: Any) -> dict[str, Any]:
    base = {"name": "a", "type": "integer", "label": {"vi": "Câu A", "en": "A"}}
    return {
        "id": "thu",
        "version": 1,
        "title": "Phiếu thử",
        "sections": [
            {
                "name": "s",
                "label": "Phần 1",
                "questions": [base, {**{"label": "Câu B"}, **question}],
            }
        ],
    }


def _refused(data: dict[str, Any]) -> FormDefinitionError:
    with pytest.raises(FormDefinitionError) as info:
        parse_definition(data)
    return info.value


def test_default_questionnaire_follows_the_outline(definition: FormDefinition) -> None:
    assert (definition.id, definition.version) == ("khao-sat-co-so", 1)
    assert [s.name for s in definition.sections] == [
        "dinh_danh",
        "lao_dong",
        "san_xuat",
        "tai_san",
        "moi_truong",
        "danh_hieu",
        "nhu_cau_ho_tro",
        "xac_nhan",
    ]
    types = {q.type for q in definition.questions()}
    assert {
        QType.COMMUNE,
        QType.INDUSTRY_CODE,
        QType.REPEAT,
        QType.PHOTO,
        QType.CALCULATE,
        QType.MULTI_CHOICE,
        QType.DATE,
        QType.MONEY,
        QType.YES_NO,
    } <= types
    machinery = definition.question("may_moc")
    assert machinery is not None
    assert [c.name for c in machinery.columns] == [
        "ten_may",
        "so_luong",
        "nam_su_dung",
        "xuat_xu",
        "tinh_trang",
    ]
    for q in definition.questions():
        assert q.label.vi and q.label.en and q.label.vi != q.label.en
        assert unicodedata.is_normalized("NFC", q.label.vi)
    assert len(definition.fingerprint) == 12


def test_nfd_definition_is_stored_nfc() -> None:
    data = _minimal(name="b", type="text")
    data["title"] = unicodedata.normalize("NFD", "Phiếu khảo sát")
    d = parse_definition(data)
    assert d.title.vi == "Phiếu khảo sát"
    assert unicodedata.is_normalized("NFC", d.title.vi)


def test_unknown_type_is_refused_naming_the_question() -> None:
    err = _refused(_minimal(name="so_may", type="slider"))
    assert any(i.field == "so_may" and i.code == "unknown_type" for i in err.issues)
    assert "so_may" in str(err) and "slider" in str(err)


def test_relevance_naming_a_missing_question_is_refused() -> None:
    err = _refused(_minimal(name="b", type="text", relevant="c = true"))
    issue = next(i for i in err.issues if i.code == "unknown_reference")
    assert issue.field == "b"
    assert "“c”" in issue.message_vi and "“c”" in issue.message_en


def test_calculation_naming_a_missing_question_is_refused() -> None:
    err = _refused(_minimal(name="tong", type="calculate", calculation="a + khong_co"))
    assert any(i.field == "tong" and "khong_co" in i.message_vi for i in err.issues)


def test_calculation_naming_a_missing_column_is_refused(definition: FormDefinition) -> None:
    data = copy.deepcopy(definition.source)
    questions = data["sections"][3]["questions"]
    questions[-1]["calculation"] = "sum(may_moc.gia_tri)"
    err = _refused(data)
    assert any(i.field == "tong_so_may" and "may_moc.gia_tri" in i.message_vi for i in err.issues)


def test_duplicate_name_is_refused() -> None:
    err = _refused(_minimal(name="a", type="text"))
    assert [i.field for i in err.issues if i.code == "duplicate_name"] == ["a"]


def test_duplicate_column_is_refused() -> None:
    cols = [
        {"name": "x", "type": "text", "label": "X"},
        {"name": "x", "type": "integer", "label": "X2"},
    ]
    err = _refused(_minimal(name="bang", type="repeat", columns=cols))
    assert any(i.field == "bang.x" and i.code == "duplicate_name" for i in err.issues)


def test_cycle_between_calculations_is_refused() -> None:
    data = _minimal(name="b", type="calculate", calculation="c + 1")
    data["sections"][0]["questions"].append(
        {"name": "c", "type": "calculate", "calculation": "b * 2", "label": "C"}
    )
    err = _refused(data)
    cycle = next(i for i in err.issues if i.code == "cycle")
    assert "“b”" in cycle.message_vi and "“c”" in cycle.message_vi


def test_self_relevance_is_refused() -> None:
    err = _refused(_minimal(name="b", type="integer", relevant="b > 1"))
    assert any(i.code == "cycle" and i.field == "b" for i in err.issues)


def test_syntax_errors_and_unknown_keys_are_all_reported_at_once() -> None:
    data = _minimal(
        name="b", type="integer", constraint=". >", constraint_message="sai", requried=True
    )
    err = _refused(data)
    codes = {i.code for i in err.issues}
    assert {"bad_expression", "unknown_key"} <= codes
    assert "requried" in str(err)


def test_choices_must_exist_and_be_unique() -> None:
    err = _refused(_minimal(name="b", type="choice", choices="khong_co_danh_sach"))
    assert any(i.code == "unknown_choice_list" for i in err.issues)
    twice = [{"value": "x", "label": "X"}, {"value": "x", "label": "Y"}]
    err = _refused(_minimal(name="b", type="choice", choices=twice))
    assert any(i.code == "duplicate_choice" for i in err.issues)


def test_expression_cannot_reach_python() -> None:
    for source in ("__import__('os').system('x')", "a.__class__", "a.b.c", "open('x')"):
        err = _refused(_minimal(name="b", type="integer", relevant=source))
        assert err.issues, source


def test_registry_keeps_every_version_and_refuses_an_edited_one(
    definition: FormDefinition,
) -> None:
    v2_data = copy.deepcopy(definition.source)
    v2_data["version"] = 2
    v2_data["sections"][0]["questions"][0]["label"]["vi"] = "Tên đầy đủ của cơ sở"
    v2 = parse_definition(v2_data)
    registry = FormRegistry([definition, v2])
    assert registry.versions("khao-sat-co-so") == [1, 2]
    assert registry.get("khao-sat-co-so").version == 2
    assert registry.get("khao-sat-co-so", 1) is definition
    assert registry.add(parse_definition(json.dumps(definition.source))) is False
    edited = copy.deepcopy(definition.source)
    edited["title"]["vi"] = "Phiếu khác"
    with pytest.raises(KcError, match="phiên bản"):
        registry.add(parse_definition(edited))
    with pytest.raises(NotFoundError):
        registry.get("khao-sat-co-so", 3)


def test_builtin_folder_loads() -> None:
    registry = FormRegistry.from_folder(resource_path("forms"))
    assert registry.get("khao-sat-co-so", 1).title.vi.startswith("Phiếu khảo sát")
