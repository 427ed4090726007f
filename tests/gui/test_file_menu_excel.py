"""The File menu opens the Excel import and the exports: what an office user looks for first."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QDialog

from kcdesk.gui.main_window import MainWindow


@pytest.fixture
def window(qtbot, app_state):
    w = MainWindow(app_state)
    qtbot.addWidget(w)
    w.show()
    return w


def _dialogs() -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def test_file_menu_offers_excel_import_and_exports(qtbot, window):
    texts = [a.text() for a in window.menu_file.actions()]
    assert "&Nhập danh sách cơ sở từ Excel…" in texts
    assert window.menu_export.title() == "&Xuất ra Excel"
    assert [a.text() for a in window.menu_export.actions()] == [
        "Danh sách &cơ sở…", "&Phiếu khảo sát…", "&Đề án…"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("action", "dialog_class"),
    [("action-import-excel", "ImportDialog"), ("action-export-surveys", "ExportDialog")],
)
def test_menu_actions_open_the_dialogs(qtbot, window, action, dialog_class):
    before = set(map(id, _dialogs()))
    window.findChild(type(window.act_import_excel), action).trigger()
    qtbot.waitUntil(lambda: any(id(d) not in before for d in _dialogs()), timeout=5000)
    opened = [d for d in _dialogs() if id(d) not in before]
    assert type(opened[0]).__name__ == dialog_class
    for dialog in opened:
        dialog.close()
