"""Read one sheet of an ``.xlsx`` into plain values: legacy text converted by font, merged cells
known, formulas without a cached value and error cells noted.

Why openpyxl's read-only parser, driven by hand: read-only mode is two to three times faster than
the normal mode and keeps memory flat, but its worksheet object hides merged cells and turns a
formula without a cached value into a silent ``None``. The parser it uses underneath sees both: it
records ``<mergeCells>`` (which come after the rows) and hands each ``<c>`` element to
``parse_cell``, where a formula can be noticed. Fonts come from the workbook's style table.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from kcdesk.io.excel import errors
from kcdesk.io.excel.opening import open_workbook
from kcdesk.vn.legacy import LegacyFont, decode, font_encoding

Value = str | int | float | bool | datetime | date | time | timedelta | None
Coord = tuple[int, int]  # (row, column), both from 1


@dataclass(frozen=True)
class SheetInfo:
    name: str
    visible: bool
    rows: int | None  # from the sheet's stated dimension; None when the file does not say


@dataclass
class SheetData:
    """The cells of one sheet. ``rows[r][c - 1]`` is the value of row ``r``, column ``c``."""

    name: str
    rows: dict[int, list[Value]]
    max_row: int = 0
    max_column: int = 0
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2
    merge_origin: dict[Coord, Coord] = field(default_factory=dict)  # covered cell → top-left
    converted: dict[str, int] = field(default_factory=dict)  # "tcvn3"/"vni"/"nfd" → cells
    converted_cells: dict[Coord, str] = field(default_factory=dict)
    formulas_without_value: set[Coord] = field(default_factory=set)
    error_cells: dict[Coord, str] = field(default_factory=dict)  # "#N/A", "#VALUE!" …
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)

    def value(self, row: int, column: int, *, follow_merge: bool = True) -> Value:
        """The cell's value; a cell covered by a merged range gives the range's value."""
        if follow_merge:
            row, column = self.merge_origin.get((row, column), (row, column))
        values = self.rows.get(row)
        if values is None or column > len(values):
            return None
        return values[column - 1]

    def row_values(self, row: int, *, follow_merge: bool = True) -> list[Value]:
        """All values of ``row`` up to :attr:`max_column`."""
        columns = range(1, self.max_column + 1)
        return [self.value(row, c, follow_merge=follow_merge) for c in columns]

    def merged_range_of(self, row: int, column: int) -> tuple[int, int, int, int] | None:
        origin = self.merge_origin.get((row, column), (row, column))
        for rng in self.merged:
            if (rng[0], rng[1]) == origin:
                return rng
        return None

    def is_empty(self) -> bool:
        return not any(v is not None for values in self.rows.values() for v in values)


def list_sheets(path: Path) -> list[SheetInfo]:
    """Sheets of a workbook in order, for the user to pick one."""
    wb = open_workbook(path)
    try:
        out = []
        for ws in wb.worksheets:
            rows = ws.max_row if getattr(ws, "max_row", None) else None
            visible = getattr(ws, "sheet_state", "visible") == "visible"
            out.append(SheetInfo(ws.title, visible, rows))
        return out
    finally:
        wb.close()


def _text_of(value: Any, cell_font: LegacyFont | None, fonts_seen: list[str]) -> str:
    """Plain text of a cell; rich text converted run by run (each run may have its own font)."""
    if isinstance(value, str):
        if cell_font is not None:
            fonts_seen.append(cell_font.encoding)
            return decode(value, cell_font.encoding, cell_font.capitals)
        return value
    parts = []
    for block in value:  # CellRichText: str items and TextBlock(font, text)
        if isinstance(block, str):
            parts.append(_text_of(block, cell_font, fonts_seen))
            continue
        run_font = getattr(block.font, "rFont", None)
        legacy = font_encoding(run_font) if run_font else cell_font
        parts.append(_text_of(block.text, legacy, fonts_seen))
    return "".join(parts)


def read_sheet(
    path: Path,
    sheet: str | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> SheetData:
    """Read ``sheet`` (default: the first visible one) of the workbook at ``path``.

    Text comes back converted to Unicode NFC: cells in ``.Vn…``/``VNI-…`` fonts are decoded
    (:mod:`kcdesk.vn.legacy`), decomposed Unicode is composed. Formulas give their cached value.
    ``progress(rows_done, rows_expected)`` is called every 500 rows; ``cancelled()`` is polled.
    """
    from openpyxl.cell.rich_text import CellRichText
    from openpyxl.worksheet._reader import FORMULA_TAG, INLINE_STRING, WorkSheetParser
    from openpyxl.xml.constants import SHEET_MAIN_NS

    RUN_TAG = f"{{{SHEET_MAIN_NS}}}r"

    class Parser(WorkSheetParser):  # type: ignore[misc]
        """Notes formulas that have no cached value and error cells, which read-only mode hides."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.no_cache: set[Coord] = set()
            self.errors: dict[Coord, str] = {}

        def parse_cell(self, element: Any) -> dict[str, Any]:
            if element.get("t") == "inlineStr":
                # Rich-text parsing only where the string has runs: it is slow, and the font of
                # a plain inline string is the cell's.
                child = element.find(INLINE_STRING)
                self.rich_text = child is not None and child.find(RUN_TAG) is not None
            cell: dict[str, Any] = super().parse_cell(element)
            self.rich_text = True
            if cell["data_type"] == "e":
                self.errors[(cell["row"], cell["column"])] = str(cell["value"])
                cell["value"] = None
            elif cell["value"] is None and element.find(FORMULA_TAG) is not None:
                self.no_cache.add((cell["row"], cell["column"]))
            return cell

    wb = open_workbook(path)
    try:
        names = [ws.title for ws in wb.worksheets]
        if not names:
            raise errors.empty_sheet(path.name)
        if sheet is None:
            visible = [ws for ws in wb.worksheets if getattr(ws, "sheet_state", "") == "visible"]
            ws = (visible or wb.worksheets)[0]
        elif sheet in names:
            ws = wb[sheet]
        else:
            folded = {n.casefold().strip(): n for n in names}
            if sheet.casefold().strip() not in folded:
                raise errors.sheet_not_found(sheet, names)
            ws = wb[folded[sheet.casefold().strip()]]
        if not hasattr(ws, "_get_source"):
            raise errors.empty_sheet(str(sheet or ws.title))  # a chart sheet has no cells
        expected = ws.max_row or 0
        styles = wb._cell_styles
        fonts = wb._fonts
        font_of_style: dict[int, LegacyFont | None] = {}
        data = SheetData(ws.title, {})
        try:
            source = ws._get_source()
        except KeyError as exc:
            raise errors.corrupt(path.name, str(exc)) from exc
        with source:
            parser = Parser(
                source,
                ws._shared_strings,
                data_only=True,
                epoch=wb.epoch,
                date_formats=wb._date_formats,
                timedelta_formats=wb._timedelta_formats,
                rich_text=True,
            )
            _fill(data, parser.parse(), styles, fonts, font_of_style, CellRichText, expected,
                  progress, cancelled)  # fmt: skip
            data.formulas_without_value = parser.no_cache
            data.error_cells = parser.errors
            merged = parser.merged_cells
            for dim in parser.column_dimensions.values():
                if str(dim.get("hidden", "0")).lower() in ("1", "true"):
                    data.hidden_columns.update(range(int(dim["min"]), int(dim["max"]) + 1))
            for row_key, attrs in parser.row_dimensions.items():
                if str(attrs.get("hidden", "0")).lower() in ("1", "true"):
                    data.hidden_rows.add(int(row_key))
        if merged is not None:
            from openpyxl.utils import range_boundaries

            for mc in merged.mergeCell:
                c1, r1, c2, r2 = range_boundaries(mc.ref)
                data.merged.append((r1, c1, r2, c2))
                for r in range(r1, r2 + 1):
                    for c in range(c1, c2 + 1):
                        if (r, c) != (r1, c1):
                            data.merge_origin[(r, c)] = (r1, c1)
                data.max_row = max(data.max_row, r2)
                data.max_column = max(data.max_column, c2)
        return data
    except errors.ExcelError:
        raise
    except (KeyError, ValueError, TypeError, AttributeError, SyntaxError) as exc:
        # Damaged XML inside a valid zip surfaces here.
        raise errors.corrupt(path.name, f"{type(exc).__name__}: {str(exc)[:150]}") from exc
    finally:
        wb.close()


