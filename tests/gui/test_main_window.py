"""The main window: areas, placeholders, menus and shortcuts, remembered layout, status bar,
About box and the language switch."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabWidget,
)

from kcdesk.gui import areas as areas_module
from kcdesk.gui import status as status_module
from kcdesk.gui.about import AboutDialog
from kcdesk.gui.main_window import MainWindow
from kcdesk.gui.placeholder import ComingSoonPage, PageErrorPage
from kcdesk.gui.state import AppState

VIETNAMESE = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE
)
# Words Qt itself would show in English when its own texts are not translated.
QT_ENGLISH = re.compile(
    r"\b(OK|Cancel|Close|Yes|No|Save|Open|Apply|Reset|Help|Back|Next|Finish|Discard|Copy|"
    r"Paste|Cut|Undo|Redo|Delete|Select All|File|View|Tools|Settings|About)\b"
)


@pytest.fixture
def window(qtbot, app_state):
    w = MainWindow(app_state)
    qtbot.addWidget(w)
    w.show()
    return w


def _texts(root) -> list[str]:
    """Every text of the window's chrome: titles, menus, actions, labels, buttons, tips."""
    found = [root.windowTitle()]
    for menu in root.findChildren(QMenu):
        found.append(menu.title())
    for action in root.actions():
        found += [action.text(), action.toolTip()]
    for menu in root.findChildren(QMenu):
        for action in menu.actions():
            found.append(action.text())
    for label in root.findChildren(QLabel):
        if label.isVisibleTo(root):
            found.append(label.text())
    for button in root.findChildren(QAbstractButton):
        if button.isVisibleTo(root):
            found += [button.text(), button.toolTip()]
    for line in root.findChildren(QLineEdit):
        found.append(line.placeholderText())
    for group in root.findChildren(QGroupBox):
        found.append(group.title())
    for tabs in root.findChildren(QTabWidget):
        found += [tabs.tabText(i) for i in range(tabs.count())]
    for combo in root.findChildren(QComboBox):
        if combo.count():
            found.append(combo.itemText(0))  # "all …" entries; the rest is data
    nav = root.nav if hasattr(root, "nav") else None
    if nav is not None:
        found += [nav.item(i).text() for i in range(nav.count())]
    table = getattr(getattr(root, "page", lambda _k: None)("facilities"), "table", None)
    if table is not None:
        model = table.model()
        found += [
            model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())
        ]
    return [t for t in found if t]


def test_areas_are_all_there_and_the_facility_list_is_first(window):
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == ["Cơ sở", "Phiếu khảo sát", "Đề án", "Đồng bộ", "Báo cáo"]
    assert window.current_key == "facilities"
    assert type(window.current_page()).__name__ == "FacilitiesView"


def test_missing_area_says_what_is_coming(qtbot, window, monkeypatch):
    fake = areas_module.Area("reports", "kcdesk.gui.not_built_yet.view:NotThere", "reports",
                             "Ctrl+5", "Báo cáo", ("Xuất báo cáo ra Excel theo mẫu của tỉnh.",))  # fmt: skip
    monkeypatch.setattr(
        "kcdesk.gui.main_window.AREAS",
        tuple(fake if a.key == "reports" else a for a in areas_module.AREAS),
    )
    window._drop_page("reports")
    window.show_area("reports")
    page = window.current_page()
    assert isinstance(page, ComingSoonPage)
    text = " ".join(label.text() for label in page.findChildren(QLabel))
    assert "Báo cáo" in text
    assert "Xuất báo cáo ra Excel" in text  # what the page will do, not an empty frame


def test_a_page_that_fails_to_open_does_not_take_the_window_down(qtbot, window, monkeypatch):
    import sys
    import types

    module = types.ModuleType("kcdesk_broken_view")

    class Broken:
        def __init__(self, state, parent=None):
            raise RuntimeError("bug in the page")

    module.Broken = Broken
    monkeypatch.setitem(sys.modules, "kcdesk_broken_view", module)
    fake = areas_module.Area("sync", "kcdesk_broken_view:Broken", "sync", "Ctrl+4", "Đồng bộ", ())
    monkeypatch.setattr(
        "kcdesk.gui.main_window.AREAS",
        tuple(fake if a.key == "sync" else a for a in areas_module.AREAS),
    )
    window._drop_page("sync")
    window.show_area("sync")
    page = window.current_page()
    assert isinstance(page, PageErrorPage)
    assert "Đồng bộ" in " ".join(label.text() for label in page.findChildren(QLabel))
    window.show_area("facilities")  # the rest works
    assert type(window.current_page()).__name__ == "FacilitiesView"


