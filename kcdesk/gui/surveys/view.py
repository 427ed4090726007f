"""The surveys area: the list (per facility, per commune, by status and date, with search) and
the editor; printing one survey, the listed ones in a batch, or the blank form."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kcdesk.gui.surveys.editor import SurveyEditor
from kcdesk.gui.surveys.printing import choose_pdf, run_print
from kcdesk.vn.dates import format_date, parse_date

if TYPE_CHECKING:
    from kcdesk.gui.state import AppState
    from kcdesk.services.surveys import SurveyRow

PAGE = 200
Index = QModelIndex | QPersistentModelIndex


@dataclass
class SurveyFilter:
    search: str = ""
    status: str | None = None
    commune_code: int | None = None
    facility_uuid: str | None = None
    date_from: date | None = None
    date_to: date | None = None

    def kwargs(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _guarded(method: Any) -> Any:
    """A button's action: a KcError (survey gone, form version not installed …) is explained
    in a dialog instead of escaping into Qt's event loop."""

    @functools.wraps(method)
    def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:
            from kcdesk.gui.errors import show_error

            show_error(self, exc, self.state.lang)
            return None

    return run


class SurveysModel(QAbstractTableModel):
    """Pages of the survey list fetched from SQL as the view scrolls."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.rows: list[SurveyRow] = []
        self.total = 0
        self.flt = SurveyFilter()
        self.order = "date"
        self.descending = True

    def headers(self) -> list[str]:
        return [
            self.tr("Cơ sở"),
            self.tr("Xã/phường"),
            self.tr("Ngày khảo sát"),
            self.tr("Tình trạng"),
            self.tr("Người khảo sát"),
            self.tr("Mẫu"),
        ]

    def reload(self) -> None:
        from kcdesk.services.surveys import count_surveys, list_surveys

        self.beginResetModel()
        self.total = count_surveys(self.state.db, **self.flt.kwargs())
        self.rows = list_surveys(
            self.state.db,
            **self.flt.kwargs(),
            order=self.order,
            descending=self.descending,
            limit=PAGE,
        )
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: Index) -> None:
        from kcdesk.services.surveys import list_surveys

        more = list_surveys(
            self.state.db,
            **self.flt.kwargs(),
            order=self.order,
            descending=self.descending,
            offset=len(self.rows),
            limit=PAGE,
        )
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        r = self.rows[index.row()]
        col = index.column()
        if col == 0:
            return r.facility_name
        if col == 1:
            return r.commune_name
        if col == 2:
            return format_date(r.survey_date)
        if col == 3:
            return self.tr("Hoàn thành") if r.status == "complete" else self.tr("Bản nháp")
        if col == 4:
            return r.surveyor
        return f"{r.form_id} v{r.form_version}"

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.order = {
            0: "facility",
            1: "commune",
            2: "date",
            3: "status",
            4: "surveyor",
            5: "form",
        }.get(column, "date")
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()


class FacilityChooser(QDialog):
    """Pick the facility a new survey is about (search without diacritics)."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setWindowTitle(self.tr("Chọn cơ sở để khảo sát"))
        self.resize(520, 420)
        box = QVBoxLayout(self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Tìm cơ sở (tên, chủ cơ sở, xã…)"))
        self.list = QListWidget(self)
        box.addWidget(self.search)
        box.addWidget(self.list, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        self.search.textChanged.connect(lambda _t: self.fill())
        self.list.itemActivated.connect(lambda _i: self.accept())
        self.fill()

    def fill(self) -> None:
        from kcdesk.services.facilities import FacilityFilter, list_facilities

        self.list.clear()
        for f in list_facilities(
            self.state.db, FacilityFilter(search=self.search.text()), limit=100
        ):
            item = QListWidgetItem(f"{f.name} — {f.commune_name}" if f.commune_name else f.name)
            item.setData(Qt.ItemDataRole.UserRole, f.uuid)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))


