"""Record lines decoded straight into their columns' types, a survey's answers kept as the
JSON text they came as.

Surveys are most of a package and their answers most of each survey's line. Decoding the
answers into Python objects only to encode them again for the answers column, and freeing those
objects afterwards, cost more than SQLite's own work on the row. msgspec decodes a line against a
schema made from its table in one pass in C, checking each field's type and size, and hands a
JSON column back as its raw bytes (``msgspec.Raw``), which go to the column as they are.
Facilities (no JSON column) are decoded in full the same way.

This is a shortcut, not a second set of rules. A line it does not take as it is — another key
order, a missing or unknown field, a value of the wrong type or size, a number beyond 64 bits,
text that is not UTF-8 — goes to the general path (:func:`records.parse_line`), which takes it or
refuses it with its own message. One thing msgspec does not check in a JSON value it skims is
that every number fits a double (orjson, the general path, refuses ``1e400``); so the answers of
every skimmed survey are also decoded in full by orjson in an answer-checking worker before the
import commits (the rest of the line msgspec decoded in full), and the importer skims surveys only
when those workers run (:class:`AnswerChecks`).
"""

from __future__ import annotations

from collections.abc import Callable, Container
from datetime import date, datetime
from typing import Annotated, Any

import msgspec
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    String,
    Text,
)

from kcdesk.domain.sync import parse_vector
from kcdesk.services.sync.records import Incoming, RawJSON, data_columns, is_uuid
from kcdesk.storage.models.proposal import ScaledDecimal

_INT64 = msgspec.Meta(ge=-(2**63), le=2**63 - 1)  # what an SQLite INTEGER holds


def _field_type(column: Column[Any]) -> Any:
    """The type msgspec checks for one data column (every field required: a line that leaves
    one out goes the general way, which knows the column defaults)."""
    kind = column.type
    base: Any
    if isinstance(kind, JSON):
        return msgspec.Raw  # null included: checked below
    if isinstance(kind, ScaledDecimal):
        raise TypeError(column.name)
    if isinstance(kind, Boolean):
        base = bool
    elif isinstance(kind, Integer | BigInteger):
        base = Annotated[int, _INT64]
    elif isinstance(kind, Float):
        # A whole number stays an integer in the data, as orjson reads it (the digest sees it).
        base = Annotated[int, _INT64] | float
    elif isinstance(kind, Date | DateTime):
        base = str  # read below, as from_json reads it
    elif isinstance(kind, String | Text):
        length = getattr(kind, "length", None)
        base = Annotated[str, msgspec.Meta(max_length=length)] if length else str
    else:
        raise TypeError(column.name)
    return base | None if column.nullable else base


def _reader(column: Column[Any]) -> Callable[[Any], Any] | None:
    """How a column's value is made from its checked JSON value (as :func:`from_json` does)."""
    kind = column.type
    if isinstance(kind, DateTime):
        return datetime.fromisoformat
    if isinstance(kind, Date):
        return date.fromisoformat
    if isinstance(kind, Float):
        return float
    return None


class _Kind:
    """The schema of one kind's lines and what is left to do after msgspec has checked one."""

    def __init__(self, kind: str) -> None:
        columns = data_columns(kind)
        self.json_names = tuple(c.name for c in columns if isinstance(c.type, JSON))
        self.readers = tuple((c.name, r) for c in columns if (r := _reader(c)) is not None)
        data = msgspec.defstruct(f"{kind}_data", [(c.name, _field_type(c)) for c in columns],
                                 forbid_unknown_fields=True)  # fmt: skip
        line = msgspec.defstruct(
            f"{kind}_line",
            [
                ("kind", str),
                ("uuid", str),
                ("origin", Annotated[str, msgspec.Meta(max_length=32)]),
                ("version", dict[str, Any]),
                ("deleted", bool),
                ("created_at", Annotated[str, msgspec.Meta(max_length=40)]),
                ("updated_at", Annotated[str, msgspec.Meta(max_length=40)]),
                ("data", data),
            ],
            forbid_unknown_fields=True,
        )
        self.decoder: msgspec.json.Decoder[Any] = msgspec.json.Decoder(line)


# Facilities: decoded in full (they have no JSON column); surveys: their answers skimmed.
_KINDS = {k: _Kind(k) for k in ("facility", "survey")}
_HEAD = b'{"kind":"'  # how kcdesk begins a line; a line written otherwise goes the general way


def skim_line(line: bytes, kinds: Container[str]) -> Incoming | None:
    """The record of this line, decoded by its kind's schema with any JSON column left as
    text, or ``None`` when the line must take the general path (a kind not in ``kinds``, or
    anything :func:`records.parse_line` should judge)."""
    if not line.startswith(_HEAD):
        return None
    end = line.find(b'",', 9, 40)
    name = line[9:end].decode("ascii", "replace") if end > 0 else ""
    schema = _KINDS.get(name)
    if schema is None or name not in kinds:
        return None
    try:
        decoded: Any = schema.decoder.decode(line)
    except (msgspec.DecodeError, RecursionError):  # ValidationError is a DecodeError
        return None
    if decoded.kind != name or not is_uuid(decoded.uuid):
        return None
    try:
        vector = parse_vector(decoded.version)
    except ValueError:
        return None
    if not vector:
        return None
    fields: dict[str, Any] = msgspec.structs.asdict(decoded.data)
    for key in schema.json_names:
        try:
            text = bytes(fields[key]).decode("utf-8")
        except UnicodeDecodeError:
            return None
        if text == "null":
            return None
        fields[key] = RawJSON(text)
    # The row's values, as check_values gives them: msgspec has checked every type and
    # length, so only dates (and integers in real columns) are left to read.
    columns = dict(fields)
    for key, read in schema.readers:
        value = columns[key]
        if value is not None:
            try:
                columns[key] = read(value)
            except ValueError:
                return None
    record = Incoming(
        name, decoded.uuid, decoded.origin, vector, decoded.deleted,
        None if schema.json_names else fields, decoded.created_at, decoded.updated_at,
        fields=fields, line=line,
    )  # fmt: skip
    record.columns = columns
    return record