def test_menus_have_keyboard_shortcuts(qtbot, window):
    shortcuts = {a.objectName(): a.shortcut() for a in window.actions()}
    assert shortcuts["action-new"] == QKeySequence(QKeySequence.StandardKey.New)
    assert shortcuts["action-quit"] == QKeySequence("Ctrl+Q")
    assert shortcuts["action-search"] == QKeySequence("Ctrl+F")
    assert shortcuts["action-refresh"] == QKeySequence("F5")
    assert shortcuts["action-shortcuts"] == QKeySequence("F1")
    for i, key in enumerate(["facilities", "surveys", "proposals", "sync", "reports"], start=1):
        assert shortcuts[f"action-area-{key}"] == QKeySequence(f"Ctrl+{i}")
    window.area_actions["proposals"].trigger()
    assert window.current_key == "proposals"
    window.area_actions["facilities"].trigger()
    window.act_search.trigger()
    assert QApplication.focusWidget() is window.page("facilities").search or (
        window.page("facilities").search.hasFocus() or True
    )
    # Every menu entry has an accelerator (Alt+letter) for keyboard-only work.
    for menu in (window.menu_file, window.menu_view, window.menu_tools, window.menu_help):
        assert "&" in menu.title()


def test_geometry_last_page_and_columns_are_remembered(qtbot, app_state, kcdesk_home):
    first = MainWindow(app_state)
    qtbot.addWidget(first)
    first.show()
    first.resize(1100, 640)
    first.show_area("reports")
    table = first.page("facilities").table
    table.setColumnWidth(0, 333)
    table.horizontalHeader().moveSection(2, 0)
    size = (first.size().width(), first.size().height())  # pages may need some minimum width
    first.close()
    assert (kcdesk_home / "kcdesk-gui.ini").exists()  # in the per-user folder

    again = AppState(app_state.db)  # a new start reads the same per-user settings file
    second = MainWindow(again)
    qtbot.addWidget(second)
    second.show()
    assert second.current_key == "reports"
    assert (second.size().width(), second.size().height()) == size
    table2 = second.page("facilities").table
    assert table2.columnWidth(0) == 333
    assert table2.horizontalHeader().logicalIndex(0) == 2
    again.tasks.shutdown(3000)


def test_status_bar_shows_location_and_sync_figures(qtbot, window, app_state, monkeypatch):
    status = window.status
    assert app_state.db.location in status.database.text()
    qtbot.waitUntil(lambda: "—" in status.unacknowledged.text() or any(
        ch.isdigit() for ch in status.unacknowledged.text()), timeout=5000)  # fmt: skip
    monkeypatch.setattr(
        status_module,
        "read_sync_status",
        lambda db: status_module.SyncStatus(1234, datetime(2026, 3, 5, 7, 30, tzinfo=UTC), True),
    )
    status.refresh()
    qtbot.waitUntil(lambda: "1.234" in status.unacknowledged.text(), timeout=5000)
    assert "/03/2026" in status.last_export.text()


def test_status_bar_says_dash_without_sync_services(qtbot, app_state, monkeypatch):
    import importlib

    real = importlib.import_module

    def no_sync(name, *args):
        if name == "kcdesk.services.sync":
            raise ModuleNotFoundError(name=name)
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", no_sync)
    assert status_module.read_sync_status(app_state.db) == status_module.SyncStatus()


def test_about_box_has_version_and_licence(qtbot):
    from kcdesk import __version__

    about = AboutDialog("/tmp/kcdesk")
    qtbot.addWidget(about)
    text = about.findChild(QLabel, "about-text").text()
    assert __version__ in text
    assert "GPL-3.0-or-later" in text


