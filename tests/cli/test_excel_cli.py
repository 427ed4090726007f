"""``kcdesk excel …`` and ``kcdesk text convert`` as scripts use them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kcdesk.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: Any, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _copy(samples_dir: Path, tmp_path: Path, variant: str) -> Path:
    name = f"co-so-tien-lang-{variant}.xlsx"
    shutil.copyfile(samples_dir / "excel" / name, tmp_path / name)
    return tmp_path / name


@pytest.mark.parametrize("variant", ["unicode", "tcvn3", "vni"])
def test_import_json_reaches_the_sample_outcome(
    db: Any, samples_dir: Path, tmp_path: Path, capsys: Any, variant: str
) -> None:
    path = _copy(samples_dir, tmp_path, variant)
    code, out, _err = run(capsys, "excel", "import", "facilities", str(path), "--dry-run",
                          "--json")  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert (data["rows_read"], data["new"], data["matched"], data["invalid"]) == (60, 55, 2, 3)
    assert data["invalid_rows"] == [21, 37, 55]
    assert data["dry_run"] is True and data["created"] == 0 and data["report"] is None
    assert any("Toàn Thắng" in w["message"] for w in data["warnings"])


def test_import_writes_and_reports(db: Any, samples_dir: Path, tmp_path: Path, capsys: Any) -> None:
    path = _copy(samples_dir, tmp_path, "tcvn3")
    report = tmp_path / "kết quả.xlsx"
    code, out, _ = run(capsys, "excel", "import", "facilities", str(path), "--sheet",
                       "DS CNNT 2024", "--report", str(report))  # fmt: skip
    assert code == 0
    assert "55 mới, 2 trùng, 3 lỗi" in out and "Đã thêm 55 cơ sở" in out
    assert "Dòng lỗi: 21, 37, 55" in out
    assert report.exists()
    code, out, _ = run(capsys, "list", "facilities", "--search", "chieu coi lat duong", "--json")
    assert code == 0 and any("Lật Dương" in f["name"] for f in json.loads(out))
    # The same list again: everything is already there.
    code, out, _ = run(capsys, "excel", "import", "facilities", str(path), "--json",
                       "--no-report")  # fmt: skip
    data = json.loads(out)
    assert data["new"] == 0 and data["created"] == 0 and data["report"] is None


def test_import_bad_input_is_one_clear_message(db: Any, tmp_path: Path, capsys: Any) -> None:
    xls = tmp_path / "cu.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    code, out, err = run(capsys, "excel", "import", "facilities", str(xls))
    assert code == 1 and out == ""
    assert err.startswith("Lỗi: ") and "Lưu thành" in err and "Traceback" not in err
    missing = tmp_path / "khong.xlsx"
    code, _out, err = run(capsys, "excel", "import", "facilities", str(missing))
    assert code == 1 and "Không tìm thấy tệp" in err
    wb = openpyxl.Workbook()
    wb.active.append(["Tên cơ sở", "Số lao động"])
    wb.active.append(["Cơ sở A", 3])
    book = tmp_path / "ds.xlsx"
    wb.save(book)
    code, _out, err = run(capsys, "excel", "import", "facilities", str(book), "--column", "B=xyz")
    assert code == 1 and "Trường “xyz” không có" in err
    code, out, _err = run(capsys, "excel", "import", "facilities", str(book), "--dry-run",
                          "--json", "--column", "B=-")  # fmt: skip
    assert code == 0 and json.loads(out)["columns"] == {"A": "name"}


def test_sheets_and_exports(db: Any, tmp_path: Path, capsys: Any) -> None:
    code, _, _ = run(capsys, "demo-data", "--facilities", "20", "--surveys", "10",
                     "--proposals", "5")  # fmt: skip
    assert code == 0
    for what in ("facilities", "surveys", "proposals"):
        out_file = tmp_path / f"{what}.xlsx"
        code, out, _ = run(capsys, "excel", "export", what, "--out", str(out_file), "--json")
        assert code == 0 and json.loads(out)["path"] == str(out_file) and out_file.exists()
    code, out, _ = run(capsys, "excel", "sheets", str(tmp_path / "proposals.xlsx"), "--json")
    assert [s["name"] for s in json.loads(out)] == ["Đề án", "Dự toán kinh phí", "Thông tin"]
    code, out, err = run(capsys, "excel", "export", "surveys", "--out", str(tmp_path / "x.xlsx"),
                         "--from", "31/02/2025")  # fmt: skip
    assert code == 1 and "dd/mm/yyyy" in err
    report = tmp_path / "bao-cao.xlsx"
    code, out, _ = run(capsys, "excel", "report", "all", "--out", str(report), "--json")
    assert code == 0 and len(json.loads(out)["reports"]) == 8 and report.exists()


def test_text_convert_files(tmp_path: Path, capsys: Any) -> None:
    tcvn3 = tmp_path / "vb-tcvn3.txt"
    tcvn3.write_bytes("Tiªn L·ng, H¶i Phßng\n".encode("latin-1"))
    code, out, _ = run(capsys, "text", "convert", "--from", "tcvn3", str(tcvn3))
    assert code == 0 and out == "Tiên Lãng, Hải Phòng\n"
    pasted = tmp_path / "dan.txt"  # garbled VNI text pasted and saved as UTF-8
    pasted.write_text("Tieân Laõng, Haûi Phoøng", encoding="utf-8")
    target = tmp_path / "ra.txt"
    code, _, _ = run(capsys, "text", "convert", "--from", "vni", str(pasted), "--out", str(target))
    assert code == 0 and target.read_text(encoding="utf-8") == "Tiên Lãng, Hải Phòng"
    caps = tmp_path / "hoa.txt"
    caps.write_bytes("c«ng ty".encode("latin-1"))
    code, out, _ = run(capsys, "text", "convert", "--from", "tcvn3", "--caps", str(caps))
    assert out == "CÔNG TY"
    code, _, err = run(capsys, "text", "convert", str(caps))
    assert code == 1 and "--from" in err


def test_text_convert_workbook(samples_dir: Path, tmp_path: Path, capsys: Any) -> None:
    path = _copy(samples_dir, tmp_path, "vni")
    out = tmp_path / "unicode.xlsx"
    code, _, err = run(capsys, "text", "convert", str(path), "--out", str(out))
    assert code == 0 and "581 ô VNI" in err
    converted = openpyxl.load_workbook(out)["DS CNNT 2024"]
    original = openpyxl.load_workbook(samples_dir / "excel" / "co-so-tien-lang-unicode.xlsx")
    import unicodedata

    for row in original["DS CNNT 2024"].iter_rows():
        for cell in row:
            value = cell.value
            want = unicodedata.normalize("NFC", value) if isinstance(value, str) else value
            assert converted[cell.coordinate].value == want, cell.coordinate
    assert converted["B9"].font.name == "Times New Roman"


def test_excel_commands_import_no_heavy_library_until_run() -> None:
    code = (
        "import sys; from kcdesk.cli import build_parser; build_parser(); "
        "import kcdesk.services.excel_import, kcdesk.services.excel_export, "
        "kcdesk.services.reports; "
        "print(sorted(m for m in ('openpyxl', 'PySide6', 'reportlab') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=True)  # fmt: skip
    assert done.stdout.strip() == "[]"
