import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kcdesk.domain.errors import Severity
from kcdesk.domain.proposals import (
    CapBasis,
    CapRule,
    FundingSource,
    ProposalStatus,
    RuleSource,
    budget_totals,
    check_caps,
    make_line,
    parse_rules,
    select_rule,
)
from kcdesk.domain.proposals.checks import cap_issues_on_save, cap_issues_on_transition

RULES_DIR = Path(__file__).resolve().parents[3] / "resources" / "rules"


def _load(name: str, known: set[str] | None = None) -> list[CapRule]:
    return list(parse_rules(json.loads((RULES_DIR / name).read_text("utf-8")), known).rules)


@pytest.fixture(scope="module")
def bundled() -> list[CapRule]:
    cats = parse_rules(json.loads((RULES_DIR / "categories.json").read_text("utf-8")))
    known = {c.code for c in cats.categories}
    return _load("national-tt28-2018.json", known) + _load(
        "example-provincial-dak-lak-2025.json", known
    )


def _totals(cost: int, support_pct: int, counterpart_pct: int | None = None):  # type: ignore[no-untyped-def]
    return budget_totals([make_line("Chi phí", "gói", 1, cost, support_pct, counterpart_pct)])


NATIONAL_CASES = [
    # category, cost, support %, facilities, allowed maximum
    ("mo_hinh_trinh_dien", 2_000_000_000, 30, 1, 600_000_000),  # 30 % binds
    ("mo_hinh_trinh_dien", 5_000_000_000, 30, 1, 1_000_000_000),  # 1.000 triệu binds
    ("ung_dung_may_moc", 400_000_000, 50, 1, 200_000_000),  # 50 % binds
    ("ung_dung_may_moc", 1_000_000_000, 50, 1, 300_000_000),  # 300 triệu/cơ sở binds
    ("ung_dung_may_moc", 1_000_000_000, 50, 2, 500_000_000),  # two facilities: 600 triệu, 50 %
    ("day_chuyen_cong_nghe", 2_000_000_000, 50, 1, 450_000_000),  # 1,5 × 300 triệu
    ("thanh_lap_doanh_nghiep", 50_000_000, 100, 1, 10_000_000),  # amount only
]


@pytest.mark.parametrize(("category", "cost", "pct", "facilities", "allowed"), NATIONAL_CASES)
def test_each_national_rule(
    bundled: list[CapRule], category: str, cost: int, pct: int, facilities: int, allowed: int
) -> None:
    rule = select_rule(bundled, category, date(2024, 6, 1), FundingSource.NATIONAL)
    assert rule is not None and rule.source is RuleSource.NATIONAL
    assert rule.legal_reference == "TT 28/2018/TT-BTC"
    check = check_caps(_totals(cost, pct), rule, facilities)
    assert check.allowed == allowed
    assert check.gap == allowed - check.support


def test_provincial_rule_takes_precedence_over_national(bundled: list[CapRule]) -> None:
    on = date(2025, 6, 1)
    rule = select_rule(bundled, "mo_hinh_trinh_dien", on, FundingSource.PROVINCIAL, 66)
    assert rule is not None and rule.source is RuleSource.PROVINCIAL
    assert rule.max_amount == 800_000_000
    check = check_caps(_totals(5_000_000_000, 30), rule)
    assert check.allowed == 800_000_000 and check.over_cap
    # The province's resolution governs its own budget; the national budget keeps TT 28.
    national = select_rule(bundled, "mo_hinh_trinh_dien", on, FundingSource.NATIONAL, 66)
    assert national is not None and national.max_amount == 1_000_000_000
    # Another province does not get Đắk Lắk's levels.
    other = select_rule(bundled, "mo_hinh_trinh_dien", on, FundingSource.PROVINCIAL, 31)
    assert other is not None and other.source is RuleSource.NATIONAL
    # A category only the province rules.
    cleaner = select_rule(bundled, "san_xuat_sach_hon", on, FundingSource.PROVINCIAL, 66)
    assert cleaner is not None and cleaner.max_amount == 400_000_000
    assert select_rule(bundled, "san_xuat_sach_hon", on, FundingSource.PROVINCIAL, 31) is None


