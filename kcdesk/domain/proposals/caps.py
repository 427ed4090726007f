"""Content categories and support caps (mức hỗ trợ tối đa) as data, and how they apply.

National levels come from TT 28/2018/TT-BTC; each province sets its own by a resolution of its
People's Council (HĐND), which take precedence for that province. Nothing here is law written in
code: every level is a :class:`CapRule` loaded from ``resources/rules/`` or a province's file, with
its legal reference and the dates it is in force.

Choosing the rule for a proposal (:func:`select_rule`): the rules of its category that are in force
on the reference date and apply to its funding source and province; a provincial rule beats a
national one; within one source the latest ``effective_from`` wins (a new resolution replaces the
old one without anyone having to end it); if two still tie, the stricter one wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_FLOOR, Decimal
from enum import StrEnum

from kcdesk.domain.errors import Issue, Severity
from kcdesk.domain.proposals.budget import HUNDRED, BudgetTotals
from kcdesk.domain.proposals.status import FundingSource
from kcdesk.vn.dates import format_date
from kcdesk.vn.numbers import format_million, format_number


class RuleSource(StrEnum):
    NATIONAL = "national"
    PROVINCIAL = "provincial"

    def label(self, lang: str = "vi") -> str:
        if self is RuleSource.NATIONAL:
            return "National" if lang == "en" else "Trung ương"
        return "Provincial" if lang == "en" else "Địa phương"


class CapBasis(StrEnum):
    """What the maximum amount counts: one per đề án, or one per beneficiary facility."""

    PROPOSAL = "proposal"
    FACILITY = "facility"


@dataclass(frozen=True)
class Category:
    """A content category (nội dung khuyến công); provinces may add or rename them."""

    code: str
    name_vi: str
    name_en: str = ""
    legal_reference: str = ""
    order: int = 0
    active: bool = True

    def name(self, lang: str = "vi") -> str:
        return (self.name_en or self.name_vi) if lang == "en" else self.name_vi


@dataclass(frozen=True)
class CapRule:
    """One support level: at most ``max_percent`` % of the cost and at most ``max_amount`` đồng.

    Either limit may be absent. ``min_counterpart_percent`` is the beneficiary's share the rule
    expects (a proposal below it gets a warning). ``effective_to`` is the last day in force.
    An empty ``funding_sources`` means the rule applies whatever pays.
    """

    category: str
    source: RuleSource
    effective_from: date
    legal_reference: str
    max_percent: Decimal | None = None
    max_amount: int | None = None
    min_counterpart_percent: Decimal | None = None
    basis: CapBasis = CapBasis.PROPOSAL
    effective_to: date | None = None
    province_code: int | None = None
    funding_sources: frozenset[FundingSource] = field(default_factory=frozenset)
    note: str = ""

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    def applies_to(self, funding: FundingSource | None, province_code: int | None) -> bool:
        if self.funding_sources and funding is not None and funding not in self.funding_sources:
            return False
        return not (
            self.source is RuleSource.PROVINCIAL
            and self.province_code is not None
            and province_code is not None
            and self.province_code != province_code
        )

    def allowed(self, cost: int, facilities: int = 1) -> int | None:
        """The most khuyến công may pay toward ``cost`` đồng under this rule (None: no limit)."""
        limits: list[int] = []
        if self.max_percent is not None:
            # Floor: a cap of 30 % never allows a đồng more than 30 %.
            exact = Decimal(cost) * self.max_percent / HUNDRED
            limits.append(int(exact.to_integral_value(rounding=ROUND_FLOOR)))
        if self.max_amount is not None:
            count = max(1, facilities) if self.basis is CapBasis.FACILITY else 1
            limits.append(self.max_amount * count)
        return min(limits) if limits else None

    def describe(self, lang: str = "vi") -> str:
        """``"≤ 30 % chi phí, ≤ 1.000 triệu đồng/đề án (TT 28/2018/TT-BTC, từ 12/05/2018)"``."""
        parts: list[str] = []
        if self.max_percent is not None:
            pct = format_number(self.max_percent)
            parts.append(f"≤ {pct} % of the cost" if lang == "en" else f"≤ {pct} % chi phí")
        if self.max_amount is not None:
            per_vi = "cơ sở" if self.basis is CapBasis.FACILITY else "đề án"
            per_en = "facility" if self.basis is CapBasis.FACILITY else "proposal"
            money = format_million(self.max_amount)
            parts.append(
                f"≤ {money} million VND per {per_en}"
                if lang == "en"
                else f"≤ {money} triệu đồng/{per_vi}"
            )
        if not parts:
            parts.append("no limit" if lang == "en" else "không giới hạn")
        since = format_date(self.effective_from)
        ref = f"{self.legal_reference}, {'from' if lang == 'en' else 'từ'} {since}"
        return f"{', '.join(parts)} ({ref})"


def _strictness(rule: CapRule) -> tuple[Decimal, int]:
    pct = rule.max_percent if rule.max_percent is not None else HUNDRED
    amount = rule.max_amount if rule.max_amount is not None else 10**18
    return (-pct, -amount)


def select_rule(
    rules: Iterable[CapRule],
    category: str,
    on: date,
    funding: FundingSource | None = None,
    province_code: int | None = None,
) -> CapRule | None:
    """The rule that governs ``category`` on ``on`` (see the module doc for the precedence)."""
    candidates = [
        r
        for r in rules
        if r.category == category and r.in_force(on) and r.applies_to(funding, province_code)
    ]
    if not candidates:
        return None
    return max(
        candidates,
        key=lambda r: (r.source is RuleSource.PROVINCIAL, r.effective_from, _strictness(r)),
    )


@dataclass(frozen=True)
class CapCheck:
    """The support of a budget against the rule that governs it."""

    rule: CapRule | None
    support: int
    allowed: int | None
    counterpart_percent: Decimal

    @property
    def gap(self) -> int | None:
        """Room left under the cap (negative: how much the support exceeds it)."""
        return None if self.allowed is None else self.allowed - self.support

    @property
    def over_cap(self) -> bool:
        return self.allowed is not None and self.support > self.allowed

    @property
    def counterpart_short(self) -> bool:
        return (
            self.rule is not None
            and self.rule.min_counterpart_percent is not None
            and self.support > 0
            and self.counterpart_percent < self.rule.min_counterpart_percent
        )

    def issues(self, draft: bool = True) -> list[Issue]:
        """What the editor shows. Over the cap is a warning while the proposal is a draft
        (``draft``) and an error otherwise: only a draft may be kept over the cap."""
        out: list[Issue] = []
        if self.rule is None:
            out.append(
                Issue(
                    "category",
                    "no_cap_rule",
                    "Chưa có mức hỗ trợ tối đa cho nội dung này vào thời điểm đề án; "
                    "kiểm tra lại văn bản của tỉnh.",
                    "No support cap is known for this category at the proposal's date; "
                    "check the province's resolution.",
                    Severity.WARNING,
                )
            )
            return out
        if self.over_cap:
            assert self.allowed is not None
            over = self.support - self.allowed
            out.append(
                Issue(
                    "support",
                    "over_cap",
                    f"Kinh phí khuyến công {format_number(self.support)} đồng vượt mức tối đa "
                    f"{format_number(self.allowed)} đồng là {format_number(over)} đồng "
                    f"(mức: {self.rule.describe('vi')}). "
                    + ("Chỉ lưu được ở dạng nháp." if draft else "Không lưu được thay đổi này."),
                    f"The extension support of {self.support:,} VND exceeds the maximum "
                    f"{self.allowed:,} VND by {over:,} VND ({self.rule.describe('en')}). "
                    + ("It can only be saved as a draft." if draft else "It cannot be saved."),
                    Severity.WARNING if draft else Severity.ERROR,
                )
            )
        if self.counterpart_short:
            assert self.rule.min_counterpart_percent is not None
            need = self.rule.min_counterpart_percent
            out.append(
                Issue(
                    "counterpart",
                    "counterpart_below_rule",
                    f"Kinh phí đối ứng chiếm {format_number(self.counterpart_percent)} % tổng kinh "
                    f"phí, thấp hơn mức {format_number(need)} % mà quy định yêu cầu "
                    f"({self.rule.legal_reference}).",
                    f"The counterpart funds are {self.counterpart_percent} % of the cost, "
                    f"below the {need} % the rule expects ({self.rule.legal_reference}).",
                    Severity.WARNING,
                )
            )
        return out


def check_caps(totals: BudgetTotals, rule: CapRule | None, facilities: int = 1) -> CapCheck:
    """Evaluate ``totals`` against ``rule``; ``facilities`` counts beneficiaries for per-facility
    caps."""
    allowed = None if rule is None else rule.allowed(totals.amount, facilities)
    return CapCheck(rule, totals.support, allowed, totals.counterpart_percent)
