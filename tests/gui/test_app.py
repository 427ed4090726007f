"""Starting the application: databases that cannot be opened are explained (never a
traceback), a second copy is told to close the first, the first start runs the set-up, and
``kcdesk --demo`` opens a throwaway database full of demo data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from kcdesk.gui import app as app_module
from kcdesk.gui.errors import database_problem, explain


@pytest.fixture
def boxes(monkeypatch):
    """Record message boxes instead of showing them; answer with the button text given."""
    shown: list[dict[str, object]] = []
    answers: list[str] = []

    def exec_(box):
        buttons = [b.text() for b in box.buttons()]
        shown.append({"title": box.windowTitle(), "text": box.text(),
                      "advice": box.informativeText(), "buttons": buttons})  # fmt: skip
        wanted = answers.pop(0) if answers else None
        for b in box.buttons():
            if wanted is not None and b.text() == wanted:
                b.click()
                break
        else:
            if box.buttons():
                box.buttons()[-1].click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown, answers


def _open_error(url: str) -> BaseException:
    from kcdesk.services.context import open_database

    with pytest.raises(Exception) as info:
        open_database(url)
    return info.value


def test_damaged_file_offers_to_restore_a_backup(qtbot, kcdesk_home, boxes, db_path, monkeypatch):
    from kcdesk.config import sqlite_url
    from kcdesk.services.database import backup

    url = sqlite_url(db_path)
    good = backup(url)  # a backup made while the file was sound
    db_path.write_bytes(b"SQLite format 3\x00" + b"\x13" * 5000)  # then the disk garbles it
    exc = _open_error(url)
    assert database_problem(exc) == "corrupt"
    shown, answers = boxes
    answers.append("Khôi phục bản sao lưu…")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(good), ""))
    db = app_module.open_database_interactive(url, "vi")
    assert db is not None  # restored, then opened
    db.close()
    assert shown[0]["title"] == "Không mở được cơ sở dữ liệu"
    assert "bản sao lưu" in str(shown[0]["advice"])
    assert "Traceback" not in str(shown)
    assert list(db_path.parent.glob("*.hong*")), "the damaged file is kept aside, not destroyed"


def test_newer_database_says_update_the_app(qtbot, kcdesk_home, boxes, db_path):
    from kcdesk.config import sqlite_url

    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    conn.commit()
    conn.close()
    url = sqlite_url(db_path)
    assert database_problem(_open_error(url)) == "newer"
    shown, _answers = boxes
    assert app_module.open_database_interactive(url, "vi") is None
    assert "mới hơn" in str(shown[0]["text"])
    assert "cập nhật" in str(shown[0]["text"]).lower() or "cài phiên bản" in str(shown[0]["advice"])
    assert shown[0]["buttons"] == ["Thoát"]  # nothing to retry: only a newer app helps


def test_locked_database_says_close_the_other_copy(qtbot, kcdesk_home, boxes, db_path):
    shown, answers = boxes
    holder = QLockFile(str(db_path) + ".lock")  # another kcdesk holds the database
    assert holder.tryLock(100)
    try:
        assert app_module.lock_database(db_path) is None  # the person chose "Thoát"
        assert "cửa sổ kcdesk khác" in str(shown[0]["text"])
        assert shown[0]["buttons"] == ["Thử lại", "Thoát"]
        # Closing the other copy, then "Thử lại", goes through.
        answers.append("Thử lại")
        original = QMessageBox.exec

        def exec_then_release(box):
            holder.unlock()
            return original(box)

        QMessageBox.exec = exec_then_release
        try:
            lock = app_module.lock_database(db_path)
        finally:
            QMessageBox.exec = original
        assert lock is not None and lock.isLocked()
        lock.unlock()
    finally:
        holder.unlock()


def test_busy_database_is_explained_not_dumped():
    info = explain(sqlite3.OperationalError("database is locked"), "vi")
    assert info.title == "Cơ sở dữ liệu đang bận"
    assert "thử lại" in info.advice
    unexpected = explain(ZeroDivisionError("division by zero"), "vi")
    assert "division" not in unexpected.text and "Traceback" not in unexpected.text
    assert "nhật ký" in unexpected.advice


def test_first_start_runs_the_setup_and_cancel_quits_cleanly(
    qtbot, kcdesk_home, db_path, monkeypatch
):
    seen = []
    monkeypatch.setattr(
        "kcdesk.gui.wizard.run_setup_wizard", lambda state, parent: seen.append(state) or False
    )
    assert app_module.run_gui([]) == 0
    assert len(seen) == 1  # no identity yet: the wizard came first


def test_demo_opens_a_throwaway_database_full_of_data(qtbot, kcdesk_home, monkeypatch):
    from kcdesk.gui import main_window

    monkeypatch.setattr(app_module, "DEMO_FACILITIES", 300)
    monkeypatch.setattr(app_module, "DEMO_SURVEYS", 100)
    monkeypatch.setattr(app_module, "DEMO_PROPOSALS", 10)
    seen: dict[str, object] = {}
    original_ready = main_window.MainWindow.database_ready

    def ready(self):
        seen["shown before the data"] = self.isVisible()
        original_ready(self)
        view = self.page("facilities")

        def check():
            if view.model.total is None:
                QTimer.singleShot(50, check)
                return
            seen["title"] = self.windowTitle()
            seen["total"] = view.model.total
            seen["path"] = self.state.db.path
            QApplication.instance().exit(0)

        check()

    monkeypatch.setattr(main_window.MainWindow, "database_ready", ready)
    assert app_module.run_gui(["--demo"]) == 0
    assert seen["shown before the data"]  # the window does not wait for the database
    assert seen["total"] == 300
    assert "DỮ LIỆU MẪU" in str(seen["title"])
    demo_path = Path(str(seen["path"]))
    assert not demo_path.exists()  # thrown away at the end
    assert not (kcdesk_home / "kcdesk.sqlite3").exists()  # the real database was not touched


def test_run_gui_with_a_newer_database_explains_and_exits(qtbot, kcdesk_home, boxes, db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    conn.commit()
    conn.close()
    shown, _answers = boxes
    assert app_module.run_gui([]) == 1
    assert shown and "mới hơn" in str(shown[0]["text"])
    lock = QLockFile(str(db_path) + ".lock")
    assert lock.tryLock(100)  # nothing left holding the database
    lock.unlock()
