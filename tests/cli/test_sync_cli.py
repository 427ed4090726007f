"""``kcdesk sync …`` as a person or a script runs it: exit codes, messages, JSON."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kcdesk.cli import main
from kcdesk.config import sqlite_url

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> tuple[int, str, str]:
    code = main(["--database-url", url, *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def urls(template_db: Path, kcdesk_home: Path, tmp_path: Path) -> tuple[str, str]:
    from kcdesk.services.context import open_database
    from kcdesk.services.installation import init_installation

    centre, laptop = tmp_path / "tinh.sqlite3", tmp_path / "an.sqlite3"
    shutil.copyfile(template_db, centre)
    shutil.copyfile(template_db, laptop)
    db = open_database(sqlite_url(centre))
    init_installation(db, role="province", person_name="Lê Thị Thu", province=31,
                      centre_name="Trung tâm Khuyến công Hải Phòng")  # fmt: skip
    db.close()
    return sqlite_url(centre), sqlite_url(laptop)


def test_setup_enrol_export_inspect_import_reply(
    urls: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    centre, laptop = urls
    setup = tmp_path / "thiết lập An.kcsync"
    code, out, _ = run(capsys, centre, "sync", "setup-file", "--collaborator", "Nguyễn Văn An",
                       "--commune", "11755", "--phone", "0912 345 678", "--out", str(setup),
                       "--json")  # fmt: skip
    assert code == 0
    made = json.loads(out)
    assert made["commune_codes"] == [11755] and len(made["province_fingerprint"]) == 29
    # A fresh laptop starts from the set-up file.
    code, out, _ = run(capsys, laptop, "sync", "enrol", str(setup))
    assert code == 0 and "Nguyễn Văn An" in out and made["province_fingerprint"] in out

    from kcdesk.services.context import open_database
    from kcdesk.services.facilities import create_facility

    db = open_database(laptop)
    create_facility(db, {"name": "HTX chiếu cói Lật Dương", "kind": "htx", "commune_code": 11755})
    db.close()

    package = tmp_path / "goi-an.kcsync"
    code, out, _ = run(capsys, laptop, "sync", "export", "--out", str(package), "--json")
    assert code == 0 and json.loads(out)[0]["counts"] == {"facility": 1}
    code, out, _ = run(capsys, centre, "sync", "inspect", str(package), "--json")
    report = json.loads(out)
    assert code == 0 and report["counts"] == {"facility": 1} and report["encrypted"]
    assert report["for_this_installation"] and report["sender_name"] == "Nguyễn Văn An"
    code, out, _ = run(capsys, centre, "sync", "import", str(package), "--preview")
    assert code == 0 and "Sẽ nhập" in out and "thêm 1" in out
    code, out, _ = run(capsys, centre, "sync", "import", str(package), "--json")
    [outcome] = json.loads(out)
    assert code == 0 and outcome["ok"]
    assert outcome["result"]["counts"]["facility"]["inserted"] == 1
    code, out, _ = run(capsys, centre, "sync", "import", str(package))
    assert code == 0 and "đã được nhập trước đây" in out

    replies = tmp_path / "tra-loi"
    code, out, _ = run(capsys, centre, "sync", "export", "--all", "--out", str(replies), "--json")
    [reply] = json.loads(out)
    assert code == 0 and reply["receipts"] == 1
    code, out, _ = run(capsys, laptop, "sync", "import", reply["path"])
    assert code == 0 and "1 gói đã gửi được xác nhận" in out
    code, out, _ = run(capsys, laptop, "sync", "status", "--json")
    status = json.loads(out)
    assert [p["acknowledged_at"] is not None for p in status["packages"]
            if p["direction"] == "sent"] == [True]  # fmt: skip
    code, out, _ = run(capsys, centre, "sync", "conflicts")
    assert code == 0 and "Không có xung đột" in out


def test_a_refused_file_exits_1_with_the_reason(
    urls: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    centre, _ = urls
    setup = tmp_path / "s.kcsync"
    run(capsys, centre, "sync", "setup-file", "--collaborator", "An", "--out", str(setup))
    bad = tmp_path / "hỏng.kcsync"
    bad.write_bytes(b"PK\x03\x04 not really")
    code, out, _ = run(capsys, centre, "sync", "import", str(bad))
    assert code == 1 and "KHÔNG NHẬN" in out
    code, _, err = run(capsys, centre, "sync", "inspect", str(bad))
    assert code == 1 and err.startswith("Lỗi: Không dùng được gói đồng bộ")


def test_wrong_usage_exits_2(urls: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    centre, _ = urls
    with pytest.raises(SystemExit) as info:
        main(["--database-url", centre, "sync", "export", "--to", "x", "--all", "--out", "y"])
    assert info.value.code == 2


def test_the_centre_must_name_the_receiver(
    urls: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    centre, _ = urls
    code, _, err = run(capsys, centre, "sync", "export", "--out", str(tmp_path / "x.kcsync"))
    assert code == 1 and "--to" in err


def test_sync_commands_import_no_gui_or_office_libraries() -> None:
    code = (
        "import sys, kcdesk.cli.sync, kcdesk.services.sync, kcdesk.io.sync;"
        "bad = [m for m in ('PySide6', 'openpyxl', 'reportlab') if m in sys.modules];"
        "sys.exit(1 if bad else 0)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    assert subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT).returncode == 0
