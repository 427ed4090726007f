"""Conflict review: the versions of a record side by side, field by field, and the resolution.

A resolution is a new version made on this installation: its data is one version, or fields
picked from several; its version vector supersedes every head, so it ends the conflict here and,
when it travels, on every other laptop too. Nothing is overwritten without a person choosing.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from kcdesk.domain.errors import KcError, NotFoundError, ValidationError
from kcdesk.domain.sync import needs_review, resolution_vector
from kcdesk.services.context import Database
from kcdesk.services.sync.apply import Head, current_heads
from kcdesk.services.sync.records import TABLES, Incoming, Target, record_label, update_row
from kcdesk.services.sync.results import _Json
from kcdesk.services.sync.validate import RecordChecker
from kcdesk.storage.models import AuditEntry, Commune
from kcdesk.storage.models.base import utcnow
from kcdesk.storage.models.places import SCHEME_2025
from kcdesk.storage.models.sync import SyncConflictVersion
from kcdesk.storage.tracking import next_stamp

_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "facility": {
        "name": ("Tên cơ sở", "Name"), "kind": ("Loại hình", "Kind"),
        "owner_name": ("Chủ cơ sở / người đại diện", "Owner"), "address": ("Địa chỉ", "Address"),
        "commune_code": ("Xã/phường", "Commune"), "commune_scheme": ("Danh mục xã", "Scheme"),
        "old_address": ("Địa chỉ cũ", "Old address"), "phone": ("Điện thoại", "Phone"),
        "tax_code": ("Mã số thuế", "Tax code"), "year_founded": ("Năm thành lập", "Founded"),
        "craft_village": ("Làng nghề", "Craft village"), "industry_code": ("Mã ngành", "Industry"),
        "industry_version": ("Hệ thống ngành", "Classification"),
        "employees": ("Số lao động", "Workers"), "annual_revenue": ("Doanh thu (đồng)", "Revenue"),
        "latitude": ("Vĩ độ", "Latitude"), "longitude": ("Kinh độ", "Longitude"),
        "notes": ("Ghi chú", "Notes"),
    },
    "survey": {
        "facility_uuid": ("Cơ sở", "Facility"), "form_id": ("Mẫu phiếu", "Form"),
        "form_version": ("Phiên bản mẫu", "Form version"), "status": ("Trạng thái", "Status"),
        "surveyor": ("Người khảo sát", "Surveyor"), "survey_date": ("Ngày khảo sát", "Date"),
        "completed_at": ("Hoàn thành lúc", "Completed at"),
    },
    "proposal": {
        "title": ("Tên đề án", "Title"), "category_code": ("Nội dung khuyến công", "Category"),
        "funding_source": ("Nguồn kinh phí", "Funding"), "status": ("Trạng thái", "Status"),
        "year": ("Năm kế hoạch", "Plan year"), "implementing_unit": ("Đơn vị thực hiện", "Unit"),
        "lines": ("Dự toán kinh phí", "Budget lines"),
        "beneficiaries": ("Cơ sở thụ hưởng", "Beneficiaries"),
        "total_amount": ("Tổng kinh phí", "Total"), "support_amount": ("Kinh phí hỗ trợ", "Support"),
        "counterpart_amount": ("Đối ứng", "Counterpart"),
        "approved_amount": ("Kinh phí được duyệt", "Approved"),
        "background": ("Sự cần thiết", "Background"), "objectives": ("Mục tiêu", "Objectives"),
        "activities": ("Nội dung thực hiện", "Activities"), "place": ("Địa điểm", "Place"),
        "period_start": ("Bắt đầu", "Start"), "period_end": ("Kết thúc", "End"),
    },
    "attachment": {
        "filename": ("Tên tệp", "File name"), "caption": ("Chú thích", "Caption"),
        "sha256": ("Nội dung (SHA-256)", "Content"),
    },
}  # fmt: skip
# Fields a person does not pick: derived from others, or a log that is merged (status steps).
_NOT_PICKED = {"proposal": {"history"}}


@dataclass(frozen=True)
class ConflictSummary(_Json):
    kind: str
    uuid: str
    label: str
    versions: int
    detected_at: datetime | None


@dataclass(frozen=True)
class VersionView(_Json):
    index: int
    source_vi: str
    source_en: str
    changed_at: str
    deleted: bool
    shown: bool  # the version the record shows while the conflict lasts
    vector: dict[str, int]


@dataclass(frozen=True)
class FieldView(_Json):
    name: str
    label_vi: str
    label_en: str
    values: list[str]  # one per version, for display
    differs: bool


@dataclass(frozen=True)
class ConflictDetail(_Json):
    kind: str
    uuid: str
    label: str
    versions: list[VersionView]
    fields: list[FieldView]


@dataclass(frozen=True)
class ResolveResult(_Json):
    kind: str
    uuid: str
    label: str
    deleted: bool
    vector: dict[str, int]


def _heads(db: Database, kind: str, uuid: str) -> list[Head]:
    if kind not in TABLES:
        raise NotFoundError(f"Không có loại bản ghi “{kind}”.", f"No record kind “{kind}”.")
    with db.unit_of_work(skip_stamp=True) as uow:
        _stored, heads = current_heads(uow.session.connection(), kind, [uuid])
    found = heads.get(uuid)
    if not found:
        raise NotFoundError(f"Không tìm thấy bản ghi {uuid}.", f"Record {uuid} not found.")
    return found


def list_conflicts(db: Database) -> list[ConflictSummary]:
    """Records with versions that differ and wait for a person, oldest first."""
    with db.unit_of_work(skip_stamp=True) as uow:
        rows = uow.session.execute(
            select(SyncConflictVersion.record_kind, SyncConflictVersion.record_uuid,
                   SyncConflictVersion.detected_at)
            .where(SyncConflictVersion.resolved_at.is_(None))
            .order_by(SyncConflictVersion.id)
        ).all()  # fmt: skip
        seen: dict[tuple[str, str], datetime | None] = {}
        for kind, uuid, at in rows:
            seen.setdefault((str(kind), str(uuid)), at)
        by_kind: dict[str, list[str]] = {}
        for kind, uuid in seen:
            by_kind.setdefault(kind, []).append(uuid)
        out = []
        for kind, uuids in by_kind.items():
            _stored, heads = current_heads(uow.session.connection(), kind, uuids)
            for uuid in uuids:
                hs = heads.get(uuid, [])
                if len(hs) > 1 and needs_review([h.version for h in hs]):
                    out.append(ConflictSummary(kind, uuid, record_label(kind, hs[0].data, uuid),
                                               len(hs), seen[(kind, uuid)]))  # fmt: skip
    out.sort(key=lambda c: (c.detected_at or datetime.min, c.kind, c.uuid))
    return out


def _source(head: Head) -> tuple[str, str]:
    if head.device_name:
        return f"Bản từ {head.device_name}", f"From {head.device_name}"
    return "Bản sửa ở máy này", "Edited on this computer"


def _display(kind: str, name: str, value: Any, communes: Mapping[int, str]) -> str:
    from kcdesk.vn.numbers import format_number

    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if name == "commune_code" and isinstance(value, int):
        return f"{communes.get(value, '')} ({value})".strip()
    if name == "lines" and isinstance(value, list):
        return "; ".join(f"{v.get('item', '')}: {v.get('quantity', '')} × "
                         f"{format_number(int(v.get('unit_price') or 0))}" for v in value)  # fmt: skip
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and name not in ("year", "year_founded")
    ):
        return format_number(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def conflict_detail(db: Database, kind: str, uuid: str) -> ConflictDetail:
    """Both (or all) versions side by side, field by field."""
    heads = _heads(db, kind, uuid)
    with db.unit_of_work(skip_stamp=True) as uow:
        communes = {int(c): str(n) for c, n in uow.session.execute(
            select(Commune.code, Commune.name).where(Commune.scheme == SCHEME_2025))}  # fmt: skip
    versions = [
        VersionView(i, *_source(h), h.updated_at, h.version.deleted, i == 0, dict(h.version.vector))
        for i, h in enumerate(heads)
    ]
    labels = _LABELS.get(kind, {})
    names: list[str] = list(labels)
    for h in heads:
        names += [n for n in h.data if n not in names and n != "answers"]
    skip = _NOT_PICKED.get(kind, set())
    fields = []
    for name in names:
        if name in skip or all(name not in h.data for h in heads):
            continue
        values = [_display(kind, name, h.data.get(name), communes) for h in heads]
        vi, en = labels.get(name, (name, name))
        raw = [h.data.get(name) for h in heads]
        fields.append(FieldView(name, vi, en, values, any(r != raw[0] for r in raw)))
    if kind == "survey":
        fields += _answer_fields(db, heads)
    return ConflictDetail(kind, uuid, record_label(kind, heads[0].data, uuid), versions, fields)


def _answer_fields(db: Database, heads: list[Head]) -> list[FieldView]:
    from kcdesk.domain.forms import format_answer
    from kcdesk.services.surveys import get_definition

    data = heads[0].data
    try:
        definition = get_definition(
            db, str(data.get("form_id")), int(data.get("form_version") or 0)
        )
    except KcError:
        definition = None
    names: list[str] = []
    if definition is not None:
        names = [q.name for q in definition.questions() if q.answerable]
    for h in heads:
        answers = h.data.get("answers") or {}
        names += [n for n in answers if n not in names]
    out = []
    for name in names:
        raw = [(h.data.get("answers") or {}).get(name) for h in heads]
        if all(r is None for r in raw):
            continue
        question = definition.question(name) if definition is not None else None
        if question is not None:
            values = [format_answer(question, r) or "—" for r in raw]
            vi, en = question.label.vi, question.label.get("en")
        else:
            values = ["—" if r is None else str(r) for r in raw]
            vi = en = name
        out.append(FieldView(f"answers.{name}", vi, en, values, any(r != raw[0] for r in raw)))
    return out


def resolve_conflict(
    db: Database,
    kind: str,
    uuid: str,
    *,
    take: int | None = None,
    fields: Mapping[str, int] | None = None,
) -> ResolveResult:
    """Resolve by taking version ``take`` whole, or by starting from it (default: the shown one)
    and taking each field in ``fields`` from the version numbered there."""
    heads = _heads(db, kind, uuid)
    if len(heads) < 2 or not needs_review([h.version for h in heads]):
        raise KcError("Bản ghi này không còn xung đột.", "This record is no longer in conflict.")
    count = len(heads)
    base = 0 if take is None else take
    if not 0 <= base < count or any(not 0 <= i < count for i in (fields or {}).values()):
        raise KcError("Không có phiên bản đã chọn.", "No such version.")
    merged = copy.deepcopy(heads[base].data)
    deleted = heads[base].version.deleted
    for name, index in (fields or {}).items():
        source = heads[index].data
        if name.startswith("answers."):
            question = name.split(".", 1)[1]
            answers = dict(merged.get("answers") or {})
            given = source.get("answers") or {}
            if question in given:
                answers[question] = copy.deepcopy(given[question])
            else:
                answers.pop(question, None)
            merged["answers"] = answers
        elif name in _NOT_PICKED.get(kind, set()):
            continue
        elif name in source:
            merged[name] = copy.deepcopy(source[name])
        else:
            merged.pop(name, None)
        if not heads[index].version.deleted:
            deleted = False  # fields taken from a kept version keep the record
    if kind == "proposal":
        steps: dict[str, Any] = {}
        for h in heads:
            for step in h.data.get("history") or []:
                steps.setdefault(str(step.get("uuid")), step)
        merged["history"] = sorted(steps.values(), key=lambda s: (s.get("at") or "", s["uuid"]))
    with db.unit_of_work(skip_stamp=True) as uow:
        session = uow.session
        device, counter, actor = next_stamp(session)
        vector = resolution_vector([h.version for h in heads], device, counter)
        stored, _ = current_heads(session.connection(), kind, [uuid])
        row = stored[uuid]
        if not deleted:
            probe = Incoming(kind, uuid, row.origin, vector, False, merged, row.created_at, "")
            problems = RecordChecker(session).check(probe)
            if problems:
                raise ValidationError(problems)
        now = utcnow()
        target = Target(uuid, row.origin, vector, deleted, merged, row.created_at,
                        now.isoformat(), local_counter=counter)  # fmt: skip
        update_row(session.connection(), kind, row.id, target, _commune_names(session), now,
                   content=True)  # fmt: skip
        session.execute(
            update(SyncConflictVersion)
            .where(SyncConflictVersion.record_kind == kind, SyncConflictVersion.record_uuid == uuid,
                   SyncConflictVersion.resolved_at.is_(None))
            .values(resolved_at=now, note=f"resolved by {actor}")
        )  # fmt: skip
        session.add(AuditEntry(
            at=now, actor=actor, device_id=device, counter=counter, record_kind=kind,
            record_uuid=uuid, action="resolve_conflict",
            before={"versions": [dict(h.version.vector) for h in heads]},
            after={"take": base, "fields": dict(fields or {}), "deleted": deleted},
        ))  # fmt: skip
    return ResolveResult(kind, uuid, record_label(kind, merged, uuid), deleted, vector)


def _commune_names(session: Any) -> dict[int, str]:
    return {int(c): str(n) for c, n in session.execute(
        select(Commune.code, Commune.name).where(Commune.scheme == SCHEME_2025))}  # fmt: skip
