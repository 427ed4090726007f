"""Nhập cơ sở từ Excel: pick the file and sheet, confirm or change the column mapping, look at
every row (new, same as a facility already registered, invalid — with the reasons), choose what
to do with the duplicates, then write in one go and keep a report beside the file.

Reading, checking and writing run through ``state.tasks`` with progress and Cancel; the dialog
never holds an ORM object, only the plain preview the import service returns.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kcdesk.gui.excel.preview_model import (
    ACTION_COLUMN,
    ActionDelegate,
    PreviewModel,
    StatusFilter,
)

if TYPE_CHECKING:
    from kcdesk.gui.state import AppState
    from kcdesk.services.excel_import import ImportPreview, ImportResult

PAGE_FILE, PAGE_MAPPING, PAGE_PREVIEW, PAGE_DONE = range(4)
EXCEL_FILTER = "Excel (*.xlsx *.xlsm)"
_UNITS = (1, 1_000, 1_000_000, 1_000_000_000)


def _cancelled_to(exc_type: type[BaseException]) -> Any:
    """Services stop with InterruptedError; the task helper reports Cancelled as cancelled."""

    def wrap(fn: Any) -> Any:
        def run(progress: Any, cancelled: Any) -> Any:
            try:
                return fn(progress, cancelled)
            except InterruptedError as exc:
                raise exc_type() from exc

        return run

    return wrap


class ImportDialog(QDialog):
    """``ImportDialog(state, parent, path=None)``; ``imported`` is emitted after a write."""

    imported = Signal(object)  # ImportResult

    def __init__(self, state: AppState, parent: QWidget | None = None, path: Path | None = None):
        super().__init__(parent)
        self.state = state
        self.preview: ImportPreview | None = None
        self.result: ImportResult | None = None
        self.busy = False
        self._mapping_dirty = False
        self._next_page = PAGE_MAPPING
        self.setWindowTitle(self.tr("Nhập danh sách cơ sở từ Excel"))
        self.resize(1100, 680)
        outer = QVBoxLayout(self)
        self.steps = QLabel(self)
        outer.addWidget(self.steps)
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a4262c; font-weight: bold;")
        self.error.hide()
        outer.addWidget(self.error)
        self.pages = QStackedWidget(self)
        outer.addWidget(self.pages, 1)
        self.pages.addWidget(self._file_page())
        self.pages.addWidget(self._mapping_page())
        self.pages.addWidget(self._preview_page())
        self.pages.addWidget(self._done_page())
        buttons = QHBoxLayout()
        self.back_button = QPushButton(self.tr("< Quay lại"), self)
        self.next_button = QPushButton(self.tr("Tiếp >"), self)
        self.import_button = QPushButton(self.tr("Nhập vào danh sách"), self)
        self.close_button = QPushButton(self.tr("Đóng"), self)
        self.next_button.setDefault(True)
        buttons.addStretch(1)
        for b in (self.back_button, self.next_button, self.import_button, self.close_button):
            buttons.addWidget(b)
        outer.addLayout(buttons)
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        self.import_button.clicked.connect(self.write)
        self.close_button.clicked.connect(self.reject)
        self._show(PAGE_FILE)
        if path is not None:
            self.set_file(Path(path))

    # --- pages -----------------------------------------------------------------------------------

    def _file_page(self) -> QWidget:
        page = QWidget(self)
        grid = QGridLayout(page)
        grid.addWidget(QLabel(self.tr("Tệp Excel (.xlsx):"), page), 0, 0)
        self.path_edit = QLineEdit(page)
        self.path_edit.setPlaceholderText(self.tr("Chọn tệp danh sách cơ sở…"))
        self.path_edit.editingFinished.connect(lambda: self.set_file(Path(self.path_edit.text())))
        grid.addWidget(self.path_edit, 0, 1)
        browse = QPushButton(self.tr("Chọn tệp…"), page)
        browse.clicked.connect(self.browse)
        grid.addWidget(browse, 0, 2)
        grid.addWidget(QLabel(self.tr("Trang tính:"), page), 1, 0)
        self.sheet_combo = QComboBox(page)
        grid.addWidget(self.sheet_combo, 1, 1)
        hint = QLabel(self.tr(
            "kcdesk tự tìm dòng tiêu đề, bỏ qua các dòng tiêu đề trang, dòng trống, dòng số thứ "
            "tự cột (1), (2)… và dòng “Tổng cộng”; chữ TCVN3 (.VnTime) và VNI được chuyển sang "
            "Unicode theo phông chữ của từng ô. Chưa có gì được ghi cho đến khi bạn bấm "
            "“Nhập vào danh sách”."
        ), page)  # fmt: skip
        hint.setWordWrap(True)
        grid.addWidget(hint, 2, 0, 1, 3)
        grid.setRowStretch(3, 1)
        return page

    def _mapping_page(self) -> QWidget:
        page = QWidget(self)
        box = QVBoxLayout(page)
        top = QHBoxLayout()
        self.mapping_info = QLabel(page)
        self.mapping_info.setWordWrap(True)
        top.addWidget(self.mapping_info, 1)
        top.addWidget(QLabel(self.tr("Dòng tiêu đề:"), page))
        self.header_spin = QSpinBox(page)
        self.header_spin.setRange(1, 1_000_000)
        self.header_spin.valueChanged.connect(self._mark_dirty)
        top.addWidget(self.header_spin)
        box.addLayout(top)
        self.mapping_table = QTableWidget(0, 5, page)
        self.mapping_table.setHorizontalHeaderLabels([
            self.tr("Cột"), self.tr("Tiêu đề trong tệp"), self.tr("Ví dụ"),
            self.tr("Nhập vào trường"), self.tr("Đơn vị tiền"),
        ])  # fmt: skip
        self.mapping_table.verticalHeader().hide()
        self.mapping_table.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.Stretch
        )
        box.addWidget(self.mapping_table, 1)
        note = QLabel(self.tr(
            "Kiểm tra cột nào nhập vào trường nào; chọn “(không nhập)” để bỏ một cột. Cách ghép "
            "bạn chọn được nhớ cho các tệp cùng mẫu."
        ), page)  # fmt: skip
        note.setWordWrap(True)
        box.addWidget(note)
        return page

    def _preview_page(self) -> QWidget:
        page = QWidget(self)
        box = QVBoxLayout(page)
        self.summary = QLabel(page)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        box.addWidget(self.summary)
        self.notes = QLabel(page)
        self.notes.setWordWrap(True)
        box.addWidget(self.notes)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Xem:"), page))
        self.filter_combo = QComboBox(page)
        for label, key in ((self.tr("Tất cả các dòng"), ""), (self.tr("Dòng mới"), "new"),
                           (self.tr("Dòng trùng"), "matched"), (self.tr("Dòng lỗi"), "invalid"),
                           (self.tr("Dòng có cảnh báo"), "warnings")):  # fmt: skip
            self.filter_combo.addItem(label, key)
        self.filter_combo.currentIndexChanged.connect(
            lambda _i: self.proxy.set_wanted(self.filter_combo.currentData())
        )
        bar.addWidget(self.filter_combo)
        self.update_all = QPushButton(self.tr("Cập nhật mọi cơ sở trùng"), page)
        self.update_all.clicked.connect(lambda: self.set_all_matched("update"))
        self.skip_all = QPushButton(self.tr("Bỏ qua mọi dòng trùng"), page)
        self.skip_all.clicked.connect(lambda: self.set_all_matched("skip"))
        bar.addStretch(1)
        bar.addWidget(self.update_all)
        bar.addWidget(self.skip_all)
        box.addLayout(bar)
        self.model = PreviewModel(self)
        self.proxy = StatusFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(page)
        self.table.setModel(self.proxy)
        self.table.setItemDelegateForColumn(ACTION_COLUMN, ActionDelegate(self.table))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.model.dataChanged.connect(lambda *_a: self._update_summary())
        box.addWidget(self.table, 1)
        report = QHBoxLayout()
        self.report_check = QCheckBox(self.tr("Lưu tệp báo cáo (bản sao tệp kèm kết quả từng dòng):"),
                                      page)  # fmt: skip
        self.report_check.setChecked(True)
        self.report_edit = QLineEdit(page)
        report.addWidget(self.report_check)
        report.addWidget(self.report_edit, 1)
        box.addLayout(report)
        return page

    def _done_page(self) -> QWidget:
        page = QWidget(self)
        box = QVBoxLayout(page)
        self.done_label = QLabel(page)
        self.done_label.setObjectName("done")
        self.done_label.setWordWrap(True)
        box.addWidget(self.done_label)
        self.open_report = QPushButton(self.tr("Mở tệp báo cáo"), page)
        self.open_report.clicked.connect(self._open_report)
        box.addWidget(self.open_report)
        box.addStretch(1)
        return page

    def _show(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        names = [self.tr("1. Chọn tệp"), self.tr("2. Ghép cột"), self.tr("3. Xem trước"),
                 self.tr("4. Kết quả")]  # fmt: skip
        self.steps.setText("  ›  ".join(
            f"<b>{n}</b>" if i == page else n for i, n in enumerate(names)
        ))  # fmt: skip
        self._update_buttons()

    def _update_buttons(self) -> None:
        page = self.pages.currentIndex()
        idle = not self.busy
        self.back_button.setVisible(page in (PAGE_MAPPING, PAGE_PREVIEW))
        self.back_button.setEnabled(idle)
        self.next_button.setVisible(page in (PAGE_FILE, PAGE_MAPPING))
        self.next_button.setEnabled(idle and (page != PAGE_FILE or bool(self.sheet_combo.count())))
        self.import_button.setVisible(page == PAGE_PREVIEW)
        can_write = self.preview is not None and any(
            a != "skip" for a in self.model.actions.values()
        )
        self.import_button.setEnabled(idle and can_write)
        self.close_button.setText(self.tr("Xong") if page == PAGE_DONE else self.tr("Đóng"))

    def _fail(self, exc: BaseException) -> None:
        from kcdesk.gui.errors import explain

        self.busy = False
        info = explain(exc, self.state.lang)
        self.error.setText(" ".join(t for t in (info.text, info.advice) if t))
        self.error.show()
        self._update_buttons()

    def _clear_error(self) -> None:
        self.error.hide()
        self.error.clear()

    # --- step 1: file ----------------------------------------------------------------------------

    def browse(self) -> None:
        start = self.path_edit.text() or str(Path.home())
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Chọn tệp Excel"), start,
                                              EXCEL_FILTER)  # fmt: skip
        if name:
            self.set_file(Path(name))

    def set_file(self, path: Path) -> None:
        """Show the file and list its sheets (in the background: a big file takes a moment)."""
        if not str(path).strip() or str(path) == ".":
            return
        self.path_edit.setText(str(path))
        self.sheet_combo.clear()
        self.preview = None
        self._clear_error()
        self.busy = True
        self._update_buttons()
        from kcdesk.io.excel.opening import check_not_open_in_excel
        from kcdesk.io.excel.reading import list_sheets

        def work() -> Any:
            check_not_open_in_excel(path)
            return list_sheets(path)

        self.state.tasks.call(work, success=self._sheets_listed, failure=self._fail,
                              parent=self)  # fmt: skip

    def _sheets_listed(self, sheets: list[Any]) -> None:
        self.busy = False
        self.sheet_combo.clear()
        for s in sheets:
            label = s.name if s.visible else self.tr("{0} (đang ẩn)").format(s.name)
            self.sheet_combo.addItem(label, s.name)
        first = next((i for i, s in enumerate(sheets) if s.visible), 0)
        self.sheet_combo.setCurrentIndex(first)
        self.report_edit.setText(str(self._default_report()))
        self._update_buttons()

    def _default_report(self) -> Path:
        from kcdesk.services.excel_import import default_report_path

        return default_report_path(Path(self.path_edit.text()))

    # --- step 2: read, map ------------------------------------------------------------------------

    def analyse(
        self,
        columns: dict[int, str | None] | None = None,
        units: dict[int, int] | None = None,
        header_row: int | None = None,
    ) -> None:
        """Read (or re-map) and check every row; the preview comes back on the GUI thread."""
        from kcdesk.gui.tasks import Cancelled
        from kcdesk.services.excel_import import analyse_import

        path = Path(self.path_edit.text())
        sheet = self.sheet_combo.currentData()
        sheet_data = self.preview.sheet_data if self.preview is not None and (
            self.preview.sheet == sheet and self.preview.path == path) else None  # fmt: skip
        db = self.state.db
        self._clear_error()
        self.busy = True
        self._update_buttons()

        @_cancelled_to(Cancelled)
        def work(progress: Any, cancelled: Any) -> Any:
            return analyse_import(db, path, sheet=sheet, columns=columns, units=units,
                                  header_row=header_row, sheet_data=sheet_data,
                                  progress=progress, cancelled=cancelled)  # fmt: skip

        self.state.tasks.run(work, success=self._analysed, failure=self._fail,
                             cancelled=self._stopped, title=self.tr("Đang đọc và kiểm tra tệp…"),
                             parent=self)  # fmt: skip

    def _stopped(self) -> None:
        self.busy = False
        self._update_buttons()

    def _analysed(self, preview: ImportPreview) -> None:
        self.busy = False
        self.preview = preview
        self._fill_mapping(preview)
        self._fill_preview(preview)
        self._mapping_dirty = False
        self._show(self._next_page)

    def _fill_mapping(self, preview: ImportPreview) -> None:
        from kcdesk.io.excel.fields import FACILITY_FIELDS, UNIT_LABELS
        from kcdesk.io.excel.values import as_text

        sources = {
            "detected": self.tr("kcdesk tự nhận ra các cột."),
            "remembered": self.tr("Dùng cách ghép cột bạn đã chọn lần trước cho mẫu tệp này."),
            "chosen": self.tr("Cách ghép cột bạn vừa chọn."),
        }
        self.mapping_info.setText(self.tr(
            "Trang “{0}”: dòng tiêu đề {1}, dữ liệu từ dòng {2}. {3}"
        ).format(preview.sheet, preview.header_row, preview.first_data_row or "—",
                 sources.get(preview.mapping_source, "")))  # fmt: skip
        self.header_spin.blockSignals(True)
        self.header_spin.setValue(preview.header_row)
        self.header_spin.blockSignals(False)
        table = self.mapping_table
        table.setRowCount(len(preview.columns))
        samples = [r for r in preview.table.rows[:3]]
        for i, column in enumerate(preview.columns):
            table.setItem(i, 0, QTableWidgetItem(column.letter))
            table.setItem(i, 1, QTableWidgetItem(column.header))
            examples = [as_text(preview.sheet_data.value(r.row, column.column)) for r in samples]
            table.setItem(i, 2, QTableWidgetItem(" | ".join(e for e in examples if e)))
            combo = QComboBox(table)
            combo.addItem(self.tr("(không nhập)"), None)
            for spec in FACILITY_FIELDS:
                combo.addItem(spec.label(self.state.lang), spec.key)
            combo.setCurrentIndex(max(0, combo.findData(column.field)))
            combo.currentIndexChanged.connect(self._mark_dirty)
            table.setCellWidget(i, 3, combo)
            unit = QComboBox(table)
            for factor in _UNITS:
                unit.addItem(UNIT_LABELS[factor], factor)
            unit.setCurrentIndex(max(0, unit.findData(column.unit or 1_000_000)))
            unit.setEnabled(column.field == "revenue")
            unit.currentIndexChanged.connect(self._mark_dirty)
            combo.currentIndexChanged.connect(
                lambda _i, c=combo, u=unit: u.setEnabled(c.currentData() == "revenue")
            )
            table.setCellWidget(i, 4, unit)
        table.resizeColumnsToContents()

    def _mark_dirty(self, *_args: object) -> None:
        self._mapping_dirty = True

    def chosen_mapping(self) -> tuple[dict[int, str | None], dict[int, int]]:
        """What the mapping table says now (column → field, column → money unit)."""
        assert self.preview is not None
        columns: dict[int, str | None] = {}
        units: dict[int, int] = {}
        for i, column in enumerate(self.preview.columns):
            combo = self.mapping_table.cellWidget(i, 3)
            unit = self.mapping_table.cellWidget(i, 4)
            assert isinstance(combo, QComboBox) and isinstance(unit, QComboBox)
            columns[column.column] = combo.currentData()
            if combo.currentData() == "revenue":
                units[column.column] = int(unit.currentData())
        return columns, units

    def set_field(self, letter: str, key: str | None) -> None:
        """Choose the field of a column (what a person does with the drop-down)."""
        assert self.preview is not None
        for i, column in enumerate(self.preview.columns):
            if column.letter == letter:
                combo = self.mapping_table.cellWidget(i, 3)
                assert isinstance(combo, QComboBox)
                combo.setCurrentIndex(combo.findData(key))
                return
        raise KeyError(letter)

    # --- step 3: preview, write -------------------------------------------------------------------

    def _fill_preview(self, preview: ImportPreview) -> None:
        self.model.set_preview(preview, self.state.lang)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(3, min(self.table.columnWidth(3), 320))
        notes = [n.message(self.state.lang) for n in preview.notes]
        self.notes.setText("\n".join(f"• {n}" for n in notes))
        self.notes.setVisible(bool(notes))
        self._update_summary()

    def _update_summary(self) -> None:
        p = self.preview
        if p is None:
            return
        c = self.model.counts()
        self.summary.setText(self.tr(
            "Đã đọc {0} dòng: {1} mới, {2} trùng, {3} lỗi ({4} dòng có cảnh báo). Sẽ thêm {5}, "
            "cập nhật {6}, bỏ qua {7}."
        ).format(len(p.rows), p.count("new"), p.count("matched"), p.count("invalid"),
                 sum(1 for r in p.rows if r.warnings and r.status != "invalid"),
                 c["create"], c["update"], c["skip"]))  # fmt: skip
        self._update_buttons()

    def set_all_matched(self, action: str) -> None:
        from kcdesk.gui.excel.preview_model import allowed_actions

        for i, row in enumerate(self.model.rows):
            if row.status == "matched" and action in allowed_actions(row):
                self.model.setData(self.model.index(i, ACTION_COLUMN), action)

    def write(self) -> None:
        """Write the accepted rows in one transaction (and the report first)."""
        from kcdesk.gui.tasks import Cancelled
        from kcdesk.services.excel_import import run_import

        if self.preview is None or self.busy:
            return
        preview = self.preview
        actions = dict(self.model.actions)
        report = Path(self.report_edit.text()) if self.report_check.isChecked() else None
        db = self.state.db
        self._clear_error()
        self.busy = True
        self._update_buttons()

        @_cancelled_to(Cancelled)
        def work(progress: Any, cancelled: Any) -> Any:
            return run_import(db, preview, actions=actions, report_path=report,
                              write_report=report is not None, progress=progress,
                              cancelled=cancelled)  # fmt: skip

        self.state.tasks.run(work, success=self._written, failure=self._fail,
                             cancelled=self._stopped, title=self.tr("Đang ghi vào danh sách…"),
                             parent=self)  # fmt: skip

    def _written(self, result: ImportResult) -> None:
        from kcdesk.gui.state import FACILITY

        self.busy = False
        self.result = result
        lines = [self.tr("Đã thêm {0} cơ sở, cập nhật {1}, bỏ qua {2} dòng.").format(
            result.created, result.updated, result.skipped)]  # fmt: skip
        if result.report_path is not None:
            lines.append(self.tr("Tệp báo cáo: {0}").format(result.report_path))
        self.done_label.setText("\n".join(lines))
        self.open_report.setVisible(result.report_path is not None)
        self._show(PAGE_DONE)
        self.state.notify(FACILITY)
        self.state.status_message.emit(lines[0])
        self.imported.emit(result)

    def _open_report(self) -> None:
        if self.result is not None and self.result.report_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result.report_path)))

    # --- navigation -------------------------------------------------------------------------------

    def go_next(self) -> None:
        page = self.pages.currentIndex()
        if page == PAGE_FILE:
            self.preview = None
            self._next_page = PAGE_MAPPING
            self.analyse()
        elif page == PAGE_MAPPING:
            if self._mapping_dirty and self.preview is not None:
                header = self.header_spin.value()
                if header != self.preview.header_row:
                    # Another header row: map it afresh and show the mapping again.
                    self._next_page = PAGE_MAPPING
                    self.analyse(header_row=header)
                else:
                    columns, units = self.chosen_mapping()
                    self._next_page = PAGE_PREVIEW
                    self.analyse(columns=columns, units=units)
            else:
                self._show(PAGE_PREVIEW)

    def go_back(self) -> None:
        page = self.pages.currentIndex()
        if page > PAGE_FILE:
            self._show(page - 1)
