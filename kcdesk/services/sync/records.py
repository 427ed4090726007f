"""Travelling records as package lines, and back: one format for every kind.

A line is ``{"kind", "uuid", "origin", "version", "deleted", "created_at", "updated_at", "data"}``.
``data`` holds the record's own fields as JSON (dates ``YYYY-MM-DD``, date-times in UTC, exact
decimals as strings, money as integers); bookkeeping (ids, counters) and derived columns (search
and sort keys) stay out and are recomputed on arrival. The same ``data`` drives the content digest
that tells two versions with equal content apart from a real conflict.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from operator import itemgetter
from typing import Any, Protocol

import orjson
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection

from kcdesk.domain.sync import Version, content_digest, parse_vector
from kcdesk.storage.facility_store import derive_columns, insert_facilities
from kcdesk.storage.models import (
    Attachment,
    Facility,
    Proposal,
    ProposalBudgetLine,
    ProposalFacility,
    ProposalStatusChange,
    Survey,
)
from kcdesk.storage.models.proposal import ScaledDecimal
from kcdesk.storage.sqlite_text import datetime_text
from kcdesk.vn.text import fold

# The order records go into a package and are applied: a survey needs its facility first, an
# attachment its owner.
KINDS = ("facility", "survey", "proposal", "attachment")
TABLES: dict[str, Table] = {
    "facility": Facility.__table__,  # type: ignore[dict-item]
    "survey": Survey.__table__,  # type: ignore[dict-item]
    "proposal": Proposal.__table__,  # type: ignore[dict-item]
    "attachment": Attachment.__table__,  # type: ignore[dict-item]
}
BOOKKEEPING = frozenset(
    {"id", "uuid", "origin_device", "version", "local_counter", "deleted", "created_at",
     "updated_at"}
)  # fmt: skip
DERIVED = {
    "facility": frozenset({"name_folded", "name_sort", "search_text"}),
    "proposal": frozenset({"title_folded"}),
}
_LINE_TABLE: Table = ProposalBudgetLine.__table__  # type: ignore[assignment]
_BENEFICIARY_TABLE: Table = ProposalFacility.__table__  # type: ignore[assignment]
_HISTORY_TABLE: Table = ProposalStatusChange.__table__  # type: ignore[assignment]
_LINE_COLUMNS = [c for c in _LINE_TABLE.columns if c.name not in ("id", "proposal_id")]
_HISTORY_COLUMNS = [c for c in _HISTORY_TABLE.columns if c.name not in ("id", "proposal_id")]


class RecordFormatError(ValueError):
    """A line whose structure is wrong (not its content: that is the domain rules' job)."""


def data_columns(kind: str) -> list[Column[Any]]:
    derived = DERIVED.get(kind, frozenset())
    return [c for c in TABLES[kind].columns if c.name not in BOOKKEEPING and c.name not in derived]


_DATA_COLUMNS = {kind: data_columns(kind) for kind in KINDS}
_DATA_NAMES = {kind: frozenset(c.name for c in cols) for kind, cols in _DATA_COLUMNS.items()}
_PROPOSAL_CHILDREN = frozenset({"lines", "beneficiaries", "history"})


# --- values -----------------------------------------------------------------------------------


def utc_text(value: datetime) -> str:
    """A date-time as UTC ISO text; SQLite gives naive values (stored as UTC), PostgreSQL aware."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(timespec="microseconds")


def to_json(value: Any) -> Any:
    if isinstance(value, datetime):
        return utc_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def from_json(column: Column[Any], value: Any) -> Any:
    """The Python value of one column from its JSON form; ``RecordFormatError`` if it does not
    fit the column's type."""
    name = column.name
    if value is None:
        if not column.nullable:
            raise RecordFormatError(f"{name} is required")
        return None
    kind = column.type
    if isinstance(kind, ScaledDecimal):
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise RecordFormatError(f"{name}: not a decimal")
        try:
            return Decimal(str(value))
        except InvalidOperation as exc:
            raise RecordFormatError(f"{name}: not a decimal") from exc
    if isinstance(kind, DateTime):
        try:
            return datetime.fromisoformat(str(value))
        except ValueError as exc:
            raise RecordFormatError(f"{name}: not a date-time") from exc
    if isinstance(kind, Date):
        try:
            return date.fromisoformat(str(value))
        except ValueError as exc:
            raise RecordFormatError(f"{name}: not a date") from exc
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise RecordFormatError(f"{name}: not true/false")
        return value
    if isinstance(kind, Integer | BigInteger):
        if not isinstance(value, int) or isinstance(value, bool):
            raise RecordFormatError(f"{name}: not an integer")
        return value
    if isinstance(kind, Float):
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise RecordFormatError(f"{name}: not a number")
        return float(value)
    if isinstance(kind, String | Text):
        if not isinstance(value, str):
            raise RecordFormatError(f"{name}: not text")
        length = getattr(kind, "length", None)
        if length is not None and len(value) > length:
            raise RecordFormatError(f"{name}: longer than {length}")
        return value
    if isinstance(kind, JSON):
        return value
    if isinstance(kind, LargeBinary):
        raise RecordFormatError(f"{name}: binary columns do not travel")
    return value


# --- incoming lines ---------------------------------------------------------------------------


class RawJSON:
    """A JSON value kept as the text it came in (a survey's answers, see :mod:`fast_lines`):
    written to an SQLite JSON column as it is; decoded only where a Python value is needed."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    @property
    def is_object(self) -> bool:
        return self.text.startswith("{")

    def value(self) -> Any:
        try:
            return orjson.loads(self.text)
        except (orjson.JSONDecodeError, RecursionError) as exc:
            raise RecordFormatError("a JSON value is not valid JSON") from exc


def line_data(line: bytes | None) -> dict[str, Any]:
    """The ``data`` of a record line, decoded in full."""
    if line is None:
        raise RecordFormatError("the record's line is missing")
    try:
        data = orjson.loads(line)["data"]
    except (orjson.JSONDecodeError, RecursionError, KeyError, TypeError) as exc:
        raise RecordFormatError("the record is not valid JSON") from exc
    if not isinstance(data, dict):
        raise RecordFormatError("data is not an object")
    return data


class Incoming:
    """One record line, structure checked. The content digest is computed only when a decision
    needs it (a record already here, or seen twice): hashing every line costs more than
    inserting it.

    ``fields`` is the record's data as checked; ``data`` the same, decoded in full. They are one
    dict, except for a line skimmed by :mod:`fast_lines`, whose JSON columns stay text in
    ``fields`` (:class:`RawJSON`) and whose ``data`` is decoded from the line only if asked."""

    __slots__ = ("_data", "_version", "columns", "created_at", "deleted", "fields", "kind",
                 "line", "origin", "skimmed", "updated_at", "uuid", "vector")  # fmt: skip

    def __init__(
        self, kind: str, uuid: str, origin: str, vector: dict[str, int], deleted: bool,
        data: dict[str, Any] | None, created_at: str, updated_at: str, *,
        fields: dict[str, Any] | None = None, line: bytes | None = None,
    ) -> None:  # fmt: skip
        self.kind = kind
        self.uuid = uuid
        self.origin = origin
        self.vector = vector
        self.deleted = deleted
        self._data = data
        self.fields: dict[str, Any] = fields if fields is not None else (data or {})
        self.skimmed = data is None  # its JSON columns are text, not yet decoded
        self.created_at = created_at
        self.updated_at = updated_at
        self._version: Version | None = None
        self.columns: dict[str, Any] | None = None  # set once checked
        # The line as it came in the package (JSON), when read from one: the answer checks in
        # worker processes take it as it is rather than encoding the answers again.
        self.line: bytes | None = line

    @property
    def data(self) -> dict[str, Any]:
        if self._data is None:
            self._data = line_data(self.line)
        return self._data

    @property
    def local_counter(self) -> int:
        return 0  # a received row is not this installation's change (see Target)

    @property
    def version(self) -> Version:
        if self._version is None:
            self._version = Version(self.vector, self.deleted, content_digest(self.data))
        return self._version

    def undigested(self) -> Version:
        """Its version without the digest, for a record that can only be inserted."""
        return self._version or Version(self.vector, self.deleted, "")

    def label(self) -> str:
        try:
            data = self.data
        except RecordFormatError:  # a skimmed line that does not decode: named by its uuid
            data = {}
        return record_label(self.kind, data, self.uuid)


# The canonical form str(uuid.UUID(text)) gives: 36 characters, lower-case hex, four dashes.
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_LINE_FIELDS = frozenset(
    {"kind", "uuid", "origin", "version", "deleted", "created_at", "updated_at", "data"}
)
_ALLOWED_DATA = {
    kind: names | (_PROPOSAL_CHILDREN if kind == "proposal" else frozenset())
    for kind, names in _DATA_NAMES.items()
}


def is_uuid(text: object) -> bool:
    return isinstance(text, str) and _UUID.fullmatch(text) is not None


def _line_stamp(line: Mapping[str, Any], key: str) -> str:
    value = line.get(key, "")
    if not isinstance(value, str) or len(value) > 40:
        raise RecordFormatError(f"{key} is not a date-time")
    return value


def parse_line(line: Mapping[str, Any]) -> Incoming:
    """Check one record line's structure (types of every field, nothing domain-specific)."""
    kind = line.get("kind")
    allowed = _ALLOWED_DATA.get(kind) if isinstance(kind, str) else None
    if allowed is None or kind not in TABLES:
        raise RecordFormatError(f"unknown kind {kind!r}")
    uuid = line.get("uuid")
    if not is_uuid(uuid):
        raise RecordFormatError("uuid is not a UUID")
    assert isinstance(uuid, str)
    if not _LINE_FIELDS.issuperset(line):
        raise RecordFormatError(f"unknown fields {sorted(set(line) - _LINE_FIELDS)}")
    try:
        vector = parse_vector(line.get("version"))
    except ValueError as exc:
        raise RecordFormatError(str(exc)) from exc
    if not vector:
        raise RecordFormatError("empty version")
    deleted = line.get("deleted", False)
    if deleted is not True and deleted is not False:
        raise RecordFormatError("deleted is not true/false")
    origin = line.get("origin", "")
    if not isinstance(origin, str) or len(origin) > 32:
        raise RecordFormatError("bad origin device")
    data = line.get("data")
    if not isinstance(data, dict):
        raise RecordFormatError("data is not an object")
    if not allowed.issuperset(data):
        raise RecordFormatError(f"unknown data fields {sorted(set(data) - allowed)}")
    return Incoming(kind, uuid, origin, vector, deleted, data,
                    _line_stamp(line, "created_at"), _line_stamp(line, "updated_at"))  # fmt: skip


def record_label(kind: str, data: Mapping[str, Any], uuid: str) -> str:
    """How a person recognises the record in a message."""
    names = {"facility": "Cơ sở", "survey": "Phiếu khảo sát", "proposal": "Đề án",
             "attachment": "Tệp đính kèm"}  # fmt: skip
    title = data.get("name") or data.get("title") or data.get("filename") or ""
    if kind == "survey":
        answers = data.get("answers")
        if isinstance(answers, dict):
            title = answers.get("ten_co_so") or ""
        title = title or str(data.get("survey_date") or "")
    short = uuid[:8]
    return f"{names.get(kind, kind)} “{title}” ({short})" if title else f"{names.get(kind)} {short}"


# --- rows ↔ data ------------------------------------------------------------------------------


@dataclass
class Stored:
    """A record's row as stored, with its data in package form."""

    id: int
    uuid: str
    origin: str
    vector: dict[str, int]
    deleted: bool
    data: dict[str, Any]
    created_at: str
    updated_at: str

    @property
    def version(self) -> Version:
        return Version(self.vector, self.deleted, content_digest(self.data))

    def to_line(self, kind: str) -> dict[str, Any]:
        return {
            "kind": kind,
            "uuid": self.uuid,
            "origin": self.origin,
            "version": dict(self.vector),
            "deleted": self.deleted,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "data": self.data,
        }


def _stamp_text(value: Any) -> str:
    return utc_text(value) if isinstance(value, datetime) else ""


def _stored(kind: str, row: Any) -> Stored:
    data = {c.name: to_json(row[c.name]) for c in _DATA_COLUMNS[kind]}
    return Stored(
        id=int(row["id"]),
        uuid=str(row["uuid"]),
        origin=str(row["origin_device"] or ""),
        vector={str(k): int(v) for k, v in (row["version"] or {}).items()},
        deleted=bool(row["deleted"]),
        data=data,
        created_at=_stamp_text(row["created_at"]),
        updated_at=_stamp_text(row["updated_at"]),
    )


def _proposal_children(conn: Connection, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {i: {"lines": [], "beneficiaries": [], "history": []}
                                      for i in ids}  # fmt: skip
    if not ids:
        return out
    for row in conn.execute(
        select(_LINE_TABLE).where(_LINE_TABLE.c.proposal_id.in_(ids))
        .order_by(_LINE_TABLE.c.position, _LINE_TABLE.c.id)
    ).mappings():  # fmt: skip
        out[row["proposal_id"]]["lines"].append(
            {c.name: to_json(row[c.name]) for c in _LINE_COLUMNS}
        )
    for row in conn.execute(
        select(_BENEFICIARY_TABLE).where(_BENEFICIARY_TABLE.c.proposal_id.in_(ids))
        .order_by(_BENEFICIARY_TABLE.c.id)
    ).mappings():  # fmt: skip
        out[row["proposal_id"]]["beneficiaries"].append(row["facility_uuid"])
    for row in conn.execute(
        select(_HISTORY_TABLE).where(_HISTORY_TABLE.c.proposal_id.in_(ids))
    ).mappings():
        out[row["proposal_id"]]["history"].append(
            {c.name: to_json(row[c.name]) for c in _HISTORY_COLUMNS}
        )
    for children in out.values():
        # Steps in time order, the uuid breaking ties: the same history reads the same anywhere.
        children["history"].sort(key=lambda h: (h["at"] or "", h["uuid"]))
    return out


def load_stored(conn: Connection, kind: str, uuids: Iterable[str]) -> dict[str, Stored]:
    """The stored rows of these uuids (tombstones included)."""
    table = TABLES[kind]
    wanted = list(dict.fromkeys(uuids))
    if conn.dialect.name == "sqlite" and len(wanted) > 20:
        # Most of an import is records new here: asking which exist (one cached statement,
        # the uuids as one JSON array) costs a tenth of building the full SELECT for each batch.
        wanted = [u for (u,) in conn.exec_driver_sql(
            f"SELECT uuid FROM {table.name} WHERE uuid IN (SELECT value FROM json_each(?))",
            (orjson.dumps(wanted).decode(),),
        )]  # fmt: skip
    out: dict[str, Stored] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        rows = conn.execute(select(table).where(table.c.uuid.in_(chunk))).mappings().all()
        stored = [_stored(kind, r) for r in rows]
        if kind == "proposal":
            children = _proposal_children(conn, [s.id for s in stored])
            for s in stored:
                s.data.update(children[s.id])
        out.update((s.uuid, s) for s in stored)
    return out


def iter_changed(
    conn: Connection, kind: str, after_counter: int, batch: int = 1000
) -> Iterator[list[Stored]]:
    """Rows this installation changed after ``after_counter``, in batches (never all in memory)."""
    table = TABLES[kind]
    last_id = 0
    while True:
        rows = conn.execute(
            select(table)
            .where(table.c.local_counter > after_counter, table.c.id > last_id)
            .order_by(table.c.id)
            .limit(batch)
        ).mappings().all()  # fmt: skip
        if not rows:
            return
        stored = [_stored(kind, r) for r in rows]
        if kind == "proposal":
            children = _proposal_children(conn, [s.id for s in stored])
            for s in stored:
                s.data.update(children[s.id])
        last_id = stored[-1].id
        yield stored


@dataclass
class RawLine:
    """A record already encoded as its package line, with what the exporter needs besides."""

    id: int
    uuid: str
    deleted: bool
    sha256: str  # attachments: the content to send with the record
    line: bytes


def _json_text(kind: Any, value: Any) -> str:
    """The JSON of one column value as SQLite stores it, in the form :func:`to_json` gives."""
    if value is None:
        return "null"
    if isinstance(kind, JSON):
        return str(value)  # already JSON text: spliced, not decoded and encoded again
    if isinstance(kind, Boolean):
        return "true" if value else "false"
    if isinstance(kind, DateTime):
        text = str(value)
        return json.dumps(text.replace(" ", "T", 1) if "T" not in text else text)
    if isinstance(kind, Integer | BigInteger) and not isinstance(kind, ScaledDecimal):
        return str(int(value))
    if isinstance(kind, ScaledDecimal):
        return json.dumps(str(kind.process_result_value(value, None)))  # type: ignore[arg-type]
    return json.dumps(value, ensure_ascii=False)


def iter_changed_lines(
    conn: Connection, kind: str, after_counter: int, batch: int = 2000
) -> Iterator[list[RawLine]]:
    """Like :func:`iter_changed`, as ready package lines, straight from SQLite: for tens of
    thousands of surveys, decoding the stored answers only to encode them again would cost more
    than everything else an export does. Same lines as ``Stored.to_line`` once parsed."""
    table = TABLES[kind]
    names = [c.name for c in table.columns]
    types = {c.name: c.type for c in table.columns}
    data_names = [c.name for c in _DATA_COLUMNS[kind]]
    sql = (f"SELECT {', '.join(names)} FROM {table.name} WHERE local_counter > ? AND id > ? "
           "ORDER BY id LIMIT ?")  # fmt: skip
    kind_json = json.dumps(kind)
    last_id = 0
    while True:
        rows = conn.exec_driver_sql(sql, (after_counter, last_id, batch)).fetchall()
        if not rows:
            return
        out = []
        for row in rows:
            v = dict(zip(names, row, strict=True))
            data = ",".join(f'"{n}":{_json_text(types[n], v[n])}' for n in data_names)
            line = (
                f'{{"kind":{kind_json},"uuid":{json.dumps(v["uuid"])},'
                f'"origin":{json.dumps(v["origin_device"] or "")},'
                f'"version":{v["version"] or "{}"},"deleted":{"true" if v["deleted"] else "false"},'
                f'"created_at":{_stamp_json(v["created_at"])},'
                f'"updated_at":{_stamp_json(v["updated_at"])},"data":{{{data}}}}}'
            )
            out.append(RawLine(int(v["id"]), str(v["uuid"]), bool(v["deleted"]),
                               str(v.get("sha256") or ""), line.encode("utf-8")))  # fmt: skip
        last_id = out[-1].id
        yield out


def _stamp_json(value: Any) -> str:
    if not value:
        return '""'
    text = str(value)
    return json.dumps(text.replace(" ", "T", 1) if "T" not in text else text)


# --- writing ----------------------------------------------------------------------------------


@dataclass
class Target:
    """What a record's row must become: the winning head's data and the vector to store."""

    uuid: str
    origin: str
    vector: dict[str, int]
    deleted: bool
    data: dict[str, Any]
    created_at: str
    updated_at: str
    # Rows only received are not this installation's changes (0): exports never echo them
    # back. A resolution made here carries this installation's counter so that it travels.
    local_counter: int = 0
    columns: dict[str, Any] | None = None  # ``data`` already converted, when checked


class RowSource(Protocol):
    """What a row is written from: a :class:`Target`, or an :class:`Incoming` inserted as it came."""

    @property
    def uuid(self) -> str: ...
    @property
    def origin(self) -> str: ...
    @property
    def vector(self) -> dict[str, int]: ...
    @property
    def deleted(self) -> bool: ...
    @property
    def data(self) -> dict[str, Any]: ...
    @property
    def created_at(self) -> str: ...
    @property
    def updated_at(self) -> str: ...
    @property
    def local_counter(self) -> int: ...
    @property
    def columns(self) -> dict[str, Any] | None: ...


def _stamp_value(text: str, fallback: datetime) -> datetime:
    try:
        return datetime.fromisoformat(text) if text else fallback
    except ValueError:
        return fallback


def _plain_check(column: Column[Any]) -> Callable[[Any], Any] | None:
    """A fast check for the common column types (text, integers, JSON), ``None`` for the rest
    (which :func:`from_json` converts). Same rules as :func:`from_json`."""
    kind, name = column.type, column.name
    if isinstance(kind, ScaledDecimal | Boolean | DateTime | Date | Float | LargeBinary):
        return None
    if isinstance(kind, Integer | BigInteger):

        def integer(value: Any) -> Any:
            if value.__class__ is not int:
                raise RecordFormatError(f"{name}: not an integer")
            return value

        return integer
    if isinstance(kind, String | Text):
        length = getattr(kind, "length", None) or 10**12

        def text(value: Any) -> Any:
            if value.__class__ is not str:
                raise RecordFormatError(f"{name}: not text")
            if len(value) > length:
                raise RecordFormatError(f"{name}: longer than {length}")
            return value

        return text
    if isinstance(kind, JSON):
        return lambda value: value
    return None


def _slow_check(column: Column[Any]) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        return from_json(column, value)

    return convert


def _plan(kind: str) -> list[tuple[str, bool, Any, Callable[[Any], Any]]]:
    """For each data column: name, nullable, default (``_MISSING`` if none), converter."""
    plan = []
    for column in _DATA_COLUMNS[kind]:
        default = _MISSING
        if column.default is not None and getattr(column.default, "is_scalar", False):
            default = column.default.arg  # type: ignore[attr-defined]
        convert = _plain_check(column) or _slow_check(column)
        plan.append((column.name, bool(column.nullable), default, convert))
    return plan


_MISSING = object()
_PLANS = {kind: _plan(kind) for kind in KINDS}


def column_values(kind: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """The columns of a record from its ``data``, type-checked (:class:`RecordFormatError`)."""
    values: dict[str, Any] = {}
    for name, nullable, default, convert in _PLANS[kind]:
        if name in data:
            value = data[name]
            if value is None:
                if not nullable:
                    raise RecordFormatError(f"{name} is required")
                values[name] = None
            else:
                values[name] = convert(value)
        elif default is not _MISSING:
            values[name] = default
        elif not nullable:
            raise RecordFormatError(f"{name} is missing")
        else:
            values[name] = None
    return values


def _row_values(kind: str, target: RowSource, now: datetime) -> dict[str, Any]:
    values = dict(target.columns if target.columns is not None else
                  column_values(kind, target.data))  # fmt: skip
    values["uuid"] = target.uuid
    values["origin_device"] = target.origin
    values["version"] = dict(target.vector)
    values["local_counter"] = target.local_counter
    values["deleted"] = target.deleted
    values["created_at"] = _stamp_value(target.created_at, now)
    values["updated_at"] = _stamp_value(target.updated_at, now)
    return values


def check_values(kind: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """Type-check every column of ``data``; returns the columns (:class:`RecordFormatError`)."""
    values = column_values(kind, data)
    if kind == "proposal":
        _proposal_child_rows(data, 0)
    return values


def _derive(kind: str, values: dict[str, Any], commune_names: Mapping[int, str]) -> None:
    if kind == "facility":
        derive_columns(values, commune_names.get(values.get("commune_code") or -1, ""))
    elif kind == "proposal":
        values["title_folded"] = fold(values.get("title") or "")


def _proposal_child_rows(
    data: Mapping[str, Any], proposal_id: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    lines_raw = data.get("lines", [])
    beneficiaries_raw = data.get("beneficiaries", [])
    history_raw = data.get("history", [])
    if not isinstance(lines_raw, list) or not isinstance(beneficiaries_raw, list):
        raise RecordFormatError("lines/beneficiaries are not lists")
    if not isinstance(history_raw, list):
        raise RecordFormatError("history is not a list")
    lines = []
    for raw in lines_raw:
        if not isinstance(raw, dict) or set(raw) - {c.name for c in _LINE_COLUMNS}:
            raise RecordFormatError("bad budget line")
        row = {c.name: from_json(c, raw.get(c.name)) for c in _LINE_COLUMNS
               if c.name in raw or not c.nullable}  # fmt: skip
        row["proposal_id"] = proposal_id
        lines.append(row)
    beneficiaries = []
    for raw in beneficiaries_raw:
        if not is_uuid(raw):
            raise RecordFormatError("bad beneficiary facility uuid")
        beneficiaries.append({"proposal_id": proposal_id, "facility_uuid": raw})
    history = []
    for raw in history_raw:
        if not isinstance(raw, dict) or set(raw) - {c.name for c in _HISTORY_COLUMNS}:
            raise RecordFormatError("bad status change")
        row = {c.name: from_json(c, raw.get(c.name)) for c in _HISTORY_COLUMNS
               if c.name in raw or not c.nullable}  # fmt: skip
        if not is_uuid(row.get("uuid")):
            raise RecordFormatError("status change without a uuid")
        row["proposal_id"] = proposal_id
        history.append(row)
    return lines, beneficiaries, history


def _write_children(conn: Connection, proposal_id: int, data: Mapping[str, Any]) -> None:
    lines, beneficiaries, history = _proposal_child_rows(data, proposal_id)
    for table in (_LINE_TABLE, _BENEFICIARY_TABLE, _HISTORY_TABLE):
        conn.execute(delete(table).where(table.c.proposal_id == proposal_id))
    if lines:
        conn.execute(insert(_LINE_TABLE), lines)
    if beneficiaries:
        conn.execute(insert(_BENEFICIARY_TABLE), beneficiaries)
    if history:
        # A step's uuid is unique across proposals: drop a stale copy left under another row.
        conn.execute(
            delete(_HISTORY_TABLE).where(_HISTORY_TABLE.c.uuid.in_([h["uuid"] for h in history]))
        )
        conn.execute(insert(_HISTORY_TABLE), history)


def insert_rows(
    conn: Connection, kind: str, targets: Sequence[RowSource], commune_names: Mapping[int, str],
    now: datetime,
) -> None:  # fmt: skip
    """Insert new records (one executemany per kind where the kind allows it)."""
    if not targets:
        return
    if kind != "proposal" and kind != "facility" and conn.dialect.name == "sqlite":
        # Straight to the driver: SQLAlchemy's per-row type processing costs as much as
        # SQLite's own work for tens of thousands of surveys.
        names, lists = _sqlite_rows(kind, targets, now)
        sql = (f"INSERT INTO {TABLES[kind].name} ({', '.join(names)}) "
               f"VALUES ({', '.join('?' * len(names))})")  # fmt: skip
        conn.exec_driver_sql(sql, lists)
        return
    rows = []
    for target in targets:
        values = _row_values(kind, target, now)
        _decode_json(kind, values)
        _derive(kind, values, commune_names)
        rows.append(values)
    if kind == "facility":
        insert_facilities(conn, rows)
    elif kind == "proposal":
        table = TABLES[kind]
        for values, target in zip(rows, targets, strict=True):
            new_id = conn.execute(insert(table).returning(table.c.id), values).scalar_one()
            _write_children(conn, int(new_id), target.data)
    else:
        conn.execute(insert(TABLES[kind]), rows)


_BOOKKEEPING_COLUMNS = ["uuid", "origin_device", "version", "local_counter", "deleted",
                        "created_at", "updated_at"]  # fmt: skip


def _sqlite_rows(
    kind: str, targets: Sequence[RowSource], now: datetime
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The columns and rows of new records as the driver takes them: what :func:`_row_values`
    gives, each value converted as SQLAlchemy's SQLite dialect would store it (JSON text, ISO
    date and date-time), in one pass per row with the conversions chosen once per kind (a
    derived column would need :func:`_derive`: the kinds written here have none)."""
    assert kind not in DERIVED
    table = TABLES[kind]
    data_names = [c.name for c in _DATA_COLUMNS[kind]]
    take = itemgetter(*data_names)
    converted = [(i, c) for i, n in enumerate(data_names)
                 if (c := _sqlite_converter(table.c[n]))]  # fmt: skip
    rows = []
    for target in targets:
        columns = target.columns
        if columns is None:
            columns = column_values(kind, target.data)
        values = list(take(columns)) if len(data_names) > 1 else [take(columns)]
        for i, convert in converted:
            values[i] = convert(values[i])
        values += (
            target.uuid, target.origin, _sqlite_json(target.vector), target.local_counter,
            target.deleted, _sqlite_stamp(target.created_at, now),
            _sqlite_stamp(target.updated_at, now),
        )  # fmt: skip
        rows.append(tuple(values))  # SQLAlchemy takes tuples (or mappings) for executemany
    return data_names + _BOOKKEEPING_COLUMNS, rows


_JSON_NAMES = {kind: [c.name for c in cols if isinstance(c.type, JSON)]
               for kind, cols in _DATA_COLUMNS.items()}  # fmt: skip


def _decode_json(kind: str, values: dict[str, Any]) -> None:
    """JSON columns kept as text (:class:`RawJSON`) decoded, for a write through SQLAlchemy."""
    for name in _JSON_NAMES[kind]:
        value = values.get(name)
        if value.__class__ is RawJSON:
            values[name] = value.value()


def _sqlite_json(value: Any) -> Any:
    # Values decoded from a package: JSON types only. ``None`` stays SQL NULL.
    if value is None:
        return None
    if value.__class__ is RawJSON:
        return value.text  # as it came: checked JSON text
    try:
        return orjson.dumps(value).decode()
    except TypeError:  # nested deeper than orjson writes (254 levels); json goes on to ~1,000
        return json.dumps(value)


def _sqlite_datetime(value: Any) -> Any:
    return datetime_text(value) if isinstance(value, datetime) else value


def _sqlite_stamp(text: str, fallback: datetime) -> str:
    """A record's time stamp as SQLite stores it: ``_sqlite_datetime(_stamp_value(...))``,
    without building the datetime's text again when the stamp is already in kcdesk's form."""
    if len(text) == 26 and text[10] == "T" and text[19] == "." and text[20:].isdigit():
        try:
            datetime.fromisoformat(text)  # a real date and time
        except ValueError:
            return datetime_text(fallback)
        return f"{text[:10]} {text[11:]}"
    return datetime_text(_stamp_value(text, fallback))


def _sqlite_date(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _sqlite_converter(column: Column[Any]) -> Callable[[Any], Any] | None:
    kind = column.type
    if isinstance(kind, JSON):
        return _sqlite_json
    if isinstance(kind, DateTime):
        return _sqlite_datetime
    if isinstance(kind, Date):
        return _sqlite_date
    return None


def update_row(
    conn: Connection, kind: str, row_id: int, target: Target, commune_names: Mapping[int, str],
    now: datetime, *, content: bool,
) -> None:  # fmt: skip
    """Replace a stored record by ``target`` (only its vector and tombstone when ``content`` is
    unchanged)."""
    table = TABLES[kind]
    if content:
        values = _row_values(kind, target, now)
        _decode_json(kind, values)
        _derive(kind, values, commune_names)
        values.pop("uuid")
        values.pop("created_at")
    else:
        values = {"version": dict(target.vector), "deleted": target.deleted,
                  "local_counter": target.local_counter}  # fmt: skip
    conn.execute(update(table).where(table.c.id == row_id).values(**values))
    if content and kind == "proposal":
        _write_children(conn, row_id, target.data)
