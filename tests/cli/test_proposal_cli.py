"""``kcdesk proposal …`` as a user or script drives it headless."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kcdesk.cli import main
from kcdesk.services.facilities import create_facility
from kcdesk.services.installation import init_installation

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: Any, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def draft_file(db: Any, tmp_path: Path) -> Path:
    fac = create_facility(db, {"name": "HTX chiếu cói Lật Dương", "kind": "htx",
                               "commune_code": 11755}).uuid  # fmt: skip
    path = tmp_path / "đề án.json"
    path.write_text(json.dumps({
        "title": "Hỗ trợ máy dệt chiếu cói",
        "category": "ung_dung_may_moc",
        "plan_year": 2025,
        "implementing_unit": "Trung tâm Khuyến công Hải Phòng",
        "facility_uuids": [fac],
        "commune_code": 11755,
        "period_start": "01/03/2025",
        "period_end": "30/11/2025",
        "objectives": "Tăng năng suất",
        "expected": {"jobs": 20},
        "lines": [{"item": "Máy dệt", "unit": "chiếc", "quantity": "2",
                   "unit_price": "400.000.000", "support_percent": "50"}],
    }, ensure_ascii=False), encoding="utf-8")  # fmt: skip
    return path


def new_proposal(capsys: Any, path: Path) -> str:
    code, out, err = run(capsys, "proposal", "new", str(path), "--json")
    assert code == 0, err
    return str(json.loads(out)["uuid"])


def test_new_warns_over_the_cap_and_submit_is_refused(
    db: Any, draft_file: Path, capsys: Any
) -> None:
    code, out, err = run(capsys, "proposal", "new", str(draft_file))
    assert code == 0 and "Đã tạo đề án “Hỗ trợ máy dệt chiếu cói” (Nháp)" in out
    assert "Cảnh báo:" in err and "vượt mức tối đa" in err
    uuid = out.strip().rsplit(": ", 1)[1]
    code, _, err = run(capsys, "proposal", "transition", uuid, "--to", "submitted")
    assert code == 1 and "Không thể gửi" in err
    code, out, _ = run(capsys, "proposal", "show", uuid)
    assert "Mức tối đa: 300.000.000 đ (vượt 100.000.000 đ)" in out
    assert "[Nháp]" in out


def test_update_then_the_whole_lifecycle(db: Any, draft_file: Path, tmp_path: Path,
                                         capsys: Any) -> None:  # fmt: skip
    uuid = new_proposal(capsys, draft_file)
    fix = tmp_path / "sửa.json"
    fix.write_text(json.dumps({"lines": [{"item": "Máy dệt", "unit": "chiếc", "quantity": 2,
                                          "unit_price": 300_000_000, "support_percent": 50}]}),
                   encoding="utf-8")  # fmt: skip
    code, out, err = run(capsys, "proposal", "update", uuid, str(fix), "--json")
    assert code == 0 and err == ""
    shown = json.loads(out)
    assert shown["totals"]["support"] == 300_000_000 and shown["cap"]["gap"] == 0
    assert shown["title"] == "Hỗ trợ máy dệt chiếu cói"  # fields not in the file are kept
    code, out, _ = run(capsys, "proposal", "transition", uuid, "--to", "đã gửi")
    assert code == 0 and "Nháp → Đã gửi" in out
    init_installation(db, role="province", person_name="Lê Thị Thu", province=31)
    code, _, err = run(capsys, "proposal", "transition", uuid, "--to", "returned")
    assert code == 1 and "cần ghi rõ lý do" in err
    run(capsys, "proposal", "transition", uuid, "--to", "appraising")
    code, out, _ = run(capsys, "proposal", "transition", uuid, "--to", "duoc phe duyet")
    assert code == 0 and "Được phê duyệt" in out
    code, out, _ = run(capsys, "proposal", "history", uuid)
    lines = out.strip().splitlines()
    assert len(lines) == 3 and "Lê Thị Thu (Trung tâm Khuyến công)" in lines[-1]
    code, _, err = run(capsys, "proposal", "transition", uuid, "--to", "finished")
    assert code == 1 and "Không có trạng thái “finished”" in err


def test_list_with_filters_and_json(db: Any, draft_file: Path, capsys: Any) -> None:
    uuid = new_proposal(capsys, draft_file)
    code, out, _ = run(capsys, "proposal", "list", "--status", "nháp", "--year", "2025",
                       "--commune", "Tiên Lãng", "--json")  # fmt: skip
    assert code == 0 and [r["uuid"] for r in json.loads(out)] == [uuid]
    code, out, _ = run(capsys, "proposal", "list", "--status", "submitted")
    assert code == 0 and out == ""
    code, out, _ = run(capsys, "proposal", "list", "--search", "chieu coi")
    assert "Hỗ trợ máy dệt chiếu cói" in out and "Ứng dụng máy móc" in out


def test_bad_files_are_refused_clearly(db: Any, tmp_path: Path, capsys: Any) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"title": "x", "tittle": "y"}', encoding="utf-8")
    code, _, err = run(capsys, "proposal", "new", str(bad))
    assert code == 1 and "tittle" in err
    bad.write_text('{"title": "x", "lines": [{"item": "Máy", "unit": "chiếc", "quantity": -3, '
                   '"unit_price": 10, "support_percent": 150}]}', encoding="utf-8")  # fmt: skip
    code, _, err = run(capsys, "proposal", "new", str(bad))
    assert code == 1 and "Dòng 1: số lượng phải lớn hơn 0" in err and "vượt quá 100 %" in err
    code, _, err = run(capsys, "proposal", "new", str(tmp_path / "none.json"))
    assert code == 1 and "Không tìm thấy" in err


def test_rules_load_list_export_remove(db: Any, tmp_path: Path, capsys: Any) -> None:
    doc = json.loads((ROOT / "resources/rules/example-provincial-dak-lak-2025.json").read_text())
    doc["province_code"] = 31
    doc["legal_reference"] = "NQ 09/2025/NQ-HĐND"
    path = tmp_path / "quy định.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(capsys, "proposal", "rules", "load", str(path))
    assert code == 0 and "Đã nạp bộ quy định" in out and "3 mức" in out
    code, out, _ = run(capsys, "proposal", "rules", "load", str(path))
    assert "Đã thay" in out
    code, out, _ = run(capsys, "proposal", "rules", "list")
    assert "TT 28/2018/TT-BTC" in out and "≤ 800 triệu đồng/đề án" in out
    key = "provincial:31:NQ 09/2025/NQ-HĐND"
    exported = tmp_path / "gửi.json"
    code, _, _ = run(capsys, "proposal", "rules", "export", key, "--out", str(exported))
    assert json.loads(exported.read_text("utf-8"))["legal_reference"] == "NQ 09/2025/NQ-HĐND"
    code, out, _ = run(capsys, "proposal", "rules", "remove", key)
    assert code == 0
    code, out, _ = run(capsys, "proposal", "rules", "list", "--json")
    assert all(r["source"] == "national" for r in json.loads(out)["rules"])
    broken = tmp_path / "hỏng.json"
    broken.write_text('{"format": "kcdesk-proposal-rules", "source": "provincial", '
                      '"province_code": 31, "legal_reference": "x", "effective_from": "1/1/2025", '
                      '"rules": [{"category": "mo_hinh_trinh_dien", "max_percent": 130}]}',
                      encoding="utf-8")  # fmt: skip
    code, _, err = run(capsys, "proposal", "rules", "load", str(broken))
    assert code == 1 and "rules[0].max_percent" in err


def test_categories_and_settings(db: Any, capsys: Any) -> None:
    code, out, _ = run(capsys, "proposal", "categories")
    assert code == 0 and "dao_tao_nghe | Đào tạo nghề" in out
    code, out, _ = run(capsys, "proposal", "settings", "--repeat-years", "5")
    assert code == 0 and "trong 5 năm" in out
    code, _, err = run(capsys, "proposal", "settings", "--repeat-years", "99")
    assert code == 1 and "0 đến 20" in err


def test_usage_errors_exit_2(db: Any, capsys: Any) -> None:
    with pytest.raises(SystemExit) as info:
        main(["proposal", "transition", "x"])
    assert info.value.code == 2


def test_proposal_commands_import_no_heavy_library() -> None:
    code = (
        "import sys; from kcdesk.cli import build_parser; build_parser(); "
        "import kcdesk.cli.proposal, kcdesk.services.proposals, kcdesk.services.proposal_print; "
        "print(sorted(m for m in ('PySide6', 'openpyxl', 'reportlab') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=True)  # fmt: skip
    assert result.stdout.strip() == "[]"
