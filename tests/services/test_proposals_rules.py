"""Categories and cap rules in the database: bundled defaults, a province's file, replacement."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kcdesk.domain.errors import KcError, ValidationError
from kcdesk.domain.proposals import RuleSource, select_rule
from kcdesk.services.context import Database
from kcdesk.services.proposal_rules import (
    cap_rules,
    list_categories,
    list_rule_sets,
    load_rules_document,
    load_rules_file,
    remove_rule_set,
    repeat_years,
    restore_default_rules,
    rule_set_document,
    set_repeat_years,
)

RULES = Path(__file__).resolve().parents[2] / "resources" / "rules"


def hai_phong_doc(**kw: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": "kcdesk-proposal-rules",
        "format_version": 1,
        "source": "provincial",
        "province_code": 31,
        "province_name": "Thành phố Hải Phòng",
        "legal_reference": "NQ 07/2025/NQ-HĐND",
        "effective_from": "01/07/2025",
        "categories": [{"code": "ca_phe", "name_vi": "Chế biến nông sản đặc sản"}],
        "rules": [
            {"category": "ung_dung_may_moc", "max_percent": 40, "max_amount_million": 250},
            {"category": "ca_phe", "max_percent": 30, "max_amount_million": 100},
        ],
    }
    doc.update(kw)
    return doc


def test_bundled_defaults_are_there_once(db: Database) -> None:
    categories = list_categories(db)
    assert len(categories) == 11 and categories[0].code == "dao_tao_nghe"
    sets = list_rule_sets(db)
    assert {s.file_name for s in sets} == {"categories.json", "national-tt28-2018.json"}
    assert len(list_rule_sets(db)) == len(sets)  # asking again loads nothing twice
    rules = cap_rules(db)
    assert {r.category for r in rules} == {
        "thanh_lap_doanh_nghiep", "mo_hinh_trinh_dien", "ung_dung_may_moc", "day_chuyen_cong_nghe",
    }  # fmt: skip


def test_provincial_file_loads_and_takes_precedence(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "quy-định Hải Phòng.json"
    path.write_text(json.dumps(hai_phong_doc(), ensure_ascii=False), encoding="utf-8-sig")
    info = load_rules_file(db, path)
    assert info.rule_count == 2 and info.category_count == 1 and not info.replaced
    assert info.file_name == "quy-định Hải Phòng.json" and info.loaded_by == "Nguyễn Văn An"
    assert "ca_phe" in {c.code for c in list_categories(db)}
    from datetime import date

    from kcdesk.domain.entities import FundingSource

    rule = select_rule(cap_rules(db), "ung_dung_may_moc", date(2025, 8, 1),
                       FundingSource.PROVINCIAL, 31)  # fmt: skip
    assert rule is not None and rule.source is RuleSource.PROVINCIAL
    assert rule.max_amount == 250_000_000
    before = select_rule(cap_rules(db), "ung_dung_may_moc", date(2025, 6, 30), None, 31)
    assert before is not None and before.source is RuleSource.NATIONAL


def test_loading_the_same_resolution_again_replaces_it(db: Database) -> None:
    load_rules_document(db, hai_phong_doc())
    corrected = hai_phong_doc(
        rules=[{"category": "ung_dung_may_moc", "max_percent": 45, "max_amount_million": 280}]
    )
    info = load_rules_document(db, corrected)
    assert info.replaced and info.rule_count == 1
    provincial = [r for r in cap_rules(db) if r.source is RuleSource.PROVINCIAL]
    assert [(r.category, r.max_amount) for r in provincial] == [("ung_dung_may_moc", 280_000_000)]
    assert rule_set_document(db, info.key)["rules"][0]["max_percent"] == 45


def test_a_bad_file_changes_nothing(db: Database, tmp_path: Path) -> None:
    before = cap_rules(db)
    bad = hai_phong_doc(rules=[{"category": "ung_dung_may_moc", "max_percent": 140}])
    with pytest.raises(ValidationError) as info:
        load_rules_document(db, bad)
    assert "0 đến 100" in str(info.value)
    assert cap_rules(db) == before
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "kcdesk-proposal-rules", ', encoding="utf-8")
    with pytest.raises(KcError, match="JSON"):
        load_rules_file(db, broken)
    latin = tmp_path / "latin.json"
    latin.write_bytes('{"note": "Đông Sơn"}'.encode("cp1258"))  # an old Windows code page
    with pytest.raises(KcError, match="UTF-8"):
        load_rules_file(db, latin)
    with pytest.raises(KcError, match="Không tìm thấy"):
        load_rules_file(db, tmp_path / "none.json")


def test_another_provinces_file_is_refused(db: Database) -> None:
    doc = json.loads((RULES / "example-provincial-dak-lak-2025.json").read_text("utf-8"))
    with pytest.raises(KcError, match="tỉnh mã 66"):
        load_rules_document(db, doc)


def test_remove_and_restore(db: Database) -> None:
    info = load_rules_document(db, hai_phong_doc())
    remove_rule_set(db, info.key)
    assert all(r.source is RuleSource.NATIONAL for r in cap_rules(db))
    assert "ca_phe" in {c.code for c in list_categories(db)}  # proposals may still use it
    national = next(s for s in list_rule_sets(db) if s.file_name == "national-tt28-2018.json")
    remove_rule_set(db, national.key)
    assert cap_rules(db) == []  # removing the defaults sticks
    restored = restore_default_rules(db)
    assert len(restored) == 2 and len(cap_rules(db)) == 4
    with pytest.raises(KcError):
        remove_rule_set(db, "no-such-key")


def test_repeat_years_setting(db: Database) -> None:
    assert repeat_years(db) == 3
    set_repeat_years(db, 5)
    assert repeat_years(db) == 5
    with pytest.raises(ValidationError, match="0 đến 20"):
        set_repeat_years(db, 50)