def _fill(
    data: SheetData,
    rows: Iterator[tuple[int, list[dict[str, Any]]]],
    styles: Any,
    fonts: Any,
    font_of_style: dict[int, LegacyFont | None],
    rich_type: type,
    expected: int,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> None:
    """Copy parsed rows into ``data``, converting text on the way (the hot loop of an import)."""
    max_col = 0
    max_row = 0
    converted = data.converted
    converted_cells = data.converted_cells
    nfc = unicodedata.normalize
    seen: list[str] = []
    count = 0
    for row_number, cells in rows:
        count += 1
        if count % 500 == 0:
            if cancelled is not None and cancelled():
                raise InterruptedError("cancelled")
            if progress is not None:
                progress(count, expected)
        if not cells:
            continue
        values: list[Value] = [None] * cells[-1]["column"]
        any_value = False
        for cell in cells:
            value = cell["value"]
            if value is None:
                continue
            column = cell["column"]
            if column > len(values):
                values.extend([None] * (column - len(values)))
            if isinstance(value, (str, rich_type)):
                style_id = cell["style_id"] or 0
                if style_id in font_of_style:
                    legacy = font_of_style[style_id]
                else:
                    try:
                        font_name = fonts[styles[style_id].fontId].name
                    except (IndexError, AttributeError):
                        font_name = None
                    legacy = font_encoding(font_name)
                    font_of_style[style_id] = legacy
                if legacy is None and isinstance(value, str):
                    text = value
                    if not text.isascii():
                        composed = nfc("NFC", text)
                        if composed != text:
                            converted["nfd"] = converted.get("nfd", 0) + 1
                            converted_cells[(row_number, column)] = "nfd"
                        text = composed
                else:
                    seen.clear()
                    text = nfc("NFC", _text_of(value, legacy, seen))
                    if seen:
                        kind = seen[0]
                        converted[kind] = converted.get(kind, 0) + 1
                        converted_cells[(row_number, column)] = kind
                if not text:
                    continue
                value = text
            values[column - 1] = value
            any_value = True
            if column > max_col:
                max_col = column
        if any_value:
            data.rows[row_number] = values
            max_row = row_number
    data.max_row = max(data.max_row, max_row)
    data.max_column = max(data.max_column, max_col)
    if progress is not None:
        progress(count, max(expected, count))
