"""The main window: navigation between areas, menus, status bar, remembered layout.

Area pages are QWidgets built as ``View(state, parent=None)`` (see ``areas.py``). Pages are built
the first time they are shown, so start-up pays only for the first page. A page may offer any of
these methods; the window calls them when present:

``confirm_close() -> bool``
    before the window closes or the page is rebuilt (language switch, restore): return False to
    stay (for instance after asking about unsaved changes).
``focus_search()``
    Ctrl+F.
``refresh()``
    F5.
``new_record()``
    Ctrl+N while the page is shown ("Thêm mới").
``open_record(kind, uuid)``
    someone asked to show this record (``state.open_record``).
``save_layout()``
    before the window closes: store column widths and such in ``state.settings``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, Qt, QUrl
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kcdesk.config import backups_dir, data_dir
from kcdesk.gui import prefs
from kcdesk.gui.about import AboutDialog
from kcdesk.gui.areas import AREAS, Area, AreaMissing, load_view_class
from kcdesk.gui.errors import log_path, show_error
from kcdesk.gui.icons import app_icon, icon
from kcdesk.gui.placeholder import ComingSoonPage, LoadingPage, PageErrorPage
from kcdesk.gui.state import ALL, AppState
from kcdesk.gui.status import StatusBar

log = logging.getLogger(__name__)

# Which area shows records of which kind (for ``state.open_record``).
RECORD_AREAS = {"facility": "facilities", "survey": "surveys", "proposal": "proposals"}


class MainWindow(QMainWindow):
    def __init__(self, state: AppState, *, setup_wizard: Callable[[QWidget], bool] | None = None):
        super().__init__()
        self.state = state
        self._setup_wizard = setup_wizard
        self.setObjectName("main-window")
        self.setWindowIcon(app_icon())
        self._pages: dict[str, QWidget] = {}
        self._closing_confirmed = False

        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.nav = QListWidget(central)
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(24, 24))
        self.nav.setSpacing(2)
        self.nav.setUniformItemSizes(True)
        self.nav.setFrameShape(QListWidget.Shape.NoFrame)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for area in AREAS:
            item = QListWidgetItem(icon(area.icon), "")
            item.setData(Qt.ItemDataRole.UserRole, area.key)
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._on_nav_row)
        layout.addWidget(self.nav)
        self.stack = QStackedWidget(central)
        self.stack.setObjectName("pages")
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.setStyleSheet(
            "#navigation { background: palette(window); border-right: 1px solid palette(mid);"
            " padding: 6px 4px; outline: 0; }"
            "#navigation::item { padding: 8px 10px; border-radius: 6px; }"
            "#navigation::item:selected { background: palette(highlight);"
            " color: palette(highlighted-text); }"
        )

        self.loading = LoadingPage(self.stack)
        self.stack.addWidget(self.loading)

        self.status = StatusBar(state, self)
        self.setStatusBar(self.status)
        self._build_menus()
        self.retranslate()

        state.language_changed.connect(self._on_language_changed)
        state.open_record.connect(self.open_record)
        self._restore_geometry()
        if state.db is None:
            # Shown at once; the database opens meanwhile and database_ready() fills the pages.
            self._set_ready(False)
        else:
            self.database_ready()

    @property
    def is_ready(self) -> bool:
        return self.state.db is not None and self.stack.currentWidget() is not self.loading

    def _set_ready(self, ready: bool) -> None:
        self.nav.setEnabled(ready)
        for action in self._data_actions():
            action.setEnabled(ready)
        if not ready:
            self.stack.setCurrentWidget(self.loading)

    def _data_actions(self) -> list[QAction]:
        return [self.act_new, self.act_backup, self.act_restore, self.act_search,
                self.act_refresh, self.act_setup, self.act_import_excel,
                *self.act_export_excel.values(), *self.area_actions.values()]  # fmt: skip

    def show_progress(self, done: int, total: int, text: str) -> None:
        """While the database opens (or demo data is made): say what is happening."""
        self.loading.show_progress(done, total, text)

    def database_ready(self) -> None:
        """The database is open: build the pages and show the last one used."""
        self._set_ready(True)
        self.act_setup.setEnabled(self._setup_wizard is not None)
        self.retranslate()
        self.status.refresh_soon()
        last = prefs.read_str(self.state.settings, prefs.LAST_PAGE, AREAS[0].key)
        self.show_area(last if any(a.key == last for a in AREAS) else AREAS[0].key)

    # -- building --------------------------------------------------------------------------

    def _action(
        self,
        name: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)  # shortcuts work even when the menu bar is hidden
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menu_file = QMenu(bar)
        self.menu_view = QMenu(bar)
        self.menu_tools = QMenu(bar)
        self.menu_help = QMenu(bar)
        for menu in (self.menu_file, self.menu_view, self.menu_tools, self.menu_help):
            bar.addMenu(menu)

        self.act_new = self._action("action-new", self._new_record, QKeySequence.StandardKey.New)
        self.act_backup = self._action("action-backup", self._backup, "Ctrl+Shift+B")
        self.act_restore = self._action("action-restore", self._restore)
        self.act_data_folder = self._action("action-data-folder", self._open_data_folder)
        self.act_quit = self._action("action-quit", self.close, "Ctrl+Q")
        self.act_import_excel = self._action("action-import-excel", self._import_excel, "Ctrl+I")
        self.act_export_excel = {
            what: self._action(f"action-export-{what}", lambda w=what: self._export_excel(w))
            for what in ("facilities", "surveys", "proposals")
        }
        self.menu_export = QMenu(self.menu_file)
        self.menu_export.addActions(list(self.act_export_excel.values()))
        self.menu_file.addActions([self.act_new])
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_import_excel)
        self.menu_file.addMenu(self.menu_export)
        self.menu_file.addSeparator()
        self.menu_file.addActions([self.act_backup, self.act_restore, self.act_data_folder])
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_quit)

        self.area_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        group.setExclusive(True)
        for area in AREAS:
            action = self._action(
                f"action-area-{area.key}", lambda key=area.key: self.show_area(key), area.shortcut
            )
            action.setCheckable(True)
            action.setIcon(icon(area.icon))
            group.addAction(action)
            self.menu_view.addAction(action)
            self.area_actions[area.key] = action
        self.menu_view.addSeparator()
        self.act_search = self._action("action-search", self._focus_search, "Ctrl+F")
        self.act_refresh = self._action("action-refresh", self._refresh, "F5")
        self.menu_view.addActions([self.act_search, self.act_refresh])

        self.act_settings = self._action("action-settings", self.open_settings, "Ctrl+,")
        self.act_setup = self._action("action-setup", self.rerun_setup)
        self.act_setup.setEnabled(self._setup_wizard is not None)
        self.menu_tools.addActions([self.act_settings, self.act_setup])

        self.act_shortcuts = self._action("action-shortcuts", self.show_shortcuts, "F1")
        self.act_about = self._action("action-about", self.show_about)
        self.menu_help.addActions([self.act_shortcuts, self.act_about])

    def retranslate(self) -> None:
        """Every text of the window itself (pages are rebuilt instead, see _rebuild_pages)."""
        info = _installation_label(self.state)
        title = "kcdesk"
        if info:
            title += " — " + info
        if self.state.demo:
            title += " — " + self.tr("DỮ LIỆU MẪU (không lưu lại)")
        self.setWindowTitle(title)
        for row, area in enumerate(AREAS):
            item = self.nav.item(row)
            item.setText(area.title)
            item.setToolTip(f"{area.title} ({area.shortcut})")
        self.nav.setFixedWidth(self._nav_width())

        self.menu_file.setTitle(self.tr("&Tệp"))
        self.menu_view.setTitle(self.tr("&Xem"))
        self.menu_tools.setTitle(self.tr("&Công cụ"))
        self.menu_help.setTitle(self.tr("Trợ &giúp"))
        self.act_new.setText(self.tr("Thêm &mới"))
        self.act_backup.setText(self.tr("&Sao lưu dữ liệu…"))
        self.act_restore.setText(self.tr("&Khôi phục từ bản sao lưu…"))
        self.act_data_folder.setText(self.tr("Mở &thư mục dữ liệu"))
        self.act_import_excel.setText(self.tr("&Nhập danh sách cơ sở từ Excel…"))
        self.menu_export.setTitle(self.tr("&Xuất ra Excel"))
        self.act_export_excel["facilities"].setText(self.tr("Danh sách &cơ sở…"))
        self.act_export_excel["surveys"].setText(self.tr("&Phiếu khảo sát…"))
        self.act_export_excel["proposals"].setText(self.tr("&Đề án…"))
        self.act_quit.setText(self.tr("T&hoát"))
        for area in AREAS:
            self.area_actions[area.key].setText(area.title)
        self.act_search.setText(self.tr("&Tìm kiếm"))
        self.act_refresh.setText(self.tr("&Làm mới"))
        self.act_settings.setText(self.tr("&Cài đặt…"))
        self.act_setup.setText(self.tr("Chạy lại &thiết lập ban đầu…"))
        self.act_shortcuts.setText(self.tr("&Phím tắt"))
        self.act_about.setText(self.tr("&Giới thiệu kcdesk"))
        self.status.retranslate()
        self.loading.retranslate()

    def _nav_width(self) -> int:
        metrics = self.nav.fontMetrics()
        widest = max(metrics.horizontalAdvance(a.title) for a in AREAS)
        # Logical pixels: Qt scales them on high-DPI screens.
        return widest + self.nav.iconSize().width() + 56

    # -- pages -----------------------------------------------------------------------------

    @property
    def current_key(self) -> str:
        row = self.nav.currentRow()
        return AREAS[row].key if 0 <= row < len(AREAS) else AREAS[0].key

    def page(self, key: str) -> QWidget:
        """The page of an area, built on first use."""
        page = self._pages.get(key)
        if page is None:
            page = self._make_page(next(a for a in AREAS if a.key == key))
            self._pages[key] = page
            self.stack.addWidget(page)
        return page

    def current_page(self) -> QWidget:
        return self.page(self.current_key)

    def _make_page(self, area: Area) -> QWidget:
        try:
            cls = load_view_class(area.target)
            return cls(self.state, None)
        except AreaMissing:
            return ComingSoonPage(area)
        except Exception:
            log.exception("cannot open the %s page", area.key)
            return PageErrorPage(area, str(log_path()), lambda k=area.key: self._retry(k))

    def _retry(self, key: str) -> None:
        self._drop_page(key)
        self.show_area(key)

    def _drop_page(self, key: str) -> None:
        page = self._pages.pop(key, None)
        if page is not None:
            self.stack.removeWidget(page)
            page.hide()
            page.setParent(None)  # out of the window at once; Qt frees it when it can
            page.deleteLater()

    def show_area(self, key: str) -> None:
        row = next((i for i, a in enumerate(AREAS) if a.key == key), 0)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)  # comes back through _on_nav_row
        else:
            self._on_nav_row(row)

    def _on_nav_row(self, row: int) -> None:
        if not 0 <= row < len(AREAS) or self.state.db is None:
            return
        area = AREAS[row]
        page = self.page(area.key)
        self.stack.setCurrentWidget(page)
        self.area_actions[area.key].setChecked(True)
        self.state.settings.setValue(prefs.LAST_PAGE, area.key)

    def open_record(self, kind: str, uuid: str) -> None:
        key = RECORD_AREAS.get(kind)
        if key is None:
            return
        self.show_area(key)
        handler = getattr(self.page(key), "open_record", None)
        if callable(handler):
            handler(kind, uuid)

    def _call_page(self, method: str, *args: object) -> bool:
        handler = getattr(self.current_page(), method, None)
        if callable(handler):
            handler(*args)
            return True
        return False

    def _new_record(self) -> None:
        if not self._call_page("new_record"):
            self.show_area("facilities")
            self._call_page("new_record")

    def _focus_search(self) -> None:
        self._call_page("focus_search")

    def _refresh(self) -> None:
        self._call_page("refresh")
        self.status.refresh()

    def _pages_agree_to_close(self) -> bool:
        for page in list(self._pages.values()):
            confirm = getattr(page, "confirm_close", None)
            if callable(confirm) and not confirm():
                return False
        return True

    def _rebuild_pages(self) -> None:
        current = self.current_key
        for key in list(self._pages):
            self._save_page_layout(self._pages[key])
            self._drop_page(key)
        self.show_area(current)

    # -- language, settings, set-up --------------------------------------------------------

    def _on_language_changed(self, _lang: str) -> None:
        self.retranslate()
        self._rebuild_pages()

    def open_settings(self) -> None:
        from kcdesk.gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(
            self.state,
            data_folder=str(data_dir()),
            can_rerun_setup=self._setup_wizard is not None,
            parent=self,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.apply_language(dialog.chosen_language())
        if dialog.wants_setup:
            self.rerun_setup()

    def apply_language(self, lang: str) -> bool:
        """Switch language now; pages are rebuilt, so they are asked first about unsaved work."""
        if lang == self.state.lang:
            return True
        if not self._pages_agree_to_close():
            return False
        self.state.set_language(lang)
        return True

    def rerun_setup(self) -> None:
        if self._setup_wizard is None or not self._pages_agree_to_close():
            return
        if self._setup_wizard(self):
            self.retranslate()
            self.state.notify("installation")

    # -- files -----------------------------------------------------------------------------

    def _open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(data_dir())))

    def _import_excel(self) -> None:
        from kcdesk.gui.excel import open_import_dialog

        open_import_dialog(self.state, self)

    def _export_excel(self, what: str) -> None:
        from kcdesk.gui.excel import open_export_dialog

        open_export_dialog(self.state, what, self)

    def _backup(self) -> None:
        from kcdesk.services.database import backup

        def done(path: Path) -> None:
            self.state.status_message.emit(self.tr("Đã sao lưu vào %1").replace("%1", str(path)))
            QMessageBox.information(
                self,
                self.tr("Đã sao lưu"),
                self.tr("Dữ liệu đã được sao lưu vào tệp:\n%1").replace("%1", str(path)),
            )

        self.state.tasks.call(
            backup, self.state.db.url, success=done, title=self.tr("Đang sao lưu…"), parent=self
        )

    def _restore(self) -> None:
        if self.state.db.path is None:
            from kcdesk.domain.errors import KcError

            show_error(
                self,
                KcError(
                    "Khôi phục chỉ áp dụng cho cơ sở dữ liệu SQLite trên máy này; với PostgreSQL "
                    "hãy dùng pg_restore.",
                    "Restore works on SQLite databases on this computer; for PostgreSQL use "
                    "pg_restore.",
                ),
                self.state.lang,
            )
            return
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Chọn bản sao lưu"),
            str(backups_dir()),
            self.tr("Cơ sở dữ liệu kcdesk (*.sqlite3 *.db);;Mọi tệp (*)"),
        )
        if not chosen:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Khôi phục từ bản sao lưu"),
            self.tr(
                "Dữ liệu hiện tại sẽ được thay bằng bản sao lưu “%1”. Trước khi thay, kcdesk giữ "
                "một bản sao của dữ liệu hiện tại trong thư mục sao lưu. Tiếp tục?"
            ).replace("%1", Path(chosen).name),
        )
        if answer != QMessageBox.StandardButton.Yes or not self._pages_agree_to_close():
            return
        self.restore_from(Path(chosen))

    def restore_from(self, backup_file: Path) -> bool:
        """Close the database, put the backup in its place, open it again, rebuild the pages."""
        from kcdesk.services.context import open_database
        from kcdesk.services.database import restore

        url = self.state.db.url
        for key in list(self._pages):
            self._drop_page(key)
        self.state.tasks.shutdown(10_000)
        self.state.db.close()
        ok = True
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            restore(backup_file, url)
        except Exception as exc:
            ok = False
            QApplication.restoreOverrideCursor()
            show_error(self, exc, self.state.lang)
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.state.db = open_database(url)
        except Exception as exc:
            QApplication.restoreOverrideCursor()
            show_error(self, exc, self.state.lang)
            self.close()
            return False
        QApplication.restoreOverrideCursor()
        self.retranslate()
        self.show_area(self.current_key)
        self.state.notify(ALL)
        if ok:
            self.state.status_message.emit(self.tr("Đã khôi phục dữ liệu từ bản sao lưu."))
        return ok

    # -- help ------------------------------------------------------------------------------

    def show_about(self) -> None:
        AboutDialog(str(data_dir()), self).exec()

    def show_shortcuts(self) -> None:
        native = QKeySequence.SequenceFormat.NativeText
        rows = [
            (a.text().replace("&", ""), a.shortcut().toString(native))
            for a in self.actions()
            if not a.shortcut().isEmpty()
        ]
        rows += [
            (self.tr("Mở cơ sở đang chọn"), "Enter"),
            (self.tr("Xóa cơ sở đang chọn"), "Delete"),
            (self.tr("Lưu trong hộp thoại"), "Enter / Ctrl+S"),
            (self.tr("Đóng hộp thoại, bỏ qua thay đổi"), "Esc"),
            (self.tr("Chuyển giữa các ô"), "Tab / Shift+Tab"),
        ]
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Phím tắt"))
        box = QVBoxLayout(dialog)
        table = "".join(
            f"<tr><td style='padding:2px 16px 2px 0'>{text}</td><td><b>{keys}</b></td></tr>"
            for text, keys in rows
        )
        label = QLabel(f"<table>{table}</table>")
        label.setTextFormat(Qt.TextFormat.RichText)
        box.addWidget(label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        box.addWidget(buttons)
        dialog.exec()

    # -- layout memory ---------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        settings = self.state.settings
        geometry = settings.value(prefs.GEOMETRY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 760)
        window_state = settings.value(prefs.WINDOW_STATE)
        if isinstance(window_state, QByteArray) and not window_state.isEmpty():
            self.restoreState(window_state)

    def _save_page_layout(self, page: QWidget) -> None:
        save = getattr(page, "save_layout", None)
        if callable(save):
            try:
                save()
            except Exception:
                log.exception("save_layout failed")

    def save_layout(self) -> None:
        settings = self.state.settings
        settings.setValue(prefs.GEOMETRY, self.saveGeometry())
        settings.setValue(prefs.WINDOW_STATE, self.saveState())
        if self.state.db is not None:
            settings.setValue(prefs.LAST_PAGE, self.current_key)
        for page in self._pages.values():
            self._save_page_layout(page)
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closing_confirmed and not self._pages_agree_to_close():
            event.ignore()
            return
        self._closing_confirmed = True
        self.save_layout()
        self.status.stop()
        self.state.tasks.cancel_all()
        event.accept()


def _installation_label(state: AppState) -> str:
    if state.db is None:
        return ""
    try:
        from kcdesk.services.installation import get_installation

        info = get_installation(state.db)
    except Exception:
        log.exception("cannot read the installation")
        return ""
    if info is None:
        return ""
    parts = [info.person_name, state.label(info.role)]
    if info.centre_name:
        parts.append(info.centre_name)
    elif info.province_name:
        parts.append(info.province_name)
    return " · ".join(p for p in parts if p)
