"""``kcdesk sync keys export|import``: a centre's keys brought to a second staff computer on the
same server database, with the passphrase typed (asked twice) or read from a file (scripts)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kcdesk.cli import main
from kcdesk.config import sqlite_url
from tests.services.sync_world import at_home

PASS = "Bánh đa cua Hải Phòng ngon"


def run(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> tuple[int, str, str]:
    code = main(["--database-url", url, *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def typed(monkeypatch: pytest.MonkeyPatch, *answers: str) -> list[str]:
    """The passphrases a person types at getpass's prompts, in order; returns the prompts."""
    prompts: list[str] = []
    queue = list(answers)

    def getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return queue.pop(0)

    monkeypatch.setattr("getpass.getpass", getpass)
    return prompts


@pytest.fixture
def centre_url(template_db: Path, kcdesk_home: Path, tmp_path: Path) -> str:
    from kcdesk.services.context import open_database
    from kcdesk.services.installation import init_installation

    path = tmp_path / "tinh.sqlite3"
    shutil.copyfile(template_db, path)
    db = open_database(sqlite_url(path))
    init_installation(db, role="province", person_name="Lê Thị Thu", province=31,
                      centre_name="Trung tâm Khuyến công Hải Phòng")  # fmt: skip
    db.close()
    return sqlite_url(path)


def test_export_asks_the_passphrase_twice_and_writes_nothing_on_a_mismatch(
    centre_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    out = tmp_path / "khoa.kckeys"
    typed(monkeypatch, PASS, PASS + " ")
    code, _, err = run(capsys, centre_url, "sync", "keys", "export", "--out", str(out))
    assert code == 1 and "không khớp" in err and not out.exists()
    prompts = typed(monkeypatch, "ngắn quá")
    code, _, err = run(capsys, centre_url, "sync", "keys", "export", "--out", str(out))
    assert code == 1 and "ít nhất 12 ký tự" in err and not out.exists()
    assert len(prompts) == 1  # refused before asking again
    prompts = typed(monkeypatch, PASS, PASS)
    code, text, _ = run(capsys, centre_url, "sync", "keys", "export", "--out", str(out))
    assert code == 0 and out.exists() and len(prompts) == 2
    code, status, _ = run(capsys, centre_url, "sync", "status", "--json")
    fingerprint = json.loads(status)["identity"]["fingerprint"]
    assert fingerprint in text and "Trung tâm Khuyến công Hải Phòng" in text
    # On the same computer and database the keys are already in use: nothing changes.
    typed(monkeypatch, PASS)
    code, text, _ = run(capsys, centre_url, "sync", "keys", "import", str(out))
    assert code == 0 and "không thay đổi gì" in text
    typed(monkeypatch, "một mật khẩu khác hẳn")
    code, _, err = run(capsys, centre_url, "sync", "keys", "import", str(out))
    assert code == 1 and "sai mật khẩu" in err


def test_a_damaged_file_is_refused_before_the_passphrase_is_asked(
    centre_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    bad = tmp_path / "hong.kckeys"
    bad.write_bytes(b"KCDESK-KEYS/001\n{")
    prompts = typed(monkeypatch)
    code, _, err = run(capsys, centre_url, "sync", "keys", "import", str(bad), "--json")
    assert code == 1 and "cắt cụt" in err and prompts == []


@pytest.fixture
def server(postgres_url: str, tmp_path: Path, kcdesk_home: Path) -> Iterator[str]:
    from kcdesk.services.context import open_database
    from kcdesk.services.installation import init_installation
    from tests.support.postgres import reset_schema

    reset_schema(postgres_url)
    with at_home(tmp_path / "may-a"):
        db = open_database(postgres_url)
        init_installation(db, role="province", person_name="Lê Thị Thu", province=31,
                          centre_name="Trung tâm Khuyến công Hải Phòng")  # fmt: skip
        db.close()
    yield postgres_url


@pytest.mark.postgres
def test_keys_go_to_a_second_computer_on_the_server_with_a_passphrase_file(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "mat-khau.txt"
    secret.write_text(PASS + "\r\n", encoding="utf-8-sig")  # as Notepad saves it
    keys = tmp_path / "khoa-trung-tam.kckeys"
    with at_home(tmp_path / "may-a"):
        code, out, _ = run(capsys, server, "sync", "keys", "export", "--out", str(keys),
                           "--passphrase-file", str(secret), "--json")  # fmt: skip
        assert code == 0
        made = json.loads(out)
    assert made["status"] == "exported" and len(made["fingerprint"]) == 29
    with at_home(tmp_path / "may-b"):
        code, _, err = run(capsys, server, "sync", "status")
        assert code == 1 and "chưa có khoá đồng bộ của Trung tâm" in err
        assert made["fingerprint"] in err and "kcdesk sync keys import" in err
        code, out, _ = run(capsys, server, "sync", "keys", "import", str(keys),
                           "--passphrase-file", str(secret), "--json")  # fmt: skip
        assert code == 0
        taken = json.loads(out)
        assert taken["status"] == "imported" and taken["fingerprint"] == made["fingerprint"]
        assert taken["owner"] == "Trung tâm Khuyến công Hải Phòng"
        code, out, _ = run(capsys, server, "sync", "status", "--json")
        assert code == 0 and json.loads(out)["identity"]["fingerprint"] == made["fingerprint"]
