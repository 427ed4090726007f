"""Reading sheets: legacy fonts, merged cells, formulas, errors, and files that are not .xlsx."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Font

from kcdesk.io.excel.errors import ExcelError
from kcdesk.io.excel.opening import check_not_open_in_excel, check_workbook_file
from kcdesk.io.excel.reading import list_sheets, read_sheet


def _save(wb: openpyxl.Workbook, path: Path) -> Path:
    wb.save(path)
    return path


def test_samples_read_the_same_text_in_all_three_encodings(samples_dir: Path) -> None:
    folder = samples_dir / "excel"
    sheets = {
        v: read_sheet(folder / f"co-so-tien-lang-{v}.xlsx") for v in ("unicode", "tcvn3", "vni")
    }
    uni = sheets["unicode"]
    assert uni.converted == {"nfd": 3}
    assert sheets["tcvn3"].converted == {"tcvn3": 581}
    assert sheets["vni"].converted == {"vni": 581}
    for variant in ("tcvn3", "vni"):
        other = sheets[variant]
        assert other.max_row == uni.max_row == 76
        for row in range(1, 77):
            assert other.row_values(row) == uni.row_values(row), (variant, row)
    assert uni.value(15, 2) == "CÔNG TY TNHH ĐÓNG TÀU VINH QUANG"
    assert uni.value(40, 6) == "Tiên Cường"  # NFD in the file, NFC here


def test_merged_note_applies_to_every_row_it_covers(samples_dir: Path) -> None:
    sheet = read_sheet(samples_dir / "excel" / "co-so-tien-lang-unicode.xlsx")
    note = "Thuộc làng nghề truyền thống chiếu cói Lật Dương"
    assert [sheet.value(r, 13) for r in (9, 10, 11, 12)] == [note, note, note, None]
    assert sheet.value(10, 13, follow_merge=False) is None
    assert (9, 13, 11, 13) in sheet.merged
    assert len(sheet.merged) == 11


def test_rich_text_runs_are_converted_by_their_own_font(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = CellRichText(
        TextBlock(InlineFont(rFont=".VnTime"), "Tiªn L·ng"),
        TextBlock(InlineFont(rFont="Arial"), " / "),
        TextBlock(InlineFont(rFont="VNI-Times"), "Haûi Phoøng"),
    )
    ws["A2"] = "Nguyeãn Vaên Toaøn"
    ws["A2"].font = Font(name="VNI-Times")
    ws["A3"] = "c«ng ty"
    ws["A3"].font = Font(name=".VnArialH")
    sheet = read_sheet(_save(wb, tmp_path / "rich.xlsx"))
    assert sheet.value(1, 1) == "Tiên Lãng / Hải Phòng"
    assert sheet.value(2, 1) == "Nguyễn Văn Toàn"
    assert sheet.value(3, 1) == "CÔNG TY"


def test_formula_without_cached_value_and_error_cells_are_noted(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Tên cơ sở", "Số lao động"])
    ws.append(["A", "=1+1"])  # openpyxl saves no cached result
    sheet = read_sheet(_save(wb, tmp_path / "f.xlsx"))
    assert sheet.value(2, 2) is None
    assert sheet.formulas_without_value == {(2, 2)}
    # A file saved by Excel carries the result: patch one in and an error value beside it.
    path = tmp_path / "f.xlsx"
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    xml = xml.replace("<f>1+1</f><v></v>", "<f>1+1</f><v>2</v>").replace(
        "<f>1+1</f><v />", "<f>1+1</f><v>2</v>"
    )
    xml = xml.replace("</row></sheetData>", '<c r="C2" t="e"><v>#N/A</v></c></row></sheetData>')
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    sheet = read_sheet(path)
    assert sheet.value(2, 2) == 2
    assert sheet.formulas_without_value == set()
    assert sheet.error_cells == {(2, 3): "#N/A"}


def test_dates_and_hidden_columns(tmp_path: Path) -> None:
    from datetime import datetime

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = datetime(2024, 11, 15)
    ws["A1"].number_format = "dd/mm/yyyy"
    ws["B1"] = "x"
    ws.column_dimensions["B"].hidden = True
    sheet = read_sheet(_save(wb, tmp_path / "d.xlsx"))
    assert sheet.value(1, 1) == datetime(2024, 11, 15)
    assert 2 in sheet.hidden_columns


def test_sheet_choice(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Bìa"
    wb.active["A1"] = "bìa"
    other = wb.create_sheet("Danh sách")
    other["A1"] = "dữ liệu"
    hidden = wb.create_sheet("Ẩn")
    hidden.sheet_state = "hidden"
    path = _save(wb, tmp_path / "s.xlsx")
    assert [(s.name, s.visible) for s in list_sheets(path)] == [
        ("Bìa", True), ("Danh sách", True), ("Ẩn", False)
    ]  # fmt: skip
    assert read_sheet(path, "danh sách").value(1, 1) == "dữ liệu"
    with pytest.raises(ExcelError) as info:
        read_sheet(path, "Không có")
    assert info.value.code == "sheet" and "Danh sách" in str(info.value)


@pytest.mark.parametrize(
    "content,name,code,words",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "cu.xls", "xls", "Lưu thành"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"),
         "matkhau.xlsx", "password", "mật khẩu"),
        (b"<html><body><table></table></body></html>", "web.xls", "html", "trang web"),
        (b"PK\x03\x04garbage", "hong.xlsx", "corrupt", "bị hỏng"),
        (b"", "rong.xlsx", "corrupt", "bị hỏng"),
        (b"ten,mst\n", "ds.csv", "format", "CSV"),
    ],
)  # fmt: skip
def test_files_that_are_not_xlsx_get_a_clear_message(
    tmp_path: Path, content: bytes, name: str, code: str, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ExcelError) as info:
        read_sheet(path)
    assert info.value.code == code
    assert words in info.value.message_vi
    assert info.value.message_en


def test_ods_and_missing_file(tmp_path: Path) -> None:
    ods = tmp_path / "bang.ods"
    with zipfile.ZipFile(ods, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    with pytest.raises(ExcelError) as info:
        check_workbook_file(ods)
    assert info.value.code == "format"
    with pytest.raises(ExcelError) as info:
        check_workbook_file(tmp_path / "khong-co.xlsx")
    assert info.value.code == "not_found"


def test_file_open_in_excel_is_refused(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    path = _save(wb, tmp_path / "Danh sách cơ sở.xlsx")
    check_not_open_in_excel(path)
    (tmp_path / "~$Danh sách cơ sở.xlsx").write_bytes(b"owner")
    with pytest.raises(ExcelError) as info:
        check_not_open_in_excel(path)
    assert info.value.code == "locked" and "đang mở trong Excel" in info.value.message_vi


def test_empty_sheet_reads_as_empty(tmp_path: Path) -> None:
    path = _save(openpyxl.Workbook(), tmp_path / "rong.xlsx")
    assert read_sheet(path).is_empty()
