"""Export lists to ``.xlsx``: facilities, surveys (one column per question of their form version,
repeat groups on sheets of their own linked by the survey id), proposals (budget lines on a
second sheet). Streams rows from the database into write-only sheets, with progress and Cancel.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from operator import call
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, func, select

from kcdesk.domain.entities import FacilityKind, SurveyStatus
from kcdesk.domain.errors import KcError
from kcdesk.domain.forms import FormDefinition, QType, Question, TextFormat
from kcdesk.domain.forms.answers import is_empty
from kcdesk.domain.proposals.status import FundingSource, ProposalStatus, funding_label
from kcdesk.io.excel.writer import Column, ExcelBook, Kind, SheetWriter
from kcdesk.services.context import Database
from kcdesk.services.proposal_rules import category_names
from kcdesk.storage.models import (
    Commune,
    Facility,
    Proposal,
    ProposalBudgetLine,
    ProposalFacility,
    Survey,
)
from kcdesk.storage.models.places import SCHEME_2025
from kcdesk.storage.search import match_condition

ProgressFn = Callable[[int, int, str], None]
CancelledFn = Callable[[], bool]
WHAT = ("facilities", "surveys", "proposals")
BATCH = 2000


@dataclass(frozen=True)
class ExportFilter:
    """What to export; each export uses the parts that apply to it."""

    search: str = ""
    commune_code: int | None = None  # 2025 scheme
    kind: str = ""  # facilities
    date_from: date | None = None  # surveys: survey date
    date_to: date | None = None
    status: str = ""  # surveys: draft|complete; proposals: a ProposalStatus
    form_id: str = ""  # surveys
    year: int | None = None  # proposals
    category: str = ""  # proposals
    source: str = ""  # proposals: funding source

    def describe(self, what: str) -> str:
        """The filter in words, for the people reading the file."""
        from kcdesk.vn.dates import format_date

        parts = []
        if self.search:
            parts.append(f"tìm “{self.search}”")
        if self.commune_code is not None:
            parts.append(f"xã/phường mã {self.commune_code}")
        if what == "facilities" and self.kind:
            parts.append(f"loại hình {self.kind}")
        if what == "surveys":
            if self.date_from:
                parts.append(f"từ ngày {format_date(self.date_from)}")
            if self.date_to:
                parts.append(f"đến ngày {format_date(self.date_to)}")
            if self.form_id:
                parts.append(f"mẫu phiếu {self.form_id}")
        if self.status and what in ("surveys", "proposals"):
            parts.append(f"trạng thái {self.status}")
        if what == "proposals":
            if self.year:
                parts.append(f"năm {self.year}")
            if self.category:
                parts.append(f"nội dung {self.category}")
            if self.source:
                parts.append(f"nguồn {self.source}")
        return "; ".join(parts) or "tất cả"


@dataclass
class ExportResult:
    what: str
    path: Path
    rows: int
    sheets: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"what": self.what, "path": str(self.path), "rows": self.rows,
                "sheets": self.sheets}  # fmt: skip


def export(
    db: Database,
    what: str,
    out: Path | str,
    flt: ExportFilter | None = None,
    *,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> ExportResult:
    """Write ``what`` (facilities | surveys | proposals) to ``out``; nothing is left behind if
    it fails or is cancelled (the file is written to a temporary name and moved at the end)."""
    flt = flt or ExportFilter()
    functions = {
        "facilities": export_facilities,
        "surveys": export_surveys,
        "proposals": export_proposals,
    }
    if what not in functions:
        raise KcError(f"Không xuất được “{what}” (chọn: {', '.join(WHAT)}).",
                      f"Cannot export “{what}” (choose: {', '.join(WHAT)}).")  # fmt: skip
    return functions[what](db, Path(out), flt, progress=progress, cancelled=cancelled)


def _check(cancelled: CancelledFn | None) -> None:
    if cancelled is not None and cancelled():
        raise InterruptedError("cancelled")


def _communes(db: Database) -> dict[int, str]:
    with db.unit_of_work() as uow:
        return {
            int(c): str(n)
            for c, n in uow.session.execute(
                select(Commune.code, Commune.name).where(Commune.scheme == SCHEME_2025)
            )
        }


def _plain_datetime(value: datetime | None) -> datetime | None:
    """Excel has no time zones: show local time."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone().replace(tzinfo=None)
    return value.replace(microsecond=0)


