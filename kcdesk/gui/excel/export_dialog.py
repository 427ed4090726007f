"""Xuất ra Excel: facilities, surveys or proposals, with the filters that apply to each, written
in the background with progress and Cancel (a cancelled export leaves no file behind)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from kcdesk.gui.state import AppState
    from kcdesk.services.excel_export import ExportResult

WHAT = ("facilities", "surveys", "proposals")


def _slug(text: str) -> str:
    import re

    from kcdesk.vn.text import fold

    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


class ExportDialog(QDialog):
    """``ExportDialog(state, what="facilities", parent=None)``."""

    exported = Signal(object)  # ExportResult

    def __init__(self, state: AppState, what: str = "facilities", parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.result: ExportResult | None = None
        self.busy = False
        self.setWindowTitle(self.tr("Xuất ra Excel"))
        self.resize(620, 420)
        outer = QVBoxLayout(self)
        form = QFormLayout()
        self.what_combo = QComboBox(self)
        for key, label in zip(WHAT, (self.tr("Danh sách cơ sở"), self.tr("Phiếu khảo sát"),
                                     self.tr("Đề án và dự toán kinh phí")), strict=True):  # fmt: skip
            self.what_combo.addItem(label, key)
        form.addRow(self.tr("Xuất:"), self.what_combo)
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(
            self.tr("tên, chủ cơ sở, MST, SĐT (không dấu cũng được)")
        )
        form.addRow(self.tr("Tìm:"), self.search_edit)
        self.kind_combo = QComboBox(self)
        self.kind_combo.addItem(self.tr("Mọi loại hình"), "")
        from kcdesk.domain.entities import FacilityKind

        for kind in FacilityKind:
            self.kind_combo.addItem(state.label(kind), kind.value)
        form.addRow(self.tr("Loại hình:"), self.kind_combo)
        dates = QHBoxLayout()
        self.use_dates = QCheckBox(self.tr("Chỉ phiếu khảo sát từ"), self)
        self.date_from = QDateEdit(self)
        self.date_to = QDateEdit(self)
        for edit in (self.date_from, self.date_to):
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setCalendarPopup(True)
        today = QDate.currentDate()
        self.date_from.setDate(QDate(today.year(), 1, 1))
        self.date_to.setDate(today)
        dates.addWidget(self.use_dates)
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel(self.tr("đến"), self))
        dates.addWidget(self.date_to)
        self.dates_row = QWidget(self)
        self.dates_row.setLayout(dates)
        form.addRow(self.tr("Thời gian:"), self.dates_row)
        self.status_combo = QComboBox(self)
        form.addRow(self.tr("Trạng thái:"), self.status_combo)
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(0, 2100)
        self.year_spin.setSpecialValueText(self.tr("mọi năm"))
        form.addRow(self.tr("Năm đề án:"), self.year_spin)
        out_row = QHBoxLayout()
        self.out_edit = QLineEdit(self)
        browse = QPushButton(self.tr("Chọn…"), self)
        browse.clicked.connect(self.browse)
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(browse)
        form.addRow(self.tr("Lưu vào tệp:"), out_row)
        outer.addLayout(form)
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        outer.addWidget(self.message)
        outer.addStretch(1)
        buttons = QHBoxLayout()
        self.open_button = QPushButton(self.tr("Mở tệp"), self)
        self.open_button.clicked.connect(self._open)
        self.open_button.hide()
        self.export_button = QPushButton(self.tr("Xuất"), self)
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        close = QPushButton(self.tr("Đóng"), self)
        close.clicked.connect(self.reject)
        buttons.addStretch(1)
        for b in (self.open_button, self.export_button, close):
            buttons.addWidget(b)
        outer.addLayout(buttons)
        self.what_combo.currentIndexChanged.connect(self._what_changed)
        self.what_combo.setCurrentIndex(max(0, self.what_combo.findData(what)))
        self._what_changed()

    def _what_changed(self, *_args: object) -> None:
        what = self.what_combo.currentData()
        self.kind_combo.setEnabled(what == "facilities")
        self.dates_row.setEnabled(what == "surveys")
        self.year_spin.setEnabled(what == "proposals")
        self.status_combo.clear()
        self.status_combo.addItem(self.tr("Mọi trạng thái"), "")
        if what == "surveys":
            self.status_combo.addItem(self.tr("Nháp"), "draft")
            self.status_combo.addItem(self.tr("Hoàn thành"), "complete")
        elif what == "proposals":
            from kcdesk.domain.proposals.status import ProposalStatus

            for status in ProposalStatus:
                self.status_combo.addItem(status.label(self.state.lang), status.value)
        self.status_combo.setEnabled(what != "facilities")
        self.out_edit.setText(str(self.default_path(what)))

    def default_path(self, what: str) -> Path:
        names = {"facilities": "danh-sach-co-so", "surveys": "phieu-khao-sat",
                 "proposals": "de-an-khuyen-cong"}  # fmt: skip
        folder = Path(self.out_edit.text()).parent if self.out_edit.text() else Path.home()
        if not folder.is_dir():
            folder = Path.home()
        return folder / f"{names[what]}-{date.today():%d-%m-%Y}.xlsx"

    def browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Lưu tệp Excel"), self.out_edit.text(),
                                              "Excel (*.xlsx)")  # fmt: skip
        if name:
            self.out_edit.setText(name if name.lower().endswith(".xlsx") else name + ".xlsx")

    def current_filter(self) -> Any:
        from kcdesk.services.excel_export import ExportFilter

        what = self.what_combo.currentData()
        use_dates = what == "surveys" and self.use_dates.isChecked()
        return ExportFilter(
            search=self.search_edit.text().strip(),
            kind=self.kind_combo.currentData() if what == "facilities" else "",
            date_from=self.date_from.date().toPython() if use_dates else None,
            date_to=self.date_to.date().toPython() if use_dates else None,
            status=self.status_combo.currentData() or "",
            year=self.year_spin.value() or None if what == "proposals" else None,
        )

    def export(self) -> None:
        from kcdesk.gui.tasks import Cancelled
        from kcdesk.services.excel_export import export

        if self.busy:
            return
        what = self.what_combo.currentData()
        text = self.out_edit.text().strip()
        if not text:
            self.message.setText(self.tr("Hãy chọn nơi lưu tệp."))
            return
        out = Path(text)
        if out.suffix.lower() != ".xlsx":
            out = out.with_name(out.name + ".xlsx")
        flt = self.current_filter()
        db = self.state.db
        self.busy = True
        self.export_button.setEnabled(False)
        self.open_button.hide()
        self.message.setText(self.tr("Đang xuất…"))

        def work(progress: Any, cancelled: Any) -> Any:
            try:
                return export(db, what, out, flt, progress=progress, cancelled=cancelled)
            except InterruptedError as exc:
                raise Cancelled() from exc

        self.state.tasks.run(work, success=self._done, failure=self._failed,
                             cancelled=self._cancelled, title=self.tr("Đang xuất ra Excel…"),
                             parent=self)  # fmt: skip

    def _done(self, result: ExportResult) -> None:
        self.busy = False
        self.result = result
        self.export_button.setEnabled(True)
        self.message.setText(self.tr("Đã xuất {0} dòng ra {1}").format(result.rows, result.path))
        self.open_button.show()
        self.state.status_message.emit(self.message.text())
        self.exported.emit(result)

    def _failed(self, exc: BaseException) -> None:
        from kcdesk.gui.errors import explain

        self.busy = False
        self.export_button.setEnabled(True)
        info = explain(exc, self.state.lang)
        self.message.setText(" ".join(t for t in (info.text, info.advice) if t))

    def _cancelled(self) -> None:
        self.busy = False
        self.export_button.setEnabled(True)
        self.message.setText(self.tr("Đã huỷ, không có tệp nào được ghi."))

    def _open(self) -> None:
        if self.result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result.path)))