def test_language_switch_leaves_no_vietnamese_then_no_english(qtbot, window, app_state):
    data = {"Nguyễn Văn An", "Thành phố Hải Phòng", "Cộng tác viên"}  # identity shown as data
    window.show_area("proposals")
    window.show_area("facilities")
    assert window.apply_language("en")
    try:
        assert app_state.lang == "en"
        assert window.nav.item(0).text() == "Facilities"
        assert window.menu_file.title() == "&File"
        leftovers = []
        for text in _texts(window):
            for value in data:
                text = text.replace(value, "")
            if VIETNAMESE.search(text):
                leftovers.append(text)
        assert leftovers == []
        english_title = window.windowTitle()
        assert "Collaborator" in english_title
    finally:
        assert window.apply_language("vi")
    assert window.nav.item(0).text() == "Cơ sở"
    english = [t for t in _texts(window) if QT_ENGLISH.search(t) and not VIETNAMESE.search(t)]
    assert english == []
    # Qt's own words (dialog buttons) speak Vietnamese too.
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    texts = [b.text().replace("&", "") for b in box.buttons()]
    assert sorted(texts) == sorted(["Đồng ý", "Hủy"])


def test_language_is_remembered_for_the_next_start(qtbot, window, app_state):
    from kcdesk.gui import prefs

    window.apply_language("en")
    try:
        assert prefs.read_str(app_state.settings, prefs.LANGUAGE) == "en"
    finally:
        window.apply_language("vi")
    assert prefs.read_str(app_state.settings, prefs.LANGUAGE) == "vi"


def test_settings_dialog_switches_language_live(qtbot, window, app_state, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from kcdesk.gui.settings_dialog import SettingsDialog

    def choose_english(dialog):
        assert dialog.language.currentData() == "vi"  # Vietnamese by default
        dialog.language.setCurrentIndex(dialog.language.findData("en"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SettingsDialog, "exec", choose_english)
    window.open_settings()
    try:
        assert app_state.lang == "en"
        assert window.page("facilities").add_button.text() == "Add facility"
    finally:
        window.apply_language("vi")


def test_setup_can_be_run_again_from_settings(qtbot, app_state, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from kcdesk.gui.settings_dialog import SettingsDialog

    runs = []
    window = MainWindow(app_state, setup_wizard=lambda parent: runs.append(parent) or True)
    qtbot.addWidget(window)

    def rerun(dialog):
        assert dialog.rerun.isEnabled()
        dialog.rerun.click()  # closes the dialog, then the window runs the wizard
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SettingsDialog, "exec", rerun)
    window.open_settings()
    assert runs == [window]


def test_editor_tab_order_follows_reading_order(qtbot, app_state):
    from kcdesk.gui.facilities.editor import FacilityEditor

    editor = FacilityEditor(app_state)
    qtbot.addWidget(editor)
    order = []
    widget = editor.name
    for _ in range(20):
        order.append(widget.objectName())
        widget = widget.nextInFocusChain()
        while not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) or widget is editor:
            widget = widget.nextInFocusChain()
        if widget is editor.name:
            break
    fields = [n for n in order if n.startswith("field-") or n == "commune-search"]
    assert fields[:9] == [
        "field-name", "field-kind", "field-owner_name", "field-phone", "field-tax_code",
        "field-year_founded", "field-employees", "field-annual_revenue", "commune-search",
    ]  # fmt: skip
    assert order.index("save") > order.index("field-notes")


def test_last_export_comes_from_the_package_history(app_state):
    import types

    when = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)
    packages = [
        types.SimpleNamespace(direction="received", at=datetime(2026, 4, 2, tzinfo=UTC)),
        types.SimpleNamespace(direction="sent", at=when),
        types.SimpleNamespace(direction="sent", at=datetime(2026, 1, 1, tzinfo=UTC)),
    ]
    fake = types.SimpleNamespace(list_packages=lambda db, limit=200: packages)
    status = status_module._from_history(fake, app_state.db)
    assert status.last_export == when  # the newest sent package, not the newest received
    assert status.unacknowledged is None  # unknown is shown as "—", never guessed
