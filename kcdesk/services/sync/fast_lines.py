"""Survey lines decoded straight into their columns' types, the answers kept as the JSON text
they came as.

Surveys are most of a package and their answers most of each survey's line. Decoding the
answers into Python objects only to encode them again for the answers column, and freeing those
objects afterwards, cost more than SQLite's own work on the row. msgspec decodes a survey line
against a schema made from the survey table in one pass in C, checking each field's type and
size, and hands the answers back as their raw bytes (``msgspec.Raw``), which go to the column as
they are.

This is a shortcut, not a second set of rules. A line it does not take as it is — another key
order, a missing or unknown field, a value of the wrong type or size, a number beyond 64 bits,
text that is not UTF-8 — goes to the general path (:func:`records.parse_line`), which takes it or
refuses it with its own message. One thing msgspec does not check in the answers it skims is
that every number fits a double (orjson, the general path, refuses ``1e400``); so every skimmed
line is also decoded in full by orjson in an answer-checking worker before the import commits,
and the importer takes this path only when those workers run (:class:`AnswerChecks`).
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from sqlalchemy import JSON, BigInteger, Boolean, Column, Date, DateTime, Integer, String, Text

from kcdesk.domain.sync import parse_vector
from kcdesk.services.sync.records import (
    Incoming,
    RawJSON,
    RecordFormatError,
    data_columns,
    from_json,
    is_uuid,
)
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
    elif isinstance(kind, Date | DateTime):
        base = str  # converted (and checked) with the general rules
    elif isinstance(kind, String | Text):
        length = getattr(kind, "length", None)
        base = Annotated[str, msgspec.Meta(max_length=length)] if length else str
    else:
        raise TypeError(column.name)
    return base | None if column.nullable else base


_COLUMNS = data_columns("survey")
_JSON_NAMES = tuple(c.name for c in _COLUMNS if isinstance(c.type, JSON))
_DATES = tuple(c for c in _COLUMNS if isinstance(c.type, Date | DateTime))
_Data = msgspec.defstruct(
    "SurveyData", [(c.name, _field_type(c)) for c in _COLUMNS], forbid_unknown_fields=True
)
_Line = msgspec.defstruct(
    "SurveyLine",
    [
        ("kind", str),
        ("uuid", str),
        ("origin", Annotated[str, msgspec.Meta(max_length=32)]),
        ("version", dict[str, Any]),
        ("deleted", bool),
        ("created_at", Annotated[str, msgspec.Meta(max_length=40)]),
        ("updated_at", Annotated[str, msgspec.Meta(max_length=40)]),
        ("data", _Data),
    ],
    forbid_unknown_fields=True,
)
_DECODER = msgspec.json.Decoder(_Line)
# How kcdesk writes a survey's line; a line written otherwise goes the general way.
_PREFIX = b'{"kind":"survey",'


def skim_survey(line: bytes) -> Incoming | None:
    """The survey of this line with its answers as text, or ``None`` when the line must take
    the general path (not a survey, or anything :func:`records.parse_line` should judge)."""
    if not line.startswith(_PREFIX):
        return None
    try:
        decoded: Any = _DECODER.decode(line)
    except (msgspec.DecodeError, RecursionError):  # ValidationError is a DecodeError
        return None
    if decoded.kind != "survey" or not is_uuid(decoded.uuid):
        return None
    try:
        vector = parse_vector(decoded.version)
    except ValueError:
        return None
    if not vector:
        return None
    fields: dict[str, Any] = msgspec.structs.asdict(decoded.data)
    for name in _JSON_NAMES:
        try:
            text = bytes(fields[name]).decode("utf-8")
        except UnicodeDecodeError:
            return None
        if text == "null":
            return None
        fields[name] = RawJSON(text)
    # The row's values, as check_values would give them: msgspec has checked every type and
    # length, so only the dates are left to read.
    columns = dict(fields)
    for column in _DATES:
        value = columns[column.name]
        if value is not None:
            try:
                columns[column.name] = from_json(column, value)
            except RecordFormatError:
                return None
    survey = Incoming(
        "survey", decoded.uuid, decoded.origin, vector, decoded.deleted, None,
        decoded.created_at, decoded.updated_at, fields=fields, line=line,
    )  # fmt: skip
    survey.columns = columns
    return survey
