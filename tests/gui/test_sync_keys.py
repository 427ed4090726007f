"""The Đồng bộ page of a centre whose database is on a server, opened from two staff computers
(two per-user data folders, offscreen): the second one says it lacks the keys, with the import at
hand; the keys exported on the first (passphrase typed twice, masked) are imported there."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pytestqt")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox

from tests.services.sync_world import at_home

PASS = "Hoa phượng đỏ thắm sân trường"


def _state(db: Any, tmp_path: Path, name: str) -> Any:
    from kcdesk.gui.state import AppState

    return AppState(db, settings=QSettings(str(tmp_path / f"{name}.ini"),
                                           QSettings.Format.IniFormat))  # fmt: skip


def _view(state: Any, qtbot: Any) -> Any:
    from kcdesk.gui.sync.view import SyncView

    view = SyncView(state)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    return view


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    texts: list[str] = []
    for name in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, name,
                            lambda _p, _t, text, *a, **k: texts.append(text) or 0)  # fmt: skip
    return texts


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    """What the page's error dialog would have shown (it would block offscreen)."""
    import kcdesk.gui.sync.view as view_module

    seen: list[BaseException] = []
    monkeypatch.setattr(view_module, "show_error", lambda _p, exc, _lang=None: seen.append(exc))
    return seen


def typing(monkeypatch: pytest.MonkeyPatch, *passphrases: str) -> list[Any]:
    """The passphrase dialog, answered as a person would: typed (masked) and OK."""
    from kcdesk.gui.sync.dialogs import KeyPassphraseDialog

    shown: list[Any] = []

    def answer(dialog: KeyPassphraseDialog) -> int:
        shown.append(dialog)
        assert dialog.first.echoMode() == QLineEdit.EchoMode.Password
        dialog.first.setText(passphrases[0])
        dialog.second.setText(passphrases[-1])
        if not dialog.ok_button.isEnabled():
            return KeyPassphraseDialog.DialogCode.Rejected
        return KeyPassphraseDialog.DialogCode.Accepted

    monkeypatch.setattr(KeyPassphraseDialog, "exec", answer)
    return shown


@pytest.fixture
def server(postgres_url: str, tmp_path: Path, kcdesk_home: Path) -> Iterator[tuple[Any, Any]]:
    """The centre's database on PostgreSQL, opened from computer A (which made the keys) and
    from computer B."""
    from kcdesk.services.context import open_database
    from kcdesk.services.installation import init_installation
    from kcdesk.services.sync import identity
    from tests.support.postgres import reset_schema

    reset_schema(postgres_url)
    with at_home(tmp_path / "may-a"):
        a = open_database(postgres_url)
        init_installation(a, role="province", person_name="Lê Thị Thu", province=31,
                          centre_name="Trung tâm Khuyến công Hải Phòng")  # fmt: skip
        identity(a)
    with at_home(tmp_path / "may-b"):
        b = open_database(postgres_url)
    yield a, b
    a.close()
    b.close()


