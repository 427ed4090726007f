"""Cell values as people type them → typed values, with a reason when they cannot be read.

Numbers typed as text (``"12.500"``), numbers that lost their leading zero (a phone or tax code
typed into a number cell), dates as real dates or as ``dd/mm/yyyy`` text, money in the unit the
header states.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from kcdesk.domain.errors import Issue, Severity
from kcdesk.io.excel.fields import UNIT_LABELS, FieldSpec, FieldType
from kcdesk.io.excel.reading import Value
from kcdesk.vn.dates import format_date, parse_date
from kcdesk.vn.numbers import format_number, parse_number
from kcdesk.vn.text import clean


@dataclass
class Parsed:
    """A typed value and what was noticed on the way (errors make the row invalid)."""

    value: Any = None
    issues: list[Issue] = field(default_factory=list)


def _error(spec: FieldSpec, code: str, vi: str, en: str) -> Issue:
    return Issue(spec.key, code, f"{spec.label_vi}: {vi}", f"{spec.label_en}: {en}")


def _warning(spec: FieldSpec, code: str, vi: str, en: str) -> Issue:
    return Issue(spec.key, code, f"{spec.label_vi}: {vi}", f"{spec.label_en}: {en}",
                 Severity.WARNING)  # fmt: skip


def as_text(value: Value) -> str:
    """Any cell as text: whole numbers without ``.0``, dates as ``dd/mm/yyyy``; text trimmed
    with inner white space collapsed (and NFC: the sheet reader composes every cell)."""
    if value is None:
        return ""
    if type(value) is int:
        return str(value)
    if isinstance(value, str):
        # kcdesk.vn.text.clean, made cheaper for the common case (this runs for every cell of
        # an import, and the sheet reader has already composed the text).
        if not value.isascii() and not unicodedata.is_normalized("NFC", value):
            value = unicodedata.normalize("NFC", value)
        return " ".join(value.split())
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return format_date(value) if value.time() == time(0) else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return format_date(value)
    return clean(str(value))


def _digits_cell(value: Value) -> tuple[str, bool]:
    """Text of a phone/tax-code cell; ``True`` when the cell held a number (leading 0 lost)."""
    if isinstance(value, bool):
        return str(value), False
    if isinstance(value, int):
        return str(value), True
    if isinstance(value, float) and value.is_integer():
        return str(int(value)), True
    return as_text(value), False


_TEXT_TYPES = frozenset({FieldType.TEXT, FieldType.KIND, FieldType.SERIAL})


def parse_value(spec: FieldSpec, value: Value, unit: int | None = None) -> Parsed:
    """Read ``value`` for ``spec``; ``unit`` is đồng per unit for money columns."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return Parsed(None)
    kind = spec.type
    if kind in _TEXT_TYPES:
        return Parsed(as_text(value))
    if kind is FieldType.PHONE:
        text, _was_number = _digits_cell(value)
        return Parsed(text)
    if kind is FieldType.TAX_CODE:
        text, was_number = _digits_cell(value)
        if was_number and len(text) in (9, 11):
            # Excel dropped the leading 0 of a code typed into a number cell (Hà Nội 01…).
            fixed = "0" + text
            return Parsed(fixed, [_warning(
                spec, "leading_zero",
                f"ô kiểu số {text} đã mất số 0 đầu, đọc thành {fixed}.",
                f"number cell {text} had lost its leading 0; read as {fixed}.",
            )])  # fmt: skip
        return Parsed(text)
    if kind is FieldType.DATE:
        try:
            if isinstance(value, int | float) and not isinstance(value, bool):
                raise ValueError
            return Parsed(parse_date(value if isinstance(value, date) else str(value)))
        except ValueError:
            return Parsed(None, [_error(spec, "date", f"“{as_text(value)}” không phải ngày "
                                        "(dd/mm/yyyy).", f"“{as_text(value)}” is not a date "
                                        "(dd/mm/yyyy).")])  # fmt: skip
    if kind is FieldType.YEAR and isinstance(value, date):
        return Parsed(value.year)
    number = _number(value)
    if number is None:
        return Parsed(None, [_error(spec, "number", f"“{as_text(value)}” không phải số.",
                                    f"“{as_text(value)}” is not a number.")])  # fmt: skip
    if kind in (FieldType.INT, FieldType.YEAR):
        if number != number.to_integral_value():
            return Parsed(None, [_error(
                spec, "whole", f"“{as_text(value)}” phải là số nguyên.",
                f"“{as_text(value)}” must be a whole number.",
            )])  # fmt: skip
        if number < 0:
            return Parsed(None, [_error(spec, "negative", "không được âm.", "cannot be negative.")])
        return Parsed(int(number))
    if kind is FieldType.MONEY:
        factor = unit or 1
        dong = (number * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        if number < 0:
            return Parsed(None, [_error(spec, "negative", "không được âm.", "cannot be negative.")])
        issues = []
        if dong != number * factor:
            issues.append(_warning(
                spec, "rounded",
                f"{format_number(number)} {UNIT_LABELS.get(factor, '')} làm tròn thành "
                f"{format_number(int(dong))} đồng.",
                f"{format_number(number)} rounded to {format_number(int(dong))} đồng.",
            ))  # fmt: skip
        return Parsed(int(dong), issues)
    return Parsed(float(number))


def _number(value: Value) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, datetime | date | time):
        return None
    try:
        return parse_number(str(value))
    except ValueError:
        return None
