"""Styled list sheets in openpyxl's write-only mode: a header row people can filter and freeze,
column widths that fit, Vietnamese number formats and real dates, for any number of rows.

Why a row writer of our own: write-only mode streams each row to disk as it comes, but its
``append`` makes a cell object per value, works out its type, and for a styled value makes a new
cell and looks its style up again. Here each column has its cells made once, with type and style
id known, refilled for every row; openpyxl still writes the XML of each cell. A styled export
then costs about what plain openpyxl writing the same values does (benchmarks/bench_excel.py
measures it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

SAMPLE_ROWS = 200  # rows looked at to size the columns before streaming starts
MAX_WIDTH = 60.0
MIN_WIDTH = 6.0
HEADER_FILL = "DDEBF7"
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
        self._row_writer: _RowWriter | None = None
        self._direct = False
        self._closed = False
        # Created now so that sheets keep the order they were asked for; set up on first rows.
        self._ws: Any = book.wb.create_sheet(title)

    def append(self, values: Sequence[Any]) -> None:
        if not self._started:
            self._pending.append(values)
            if len(self._pending) >= SAMPLE_ROWS:
                self._start()
            return
        self._write(values)

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
        from openpyxl.utils import get_column_letter

        ws = self._ws
        self._started = True
        for index, width in enumerate(self._widths(), start=1):
            ws.column_dimensions[get_column_letter(index)].width = round(width, 1)
        ws.freeze_panes = "A2"
        header_style = self.book.style(ws, "header")
        header = []
        for col in self.columns:
            cell = WriteOnlyCell(ws, col.title)
            cell._style = copy(header_style)
            header.append(cell)
        ws.append(header)  # openpyxl's own path: ready-made styled cells, once
        self._row_writer = _RowWriter(self.book, ws, self.columns)
        self._direct = self._row_writer.install()
        for values in self._pending:
            self._write(values)
        self._pending = []

    def _write(self, values: Sequence[Any]) -> None:
        if self._direct:
            self._ws.append(values)
        else:  # an openpyxl whose row writer cannot be taken over: a cell object per value
            assert self._row_writer is not None
            self._ws.append(self._row_writer.cells(values))
        self.rows += 1

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


def _make_style(ws: Any, what: str, number_format: str | None, wrap: bool) -> Any:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    template = WriteOnlyCell(ws)
    if what == "header":
        thin = Side(style="thin", color="8EA9C1")
        template.font = Font(bold=True)
        template.fill = PatternFill("solid", fgColor=HEADER_FILL)
        template.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        template.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    if number_format is not None:
        template.number_format = number_format
    if wrap:
        template.alignment = Alignment(wrap_text=True, vertical="top")
    return template._style


@dataclass(slots=True)
class _Slot:
    """One column's ready-made cells, one per kind of value."""

    index: int
    letter: str
    text: Any
    number: Any
    small: Any  # an int below 1,000 (INT and DECIMAL columns), else None
    day: Any  # a date
    moment: Any  # a date-time with a time
    midnight: Any  # a date-time at 00:00
    flag: Any  # True/False