class SurveysView(QWidget):
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
        self.search.setObjectName("survey-search")
        self.search.setPlaceholderText(self.tr("Tìm theo cơ sở, chủ cơ sở, xã, người khảo sát…"))
        self.status_filter = QComboBox(self.list_page)
        self.status_filter.addItem(self.tr("Mọi tình trạng"), None)
        self.status_filter.addItem(self.tr("Bản nháp"), "draft")
        self.status_filter.addItem(self.tr("Hoàn thành"), "complete")
        from kcdesk.gui.widgets.commune_picker import CommunePicker

        self.commune_filter = CommunePicker(state, self.list_page)
        self.date_from = QLineEdit(self.list_page)
        self.date_to = QLineEdit(self.list_page)
        for edit, hint in (
            (self.date_from, self.tr("từ ngày")),
            (self.date_to, self.tr("đến ngày")),
        ):
            edit.setPlaceholderText(hint)
            edit.setMaximumWidth(110)
        filters.addWidget(self.search, 2)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.commune_filter, 1)
        filters.addWidget(self.date_from)
        filters.addWidget(self.date_to)
        box.addLayout(filters)
        self.facility_note = QLabel(self.list_page)
        self.facility_note.setOpenExternalLinks(False)
        self.facility_note.linkActivated.connect(lambda _l: self.show_facility(None))
        self.facility_note.hide()
        box.addWidget(self.facility_note)

        self.model = SurveysModel(state, self)
        self.table = QTableView(self.list_page)
        self.table.setObjectName("surveys-table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSortIndicator(2, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)  # newest survey first
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        box.addWidget(self.table, 1)

        actions = QHBoxLayout()
        self.count_label = QLabel(self.list_page)
        actions.addWidget(self.count_label, 1)
        self.new_button = QPushButton(self.tr("Khảo sát mới…"), self.list_page)
        self.open_button = QPushButton(self.tr("Mở"), self.list_page)
        self.print_button = QPushButton(self.tr("In / Xuất PDF…"), self.list_page)
        self.batch_button = QPushButton(self.tr("In cả danh sách…"), self.list_page)
        self.blank_button = QPushButton(self.tr("Phiếu trắng…"), self.list_page)
        self.delete_button = QPushButton(self.tr("Xóa"), self.list_page)
        for b in (
            self.new_button,
            self.open_button,
            self.print_button,
            self.batch_button,
            self.blank_button,
            self.delete_button,
        ):
            actions.addWidget(b)
        box.addLayout(actions)
        self.stack.addWidget(self.list_page)

        self.editor = SurveyEditor(state, self.stack)
        self.stack.addWidget(self.editor)
        self.editor.closed.connect(self._editor_closed)
        self.editor.print_requested.connect(self.print_survey)

        self.new_button.clicked.connect(self.new_survey)
        self.open_button.clicked.connect(self.open_selected)
        self.print_button.clicked.connect(lambda: self.print_survey(self._selected_uuid()))
        self.batch_button.clicked.connect(self.print_listed)
        self.blank_button.clicked.connect(self.print_blank)
        self.delete_button.clicked.connect(self.delete_selected)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.status_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.commune_filter.changed.connect(lambda _c: self.reload())
        self.date_from.editingFinished.connect(self.reload)
        self.date_to.editingFinished.connect(self.reload)
        state.data_changed.connect(self._data_changed)
        self.reload()
        QTimer.singleShot(0, self.offer_drafts)

    # --- list ---------------------------------------------------------------------------------

    def current_filter(self) -> SurveyFilter:
        def day(edit: QLineEdit) -> date | None:
            try:
                edit.setStyleSheet("")
                return parse_date(edit.text())
            except ValueError:
                edit.setStyleSheet("color: #b00020;")
                return None

        return SurveyFilter(
            search=self.search.text(),
            status=self.status_filter.currentData(),
            commune_code=self.commune_filter.code(),
            facility_uuid=self.model.flt.facility_uuid,
            date_from=day(self.date_from),
            date_to=day(self.date_to),
        )

    def reload(self) -> None:
        self.model.flt = self.current_filter()
        self.model.reload()
        self.count_label.setText(
            self.tr("%1 phiếu").replace("%1", f"{self.model.total:,}".replace(",", "."))
        )
        has = self.model.total > 0
        self.batch_button.setEnabled(has)

    def show_facility(self, facility_uuid: str | None, name: str = "") -> None:
        """List only the surveys of one facility (``None`` lists all again)."""
        self.model.flt.facility_uuid = facility_uuid
        if facility_uuid:
            only = self.tr("Chỉ các phiếu của %1").replace("%1", name)
            clear = self.tr("bỏ lọc")
            self.facility_note.setText(f'{only} · <a href="#">{clear}</a>')
            self.facility_note.show()
        else:
            self.facility_note.hide()
        self.reload()

    def _data_changed(self, kind: str) -> None:
        if (
            kind in ("survey", "facility", "*", "sync")
            and self.stack.currentWidget() is self.list_page
        ):
            self.reload()

    def _selected_uuid(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.rows[index.row()].uuid

    # --- editing ------------------------------------------------------------------------------

    def open_record(self, kind: str, uuid: str) -> None:
        """From elsewhere in the window: ``("survey", uuid)`` opens a survey; ``("new-survey",
        facility_uuid)`` starts a new survey of that facility; ``("facility", uuid)`` lists
        that facility's surveys."""
        if kind == "survey":
            self.open_survey(uuid)
        elif kind == "new-survey":
            self.start_survey(uuid)
        elif kind == "facility":
            from kcdesk.services.facilities import get_facility

            self.show_facility(uuid, get_facility(self.state.db, uuid).name)

    @_guarded
    def open_survey(self, uuid: str, answers: dict[str, Any] | None = None) -> None:
        from kcdesk.services.surveys import get_definition, get_survey

        if self.stack.currentWidget() is self.editor and not self.editor.close_editor():
            return
        detail = get_survey(self.state.db, uuid)
        definition = get_definition(self.state.db, detail.form_id, detail.form_version)
        self.editor.load(detail, definition, answers)
        self.stack.setCurrentWidget(self.editor)

    def open_selected(self) -> None:
        uuid = self._selected_uuid()
        if uuid:
            self.open_survey(uuid)

    @_guarded
    def start_survey(self, facility_uuid: str) -> None:
        from kcdesk.services.surveys import create_survey

        detail = create_survey(self.state.db, facility_uuid)
        self.state.notify("survey")
        self.open_survey(detail.uuid)

    @_guarded
    def new_survey(self) -> None:
        chooser = FacilityChooser(self.state, self)
        if chooser.exec() == QDialog.DialogCode.Accepted and chooser.chosen():
            self.start_survey(str(chooser.chosen()))

    def _editor_closed(self) -> None:
        self.stack.setCurrentWidget(self.list_page)
        self.reload()

    @_guarded
    def delete_selected(self) -> None:
        from kcdesk.services.surveys import delete_survey

        uuid = self._selected_uuid()
        if not uuid:
            return
        row = self.model.rows[self.table.currentIndex().row()]
        answer = QMessageBox.question(
            self,
            self.tr("Xóa phiếu khảo sát"),
            self.tr("Xóa phiếu khảo sát của “%1”? Việc xóa cũng được gửi đi khi đồng bộ.").replace(
                "%1", row.facility_name
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            delete_survey(self.state.db, uuid)
            self.state.notify("survey")

    def offer_drafts(self) -> None:
        """After a crash: offer back what was being typed and never saved."""
        from kcdesk.services.surveys import discard_draft, pending_drafts

        try:
            drafts = pending_drafts(self.state.db)
        except Exception:
            return
        for draft in drafts:
            when = draft.saved_at.astimezone().strftime("%H:%M %d/%m/%Y")
            answer = QMessageBox.question(
                self,
                self.tr("Khôi phục phiếu chưa lưu"),
                self.tr(
                    "kcdesk đã đóng khi phiếu khảo sát của “%1” chưa được lưu (bản tự lưu "
                    "lúc %2). Mở lại để tiếp tục?"
                )
                .replace("%1", draft.facility_name)
                .replace("%2", when),
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.open_survey(draft.survey_uuid, draft.answers)
                return
            discard_draft(self.state.db, draft.survey_uuid)

    # --- printing -----------------------------------------------------------------------------

    @_guarded
    def print_survey(self, uuid: str | None) -> None:
        from kcdesk.services.surveys import get_survey

        if not uuid:
            return
        detail = get_survey(self.state.db, uuid)
        out = choose_pdf(self, f"Phiếu khảo sát - {detail.facility_name}")
        if out is None:
            return
        db, lang = self.state.db, self.state.lang

        def work(_progress: Any, _cancelled: Any) -> Any:
            from kcdesk.services.survey_print import print_survey

            return print_survey(db, uuid, out, lang if lang == "en" else "vi")

        run_print(self.state, self, self.tr("Đang in phiếu khảo sát…"), work)

    @_guarded
    def print_listed(self) -> None:
        flt = self.current_filter()
        total = self.model.total
        out = choose_pdf(self, self.tr("Phiếu khảo sát (%1 phiếu)").replace("%1", str(total)))
        if out is None:
            return
        db = self.state.db

        def work(progress: Any, cancelled: Any) -> Any:
            from kcdesk.services.survey_print import print_surveys

            return print_surveys(db, out, progress=progress, cancelled=cancelled, **flt.kwargs())

        run_print(
            self.state, self, self.tr("Đang in %1 phiếu khảo sát…").replace("%1", str(total)), work
        )

    @_guarded
    def print_blank(self) -> None:
        out = choose_pdf(self, self.tr("Phiếu khảo sát trắng"))
        if out is None:
            return
        db = self.state.db

        def work(_progress: Any, _cancelled: Any) -> Any:
            from kcdesk.services.survey_print import print_blank_form

            return print_blank_form(db, out)

        run_print(self.state, self, self.tr("Đang in phiếu trắng…"), work)

    def confirm_close(self) -> bool:
        """The window is closing (or rebuilding its pages): save the survey being edited."""
        if self.stack.currentWidget() is self.editor and self.editor.detail is not None:
            return self.editor.close_editor()
        return True

    def closeEvent(self, event: Any) -> None:
        if self.stack.currentWidget() is self.editor:
            self.editor.close_editor()
        super().closeEvent(event)
