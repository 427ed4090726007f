"""Import facilities from an office spreadsheet (``.xlsx``).

Two steps, so that a person sees everything before anything is written:

1. :func:`analyse_import` reads the sheet (legacy TCVN3/VNI text converted by font), finds the
   header, maps the columns (a mapping the person confirmed before for the same layout is
   reused), validates every row with the same rules as the facility form, looks the commune up
   (legacy scheme with the old district, then the 2025 list) and matches each row against the
   register (same tax code, or a similar name in the same commune) and against the rows above it.
   It returns an :class:`ImportPreview`: per row *new*, *matched* or *invalid*, with reasons.
2. :func:`run_import` writes the rows the person accepted in ONE transaction and saves a report
   workbook (a copy of the input with a status column and the reasons) next to the input.

:func:`import_facilities` does both, for the command line.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from kcdesk.domain.entities import FacilityKind
from kcdesk.domain.errors import Issue, KcError, Severity, ValidationError
from kcdesk.io.excel import errors as xl_errors
from kcdesk.io.excel.fields import FACILITY_FIELDS, FIELDS_BY_KEY, UNIT_LABELS
from kcdesk.io.excel.headers import ColumnMap, HeaderGuess, assign, detect_header, header_text
from kcdesk.io.excel.reading import SheetData, read_sheet
from kcdesk.io.excel.table import Table, TableRow, extract_table
from kcdesk.io.excel.values import as_text, parse_value
from kcdesk.services.context import Database
from kcdesk.services.facilities import (
    FacilityInput,
    commune_map,
    name_key,
    validate_facility,
)
from kcdesk.services.places import bare_name
from kcdesk.storage.facility_store import derive_columns, insert_facilities
from kcdesk.storage.models import AuditEntry, District, Facility, Installation, Setting
from kcdesk.storage.models.places import SCHEME_2025
from kcdesk.storage.tracking import stamp_values
from kcdesk.vn.numbers import format_number, parse_number
from kcdesk.vn.text import clean, fold

ProgressFn = Callable[[int, int, str], None]
CancelledFn = Callable[[], bool]

NEW, MATCHED, INVALID = "new", "matched", "invalid"
CREATE, UPDATE, SKIP = "create", "update", "skip"
STATUS_VI = {NEW: "Mới", MATCHED: "Trùng", INVALID: "Lỗi"}
STATUS_EN = {NEW: "New", MATCHED: "Duplicate", INVALID: "Invalid"}
ACTIONS_ALLOWED = {NEW: (CREATE, SKIP), MATCHED: (SKIP, UPDATE, CREATE), INVALID: (SKIP,)}
SETTING_PREFIX = "excel.import.facilities.mapping."
_SIMILAR_RATIO = 0.92  # as kcdesk.services.facilities.names_similar


@dataclass(frozen=True)
class RowMessage:
    field: str
    message_vi: str
    message_en: str
    severity: str = "error"

    def message(self, lang: str = "vi") -> str:
        return self.message_en if lang == "en" else self.message_vi

    @classmethod
    def of(cls, issue: Issue) -> RowMessage:
        return cls(issue.field, issue.message_vi, issue.message_en, str(issue.severity))


@dataclass(frozen=True)
class MatchInfo:
    """What a row is the same as: a facility in the register, or an earlier row of the file."""

    kind: str  # "database" | "file"
    name: str
    reason_vi: str
    reason_en: str
    uuid: str | None = None
    row: int | None = None


@dataclass
class PreviewRow:
    row: int  # Excel row number
    status: str  # new | matched | invalid
    action: str  # create | update | skip
    data: FacilityInput
    errors: list[RowMessage] = field(default_factory=list)
    warnings: list[RowMessage] = field(default_factory=list)
    match: MatchInfo | None = None
    commune_name: str = ""  # the 2025 commune found, "" when none
    source: dict[str, str] = field(default_factory=dict)  # field → text as in the file
    # The values validate_facility made of ``data`` (kept so that writing does not redo it).
    checked: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    def reasons(self, lang: str = "vi") -> list[str]:
        out = [m.message(lang) for m in self.errors]
        if self.match is not None:
            out.append(self.match.reason_en if lang == "en" else self.match.reason_vi)
        out.extend(m.message(lang) for m in self.warnings)
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "status": self.status,
            "action": self.action,
            "name": self.data.name,
            "commune": self.commune_name,
            "errors": [m.message_vi for m in self.errors],
            "warnings": [m.message_vi for m in self.warnings],
            "match": None
            if self.match is None
            else {
                "kind": self.match.kind,
                "name": self.match.name,
                "uuid": self.match.uuid,
                "row": self.match.row,
                "reason": self.match.reason_vi,
            },
        }


@dataclass(frozen=True)
class ColumnInfo:
    column: int
    letter: str
    header: str
    field: str | None
    field_label: str
    unit: int | None
    unit_stated: bool
    score: float


@dataclass
class ImportPreview:
    path: Path
    sheet: str
    header_rows: tuple[int, int]
    column_number_row: int | None
    columns: list[ColumnInfo]
    mapping_source: str  # detected | remembered | chosen
    signature: str
    rows: list[PreviewRow]
    blank_rows: list[int]
    total_row: int | None
    skipped_rows: dict[int, str]  # row → why it is not data (subtotal, section heading)
    notes: list[RowMessage]
    legacy_text: dict[str, int]
    sheet_data: SheetData = field(repr=False)
    table: Table = field(repr=False)

    @property
    def header_row(self) -> int:
        return self.header_rows[1]

    @property
    def first_data_row(self) -> int | None:
        return self.rows[0].row if self.rows else None

    @property
    def last_data_row(self) -> int | None:
        return self.rows[-1].row if self.rows else None

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    def rows_with(self, status: str) -> list[int]:
        return [r.row for r in self.rows if r.status == status]

    def mapping(self) -> dict[int, str | None]:
        return {c.column: c.field for c in self.columns}

    def units(self) -> dict[int, int]:
        return {c.column: c.unit for c in self.columns if c.unit is not None}

    def summary_json(self) -> dict[str, Any]:
        warnings = [
            {"row": r.row, "field": w.field, "message": w.message_vi}
            for r in self.rows
            for w in r.warnings
        ]
        return {
            "file": str(self.path),
            "sheet": self.sheet,
            "rows_read": len(self.rows),
            "new": self.count(NEW),
            "matched": self.count(MATCHED),
            "invalid": self.count(INVALID),
            "invalid_rows": self.rows_with(INVALID),
            "matched_rows": self.rows_with(MATCHED),
            "warning_rows": sorted({r.row for r in self.rows if r.warnings}),
            "warnings": warnings,
            "header_row": self.header_row,
            "column_number_row": self.column_number_row,
            "first_data_row": self.first_data_row,
            "last_data_row": self.last_data_row,
            "total_row": self.total_row,
            "blank_rows": self.blank_rows,
            "columns": {c.letter: c.field for c in self.columns if c.field},
            "mapping_source": self.mapping_source,
            "legacy_text": self.legacy_text,
            "notes": [n.message_vi for n in self.notes],
            "rows": [r.to_json() for r in self.rows],
        }


@dataclass
class ImportResult:
    preview: ImportPreview
    dry_run: bool
    created: int = 0
    updated: int = 0
    skipped: int = 0
    report_path: Path | None = None
    created_uuids: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = self.preview.summary_json()
        data.update(
            dry_run=self.dry_run,
            created=self.created,
            updated=self.updated,
            skipped=self.skipped,
            report=str(self.report_path) if self.report_path else None,
        )
        return data


# --- Commune lookup ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Place:
    code: int | None
    name: str  # 2025 commune name
    old_label: str  # "Xã Nam Hưng, Huyện Tiên Lãng, Thành phố Hải Phòng" for a legacy match
    warning: tuple[str, str] | None = None


@dataclass
class _PlaceIndex:
    """The place lists in memory, by folded bare name: one query per table per database, then
    dictionary look-ups for every row (a district list names the same few communes again and
    again; a province list, hundreds)."""

    new_by_name: dict[str, list[tuple[int, str, int]]]  # 2025: name → (code, name, province)
    old_by_name: dict[
        str, list[tuple[int, str, int | None]]
    ]  # legacy: name → (code, name, district)
    districts: dict[str, list[tuple[int, str, int]]]  # name → (code, name, legacy province)
    district_names: dict[int, tuple[str, int]]  # code → (name, legacy province)
    old_provinces: dict[str, list[int]]  # legacy province name → codes
    old_province_names: dict[int, str]
    new_province_names: dict[int, str]
    mapping: dict[int, list[tuple[int, bool]]]  # legacy commune → [(2025 code, partly)]
    new_names: dict[int, tuple[str, int]]  # 2025 code → (name, province)


_index_cache: dict[str, _PlaceIndex] = {}


def _place_index(db: Database) -> _PlaceIndex:
    from kcdesk.storage.models import Commune, CommuneMapping, Province
    from kcdesk.storage.models.places import SCHEME_LEGACY

    # The place tables are reference data loaded from one snapshot and never edited: databases
    # holding as many rows hold the same places, so the index is built once per process.
    with db.unit_of_work() as uow:
        content = ",".join(
            str(uow.session.execute(select(func.count()).select_from(model)).scalar_one())
            for model in (Province, District, Commune, CommuneMapping)
        )
    cached = _index_cache.get(content)
    if cached is not None:
        return cached
    index = _PlaceIndex({}, {}, {}, {}, {}, {}, {}, {}, {})
    with db.unit_of_work() as uow:
        run = uow.session.execute
        for scheme, code, name in run(select(Province.scheme, Province.code, Province.name)):
            if scheme == SCHEME_LEGACY:
                index.old_provinces.setdefault(bare_name(name), []).append(int(code))
                index.old_province_names[int(code)] = name
            else:
                index.new_province_names[int(code)] = name
        for code, name, province in run(select(District.code, District.name,
                                               District.province_code)):  # fmt: skip
            index.districts.setdefault(bare_name(name), []).append((int(code), name,
                                                                    int(province)))  # fmt: skip
            index.district_names[int(code)] = (name, int(province))
        rows = run(select(Commune.scheme, Commune.code, Commune.name, Commune.province_code,
                          Commune.district_code))  # fmt: skip
        for scheme, code, name, province, district in rows:
            key = bare_name(name)
            if scheme == SCHEME_2025:
                index.new_by_name.setdefault(key, []).append((int(code), name, int(province)))
                index.new_names[int(code)] = (name, int(province))
            elif scheme == SCHEME_LEGACY:
                index.old_by_name.setdefault(key, []).append(
                    (int(code), name, int(district) if district is not None else None)
                )
        for legacy, new, partly in run(select(CommuneMapping.legacy_code, CommuneMapping.new_code,
                                              CommuneMapping.partly)):  # fmt: skip
            index.mapping.setdefault(int(legacy), []).append((int(new), bool(partly)))
    _index_cache[content] = index
    return index


class _CommuneResolver:
    """Looks communes up once per distinct (commune, district, province) written in the file:
    the old district names a legacy commune (mapped to 2025 by the official table); without a
    district the 2025 list of this installation's province is tried first, then the legacy one."""

    def __init__(self, db: Database) -> None:
        self.index = _place_index(db)
        self.cache: dict[tuple[str, str, str], _Place] = {}
        self.written: dict[tuple[str, str, str], _Place] = {}
        with db.unit_of_work() as uow:
            inst = uow.session.execute(select(Installation).limit(1)).scalar_one_or_none()
            self.province = inst.province_code if inst is not None else None

    def resolve(self, commune: str, district: str, province: str) -> _Place:
        exact = (commune, district, province)
        place = self.written.get(exact)  # a list repeats the same few names: no folding then
        if place is not None:
            return place
        key = (fold(commune), fold(district), fold(province))
        place = self.cache.get(key)
        if place is None:
            place = self._resolve(commune, district, province)
            self.cache[key] = place
        self.written[exact] = place
        return place

    def _targets(self, legacy_code: int) -> list[int]:
        return [code for code, _partly in self.index.mapping.get(legacy_code, [])]

    def _old_label(self, code: int, name: str, district: int | None) -> str:
        parts = [name]
        if district is not None and district in self.index.district_names:
            dname, prov = self.index.district_names[district]
            parts += [dname, self.index.old_province_names.get(prov, "")]
        return ", ".join(p for p in parts if p)

    def _from_legacy(self, found: list[tuple[int, str, int | None]]) -> _Place | None:
        if len(found) > 1 and self.province is not None:
            new = self.index.new_names
            here = [
                f
                for f in found
                if any(new.get(t, ("", -1))[1] == self.province for t in self._targets(f[0]))
            ]
            found = here or found
        if len(found) != 1:
            return None
        code, name, district = found[0]
        label = self._old_label(code, name, district)
        targets = self._targets(code)
        if len(targets) == 1:
            return _Place(targets[0], self.index.new_names[targets[0]][0], label)
        if not targets:
            return _Place(None, "", label, (
                f"Xã cũ “{name}” không có trong bảng chuyển đổi sang danh mục 2025: cần xem lại.",
                f"Old commune “{name}” is missing from the table to the 2025 list: review it.",
            ))  # fmt: skip
        names = ", ".join(self.index.new_names[t][0] for t in targets)
        return _Place(None, "", label, (
            f"Xã cũ “{name}” nay thuộc nhiều xã/phường ({names}): cần chọn khi xem lại.",
            f"Old commune “{name}” is now split between {names}: choose when reviewing.",
        ))  # fmt: skip

    def _resolve(self, commune: str, district: str, province: str) -> _Place:
        if not commune:
            return _Place(None, "", "", (
                "Chưa ghi xã/phường: giữ địa chỉ như trong tệp, cần xem lại.",
                "No commune given: the address is kept as written; review it.",
            ))  # fmt: skip
        name = bare_name(commune)
        old_provinces = (
            set(self.index.old_provinces.get(bare_name(province), [])) if province else set()
        )
        districts = self.index.districts.get(bare_name(district), []) if district else []
        if old_provinces:
            districts = [d for d in districts if d[2] in old_provinces] or districts
        if districts:
            codes = {d[0] for d in districts}
            found = [c for c in self.index.old_by_name.get(name, []) if c[2] in codes]
            place = self._from_legacy(found)
            if place is not None:
                return place
        else:
            fresh = self.index.new_by_name.get(name, [])
            if self.province is not None:
                fresh = [c for c in fresh if c[2] == self.province]
            if len(fresh) == 1:
                return _Place(fresh[0][0], fresh[0][1], "")
            found = self.index.old_by_name.get(name, [])
            if old_provinces:
                dnames = self.index.district_names
                found = [
                    c
                    for c in found
                    if c[2] is not None and dnames.get(c[2], ("", -1))[1] in old_provinces
                ]
            place = self._from_legacy(found)
            if place is not None:
                return place
        where = f" ({district})" if district else ""
        return _Place(None, "", "", (
            f"Không tìm thấy xã “{commune}”{where} trong danh mục (có thể đã sáp nhập): giữ địa "
            "chỉ như trong tệp, cần xem lại.",
            f"Commune “{commune}”{where} not found in the lists (perhaps merged): the address is "
            "kept as written; review it.",
        ))  # fmt: skip


