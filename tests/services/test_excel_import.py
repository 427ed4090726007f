"""Facility import from Excel: the three sample files reach the outcome their README states."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select

from kcdesk.domain.errors import KcError
from kcdesk.io.excel.errors import ExcelError
from kcdesk.services.excel_import import (
    INVALID,
    MATCHED,
    NEW,
    UPDATE,
    analyse_import,
    default_report_path,
    import_facilities,
    run_import,
)
from kcdesk.services.facilities import FacilityFilter, list_facilities
from kcdesk.storage.models import Facility

VARIANTS = ("unicode", "tcvn3", "vni")


def _expected(samples_dir: Path) -> dict[str, Any]:
    text = (samples_dir / "excel" / "co-so-tien-lang.expected.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _copy(samples_dir: Path, tmp_path: Path, variant: str) -> Path:
    """The samples folder is shared and read-only: reports go next to a copy."""
    name = f"co-so-tien-lang-{variant}.xlsx"
    target = tmp_path / name
    shutil.copyfile(samples_dir / "excel" / name, target)
    return target


def _count(db: Any) -> int:
    with db.unit_of_work() as uow:
        return int(uow.session.execute(select(func.count(Facility.id))).scalar_one())


def _book(tmp_path: Path, rows: list[list[Any]], name: str = "ds.xlsx") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "DS"
    for row in rows:
        ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


@pytest.mark.parametrize("variant", VARIANTS)
def test_sample_outcome_matches_the_readme(
    db: Any, samples_dir: Path, tmp_path: Path, variant: str
) -> None:
    expected = _expected(samples_dir)["sheets"][0]
    records = {r["row"]: r for r in expected["records"]}
    invalid_rows = sorted(t["row"] for t in expected["invalid_tax_codes"])
    second_of_pairs = sorted(p["rows"][1] for p in expected["duplicate_pairs"])
    preview = analyse_import(db, _copy(samples_dir, tmp_path, variant))

    assert preview.sheet == expected["name"]
    assert preview.header_row == expected["header_row"]
    assert preview.column_number_row == expected["column_number_row"]
    assert (preview.first_data_row, preview.last_data_row) == (
        expected["first_data_row"], expected["last_data_row"]
    )  # fmt: skip
    assert preview.blank_rows == expected["blank_rows"]
    assert preview.total_row == expected["total_row"]
    assert len(preview.rows) == expected["data_row_count"] == 60
    assert preview.rows_with(INVALID) == invalid_rows == [21, 37, 55]
    assert preview.rows_with(MATCHED) == second_of_pairs == [46, 60]
    assert preview.count(NEW) == 55
    for pair in expected["duplicate_pairs"]:
        first, second = pair["rows"]
        row = next(r for r in preview.rows if r.row == second)
        assert row.match is not None and row.match.kind == "file" and row.match.row == first

    by_row = {r.row: r for r in preview.rows}
    for number, record in records.items():
        data = by_row[number].data
        assert data.name == " ".join(record["name"].split()), number
        assert data.owner_name == " ".join(record["owner"].split())
        assert data.address == " ".join(record["address"].split())
        if record["tax_code_valid"] is not False:
            assert data.employees == record["labor"]
            revenue = record["revenue"]
            assert data.annual_revenue == (None if revenue is None else round(revenue * 10**6))
        if record["note"]:
            assert record["note"] in data.notes
        assert f"Ngành nghề: {record['craft']}" in data.notes
    # Phones as the README normalises them (valid rows are checked by the facility rules).
    from kcdesk.domain.validation import check_phone

    for number, record in records.items():
        if record["phone"]:
            assert check_phone(by_row[number].data.phone).value == record["phone"], number

    # The README's sums over the rows that would be written.
    sums = expected["sums"]["valid_rows_without_second_duplicate"]
    written = [r for r in preview.rows if r.status == NEW]
    assert len(written) == sums["rows"]
    assert sum(r.data.employees or 0 for r in written) == sums["labor"]
    assert sum(r.data.annual_revenue or 0 for r in written) == round(sums["revenue"] * 10**6)


def test_sample_warnings_and_notes(db: Any, samples_dir: Path, tmp_path: Path) -> None:
    preview = analyse_import(db, _copy(samples_dir, tmp_path, "tcvn3"))
    by_row = {r.row: r for r in preview.rows}
    # Communes merged in late 2024 are not in the lists: kept as written, flagged, still new.
    for number in (8, 9, 12, 53):
        row = by_row[number]
        assert row.status == NEW and row.data.commune_code is None
        assert any(w.field == "commune" for w in row.warnings)
        assert "Cần xem lại" in row.data.notes
        assert "Tiên Lãng" in row.data.old_address
    # Found communes are mapped to the 2025 list; the old address is kept.
    row7 = by_row[7]
    assert row7.data.commune_code is not None and row7.commune_name
    assert "Nam Hưng" in row7.data.old_address and "Tiên Lãng" in row7.data.old_address
    # Old 11-digit mobile numbers are converted with a warning, not refused.
    assert any("0382345179" in w.message_vi for w in by_row[12].warnings)
    notes = " ".join(n.message_vi for n in preview.notes)
    assert "581 ô chữ TCVN3" in notes
    assert "khớp Số lao động: 1.277" in notes and "khớp Doanh thu: 225.520,5" in notes


@pytest.mark.parametrize("variant", VARIANTS)
def test_import_writes_accepted_rows_and_a_report(
    db: Any, samples_dir: Path, tmp_path: Path, variant: str
) -> None:
    path = _copy(samples_dir, tmp_path, variant)
    result = import_facilities(db, path)
    assert (result.created, result.updated, result.skipped) == (55, 0, 5)
    assert _count(db) == 55
    report = default_report_path(path)
    assert result.report_path == report and report.exists()
    wb = openpyxl.load_workbook(report)
    assert wb.sheetnames[0] == "Tóm tắt nhập"
    ws = wb["DS CNNT 2024"]
    assert ws.cell(5, 14).value == "Kết quả nhập"
    assert ws.cell(7, 14).value == "Thêm mới"
    assert ws.cell(21, 14).value == "Lỗi – không nhập"
    assert "sai số kiểm tra" in ws.cell(21, 15).value
    assert ws.cell(46, 14).value == "Trùng – bỏ qua"
    assert "dòng 18" in ws.cell(46, 15).value
    assert ws.cell(69, 14).value == "Dòng tổng cộng – không nhập"
    # The original cells are untouched (legacy text stays in its font).
    original = openpyxl.load_workbook(path)["DS CNNT 2024"]
    assert ws.cell(9, 2).value == original.cell(9, 2).value


def test_a_second_import_matches_the_register(db: Any, samples_dir: Path, tmp_path: Path) -> None:
    import_facilities(db, _copy(samples_dir, tmp_path, "unicode"), write_report=False)
    again = analyse_import(db, _copy(samples_dir, tmp_path, "vni"))
    assert again.count(NEW) == 0
    assert again.rows_with(INVALID) == [21, 37, 55]
    assert again.count(MATCHED) == 57
    # Rows 46 and 60 match the register too (or the row above them): nothing is new.
    from_db = [r for r in again.rows if r.match is not None and r.match.kind == "database"]
    assert len(from_db) >= 55
    # Also rows whose commune was not found (kept without a commune) match by old address.
    row12 = next(r for r in again.rows if r.row == 12)
    assert row12.match is not None and row12.match.kind == "database"


def test_update_matched_fills_in_without_blanking(db: Any, tmp_path: Path) -> None:
    first = _book(tmp_path, [["Tên cơ sở", "Loại hình", "MST", "SĐT"],
                             ["HTX mây tre Phú Vinh", "HTX", "0100233488", "0912345678"]],
                  "a.xlsx")  # fmt: skip
    import_facilities(db, first, write_report=False)
    second = _book(tmp_path, [["Tên cơ sở", "MST", "Số lao động"],
                              ["HTX Mây tre Phú Vinh", "0100233488", 45]], "b.xlsx")  # fmt: skip
    preview = analyse_import(db, second)
    row = preview.rows[0]
    assert row.status == MATCHED and row.match is not None and row.match.kind == "database"
    result = run_import(db, preview, actions={row.row: UPDATE}, write_report=False)
    assert (result.created, result.updated) == (0, 1)
    (facility,) = list_facilities(db, FacilityFilter())
    assert facility.employees == 45
    assert facility.phone == "0912345678"  # not blanked by the file that lacks the column
    assert facility.name == "HTX Mây tre Phú Vinh"


def test_invalid_rows_cannot_be_forced_in(db: Any, tmp_path: Path) -> None:
    path = _book(tmp_path, [["Tên cơ sở", "MST"], ["Cơ sở A", "0247588845"]])
    preview = analyse_import(db, path)
    with pytest.raises(KcError):
        run_import(db, preview, actions={2: "create"}, write_report=False)
    assert _count(db) == 0


def test_nothing_is_written_when_the_report_cannot_be(db: Any, tmp_path: Path) -> None:
    path = _book(tmp_path, [["Tên cơ sở", "Loại hình"], ["Cơ sở A", "HTX"]])
    blocked = tmp_path / "bao-cao.xlsx"
    blocked.mkdir()  # a folder where the report file should go: cannot be replaced
    with pytest.raises(ExcelError) as info:
        import_facilities(db, path, report_path=blocked)
    assert info.value.code == "cannot_write"
    assert _count(db) == 0


def test_dry_run_writes_nothing(db: Any, samples_dir: Path, tmp_path: Path) -> None:
    path = _copy(samples_dir, tmp_path, "unicode")
    result = import_facilities(db, path, dry_run=True)
    assert result.dry_run and result.created == 0 and result.report_path is None
    assert _count(db) == 0
    assert not default_report_path(path).exists()
    data = result.to_json()
    assert (data["rows_read"], data["new"], data["matched"], data["invalid"]) == (60, 55, 2, 3)
    assert data["invalid_rows"] == [21, 37, 55]


def test_missing_required_column_and_empty_sheet(db: Any, tmp_path: Path) -> None:
    path = _book(tmp_path, [["STT", "Mã số thuế", "Số điện thoại"], [1, "0100233488", ""]])
    with pytest.raises(ExcelError) as info:
        analyse_import(db, path)
    assert info.value.code == "no_header"
    empty = _book(tmp_path, [], "rong.xlsx")
    with pytest.raises(ExcelError) as info:
        analyse_import(db, empty)
    assert info.value.code == "empty"
    # A person may point at the header row and map the name column by hand.
    preview = analyse_import(db, path, header_row=1, columns={1: None, 3: "phone", 2: "name"})
    assert preview.mapping_source == "chosen"
    with pytest.raises(ExcelError) as info:
        analyse_import(db, path, header_row=1, columns={1: None})
    assert info.value.code == "missing_column"


def test_file_open_in_excel_is_refused(db: Any, tmp_path: Path) -> None:
    path = _book(tmp_path, [["Tên cơ sở", "Loại hình"], ["Cơ sở A", "HTX"]], "đang mở.xlsx")
    (tmp_path / "~$đang mở.xlsx").write_bytes(b"owner")
    with pytest.raises(ExcelError) as info:
        import_facilities(db, path)
    assert info.value.code == "locked" and "Excel" in info.value.message_vi
    assert _count(db) == 0 and not default_report_path(path).exists()


def test_old_xls_is_refused_before_anything(db: Any, tmp_path: Path) -> None:
    path = tmp_path / "ds.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000)
    with pytest.raises(ExcelError) as info:
        import_facilities(db, path)
    assert info.value.code == "xls" and ".xlsx" in info.value.message_vi
    assert _count(db) == 0


def test_formula_without_cached_value_makes_the_row_invalid(db: Any, tmp_path: Path) -> None:
    path = _book(tmp_path, [["Tên cơ sở", "Loại hình", "Số lao động"],
                            ["Cơ sở A", "HTX", "=2+3"], ["Cơ sở B", "HTX", 4]])  # fmt: skip
    preview = analyse_import(db, path)
    assert preview.rows_with(INVALID) == [2]
    assert "công thức" in preview.rows[0].errors[0].message_vi
    assert any("Excel" in n.message_vi and "công thức" in n.message_vi for n in preview.notes)


def test_remembered_mapping_is_used_next_time(db: Any, tmp_path: Path) -> None:
    rows = [["Tên", "Cột lạ", "Ghi chú"], ["Cơ sở A", "0912345678", ""]]
    path = _book(tmp_path, rows)
    detected = analyse_import(db, path)
    assert detected.mapping()[2] is None
    chosen = analyse_import(db, path, columns={2: "phone"})
    run_import(db, chosen, write_report=False)
    again = analyse_import(db, _book(tmp_path, [*rows, ["Cơ sở B", "0987654321", ""]], "b.xlsx"))
    assert again.mapping_source == "remembered"
    assert again.mapping()[2] == "phone"
    assert again.rows[1].data.phone == "0987654321"


def test_rows_without_kind_take_it_from_the_name_or_are_flagged(db: Any, tmp_path: Path) -> None:
    path = _book(tmp_path, [["Tên cơ sở"], ["HTX gốm Chu Đậu"], ["Cơ sở mộc Văn Hải"]])
    preview = analyse_import(db, path)
    assert [r.data.kind for r in preview.rows] == ["htx", "ho_kinh_doanh"]
    assert not preview.rows[0].warnings
    assert any(w.field == "kind" for w in preview.rows[1].warnings)


def test_commune_taken_out_of_a_full_address(db: Any, tmp_path: Path) -> None:
    path = _book(tmp_path, [["Tên cơ sở", "Loại hình", "Địa chỉ"],
                            ["Cơ sở A", "HKD", "Thôn 5, xã Nam Hưng, huyện Tiên Lãng"],
                            ["Cơ sở B", "HKD", "Xóm 3, xã Không Có, huyện Tiên Lãng"]])  # fmt: skip
    first, second = analyse_import(db, path).rows
    assert first.data.address == "Thôn 5" and first.data.commune_code is not None
    assert "Nam Hưng" in first.data.old_address and not first.warnings
    assert second.data.commune_code is None and second.warnings


def test_unknown_column_mapping_is_refused(db: Any, tmp_path: Path) -> None:
    path = _book(tmp_path, [["Tên cơ sở"], ["A"]])
    with pytest.raises(KcError):
        analyse_import(db, path, columns={1: "nonsense"})


def test_a_long_list_is_searchable_right_after_the_import(db: Any, tmp_path: Path) -> None:
    """Hundreds of rows go in as one bulk insert indexed in one statement: each new facility
    is found by a search without diacritics, and the search index checks out."""
    from kcdesk.services.database import check

    rows: list[list[Any]] = [["Tên cơ sở", "Loại hình", "Họ tên chủ cơ sở"]]
    rows += [[f"Cơ sở đan lát số {i}", "Hộ kinh doanh", f"Nguyễn Thị Hà {i}"]
             for i in range(1, 301)]  # fmt: skip
    result = import_facilities(db, _book(tmp_path, rows), write_report=False)
    assert result.created == 300
    found = list_facilities(db, FacilityFilter(search="dan lat so 257"))
    assert [f.name for f in found] == ["Cơ sở đan lát số 257"]
    assert len(list_facilities(db, FacilityFilter(search="nguyen thi ha"), limit=None)) == 300
    report = check(db.url)
    assert report.ok, report.problems