class _RowWriter:
    """Writes a sheet's rows straight from the appended values.

    openpyxl's write-only ``append`` makes a cell object per value and infers its type; for a
    styled value it makes a new cell and looks its style up again; then its row writer walks the
    cells. Here each column has one cell per kind of value, made in advance with its type and
    style id known, refilled value after value: each cell is serialised before the next is
    filled. The XML is still written by openpyxl's ``write_cell``, cell by cell, as plain
    write-only mode does.

    What a cell shows:

    * text as text, always: a value starting with ``=`` is not made a formula nor ``#N/A`` an
      error; characters a worksheet cannot hold (control characters pasted from other
      programs) are dropped instead of failing the export; text longer than Excel's 32,767
      characters is cut;
    * numbers in the column's format (``#,##0`` …), except an ``int`` below 1,000 in an INT or
      DECIMAL column: unstyled, it shows without separator or decimals (``12``, as ``#,##0``
      would), and is cheaper to write (most counts in a survey are small);
    * dates in the column's format in DATE/DATETIME columns; elsewhere ``dd/mm/yyyy``, or
      ``dd/mm/yyyy hh:mm`` with a time; Excel has no time zones, so an aware date-time is shown
      in local time;
    * anything else (a time, a duration …) as openpyxl makes it.
    """

    def __init__(self, book: ExcelBook, ws: Any, columns: Sequence[Column]) -> None:
        self.book = book
        self.ws = ws
        self.kinds = [c.kind for c in columns]
        self._cell_class = _row_cell_class()
        self._cells: dict[tuple[str | None, str, bool], Any] = {}
        self.styles: dict[int, Any] = {0: None}  # style id → StyleArray
        self.slots = [self._slot(i) for i in range(1, len(self.kinds) + 1)]
        self._write_cell: Any = None

    def install(self) -> bool:
        """Take over writing the rows of ``ws`` (its header row already written); ``False`` when
        this openpyxl lacks the hooks relied on."""
        try:
            from openpyxl.cell._writer import write_cell
        except ImportError:  # pragma: no cover - another openpyxl
            return False
        writer = getattr(self.ws, "_writer", None)
        if (
            writer is None
            or not callable(getattr(writer, "write_row", None))
            or not callable(getattr(self.ws, "_values_to_row", None))
        ):
            return False
        self._write_cell = write_cell
        self.ws._values_to_row = _same_values
        writer.write_row = self.write_row
        return True

    def _cell(self, number_format: str | None, data_type: str, wrap: bool = False) -> Any:
        key = (number_format, data_type, wrap)
        cell = self._cells.get(key)
        if cell is None:
            cell = self._cell_class(self.ws, row=1, column=1)
            cell.data_type = data_type
            style = self.book.style(self.ws, "cell", number_format, wrap)
            # Worked out once: openpyxl would look the style up again for every value written.
            cell.style_id = self.ws.parent._cell_styles.add(style) if style is not None else 0
            self.styles[cell.style_id] = style
            self._cells[key] = cell
        return cell

    def _slot(self, index: int) -> _Slot:
        from openpyxl.utils import get_column_letter

        kind = self.kinds[index - 1] if index <= len(self.kinds) else Kind.TEXT
        fmt = NUMBER_FORMATS.get(kind)
        dated = kind in (Kind.DATE, Kind.DATETIME)
        day, moment = NUMBER_FORMATS[Kind.DATE], NUMBER_FORMATS[Kind.DATETIME]
        return _Slot(
            index=index,
            letter=get_column_letter(index),
            text=self._cell(None, "s", kind is Kind.LONG_TEXT),
            number=self._cell(None if dated else fmt, "n"),
            small=self._cell(None, "n") if kind in (Kind.INT, Kind.DECIMAL) else None,
            day=self._cell(fmt if dated else day, "d"),
            moment=self._cell(fmt if dated else moment, "d"),
            midnight=self._cell(fmt if dated else day, "d"),
            flag=self._cell(None, "b"),
        )

    def _slots_for(self, values: Sequence[Any]) -> list[_Slot]:
        slots = self.slots
        while len(slots) < len(values):  # more values than columns: the extra ones as text
            slots.append(self._slot(len(slots) + 1))
        return slots

    def write_row(self, xf: Any, values: Sequence[Any], row_idx: int) -> None:
        """Stands in for openpyxl's ``WorksheetWriter.write_row``: one ``<row>`` of cells.

        The common types are handled inline (this runs for every cell of an export); the rest
        goes through :meth:`pick`, which knows every case."""
        ws = self.ws
        write_cell = self._write_cell
        r = f"{row_idx}"
        attrs = {"r": r}
        attrs.update(ws.row_dimensions.get(row_idx, {}))
        with xf.element("row", attrs):
            for slot, value in zip(self._slots_for(values), values, strict=False):
                if value is None:
                    continue
                t = type(value)
                if t is str:
                    if not value:
                        continue
                    if len(value) > MAX_TEXT or _has_illegal(value):
                        value = _clean_text(value)
                    cell = slot.text
                elif t is int:
                    cell = slot.number
                    if slot.small is not None and -1000 < value < 1000:
                        cell = slot.small
                elif t is float:
                    cell = slot.number
                elif t is date:
                    cell = slot.day
                else:
                    cell, value = self.pick(slot, value)
                    if cell is None:  # left to openpyxl
                        cell = value
                        cell.column, cell.row = slot.index, row_idx
                        write_cell(xf, ws, cell, cell.has_style)
                        continue
                cell._value = value
                cell.coordinate = slot.letter + r
                write_cell(xf, ws, cell, cell.style_id)

    def pick(self, slot: _Slot, value: Any) -> tuple[Any, Any]:
        """The ready-made cell for ``value`` and the value it holds; ``(None, cell)`` for a value
        openpyxl makes into a cell itself."""
        if isinstance(value, bool):
            return slot.flag, bool(value)
        if isinstance(value, Decimal | float):
            return slot.number, float(value)  # in the column's format: 12,00 in a DECIMAL one
        if isinstance(value, int):
            value = int(value)
            if slot.small is not None and -1000 < value < 1000:
                return slot.small, value
            return slot.number, value
        if isinstance(value, str):
            return slot.text, _clean_text(str(value))  # a str subclass (StrEnum): its text
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                value = value.astimezone().replace(tzinfo=None)
            value = datetime.combine(value.date(), value.time())
            if value.time() == time(0):
                return slot.midnight, value
            return slot.moment, value
        if isinstance(value, date):
            return slot.day, date(value.year, value.month, value.day)
        from openpyxl.cell import WriteOnlyCell

        return None, WriteOnlyCell(self.ws, value)

    def cells(self, values: Sequence[Any]) -> list[Any]:
        """The row as new openpyxl cells, for an openpyxl whose row writer cannot be taken over
        (slower: a cell object per value)."""
        from openpyxl.cell import WriteOnlyCell

        out: list[Any] = []
        for slot, value in zip(self._slots_for(values), values, strict=False):
            if value is None or value == "":
                out.append(None)
                continue
            ready, value = self.pick(slot, value)
            if ready is None:
                out.append(value)
                continue
            cell = WriteOnlyCell(self.ws)
            cell._value, cell.data_type = value, ready.data_type
            style = self.styles[ready.style_id]
            if style is not None:
                cell._style = copy(style)
            out.append(cell)
        return out