# --- Matching ------------------------------------------------------------------------------------


@dataclass(eq=False)
class _Known:
    name: str
    folded: str
    key: str
    uuid: str | None = None
    row: int | None = None
    numbers: tuple[str, ...] = ()
    tokens: tuple[str, ...] = ()


def _similar(a: _Known, b: _Known) -> bool:
    """The rule of :func:`kcdesk.services.facilities.names_similar` (equal once folded, equal
    without the legal-form words, or a ratio of 0.92 for typos) on pre-folded names, with two
    additions: names whose numbers differ are different facilities ("Tổ hợp tác mây tre số 1" and
    "… số 2"), and cheap bounds come first (a ratio of 0.92 needs lengths within 85 %)."""
    if a.folded == b.folded:
        return True
    if not a.key or not b.key:
        return False
    if a.key == b.key:
        return True
    if a.numbers != b.numbers:
        return False
    la, lb = len(a.key), len(b.key)
    if min(la, lb) / max(la, lb) < 0.85:
        return False
    sm = difflib.SequenceMatcher(None, a.key, b.key)
    return (
        sm.real_quick_ratio() >= _SIMILAR_RATIO
        and sm.quick_ratio() >= _SIMILAR_RATIO
        and sm.ratio() >= _SIMILAR_RATIO
    )


