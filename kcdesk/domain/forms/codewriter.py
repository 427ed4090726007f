"""Writing the Python code a form plan runs (compiled.py), and what that code may call.

Safe by construction: code is made of fixed templates; a name from a definition appears only as
the ``repr()`` of a ``str`` (always a plain string literal), every other value (numbers, choice
sets, patterns, questions) as ``K[i]`` or ``Q[i]``; it runs with no builtins but the ones named
here and in expressions.NAMESPACE.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Callable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from kcdesk.domain.errors import ValidationError
from kcdesk.domain.forms.expressions import PySource, build
from kcdesk.domain.forms.model import Question, TextFormat
from kcdesk.domain.forms.report import EMAIL, INDUSTRY, INDUSTRY_VERSIONS, SHA256
from kcdesk.domain.forms.values import FormState, RowState, to_json, to_value
from kcdesk.domain.validation import check_cccd, check_phone, check_tax_code, tax_check_digit
from kcdesk.vn.text import clean

# --- what the generated code calls --------------------------------------------------------------


def identifier_ok(fmt: TextFormat, text: str) -> bool:
    """No issue from ``Reporter.identifier``; the usual shapes without the regular expressions."""
    if fmt is TextFormat.EMAIL:
        return EMAIL.match(text) is not None
    if text.isascii() and text.isdigit():
        if fmt is TextFormat.PHONE and len(text) == 10 and text[0] == "0" and text[1] in "35789":
            return True
        if fmt is TextFormat.TAX_CODE and len(text) == 10:
            digit = tax_check_digit(text[:9])
            return digit is not None and int(text[9]) == digit
        if fmt in (TextFormat.TAX_CODE, TextFormat.CCCD) and len(text) == 12:
            return 0 < int(text[:3]) <= 96
    check = {
        TextFormat.PHONE: check_phone,
        TextFormat.TAX_CODE: check_tax_code,
        TextFormat.CCCD: check_cccd,
    }[fmt]
    try:
        return not check(text, "").warnings
    except ValidationError:
        return False


def choices_ok(raw: list[Any], allowed: frozenset[str]) -> bool:
    """Reporter.shape and .bounds of a multiple choice: texts, all allowed, none twice."""
    for v in raw:
        if type(v) is not str or v not in allowed:
            return False
    return len(set(raw)) == len(raw)


def day(q: Question, raw: str) -> Any:
    """``to_value(q, raw)`` of a date question: ``yyyy-mm-dd`` read directly, as parse_date
    reads it (other forms, and impossible dates, through to_value)."""
    if len(raw) == 10 and raw[4] == "-" and raw[7] == "-" and raw.isascii():
        y, m, d = raw[:4], raw[5:7], raw[8:]
        if y.isdigit() and m.isdigit() and d.isdigit():
            try:
                return date(int(y), int(m), int(d))
            except ValueError:  # to_value gives None for a date that does not exist
                return None
    return to_value(q, raw)


def decimal_json(value: Decimal, quantum: Decimal) -> int | float:
    """values.to_json of a decimal result (``quantum``: its last place) that is a Decimal."""
    q = value.quantize(quantum, rounding=ROUND_HALF_UP)
    return int(q) if q == q.to_integral_value() else float(q)


def photos_ok(raw: list[Any]) -> bool:
    return all(type(p) is dict and SHA256.match(str(p.get("sha256", ""))) for p in raw)


NAMESPACE: dict[str, Any] = {
    "isinstance": isinstance,
    "int": int,
    "float": float,
    "len": len,
    "list": list,
    "dict": dict,
    "tuple": tuple,
    "map": map,
    "range": range,
    "zip": zip,
    "to_value": to_value,
    "to_json": to_json,
    "_day": day,
    "_decimal_json": decimal_json,
    "_ONE": Decimal(1),
    # The usual whole numbers (counts, years) made once: Decimal() parses its arguments anew
    # each time. Decimal(0) is false: it is made anew, as is any other number.
    "_small": {i: Decimal(i) for i in range(2101)}.get,
    "_HALF_UP": ROUND_HALF_UP,
    "_FormState": FormState,
    "_RowState": RowState,
    "_clean": clean,
    "_is_normalized": unicodedata.is_normalized,
    "_identifier_ok": identifier_ok,
    "_choices_ok": choices_ok,
    "_photos_ok": photos_ok,
    "_industry": INDUSTRY.match,
    "_INDUSTRY_VERSIONS": INDUSTRY_VERSIONS,
}


# --- writing it ---------------------------------------------------------------------------------


class CodeWriter:
    """Lines of Python, the constants and questions they refer to, fresh local names."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.functions: list[list[str]] = []  # helper functions, written before the others
        self.depth = 0
        self.consts: list[object] = []
        self.questions: list[Question] = []
        self.temps = itertools.count(1)
        self.this_year = ""  # the variable holding year(today()), where the code has one

    def line(self, text: str) -> None:
        self.lines.append("    " * self.depth + text)

    def put(self, *lines: str) -> None:
        for text in lines:
            self.line(text)

    def block(self, head: str, body: Callable[[], None]) -> None:
        """``head:`` and the lines ``body()`` writes, indented (``pass`` when none)."""
        self.line(head)
        self.depth += 1
        size = len(self.lines)
        body()
        if len(self.lines) == size:
            self.line("pass")
        self.depth -= 1

    def function(self, head: str, body: Callable[[], None]) -> None:
        """A function written at the top level, whatever is being written now."""
        outer, depth = self.lines, self.depth
        self.lines, self.depth = [], 0
        self.block(head, body)
        self.functions.append(self.lines)
        self.lines, self.depth = outer, depth

    def const(self, value: object) -> str:
        """A value the code reads (``k<i>``: a variable of the enclosing function)."""
        self.consts.append(value)
        return f"k{len(self.consts) - 1}"

    def question(self, q: Question) -> str:
        index = next((i for i, known in enumerate(self.questions) if known is q), None)
        if index is None:
            self.questions.append(q)
            index = len(self.questions) - 1
        return f"q{index}"

    def local(self, stem: str) -> str:
        return f"{stem}{next(self.temps)}"

    def source(
        self, ref: Callable[[str], str], self_value: str = "None", self_kind: str = ""
    ) -> PySource:
        """Expressions of the definition, as read in the generated code."""
        return PySource(
            ref, "columns", self_value, "today", self.const, self.temps, self.this_year, self_kind
        )

    def build(self, filename: str, names: list[str]) -> list[Any]:
        """The functions ``names`` of the code written. They are made inside a function that
        holds the constants and questions as its variables: reading one is a single step."""
        lines = ["def _make(K, Q):"]
        lines += [f"    k{i} = K[{i}]" for i in range(len(self.consts))]
        lines += [f"    q{i} = Q[{i}]" for i in range(len(self.questions))]
        for line in [line for function in self.functions for line in function] + self.lines:
            lines.append("    " + line if line else line)
        lines.append(f"    return ({', '.join(names)},)")
        make = build("\n".join(lines) + "\n", [], filename, NAMESPACE)["_make"]
        return list(make(self.consts, self.questions))


def name(text: str) -> str:
    """A question's name as a string literal."""
    if type(text) is not str:  # pragma: no cover - the loader makes only str names
        raise TypeError(f"not a name: {text!r}")
    return repr(text)  # of a str, repr() is always a plain string literal


def form_ref(literal: str) -> str:
    """Reading a question's value in the form (``values.get``)."""
    return f"vget({literal})"


def row_ref(literal: str) -> str:
    """Reading a value in a table's row: its own column first, then the form (Scope's Chain)."""
    return f"(rv[{literal}] if {literal} in rv else vget({literal}))"
