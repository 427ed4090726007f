"""The rules document: categories and support caps as a province (or kcdesk itself) writes them.

A JSON object; the format is described in ``resources/rules/README.md``. This module only checks
and converts an already-decoded document, so the same code serves a file chosen in the GUI, the
CLI and a rules document arriving in a sync package. Unknown keys are refused: a misspelt
``max_precent`` silently ignored would let an over-cap proposal through.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from kcdesk.domain.errors import Issue, ValidationError
from kcdesk.domain.proposals.budget import HUNDRED
from kcdesk.domain.proposals.caps import CapBasis, CapRule, Category, RuleSource
from kcdesk.domain.proposals.status import FundingSource
from kcdesk.vn.dates import parse_date
from kcdesk.vn.numbers import parse_number
from kcdesk.vn.text import clean

FORMAT = "kcdesk-proposal-rules"
FORMAT_VERSION = 1
MILLION = 1_000_000

_DOC_KEYS = {
    "format",
    "format_version",
    "source",
    "province_code",
    "province_name",
    "title",
    "legal_reference",
    "effective_from",
    "note",
    "categories",
    "rules",
}
_CATEGORY_KEYS = {"code", "name_vi", "name_en", "legal_reference", "order", "active", "note"}
_RULE_KEYS = {
    "category",
    "max_percent",
    "max_amount",
    "max_amount_million",
    "min_counterpart_percent",
    "basis",
    "legal_reference",
    "effective_from",
    "effective_to",
    "funding_sources",
    "note",
}


@dataclass(frozen=True)
class RuleSet:
    """One loaded document. Its ``key`` identifies it, so loading a corrected file replaces it."""

    source: RuleSource
    title: str
    legal_reference: str
    effective_from: date | None
    province_code: int | None
    province_name: str
    categories: tuple[Category, ...]
    rules: tuple[CapRule, ...]
    note: str = ""

    @property
    def key(self) -> str:
        province = "" if self.province_code is None else str(self.province_code)
        return f"{self.source}:{province}:{self.legal_reference}"


class _Reader:
    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def bad(self, where: str, code: str, vi: str, en: str) -> None:
        self.issues.append(Issue(where, code, f"{where}: {vi}", f"{where}: {en}"))

    def keys(self, obj: dict[str, Any], allowed: set[str], where: str) -> None:
        for key in sorted(set(obj) - allowed):
            self.bad(
                f"{where}.{key}" if where else key,
                "unknown_key",
                "khoá không được hỗ trợ (gõ nhầm tên?).",
                "unknown key (a typo?).",
            )

    def text(self, obj: dict[str, Any], key: str, where: str, required: bool = False) -> str:
        value = obj.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.bad(f"{where}.{key}".lstrip("."), "required", "bắt buộc phải có.", "required.")
            return ""
        if not isinstance(value, str):
            self.bad(f"{where}.{key}".lstrip("."), "not_text", "phải là chuỗi chữ.", "not text.")
            return ""
        return clean(value)

    def day(self, obj: dict[str, Any], key: str, where: str) -> date | None:
        value = obj.get(key)
        if value is None or value == "":
            return None
        try:
            return parse_date(str(value))
        except ValueError:
            self.bad(
                f"{where}.{key}".lstrip("."),
                "not_date",
                f"“{value}” không phải ngày dd/mm/yyyy.",
                f"“{value}” is not a date (dd/mm/yyyy).",
            )
            return None

    def percent(self, obj: dict[str, Any], key: str, where: str) -> Decimal | None:
        value = obj.get(key)
        if value is None:
            return None
        try:
            pct = self._number(value)
        except ValueError:
            self.bad(f"{where}.{key}", "not_number", "không phải là số.", "not a number.")
            return None
        if not 0 <= pct <= HUNDRED:
            self.bad(
                f"{where}.{key}",
                "percent_range",
                f"tỷ lệ {value} phải từ 0 đến 100.",
                f"the percentage {value} must be 0 to 100.",
            )
            return None
        return pct

    def amount(self, obj: dict[str, Any], where: str) -> int | None:
        if "max_amount" in obj and "max_amount_million" in obj:
            self.bad(
                f"{where}.max_amount",
                "both_amounts",
                "chỉ ghi một trong hai: max_amount (đồng) hoặc max_amount_million (triệu đồng).",
                "give either max_amount (đồng) or max_amount_million (million đồng), not both.",
            )
            return None
        key = "max_amount" if "max_amount" in obj else "max_amount_million"
        value = obj.get(key)
        if value is None:
            return None
        try:
            number = self._number(value) * (MILLION if key == "max_amount_million" else 1)
        except ValueError:
            self.bad(f"{where}.{key}", "not_number", "không phải là số.", "not a number.")
            return None
        if number < 0 or number != number.to_integral_value():
            self.bad(
                f"{where}.{key}",
                "not_whole_dong",
                "mức tiền phải là số đồng nguyên, không âm.",
                "the amount must be whole, non-negative đồng.",
            )
            return None
        return int(number)

    @staticmethod
    def _number(value: object) -> Decimal:
        if isinstance(value, bool):
            raise ValueError("bool")
        if isinstance(value, float):
            value = repr(value)
        if not isinstance(value, str | int):
            raise ValueError("type")
        parsed = parse_number(value)
        if parsed is None or not parsed.is_finite():
            raise ValueError("empty")
        return parsed


def parse_rules(doc: object, known_categories: set[str] | None = None) -> RuleSet:
    """Check a decoded rules document and return it; raise :class:`ValidationError` listing every
    problem with where it is (``rules[2].max_percent: …``).

    ``known_categories`` are those already in the database; a rule may name one of them or one
    the document itself defines.
    """
    r = _Reader()
    if not isinstance(doc, dict):
        raise ValidationError(
            [Issue("", "not_object", "Tệp quy định không đúng định dạng.", "Not a rules file.")]
        )
    if doc.get("format") != FORMAT:
        raise ValidationError(
            [
                Issue(
                    "format",
                    "wrong_format",
                    f"Tệp không phải tệp quy định mức hỗ trợ của kcdesk (cần “format”: "
                    f"“{FORMAT}”).",
                    f"Not a kcdesk rules file (expected “format”: “{FORMAT}”).",
                )
            ]
        )
    version = doc.get("format_version", FORMAT_VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version > FORMAT_VERSION:
        raise ValidationError(
            [
                Issue(
                    "format_version",
                    "newer_format",
                    f"Tệp quy định phiên bản {version} mới hơn phần mềm; hãy cập nhật kcdesk.",
                    f"The rules file is version {version}, newer than this kcdesk; update it.",
                )
            ]
        )
    r.keys(doc, _DOC_KEYS, "")
    try:
        source = RuleSource(str(doc.get("source", "")))
    except ValueError:
        r.bad(
            "source",
            "bad_source",
            "phải là “national” (trung ương) hoặc “provincial” (tỉnh).",
            "must be “national” or “provincial”.",
        )
        source = RuleSource.PROVINCIAL
    province_code: int | None = None
    raw_code = doc.get("province_code")
    if source is RuleSource.PROVINCIAL:
        if isinstance(raw_code, str) and raw_code.strip().isdigit():
            raw_code = int(raw_code)
        if not isinstance(raw_code, int) or isinstance(raw_code, bool) or raw_code <= 0:
            r.bad(
                "province_code",
                "required",
                "quy định của tỉnh phải ghi mã tỉnh (ví dụ 66 cho Đắk Lắk).",
                "a provincial rules file needs the province code (for example 66, Đắk Lắk).",
            )
        else:
            province_code = raw_code
    elif raw_code is not None:
        r.bad(
            "province_code",
            "national_with_province",
            "quy định trung ương không ghi mã tỉnh.",
            "national rules carry no province code.",
        )
    legal_reference = r.text(doc, "legal_reference", "", required=True)
    effective_from = r.day(doc, "effective_from", "")

    categories: list[Category] = []
    raw_categories = doc.get("categories", [])
    if not isinstance(raw_categories, list):
        r.bad("categories", "not_list", "phải là danh sách.", "must be a list.")
        raw_categories = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_categories):
        where = f"categories[{i}]"
        if not isinstance(raw, dict):
            r.bad(where, "not_object", "phải là một đối tượng.", "must be an object.")
            continue
        r.keys(raw, _CATEGORY_KEYS, where)
        code = r.text(raw, "code", where, required=True)
        name = r.text(raw, "name_vi", where, required=True)
        if code in seen:
            r.bad(f"{where}.code", "duplicate", f"mã “{code}” bị lặp.", f"code “{code}” repeats.")
        seen.add(code)
        order = raw.get("order", i + 1)
        active = raw.get("active", True)
        if not isinstance(order, int) or isinstance(order, bool):
            r.bad(f"{where}.order", "not_int", "phải là số nguyên.", "must be a whole number.")
            order = i + 1
        if not isinstance(active, bool):
            r.bad(f"{where}.active", "not_bool", "phải là true/false.", "must be true or false.")
            active = True
        if code and name:
            categories.append(
                Category(
                    code=code,
                    name_vi=name,
                    name_en=r.text(raw, "name_en", where),
                    legal_reference=r.text(raw, "legal_reference", where) or legal_reference,
                    order=order,
                    active=active,
                )
            )

    known = set(known_categories or ()) | seen
    rules: list[CapRule] = []
    raw_rules = doc.get("rules", [])
    if not isinstance(raw_rules, list):
        r.bad("rules", "not_list", "phải là danh sách.", "must be a list.")
        raw_rules = []
    for i, raw in enumerate(raw_rules):
        where = f"rules[{i}]"
        if not isinstance(raw, dict):
            r.bad(where, "not_object", "phải là một đối tượng.", "must be an object.")
            continue
        r.keys(raw, _RULE_KEYS, where)
        category = r.text(raw, "category", where, required=True)
        if category and category not in known:
            r.bad(
                f"{where}.category",
                "unknown_category",
                f"nội dung “{category}” chưa có trong danh mục.",
                f"category “{category}” is not in the list of categories.",
            )
        max_percent = r.percent(raw, "max_percent", where)
        max_amount = r.amount(raw, where)
        min_counterpart = r.percent(raw, "min_counterpart_percent", where)
        if not {"max_percent", "max_amount", "max_amount_million"} & set(raw):
            r.bad(
                where,
                "no_limit",
                "quy định phải có mức tối đa theo tỷ lệ (max_percent) hoặc theo số tiền.",
                "a rule needs a maximum percentage (max_percent) or amount.",
            )
        try:
            basis = CapBasis(str(raw.get("basis", CapBasis.PROPOSAL.value)))
        except ValueError:
            r.bad(
                f"{where}.basis",
                "bad_basis",
                "phải là “proposal” (mỗi đề án) hoặc “facility” (mỗi cơ sở).",
                "must be “proposal” or “facility”.",
            )
            basis = CapBasis.PROPOSAL
        funding: set[FundingSource] = set()
        raw_funding = raw.get("funding_sources", [])
        if not isinstance(raw_funding, list):
            raw_funding = [raw_funding]
        for value in raw_funding:
            try:
                funding.add(FundingSource(str(value)))
            except ValueError:
                r.bad(
                    f"{where}.funding_sources",
                    "bad_funding",
                    f"“{value}” không phải nguồn kinh phí (national, provincial, other).",
                    f"“{value}” is not a funding source (national, provincial, other).",
                )
        starts = r.day(raw, "effective_from", where) or effective_from
        ends = r.day(raw, "effective_to", where)
        reference = r.text(raw, "legal_reference", where) or legal_reference
        if starts is None:
            r.bad(
                f"{where}.effective_from",
                "required",
                "chưa có ngày hiệu lực (ghi ở quy định hoặc ở đầu tệp).",
                "no effective date (give it on the rule or for the whole file).",
            )
        elif ends is not None and ends < starts:
            r.bad(
                f"{where}.effective_to",
                "before_start",
                "ngày hết hiệu lực trước ngày có hiệu lực.",
                "the end date is before the effective date.",
            )
        if starts is not None and category:
            rules.append(
                CapRule(
                    category=category,
                    source=source,
                    effective_from=starts,
                    legal_reference=reference,
                    max_percent=max_percent,
                    max_amount=max_amount,
                    min_counterpart_percent=min_counterpart,
                    basis=basis,
                    effective_to=ends,
                    province_code=province_code,
                    funding_sources=frozenset(funding),
                    note=r.text(raw, "note", where),
                )
            )
    if not categories and not rules and not r.issues:
        r.bad("rules", "empty", "tệp không có danh mục hay quy định nào.", "the file is empty.")
    if r.issues:
        raise ValidationError(r.issues)
    return RuleSet(
        source=source,
        title=r.text(doc, "title", ""),
        legal_reference=legal_reference,
        effective_from=effective_from,
        province_code=province_code,
        province_name=r.text(doc, "province_name", ""),
        categories=tuple(categories),
        rules=tuple(rules),
        note=r.text(doc, "note", ""),
    )