class _Bucket:
    """The facilities of one commune, indexed so that a name is compared only with names that
    share one of its two rarest words (a typo rarely hits both): a list of thousands stays linear
    instead of comparing every pair."""

    def __init__(self) -> None:
        self.exact: dict[str, _Known] = {}
        self.by_token: dict[str, list[_Known]] = {}

    def add(self, known: _Known) -> None:
        self.exact.setdefault(known.folded, known)
        if known.key:
            self.exact.setdefault("\x00" + known.key, known)
        for token in set(known.tokens):
            self.by_token.setdefault(token, []).append(known)

    def find(self, probe: _Known) -> _Known | None:
        found = self.exact.get(probe.folded) or (
            self.exact.get("\x00" + probe.key) if probe.key else None
        )
        if found is not None:
            return found
        if probe.numbers:
            # Names with numbers match only names with the same numbers (see _similar).
            number = probe.numbers[0]
            postings = [self.by_token[number]] if number in self.by_token else []
        else:
            postings = sorted(
                (self.by_token[t] for t in set(probe.tokens) if t in self.by_token), key=len
            )[:2]
        seen: set[int] = set()
        for posting in postings:
            for known in posting:
                if id(known) in seen:
                    continue
                seen.add(id(known))
                if _similar(probe, known):
                    return known
        return None


