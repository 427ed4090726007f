"""The command line as a script would use it: exit codes, JSON, messages, lazy imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kcdesk import __version__
from kcdesk.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_init_demo_list_json(db_path, capsys):
    code, out, _ = run(
        capsys,
        "init",
        "--role",
        "collaborator",
        "--name",
        "Trần Thị Hoa",
        "--province",
        "Hải Phòng",
        "--commune",
        "tien lang",
        "--json",
    )
    assert code == 0 and json.loads(out)["communes"] == [11755]
    code, out, _ = run(
        capsys,
        "demo-data",
        "--facilities",
        "120",
        "--surveys",
        "30",
        "--proposals",
        "6",
        "--seed",
        "3",
        "--json",
    )
    assert code == 0 and json.loads(out)["facilities"] == 120
    code, out, _ = run(capsys, "list", "facilities", "--limit", "500", "--json")
    facilities = json.loads(out)
    assert len(facilities) == 120
    assert {"uuid", "name", "kind", "owner", "phone", "tax_code", "commune"} <= set(facilities[0])
    code, out, _ = run(capsys, "list", "facilities", "--search", "xa tien lang", "--json")
    assert all(f["commune"] == "Xã Tiên Lãng" for f in json.loads(out))
    code, out, _ = run(capsys, "list", "surveys", "--limit", "0", "--json")
    surveys = json.loads(out)
    assert len(surveys) == 30
    assert {"uuid", "facility_uuid", "form", "status", "survey_date"} <= set(surveys[0])
    code, out, _ = run(capsys, "list", "proposals", "--json")
    proposals = json.loads(out)
    assert len(proposals) == 6
    assert {"uuid", "title", "category", "status", "support_amount"} <= set(proposals[0])
    assert all(isinstance(p["support_amount"], int) for p in proposals)


def test_demo_data_is_deterministic(tmp_path, monkeypatch, template_db, capsys):
    import shutil

    outputs = []
    for name in ("a", "b"):
        home = tmp_path / name
        home.mkdir()
        shutil.copyfile(template_db, home / "kcdesk.sqlite3")
        monkeypatch.setenv("KCDESK_HOME", str(home))
        run(capsys, "init", "--role", "province", "--name", "Lê Thu", "--province", "31")
        run(
            capsys,
            "demo-data",
            "--facilities",
            "50",
            "--surveys",
            "0",
            "--proposals",
            "0",
            "--seed",
            "9",
        )
        _code, out, _ = run(capsys, "list", "facilities", "--json")
        outputs.append(
            [(f["name"], f["owner"], f["tax_code"], f["phone"]) for f in json.loads(out)]
        )
    assert outputs[0] == outputs[1]


def test_bad_input_exits_1_with_one_clear_message(db_path, capsys):
    code, _out, err = run(
        capsys, "init", "--role", "collaborator", "--name", "An", "--phone", "12345"
    )
    assert code == 1
    assert "Số điện thoại" in err and "Traceback" not in err


def test_wrong_usage_exits_2(db_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["list", "everything"])
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        main(["db"])
    assert info.value.code == 2


def test_database_that_is_not_kcdesk_exits_1(tmp_path, kcdesk_home, capsys):
    bogus = tmp_path / "khong-phai.db"
    bogus.write_text("xin chào", encoding="utf-8")
    code, _out, err = run(capsys, "--database-url", f"sqlite:///{bogus}", "list", "facilities")
    assert code == 1
    assert "không phải cơ sở dữ liệu kcdesk" in err
    assert bogus.read_text(encoding="utf-8") == "xin chào"


def test_db_commands(db_path, tmp_path, capsys):
    code, out, _ = run(capsys, "db", "check", "--json")
    assert code == 0 and json.loads(out)["ok"] is True
    target = tmp_path / "bản sao.sqlite3"
    code, out, _ = run(capsys, "db", "backup", "--out", str(target))
    assert code == 0 and target.exists()
    code, out, _ = run(capsys, "db", "upgrade")
    assert code == 0
    code, out, _ = run(capsys, "db", "restore", str(target))
    assert code == 0
    db_path.write_bytes(b"hong" * 1000)
    code, out, _ = run(capsys, "db", "check")
    assert code == 1


def test_cli_and_services_do_not_load_heavy_libraries(db_path):
    probe = (
        "import sys, kcdesk.services.facilities, kcdesk.services.demo, kcdesk.services.context\n"
        "from kcdesk.cli import main\n"
        "main(['list', 'facilities', '--json'])\n"
        "heavy = [m for m in ('PySide6', 'openpyxl', 'reportlab') if m in sys.modules]\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
        "sys.exit(1 if heavy else 0)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, env=env, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
