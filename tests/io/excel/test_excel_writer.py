"""The write-only list writer: formats stay per column, names are valid, cancelled books vanish."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl

from kcdesk.io.excel.writer import Column, ExcelBook, Kind, sheet_title


def test_each_column_keeps_its_format(tmp_path: Path) -> None:
    book = ExcelBook()
    sheet = book.sheet("Danh sách", [Column("Tên"), Column("Số", Kind.INT),
                                     Column("Tiền", Kind.MONEY), Column("Ngày", Kind.DATE)])  # fmt: skip
    sheet.append(["a", 1, Decimal(1500000), date(2024, 1, 2)])
    sheet.append([date(2024, 3, 4), 2000, 7, datetime(2024, 1, 3, 9, 30)])  # a date in a text col
    sheet.append([5, 3, None, None])
    out = book.save(tmp_path / "ds.xlsx")
    ws = openpyxl.load_workbook(out)["Danh sách"]
    rows = [[(c.value, c.number_format) for c in r] for r in ws.iter_rows(min_row=2)]
    # Small counts need no grouping format (they look the same); big ones get it.
    assert rows[0][1:] == [(1, "General"), (1500000, "#,##0"),
                           (datetime(2024, 1, 2), "dd/mm/yyyy")]  # fmt: skip
    assert rows[1][1] == (2000, "#,##0")
    assert rows[1][3][1] == "dd/mm/yyyy"
    assert rows[2][0] == (5, "General")  # the date above did not leak its format
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:D4"


def test_sheet_titles() -> None:
    assert sheet_title("Máy móc: thiết bị [chính]/phụ") == "Máy móc thiết bị chính phụ"
    long = sheet_title("Sản phẩm CNNT tiêu biểu đã được công nhận", suffix=" v2")
    assert len(long) <= 31 and long.endswith("… v2")
    assert sheet_title("Cơ sở", ["cơ sở"]) == "Cơ sở (2)"


def test_discarded_book_leaves_no_temporary_files(tmp_path: Path) -> None:
    from openpyxl.worksheet._writer import ALL_TEMP_FILES

    before = set(ALL_TEMP_FILES)
    book = ExcelBook()
    sheet = book.sheet("A", [Column("x", Kind.INT)])
    for i in range(500):
        sheet.append([i])
    assert set(ALL_TEMP_FILES) - before
    book.discard()
    assert not set(ALL_TEMP_FILES) - before


def test_empty_book_still_opens(tmp_path: Path) -> None:
    out = ExcelBook().save(tmp_path / "rong.xlsx")
    assert openpyxl.load_workbook(out).sheetnames == ["Trống"]