class _Matcher:
    def __init__(self) -> None:
        self.by_tax: dict[str, _Known] = {}
        self.by_commune: dict[object, _Bucket] = {}
        # Facilities kept without a commune (not found on import), by the commune their old
        # address names; those whose address names none: (folded old address, known).
        self.unplaced: dict[str, _Bucket] = {}
        self.unplaced_other: list[tuple[str, _Known]] = []

    def add_unplaced(self, known: _Known, old_address: str) -> None:
        _rest, parts = split_address(old_address)
        commune = bare_name(parts.get("commune", ""))
        if commune:
            bucket = self.unplaced.get(commune)
            if bucket is None:
                bucket = self.unplaced[commune] = _Bucket()
            bucket.add(known)
        else:
            address = " ".join(fold(old_address).replace(",", " ").split())
            self.unplaced_other.append((address, known))

    def add(self, known: _Known, tax: str, commune: object) -> None:
        if tax:
            self.by_tax.setdefault(tax, known)
        if commune is not None:
            bucket = self.by_commune.get(commune)
            if bucket is None:
                bucket = self.by_commune[commune] = _Bucket()
            bucket.add(known)

    def find(self, probe: _Known, tax: str, commune: object) -> tuple[_Known, str] | None:
        if tax and tax in self.by_tax:
            return self.by_tax[tax], "tax"
        if commune is not None:
            bucket = self.by_commune.get(commune)
            known = bucket.find(probe) if bucket is not None else None
            if known is not None:
                return known, "name"
        return None

    def find_unplaced(self, probe: _Known, commune_text: str) -> _Known | None:
        """A facility stored without a commune whose old address names the same commune."""
        name = bare_name(commune_text)
        if not name:
            return None
        bucket = self.unplaced.get(name)
        found = bucket.find(probe) if bucket is not None else None
        if found is not None:
            return found
        words = f" {name} "
        for address, known in self.unplaced_other:
            if words in f" {address} " and _similar(probe, known):
                return known
        return None


_NUMBER = re.compile(r"\d+")


def _known(name: str, uuid: str | None = None, row: int | None = None) -> _Known:
    key = name_key(name)
    numbers = tuple(_NUMBER.findall(key))
    return _Known(name, fold(name), key, uuid, row, numbers, tuple(key.split()))


def _database_matcher(db: Database) -> _Matcher:
    matcher = _Matcher()
    with db.unit_of_work() as uow:
        rows = uow.session.execute(
            select(Facility.uuid, Facility.name, Facility.tax_code, Facility.commune_scheme,
                   Facility.commune_code, Facility.old_address).where(Facility.deleted.is_(False))
        )  # fmt: skip
        for uuid, name, tax, scheme, code, old_address in rows:
            commune = code if scheme == SCHEME_2025 and code is not None else None
            known = _known(name, uuid=uuid)
            matcher.add(known, tax or "", commune)
            if commune is None and old_address:
                matcher.add_unplaced(known, old_address)
    return matcher


# --- Analysis ------------------------------------------------------------------------------------


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))


def layout_signature(sheet: SheetData, header_rows: tuple[int, int]) -> str:
    """Identifies a layout of headers, to remember the mapping a person chose for it."""
    parts = []
    for column in range(1, sheet.max_column + 1):
        label = " ".join(
            header_text(sheet.value(r, column)) for r in range(header_rows[0], header_rows[1] + 1)
        ).strip()
        if label:
            parts.append(f"{column}:{fold(label)}")
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:20]


def _remembered(db: Database, signature: str) -> dict[str, Any] | None:
    with db.unit_of_work() as uow:
        setting = uow.session.get(Setting, SETTING_PREFIX + signature)
        return dict(setting.value) if setting is not None and setting.value else None


def remember_mapping(
    db: Database, signature: str, columns: dict[int, str | None], units: dict[int, int]
) -> None:
    """Keep the person's mapping for this layout of headers (used next time without asking)."""
    value = {
        "columns": {str(c): f for c, f in columns.items()},
        "units": {str(c): u for c, u in units.items()},
        "saved": datetime.now().isoformat(timespec="seconds"),
    }
    with db.unit_of_work() as uow:
        setting = uow.session.get(Setting, SETTING_PREFIX + signature)
        if setting is None:
            uow.session.add(Setting(key=SETTING_PREFIX + signature, value=value))
        else:
            setting.value = value


def forget_mapping(db: Database, signature: str) -> None:
    with db.unit_of_work() as uow:
        setting = uow.session.get(Setting, SETTING_PREFIX + signature)
        if setting is not None:
            uow.session.delete(setting)


def _guess_from_row(sheet: SheetData, header_row: int) -> HeaderGuess:
    labels = {}
    for column in range(1, sheet.max_column + 1):
        text = header_text(sheet.value(header_row, column, follow_merge=False))
        if text:
            labels[column] = text
    from kcdesk.io.excel.headers import is_column_number_row

    number_row = header_row + 1 if is_column_number_row(sheet.row_values(header_row + 1)) else None
    columns = assign(labels, FACILITY_FIELDS)
    return HeaderGuess(header_row, (header_row, header_row), number_row,
                       (number_row or header_row) + 1, columns)  # fmt: skip