@pytest.mark.postgres
def test_the_second_computer_says_it_lacks_the_keys_and_takes_them_from_the_first(
    server: tuple[Any, Any], tmp_path: Path, qtbot: Any, said: list[str],
    errors: list[BaseException], monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from kcdesk.services.sync import identity

    a, b = server
    keys = tmp_path / "khoa-trung-tam.kckeys"
    with at_home(tmp_path / "may-a"):
        fingerprint = identity(a).fingerprint
        view_a = _view(_state(a, tmp_path, "a"), qtbot)
        assert view_a.export_keys_button.isVisible() and view_a.import_keys_button.isVisible()
        assert view_a.export_keys_button.text() == "Xuất khoá sang máy khác…"
        shown = typing(monkeypatch, PASS)
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            lambda *a, **k: (str(tmp_path / "khoa-trung-tam"), ""))  # fmt: skip
        qtbot.mouseClick(view_a.export_keys_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(said) or bool(errors), timeout=20000)
        assert not errors and keys.exists()  # the suffix was added
        assert shown[0].second.isVisibleTo(shown[0])  # asked twice
        assert fingerprint in said[-1]

    with at_home(tmp_path / "may-b"):
        view_b = _view(_state(b, tmp_path, "b"), qtbot)
        assert view_b.keys_missing
        assert "chưa có khoá đồng bộ của Trung tâm" in view_b.me_label.text()
        assert fingerprint in view_b.fingerprint_label.text()
        assert view_b.import_keys_button.isVisible() and view_b.import_keys_button.isEnabled()
        assert view_b.import_keys_button.text() == "Nhận khoá từ máy khác…"
        assert not view_b.export_keys_button.isVisible()
        assert not view_b.export_button.isEnabled() and not view_b.setup_button.isEnabled()
        assert view_b.export_button.text() == "Xuất gói trả lời…"  # said, though not usable yet
        shown = typing(monkeypatch, PASS)
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(keys), ""))
        qtbot.mouseClick(view_b.import_keys_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not view_b.keys_missing or bool(errors), timeout=20000)
        assert not errors
        note = shown[0].findChild(type(view_b.me_label), "passphrase-note").text()
        note = note.replace("\u00a0", " ")  # the fingerprint is kept on one line
        assert fingerprint in note and "Trung tâm Khuyến công Hải Phòng" in note
        assert not shown[0].second.isVisibleTo(shown[0])  # asked once
        assert view_b.fingerprint_label.text() == f"Vân tay: {fingerprint}"
        assert view_b.export_button.isEnabled() and view_b.setup_button.isEnabled()
        assert identity(b).fingerprint == fingerprint
        assert "Đã nhận khoá của Trung tâm Khuyến công Hải Phòng" in said[-1]


@pytest.mark.postgres
def test_a_wrong_passphrase_is_explained_and_the_computer_still_lacks_the_keys(
    server: tuple[Any, Any], tmp_path: Path, qtbot: Any, said: list[str],
    errors: list[BaseException], monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from kcdesk.services.sync import export_keys

    a, b = server
    keys = tmp_path / "khoa.kckeys"
    with at_home(tmp_path / "may-a"):
        export_keys(a, keys, PASS)
    with at_home(tmp_path / "may-b"):
        view = _view(_state(b, tmp_path, "b"), qtbot)
        typing(monkeypatch, PASS.upper())
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(keys), ""))
        qtbot.mouseClick(view.import_keys_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(errors), timeout=20000)
        assert getattr(errors[0], "code", "") == "wrong_passphrase"
        assert "sai mật khẩu" in str(errors[0])
        view.refresh()
        assert view.keys_missing and not said


def test_a_centre_on_its_own_file_offers_both_actions_a_collaborator_neither(
    db: Any, tmp_path: Path, qtbot: Any, template_db: Path
) -> None:
    from kcdesk.config import sqlite_url
    from kcdesk.services.context import open_database
    from kcdesk.services.installation import init_installation

    laptop = _view(_state(db, tmp_path, "an"), qtbot)
    assert not laptop.export_keys_button.isVisible() and not laptop.keys_missing
    path = tmp_path / "tinh.sqlite3"
    shutil.copyfile(template_db, path)
    centre_db = open_database(sqlite_url(path))
    init_installation(centre_db, role="province", person_name="Lê Thị Thu", province=31)
    centre = _view(_state(centre_db, tmp_path, "tinh"), qtbot)
    assert centre.export_keys_button.isVisible() and centre.import_keys_button.isVisible()
    centre_db.close()


def test_the_passphrase_dialog_wants_twelve_characters_typed_twice_alike(qtbot: Any) -> None:
    import unicodedata

    from kcdesk.gui.sync.dialogs import KeyPassphraseDialog

    dialog = KeyPassphraseDialog(confirm=True)
    qtbot.addWidget(dialog)
    assert dialog.first.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.second.echoMode() == QLineEdit.EchoMode.Password
    assert not dialog.ok_button.isEnabled()
    dialog.first.setText("ngắn quá")
    assert "12" in dialog.problem.text() and not dialog.ok_button.isEnabled()
    dialog.first.setText(PASS)
    dialog.second.setText(PASS[:-1])
    assert "chưa khớp" in dialog.problem.text() and not dialog.ok_button.isEnabled()
    dialog.second.setText(unicodedata.normalize("NFD", PASS))  # the same, typed another way
    assert dialog.problem.text() == "" and dialog.ok_button.isEnabled()
    dialog.show_text.setChecked(True)
    assert dialog.first.echoMode() == QLineEdit.EchoMode.Normal
    assert dialog.passphrase() == PASS
