import json
from pathlib import Path
from typing import Any

import pytest

from kcdesk.domain.errors import ValidationError
from kcdesk.domain.proposals import CapBasis, FundingSource, RuleSource, parse_rules

RULES_DIR = Path(__file__).resolve().parents[3] / "resources" / "rules"


def _doc(**kw: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": "kcdesk-proposal-rules",
        "format_version": 1,
        "source": "provincial",
        "province_code": 31,
        "legal_reference": "NQ 05/2025/NQ-HĐND",
        "effective_from": "01/07/2025",
        "rules": [{"category": "mo_hinh_trinh_dien", "max_percent": 30, "max_amount_million": 700}],
    }
    doc.update(kw)
    return doc


def _problems(doc: object) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        parse_rules(doc, {"mo_hinh_trinh_dien"})
    return {i.field: i.message_vi for i in info.value.issues}


def test_bundled_files_parse() -> None:
    cats = parse_rules(json.loads((RULES_DIR / "categories.json").read_text("utf-8")))
    assert len(cats.categories) >= 10
    assert all(c.name_vi and c.name_en for c in cats.categories)
    known = {c.code for c in cats.categories}
    for name in ("national-tt28-2018.json", "example-provincial-dak-lak-2025.json"):
        rs = parse_rules(json.loads((RULES_DIR / name).read_text("utf-8")), known)
        assert rs.rules and all(r.legal_reference and r.effective_from for r in rs.rules)


def test_a_provincial_file() -> None:
    rs = parse_rules(_doc(), {"mo_hinh_trinh_dien"})
    (rule,) = rs.rules
    assert rs.source is RuleSource.PROVINCIAL and rule.province_code == 31
    assert rule.max_amount == 700_000_000 and rule.max_percent == 30
    assert rule.legal_reference == "NQ 05/2025/NQ-HĐND"
    assert rule.effective_from.isoformat() == "2025-07-01"
    assert rs.key == "provincial:31:NQ 05/2025/NQ-HĐND"


def test_rule_level_values_override_the_file() -> None:
    rule_doc = {
        "category": "mo_hinh_trinh_dien",
        "max_amount": "1.500.000",
        "basis": "facility",
        "effective_from": "2026-01-01",
        "effective_to": "31/12/2030",
        "legal_reference": "NQ khác",
        "funding_sources": ["provincial", "other"],
        "min_counterpart_percent": "60,5",
    }
    (rule,) = parse_rules(_doc(rules=[rule_doc]), {"mo_hinh_trinh_dien"}).rules
    assert rule.max_amount == 1_500_000 and rule.basis is CapBasis.FACILITY
    assert rule.effective_to is not None and rule.effective_to.year == 2030
    assert rule.legal_reference == "NQ khác"
    assert rule.funding_sources == {FundingSource.PROVINCIAL, FundingSource.OTHER}
    assert str(rule.min_counterpart_percent) == "60.5"


def test_categories_defined_in_the_file_can_be_used_by_its_rules() -> None:
    doc = _doc(
        categories=[{"code": "ca_phe", "name_vi": "Chế biến cà phê"}],
        rules=[{"category": "ca_phe", "max_percent": 40}],
    )
    rs = parse_rules(doc, set())
    assert rs.categories[0].name_vi == "Chế biến cà phê" and rs.rules[0].category == "ca_phe"


def test_wrong_files_are_refused_with_where_and_why() -> None:
    assert "format" in _problems({"hello": 1})
    assert "không đúng định dạng" in _problems([1, 2])[""]
    assert "mới hơn" in _problems(_doc(format_version=9))["format_version"]
    assert "mã tỉnh" in _problems(_doc(province_code=None))["province_code"]
    bad_rules = _doc(
        rules=[
            {"category": "khong_co", "max_percent": 30},
            {"category": "mo_hinh_trinh_dien", "max_precent": 30},
            {"category": "mo_hinh_trinh_dien", "max_percent": 130},
            {"category": "mo_hinh_trinh_dien", "max_amount": -5},
            {"category": "mo_hinh_trinh_dien", "max_percent": 30, "effective_to": "01/01/2020"},
            {"category": "mo_hinh_trinh_dien", "max_percent": 30, "basis": "model"},
            {"category": "mo_hinh_trinh_dien", "max_percent": 30, "funding_sources": ["bank"]},
            {"category": "mo_hinh_trinh_dien", "max_amount": 1, "max_amount_million": 1},
            {"category": "mo_hinh_trinh_dien", "max_percent": 30, "effective_from": "31/02/2025"},
        ]
    )
    problems = _problems(bad_rules)
    assert "chưa có trong danh mục" in problems["rules[0].category"]
    assert "gõ nhầm" in problems["rules[1].max_precent"]
    assert "rules[1]" in problems  # and it has no limit at all
    assert "0 đến 100" in problems["rules[2].max_percent"]
    assert "không âm" in problems["rules[3].max_amount"]
    assert "trước ngày có hiệu lực" in problems["rules[4].effective_to"]
    assert "rules[5].basis" in problems
    assert "bank" in problems["rules[6].funding_sources"]
    assert "rules[7].max_amount" in problems
    assert "dd/mm/yyyy" in problems["rules[8].effective_from"]


def test_national_file_must_not_name_a_province() -> None:
    assert "province_code" in _problems(_doc(source="national"))


def test_an_empty_file_is_refused() -> None:
    assert "không có danh mục hay quy định" in _problems(_doc(rules=[]))["rules"]
