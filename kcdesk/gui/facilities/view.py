"""The Cơ sở page: the facility register with search, filters, the editor and each facility's
page beside the list."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QItemSelectionModel,
    QModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedLayout,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kcdesk.domain.entities import FacilityKind
from kcdesk.gui import prefs
from kcdesk.gui.facilities.model import COLUMN_KEYS, FacilityTableModel
from kcdesk.gui.facilities.page import FacilityPage
from kcdesk.gui.icons import icon
from kcdesk.gui.state import ALL, FACILITY, INSTALLATION
from kcdesk.gui.widgets.commune_picker import load_places
from kcdesk.vn.numbers import format_number

if TYPE_CHECKING:
    from kcdesk.gui.state import AppState
    from kcdesk.services.facilities import FacilityFilter, FacilityRow

log = logging.getLogger(__name__)

TABLE_NAME = "facilities"
SEARCH_DELAY_MS = 0  # see _on_search_text: merging happens while a search is running


translate = QCoreApplication.translate


def confirm_delete(parent: QWidget, name: str) -> bool:
    """Ask before deleting; the safe answer is the default one."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(translate("FacilitiesView", "Xóa cơ sở"))
    box.setText(translate("FacilitiesView", "Xóa cơ sở “%1”?").replace("%1", name))
    box.setInformativeText(
        translate(
            "FacilitiesView",
            "Cơ sở sẽ không còn trong danh sách. Việc xóa được ghi vào nhật ký và được gửi về "
            "tỉnh ở lần đồng bộ sau.",
        )
    )
    delete = box.addButton(
        translate("FacilitiesView", "Xóa"), QMessageBox.ButtonRole.DestructiveRole
    )
    keep = box.addButton(
        translate("FacilitiesView", "Không xóa"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(keep)  # Enter by habit must not delete
    box.exec()
    return box.clickedButton() is delete


class FacilityTable(QTableView):
    """Enter opens, Delete deletes: the keyboard works without the mouse."""

    def __init__(self, view: FacilitiesView) -> None:
        super().__init__(view)
        self._view = view

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._view.edit_current()
            return
        if event.key() == Qt.Key.Key_Delete:
            self._view.delete_current()
            return
        super().keyPressEvent(event)


class FacilitiesView(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName("facilities-view")
        self.model = FacilityTableModel(state, self)
        self._filter_values: dict[str, list[Any]] = {}
        self._pending_select: str | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 6)

        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("facility-search")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        top.addWidget(self.search, 3)
        self.add_button = QPushButton(icon("add"), "")
        self.add_button.setObjectName("add-facility")
        self.add_button.clicked.connect(self.new_record)
        top.addWidget(self.add_button)
        layout.addLayout(top)

        filters = QHBoxLayout()
        self.commune_filter = QComboBox()
        self.commune_filter.setObjectName("filter-commune")
        self.kind_filter = QComboBox()
        self.kind_filter.setObjectName("filter-kind")
        self.industry_filter = QComboBox()
        self.industry_filter.setObjectName("filter-industry")
        self.village_filter = QComboBox()
        self.village_filter.setObjectName("filter-village")
        for combo in (
            self.commune_filter,
            self.kind_filter,
            self.industry_filter,
            self.village_filter,
        ):
            # A fixed modest width (long craft-village names would widen the whole window past
            # a 1366×768 laptop at 150 %); the open list is as wide as its longest entry.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(9)
            combo.view().setMinimumWidth(320)
            combo.currentIndexChanged.connect(self._apply_filters)
            filters.addWidget(combo)
        self.clear_filters = QPushButton()
        self.clear_filters.setObjectName("clear-filters")
        self.clear_filters.clicked.connect(self.reset_filters)
        filters.addWidget(self.clear_filters)
        filters.addStretch(1)
        self.count = QLabel()
        self.count.setObjectName("facility-count")
        filters.addWidget(self.count)
        layout.addLayout(filters)
        for combo in (
            self.commune_filter,
            self.kind_filter,
            self.industry_filter,
            self.village_filter,
        ):
            filters.setStretchFactor(combo, 0)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.table = FacilityTable(self)
        self.table.setObjectName("facility-table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setSortingEnabled(True)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move in it
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.setStretchLastSection(True)
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        # Fixed row height: the view never measures 100,000 rows to lay them out.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        self._default_widths()

        self.empty = QLabel()
        self.empty.setObjectName("facility-empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.list_stack = QWidget()
        self._stack = QStackedLayout(self.list_stack)
        self._stack.addWidget(self.table)
        self._stack.addWidget(self.empty)
        self.splitter.addWidget(self.list_stack)
        self.page = FacilityPage(state)
        self.page.edit_requested.connect(self.edit_uuid)
        self.page.delete_requested.connect(self.delete_uuid)
        self.splitter.addWidget(self.page)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.list_stack.setMinimumWidth(320)
        self.page.setMinimumWidth(240)
        layout.addWidget(self.splitter, 1)

        self.setFocusProxy(self.search)
        QWidget.setTabOrder(self.search, self.add_button)
        QWidget.setTabOrder(self.add_button, self.commune_filter)
        QWidget.setTabOrder(self.commune_filter, self.kind_filter)
        QWidget.setTabOrder(self.kind_filter, self.industry_filter)
        QWidget.setTabOrder(self.industry_filter, self.village_filter)
        QWidget.setTabOrder(self.village_filter, self.clear_filters)
        QWidget.setTabOrder(self.clear_filters, self.table)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_filters)
        self.search.textChanged.connect(self._on_search_text)
        # Down from the search box goes to the list; Esc in the box clears it.
        for key, slot in (
            (Qt.Key.Key_Down, self._focus_table),
            (Qt.Key.Key_Escape, self.search.clear),
        ):
            shortcut = QShortcut(QKeySequence(key), self.search, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)

        self.model.total_changed.connect(self._show_count)
        self.model.loaded.connect(self._on_loaded)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.table.doubleClicked.connect(lambda _i: self.edit_current())
        state.data_changed.connect(self._on_data_changed)

        self.retranslate()
        self._restore_layout()
        self._fill_kind_filter()
        # The drop-down values wait for the first page: the list comes first at start-up.
        self.model.loaded.connect(self._first_loaded)
        self.model.reload()

    def _first_loaded(self) -> None:
        self.model.loaded.disconnect(self._first_loaded)
        self._load_filter_values()
        # Read the 3,321 communes while the person looks at the list, so that the editor's
        # commune field is ready the moment it opens.
        QTimer.singleShot(2000, self._read_places_ahead)

    def _read_places_ahead(self) -> None:
        if self.isVisible() and self.state.db is not None:
            load_places(self.state, lambda _book: None, quiet=True)

    # -- texts ---------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.search.setPlaceholderText(
            self.tr("Tìm theo tên, chủ cơ sở, mã số thuế, điện thoại, xã… (không cần dấu)")
        )
        self.add_button.setText(self.tr("Thêm cơ sở"))
        self.add_button.setToolTip(self.tr("Thêm cơ sở mới (Ctrl+N)"))
        self.clear_filters.setText(self.tr("Bỏ lọc"))
        self._show_count(self.model.total)

    def _show_count(self, total: int | None) -> None:
        if total is None:
            self.count.setText(self.tr("Đang đếm…"))
        elif self._is_filtered():
            self.count.setText(self.tr("Tìm thấy %1 cơ sở").replace("%1", format_number(total)))
        else:
            self.count.setText(self.tr("%1 cơ sở").replace("%1", format_number(total)))
        self._update_empty(total)

    def _update_empty(self, total: int | None) -> None:
        empty = total == 0 and self.model.rowCount() == 0
        if empty:
            self.empty.setText(
                self.tr("Không có cơ sở nào khớp với tìm kiếm hoặc bộ lọc.")
                if self._is_filtered()
                else self.tr("Chưa có cơ sở nào. Bấm “Thêm cơ sở” (Ctrl+N) để nhập cơ sở đầu tiên.")
            )
        self._stack.setCurrentWidget(self.empty if empty else self.table)

    # -- filters -------------------------------------------------------------------------------

    def _all_item(self, combo: QComboBox, text: str) -> None:
        combo.blockSignals(True)
        current = combo.currentData()
        combo.clear()
        combo.addItem(text, None)
        combo.setProperty("restore", current)
        combo.blockSignals(False)

    def _restore_choice(self, combo: QComboBox) -> None:
        combo.blockSignals(True)
        combo.setCurrentIndex(max(0, combo.findData(combo.property("restore"))))
        combo.blockSignals(False)

    def _fill_kind_filter(self) -> None:
        self._all_item(self.kind_filter, self.tr("Mọi loại hình"))
        for kind in FacilityKind:
            self.kind_filter.addItem(self.state.label(kind), kind.value)
        self._restore_choice(self.kind_filter)

    def _load_filter_values(self) -> None:
        from kcdesk.services.facilities import facility_filter_values

        self.state.tasks.call(
            facility_filter_values,
            self.state.db,
            success=self._filter_values_arrived,
            failure=lambda exc: log.warning("reading the filter values failed: %s", exc),
        )

    def _filter_values_arrived(self, values: dict[str, list[Any]]) -> None:
        self._filter_values = values
        self._all_item(self.commune_filter, self.tr("Mọi xã, phường"))
        for code, name in values.get("communes", []):
            self.commune_filter.addItem(name, code)
        self._restore_choice(self.commune_filter)
        self._all_item(self.industry_filter, self.tr("Mọi ngành"))
        for code in values.get("industries", []):
            self.industry_filter.addItem(code, code)
        self._restore_choice(self.industry_filter)
        self._all_item(self.village_filter, self.tr("Mọi làng nghề"))
        for village in values.get("craft_villages", []):
            self.village_filter.addItem(village, village)
        self._restore_choice(self.village_filter)

    def current_filter(self) -> FacilityFilter:
        from kcdesk.services.facilities import FacilityFilter

        commune = self.commune_filter.currentData()
        return FacilityFilter(
            search=self.search.text(),
            commune_code=int(commune) if commune is not None else None,
            kind=str(self.kind_filter.currentData() or ""),
            industry_code=str(self.industry_filter.currentData() or ""),
            craft_village=str(self.village_filter.currentData() or ""),
        )

    def _is_filtered(self) -> bool:
        from kcdesk.services.facilities import FacilityFilter

        flt = self.current_filter()
        return flt != FacilityFilter(search=flt.search) or bool(flt.search.strip())

    def _on_search_text(self, _text: str) -> None:
        # Each keystroke asks at once; while a search is running the model merges the next
        # keystrokes into one query for the latest text (a debounce that costs no waiting).
        self._search_timer.start()

    def _apply_filters(self) -> None:
        self.model.set_filter(self.current_filter())
        self.clear_filters.setEnabled(self._is_filtered())

    def reset_filters(self) -> None:
        for combo in (
            self.commune_filter,
            self.kind_filter,
            self.industry_filter,
            self.village_filter,
        ):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.clear()
        self._apply_filters()

    # -- selection and the facility page -------------------------------------------------------

    def current_facility(self) -> FacilityRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.page.show_facility(self.model.row_at(current.row()) if current.isValid() else None)

    def _on_loaded(self) -> None:
        wanted = self._pending_select or (self.page.facility.uuid if self.page.facility else None)
        self._pending_select = None
        row = self.model.find_row(wanted) if wanted else -1
        if row >= 0:
            self.select_row(row)
        elif self.page.facility is not None:
            self.page.show_facility(None)
        self._update_empty(self.model.total)

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def _focus_table(self) -> None:
        self.table.setFocus()
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.select_row(0)

    # -- actions -------------------------------------------------------------------------------

    def new_record(self) -> None:
        from kcdesk.gui.facilities.editor import FacilityEditor

        editor = FacilityEditor(self.state, None, self)
        editor.saved.connect(self._after_create)
        editor.exec()

    def _after_create(self, row: FacilityRow) -> None:
        self._pending_select = row.uuid
        self.page.show_facility(row)

    def edit_current(self) -> None:
        facility = self.current_facility()
        if facility is not None:
            self.edit_facility(facility)

    def edit_uuid(self, uuid: str) -> None:
        from kcdesk.services.facilities import get_facility

        self.state.tasks.call(get_facility, self.state.db, uuid, success=self.edit_facility)

    def edit_facility(self, facility: FacilityRow) -> None:
        from kcdesk.gui.facilities.editor import FacilityEditor

        editor = FacilityEditor(self.state, facility, self)
        editor.saved.connect(self._after_edit)
        editor.deleted.connect(self._after_delete)
        editor.exec()

    def _after_edit(self, row: FacilityRow) -> None:
        self.model.replace_row(row)
        if self.page.facility is None or self.page.facility.uuid == row.uuid:
            self.page.show_facility(row)

    def delete_current(self) -> None:
        facility = self.current_facility()
        if facility is not None:
            self.delete_facility(facility.uuid, facility.name)

    def delete_uuid(self, uuid: str) -> None:
        row = self.model.find_row(uuid)
        facility = self.model.row_at(row) if row >= 0 else self.page.facility
        self.delete_facility(uuid, facility.name if facility else "")

    def delete_facility(self, uuid: str, name: str) -> None:
        if not confirm_delete(self, name):
            return
        from kcdesk.services.facilities import delete_facility

        self.state.tasks.call(
            delete_facility,
            self.state.db,
            uuid,
            success=lambda _r: self._after_delete(uuid),
        )

    def _after_delete(self, uuid: str) -> None:
        row = self.model.find_row(uuid)
        self.model.remove_uuid(uuid)
        if self.page.facility is not None and self.page.facility.uuid == uuid:
            self.page.show_facility(None)
        if self.model.rowCount():
            self.select_row(min(max(row, 0), self.model.rowCount() - 1))
        self._update_empty(self.model.total)
        self.state.status_message.emit(self.tr("Đã xóa cơ sở."))
        self.state.notify(FACILITY)

    def open_record(self, kind: str, uuid: str) -> None:
        if kind != FACILITY:
            return
        row = self.model.find_row(uuid)
        if row >= 0:
            self.select_row(row)
        self.edit_uuid(uuid)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def refresh(self) -> None:
        self.model.reload()
        self._load_filter_values()

    def _on_data_changed(self, kind: str) -> None:
        if kind in (FACILITY, ALL):
            # Another page or an import changed facilities: refresh what is shown, keep the place.
            self.model.reload()
            self._load_filter_values()
        elif kind in ("survey", "proposal") and self.page.facility is not None:
            self.page.show_facility(self.page.facility)
        elif kind == INSTALLATION:
            self._load_filter_values()

    # -- layout memory -------------------------------------------------------------------------

    def _default_widths(self) -> None:
        widths = {"name": 280, "kind": 120, "owner_name": 170, "commune": 150, "phone": 110,
                  "tax_code": 120, "craft_village": 190, "industry_code": 80}  # fmt: skip
        for column, key in enumerate(COLUMN_KEYS):
            if key in widths:
                self.table.setColumnWidth(column, widths[key])

    def _restore_layout(self) -> None:
        settings = self.state.settings
        header = settings.value(prefs.header_key(TABLE_NAME))
        if isinstance(header, QByteArray) and not header.isEmpty():
            self.table.horizontalHeader().restoreState(header)
        splitter = settings.value(prefs.header_key(TABLE_NAME) + "-splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([720, 420])
        # The restored header carries the sort the person last chose: ask the model for it.
        header_view = self.table.horizontalHeader()
        self.model.sort(header_view.sortIndicatorSection(), header_view.sortIndicatorOrder())

    def save_layout(self) -> None:
        settings = self.state.settings
        settings.setValue(prefs.header_key(TABLE_NAME), self.table.horizontalHeader().saveState())
        settings.setValue(prefs.header_key(TABLE_NAME) + "-splitter", self.splitter.saveState())

    def confirm_close(self) -> bool:
        return True  # edits happen in modal dialogs, which ask before closing themselves
