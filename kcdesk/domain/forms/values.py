"""Stored answers as expressions see them, and the state of one evaluation of a form.

Shared by the fast plan (compiled.py), the issue-writing checks (report.py) and the public
functions of answers.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from kcdesk.domain.forms.expressions import Scope, Value
from kcdesk.domain.forms.model import QType, Question
from kcdesk.vn.dates import parse_date
from kcdesk.vn.numbers import parse_number


def is_empty(value: Any) -> bool:
    """No answer: ``None``, blank text, an empty list, a commune/code object without a code."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple):
        return len(value) == 0
    if isinstance(value, dict):
        if "code" in value:  # a commune or an industry code without its code is no answer
            return is_empty(value["code"])
        return all(is_empty(v) for v in value.values())
    return False


# --- JSON answer → expression value -------------------------------------------------------------


def as_number(raw: Any) -> Decimal | None:
    if isinstance(raw, bool):
        return None
    try:
        return parse_number(raw)
    except ValueError:
        return None


def to_value(question: Question, raw: Any) -> Value:
    """The value expressions see for a stored answer (``None`` when empty or malformed)."""
    if is_empty(raw):
        return None
    t = question.value_type
    if t in (QType.INTEGER, QType.DECIMAL, QType.MONEY):
        return as_number(raw)
    if t is QType.DATE:
        try:
            return parse_date(raw) if isinstance(raw, str) else None
        except ValueError:
            return None
    if t is QType.YES_NO:
        return raw if isinstance(raw, bool) else None
    if t is QType.MULTI_CHOICE:
        return tuple(str(v) for v in raw) if isinstance(raw, list) else None
    if t in (QType.COMMUNE, QType.INDUSTRY_CODE):
        if isinstance(raw, dict):
            return str(raw.get("code") or "") or None
        return str(raw)
    if t is QType.PHOTO:
        if isinstance(raw, list):
            return tuple(str(p.get("sha256", "")) if isinstance(p, dict) else str(p) for p in raw)
        return None
    if t is QType.REPEAT:
        return tuple(range(len(raw))) if isinstance(raw, list) else None
    if isinstance(raw, str):
        return raw.strip()
    return None


def to_json(question: Question, value: Value) -> Any:
    """The stored form of a calculated value."""
    if value is None or not isinstance(value, Decimal):
        return None
    t = question.value_type
    if t in (QType.INTEGER, QType.MONEY):
        return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    q = value.quantize(Decimal(1).scaleb(-question.decimals), rounding=ROUND_HALF_UP)
    return int(q) if q == q.to_integral_value() else float(q)


# --- evaluation state -----------------------------------------------------------------------


@dataclass
class RowState:
    relevant: dict[str, bool]
    values: dict[str, Value]
    calculated: dict[str, Any]


@dataclass
class FormState:
    """Relevance and values of every question for one set of answers."""

    relevant: dict[str, bool] = field(default_factory=dict)  # question and its section relevant
    sections: dict[str, bool] = field(default_factory=dict)
    values: dict[str, Value] = field(default_factory=dict)  # non-relevant → None
    rows: dict[str, list[RowState]] = field(default_factory=dict)
    columns: dict[str, dict[str, Value]] = field(default_factory=dict)
    calculated: dict[str, Any] = field(default_factory=dict)  # stored form of calculations
    today: date = field(default_factory=date.today)

    def scope(self, self_value: Value = None, row: Mapping[str, Value] | None = None) -> Scope:
        return Scope(self.values, self.columns, row, self_value, self.today)