def _stream(db: Database, stmt: Any) -> Iterator[Any]:
    """Rows of a column query, fetched ``BATCH`` at a time; through the session's connection
    (SQLAlchemy Core): the ORM's row handling would cost as much again as the query itself."""
    with db.unit_of_work() as uow:
        yield from uow.session.connection().execute(stmt.execution_options(yield_per=BATCH))


# --- Facilities ----------------------------------------------------------------------------------

FACILITY_COLUMNS = [
    Column("Mã cơ sở", Kind.TEXT, 38),
    Column("Tên cơ sở"),
    Column("Loại hình"),
    Column("Chủ cơ sở / người đại diện"),
    Column("Địa chỉ (thôn/xóm)"),
    Column("Xã/phường"),
    Column("Địa chỉ cũ (trước 2025)"),
    Column("Số điện thoại"),
    Column("Mã số thuế"),
    Column("Năm thành lập", Kind.YEAR),
    Column("Làng nghề"),
    Column("Mã ngành"),
    Column("Hệ thống ngành"),
    Column("Số lao động", Kind.INT),
    Column("Doanh thu năm (đồng)", Kind.MONEY),
    Column("Vĩ độ", Kind.DECIMAL),
    Column("Kinh độ", Kind.DECIMAL),
    Column("Ghi chú", Kind.LONG_TEXT),
    Column("Cập nhật", Kind.DATETIME),
]


def _facility_conditions(db: Database, flt: ExportFilter) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = [Facility.deleted.is_(False)]
    condition = match_condition(db.dialect, flt.search)
    if condition is not None:
        conds.append(condition)
    if flt.commune_code is not None:
        conds.append(Facility.commune_scheme == SCHEME_2025)
        conds.append(Facility.commune_code == flt.commune_code)
    if flt.kind:
        kind = FacilityKind.from_text(flt.kind) or (
            FacilityKind(flt.kind) if flt.kind in {k.value for k in FacilityKind} else None
        )
        if kind is None:
            raise KcError(f"Loại hình “{flt.kind}” không có.", f"No kind “{flt.kind}”.")
        conds.append(Facility.kind == kind.value)
    return conds


