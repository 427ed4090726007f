"""Find the header row of a list and map its columns to fields.

Office lists put title rows, a motto and notes above the header, sometimes a second header row
under merged group headings (``Lao động`` over ``Tổng số | Nữ``) and a row of column numbers
``(1) (2) …`` under it. The header is the row whose cells best match known field names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from kcdesk.io.excel.fields import (
    DEFAULT_MONEY_UNIT,
    MONEY_UNITS,
    FieldSpec,
    FieldType,
)
from kcdesk.io.excel.reading import SheetData, Value
from kcdesk.vn.text import clean, fold

SCAN_ROWS = 40  # the header is within the first rows of a sheet
MIN_SCORE = 0.7
_NON_WORD = re.compile(r"[^a-z0-9]+")
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
# "(1)", "1", "A", "(4)=(5)+(6)", "7=5x6": what a numbering row under a header holds.
_COLUMN_NUMBER = re.compile(r"^\(?[a-z]\)?$|^[\s()\d+\-=x*/.,]{1,20}$")
_NUMBERS = re.compile(r"\d+")


def header_text(value: Value) -> str:
    """A header cell as one line of clean text (line breaks inside the cell become spaces)."""
    if value is None:
        return ""
    return clean(str(value).replace("\n", " "))


@lru_cache(maxsize=4096)
def _forms(label: str) -> tuple[str, str]:
    """(words outside brackets, all words), folded: ``"Doanh thu (triệu đồng)"`` →
    ``("doanh thu", "doanh thu trieu dong")``."""
    folded = fold(label)
    base = _NON_WORD.sub(" ", _PARENS.sub(" ", folded)).strip()
    full = _NON_WORD.sub(" ", folded).strip()
    return base or full, full


def field_score(spec: FieldSpec, label: str) -> float:
    """How well a header label names ``spec``: 1 exact, 0.85 starts with, 0.7 contains, else 0.

    A longer alias wins a tie (``"dt nam"`` = revenue beats ``"dt"`` = phone).
    """
    base, full = _forms(label)
    if not base:
        return 0.0
    padded = f" {base} "
    if any(f" {ex} " in padded for ex in spec.excludes):
        return 0.0
    best = 0.0
    for alias in spec.aliases:
        bonus = len(alias) / 1000
        if base == alias or full == alias:
            score = 1.0
        elif base.startswith(alias + " ") and (" " in alias or len(alias) >= 3):
            score = 0.85
        elif " " in alias and f" {alias} " in padded:
            score = 0.7
        else:
            continue
        best = max(best, score + bonus)
    return best


def money_unit(label: str) -> int | None:
    """The unit a money header states (``"(triệu đồng)"`` → 1 000 000), ``None`` if it says none."""
    _base, full = _forms(label)
    padded = f" {full} "
    for words, factor, _label in MONEY_UNITS:
        if f" {words} " in padded:
            return factor
    return None


@dataclass(frozen=True)
class ColumnMap:
    """One column of the sheet and the field it feeds (``None``: not imported)."""

    column: int
    header: str
    field: str | None
    score: float = 0.0
    unit: int | None = None  # money columns: đồng per unit of the cell value
    unit_stated: bool = False  # the header said the unit (else the default was assumed)


@dataclass
class HeaderGuess:
    header_row: int  # the (last) header row
    header_rows: tuple[int, int]
    column_number_row: int | None
    first_data_row: int
    columns: list[ColumnMap] = field(default_factory=list)

    def field_columns(self) -> dict[str, int]:
        return {c.field: c.column for c in self.columns if c.field}

    def column_for(self, key: str) -> ColumnMap | None:
        for c in self.columns:
            if c.field == key:
                return c
        return None

    def with_fields(
        self, chosen: dict[int, str | None], units: dict[int, int] | None = None
    ) -> HeaderGuess:
        """A copy where the person's choices (column → field, column → money unit) replace the
        guess; a field chosen for one column is taken off any other."""
        units = units or {}
        taken = {f for f in chosen.values() if f}
        out = []
        for c in self.columns:
            if c.column in chosen:
                key = chosen[c.column]
                unit = units.get(c.column, c.unit if key == c.field else None)
                out.append(replace(c, field=key, score=1.0 if key else 0.0, unit=unit,
                                   unit_stated=c.unit_stated or c.column in units))  # fmt: skip
            elif c.field in taken:
                out.append(replace(c, field=None, score=0.0))
            else:
                out.append(c)
        guess = replace(self, columns=out)
        return guess


def assign(labels: dict[int, str], fields: Sequence[FieldSpec]) -> list[ColumnMap]:
    """Give each field at most one column and each column at most one field, best scores first."""
    candidates = []
    for column, label in labels.items():
        for spec in fields:
            score = field_score(spec, label)
            if score >= MIN_SCORE:
                candidates.append((score, -column, spec.key))
    candidates.sort(reverse=True)
    chosen: dict[int, tuple[str | None, float]] = {}
    used: set[str] = set()
    for score, neg_col, key in candidates:
        column = -neg_col
        if column in chosen or key in used:
            continue
        chosen[column] = (key, score)
        used.add(key)
    specs = {s.key: s for s in fields}
    out = []
    for column, label in sorted(labels.items()):
        picked, score = chosen.get(column, (None, 0.0))
        unit: int | None = None
        stated = False
        if picked and specs[picked].type is FieldType.MONEY:
            unit = money_unit(label)
            stated = unit is not None
            unit = unit or DEFAULT_MONEY_UNIT
        out.append(ColumnMap(column, label, picked, round(min(score, 1.0), 2), unit, stated))
    return out


def _labels(sheet: SheetData, row: int) -> dict[int, str]:
    out = {}
    for column in range(1, sheet.max_column + 1):
        text = header_text(sheet.value(row, column, follow_merge=False))
        if text:
            out[column] = text
    return out


def _total(columns: list[ColumnMap]) -> float:
    return sum(c.score for c in columns if c.field)


def is_column_number_row(values: Sequence[Value]) -> bool:
    """``(1) (2) … (13)``, ``1 2 3 …`` or ``A B 1 2 …``: the numbering row under a header."""
    filled = [v for v in values if v is not None and str(v).strip()]
    if len(filled) < 3:
        return False
    numbers = []
    for v in filled:
        if isinstance(v, bool):
            return False
        if isinstance(v, int | float):
            if v != int(v) or not 0 < v < 100:
                return False
            numbers.append(int(v))
            continue
        text = fold(str(v)).strip()
        if not _COLUMN_NUMBER.match(text) or any(int(n) >= 100 for n in _NUMBERS.findall(text)):
            return False
    # Bare numbers must count up (a data row of small numbers would not be 1, 2, 3, …).
    return numbers == sorted(numbers) and len(set(numbers)) == len(numbers)


def detect_header(sheet: SheetData, fields: Sequence[FieldSpec]) -> HeaderGuess | None:
    """The most likely header row and its column mapping, or ``None`` when no row names at
    least the required fields (or, when none is required, two fields)."""
    required = {f.key for f in fields if f.required}
    best: tuple[float, int, list[ColumnMap]] | None = None
    rows = sorted(sheet.rows)[:SCAN_ROWS]
    for row in rows:
        labels = _labels(sheet, row)
        if not labels:
            continue
        columns = assign(labels, fields)
        found = {c.field for c in columns if c.field}
        if not required <= found or not found:
            continue
        # One matching label is enough only when it names a required field exactly (a list of
        # names alone); otherwise a title row mentioning "cơ sở" could pass for a header.
        if len(found) < 2 and not any(c.score >= 1.0 and c.field in required for c in columns):
            continue
        score = _total(columns)
        if best is None or score > best[0] + 1e-9:
            best = (score, row, columns)
    if best is None:
        return None
    score, row, columns = best
    first, last = row, row
    # A second header row under merged group headings: combine "parent child" labels.
    below = row + 1
    if below in sheet.rows and not is_column_number_row(sheet.row_values(below)):
        spans_down = any(r1 == row and r2 > row for r1, _c1, r2, _c2 in sheet.merged)
        spans_across = any(r1 == row and c2 > c1 for r1, c1, _r2, c2 in sheet.merged)
        if spans_down or spans_across:
            combined = {}
            for column in range(1, sheet.max_column + 1):
                top = header_text(sheet.value(row, column))
                sub = header_text(sheet.value(below, column, follow_merge=False))
                if sheet.merge_origin.get((below, column), (below, column))[0] == row:
                    sub = ""  # the cell below is part of the same vertically merged header
                text = f"{top} {sub}".strip() if top != sub else top
                if text:
                    combined[column] = text
            two = assign(combined, fields)
            # Header cells merged down into the row below make it part of the header for sure;
            # group headings across columns only when the sub-labels map at least as well.
            if spans_down or _total(two) >= score:
                columns, last = two, below
    number_row = last + 1 if is_column_number_row(sheet.row_values(last + 1)) else None
    first_data = (number_row or last) + 1
    return HeaderGuess(last, (first, last), number_row, first_data, columns)