def test_effective_dates(bundled: list[CapRule]) -> None:
    # Before Đắk Lắk's resolution the national level applies; before TT 28 nothing does.
    before = select_rule(bundled, "mo_hinh_trinh_dien", date(2024, 12, 31), None, 66)
    assert before is not None and before.source is RuleSource.NATIONAL
    assert select_rule(bundled, "mo_hinh_trinh_dien", date(2018, 5, 11)) is None
    first_day = select_rule(bundled, "mo_hinh_trinh_dien", date(2018, 5, 12))
    assert first_day is not None

    old = CapRule("x", RuleSource.PROVINCIAL, date(2020, 1, 1), "NQ cũ", Decimal(40), 500)
    new = CapRule("x", RuleSource.PROVINCIAL, date(2023, 1, 1), "NQ mới", Decimal(30), 400)
    ended = CapRule(
        "x", RuleSource.PROVINCIAL, date(2024, 1, 1), "NQ tạm", Decimal(10), 1,
        effective_to=date(2024, 12, 31),
    )  # fmt: skip
    rules = [old, new, ended]
    assert select_rule(rules, "x", date(2022, 12, 31)) is old
    assert select_rule(rules, "x", date(2023, 1, 1)) is new  # the newer replaces the older
    assert select_rule(rules, "x", date(2024, 12, 31)) is ended  # last day still in force
    assert select_rule(rules, "x", date(2025, 1, 1)) is new


def test_ties_go_to_the_stricter_rule() -> None:
    a = CapRule("x", RuleSource.PROVINCIAL, date(2025, 1, 1), "A", Decimal(30), 800)
    b = CapRule("x", RuleSource.PROVINCIAL, date(2025, 1, 1), "B", Decimal(30), 400)
    assert select_rule([a, b], "x", date(2025, 2, 1)) is b
    assert select_rule([b, a], "x", date(2025, 2, 1)) is b


def test_percent_cap_is_rounded_down_to_the_dong() -> None:
    rule = CapRule("x", RuleSource.NATIONAL, date(2018, 1, 1), "TT", Decimal(30))
    assert rule.allowed(1_000_001) == 300_000  # 300.000,3 → never a đồng above 30 %
    assert rule.allowed(3) == 0
    per_facility = CapRule(
        "x", RuleSource.NATIONAL, date(2018, 1, 1), "TT", None, 10, basis=CapBasis.FACILITY
    )
    assert per_facility.allowed(10**9, facilities=3) == 30
    assert per_facility.allowed(10**9, facilities=0) == 10


def test_over_cap_is_a_draft_only_warning_and_blocks_submit_and_approval(
    bundled: list[CapRule],
) -> None:
    rule = select_rule(bundled, "ung_dung_may_moc", date(2025, 1, 1))
    check = check_caps(_totals(1_000_000_000, 40), rule)  # asks 400 triệu, cap 300 triệu
    assert check.over_cap and check.gap == -100_000_000

    draft = cap_issues_on_save(ProposalStatus.DRAFT, check)
    assert [i.severity for i in draft] == [Severity.WARNING]
    assert "100.000.000 đồng" in draft[0].message_vi and "nháp" in draft[0].message_vi
    assert cap_issues_on_save(ProposalStatus.RETURNED, check)[0].severity is Severity.WARNING
    appraising = cap_issues_on_save(ProposalStatus.APPRAISING, check)
    assert appraising[0].severity is Severity.ERROR

    refused = cap_issues_on_transition(ProposalStatus.SUBMITTED, check)
    assert refused and "Không thể gửi" in refused[0].message_vi
    assert (
        "Không thể phê duyệt"
        in cap_issues_on_transition(ProposalStatus.APPROVED, check)[0].message_vi
    )
    assert cap_issues_on_transition(ProposalStatus.APPRAISING, check) == []

    within = check_caps(_totals(1_000_000_000, 30), rule)
    assert not within.over_cap and within.gap == 0
    assert cap_issues_on_transition(ProposalStatus.SUBMITTED, within) == []
    assert within.issues() == []


def test_counterpart_below_the_rule_warns(bundled: list[CapRule]) -> None:
    rule = select_rule(
        bundled, "mo_hinh_trinh_dien", date(2025, 6, 1), FundingSource.PROVINCIAL, 66
    )
    # 30 % support, only 50 % counterpart, 20 % from other sources: within the cap, short on
    # what the beneficiary brings.
    check = check_caps(_totals(1_000_000_000, 30, 50), rule)
    assert not check.over_cap and check.counterpart_short
    (issue,) = check.issues()
    assert issue.code == "counterpart_below_rule" and "50 %" in issue.message_vi
    assert "70 %" in issue.message_vi
    assert not check_caps(_totals(1_000_000_000, 30, 70), rule).counterpart_short


def test_no_rule_is_said_not_hidden() -> None:
    check = check_caps(_totals(100_000_000, 50), None)
    assert check.allowed is None and not check.over_cap
    (issue,) = check.issues()
    assert issue.code == "no_cap_rule" and issue.severity is Severity.WARNING
