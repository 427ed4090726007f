"""Cut the data rows out of a sheet: blank rows, total and subtotal rows, section headings and
the signature block under the table are told apart from facilities."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kcdesk.io.excel.headers import HeaderGuess
from kcdesk.io.excel.reading import SheetData, Value
from kcdesk.vn.text import fold

# Totals are told by their Vietnamese words with diacritics: folded, "Cộng" (sum) and "Công"
# (company, "Công ty …") are the same word. Text typed without diacritics falls back to the folded
# patterns, where "cong ty"/"cong nghe" are not sums.
_GRAND_TOTAL_VI = re.compile(
    r"^(tổng cộng|tổng số|cộng toàn|cộng chung)(?!\w)|^tổng(?!\w)(?!\s+công\s+ty)"
)
_SUBTOTAL_VI = re.compile(r"^cộng(?!\w)")
_GRAND_TOTAL = re.compile(
    r"^(tong cong|tong so|tong|cong toan|cong chung|total|grand total)\b(?! ty\b)(?! cong ty\b)"
)
_SUBTOTAL = re.compile(r"^(cong|subtotal)\b(?! ty\b| nghe\b| nghiep\b| an\b| trinh\b)")


def total_kind(value: Value) -> str | None:
    """``"total"`` for *Tổng cộng*, ``"subtotal"`` for *Cộng xã …*, else ``None``."""
    if value is None:
        return None
    text = " ".join(str(value).split()).lower()
    if not text:
        return None
    if text.isascii():
        folded = fold(text)
        if _GRAND_TOTAL.match(folded):
            return "total"
        return "subtotal" if _SUBTOTAL.match(folded) else None
    if _GRAND_TOTAL_VI.match(text) or text.startswith(("total", "grand total")):
        return "total"
    return "subtotal" if _SUBTOTAL_VI.match(text) or text.startswith("subtotal") else None


_SIGNATURE = re.compile(
    r"ngay \.*\s*\d*\s*\.*\s*thang \.*\s*\d*\s*\.*\s*nam \d*|nguoi lap (bieu|bang)|"
    r"thu truong|truong phong|giam doc|chu tich|xac nhan cua|ky ten|ky,? ghi ro ho ten|"
    r"\bt ?m\b.*\bubnd\b|^ubnd\b|^noi nhan\b"
)
_NOTE_LINE = re.compile(r"^(ghi chu|chu thich|luu y|nguon|\*)")
_ROMAN = re.compile(r"^(?=[ivxlc]+$)m{0,3}(c[md]|d?c{0,3})(x[cl]|l?x{0,3})(i[xv]|v?i{0,3})$")


@dataclass
class TableRow:
    """One data row: field → raw cell value (a vertically merged value repeats down its rows)."""

    row: int
    cells: dict[str, Value]
    merged_fields: set[str] = field(default_factory=set)
    formula_missing: set[str] = field(default_factory=set)
    error_cells: dict[str, str] = field(default_factory=dict)
    converted: dict[str, str] = field(default_factory=dict)  # field → "tcvn3" | "vni" | "nfd"

    def text(self, key: str) -> str:
        value = self.cells.get(key)
        return "" if value is None else str(value).strip()


@dataclass
class Table:
    sheet: str
    header: HeaderGuess
    rows: list[TableRow] = field(default_factory=list)
    blank_rows: list[int] = field(default_factory=list)
    total_row: int | None = None
    subtotal_rows: list[int] = field(default_factory=list)
    section_rows: list[int] = field(default_factory=list)
    end_row: int | None = None  # first row below the table (total, signatures), if any

    @property
    def first_data_row(self) -> int | None:
        return self.rows[0].row if self.rows else None

    @property
    def last_data_row(self) -> int | None:
        return self.rows[-1].row if self.rows else None


def _text(value: Value) -> str:
    return "" if value is None else fold(str(value)).strip()


def _mapped_value(sheet: SheetData, row: int, column: int) -> tuple[Value, bool]:
    """The value of a cell, following a merged range only straight down its own column (a note
    merged over M9:M11 belongs to rows 9-11; a label merged across A:J belongs to column A)."""
    origin = sheet.merge_origin.get((row, column))
    if origin is not None and origin[1] == column:
        return sheet.value(*origin, follow_merge=False), True
    return sheet.value(row, column, follow_merge=False), False


def _is_serial(value: Value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return value == int(value) and value > 0
    return bool(re.fullmatch(r"\d{1,6}\.?", str(value).strip()))


def extract_table(sheet: SheetData, header: HeaderGuess) -> Table:
    """Classify every row under the header and collect the data rows."""
    table = Table(sheet.name, header)
    columns = header.field_columns()
    name_col = columns.get("name")
    stt_col = columns.get("stt")
    left_cols = sorted(c for c in columns.values() if name_col is None or c <= name_col) or [1]
    last_row = max(sheet.max_row, header.first_data_row - 1)
    notes_per_cell = bool(
        sheet.formulas_without_value or sheet.error_cells or sheet.converted_cells
    )
    for row in range(header.first_data_row, last_row + 1):
        raw = sheet.rows.get(row)
        cells: dict[str, Value] = {}
        merged: set[str] = set()
        if raw is not None or any((row, c) in sheet.merge_origin for c in columns.values()):
            for key, column in columns.items():
                value, from_merge = _mapped_value(sheet, row, column)
                if value is not None and not (isinstance(value, str) and not value.strip()):
                    cells[key] = value
                    if from_merge:
                        merged.add(key)
        own = {k for k in cells if k not in merged}
        serial = cells.get("stt")
        numbered = serial is not None and _is_serial(serial)
        # Whole-row texts (including unmapped columns) tell totals, notes and signatures; a row
        # numbered in the STT column is data, so its texts are never needed.
        texts = [] if numbered else [t for t in (_text(v) for v in raw or [] if v is not None) if t]
        if not own:
            if texts and table.rows and _ends_table(texts, raw or []):
                table.end_row = row
                break
            if not texts:
                table.blank_rows.append(row)
                continue
        first_value = None if numbered else next(
            (v for v in (sheet.value(row, c, follow_merge=False) for c in left_cols)
             if v is not None and str(v).strip()), None
        )  # fmt: skip
        kind = total_kind(first_value)
        if kind == "total":
            if table.rows:
                table.total_row = row
                table.end_row = row
                break
            table.subtotal_rows.append(row)  # a total printed above the data
            continue
        if kind == "subtotal":
            table.subtotal_rows.append(row)
            continue
        if not own:
            table.blank_rows.append(row)  # only values merged down from above: nothing new
            continue
        if not numbered:
            if _is_section(sheet, row, cells, serial, stt_col):
                table.section_rows.append(row)
                continue
            if table.rows and _ends_table(texts, raw or []):
                table.end_row = row
                break
        tr = TableRow(row, cells, merged)
        if notes_per_cell:
            for key, column in columns.items():
                coord = (row, column)
                if coord in sheet.formulas_without_value:
                    tr.formula_missing.add(key)
                if coord in sheet.error_cells:
                    tr.error_cells[key] = sheet.error_cells[coord]
                kind = sheet.converted_cells.get(coord)
                if kind:
                    tr.converted[key] = kind
        table.rows.append(tr)
    return table


def _ends_table(texts: list[str], raw: list[Value]) -> bool:
    """Signature block, date line or a note line under the table. Those rows hold one to three
    cells; a facility whose owner is "Giám đốc …" fills many more and is not mistaken for one."""
    filled = [v for v in raw if v is not None]
    if len(filled) > 3:
        return False
    if any(_SIGNATURE.search(t) for t in texts):
        return True
    return len(filled) == 1 and bool(_NOTE_LINE.match(texts[0]))


def _is_section(
    sheet: SheetData, row: int, cells: dict[str, Value], serial: Value, stt_col: int | None
) -> bool:
    """A heading inside the list ("I. Xã Nam Hưng", "A", a label merged across the row)."""
    others = {k for k in cells if k not in ("stt", "name")}
    if serial is not None and _ROMAN.match(_text(serial).rstrip(".")) and not others:
        return True
    if serial is not None and re.fullmatch(r"[a-z]\.?", _text(serial)) and not others:
        return True
    filled = [c for c in range(1, sheet.max_column + 1) if sheet.value(row, c, follow_merge=False)]
    if len(filled) == 1:
        rng = sheet.merged_range_of(row, filled[0])
        if rng is not None and rng[0] == row and rng[3] - rng[1] >= 2:
            return True
        text = _text(sheet.value(row, filled[0], follow_merge=False))
        if re.match(r"^([ivxlc]+|[a-z])[.)]\s", text) and stt_col != filled[0]:
            return True
    return False
