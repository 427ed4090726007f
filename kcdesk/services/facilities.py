"""Facility register use cases: validate, create, edit, delete (tombstone), list, search, match."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from kcdesk.domain.entities import FacilityKind, IndustryVersion
from kcdesk.domain.errors import Issue, NotFoundError, Severity, ValidationError
from kcdesk.domain.validation import check_phone, check_tax_code, require
from kcdesk.services.context import Database
from kcdesk.storage.facility_store import derive_columns, insert_facilities
from kcdesk.storage.models import AuditEntry, Commune, Facility
from kcdesk.storage.models.base import utcnow
from kcdesk.storage.models.places import SCHEME_2025
from kcdesk.storage.search import (
    binary_order,
    match_condition,
)
from kcdesk.storage.tracking import stamp_values
from kcdesk.vn.text import clean, collation_key, fold

ProgressFn = Callable[[int, int, str], None]
CancelledFn = Callable[[], bool]


@dataclass
class FacilityInput:
    """What a person (or an import) gives for a facility; text is cleaned to NFC on the way in."""

    name: str = ""
    kind: str = ""
    owner_name: str = ""
    address: str = ""
    commune_code: int | None = None  # 2025 scheme
    old_address: str = ""
    phone: str = ""
    tax_code: str = ""
    year_founded: int | None = None
    craft_village: str = ""
    industry_code: str = ""
    industry_version: str = ""
    employees: int | None = None
    annual_revenue: int | None = None  # đồng
    latitude: float | None = None
    longitude: float | None = None
    notes: str = ""


@dataclass(slots=True)  # not frozen: a frozen init costs 3x, and lists build thousands
class FacilityRow:
    uuid: str
    name: str
    kind: str
    kind_label: str
    owner_name: str
    address: str
    commune_code: int | None
    commune_name: str
    old_address: str
    phone: str
    tax_code: str
    year_founded: int | None
    craft_village: str
    industry_code: str
    industry_version: str
    employees: int | None
    annual_revenue: int | None
    latitude: float | None
    longitude: float | None
    notes: str
    created_at: datetime | None
    updated_at: datetime | None

    def to_json(self) -> dict[str, Any]:
        """The shape ``kcdesk list facilities --json`` prints."""
        data = asdict(self)
        data["kind_code"] = data.pop("kind")
        data["kind"] = self.kind_label
        data["owner"] = self.owner_name
        data["commune"] = self.commune_name
        for key in ("created_at", "updated_at"):
            value = data[key]
            data[key] = value.isoformat() if value else None
        return data


@dataclass(frozen=True)
class SimilarFacility:
    facility: FacilityRow
    reason_vi: str
    reason_en: str


_INPUT_FIELDS = {f.name for f in fields(FacilityInput)}


def to_input(data: FacilityInput | dict[str, Any]) -> FacilityInput:
    if isinstance(data, FacilityInput):
        return data
    unknown = set(data) - _INPUT_FIELDS
    if unknown:
        raise ValueError(f"unknown facility fields: {sorted(unknown)}")
    return FacilityInput(**data)


def validate_facility(
    db: Database | None, data: FacilityInput
) -> tuple[dict[str, Any], list[Issue]]:
    """Clean and check every field; raise :class:`ValidationError` listing every error, else
    return the values to store and the warnings (e.g. an old phone number converted)."""
    issues: list[Issue] = []
    warnings: list[Issue] = []
    name = clean(data.name)
    if problem := require(name, "name", "tên cơ sở", "Facility name"):
        issues.append(problem)
    kind = FacilityKind.from_text(data.kind) if data.kind else None
    if kind is None:
        issues.append(
            Issue(
                "kind",
                "kind",
                "Chưa chọn loại hình (doanh nghiệp, HTX, tổ hợp tác, hộ kinh doanh)."
                if not clean(data.kind)
                else f"Loại hình “{clean(data.kind)}” không hợp lệ.",
                "Choose a kind (enterprise, cooperative, cooperative group, household business)."
                if not clean(data.kind)
                else f"Unknown kind “{clean(data.kind)}”.",
            )
        )
    values: dict[str, Any] = {
        "name": name,
        "kind": kind.value if kind else "",
        "owner_name": clean(data.owner_name),
        "address": clean(data.address),
        "old_address": clean(data.old_address),
        "craft_village": clean(data.craft_village),
        "notes": nfc_multiline(data.notes),
        "phone": "",
        "tax_code": "",
    }
    if clean(data.phone):
        try:
            checked = check_phone(data.phone)
            values["phone"] = checked.value
            warnings.extend(checked.warnings)
        except ValidationError as exc:
            issues.extend(exc.issues)
    if clean(data.tax_code):
        try:
            values["tax_code"] = check_tax_code(data.tax_code).value
        except ValidationError as exc:
            issues.extend(exc.issues)
    this_year = date.today().year
    if data.year_founded is not None and not 1900 <= int(data.year_founded) <= this_year:
        issues.append(
            Issue(
                "year_founded",
                "year_range",
                f"Năm thành lập phải từ 1900 đến {this_year}.",
                f"Year founded must be between 1900 and {this_year}.",
            )
        )
    values["year_founded"] = data.year_founded
    for key, label_vi, label_en in (
        ("employees", "Số lao động", "Workers"),
        ("annual_revenue", "Doanh thu", "Revenue"),
    ):
        value = getattr(data, key)
        if value is not None and int(value) < 0:
            issues.append(
                Issue(
                    key, "negative", f"{label_vi} không được âm.", f"{label_en} cannot be negative."
                )
            )
        values[key] = None if value is None else int(value)
    code = clean(data.industry_code).replace(" ", "")
    if code and not re.fullmatch(r"[A-Za-z]?\d{0,5}", code):
        issues.append(
            Issue(
                "industry_code",
                "industry_code",
                f"Mã ngành “{code}” không hợp lệ (VSIC: chữ cái cấp 1 hoặc 2–5 chữ số).",
                f"Industry code “{code}” is not a VSIC code.",
            )
        )
    version = clean(data.industry_version) or (IndustryVersion.VSIC_2025.value if code else "")
    if version and version not in {v.value for v in IndustryVersion}:
        issues.append(
            Issue(
                "industry_version",
                "industry_version",
                "Phiên bản hệ thống ngành phải là VSIC2018 hoặc VSIC2025.",
                "Industry classification must be VSIC2018 or VSIC2025.",
            )
        )
    values["industry_code"] = code.upper()
    values["industry_version"] = version
    for key, low, high, label in (
        ("latitude", 8.0, 24.0, "Vĩ độ"),
        ("longitude", 102.0, 118.0, "Kinh độ"),
    ):
        value = getattr(data, key)
        if value is not None and not low <= float(value) <= high:
            issues.append(
                Issue(
                    key,
                    "gps_range",
                    f"{label} {value} nằm ngoài Việt Nam.",
                    f"{key.title()} {value} is outside Viet Nam.",
                )
            )
        values[key] = None if value is None else float(value)
    values["commune_scheme"] = None
    values["commune_code"] = None
    if data.commune_code is not None:
        exists = db is None or _commune_exists(db, int(data.commune_code))
        if not exists:
            issues.append(
                Issue(
                    "commune_code",
                    "commune_unknown",
                    f"Mã xã/phường {data.commune_code} không có trong danh mục 2025.",
                    f"Commune code {data.commune_code} is not in the 2025 list.",
                )
            )
        values["commune_scheme"] = SCHEME_2025
        values["commune_code"] = int(data.commune_code)
    errors = [i for i in issues if i.severity is Severity.ERROR]
    if errors:
        raise ValidationError(errors + warnings)
    return values, warnings


def nfc_multiline(text: str | None) -> str:
    lines = [clean(line) for line in (text or "").splitlines()]
    return "\n".join(lines).strip()


def commune_map(db: Database) -> dict[int, str]:
    """All 2025 commune names by code, cached per database (reference data never changes)."""
    cached: dict[int, str] | None = db.memo.get("communes")
    if cached is None:
        with db.unit_of_work() as uow:
            cached = {
                int(c): str(n)
                for c, n in uow.session.execute(
                    select(Commune.code, Commune.name).where(Commune.scheme == SCHEME_2025)
                )
            }
        db.memo["communes"] = cached
    return cached


def _commune_exists(db: Database, code: int) -> bool:
    return code in commune_map(db)


_KIND_VALUES = {k.value for k in FacilityKind}
# What a list shows: read as plain rows, without ORM objects (lists are read far more than written).
_ROW_COLUMNS = [
    getattr(Facility, name)
    for name in ("uuid", "name", "kind", "owner_name", "address", "commune_code", "old_address",
                 "phone", "tax_code", "year_founded", "craft_village", "industry_code",
                 "industry_version", "employees", "annual_revenue", "latitude", "longitude",
                 "notes", "created_at", "updated_at")
]  # fmt: skip


def _row(f: Any, communes: dict[int, str]) -> FacilityRow:
    """A facility (ORM object or plain row with the same attribute names) as plain data."""
    kind = FacilityKind(f.kind) if f.kind in _KIND_VALUES else None
    return FacilityRow(
        uuid=f.uuid,
        name=f.name,
        kind=f.kind,
        kind_label=kind.label_vi if kind else f.kind,
        owner_name=f.owner_name,
        address=f.address,
        commune_code=f.commune_code,
        commune_name=communes.get(f.commune_code, "") if f.commune_code is not None else "",
        old_address=f.old_address,
        phone=f.phone,
        tax_code=f.tax_code,
        year_founded=f.year_founded,
        craft_village=f.craft_village,
        industry_code=f.industry_code,
        industry_version=f.industry_version,
        employees=f.employees,
        annual_revenue=f.annual_revenue,
        latitude=f.latitude,
        longitude=f.longitude,
        notes=f.notes,
        created_at=f.created_at,
        updated_at=f.updated_at,
    )


def _get(session: Session, uuid: str) -> Facility:
    f = session.execute(
        select(Facility).where(Facility.uuid == uuid, Facility.deleted.is_(False))
    ).scalar_one_or_none()
    if f is None:
        raise NotFoundError(f"Không tìm thấy cơ sở {uuid}.", f"Facility {uuid} not found.")
    return f


def create_facility(db: Database, data: FacilityInput | dict[str, Any]) -> FacilityRow:
    values, _warnings = validate_facility(db, to_input(data))
    communes = commune_map(db)
    derive_columns(values, communes.get(values["commune_code"] or -1, ""))
    with db.unit_of_work() as uow:
        facility = Facility(**values)
        uow.session.add(facility)
        uow.session.flush()
        return _row(facility, communes)


def update_facility(db: Database, uuid: str, data: FacilityInput | dict[str, Any]) -> FacilityRow:
    values, _warnings = validate_facility(db, to_input(data))
    communes = commune_map(db)
    derive_columns(values, communes.get(values["commune_code"] or -1, ""))
    with db.unit_of_work() as uow:
        facility = _get(uow.session, uuid)
        for key, value in values.items():
            if getattr(facility, key) != value:
                setattr(facility, key, value)
        uow.session.flush()
        return _row(facility, communes)


def delete_facility(db: Database, uuid: str) -> None:
    """Tombstone: the facility disappears from lists, and the delete travels to the province."""
    with db.unit_of_work() as uow:
        _get(uow.session, uuid).deleted = True


def get_facility(db: Database, uuid: str) -> FacilityRow:
    with db.unit_of_work() as uow:
        return _row(_get(uow.session, uuid), commune_map(db))


def _input_from_row(row: FacilityRow) -> FacilityInput:
    data = {k: getattr(row, k) for k in _INPUT_FIELDS}
    return FacilityInput(**data)


SORT_COLUMNS = (
    "name",
    "kind",
    "owner_name",
    "commune",
    "phone",
    "tax_code",
    "craft_village",
    "industry_code",
    "updated_at",
)


@dataclass(frozen=True)
class FacilityFilter:
    search: str = ""
    commune_code: int | None = None
    kind: str = ""
    industry_code: str = ""
    craft_village: str = ""


def _filtered(db: Database, flt: FacilityFilter, stmt: Select[Any]) -> Select[Any]:
    stmt = stmt.where(Facility.deleted.is_(False))
    condition: ColumnElement[bool] | None = match_condition(db.dialect, flt.search)
    if condition is not None:
        stmt = stmt.where(condition)
    if flt.commune_code is not None:
        stmt = stmt.where(
            Facility.commune_scheme == SCHEME_2025, Facility.commune_code == flt.commune_code
        )
    if flt.kind:
        stmt = stmt.where(Facility.kind == flt.kind)
    if flt.industry_code:
        stmt = stmt.where(Facility.industry_code.startswith(flt.industry_code.upper()))
    if flt.craft_village:
        stmt = stmt.where(Facility.craft_village == flt.craft_village)
    return stmt


def list_facilities(
    db: Database,
    flt: FacilityFilter | None = None,
    *,
    order: str = "name",
    descending: bool = False,
    offset: int = 0,
    limit: int | None = 100,
) -> list[FacilityRow]:
    """One page of facilities, filtered and sorted in SQL (names in Vietnamese order)."""
    flt = flt or FacilityFilter()
    stmt = _filtered(db, flt, select(*_ROW_COLUMNS))
    if order == "commune":
        stmt = stmt.outerjoin(
            Commune,
            (Commune.scheme == Facility.commune_scheme) & (Commune.code == Facility.commune_code),
        )
        key: Any = binary_order(Commune.name_sort, db.dialect)
    elif order == "name":
        key = binary_order(Facility.name_sort, db.dialect)
    elif order in SORT_COLUMNS:
        key = getattr(Facility, order)
    else:
        raise ValueError(f"cannot sort by {order!r}")
    stmt = stmt.order_by(key.desc() if descending else key.asc(), Facility.id)
    stmt = stmt.offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    communes = commune_map(db)
    labels = {k.value: k.label_vi for k in FacilityKind}
    with db.engine.connect() as conn:
        # Positional tuples: attribute access on result rows would cost more than the query.
        return [
            FacilityRow(uuid, name, kind, labels.get(kind, kind), owner, address, commune,
                        communes.get(commune, "") if commune is not None else "", *rest)
            for uuid, name, kind, owner, address, commune, *rest in conn.execute(stmt)
        ]  # fmt: skip


def count_facilities(db: Database, flt: FacilityFilter | None = None) -> int:
    stmt = _filtered(db, flt or FacilityFilter(), select(func.count(Facility.id)))
    with db.engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())


def facility_filter_values(db: Database) -> dict[str, list[Any]]:
    """Values present in the register, for the filter drop-downs of the facilities view."""
    with db.unit_of_work() as uow:
        alive = Facility.deleted.is_(False)
        communes = [
            int(c or 0)
            for (c,) in uow.session.execute(
                select(Facility.commune_code).where(alive, Facility.commune_code.is_not(None))
                .distinct()
            )
        ]  # fmt: skip
        villages = [
            str(v)
            for (v,) in uow.session.execute(
                select(Facility.craft_village).where(alive, Facility.craft_village != "").distinct()
            )
        ]
        industries = [
            str(v)
            for (v,) in uow.session.execute(
                select(Facility.industry_code).where(alive, Facility.industry_code != "").distinct()
            )
        ]
    names = commune_map(db)
    return {
        "communes": sorted(
            ((c, names.get(c, str(c))) for c in communes), key=lambda p: collation_key(p[1])
        ),
        "craft_villages": sorted(villages, key=collation_key),
        "industries": sorted(industries),
    }


_NAME_NOISE = re.compile(
    r"\b(co so|cs|cong ty|cty|tnhh|cp|co phan|htx|hop tac xa|to hop tac|tht|ho kinh doanh|hkd|"
    r"dntn|doanh nghiep tu nhan|mtv|mot thanh vien)\b"
)


_NUMBERS = re.compile(r"\d+")


def name_key(name: str) -> str:
    """Folded name without the legal-form words, for matching the same facility typed twice."""
    return " ".join(_NAME_NOISE.sub(" ", fold(name)).split())


def names_similar(a: str, b: str) -> bool:
    """Same facility by name: equal once folded ("To hop tac theu ren Tien Minh" = "Tổ hợp tác
    thêu ren Tiên Minh"), or nearly so (a typo) after dropping legal-form words."""
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return True
    if _NUMBERS.findall(fa) != _NUMBERS.findall(fb):
        return False  # "Tổ hợp tác … số 1" and "… số 2" are two facilities
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    return ka == kb or difflib.SequenceMatcher(None, ka, kb).ratio() >= 0.92


def find_similar(
    db: Database,
    *,
    name: str,
    commune_code: int | None = None,
    tax_code: str = "",
    exclude_uuid: str | None = None,
) -> list[SimilarFacility]:
    """Facilities that are probably the same as the one being entered: same tax code, or a
    similar folded name in the same commune."""
    found: dict[str, SimilarFacility] = {}
    communes = commune_map(db)
    tax = ""
    if clean(tax_code):
        try:
            tax = check_tax_code(tax_code).value
        except ValidationError:
            tax = clean(tax_code)
    with db.unit_of_work() as uow:
        alive = Facility.deleted.is_(False)
        if tax:
            for f in uow.session.execute(
                select(Facility).where(alive, Facility.tax_code == tax)
            ).scalars():
                if f.uuid != exclude_uuid:
                    found[f.uuid] = SimilarFacility(
                        _row(f, communes),
                        f"Trùng mã số thuế {tax} với “{f.name}”.",
                        f"Same tax code {tax} as “{f.name}”.",
                    )
        if commune_code is not None and clean(name):
            stmt = select(Facility).where(
                alive, Facility.commune_scheme == SCHEME_2025, Facility.commune_code == commune_code
            )
            for f in uow.session.execute(stmt).scalars():
                if f.uuid == exclude_uuid or f.uuid in found:
                    continue
                if names_similar(name, f.name):
                    found[f.uuid] = SimilarFacility(
                        _row(f, communes),
                        f"Tên gần giống “{f.name}” cùng xã/phường.",
                        f"Name close to “{f.name}” in the same commune.",
                    )
    return list(found.values())


def bulk_create_facilities(
    db: Database,
    items: Iterable[FacilityInput | dict[str, Any]],
    *,
    source: str = "bulk",
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
    total: int = 0,
    batch_size: int = 5000,
) -> list[str]:
    """Validate and insert many facilities in ONE transaction (all or nothing); returns uuids.

    Invalid items raise :class:`ValidationError` naming the item's position before anything is
    written. One audit entry records the whole operation.
    """
    communes = commune_map(db)
    rows: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        try:
            values, _warnings = validate_facility(None, to_input(item))
        except ValidationError as exc:
            raise ValidationError([
                Issue(i.field, i.code, f"Dòng {index + 1}: {i.message_vi}",
                      f"Item {index + 1}: {i.message_en}", i.severity) for i in exc.issues
            ]) from exc  # fmt: skip
        if values["commune_code"] is not None and values["commune_code"] not in communes:
            raise ValidationError(
                [
                    Issue(
                        "commune_code",
                        "commune_unknown",
                        f"Dòng {index + 1}: mã xã {values['commune_code']} không có.",
                        f"Item {index + 1}: unknown commune code.",
                    )
                ]
            )
        rows.append(derive_columns(values, communes.get(values["commune_code"] or -1, "")))
    uuids: list[str] = []
    with db.unit_of_work() as uow:
        device, counter, actor = uow.stamp()
        now = utcnow()
        conn = uow.session.connection()
        done = 0
        for start in range(0, len(rows), batch_size):
            if cancelled is not None and cancelled():
                raise InterruptedError("cancelled")
            batch = [
                stamp_values(r, device, counter, new=True, now=now)
                for r in rows[start : start + batch_size]
            ]
            insert_facilities(conn, batch)
            uuids.extend(r["uuid"] for r in batch)
            done += len(batch)
            if progress is not None:
                progress(done, total or len(rows), "")
        uow.session.add(
            AuditEntry(
                actor=actor,
                device_id=device,
                counter=counter,
                record_kind="facility",
                action="bulk_create",
                before=None,
                after={"source": source, "count": len(uuids)},
            )
        )
    return uuids