MAX_TEXT = 32767  # characters in one Excel cell
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")  # as openpyxl's ILLEGAL_CHARACTERS_RE
_has_illegal = _ILLEGAL.search


def _clean_text(value: str) -> str:
    return _ILLEGAL.sub("", value)[:MAX_TEXT]


def _same_values(values: Sequence[Any], row_idx: int) -> Sequence[Any]:
    return values


_ROW_CELL: Any = None


def _row_cell_class() -> Any:
    """An openpyxl cell whose coordinate and style id are set, not worked out (openpyxl's
    ``write_cell`` reads both for every cell it writes)."""
    global _ROW_CELL
    if _ROW_CELL is None:
        from openpyxl.cell.cell import Cell

        class RowCell(Cell):  # type: ignore[misc]
            __slots__ = ("coordinate", "style_id")
            hyperlink = None

        _ROW_CELL = RowCell
    return _ROW_CELL


class ExcelBook:
    """A write-only workbook of list sheets, saved atomically (a temp file moved into place)."""

    def __init__(self) -> None:
        from openpyxl import Workbook

        self.wb = Workbook(write_only=True)
        self.sheets: list[SheetWriter] = []
        self._styles: dict[tuple[str, str | None, bool], Any] = {}

    def style(
        self, ws: Any, what: str, number_format: str | None = None, wrap: bool = False
    ) -> Any:
        """A cell style (openpyxl StyleArray), made once per book: ``"header"`` (bold on blue,
        bordered, centred, wrapped) or ``"cell"`` with a number format and wrapping (``None`` for
        the default look). Making one is slow in openpyxl (each part is looked up by hashing)."""
        if what == "cell" and number_format is None and not wrap:
            return None
        key = (what, number_format, wrap)
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = _make_style(ws, what, number_format, wrap)
        return style

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
