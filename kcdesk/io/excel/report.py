"""The import report: a copy of the input workbook with a status column and the reasons per row,
plus a summary sheet, so an office can fix its list and send it again."""

from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kcdesk.io.excel import errors
from kcdesk.vn.dates import format_datetime

if TYPE_CHECKING:
    from kcdesk.services.excel_import import ImportPreview

UNICODE_FONT = "Times New Roman"  # the added cells must not inherit a .VnTime font
GREEN, YELLOW, RED, GREY = "C6EFCE", "FFEB9C", "FFC7CE", "EDEDED"
SKIPPED_LABELS = {
    "subtotal": "Dòng cộng – không phải cơ sở",
    "section": "Tiêu đề nhóm – không phải cơ sở",
}


def _label(status: str, action: str) -> tuple[str, str]:
    if status == "invalid":
        return "Lỗi – không nhập", RED
    if action == "create":
        return ("Thêm mới (dù trùng)", YELLOW) if status == "matched" else ("Thêm mới", GREEN)
    if action == "update":
        return "Cập nhật cơ sở đã có", YELLOW
    if status == "matched":
        return "Trùng – bỏ qua", YELLOW
    return "Bỏ qua", GREY


def save_workbook_atomically(wb: Any, out: Path) -> None:
    """Save to a temporary file beside ``out`` and move it into place: a locked or half-written
    target never ends up holding a broken workbook."""
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".kcdesk-", suffix=".xlsx", dir=out.parent)
        os.close(fd)
    except OSError as exc:
        raise errors.cannot_write(str(out), exc.strerror or "") from exc
    tmp = Path(tmp_name)
    try:
        wb.save(tmp)
        os.replace(tmp, out)
    except PermissionError as exc:
        tmp.unlink(missing_ok=True)
        raise errors.cannot_write(str(out), "tệp đang mở / file is open") from exc
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise errors.cannot_write(str(out), exc.strerror or str(exc)) from exc


def write_import_report(
    preview: ImportPreview, actions: dict[int, str], out: Path, *, dry_run: bool = False
) -> Path:
    """Write the report for ``preview`` with the chosen ``actions`` (Excel row → action)."""
    import openpyxl
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    from kcdesk.io.excel.opening import open_workbook

    wb = open_workbook(preview.path, read_only=False, rich_text=True)
    if isinstance(wb, openpyxl.Workbook) and preview.sheet not in wb.sheetnames:
        raise errors.sheet_not_found(preview.sheet, wb.sheetnames)
    ws = wb[preview.sheet]
    status_col = max(ws.max_column, preview.sheet_data.max_column) + 1
    reason_col = status_col + 1
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_font = Font(name=UNICODE_FONT, bold=True, size=11)
    body_font = Font(name=UNICODE_FONT, size=11)
    wrap = Alignment(wrap_text=True, vertical="top")
    first, last = preview.header_rows
    for col, title in ((status_col, "Kết quả nhập"), (reason_col, "Lý do / ghi chú")):
        cell = ws.cell(first, col, title)
        cell.font = head_font
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
        cell.border = border
        if last > first:
            ws.merge_cells(start_row=first, start_column=col, end_row=last, end_column=col)
    ws.column_dimensions[get_column_letter(status_col)].width = 24
    ws.column_dimensions[get_column_letter(reason_col)].width = 80

    def put(row: int, label: str, reasons: str, colour: str) -> None:
        a = ws.cell(row, status_col, label)
        b = ws.cell(row, reason_col, reasons or None)
        for cell in (a, b):
            cell.font = body_font
            cell.alignment = wrap
            cell.border = border
            cell.fill = PatternFill("solid", fgColor=colour)

    for row in preview.rows:
        label, colour = _label(row.status, actions.get(row.row, row.action))
        if row.status != "invalid" and row.warnings and colour == GREEN:
            colour = YELLOW
        put(row.row, label, "\n".join(row.reasons()), colour)
    for row_number, why in preview.skipped_rows.items():
        put(row_number, SKIPPED_LABELS.get(why, "Không nhập"), "", GREY)
    if preview.total_row is not None:
        put(preview.total_row, "Dòng tổng cộng – không nhập", "", GREY)

    _summary_sheet(wb, preview, actions, dry_run, head_font, body_font)
    save_workbook_atomically(wb, out)
    return out


def _summary_sheet(
    wb: Any,
    preview: ImportPreview,
    actions: dict[int, str],
    dry_run: bool,
    head_font: Any,
    body_font: Any,
) -> None:
    from openpyxl.styles import Font

    title = "Tóm tắt nhập"
    n = 2
    while title in wb.sheetnames:
        title = f"Tóm tắt nhập ({n})"
        n += 1
    ws = wb.create_sheet(title, 0)
    counts = {
        k: sum(1 for r in preview.rows if r.status == k) for k in ("new", "matched", "invalid")
    }
    chosen = [actions.get(r.row, r.action) for r in preview.rows]
    invalid_rows = ", ".join(str(r.row) for r in preview.rows if r.status == "invalid")
    lines: list[tuple[str | None, Any]] = [
        ("KẾT QUẢ NHẬP DANH SÁCH CƠ SỞ TỪ EXCEL", None),
        ("Tệp", str(preview.path.name)),
        ("Trang tính", preview.sheet),
        ("Lập lúc", format_datetime(datetime.now())),
        ("Chế độ", "Chạy thử – chưa ghi vào cơ sở dữ liệu" if dry_run else "Nhập thật"),
        ("Dòng tiêu đề", preview.header_row),
        ("Số dòng dữ liệu đã đọc", len(preview.rows)),
        ("Mới", counts["new"]),
        ("Trùng (cơ sở đã có hoặc dòng trên)", counts["matched"]),
        ("Lỗi", counts["invalid"]),
        ("Các dòng lỗi", invalid_rows or "—"),
        ("Sẽ thêm mới" if dry_run else "Thêm mới", chosen.count("create")),
        ("Sẽ cập nhật" if dry_run else "Cập nhật", chosen.count("update")),
        ("Bỏ qua", chosen.count("skip")),
        (None, None),
        ("Ghi chú về tệp", None),
    ]
    lines += [("•", note.message_vi) for note in preview.notes]
    lines += [(None, None), ("Ghép cột", None)]
    lines += [(f"Cột {c.letter}: {c.header}", c.field_label or "(không nhập)")
              for c in preview.columns]  # fmt: skip
    for index, (label, value) in enumerate(lines, start=1):
        a = ws.cell(index, 1, label)
        b = ws.cell(index, 2, value)
        a.font = head_font if value is None else body_font
        b.font = body_font
    ws.cell(1, 1).font = Font(name=head_font.name, bold=True, size=13)
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 90
