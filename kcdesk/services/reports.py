"""Provincial reports: facilities by commune, industry and kind; surveys done per collaborator per
month; proposals and funding by year, category, source and status (requested against approved).

Each report is computed in SQL (GROUP BY), comes back as a plain :class:`ReportTable` stating its
filters and the time it was made, and can be written to Excel (:func:`write_reports`) or drawn in
the Báo cáo view.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, case, func, select

from kcdesk.domain.entities import FacilityKind, SurveyStatus
from kcdesk.domain.errors import KcError
from kcdesk.domain.proposals.status import FundingSource, ProposalStatus, funding_label
from kcdesk.io.excel.report_book import ReportColumn, ReportTable, write_report_book
from kcdesk.io.excel.writer import Kind
from kcdesk.services.context import Database
from kcdesk.services.proposal_rules import category_names
from kcdesk.storage.models import Commune, Facility, Proposal, Survey
from kcdesk.storage.models.places import SCHEME_2025
from kcdesk.vn.dates import format_date
from kcdesk.vn.text import collation_key

MILLION = Decimal(1_000_000)
NO_COMMUNE = "(Chưa xác định xã/phường)"
NO_INDUSTRY = "(Chưa có mã ngành)"
NO_SURVEYOR = "(Không ghi người khảo sát)"
GROUPS = {
    "facilities": ("facilities_by_commune", "facilities_by_industry", "facilities_by_kind"),
    "surveys": ("surveys_by_collaborator",),
    "proposals": ("proposals_by_year", "proposals_by_category", "proposals_by_source",
                  "proposals_by_status"),
}  # fmt: skip


@dataclass(frozen=True)
class ReportFilter:
    date_from: date | None = None  # surveys: survey date
    date_to: date | None = None
    year: int | None = None  # proposals
    commune_code: int | None = None  # 2025 scheme: facilities, surveys (by facility), proposals
    kind: str = ""  # facilities: a FacilityKind value
    status: str = ""  # proposals: a ProposalStatus value
    category: str = ""  # proposals
    source: str = ""  # proposals: a FundingSource value
    survey_status: str = SurveyStatus.COMPLETE.value  # "" counts drafts too


@dataclass
class ReportsResult:
    path: Path
    tables: list[ReportTable] = field(default_factory=list)

    @property
    def sheets(self) -> list[str]:
        return [t.title for t in self.tables]

    def to_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "reports": [t.to_json() for t in self.tables]}


def million(dong: int | Decimal | None) -> Decimal:
    """Đồng → triệu đồng, three places (reports are read in millions)."""
    value = Decimal(int(dong or 0)) / MILLION
    return value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def _commune_names(db: Database) -> dict[int, str]:
    with db.unit_of_work() as uow:
        return {
            int(c): str(n)
            for c, n in uow.session.execute(
                select(Commune.code, Commune.name).where(Commune.scheme == SCHEME_2025)
            )
        }


def _kind(flt: ReportFilter) -> FacilityKind | None:
    if not flt.kind:
        return None
    if flt.kind in {k.value for k in FacilityKind}:
        return FacilityKind(flt.kind)
    kind = FacilityKind.from_text(flt.kind)
    if kind is None:
        raise KcError(f"Loại hình “{flt.kind}” không có.", f"No kind “{flt.kind}”.")
    return kind


def describe(db: Database, flt: ReportFilter, what: str) -> str:
    """The filters a report used, in words."""
    parts: list[str] = []
    if flt.commune_code is not None:
        name = _commune_names(db).get(flt.commune_code, str(flt.commune_code))
        parts.append(f"xã/phường: {name}")
    if what == "facilities":
        kind = _kind(flt)
        if kind is not None:
            parts.append(f"loại hình: {kind.label_vi}")
    if what == "surveys":
        if flt.date_from:
            parts.append(f"từ ngày {format_date(flt.date_from)}")
        if flt.date_to:
            parts.append(f"đến ngày {format_date(flt.date_to)}")
        parts.append("chỉ phiếu đã hoàn thành" if flt.survey_status == "complete"
                     else "cả phiếu nháp")  # fmt: skip
    if what == "proposals":
        if flt.year is not None:
            parts.append(f"năm {flt.year}")
        if flt.category:
            parts.append(f"nội dung: {category_names(db).get(flt.category, flt.category)}")
        if flt.source:
            parts.append(f"nguồn: {_source_label(flt.source)}")
        if flt.status:
            parts.append(f"trạng thái: {_status_label(flt.status)}")
    return "; ".join(parts) or "toàn bộ dữ liệu"


# --- Facilities ----------------------------------------------------------------------------------


def _facility_conditions(flt: ReportFilter) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = [Facility.deleted.is_(False)]
    if flt.commune_code is not None:
        conds += [Facility.commune_scheme == SCHEME_2025, Facility.commune_code == flt.commune_code]
    kind = _kind(flt)
    if kind is not None:
        conds.append(Facility.kind == kind.value)
    return conds


KIND_ORDER = [FacilityKind.ENTERPRISE, FacilityKind.COOPERATIVE, FacilityKind.COOPERATIVE_GROUP,
              FacilityKind.HOUSEHOLD]  # fmt: skip


def facilities_by_commune(db: Database, flt: ReportFilter | None = None) -> ReportTable:
    flt = flt or ReportFilter()
    stmt = (
        select(Facility.commune_scheme, Facility.commune_code, Facility.kind, func.count(),
               func.sum(Facility.employees), func.sum(Facility.annual_revenue))
        .where(*_facility_conditions(flt))
        .group_by(Facility.commune_scheme, Facility.commune_code, Facility.kind)
    )  # fmt: skip
    names = _commune_names(db)
    groups: dict[str, dict[str, Any]] = {}
    with db.unit_of_work() as uow:
        for scheme, code, kind, count, workers, revenue in uow.session.execute(stmt):
            label = names.get(code, NO_COMMUNE) if scheme == SCHEME_2025 and code else NO_COMMUNE
            g = groups.setdefault(label, {"kinds": defaultdict(int), "workers": 0, "revenue": 0})
            g["kinds"][kind] += int(count)
            g["workers"] += int(workers or 0)
            g["revenue"] += int(revenue or 0)
    order = sorted(groups, key=lambda n: (n == NO_COMMUNE, collation_key(n)))
    rows = []
    for index, label in enumerate(order, start=1):
        g = groups[label]
        counts = [g["kinds"].get(k.value, 0) for k in KIND_ORDER]
        other = sum(v for k, v in g["kinds"].items() if k not in {x.value for x in KIND_ORDER})
        rows.append([index, label, *counts, sum(counts) + other, g["workers"],
                     million(g["revenue"])])  # fmt: skip
    columns = [
        ReportColumn("STT", Kind.INT, 6),
        ReportColumn("Xã/phường", Kind.TEXT, 30),
        *(ReportColumn(k.label_vi, Kind.INT) for k in KIND_ORDER),
        ReportColumn("Tổng số cơ sở", Kind.INT),
        ReportColumn("Số lao động", Kind.INT),
        ReportColumn("Doanh thu (triệu đồng)", Kind.MILLION),
    ]
    return ReportTable(
        "facilities_by_commune", "Cơ sở CNNT theo xã/phường", columns, rows,
        describe(db, flt, "facilities"), datetime.now(), _sum_row(rows, 2, "Tổng cộng"),
        label_column=1, chart_columns=[6], sheet_name="Cơ sở theo xã",
    )  # fmt: skip


def facilities_by_kind(db: Database, flt: ReportFilter | None = None) -> ReportTable:
    flt = flt or ReportFilter()
    stmt = (
        select(Facility.kind, func.count(), func.sum(Facility.employees),
               func.sum(Facility.annual_revenue))
        .where(*_facility_conditions(flt))
        .group_by(Facility.kind)
    )  # fmt: skip
    with db.unit_of_work() as uow:
        found = {k: (int(n), int(w or 0), int(r or 0)) for k, n, w, r in uow.session.execute(stmt)}
    total = sum(n for n, _w, _r in found.values())
    labels = {k.value: k.label_vi for k in FacilityKind}
    keys = [k.value for k in KIND_ORDER if k.value in found] + sorted(
        k for k in found if k not in labels
    )
    rows = []
    for index, key in enumerate(keys, start=1):
        n, workers, revenue = found[key]
        share = Decimal(n) / Decimal(total) if total else Decimal(0)
        rows.append([index, labels.get(key, key), n, share.quantize(Decimal("0.0001")), workers,
                     million(revenue)])  # fmt: skip
    columns = [
        ReportColumn("STT", Kind.INT, 6),
        ReportColumn("Loại hình", Kind.TEXT, 24),
        ReportColumn("Số cơ sở", Kind.INT),
        ReportColumn("Tỷ lệ", Kind.PERCENT),
        ReportColumn("Số lao động", Kind.INT),
        ReportColumn("Doanh thu (triệu đồng)", Kind.MILLION),
    ]
    total_row = _sum_row(rows, 2, "Tổng cộng")
    if total_row is not None:
        total_row[3] = Decimal(1) if total else Decimal(0)
    return ReportTable(
        "facilities_by_kind", "Cơ sở CNNT theo loại hình", columns, rows,
        describe(db, flt, "facilities"), datetime.now(), total_row,
        label_column=1, chart_columns=[2], sheet_name="Cơ sở theo loại hình",
    )  # fmt: skip


def industry_group(code: str) -> str:
    """VSIC division (level 2, two digits) of a stored code (``"C1629"``, ``"1629"`` → ``"16"``)."""
    digits = "".join(ch for ch in code if ch.isdigit())
    return digits[:2] if len(digits) >= 2 else (code.strip().upper() or "")


def facilities_by_industry(db: Database, flt: ReportFilter | None = None) -> ReportTable:
    flt = flt or ReportFilter()
    stmt = (
        select(Facility.industry_code, Facility.industry_version, func.count(),
               func.sum(Facility.employees), func.sum(Facility.annual_revenue))
        .where(*_facility_conditions(flt))
        .group_by(Facility.industry_code, Facility.industry_version)
    )  # fmt: skip
    groups: dict[tuple[str, str], list[int]] = {}
    with db.unit_of_work() as uow:
        for code, version, n, workers, revenue in uow.session.execute(stmt):
            group = industry_group(code or "")
            key = (group, (version or "") if group else "")
            g = groups.setdefault(key, [0, 0, 0])
            g[0] += int(n)
            g[1] += int(workers or 0)
            g[2] += int(revenue or 0)
    order = sorted(groups, key=lambda k: (k[0] == "", k[0], k[1]))
    rows = []
    for index, (group, version) in enumerate(order, start=1):
        n, workers, revenue = groups[(group, version)]
        label = f"Ngành {group}" if group else NO_INDUSTRY
        rows.append([index, label, version, n, workers, million(revenue)])
    columns = [
        ReportColumn("STT", Kind.INT, 6),
        ReportColumn("Ngành (VSIC cấp 2)", Kind.TEXT, 24),
        ReportColumn("Hệ thống ngành", Kind.TEXT, 14),
        ReportColumn("Số cơ sở", Kind.INT),
        ReportColumn("Số lao động", Kind.INT),
        ReportColumn("Doanh thu (triệu đồng)", Kind.MILLION),
    ]
    table = ReportTable(
        "facilities_by_industry", "Cơ sở CNNT theo ngành", columns, rows,
        describe(db, flt, "facilities"), datetime.now(), _sum_row(rows, 3, "Tổng cộng"),
        label_column=1, chart_columns=[3], sheet_name="Cơ sở theo ngành",
    )  # fmt: skip
    table.notes.append("Mã ngành gộp theo cấp 2 (2 chữ số) của hệ thống ngành ghi cùng mã.")
    return table


# --- Surveys -------------------------------------------------------------------------------------


def surveys_by_collaborator(db: Database, flt: ReportFilter | None = None) -> ReportTable:
    """Surveys done per collaborator (the surveyor named on the survey) per month."""
    flt = flt or ReportFilter()
    conds: list[ColumnElement[bool]] = [Survey.deleted.is_(False)]
    if flt.survey_status:
        conds.append(Survey.status == flt.survey_status)
    if flt.date_from is not None:
        conds.append(Survey.survey_date >= flt.date_from)
    if flt.date_to is not None:
        conds.append(Survey.survey_date <= flt.date_to)
    stmt = select(Survey.surveyor, Survey.survey_date, func.count()).where(*conds)
    if flt.commune_code is not None:
        stmt = stmt.join(Facility, Facility.uuid == Survey.facility_uuid).where(
            Facility.commune_scheme == SCHEME_2025, Facility.commune_code == flt.commune_code
        )
    stmt = stmt.group_by(Survey.surveyor, Survey.survey_date)
    counts: dict[str, dict[tuple[int, int], int]] = defaultdict(lambda: defaultdict(int))
    undated = 0
    with db.unit_of_work() as uow:
        for surveyor, when, n in uow.session.execute(stmt):
            if when is None:
                undated += int(n)
                continue
            name = " ".join((surveyor or "").split()) or NO_SURVEYOR
            counts[name][(when.year, when.month)] += int(n)
    months = sorted({m for per in counts.values() for m in per})
    if flt.date_from and flt.date_to and months:
        months = _month_range(flt.date_from, flt.date_to) if _span(flt) <= 36 else months
    people = sorted(counts, key=lambda n: (n == NO_SURVEYOR, collation_key(n)))
    rows = []
    for index, person in enumerate(people, start=1):
        per = counts[person]
        values = [per.get(m, 0) for m in months]
        rows.append([index, person, *values, sum(values)])
    columns = [
        ReportColumn("STT", Kind.INT, 6),
        ReportColumn("Cộng tác viên", Kind.TEXT, 28),
        *(ReportColumn(f"{m:02d}/{y}", Kind.INT, 9) for y, m in months),
        ReportColumn("Tổng", Kind.INT, 9),
    ]
    table = ReportTable(
        "surveys_by_collaborator", "Phiếu khảo sát theo cộng tác viên và tháng", columns, rows,
        describe(db, flt, "surveys"), datetime.now(), _sum_row(rows, 2, "Tổng cộng"),
        label_column=1, chart_columns=[len(columns) - 1], sheet_name="Phiếu theo CTV",
    )  # fmt: skip
    if undated:
        table.notes.append(f"{undated} phiếu chưa ghi ngày khảo sát không được tính.")
    return table


def _span(flt: ReportFilter) -> int:
    assert flt.date_from is not None and flt.date_to is not None
    return (flt.date_to.year - flt.date_from.year) * 12 + flt.date_to.month - flt.date_from.month


def _month_range(start: date, end: date) -> list[tuple[int, int]]:
    out = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


# --- Proposals -----------------------------------------------------------------------------------


def _proposal_conditions(flt: ReportFilter) -> list[ColumnElement[bool]]:
    from kcdesk.services.proposal_list import ProposalFilter, checked_conditions

    return checked_conditions(ProposalFilter(
        status=flt.status or None, year=flt.year, category=flt.category or None,
        funding_source=flt.source or None, commune_code=flt.commune_code,
    ))  # fmt: skip


def _status_label(value: str) -> str:
    return ProposalStatus(value).label_vi if value in {s.value for s in ProposalStatus} else value


def _source_label(value: str) -> str:
    return (
        funding_label(FundingSource(value))
        if value in {s.value for s in FundingSource}
        else (value)
    )


# The stored total, or its parts for proposals written before totals were kept.
_TOTAL = case(
    (Proposal.total_amount > 0, Proposal.total_amount),
    else_=Proposal.support_amount + Proposal.counterpart_amount + Proposal.other_amount,
)

PROPOSAL_COLUMNS_TAIL = [
    ReportColumn("Số đề án", Kind.INT),
    ReportColumn("Tổng kinh phí (triệu đồng)", Kind.MILLION),
    ReportColumn("Kinh phí khuyến công đề nghị (triệu đồng)", Kind.MILLION),
    ReportColumn("Kinh phí được duyệt (triệu đồng)", Kind.MILLION),
    ReportColumn("Tỷ lệ duyệt / đề nghị", Kind.PERCENT),
]


def _proposals_by(
    db: Database,
    flt: ReportFilter,
    group_column: Any,
    key: str,
    title: str,
    label_title: str,
    label: Callable[[Any], str],
    order: Callable[[Any], Any],
    sheet: str,
) -> ReportTable:
    stmt = (
        select(group_column, func.count(), func.sum(_TOTAL), func.sum(Proposal.support_amount),
               func.sum(Proposal.approved_amount))
        .where(*_proposal_conditions(flt))
        .group_by(group_column)
    )  # fmt: skip
    with db.unit_of_work() as uow:
        found = list(uow.session.execute(stmt))
    found.sort(key=lambda r: order(r[0]))
    rows = []
    for index, (value, n, total, requested, approved) in enumerate(found, start=1):
        rows.append([index, label(value), int(n), million(total), million(requested),
                     million(approved), _ratio(approved, requested)])  # fmt: skip
    total_row = _sum_row(rows, 2, "Tổng cộng")
    if total_row is not None:
        requested_all = sum(int(r[3] or 0) for r in found)
        approved_all = sum(int(r[4] or 0) for r in found)
        total_row[6] = _ratio(approved_all, requested_all)
    columns = [ReportColumn("STT", Kind.INT, 6), ReportColumn(label_title, Kind.TEXT, 30),
               *PROPOSAL_COLUMNS_TAIL]  # fmt: skip
    table = ReportTable(key, title, columns, rows, describe(db, flt, "proposals"), datetime.now(),
                        total_row, label_column=1, chart_columns=[4, 5], sheet_name=sheet)  # fmt: skip
    table.notes.append("Kinh phí đề nghị: phần khuyến công hỗ trợ trong dự toán; được duyệt: "
                       "số tiền ghi trong quyết định phê duyệt (đề án chưa duyệt tính 0).")  # fmt: skip
    return table


def _ratio(part: int | Decimal | None, whole: int | Decimal | None) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(int(part or 0)) / Decimal(int(whole))).quantize(Decimal("0.0001"))


def proposals_by_year(db: Database, flt: ReportFilter | None = None) -> ReportTable:
    return _proposals_by(db, flt or ReportFilter(), Proposal.year, "proposals_by_year",
                         "Đề án và kinh phí theo năm", "Năm",
                         lambda v: str(v) if v else "(Chưa ghi năm)",
                         lambda v: (v is None, v or 0), "Đề án theo năm")  # fmt: skip


def proposals_by_category(db: Database, flt: ReportFilter | None = None) -> ReportTable:
    names = category_names(db)
    return _proposals_by(db, flt or ReportFilter(), Proposal.category_code,
                         "proposals_by_category", "Đề án và kinh phí theo nội dung khuyến công",
                         "Nội dung khuyến công", lambda v: names.get(v, v or "—"),
                         lambda v: collation_key(names.get(v, v or "")),
                         "Đề án theo nội dung")  # fmt: skip


def proposals_by_source(db: Database, flt: ReportFilter | None = None) -> ReportTable:
    order = [s.value for s in FundingSource]
    return _proposals_by(db, flt or ReportFilter(), Proposal.funding_source,
                         "proposals_by_source", "Đề án và kinh phí theo nguồn kinh phí",
                         "Nguồn kinh phí", _source_label,
                         lambda v: order.index(v) if v in order else len(order),
                         "Đề án theo nguồn")  # fmt: skip


def proposals_by_status(db: Database, flt: ReportFilter | None = None) -> ReportTable:
    order = [s.value for s in ProposalStatus]
    return _proposals_by(db, flt or ReportFilter(), Proposal.status, "proposals_by_status",
                         "Đề án và kinh phí theo trạng thái", "Trạng thái", _status_label,
                         lambda v: order.index(v) if v in order else len(order),
                         "Đề án theo trạng thái")  # fmt: skip


# --- All together --------------------------------------------------------------------------------

REPORTS: dict[str, Callable[[Database, ReportFilter | None], ReportTable]] = {
    "facilities_by_commune": facilities_by_commune,
    "facilities_by_industry": facilities_by_industry,
    "facilities_by_kind": facilities_by_kind,
    "surveys_by_collaborator": surveys_by_collaborator,
    "proposals_by_year": proposals_by_year,
    "proposals_by_category": proposals_by_category,
    "proposals_by_source": proposals_by_source,
    "proposals_by_status": proposals_by_status,
}


def report_keys(which: str) -> list[str]:
    """``facilities`` | ``surveys`` | ``proposals`` | ``all`` | one report key."""
    if which == "all":
        return list(REPORTS)
    if which in GROUPS:
        return list(GROUPS[which])
    if which in REPORTS:
        return [which]
    raise KcError(f"Không có báo cáo “{which}”.", f"No report “{which}”.")


def build_reports(db: Database, which: str, flt: ReportFilter | None = None) -> list[ReportTable]:
    return [REPORTS[key](db, flt) for key in report_keys(which)]


def write_reports(
    db: Database, which: str, out: Path | str, flt: ReportFilter | None = None
) -> ReportsResult:
    tables = build_reports(db, which, flt)
    return save_reports(db, tables, out)


def save_reports(db: Database, tables: list[ReportTable], out: Path | str) -> ReportsResult:
    """Write already built tables (what the Báo cáo view shows) to an Excel file."""
    from kcdesk.services.installation import get_installation

    info = get_installation(db)
    heading = ""
    if info is not None:
        heading = info.centre_name or (f"Cộng tác viên: {info.person_name}" if info.person_name
                                       else "")  # fmt: skip
    path = write_report_book(tables, Path(out), heading)
    return ReportsResult(path, tables)


def _sum_row(rows: list[list[Any]], first_number: int, label: str) -> list[Any] | None:
    """A "Tổng cộng" row: sums of every numeric column from ``first_number`` on."""
    if not rows:
        return None
    width = len(rows[0])
    total: list[Any] = [None, label] + [None] * (width - 2)
    for col in range(first_number, width):
        values = [r[col] for r in rows if isinstance(r[col], int | Decimal)]
        if values and all(isinstance(v, int | Decimal) for v in values):
            total[col] = sum(values, Decimal(0)) if any(isinstance(v, Decimal) for v in values) \
                else sum(values)  # fmt: skip
    return total
