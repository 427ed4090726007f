"""Styled list sheets in openpyxl's write-only mode: a header row people can filter and freeze,
column widths that fit, Vietnamese number formats and real dates, for any number of rows.

Why a row function of our own: write-only mode streams each row to disk as it comes, but its
``append`` builds a new styled cell for every styled value, and takes an exception path for each
ready-made cell. Here each column keeps one cell with its style, refilled for every row (the
writer serialises a cell before the next is made), so a styled export costs about what a plain
one does (benchmarks/bench_excel.py measures it).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

SAMPLE_ROWS = 200  # rows looked at to size the columns before streaming starts
MAX_WIDTH = 60.0
MIN_WIDTH = 6.0
HEADER_FILL = "DDEBF7"
_TIME_TYPES = (date, datetime, time, timedelta)
_BAD_SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})


class Kind(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"  # wrapped, wide
    INT = "int"  # 1.234
    MONEY = "money"  # whole đồng: 1.234.000
    MILLION = "million"  # triệu đồng with up to 3 decimals: 1.234,5
    DECIMAL = "decimal"  # 1.234,56
    PERCENT = "percent"  # 12,5%
    DATE = "date"  # 05/02/2025
    DATETIME = "datetime"  # 05/02/2025 14:03
    YEAR = "year"  # 2025, no thousands separator


# Excel stores formats with "," for thousands and "." for decimals and shows them the way the
# computer's region says: 1.234.000 on a Vietnamese Windows.
NUMBER_FORMATS = {
    Kind.INT: "#,##0",
    Kind.MONEY: "#,##0",
    Kind.MILLION: "#,##0.0##",
    Kind.DECIMAL: "#,##0.00",
    Kind.PERCENT: "0.0%",
    Kind.DATE: "dd/mm/yyyy",
    Kind.DATETIME: "dd/mm/yyyy hh:mm",
}  # Kind.YEAR: General already shows 2025 without a separator
_DEFAULT_WIDTH = {
    Kind.INT: 10, Kind.MONEY: 16, Kind.MILLION: 14, Kind.DECIMAL: 12, Kind.PERCENT: 9,
    Kind.DATE: 12, Kind.DATETIME: 17, Kind.YEAR: 8, Kind.TEXT: 14, Kind.LONG_TEXT: 40,
}  # fmt: skip


@dataclass(frozen=True)
class Column:
    title: str
    kind: Kind = Kind.TEXT
    width: float | None = None  # fixed width; otherwise sized from the header and first rows


def sheet_title(text: str, taken: Sequence[str] = (), suffix: str = "") -> str:
    """A valid, unique sheet name (31 characters, none of ``[]:*?/\\``); ``suffix`` is kept
    whole when the text must be cut (``"Máy móc, thiết bị chính… v2"``)."""
    base = " ".join(text.translate(_BAD_SHEET_CHARS).split()).strip("'") or "Trang"
    room = 31 - len(suffix)
    if len(base) > room:
        base = base[: room - 1].rstrip() + "…"
    base += suffix
    title, n = base, 2
    lowered = {t.casefold() for t in taken}
    while title.casefold() in lowered:
        extra = f" ({n})"
        title = base[: 31 - len(extra)] + extra
        n += 1
    return title


def _text_width(value: Any) -> float:
    if value is None:
        return 0.0
    if isinstance(value, datetime):
        return 16.0
    if isinstance(value, date):
        return 10.0
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return len(f"{value:,.2f}") if isinstance(value, float | Decimal) else len(f"{value:,}")
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


class SheetWriter:
    """One list sheet of a write-only workbook. ``append`` values in column order, then
    :meth:`close` (or let :class:`ExcelBook` close it)."""

    def __init__(self, book: ExcelBook, title: str, columns: Sequence[Column]) -> None:
        self.book = book
        self.title = title
        self.columns = list(columns)
        self.rows = 0
        self._pending: list[Sequence[Any]] = []
        self._started = False
        self._cells: list[Any] = []
        self._closed = False
        # Created now so that sheets keep the order they were asked for; set up on first rows.
        self._ws: Any = book.wb.create_sheet(title)

    def append(self, values: Sequence[Any]) -> None:
        if not self._started:
            self._pending.append(values)
            if len(self._pending) >= SAMPLE_ROWS:
                self._start()
            return
        self._ws.append(values)
        self.rows += 1

    def _widths(self) -> list[float]:
        out = []
        for index, col in enumerate(self.columns):
            if col.width is not None:
                out.append(col.width)
                continue
            head: float = max((len(w) for w in col.title.split()), default=4) + 2
            head = max(head, min(len(col.title), 24) * 0.9)
            seen = max((_text_width(r[index]) for r in self._pending if index < len(r)),
                       default=0.0)  # fmt: skip
            base = _DEFAULT_WIDTH[col.kind]
            width = max(head, min(seen + 2, MAX_WIDTH), base if not self._pending else MIN_WIDTH)
            if col.kind is Kind.LONG_TEXT:
                width = max(width, 30)
            out.append(min(max(width, MIN_WIDTH), MAX_WIDTH))
        return out

    def _start(self) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
        from openpyxl.utils import get_column_letter

        ws = self._ws
        self._started = True
        for index, width in enumerate(self._widths(), start=1):
            ws.column_dimensions[get_column_letter(index)].width = round(width, 1)
        ws.freeze_panes = "A2"
        thin = Side(style="thin", color="8EA9C1")
        header = []
        for col in self.columns:
            cell = WriteOnlyCell(ws, col.title)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            header.append(cell)
        styles: list[Any] = []
        for col in self.columns:
            fmt = NUMBER_FORMATS.get(col.kind)
            wrap = col.kind is Kind.LONG_TEXT
            if fmt is None and not wrap:
                styles.append(None)
                continue
            template = WriteOnlyCell(ws)
            if fmt is not None:
                template.number_format = fmt
            if wrap:
                template.alignment = Alignment(wrap_text=True, vertical="top")
            styles.append(template._style)
        self._cells = [_cell_with(ws, style) if style is not None else None for style in styles]
        # Numbers below 1 000 look the same with or without "#,##0": they go out unstyled, which
        # is cheaper to write (most counts in a survey are small).
        self._small_plain = {
            i for i, c in enumerate(self.columns, start=1) if c.kind in (Kind.INT, Kind.DECIMAL)
        }
        self._plain = WriteOnlyCell(ws)
        self._date_columns = {
            i for i, c in enumerate(self.columns, start=1) if c.kind in (Kind.DATE, Kind.DATETIME)
        }
        ws._values_to_row = self._values_to_row  # see the module docstring
        ws.append(header)
        for values in self._pending:
            ws.append(values)
            self.rows += 1
        self._pending = []

    def _values_to_row(self, values: Sequence[Any], row_idx: int) -> Iterator[Any]:
        plain = self._plain
        cells = self._cells
        width = len(cells)
        for col_idx, value in enumerate(values, 1):
            if value is None:
                continue
            if row_idx == 1:  # the header: ready-made styled cells
                value.column, value.row = col_idx, row_idx
                yield value
                continue
            cell = cells[col_idx - 1] if col_idx <= width else None
            if (
                cell is not None
                and col_idx in self._small_plain
                and type(value) is int
                and -1000 < value < 1000
            ):
                cell = plain
            elif isinstance(value, _TIME_TYPES) and col_idx not in self._date_columns:
                # openpyxl gives a date its own number format on the cell: a reused cell would
                # pass it on to the next values of the column.
                cell = _cell_with(self._ws, None)
            elif cell is None:
                cell = plain
            if isinstance(value, Decimal):
                value = float(value)
            cell.value = value
            cell.column = col_idx
            cell.row = row_idx
            yield cell

    def close(self) -> None:
        if self._closed:
            return
        if not self._started:
            self._start()
        from openpyxl.utils import get_column_letter

        last = get_column_letter(max(len(self.columns), 1))
        self._ws.auto_filter.ref = f"A1:{last}{self.rows + 1}"
        self._ws.print_title_rows = "1:1"
        self._closed = True


def _cell_with(ws: Any, style: Any) -> Any:
    """A cell to refill row after row; with a style, its style id is worked out once (openpyxl
    would look the style up again for every value written)."""
    from openpyxl.cell import WriteOnlyCell

    if style is None:
        return WriteOnlyCell(ws)
    cell = _styled_cell_class()(ws, column=1, row=1)
    cell._style = style
    cell._fixed_id = ws.parent._cell_styles.add(style)
    return cell


_STYLED_CELL: Any = None


def _styled_cell_class() -> Any:
    global _STYLED_CELL
    if _STYLED_CELL is None:
        from openpyxl.cell.cell import Cell

        class StyledCell(Cell):  # type: ignore[misc]
            __slots__ = ("_fixed_id",)

            @property
            def style_id(self) -> int:
                return int(self._fixed_id)

            @property
            def has_style(self) -> bool:
                return True

        _STYLED_CELL = StyledCell
    return _STYLED_CELL


class ExcelBook:
    """A write-only workbook of list sheets, saved atomically (a temp file moved into place)."""

    def __init__(self) -> None:
        from openpyxl import Workbook

        self.wb = Workbook(write_only=True)
        self.sheets: list[SheetWriter] = []

    def sheet(self, title: str, columns: Sequence[Column], suffix: str = "") -> SheetWriter:
        taken = [s.title for s in self.sheets]
        writer = SheetWriter(self, sheet_title(title, taken, suffix), columns)
        self.sheets.append(writer)
        return writer

    def __enter__(self) -> ExcelBook:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is not None:
            self.discard()

    def discard(self) -> None:
        """Drop a workbook that will not be saved (cancel, error): close each sheet's stream and
        remove its temporary file now rather than at exit."""
        for sheet in self.sheets:
            ws = sheet._ws
            rows = getattr(ws, "_rows", None)
            writer = getattr(ws, "_writer", None)
            try:
                if rows is not None:
                    rows.close()
                if writer is not None:
                    writer.close()
                    writer.cleanup()
            except (OSError, ValueError, AttributeError):
                pass  # best effort: openpyxl removes what is left at exit

    def save(self, out: Path) -> Path:
        from kcdesk.io.excel.report import save_workbook_atomically

        for sheet in self.sheets:
            sheet.close()
        if not self.sheets:
            self.sheet("Trống", [Column("Không có dữ liệu")]).close()
        save_workbook_atomically(self.wb, out)
        return out
