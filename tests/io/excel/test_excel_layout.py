"""Header detection, column mapping, data-row extraction and value parsing."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kcdesk.io.excel.fields import FACILITY_FIELDS, FIELDS_BY_KEY
from kcdesk.io.excel.headers import detect_header, field_score, is_column_number_row, money_unit
from kcdesk.io.excel.reading import SheetData, read_sheet
from kcdesk.io.excel.table import extract_table
from kcdesk.io.excel.values import parse_value


def _sheet(tmp_path: Path, rows: list[list[Any]], merges: list[str] | None = None) -> SheetData:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "DS"
    for row in rows:
        ws.append(row)
    for rng in merges or []:
        ws.merge_cells(rng)
    path = tmp_path / "t.xlsx"
    wb.save(path)
    return read_sheet(path)


@pytest.mark.parametrize(
    "label,key",
    [
        ("MST", "tax_code"),
        ("Mã số thuế", "tax_code"),
        ("Ma so thue", "tax_code"),
        ("SĐT", "phone"),
        ("Số ĐT", "phone"),
        ("Điện thoại liên hệ", "phone"),
        ("LĐ", "employees"),
        ("Số LĐ (người)", "employees"),
        ("Tổng số lao động", "employees"),
        ("Doanh thu năm 2024\n(triệu đồng)", "revenue"),
        ("TEN CO SO", "name"),
        ("Tên doanh nghiệp/cơ sở", "name"),
        ("Họ và tên chủ cơ sở", "owner"),
        ("Người đại diện", "owner"),
        ("Địa chỉ (thôn/xóm)", "address"),
        ("Xã/phường/thị trấn", "commune"),
        ("Quận/huyện", "district"),
        ("Năm thành lập", "year_founded"),
        ("Ngành nghề SX", "trade"),
    ],
)
def test_header_variants_name_their_field(label: str, key: str) -> None:
    scores = {f.key: field_score(f, label) for f in FACILITY_FIELDS}
    best = max(scores, key=lambda k: scores[k])
    assert best == key and scores[key] >= 0.7, scores


def test_female_workers_are_not_the_total() -> None:
    assert field_score(FIELDS_BY_KEY["employees"], "Lao động nữ") == 0
    assert field_score(FIELDS_BY_KEY["name"], "Họ tên chủ cơ sở") < field_score(
        FIELDS_BY_KEY["owner"], "Họ tên chủ cơ sở"
    )


@pytest.mark.parametrize(
    "label,unit",
    [("Doanh thu (triệu đồng)", 1_000_000), ("Doanh thu (tr.đ)", 1_000_000),
     ("Doanh thu (nghìn đồng)", 1_000), ("Doanh thu (đồng)", 1), ("Doanh thu (tỷ đồng)", 10**9),
     ("Doanh thu", None)],
)  # fmt: skip
def test_money_units_from_the_header(label: str, unit: int | None) -> None:
    assert money_unit(label) == unit


def test_column_number_rows() -> None:
    assert is_column_number_row(["(1)", "(2)", "(3)", "(4)"])
    assert is_column_number_row([1, 2, 3, 4, 5])
    assert is_column_number_row(["A", "B", "1", "2", "3=1+2"])
    assert not is_column_number_row([1, "Cơ sở A", "HTX"])
    assert not is_column_number_row([3, 2, 1])
    assert not is_column_number_row(["0981516010", "031080213107", 8])


def test_sample_layout(samples_dir: Path) -> None:
    sheet = read_sheet(samples_dir / "excel" / "co-so-tien-lang-tcvn3.xlsx")
    guess = detect_header(sheet, FACILITY_FIELDS)
    assert guess is not None
    assert (guess.header_row, guess.column_number_row, guess.first_data_row) == (5, 6, 7)
    assert guess.field_columns() == {
        "stt": 1, "name": 2, "kind": 3, "owner": 4, "address": 5, "commune": 6, "district": 7,
        "phone": 8, "tax_code": 9, "trade": 10, "employees": 11, "revenue": 12, "note": 13,
    }  # fmt: skip
    revenue = guess.column_for("revenue")
    assert revenue is not None and revenue.unit == 1_000_000 and revenue.unit_stated
    table = extract_table(sheet, guess)
    assert len(table.rows) == 60
    assert (table.first_data_row, table.last_data_row) == (7, 68)
    assert table.blank_rows == [27, 51]
    assert table.total_row == 69
    by_row = {r.row: r for r in table.rows}
    note = "Thuộc làng nghề truyền thống chiếu cói Lật Dương"
    assert [by_row[r].cells.get("note") for r in (9, 10, 11, 12)] == [note, note, note, None]
    assert by_row[10].merged_fields == {"note"}
    assert 72 not in by_row  # signatures are below the total row


def test_two_row_header_with_group_heading(tmp_path: Path) -> None:
    sheet = _sheet(
        tmp_path,
        [
            ["DANH SÁCH CƠ SỞ"],
            ["TT", "Tên cơ sở", "Lao động", None, "MST"],
            [None, None, "Tổng số", "Nữ", None],
            [1, "HTX A", 20, 12, "0100233488"],
        ],
        merges=["A2:A3", "B2:B3", "C2:D2", "E2:E3"],
    )
    guess = detect_header(sheet, FACILITY_FIELDS)
    assert guess is not None
    assert guess.header_rows == (2, 3) and guess.first_data_row == 4
    assert guess.field_columns() == {"stt": 1, "name": 2, "employees": 3, "tax_code": 5}


def test_rows_that_are_not_facilities(tmp_path: Path) -> None:
    sheet = _sheet(
        tmp_path,
        [
            ["UBND HUYỆN"],
            ["STT", "Tên cơ sở", "Xã", "Số lao động"],
            ["I", "Xã Nam Hưng", None, None],
            [1, "Cơ sở A", "Nam Hưng", 5],
            [None, None, None, None],
            [2, "Cơ sở B", "Nam Hưng", 7],
            ["Cộng xã Nam Hưng", None, None, 12],
            ["II. Xã Bắc Hưng"],
            [3, "Cơ sở C", "Bắc Hưng", 1],
            ["Tổng cộng", None, None, 13],
            [None, "NGƯỜI LẬP BIỂU"],
        ],
        merges=["A8:D8"],
    )
    guess = detect_header(sheet, FACILITY_FIELDS)
    assert guess is not None and guess.header_row == 2
    table = extract_table(sheet, guess)
    assert [r.row for r in table.rows] == [4, 6, 9]
    assert table.section_rows == [3, 8]
    assert table.subtotal_rows == [7]
    assert table.blank_rows == [5]
    assert table.total_row == 10


def test_signature_block_ends_a_table_without_total(tmp_path: Path) -> None:
    sheet = _sheet(
        tmp_path,
        [
            ["STT", "Tên cơ sở", "Số điện thoại"],
            [1, "Cơ sở A", "0912345678"],
            [None, None, None],
            [None, None, "Tiên Lãng, ngày 20 tháng 11 năm 2024"],
            [None, "NGƯỜI LẬP BIỂU", "TRƯỞNG PHÒNG"],
            [None, "Phạm Thị Hương", "Nguyễn Văn Thành"],
        ],
    )
    guess = detect_header(sheet, FACILITY_FIELDS)
    assert guess is not None
    table = extract_table(sheet, guess)
    assert [r.row for r in table.rows] == [2]
    assert table.end_row == 4


def test_rows_without_numbers_are_not_taken_for_signatures(tmp_path: Path) -> None:
    sheet = _sheet(
        tmp_path,
        [
            ["Tên cơ sở", "Người đại diện", "Chức vụ", "Số điện thoại"],
            ["Công ty A", "Nguyễn Văn B", "Giám đốc", "0912345678"],
            ["Công ty C", "Trần Thị D", "Giám đốc", "0987654321"],
            [None, "Người lập biểu"],
        ],
    )
    guess = detect_header(sheet, FACILITY_FIELDS)
    assert guess is not None
    table = extract_table(sheet, guess)
    assert [r.row for r in table.rows] == [2, 3]
    assert table.end_row == 4


def test_no_header_found(tmp_path: Path) -> None:
    sheet = _sheet(tmp_path, [["a", "b"], [1, 2]])
    assert detect_header(sheet, FACILITY_FIELDS) is None


@pytest.mark.parametrize(
    "key,raw,unit,value",
    [
        ("employees", "12.500", None, 12500),
        ("employees", "8", None, 8),
        ("employees", 15.0, None, 15),
        ("revenue", "1.250", 1_000_000, 1_250_000_000),
        ("revenue", 350.5, 1_000_000, 350_500_000),
        ("revenue", "12,5", 1_000_000, 12_500_000),
        ("revenue", 1500, 1_000, 1_500_000),
        ("phone", 983771204, None, "983771204"),
        ("tax_code", "0221955015-001", None, "0221955015-001"),
        ("year_founded", datetime(2015, 3, 1), None, 2015),
        ("year_founded", "2015", None, 2015),
        ("name", "  Cơ sở  A ", None, "Cơ sở A"),
        ("stt", 3, None, "3"),
    ],
)
def test_values_as_people_type_them(key: str, raw: Any, unit: int | None, value: Any) -> None:
    parsed = parse_value(FIELDS_BY_KEY[key], raw, unit)
    assert parsed.value == value
    assert not [i for i in parsed.issues if i.severity == "error"]


def test_tax_code_that_lost_its_leading_zero() -> None:
    parsed = parse_value(FIELDS_BY_KEY["tax_code"], 100233488)
    assert parsed.value == "0100233488"
    assert parsed.issues and parsed.issues[0].severity == "warning"
    assert "số 0" in parsed.issues[0].message_vi


def test_values_that_cannot_be_read() -> None:
    for key, raw in (("employees", "nhiều"), ("employees", "2,5"), ("employees", -3),
                     ("revenue", "abc")):  # fmt: skip
        parsed = parse_value(FIELDS_BY_KEY[key], raw, 1)
        assert parsed.value is None
        assert parsed.issues and parsed.issues[0].severity == "error"
        assert FIELDS_BY_KEY[key].label_vi in parsed.issues[0].message_vi


def test_dates() -> None:
    from kcdesk.io.excel.fields import FieldSpec, FieldType

    spec = FieldSpec("d", "Ngày", "Date", FieldType.DATE, ("ngay",))
    assert parse_value(spec, "05/02/2025").value == date(2025, 2, 5)
    assert parse_value(spec, datetime(2025, 2, 5)).value == date(2025, 2, 5)
    assert parse_value(spec, "31/02/2025").issues


@pytest.mark.parametrize(
    "text,kind",
    [("Tổng cộng", "total"), ("TỔNG CỘNG", "total"), ("Tổng số", "total"), ("Tong cong", "total"),
     ("Cộng xã Nam Hưng", "subtotal"), ("Cộng:", "subtotal"), ("Cong xa A", "subtotal"),
     ("Công ty TNHH A", None), ("Cong ty A", None), ("Công nghệ mới", None),
     ("Tổng công ty Dệt may", None), ("Tong cong ty X", None), (None, None)],
)  # fmt: skip
def test_total_rows_are_told_from_companies(text: str | None, kind: str | None) -> None:
    from kcdesk.io.excel.table import total_kind

    assert total_kind(text) == kind