def analyse_import(
    db: Database,
    path: Path | str,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    columns: dict[int, str | None] | None = None,
    units: dict[int, int] | None = None,
    use_remembered: bool = True,
    sheet_data: SheetData | None = None,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> ImportPreview:
    """Read, map, validate and match every row; write nothing.

    ``columns`` (column number → field key or ``None``) and ``units`` (column → đồng per unit)
    override the detected mapping; ``header_row`` forces the header row. Pass the previous
    preview's ``sheet_data`` to re-map without reading the file again.
    """
    path = Path(path)
    if sheet_data is None:
        from kcdesk.io.excel.opening import check_not_open_in_excel

        check_not_open_in_excel(path)  # unsaved edits in Excel would be missed
        sheet_data = read_sheet(
            path,
            sheet,
            progress=(lambda done, total: progress(done, total, "")) if progress else None,
            cancelled=cancelled,
        )
    if sheet_data.is_empty():
        raise xl_errors.empty_sheet(sheet_data.name)
    guess = (
        _guess_from_row(sheet_data, header_row)
        if header_row
        else detect_header(sheet_data, FACILITY_FIELDS)
    )
    if guess is None:
        name = FIELDS_BY_KEY["name"]
        raise xl_errors.no_header(sheet_data.name, f"cột “{name.label_vi}”",
                                  f"a “{name.label_en}” column")  # fmt: skip
    signature = layout_signature(sheet_data, guess.header_rows)
    source = "detected"
    if columns is None and use_remembered:
        saved = _remembered(db, signature)
        if saved:
            chosen = {int(c): f for c, f in saved.get("columns", {}).items()}
            chosen = {c: f for c, f in chosen.items() if f is None or f in FIELDS_BY_KEY}
            guess = guess.with_fields(chosen, {int(c): int(u) for c, u in
                                               saved.get("units", {}).items()})  # fmt: skip
            source = "remembered"
    if columns is not None or units:
        unknown = {f for f in (columns or {}).values() if f and f not in FIELDS_BY_KEY}
        if unknown:
            raise KcError(f"Trường không có: {', '.join(sorted(unknown))}.",
                          f"Unknown field(s): {', '.join(sorted(unknown))}.")  # fmt: skip
        guess = _with_new_columns(guess, sheet_data, columns or {})
        guess = guess.with_fields(columns or {}, units)
        source = "chosen"
    required = [f for f in FACILITY_FIELDS if f.required and f.key not in guess.field_columns()]
    if required:
        raise xl_errors.missing_columns([f.label_vi for f in required],
                                        [f.label_en for f in required])  # fmt: skip
    table = extract_table(sheet_data, guess)
    column_infos = [
        ColumnInfo(
            c.column,
            _letter(c.column),
            c.header,
            c.field,
            FIELDS_BY_KEY[c.field].label_vi if c.field else "",
            c.unit,
            c.unit_stated,
            c.score,
        )
        for c in guess.columns
    ]
    preview = ImportPreview(
        path=path,
        sheet=sheet_data.name,
        header_rows=guess.header_rows,
        column_number_row=guess.column_number_row,
        columns=column_infos,
        mapping_source=source,
        signature=signature,
        rows=[],
        blank_rows=table.blank_rows,
        total_row=table.total_row,
        skipped_rows={
            **{r: "subtotal" for r in table.subtotal_rows},
            **{r: "section" for r in table.section_rows},
        },
        notes=[],
        legacy_text=dict(sheet_data.converted),
        sheet_data=sheet_data,
        table=table,
    )
    _analyse_rows(db, preview, guess, table, progress, cancelled)
    preview.notes = _file_notes(preview, guess, table)
    return preview


def _with_new_columns(
    guess: HeaderGuess, sheet: SheetData, columns: dict[int, str | None]
) -> HeaderGuess:
    """Let a person map a column whose header cell is empty (the guess only lists headed ones)."""
    present = {c.column for c in guess.columns}
    extra = [
        ColumnMap(col, header_text(sheet.value(guess.header_row, col)) or _letter(col), None)
        for col in columns
        if col not in present and 1 <= col <= max(sheet.max_column, col)
    ]
    if not extra:
        return guess
    return replace(guess, columns=sorted(guess.columns + extra, key=lambda c: c.column))


_KIND_FALLBACK = FacilityKind.HOUSEHOLD
# Fields whose text is taken as it is (cleaned); the sheet reader has already made it NFC.
_PLAIN_TEXT_FIELDS = frozenset(
    f.key for f in FACILITY_FIELDS if f.type.value in ("text", "kind", "serial", "phone")
)
_kind_from_text = lru_cache(maxsize=2048)(FacilityKind.from_text)  # a list repeats a few kinds


def _row_input(
    tr: TableRow, guess: HeaderGuess, resolver: _CommuneResolver
) -> tuple[FacilityInput, list[RowMessage], list[RowMessage], dict[str, str], str]:
    errors: list[RowMessage] = []
    warnings: list[RowMessage] = []
    values: dict[str, Any] = {}
    source: dict[str, str] = {}
    cells = tr.cells
    troubled = tr.formula_missing or tr.error_cells
    for cm in guess.columns:
        key = cm.field
        if not key:
            continue
        raw = cells.get(key)
        if raw is None and not (troubled and (key in tr.formula_missing or key in tr.error_cells)):
            continue
        if key == "stt":  # the list's own numbering: shown, never stored
            source[key] = as_text(raw)
            continue
        if not troubled and type(raw) is str and key in _PLAIN_TEXT_FIELDS:
            # The common case, without the general parser: text of a text field.
            text = " ".join(raw.split())
            source[key] = raw
            if text:
                values[key] = text
            continue
        spec = FIELDS_BY_KEY[key]
        source[key] = raw if isinstance(raw, str) else as_text(raw)
        if cm.field in tr.formula_missing or cm.field in tr.error_cells:
            coord = f"{_letter(cm.column)}{tr.row}"
        if cm.field in tr.formula_missing:
            errors.append(RowMessage(cm.field,
                f"{spec.label_vi}: ô {coord} là công thức nhưng tệp không lưu kết quả đã tính "
                "(hãy mở tệp bằng Excel, lưu lại rồi nhập).",
                f"{spec.label_en}: cell {coord} holds a formula whose result was never saved "
                "(open the file in Excel, save it, and import again)."))  # fmt: skip
            continue
        if cm.field in tr.error_cells:
            shown = tr.error_cells[cm.field]
            errors.append(RowMessage(cm.field,
                f"{spec.label_vi}: ô {coord} báo lỗi {shown}.",
                f"{spec.label_en}: cell {coord} shows the error {shown}."))  # fmt: skip
            continue
        parsed = parse_value(spec, raw, cm.unit)
        for issue in parsed.issues:
            (warnings if issue.severity is Severity.WARNING else errors).append(
                RowMessage.of(issue)
            )
        values[key] = parsed.value
    # Text fields come back from parse_value already cleaned (NFC, single spaces).
    name = str(values.get("name") or "")
    kind_text = str(values.get("kind") or "")
    kind = _kind_from_text(kind_text) if kind_text else None
    if kind is None and not kind_text:
        kind = _kind_from_text(name)
        if kind is None:
            kind = _KIND_FALLBACK
            warnings.append(RowMessage("kind",
                f"Chưa có loại hình: tạm ghi “{kind.label_vi}”, cần xem lại.",
                f"No kind given: recorded as “{kind.label_en}” for now; review it.",
                "warning"))  # fmt: skip
    commune_text = str(values.get("commune") or "")
    district_text = str(values.get("district") or "")
    province_text = str(values.get("province") or "")
    address = str(values.get("address") or "")
    if not commune_text and address:
        # "Thôn 5, xã Nam Hưng, huyện Tiên Lãng" in one cell: take the units out of it.
        address, found = split_address(address)
        commune_text = found.get("commune", "")
        district_text = district_text or found.get("district", "")
        province_text = province_text or found.get("province", "")
    has_commune_column = any(c.field == "commune" for c in guess.columns)
    if commune_text or has_commune_column:
        place = resolver.resolve(commune_text, district_text, province_text)
    else:
        place = _Place(None, "", "")  # the file has no commune at all: one note, not every row
    notes = []
    if values.get("trade"):
        notes.append(f"Ngành nghề: {clean(values['trade'])}")
    if values.get("note"):
        notes.append(str(values["note"]).strip())
    old_address = ""
    if place.code is None or place.old_label:
        written = [address]
        if place.old_label:
            written.append(place.old_label)
        else:
            written += [_with_kind(commune_text, "xã"), _with_kind(district_text, "huyện"),
                        province_text]  # fmt: skip
        old_address = ", ".join(p for p in written if p)
    if place.warning is not None:
        warnings.append(RowMessage("commune", place.warning[0], place.warning[1], "warning"))
        notes.append(f"Cần xem lại: {place.warning[0]}")
    data = FacilityInput(
        name=name,
        kind=kind.value if kind is not None else kind_text,
        owner_name=clean(values.get("owner") or ""),
        address=address,
        commune_code=place.code,
        old_address=old_address,
        phone=str(values.get("phone") or ""),
        tax_code=str(values.get("tax_code") or ""),
        year_founded=values.get("year_founded"),
        craft_village=clean(values.get("craft_village") or ""),
        industry_code=clean(values.get("industry_code") or ""),
        employees=values.get("employees"),
        annual_revenue=values.get("revenue"),
        latitude=values.get("latitude"),
        longitude=values.get("longitude"),
        notes="\n".join(notes),
    )
    return data, errors, warnings, source, place.name


_UNIT_IN_ADDRESS = (
    ("province", re.compile(r"^(tỉnh|thành phố|tp\.?)\s+(.+)$", re.IGNORECASE)),
    ("district", re.compile(r"^(huyện|quận|thị xã|tx\.?|h\.)\s*(.+)$", re.IGNORECASE)),
    ("commune", re.compile(r"^(xã|phường|thị trấn|đặc khu|tt\.?|x\.|p\.)\s*(.+)$", re.IGNORECASE)),
)


def split_address(address: str) -> tuple[str, dict[str, str]]:
    """``"Thôn 5, xã Nam Hưng, huyện Tiên Lãng, TP Hải Phòng"`` →
    ``("Thôn 5", {"commune": "Nam Hưng", "district": "Tiên Lãng", "province": "Hải Phòng"})``."""
    rest: list[str] = []
    found: dict[str, str] = {}
    for part in re.split(r"\s*[,;]\s*|\s+-\s+", address):
        part = part.strip()
        if not part:
            continue
        for key, pattern in _UNIT_IN_ADDRESS:
            m = pattern.match(part)
            if m and key not in found and m.group(2).strip():
                found[key] = m.group(2).strip()
                break
        else:
            rest.append(part)
    return ", ".join(rest), found


@lru_cache(maxsize=4096)
def _with_kind(name: str, kind: str) -> str:
    """``"Nam Hưng"`` → ``"xã Nam Hưng"``; a name that already says its kind stays."""
    if not name or bare_name(name) != fold(name):
        return name
    return f"{kind} {name}"


def _analyse_rows(
    db: Database,
    preview: ImportPreview,
    guess: HeaderGuess,
    table: Table,
    progress: ProgressFn | None,
    cancelled: CancelledFn | None,
) -> None:
    resolver = _CommuneResolver(db)
    in_db = _database_matcher(db)
    in_file = _Matcher()
    total = len(table.rows)
    for index, tr in enumerate(table.rows):
        if cancelled is not None and index % 200 == 0 and cancelled():
            raise InterruptedError("cancelled")
        data, errors, warnings, source, commune_name = _row_input(tr, guess, resolver)
        clean_values: dict[str, Any] = {}
        try:
            clean_values, more = validate_facility(None, data)
            warnings.extend(RowMessage.of(i) for i in more)
        except ValidationError as exc:
            for issue in exc.issues:
                target = warnings if issue.severity is Severity.WARNING else errors
                target.append(RowMessage.of(issue))
        row = PreviewRow(tr.row, NEW, CREATE, data, errors, warnings, None, commune_name, source)
        row.checked = clean_values or None
        if errors:
            row.status, row.action = INVALID, SKIP
        else:
            tax = clean_values.get("tax_code", "")
            probe = _known(data.name, row=tr.row)
            code = data.commune_code
            file_commune: object = ("code", code) if code is not None else (
                ("text", _bare(source.get("commune", "")), _bare(source.get("district", "")))
                if source.get("commune") else None
            )  # fmt: skip
            found = in_db.find(probe, tax, code)
            if found is None and code is None:
                unplaced = in_db.find_unplaced(probe, source.get("commune", ""))
                found = (unplaced, "name") if unplaced is not None else None
            if found is not None:
                known, why = found
                row.match = _match_info("database", known, why, tax)
                row.status, row.action = MATCHED, SKIP
            else:
                found = in_file.find(probe, tax, file_commune)
                if found is not None:
                    known, why = found
                    row.match = _match_info("file", known, why, tax)
                    row.status, row.action = MATCHED, SKIP
            in_file.add(probe, tax, file_commune)
        preview.rows.append(row)
        if progress is not None and index % 200 == 0:
            progress(index, total, data.name)


@lru_cache(maxsize=4096)
def _bare(name: str) -> str:
    return fold(bare_name(clean(name)))


def _match_info(kind: str, known: _Known, why: str, tax: str) -> MatchInfo:
    if kind == "database":
        where_vi, where_en = f"cơ sở đã có “{known.name}”", f"existing facility “{known.name}”"
    else:
        where_vi = f"dòng {known.row} của tệp (“{known.name}”)"
        where_en = f"row {known.row} of the file (“{known.name}”)"
    if why == "tax":
        vi = f"Trùng mã số thuế {tax} với {where_vi}."
        en = f"Same tax code {tax} as {where_en}."
    else:
        vi = f"Tên gần giống {where_vi}, cùng xã/phường."
        en = f"Name close to {where_en}, same commune."
    return MatchInfo(kind, known.name, vi, en, known.uuid, known.row)


def _file_notes(preview: ImportPreview, guess: HeaderGuess, table: Table) -> list[RowMessage]:
    notes: list[RowMessage] = []
    legacy = preview.legacy_text
    if legacy.get("tcvn3"):
        notes.append(RowMessage("", f"{legacy['tcvn3']} ô chữ TCVN3 (.VnTime) đã được chuyển "
                                "sang Unicode.", f"{legacy['tcvn3']} TCVN3 (.VnTime) cells were "
                                "converted to Unicode.", "info"))  # fmt: skip
    if legacy.get("vni"):
        notes.append(RowMessage("", f"{legacy['vni']} ô chữ VNI đã được chuyển sang Unicode.",
                                f"{legacy['vni']} VNI cells were converted to Unicode.",
                                "info"))  # fmt: skip
    if legacy.get("nfd"):
        notes.append(RowMessage("", f"{legacy['nfd']} ô chữ Unicode tổ hợp (NFD) đã được chuẩn "
                                "hoá (NFC).", f"{legacy['nfd']} decomposed Unicode (NFD) cells "
                                "were normalised (NFC).", "info"))  # fmt: skip
    missing = sorted({r.row for r in table.rows if r.formula_missing})
    if missing:
        notes.append(RowMessage("",
            f"{len(missing)} dòng có ô công thức chưa có kết quả đã tính (tệp chưa được lưu bằng "
            "Excel). Hãy mở tệp bằng Excel, lưu lại rồi nhập.",
            f"{len(missing)} rows have formula cells without a saved result (the file was never "
            "saved by Excel). Open it in Excel, save, and import again.", "warning"))  # fmt: skip
    for c in preview.columns:
        if c.field and FIELDS_BY_KEY[c.field].type.value == "money" and not c.unit_stated:
            unit = UNIT_LABELS.get(c.unit or 0, "")
            notes.append(RowMessage(c.field,
                f"Cột {c.letter} “{c.header}” không ghi đơn vị: hiểu là {unit}.",
                f"Column {c.letter} “{c.header}” states no unit: read as {unit}.",
                "warning"))  # fmt: skip
    if "commune" not in guess.field_columns() and "address" not in guess.field_columns():
        notes.append(RowMessage("commune",
            "Tệp không có cột Xã/phường hay Địa chỉ: các cơ sở được ghi chưa có địa bàn, cần bổ "
            "sung sau.",
            "The file has no commune or address column: facilities are recorded without a "
            "place; add it later.", "warning"))  # fmt: skip
    hidden = sorted(
        c for c in preview.sheet_data.hidden_columns if c in guess.field_columns().values()
    )
    if hidden:
        letters = ", ".join(_letter(c) for c in hidden)
        notes.append(RowMessage("", f"Cột ẩn {letters} cũng được nhập.",
                                f"Hidden columns {letters} are imported too.", "info"))  # fmt: skip
    if table.total_row is not None:
        notes.extend(_total_check(preview, table))
    return notes


def _total_check(preview: ImportPreview, table: Table) -> list[RowMessage]:
    """Compare the office's "Tổng cộng" row with the sums of the data rows."""
    out = []
    sheet = preview.sheet_data
    for c in preview.columns:
        if c.field not in ("employees", "revenue") or table.total_row is None:
            continue
        written = sheet.value(table.total_row, c.column, follow_merge=False)
        if not isinstance(written, int | float) or isinstance(written, bool):
            continue
        total = Decimal(0)
        for tr in table.rows:
            raw = tr.cells.get(c.field)
            try:
                number = None if isinstance(raw, bool) else parse_number(raw)  # type: ignore[arg-type]
            except (ValueError, TypeError):
                number = None
            if number is not None:
                total += number
        label = FIELDS_BY_KEY[c.field].label_vi
        if total == Decimal(repr(written)) or total == Decimal(written):
            out.append(RowMessage(c.field,
                f"Dòng tổng cộng (dòng {table.total_row}) khớp {label}: {format_number(total)}.",
                f"The total row ({table.total_row}) matches {c.field}: {format_number(total)}.",
                "info"))  # fmt: skip
        else:
            out.append(RowMessage(c.field,
                f"Dòng tổng cộng (dòng {table.total_row}) ghi {label} {format_number(written)}, "
                f"nhưng cộng các dòng được {format_number(total)}.",
                f"The total row ({table.total_row}) says {format_number(written)} for {c.field}, "
                f"but the rows add up to {format_number(total)}.", "warning"))  # fmt: skip
    return out


# --- Writing -------------------------------------------------------------------------------------


def default_report_path(path: Path) -> Path:
    """``DS co so.xlsx`` → ``DS co so - ket qua nhap.xlsx`` beside it."""
    return path.with_name(f"{path.stem} - kết quả nhập.xlsx")


def _input_dict(data: FacilityInput) -> dict[str, Any]:
    return {f.name: getattr(data, f.name) for f in fields(FacilityInput)}


def _update_values(existing: Facility, data: FacilityInput) -> FacilityInput:
    """The existing facility with the file's non-empty values laid over it (nothing blanked)."""
    current = {f.name: getattr(existing, f.name) for f in fields(FacilityInput)}
    if existing.commune_scheme != SCHEME_2025:
        current["commune_code"] = None
    for key, value in _input_dict(data).items():
        if value in (None, ""):
            continue
        if key == "notes":
            lines = [ln for ln in str(current["notes"] or "").splitlines() if ln.strip()]
            lines += [ln for ln in str(value).splitlines() if ln not in lines]
            value = "\n".join(lines)
        current[key] = value
    return FacilityInput(**current)


def run_import(
    db: Database,
    preview: ImportPreview,
    *,
    actions: dict[int, str] | None = None,
    report_path: Path | None = None,
    write_report: bool = True,
    remember: bool = True,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> ImportResult:
    """Write the accepted rows in one transaction and save the report workbook.

    ``actions`` (Excel row → create | update | skip) override the preview's defaults. The report is
    written first (a locked report file stops everything before the database is touched) and
    removed again if the transaction fails.
    """
    chosen: dict[int, str] = {}
    for row in preview.rows:
        action = (actions or {}).get(row.row, row.action)
        if action not in ACTIONS_ALLOWED[row.status]:
            raise KcError(
                f"Dòng {row.row}: không thể “{action}” một dòng {STATUS_VI[row.status].lower()}.",
                f"Row {row.row}: cannot “{action}” a {STATUS_EN[row.status].lower()} row.",
            )
        if action == UPDATE and (row.match is None or row.match.kind != "database"):
            raise KcError(f"Dòng {row.row}: chỉ cập nhật được cơ sở đã có trong danh sách.",
                          f"Row {row.row}: only an existing facility can be updated.")  # fmt: skip
        chosen[row.row] = action
    report = None
    if write_report:
        report = report_path or default_report_path(preview.path)
        if report.resolve() == preview.path.resolve():
            raise KcError("Tệp báo cáo không được trùng với tệp nhập.",
                          "The report cannot overwrite the imported file.")  # fmt: skip
        from kcdesk.io.excel.report import write_import_report

        write_import_report(preview, chosen, report)
    try:
        result = _write(db, preview, chosen, progress, cancelled)
    except BaseException:
        if report is not None:
            report.unlink(missing_ok=True)
        raise
    result.report_path = report
    if remember and preview.mapping_source == "chosen":
        remember_mapping(db, preview.signature, preview.mapping(), preview.units())
    return result


def _write(
    db: Database,
    preview: ImportPreview,
    chosen: dict[int, str],
    progress: ProgressFn | None,
    cancelled: CancelledFn | None,
) -> ImportResult:
    result = ImportResult(preview, dry_run=False)
    communes = commune_map(db)
    creates: list[dict[str, Any]] = []
    updates: list[tuple[str, FacilityInput]] = []
    for row in preview.rows:
        action = chosen[row.row]
        if action == CREATE:
            values = dict(row.checked) if row.checked else validate_facility(None, row.data)[0]
            creates.append(derive_columns(values, communes.get(values["commune_code"] or -1, "")))
        elif action == UPDATE and row.match is not None and row.match.uuid:
            updates.append((row.match.uuid, row.data))
        else:
            result.skipped += 1
    total = len(creates) + len(updates)
    with db.unit_of_work() as uow:
        device, counter, actor = uow.stamp()
        conn = uow.session.connection()
        done = 0
        for start in range(0, len(creates), 2000):
            if cancelled is not None and cancelled():
                raise InterruptedError("cancelled")
            batch = [stamp_values(v, device, counter, new=True)
                     for v in creates[start : start + 2000]]  # fmt: skip
            insert_facilities(conn, batch)  # indexes the batch for search in one statement
            result.created_uuids.extend(v["uuid"] for v in batch)
            done += len(batch)
            if progress is not None:
                progress(done, total, "")
        if creates:
            uow.session.add(AuditEntry(
                actor=actor, device_id=device, counter=counter, record_kind="facility",
                action="bulk_create", before=None,
                after={"source": f"excel:{preview.path.name}#{preview.sheet}",
                       "count": len(creates)},
            ))  # fmt: skip
        for uuid, data in updates:
            if cancelled is not None and cancelled():
                raise InterruptedError("cancelled")
            facility = uow.session.execute(
                select(Facility).where(Facility.uuid == uuid, Facility.deleted.is_(False))
            ).scalar_one_or_none()
            if facility is None:
                result.skipped += 1
                continue
            values, _w = validate_facility(None, _update_values(facility, data))
            derive_columns(values, communes.get(values["commune_code"] or -1, ""))
            for key, value in values.items():
                if getattr(facility, key) != value:
                    setattr(facility, key, value)
            done += 1
            if progress is not None:
                progress(done, total, facility.name)
        uow.session.flush()
    result.created = len(creates)
    result.updated = len(updates)
    return result


def import_facilities(
    db: Database,
    path: Path | str,
    *,
    sheet: str | None = None,
    dry_run: bool = False,
    report_path: Path | None = None,
    write_report: bool = True,
    columns: dict[int, str | None] | None = None,
    units: dict[int, int] | None = None,
    update_matched: bool = False,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> ImportResult:
    """Analyse and (unless ``dry_run``) write, accepting the preview's defaults: new rows are
    created, matched rows skipped (or updated with ``update_matched``), invalid rows skipped.

    A dry run writes a report only when ``report_path`` is given.
    """
    path = Path(path)
    preview = analyse_import(db, path, sheet=sheet, columns=columns, units=units,
                             progress=progress, cancelled=cancelled)  # fmt: skip
    if dry_run:
        result = ImportResult(preview, dry_run=True, skipped=len(preview.rows))
        if report_path is not None and write_report:
            from kcdesk.io.excel.report import write_import_report

            defaults = {r.row: r.action for r in preview.rows}
            write_import_report(preview, defaults, report_path, dry_run=True)
            result.report_path = report_path
        return result
    actions: dict[int, str] | None = None
    if update_matched:
        actions = {
            r.row: UPDATE
            for r in preview.rows
            if r.status == MATCHED and r.match is not None and r.match.kind == "database"
        }
    return run_import(db, preview, actions=actions, report_path=report_path,
                      write_report=write_report, progress=progress,
                      cancelled=cancelled)  # fmt: skip
