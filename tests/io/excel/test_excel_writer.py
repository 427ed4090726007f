"""The write-only list writer: formats stay per column, names are valid, cancelled books vanish."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

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


def _cells(path: Path, title: str) -> list[list[Any]]:
    ws = openpyxl.load_workbook(path)[title]
    return [[c for c in r] for r in ws.iter_rows(min_row=2)]


def test_text_is_written_as_text(tmp_path: Path) -> None:
    """What people typed stays text: no formula, no error value; characters a worksheet cannot
    hold are dropped instead of failing the whole export; Excel's 32,767-character limit."""
    book = ExcelBook()
    sheet = book.sheet("Ghi chú", [Column("Ghi chú"), Column("Dài", Kind.LONG_TEXT)])
    sheet.append(["=1+1", "#N/A"])
    sheet.append(["dòng 1\x0bdòng 2\x00", "x" * 40_000])
    sheet.append(["", "  "])
    out = book.save(tmp_path / "text.xlsx")
    rows = _cells(out, "Ghi chú")
    assert [(c.value, c.data_type) for c in rows[0]] == [("=1+1", "s"), ("#N/A", "s")]
    assert rows[1][0].value == "dòng 1dòng 2"
    assert len(rows[1][1].value) == 32767 and rows[1][1].alignment.wrap_text
    assert rows[2][0].value is None  # an empty text is an empty cell


def test_values_of_every_type(tmp_path: Path) -> None:
    from datetime import time, timedelta, timezone
    from enum import StrEnum

    class Colour(StrEnum):
        RED = "đỏ"

    book = ExcelBook()
    sheet = book.sheet("Kiểu", [Column("Chữ"), Column("Tiền", Kind.MONEY),
                                Column("Số thập phân", Kind.DECIMAL), Column("Lúc", Kind.DATETIME)])  # fmt: skip
    aware = datetime(2025, 3, 4, 1, 30, tzinfo=timezone(timedelta(hours=7)))
    sheet.append([True, Decimal("1234567.5"), Decimal("12"), aware])
    sheet.append([Colour.RED, 1_500_000.0, 12.25, date(2025, 3, 4)])
    sheet.append([datetime(2025, 3, 4, 9, 30), 999, 7, None, "thừa", 42])  # more than 4 columns
    sheet.append([datetime(2025, 3, 4), None, None, None])
    sheet.append([time(9, 30), -5, 1000, None])
    out = book.save(tmp_path / "kieu.xlsx")
    rows = [[(c.value, c.number_format) for c in r] for r in
            openpyxl.load_workbook(out)["Kiểu"].iter_rows(min_row=2)]  # fmt: skip
    local = aware.astimezone().replace(tzinfo=None)
    assert rows[0][:4] == [(True, "General"), (1234567.5, "#,##0"), (12, "#,##0.00"),
                       (local, "dd/mm/yyyy hh:mm")]  # fmt: skip
    assert rows[1][:4] == [("đỏ", "General"), (1_500_000, "#,##0"), (12.25, "#,##0.00"),
                       (datetime(2025, 3, 4), "dd/mm/yyyy hh:mm")]  # fmt: skip
    # Outside date columns a date shows as dd/mm/yyyy, with the time when it has one.
    assert rows[2][0] == (datetime(2025, 3, 4, 9, 30), "dd/mm/yyyy hh:mm")
    assert rows[2][1:3] == [(999, "#,##0"), (7, "General")]
    assert rows[2][4:6] == [("thừa", "General"), (42, "General")]
    assert rows[3][0] == (datetime(2025, 3, 4), "dd/mm/yyyy")
    assert rows[4][0] == (time(9, 30), "h:mm:ss")  # left to openpyxl
    assert rows[4][1:3] == [(-5, "#,##0"), (1000, "#,##0.00")]


def test_rows_without_the_fast_writer_look_the_same(tmp_path: Path, monkeypatch: Any) -> None:
    """An openpyxl whose row writer cannot be taken over gets the same cells, one object each."""
    from kcdesk.io.excel import writer

    columns = [Column("Tên"), Column("Số", Kind.INT), Column("Tiền", Kind.MONEY),
               Column("Ngày", Kind.DATE), Column("Ghi chú", Kind.LONG_TEXT)]  # fmt: skip
    rows = [["a\x01", 5, Decimal(1500000), date(2024, 1, 2), "dài"],
            [date(2024, 3, 4), 2000, 7, datetime(2024, 1, 3, 9, 30), ""],
            [True, None, 12.5, None, "=A1"]]  # fmt: skip

    def write(name: str) -> list[list[Any]]:
        book = ExcelBook()
        sheet = book.sheet("DS", columns)
        for row in rows:
            sheet.append(row)
        out = book.save(tmp_path / name)
        return [[(c.value, c.data_type, c.number_format, c.alignment.wrap_text) for c in r]
                for r in openpyxl.load_workbook(out)["DS"].iter_rows()]  # fmt: skip

    fast = write("fast.xlsx")
    monkeypatch.setattr(writer._RowWriter, "install", lambda self: False)
    assert write("slow.xlsx") == fast
    assert fast[1][2] == (1500000, "n", "#,##0", None)
    assert fast[3][4] == ("=A1", "s", "General", True)
