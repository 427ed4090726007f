"""What a person types for a proposal, cleaned and checked into domain content."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kcdesk.domain.errors import Issue, Severity, ValidationError
from kcdesk.domain.proposals.budget import BudgetLine, make_line
from kcdesk.domain.proposals.content import ExpectedResults, ProposalContent, check_content
from kcdesk.domain.proposals.status import FundingSource
from kcdesk.services.proposal_rules import category_rows
from kcdesk.storage.models import Commune, Facility
from kcdesk.storage.models.places import SCHEME_2025
from kcdesk.vn.dates import parse_date
from kcdesk.vn.numbers import parse_int
from kcdesk.vn.text import clean, nfc


@dataclass
class LineInput:
    """One budget row as typed: numbers may be text in the Vietnamese way (``"1.250.000"``)."""

    item: str = ""
    unit: str = ""
    quantity: object = None
    unit_price: object = None
    support_percent: object = None
    counterpart_percent: object = None  # empty: what the support leaves (100 − support)
    note: str = ""


@dataclass
class ProposalInput:
    """What the editor (or a script) gives; text is cleaned to NFC on the way in."""

    title: str = ""
    category: str = ""
    funding_source: str = FundingSource.PROVINCIAL.value
    plan_year: object = None
    implementing_unit: str = ""
    facility_uuids: list[str] = field(default_factory=list)
    commune_code: int | None = None  # 2025 scheme
    place: str = ""
    period_start: object = None  # date or dd/mm/yyyy
    period_end: object = None
    background: str = ""
    objectives: str = ""
    activities: str = ""
    expected_jobs: object = None
    expected_trainees: object = None
    expected_revenue: object = None  # đồng per year
    expected_other: str = ""
    lines: list[LineInput | dict[str, Any]] = field(default_factory=list)


def _multiline(text: object) -> str:
    """NFC, trimmed lines, at most one blank line between paragraphs (unlike :func:`clean`)."""
    raw = nfc(str(text or "")).replace("\r\n", "\n").replace("\r", "\n")
    lines = [" ".join(line.split()) for line in raw.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    return "\n".join(out).strip()


def field_issue(field_name: str, code: str, vi: str, en: str) -> Issue:
    return Issue(field_name, code, vi, en)


def _int_field(value: object, field_name: str, vi: str, en: str, issues: list[Issue]) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        if isinstance(value, bool):
            raise ValueError("bool")
        if isinstance(value, float):
            value = repr(value)
        parsed = parse_int(value if isinstance(value, str | int | Decimal) else str(value))
    except ValueError:
        issues.append(
            field_issue(
                field_name,
                "not_whole_number",
                f"{vi} “{value}” không phải là số nguyên.",
                f"{en} “{value}” is not a whole number.",
            )
        )
        return None
    return parsed


def _date_field(
    value: object, field_name: str, vi: str, en: str, issues: list[Issue]
) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return parse_date(str(value))
    except ValueError:
        issues.append(
            field_issue(
                field_name,
                "not_date",
                f"{vi} “{value}” không phải ngày hợp lệ (dd/mm/yyyy).",
                f"{en} “{value}” is not a valid date (dd/mm/yyyy).",
            )
        )
        return None


def _line_input(raw: LineInput | dict[str, Any]) -> LineInput:
    if isinstance(raw, LineInput):
        return raw
    known = {k: v for k, v in raw.items() if k in LineInput.__dataclass_fields__}
    return LineInput(**known)


def build_content(session: Session, data: ProposalInput) -> ProposalContent:
    """Clean and check what a person gave; raise :class:`ValidationError` listing every error."""
    issues: list[Issue] = []
    try:
        funding = FundingSource(str(data.funding_source or FundingSource.PROVINCIAL.value))
    except ValueError:
        issues.append(
            field_issue(
                "funding_source",
                "bad_funding",
                f"Nguồn kinh phí “{data.funding_source}” không hợp lệ "
                "(khuyến công quốc gia, địa phương hoặc nguồn khác).",
                f"Funding source “{data.funding_source}” is not valid "
                "(national, provincial or other).",
            )
        )
        funding = FundingSource.PROVINCIAL
    category = clean(data.category)
    if category:
        codes = {c.code for c in category_rows(session, include_inactive=True)}
        if category not in codes:
            issues.append(
                field_issue(
                    "category",
                    "unknown_category",
                    f"Nội dung khuyến công “{category}” không có trong danh mục.",
                    f"Category “{category}” is not in the list.",
                )
            )
    year = _int_field(data.plan_year, "plan_year", "Năm kế hoạch", "Plan year", issues)
    jobs = _int_field(data.expected_jobs, "results.jobs", "Số lao động", "Jobs", issues)
    trainees = _int_field(
        data.expected_trainees, "results.trainees", "Số học viên", "Trainees", issues
    )
    revenue = _int_field(
        data.expected_revenue, "results.revenue", "Doanh thu tăng thêm", "Extra revenue", issues
    )
    start = _date_field(data.period_start, "period_start", "Ngày bắt đầu", "Start", issues)
    end = _date_field(data.period_end, "period_end", "Ngày kết thúc", "End", issues)

    facility_uuids = [str(u).strip() for u in data.facility_uuids if str(u).strip()]
    if facility_uuids:
        found = set(
            session.execute(
                select(Facility.uuid).where(
                    Facility.uuid.in_(facility_uuids), Facility.deleted.is_(False)
                )
            ).scalars()
        )
        for missing in [u for u in facility_uuids if u not in found]:
            issues.append(
                field_issue(
                    "facility_uuids",
                    "unknown_facility",
                    f"Không tìm thấy cơ sở thụ hưởng có mã {missing} (có thể đã bị xoá).",
                    f"Beneficiary facility {missing} was not found (deleted?).",
                )
            )
    commune = data.commune_code
    if commune is not None:
        exists = session.execute(
            select(Commune.id).where(Commune.scheme == SCHEME_2025, Commune.code == int(commune))
        ).first()
        if exists is None:
            issues.append(
                field_issue(
                    "commune_code",
                    "unknown_commune",
                    f"Mã xã/phường {commune} không có trong danh mục đơn vị hành chính 2025.",
                    f"Commune code {commune} is not in the 2025 list of communes.",
                )
            )

    lines: list[BudgetLine] = []
    for index, raw in enumerate(data.lines):
        line = _line_input(raw)
        try:
            lines.append(
                make_line(
                    line.item,
                    line.unit,
                    line.quantity,
                    line.unit_price,
                    line.support_percent,
                    line.counterpart_percent,
                    line.note,
                    index=index,
                )
            )
        except ValidationError as exc:
            issues.extend(exc.issues)

    content = ProposalContent(
        title=clean(data.title),
        category=category,
        funding_source=funding,
        plan_year=year,
        implementing_unit=clean(data.implementing_unit),
        facility_uuids=tuple(facility_uuids),
        commune_code=int(commune) if commune is not None else None,
        place=clean(data.place),
        period_start=start,
        period_end=end,
        background=_multiline(data.background),
        objectives=_multiline(data.objectives),
        activities=_multiline(data.activities),
        results=ExpectedResults(jobs, trainees, revenue, _multiline(data.expected_other)),
        lines=tuple(lines),
    )
    issues += check_content(content)
    errors = [i for i in issues if i.severity is Severity.ERROR]
    if errors:
        raise ValidationError(errors)
    return content