def export_facilities(
    db: Database,
    out: Path,
    flt: ExportFilter,
    *,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> ExportResult:
    conds = _facility_conditions(db, flt)
    with db.unit_of_work() as uow:
        total = int(uow.session.execute(select(func.count(Facility.id)).where(*conds)).scalar_one())
    communes = _communes(db)
    kinds = {k.value: k.label_vi for k in FacilityKind}
    with ExcelBook() as book:
        sheet = book.sheet("Cơ sở", FACILITY_COLUMNS)
        stmt = (
            select(Facility.uuid, Facility.name, Facility.kind, Facility.owner_name, Facility.address,
                   Facility.commune_scheme, Facility.commune_code, Facility.old_address,
                   Facility.phone, Facility.tax_code, Facility.year_founded, Facility.craft_village,
                   Facility.industry_code, Facility.industry_version, Facility.employees,
                   Facility.annual_revenue, Facility.latitude, Facility.longitude, Facility.notes,
                   Facility.updated_at)
            .where(*conds)
            .order_by(Facility.name_sort, Facility.id)
        )  # fmt: skip
        done = 0
        for r in _stream(db, stmt):
            commune = communes.get(r.commune_code, "") if r.commune_scheme == SCHEME_2025 else ""
            sheet.append([
                r.uuid, r.name, kinds.get(r.kind, r.kind), r.owner_name, r.address, commune,
                r.old_address, r.phone, r.tax_code, r.year_founded, r.craft_village,
                r.industry_code, r.industry_version, r.employees, r.annual_revenue, r.latitude,
                r.longitude, r.notes, _plain_datetime(r.updated_at),
            ])  # fmt: skip
            done += 1
            if done % 500 == 0:
                _check(cancelled)
                if progress is not None:
                    progress(done, total, "")
        _info_sheet(book, "Danh sách cơ sở", flt.describe("facilities"), done)
        book.save(out)
        if progress is not None:
            progress(done, total, "")
        return ExportResult("facilities", out, done, [s.title for s in book.sheets])


def _info_sheet(book: ExcelBook, title: str, filters: str, rows: int) -> None:
    """A last sheet saying what the file holds, with which filters, when it was made."""
    from kcdesk.vn.dates import format_datetime

    info = book.sheet(
        "Thông tin", [Column("Mục", Kind.TEXT, 24), Column("Nội dung", Kind.TEXT, 70)]
    )
    for row in (("Nội dung", title), ("Bộ lọc", filters), ("Số dòng", rows),
                ("Lập lúc", format_datetime(datetime.now())), ("Phần mềm", "kcdesk")):  # fmt: skip
        info.append(row)


# --- Surveys -------------------------------------------------------------------------------------

SURVEY_STATUS_VI = {SurveyStatus.DRAFT.value: "Nháp", SurveyStatus.COMPLETE.value: "Hoàn thành"}
SURVEY_FIXED = [
    Column("Mã phiếu", Kind.TEXT, 38),
    Column("Cơ sở"),
    Column("Mã cơ sở", Kind.TEXT, 38),
    Column("Xã/phường"),
    Column("Người khảo sát"),
    Column("Ngày khảo sát", Kind.DATE),
    Column("Tình trạng"),
    Column("Cập nhật", Kind.DATETIME),
]

Converter = Callable[[Any], Any]


def _kind_of(q: Question) -> Kind:
    t = q.value_type
    if t is QType.MONEY:
        return Kind.MONEY
    if t is QType.INTEGER:
        return Kind.YEAR if q.format is TextFormat.YEAR else Kind.INT
    if t is QType.DECIMAL:
        return Kind.DECIMAL
    if t is QType.DATE:
        return Kind.DATE
    if t is QType.PHOTO or t is QType.REPEAT:
        return Kind.INT
    if t is QType.LONG_TEXT:
        return Kind.LONG_TEXT
    return Kind.TEXT


def _number(raw: Any) -> Any:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        return raw
    if isinstance(raw, Decimal):
        return int(raw) if raw == raw.to_integral_value() else float(raw)
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except ArithmeticError:
        return str(raw)
    return int(value) if value == value.to_integral_value() else float(value)


def _blank(text: str) -> bool:
    return not text or text.isspace()  # is_empty for text: not text.strip(), without a copy


def converter(q: Question, communes: dict[int, str] | None = None) -> Converter:
    """How one question's stored answer becomes one Excel cell value (typed, not formatted);
    ``communes`` names a commune answer stored as a bare 2025 code.

    These run once per answer of every exported survey: each checks first for what the answer
    usually is (no answer, a number, a text) before the general case."""
    t = q.value_type
    if t in (QType.INTEGER, QType.DECIMAL, QType.MONEY):

        def number(raw: Any) -> Any:
            if raw is None:
                return None
            kind = raw.__class__
            if kind is int or kind is float:
                return raw
            return None if is_empty(raw) else _number(raw)

        return number
    if t is QType.DATE:

        def as_date(raw: Any) -> Any:
            if raw is None or is_empty(raw):
                return None
            if isinstance(raw, date):
                return raw
            try:
                return date.fromisoformat(str(raw)[:10])
            except ValueError:
                from kcdesk.vn.dates import parse_date

                try:
                    return parse_date(str(raw))
                except ValueError:
                    return str(raw)

        return as_date
    if t is QType.YES_NO:
        return lambda raw: ("Có" if raw else "Không") if raw.__class__ is bool else None
    if t is QType.CHOICE:
        labels = {c.value: c.label.vi for c in q.choices}

        def choice(raw: Any) -> Any:
            if raw is None:
                return None
            if raw.__class__ is str:
                label = labels.get(raw)
                if label is not None:
                    return label
                return None if _blank(raw) else raw  # a value of another version: as stored
            return None if is_empty(raw) else labels.get(str(raw), str(raw))

        return choice
    if t is QType.MULTI_CHOICE:
        labels = {c.value: c.label.vi for c in q.choices}

        def multi(raw: Any) -> Any:
            if raw is None or is_empty(raw):
                return None
            items = raw if isinstance(raw, list) else [raw]
            return "; ".join(labels.get(str(v), str(v)) for v in items)

        return multi
    if t is QType.COMMUNE or t is QType.INDUSTRY_CODE:
        names = communes or {}

        def place(raw: Any) -> Any:
            if raw is None or is_empty(raw):
                return None
            if isinstance(raw, dict):
                code, name = str(raw.get("code") or ""), str(raw.get("name") or "")
                if t is QType.INDUSTRY_CODE:
                    return f"{code} – {name}" if name else code
                if name:
                    return name
                return names.get(int(code), code) if code.isdigit() else code
            if t is QType.COMMUNE and names and str(raw).strip().isdigit():
                return names.get(int(str(raw).strip()), str(raw))
            return str(raw)

        return place
    if t is QType.PHOTO or t is QType.REPEAT:
        return lambda raw: len(raw) if raw.__class__ is list else None

    def text(raw: Any) -> Any:
        if raw is None:
            return None
        if raw.__class__ is str:
            return None if _blank(raw) else raw
        return None if is_empty(raw) else str(raw)

    return text


@dataclass
class _RepeatPlan:
    question: Question
    sheet: SheetWriter
    names: list[str]  # the answer keys of the columns, in order
    converters: list[Converter]  # one per name


@dataclass
class _FormPlan:
    definition: FormDefinition | None
    sheet: SheetWriter
    names: list[str]
    converters: list[Converter]
    repeats: list[_RepeatPlan]


def survey_columns(definition: FormDefinition) -> list[tuple[Question, Column]]:
    """The main-sheet columns of one form version: every question that holds an answer (a repeat
    group shows its row count; its rows go to their own sheet)."""
    out = []
    seen: dict[str, int] = {}
    for q in definition.questions():
        if q.type is QType.NOTE:
            continue
        title = q.label.vi or q.name
        if q.type is QType.REPEAT:
            title = f"{title} (số dòng)"
        if q.type is QType.PHOTO:
            title = f"{title} (số ảnh)"
        if q.unit.vi and q.type is not QType.MONEY:
            title = f"{title} ({q.unit.vi})"
        if q.value_type is QType.MONEY and "đồng" not in title.casefold():
            title = f"{title} (đồng)"  # unless the label says its unit already
        seen[title] = seen.get(title, 0) + 1
        if seen[title] > 1:
            title = f"{title} [{q.name}]"
        out.append((q, Column(title, _kind_of(q))))
    return out


def _plan(
    book: ExcelBook,
    definition: FormDefinition | None,
    form_id: str,
    version: int,
    communes: dict[int, str],
) -> _FormPlan:
    if definition is None:
        # Answers under a version not installed here: keep them readable as raw JSON.
        raw = Column("Trả lời (JSON)", Kind.LONG_TEXT)
        sheet = book.sheet(form_id, [*SURVEY_FIXED, raw], f" v{version}")
        return _FormPlan(None, sheet, [], [], [])
    columns = survey_columns(definition)
    title = definition.title.vi or definition.id
    sheet = book.sheet(title, [*SURVEY_FIXED, *(c for _q, c in columns)], f" v{version}")
    plan = _FormPlan(definition, sheet, [q.name for q, _c in columns],
                     [converter(q, communes) for q, _c in columns], [])  # fmt: skip
    for q in definition.questions():
        if q.type is not QType.REPEAT:
            continue
        sub_columns = [Column(c.label.vi or c.name, _kind_of(c)) for c in q.columns
                       if c.type is not QType.NOTE]  # fmt: skip
        repeat_sheet = book.sheet(
            q.label.vi or q.name,
            [Column("Mã phiếu", Kind.TEXT, 38), Column("Cơ sở"), Column("Dòng", Kind.INT, 7),
             *sub_columns],
            f" v{version}",
        )  # fmt: skip
        answered = [c for c in q.columns if c.type is not QType.NOTE]
        plan.repeats.append(_RepeatPlan(
            q, repeat_sheet, [c.name for c in answered], [converter(c, communes) for c in answered]
        ))  # fmt: skip
    return plan


def _survey_conditions(db: Database, flt: ExportFilter) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = [Survey.deleted.is_(False)]
    if flt.status:
        if flt.status not in SURVEY_STATUS_VI:
            raise KcError(f"Tình trạng phiếu “{flt.status}” không có (draft, complete).",
                          f"No survey status “{flt.status}” (draft, complete).")  # fmt: skip
        conds.append(Survey.status == flt.status)
    if flt.date_from is not None:
        conds.append(Survey.survey_date >= flt.date_from)
    if flt.date_to is not None:
        conds.append(Survey.survey_date <= flt.date_to)
    if flt.form_id:
        conds.append(Survey.form_id == flt.form_id)
    if flt.commune_code is not None:
        conds.append(Facility.commune_scheme == SCHEME_2025)
        conds.append(Facility.commune_code == flt.commune_code)
    condition = match_condition(db.dialect, flt.search)
    if condition is not None:
        conds.append(condition)
    return conds


def _definitions(db: Database, keys: set[tuple[str, int]]) -> dict[tuple[str, int], Any]:
    from kcdesk.services.surveys import get_definition

    out: dict[tuple[str, int], Any] = {}
    for form_id, version in keys:
        try:
            out[(form_id, version)] = get_definition(db, form_id, version)
        except KcError:
            out[(form_id, version)] = None
    return out


def export_surveys(
    db: Database,
    out: Path,
    flt: ExportFilter,
    *,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> ExportResult:
    conds = _survey_conditions(db, flt)
    joined = select(Survey.form_id, Survey.form_version, func.count(Survey.id)).join(
        Facility, Facility.uuid == Survey.facility_uuid
    )
    with db.unit_of_work() as uow:
        versions = [(str(f), int(v), int(n)) for f, v, n in uow.session.execute(
            joined.where(*conds).group_by(Survey.form_id, Survey.form_version)
            .order_by(Survey.form_id, Survey.form_version)
        )]  # fmt: skip
    total = sum(n for _f, _v, n in versions)
    definitions = _definitions(db, {(f, v) for f, v, _n in versions})
    communes = _communes(db)
    with ExcelBook() as book:
        plans = {(f, v): _plan(book, definitions[(f, v)], f, v, communes) for f, v, _n in versions}
        stmt = (
            select(Survey.uuid, Survey.form_id, Survey.form_version, Survey.answers, Survey.status,
                   Survey.surveyor, Survey.survey_date, Survey.updated_at, Facility.uuid,
                   Facility.name, Facility.commune_scheme, Facility.commune_code)
            .join(Facility, Facility.uuid == Survey.facility_uuid)
            .where(*conds)
            .order_by(Survey.form_id, Survey.form_version, Survey.survey_date, Survey.id)
        )  # fmt: skip
        done = 0
        import json

        for (uuid, form_id, version, answers, status, surveyor, when, updated, f_uuid, f_name,
             scheme, code) in _stream(db, stmt):  # fmt: skip
            plan = plans[(form_id, version)]
            answers = answers or {}
            commune = communes.get(code, "") if scheme == SCHEME_2025 else ""
            fixed = [uuid, f_name, f_uuid, commune, surveyor, when,
                     SURVEY_STATUS_VI.get(status, status), _plain_datetime(updated)]  # fmt: skip
            if plan.definition is None:
                plan.sheet.append([*fixed, json.dumps(answers, ensure_ascii=False)])
            else:
                # Each converter called on its answer, the loop in C (map), not a Python frame
                # per answer.
                get = answers.get
                fixed.extend(map(call, plan.converters, map(get, plan.names)))
                plan.sheet.append(fixed)
                for rp in plan.repeats:
                    rows = get(rp.question.name)
                    if rows.__class__ is not list:
                        continue
                    for index, item in enumerate(rows, start=1):
                        if item.__class__ is not dict:
                            continue
                        rp.sheet.append([uuid, f_name, index,
                                         *map(call, rp.converters, map(item.get, rp.names))])  # fmt: skip
            done += 1
            if done % 500 == 0:
                _check(cancelled)
                if progress is not None:
                    progress(done, total, "")
        _info_sheet(book, "Phiếu khảo sát", flt.describe("surveys"), done)
        book.save(out)
        if progress is not None:
            progress(done, total, "")
        return ExportResult("surveys", out, done, [s.title for s in book.sheets])


# --- Proposals -----------------------------------------------------------------------------------

PROPOSAL_COLUMNS = [
    Column("Mã đề án", Kind.TEXT, 38),
    Column("Tên đề án", Kind.LONG_TEXT),
    Column("Nội dung khuyến công"),
    Column("Nguồn kinh phí"),
    Column("Năm", Kind.YEAR),
    Column("Đơn vị thực hiện"),
    Column("Địa điểm"),
    Column("Xã/phường"),
    Column("Từ ngày", Kind.DATE),
    Column("Đến ngày", Kind.DATE),
    Column("Trạng thái"),
    Column("Tổng kinh phí (đồng)", Kind.MONEY),
    Column("Kinh phí khuyến công đề nghị (đồng)", Kind.MONEY),
    Column("Đối ứng (đồng)", Kind.MONEY),
    Column("Nguồn khác (đồng)", Kind.MONEY),
    Column("Kinh phí được duyệt (đồng)", Kind.MONEY),
    Column("Cơ sở thụ hưởng", Kind.LONG_TEXT),
    Column("Cập nhật", Kind.DATETIME),
]
BUDGET_COLUMNS = [
    Column("Mã đề án", Kind.TEXT, 38),
    Column("Tên đề án"),
    Column("STT", Kind.INT, 6),
    Column("Hạng mục", Kind.LONG_TEXT),
    Column("Đơn vị tính"),
    Column("Số lượng", Kind.DECIMAL),
    Column("Đơn giá (đồng)", Kind.MONEY),
    Column("Thành tiền (đồng)", Kind.MONEY),
    Column("Khuyến công hỗ trợ (%)", Kind.DECIMAL),
    Column("Khuyến công hỗ trợ (đồng)", Kind.MONEY),
    Column("Đối ứng (%)", Kind.DECIMAL),
    Column("Đối ứng (đồng)", Kind.MONEY),
    Column("Ghi chú"),
]


def _proposal_conditions(flt: ExportFilter) -> list[ColumnElement[bool]]:
    from kcdesk.services.proposal_list import ProposalFilter, checked_conditions

    return checked_conditions(ProposalFilter(
        status=flt.status or None, year=flt.year, category=flt.category or None,
        funding_source=flt.source or None, commune_code=flt.commune_code, search=flt.search,
    ))  # fmt: skip


def export_proposals(
    db: Database,
    out: Path,
    flt: ExportFilter,
    *,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> ExportResult:
    conds = _proposal_conditions(flt)
    categories = category_names(db)
    communes = _communes(db)
    with db.unit_of_work() as uow:
        session = uow.session
        total = int(session.execute(select(func.count(Proposal.id)).where(*conds)).scalar_one())
        ids = select(Proposal.id).where(*conds)
        names: dict[int, list[str]] = {}
        for pid, name in session.execute(
            select(ProposalFacility.proposal_id, Facility.name)
            .join(Facility, Facility.uuid == ProposalFacility.facility_uuid)
            .where(ProposalFacility.proposal_id.in_(ids))
            .order_by(ProposalFacility.id)
        ):
            names.setdefault(int(pid), []).append(str(name))
    with ExcelBook() as book:
        main = book.sheet("Đề án", PROPOSAL_COLUMNS)
        lines_sheet = book.sheet("Dự toán kinh phí", BUDGET_COLUMNS)
        titles: dict[int, tuple[str, str]] = {}
        stmt = (
            select(Proposal)
            .where(*conds)
            .order_by(Proposal.year, Proposal.title_folded, Proposal.id)
        )
        done = 0
        with db.unit_of_work() as uow:
            for p in uow.session.execute(stmt.execution_options(yield_per=500)).scalars():
                status = ProposalStatus(p.status).label_vi if p.status in _STATUSES else p.status
                source = funding_label(FundingSource(p.funding_source)) if p.funding_source in \
                    _SOURCES else p.funding_source  # fmt: skip
                commune = communes.get(p.commune_code or -1, "") if p.commune_scheme == SCHEME_2025 \
                    else ""  # fmt: skip
                main.append([
                    p.uuid, p.title, categories.get(p.category_code, p.category_code), source,
                    p.year, p.implementing_unit, p.place, commune, p.period_start, p.period_end,
                    status, p.total_amount, p.support_amount, p.counterpart_amount, p.other_amount,
                    p.approved_amount, "; ".join(names.get(p.id, [])),
                    _plain_datetime(p.updated_at),
                ])  # fmt: skip
                titles[p.id] = (p.uuid, p.title)
                done += 1
                if done % 200 == 0:
                    _check(cancelled)
                    if progress is not None:
                        progress(done, total, "")
            line_stmt = (
                select(ProposalBudgetLine)
                .where(ProposalBudgetLine.proposal_id.in_(select(Proposal.id).where(*conds)))
                .order_by(ProposalBudgetLine.proposal_id, ProposalBudgetLine.position,
                          ProposalBudgetLine.id)
            )  # fmt: skip
            numbers: dict[int, int] = {}
            for line in uow.session.execute(line_stmt.execution_options(yield_per=1000)).scalars():
                uuid, title = titles.get(line.proposal_id, ("", ""))
                numbers[line.proposal_id] = numbers.get(line.proposal_id, 0) + 1
                amount = line.amount if line.amount is not None else (
                    line.support_amount + line.counterpart_amount)  # fmt: skip
                lines_sheet.append([
                    uuid, title, numbers[line.proposal_id], line.item, line.unit, line.quantity,
                    line.unit_price, amount, line.support_percent, line.support_amount,
                    line.counterpart_percent, line.counterpart_amount, line.note,
                ])  # fmt: skip
        _info_sheet(book, "Đề án khuyến công", flt.describe("proposals"), done)
        book.save(out)
        if progress is not None:
            progress(done, total, "")
        return ExportResult("proposals", out, done, [s.title for s in book.sheets])


_STATUSES = {s.value for s in ProposalStatus}
_SOURCES = {s.value for s in FundingSource}
