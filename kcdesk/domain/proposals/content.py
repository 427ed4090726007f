"""What a proposal says (title, category, beneficiaries, period, objectives, results, budget) and
the checks on it: enough to keep a draft, and everything the province needs to receive it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kcdesk.domain.errors import Issue
from kcdesk.domain.proposals.budget import BudgetLine, BudgetTotals, budget_totals, check_lines
from kcdesk.domain.proposals.status import FundingSource
from kcdesk.vn.numbers import format_number

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_TITLE_LENGTH = 500
MAX_TEXT_LENGTH = 20_000
MAX_COUNT = 1_000_000  # jobs, trainees: far above any đề án
MAX_REVENUE = 10**15  # đồng


@dataclass(frozen=True)
class ExpectedResults:
    """Kết quả dự kiến: what the province counts when it reports on the programme."""

    jobs: int | None = None  # new or kept jobs (lao động có việc làm)
    trainees: int | None = None  # people trained (học viên)
    revenue: int | None = None  # extra yearly revenue, đồng
    other: str = ""


@dataclass(frozen=True)
class ProposalContent:
    """The editable content of a đề án, as plain values already cleaned (NFC, trimmed)."""

    title: str
    category: str = ""
    funding_source: FundingSource = FundingSource.PROVINCIAL
    plan_year: int | None = None
    implementing_unit: str = ""
    facility_uuids: tuple[str, ...] = ()
    commune_code: int | None = None
    place: str = ""
    period_start: date | None = None
    period_end: date | None = None
    background: str = ""
    objectives: str = ""
    activities: str = ""
    results: ExpectedResults = ExpectedResults()
    lines: tuple[BudgetLine, ...] = ()

    @property
    def totals(self) -> BudgetTotals:
        return budget_totals(self.lines)

    def reference_year(self) -> int | None:
        """The year the proposal belongs to: its plan year, else the start of its period."""
        if self.plan_year is not None:
            return self.plan_year
        return self.period_start.year if self.period_start else None


def _issue(field: str, code: str, vi: str, en: str) -> Issue:
    return Issue(field, code, vi, en)


def check_content(content: ProposalContent) -> list[Issue]:
    """Errors that stop even a draft from being saved: nonsense, never mere incompleteness."""
    issues: list[Issue] = []
    if not content.title:
        issues.append(
            _issue("title", "required", "Chưa nhập tên đề án.", "The proposal has no title.")
        )
    elif len(content.title) > MAX_TITLE_LENGTH:
        issues.append(
            _issue(
                "title",
                "too_long",
                f"Tên đề án quá dài (tối đa {MAX_TITLE_LENGTH} ký tự).",
                f"The title is too long (at most {MAX_TITLE_LENGTH} characters).",
            )
        )
    if content.plan_year is not None and not MIN_YEAR <= content.plan_year <= MAX_YEAR:
        issues.append(
            _issue(
                "plan_year",
                "out_of_range",
                f"Năm kế hoạch {content.plan_year} không hợp lệ ({MIN_YEAR}–{MAX_YEAR}).",
                f"Plan year {content.plan_year} is not valid ({MIN_YEAR}–{MAX_YEAR}).",
            )
        )
    for name, day in (("period_start", content.period_start), ("period_end", content.period_end)):
        if day is not None and not MIN_YEAR <= day.year <= MAX_YEAR:
            issues.append(
                _issue(
                    name,
                    "out_of_range",
                    f"Ngày {day:%d/%m/%Y} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}.",
                    f"Date {day:%d/%m/%Y} is outside {MIN_YEAR}–{MAX_YEAR}.",
                )
            )
    if content.period_start and content.period_end and content.period_end < content.period_start:
        issues.append(
            _issue(
                "period_end",
                "before_start",
                f"Thời gian kết thúc ({content.period_end:%d/%m/%Y}) trước thời gian bắt đầu "
                f"({content.period_start:%d/%m/%Y}).",
                f"The end ({content.period_end:%d/%m/%Y}) is before the start "
                f"({content.period_start:%d/%m/%Y}).",
            )
        )
    for name, count, vi in (
        ("results.jobs", content.results.jobs, "Số lao động"),
        ("results.trainees", content.results.trainees, "Số học viên"),
    ):
        if count is not None and not 0 <= count <= MAX_COUNT:
            issues.append(
                _issue(
                    name,
                    "out_of_range",
                    f"{vi} dự kiến ({count}) phải từ 0 đến {format_number(MAX_COUNT)}.",
                    f"The expected {name.split('.')[1]} ({count}) must be 0 to {MAX_COUNT:,}.",
                )
            )
    revenue = content.results.revenue
    if revenue is not None and not 0 <= revenue <= MAX_REVENUE:
        issues.append(
            _issue(
                "results.revenue",
                "out_of_range",
                "Doanh thu tăng thêm dự kiến phải là số đồng không âm và hợp lý.",
                "The expected extra revenue must be a sensible, non-negative amount in đồng.",
            )
        )
    for name, text in (
        ("background", content.background),
        ("objectives", content.objectives),
        ("activities", content.activities),
        ("results.other", content.results.other),
    ):
        if len(text) > MAX_TEXT_LENGTH:
            issues.append(
                _issue(
                    name,
                    "too_long",
                    f"Nội dung quá dài (tối đa {format_number(MAX_TEXT_LENGTH)} ký tự).",
                    f"The text is too long (at most {MAX_TEXT_LENGTH:,} characters).",
                )
            )
    if len(set(content.facility_uuids)) != len(content.facility_uuids):
        issues.append(
            _issue(
                "facility_uuids",
                "duplicate",
                "Một cơ sở được chọn hai lần trong danh sách đơn vị thụ hưởng.",
                "A facility is listed twice among the beneficiaries.",
            )
        )
    issues += check_lines(content.lines)
    return issues


def check_complete(content: ProposalContent) -> list[Issue]:
    """What must be filled in before the proposal goes to the province."""
    missing: list[tuple[str, str, str]] = []
    if not content.category:
        missing.append(("category", "nội dung khuyến công", "category"))
    if content.reference_year() is None:
        missing.append(("plan_year", "năm kế hoạch", "plan year"))
    if not content.implementing_unit:
        missing.append(("implementing_unit", "đơn vị thực hiện", "implementing unit"))
    if not content.facility_uuids:
        missing.append(("facility_uuids", "cơ sở thụ hưởng", "beneficiary facility"))
    if content.commune_code is None and not content.place:
        missing.append(("place", "địa điểm thực hiện", "place"))
    if content.period_start is None or content.period_end is None:
        missing.append(("period_start", "thời gian thực hiện", "period"))
    if not content.objectives:
        missing.append(("objectives", "mục tiêu", "objectives"))
    if not content.lines:
        missing.append(("lines", "dự toán kinh phí", "budget"))
    issues = [
        _issue(
            field,
            "required_for_submit",
            f"Chưa có {vi}: cần điền trước khi gửi đề án.",
            f"The {en} is missing: fill it in before submitting.",
        )
        for field, vi, en in missing
    ]
    if content.lines and content.totals.support == 0:
        issues.append(
            _issue(
                "lines",
                "no_support",
                "Dự toán chưa có khoản nào đề nghị khuyến công hỗ trợ.",
                "The budget asks for no extension support at all.",
            )
        )
    return issues
