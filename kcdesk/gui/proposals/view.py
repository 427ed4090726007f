"""The proposals area: the list (status, year, category, funding source, commune, search) and the
editor; new proposals, printing, the support-cap rules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kcdesk.domain.errors import KcError
from kcdesk.domain.proposals.status import FundingSource, ProposalStatus, funding_label
from kcdesk.gui.proposals.dialogs import RulesDialog
from kcdesk.gui.proposals.editor import ProposalEditor, choose_pdf, run_print
from kcdesk.gui.proposals.model import ProposalsModel
from kcdesk.gui.widgets.commune_picker import CommunePicker
from kcdesk.vn.numbers import format_number

if TYPE_CHECKING:
    from kcdesk.gui.state import AppState
    from kcdesk.services.proposal_list import ProposalFilter


class ProposalsView(QWidget):
    """Built by the main window as ``ProposalsView(state)``."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.stack = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        self.list_page = QWidget(self.stack)
        box = QVBoxLayout(self.list_page)
        filters = QHBoxLayout()
        self.search = QLineEdit(self.list_page)
        self.search.setObjectName("proposal-search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Tìm theo tên đề án (không cần dấu)…"))
        self.status_filter = QComboBox(self.list_page)
        self.status_filter.setObjectName("filter-status")
        self.status_filter.addItem(self.tr("Mọi trạng thái"), None)
        for status in ProposalStatus:
            self.status_filter.addItem(state.label(status), status.value)
        self.year_filter = QComboBox(self.list_page)
        self.year_filter.setObjectName("filter-year")
        self.category_filter = QComboBox(self.list_page)
        self.category_filter.setObjectName("filter-category")
        self.funding_filter = QComboBox(self.list_page)
        self.funding_filter.setObjectName("filter-funding")
        self.funding_filter.addItem(self.tr("Mọi nguồn kinh phí"), None)
        for source in FundingSource:
            self.funding_filter.addItem(funding_label(source, state.lang), source.value)
        self.commune_filter = CommunePicker(state, self.list_page)
        filters.addWidget(self.search, 2)
        for combo in (self.status_filter, self.year_filter, self.category_filter,
                      self.funding_filter):  # fmt: skip
            filters.addWidget(combo)
        filters.addWidget(self.commune_filter, 1)
        box.addLayout(filters)

        self.model = ProposalsModel(state, self)
        self.table = QTableView(self.list_page)
        self.table.setObjectName("proposals-table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 240), (2, 60), (3, 130), (4, 220), (5, 170)):
            header.resizeSection(column, width)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        box.addWidget(self.table, 1)

        actions = QHBoxLayout()
        self.count_label = QLabel(self.list_page)
        self.count_label.setObjectName("proposal-count")
        actions.addWidget(self.count_label, 1)
        self.new_button = QPushButton(self.tr("Đề án mới"), self.list_page)
        self.new_button.setObjectName("proposal-new")
        self.open_button = QPushButton(self.tr("Mở"), self.list_page)
        self.print_button = QPushButton(self.tr("In / Xuất PDF…"), self.list_page)
        self.delete_button = QPushButton(self.tr("Xóa"), self.list_page)
        self.rules_button = QPushButton(self.tr("Quy định mức hỗ trợ…"), self.list_page)
        for b in (self.new_button, self.open_button, self.print_button, self.delete_button,
                  self.rules_button):  # fmt: skip
            actions.addWidget(b)
        box.addLayout(actions)
        self.stack.addWidget(self.list_page)

        self.editor = ProposalEditor(state, self.stack)
        self.stack.addWidget(self.editor)
        self.editor.closed.connect(self._editor_closed)

        self.new_button.clicked.connect(self.new_proposal)
        self.open_button.clicked.connect(self.open_selected)
        self.print_button.clicked.connect(self.print_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.rules_button.clicked.connect(self.show_rules)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        for combo in (self.status_filter, self.year_filter, self.category_filter,
                      self.funding_filter):  # fmt: skip
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.commune_filter.changed.connect(lambda _c: self.reload())
        state.data_changed.connect(self._data_changed)
        self.fill_filter_values()
        self.reload()

    # --- list --------------------------------------------------------------------------------

    def fill_filter_values(self) -> None:
        """Years present and the categories; the current choices are kept."""
        from kcdesk.services.proposals import proposal_filter_values

        values = proposal_filter_values(self.state.db)
        for combo, first, items in (
            (self.year_filter, self.tr("Mọi năm"), [(y, str(y)) for y in values["years"]]),
            (self.category_filter, self.tr("Mọi nội dung"), values["categories"]),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, None)
            for data, text in items:
                combo.addItem(text, data)
            index = combo.findData(current) if current is not None else 0
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

    def current_filter(self) -> ProposalFilter:
        from kcdesk.services.proposals import ProposalFilter

        return ProposalFilter(
            status=self.status_filter.currentData(),
            year=self.year_filter.currentData(),
            category=self.category_filter.currentData(),
            funding_source=self.funding_filter.currentData(),
            commune_code=self.commune_filter.code(),
            search=self.search.text(),
        )

    def reload(self) -> None:
        self.model.flt = self.current_filter()
        self.model.reload()
        self.count_label.setText(self.tr("%1 đề án").replace("%1", format_number(self.model.total)))
        has = self.model.total > 0
        for button in (self.open_button, self.print_button, self.delete_button):
            button.setEnabled(has)

    def _data_changed(self, kind: str) -> None:
        if kind in ("proposal", "facility", "sync", "*"):
            self.fill_filter_values()
            if self.stack.currentWidget() is self.list_page:
                self.reload()

    def selected_uuid(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.rows[index.row()].uuid

    # --- actions -----------------------------------------------------------------------------

    def open_record(self, kind: str, uuid: str) -> None:
        """From elsewhere in the window: ``("proposal", uuid)`` opens it; ``("facility", uuid)``
        starts a new proposal for that facility."""
        if kind == "proposal":
            self.open_proposal(uuid)
        elif kind == "facility":
            from kcdesk.services.facilities import get_facility

            facility = get_facility(self.state.db, uuid)
            if self.new_proposal():
                self.editor.add_beneficiary_uuid(facility.uuid, facility.name)

    def _leave_editor(self) -> bool:
        return self.stack.currentWidget() is not self.editor or self.editor.close_editor()

    def open_proposal(self, uuid: str) -> None:
        from kcdesk.gui.errors import show_error
        from kcdesk.services.proposals import get_proposal

        if not self._leave_editor():
            return
        try:
            detail = get_proposal(self.state.db, uuid)
        except KcError as exc:
            show_error(self, exc, self.state.lang)
            return
        self.editor.load(detail)
        self.stack.setCurrentWidget(self.editor)

    def open_selected(self) -> None:
        uuid = self.selected_uuid()
        if uuid:
            self.open_proposal(uuid)

    def new_proposal(self) -> bool:
        if not self._leave_editor():
            return False
        self.editor.new()
        self.stack.setCurrentWidget(self.editor)
        return True

    def _editor_closed(self) -> None:
        self.stack.setCurrentWidget(self.list_page)
        self.reload()

    def print_selected(self) -> None:
        uuid = self.selected_uuid()
        if not uuid:
            return
        row = self.model.rows[self.table.currentIndex().row()]
        out = choose_pdf(self, f"Đề án - {row.title}")
        if out is not None:
            run_print(self.state, self, uuid, out)

    def delete_selected(self) -> None:
        from kcdesk.gui.errors import show_error
        from kcdesk.services.proposals import delete_proposal

        uuid = self.selected_uuid()
        if not uuid:
            return
        row = self.model.rows[self.table.currentIndex().row()]
        answer = QMessageBox.question(
            self,
            self.tr("Xóa đề án"),
            self.tr("Xóa đề án nháp “%1”? Việc xóa cũng được gửi đi khi đồng bộ.").replace(
                "%1", row.title
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            delete_proposal(self.state.db, uuid)
        except KcError as exc:
            show_error(self, exc, self.state.lang)
            return
        self.state.notify("proposal")

    def show_rules(self) -> None:
        RulesDialog(self.state, self).exec()

    def closeEvent(self, event: Any) -> None:
        if self.stack.currentWidget() is self.editor and not self.editor.close_editor():
            event.ignore()
            return
        super().closeEvent(event)
