"""Provincial report tables (plain data) and the workbook they are written to: one sheet per
report with its title, the filters it used and the time it was made above the table, and a total
row under it, laid out the way offices print their reports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from kcdesk.io.excel.writer import NUMBER_FORMATS, Kind, sheet_title
from kcdesk.vn.dates import format_datetime


@dataclass(frozen=True)
class ReportColumn:
    title: str
    kind: Kind = Kind.TEXT
    width: float | None = None


@dataclass
class ReportTable:
    """One report: what it counts, how it was filtered, when it was made, and its rows."""

    key: str
    title: str
    columns: list[ReportColumn]
    rows: list[list[Any]]
    filters: str
    made_at: datetime
    total: list[Any] | None = None
    notes: list[str] = field(default_factory=list)
    # For charts: the column holding the labels and the columns worth drawing.
    label_column: int = 0
    chart_columns: list[int] = field(default_factory=list)
    sheet_name: str = ""

    def subtitle_lines(self) -> list[str]:
        return [f"Bộ lọc: {self.filters}", f"Lập lúc: {format_datetime(self.made_at)}"]

    def to_json(self) -> dict[str, Any]:
        def plain(v: Any) -> Any:
            if isinstance(v, Decimal):
                return float(v)
            if isinstance(v, datetime):
                return v.isoformat()
            return v

        return {
            "key": self.key,
            "title": self.title,
            "filters": self.filters,
            "made_at": self.made_at.isoformat(timespec="seconds"),
            "columns": [c.title for c in self.columns],
            "rows": [[plain(v) for v in r] for r in self.rows],
            "total": None if self.total is None else [plain(v) for v in self.total],
            "notes": self.notes,
        }


def write_report_book(tables: Sequence[ReportTable], out: Path, heading: str = "") -> Path:
    """Write every table on a sheet of its own; ``heading`` (the centre's name) tops each."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    from kcdesk.io.excel.report import save_workbook_atomically

    wb = Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin", color="7F7F7F")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    total_fill = PatternFill("solid", fgColor="F2F2F2")
    taken: list[str] = []
    for table in tables:
        title = sheet_title(table.sheet_name or table.title, taken)
        taken.append(title)
        ws = wb.create_sheet(title)
        width = max(len(table.columns), 1)
        last = get_column_letter(width)
        row = 1
        if heading:
            ws.cell(row, 1, heading).font = Font(bold=True, size=11)
            row += 1
        ws.cell(row, 1, table.title.upper()).font = Font(bold=True, size=14)
        ws.merge_cells(f"A{row}:{last}{row}")
        ws.cell(row, 1).alignment = Alignment(horizontal="center")
        row += 1
        for line in table.subtitle_lines():
            ws.cell(row, 1, line).font = Font(italic=True)
            ws.merge_cells(f"A{row}:{last}{row}")
            ws.cell(row, 1).alignment = Alignment(horizontal="center")
            row += 1
        row += 1
        header_row = row
        for col, column in enumerate(table.columns, start=1):
            cell = ws.cell(row, col, column.title)
            cell.font = Font(bold=True)
            cell.fill = head_fill
            cell.border = border
            cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        ws.row_dimensions[row].height = 32
        row += 1
        for values in table.rows:
            _write_row(ws, row, table.columns, values, border)
            row += 1
        if table.total is not None:
            _write_row(ws, row, table.columns, table.total, border, bold=True, fill=total_fill)
            row += 1
        if not table.rows:
            ws.cell(row, 1, "Không có số liệu theo bộ lọc này.").font = Font(italic=True)
            row += 1
        for note in table.notes:
            row += 1
            ws.cell(row, 1, note).font = Font(italic=True, size=10)
        for col, column in enumerate(table.columns, start=1):
            letter = get_column_letter(col)
            seen = max((len(str(r[col - 1])) for r in table.rows if col - 1 < len(r)), default=0)
            guess = max(
                len(column.title) * 0.6, seen + 2, 10 if column.kind is not Kind.TEXT else 14
            )
            ws.column_dimensions[letter].width = column.width or min(guess, 50)
        ws.freeze_panes = f"A{header_row + 1}"
        ws.print_title_rows = f"{header_row}:{header_row}"
        ws.page_setup.orientation = "landscape" if width > 6 else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    if not tables:
        wb.create_sheet("Trống").cell(1, 1, "Không có báo cáo nào được chọn.")
    save_workbook_atomically(wb, out)
    return out


def _write_row(
    ws: Any,
    row: int,
    columns: Sequence[ReportColumn],
    values: Sequence[Any],
    border: Any,
    *,
    bold: bool = False,
    fill: Any = None,
) -> None:
    from openpyxl.styles import Font

    for col, column in enumerate(columns, start=1):
        value = values[col - 1] if col - 1 < len(values) else None
        if isinstance(value, Decimal):
            value = float(value)
        cell = ws.cell(row, col, value)
        cell.border = border
        fmt = NUMBER_FORMATS.get(column.kind)
        if fmt:
            cell.number_format = fmt
        if bold:
            cell.font = Font(bold=True)
        if fill is not None:
            cell.fill = fill
