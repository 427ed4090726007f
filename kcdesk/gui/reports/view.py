"""The Báo cáo page: the provincial reports with a bar chart each, filters, and export to Excel.

Reports are computed by :mod:`kcdesk.services.reports` in the background and come back as plain
tables; each shows what it counted, its filters and when it was made, as the Excel file does.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kcdesk.gui.reports.chart import PALETTE, BarChart, Series

if TYPE_CHECKING:
    from kcdesk.gui.state import AppState
    from kcdesk.io.excel.report_book import ReportTable


def cell_text(value: Any, kind: str) -> str:
    """A report cell as the table shows it (Vietnamese numbers, percentages)."""
    from kcdesk.vn.numbers import format_number

    if value is None:
        return ""
    if kind == "percent" and isinstance(value, int | float | Decimal):
        return f"{format_number(Decimal(str(value)) * 100, 1)}%"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | Decimal) and kind != "year":
        return str(format_number(value))
    if isinstance(value, float):
        return str(format_number(Decimal(repr(value))))
    return str(value)


class ReportsView(QWidget):
    """Built by the main window as ``ReportsView(state)``."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.tables: list[ReportTable] = []
        self.loading = False
        self._stale = True
        outer = QVBoxLayout(self)
        outer.addLayout(self._filter_bar())
        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.report_list = QListWidget(split)
        self.report_list.setWordWrap(True)
        self.report_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.report_list.setMinimumWidth(200)
        self.report_list.setMaximumWidth(320)
        self.report_list.currentRowChanged.connect(self._show_current)
        right = QWidget(split)
        box = QVBoxLayout(right)
        self.title = QLabel(right)
        self.title.setObjectName("report-title")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.caption = QLabel(right)
        self.caption.setObjectName("report-caption")
        self.caption.setWordWrap(True)
        box.addWidget(self.title)
        box.addWidget(self.caption)
        self.chart = BarChart(right)
        scroll = QScrollArea(right)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart)
        scroll.setMinimumHeight(160)
        self.table = QTableWidget(right)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        inner = QSplitter(Qt.Orientation.Vertical, right)
        inner.addWidget(scroll)
        inner.addWidget(self.table)
        inner.setSizes([340, 260])  # the chart first: it is what people look at
        box.addWidget(inner, 1)
        self.notes = QLabel(right)
        self.notes.setWordWrap(True)
        box.addWidget(self.notes)
        split.addWidget(self.report_list)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([250, 1100])
        outer.addWidget(split, 1)
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.linkActivated.connect(lambda url: QDesktopServices.openUrl(QUrl(url)))
        outer.addWidget(self.status)
        state.data_changed.connect(self._data_changed)
        self.refresh()

    def _filter_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.use_dates = QCheckBox(self.tr("Phiếu khảo sát từ"), self)
        self.date_from = QDateEdit(self)
        self.date_to = QDateEdit(self)
        today = QDate.currentDate()
        for edit, value in ((self.date_from, QDate(today.year(), 1, 1)), (self.date_to, today)):
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setCalendarPopup(True)
            edit.setDate(value)
        bar.addWidget(self.use_dates)
        bar.addWidget(self.date_from)
        bar.addWidget(QLabel(self.tr("đến"), self))
        bar.addWidget(self.date_to)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("Năm đề án:"), self))
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(0, 2100)
        self.year_spin.setSpecialValueText(self.tr("mọi năm"))
        bar.addWidget(self.year_spin)
        self.kind_combo = QComboBox(self)
        self.kind_combo.addItem(self.tr("Mọi loại hình"), "")
        from kcdesk.domain.entities import FacilityKind

        for kind in FacilityKind:
            self.kind_combo.addItem(self.state.label(kind), kind.value)
        bar.addWidget(self.kind_combo)
        self.source_combo = QComboBox(self)
        self.source_combo.addItem(self.tr("Mọi nguồn kinh phí"), "")
        from kcdesk.domain.proposals.status import FundingSource, funding_label

        for source in FundingSource:
            self.source_combo.addItem(funding_label(source, self.state.lang), source.value)
        bar.addWidget(self.source_combo)
        self.drafts = QCheckBox(self.tr("Tính cả phiếu nháp"), self)
        bar.addWidget(self.drafts)
        bar.addStretch(1)
        self.refresh_button = QPushButton(self.tr("Lập báo cáo"), self)
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button = QPushButton(self.tr("Xuất Excel…"), self)
        self.export_button.clicked.connect(self.choose_export)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.export_button)
        return bar

    def current_filter(self) -> Any:
        from kcdesk.services.reports import ReportFilter

        use_dates = self.use_dates.isChecked()
        return ReportFilter(
            date_from=self.date_from.date().toPython() if use_dates else None,
            date_to=self.date_to.date().toPython() if use_dates else None,
            year=self.year_spin.value() or None,
            kind=self.kind_combo.currentData() or "",
            source=self.source_combo.currentData() or "",
            survey_status="" if self.drafts.isChecked() else "complete",
        )

    # --- loading ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        from kcdesk.services.reports import build_reports

        if self.loading:
            return
        self.loading = True
        self._stale = False
        self.refresh_button.setEnabled(False)
        self.status.setText(self.tr("Đang lập báo cáo…"))
        flt = self.current_filter()
        self.state.tasks.call(build_reports, self.state.db, "all", flt, success=self._loaded,
                              failure=self._failed, parent=self)  # fmt: skip

    def _loaded(self, tables: list[ReportTable]) -> None:
        self.loading = False
        self.refresh_button.setEnabled(True)
        self.status.clear()
        current = self.report_list.currentRow()
        self.tables = tables
        self.report_list.blockSignals(True)
        self.report_list.clear()
        for table in tables:
            QListWidgetItem(table.title, self.report_list)
        self.report_list.blockSignals(False)
        self.report_list.setCurrentRow(current if 0 <= current < len(tables) else 0)
        self._show_current(self.report_list.currentRow())

    def _failed(self, exc: BaseException) -> None:
        from kcdesk.gui.errors import explain

        self.loading = False
        self.refresh_button.setEnabled(True)
        info = explain(exc, self.state.lang)
        self.status.setText(" ".join(t for t in (info.text, info.advice) if t))

    def _data_changed(self, _kind: str) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale and not self.loading:
            self.refresh()

    # --- showing ----------------------------------------------------------------------------------

    def select(self, key: str) -> ReportTable:
        for i, table in enumerate(self.tables):
            if table.key == key:
                self.report_list.setCurrentRow(i)
                return table
        raise KeyError(key)

    def _show_current(self, row: int) -> None:
        from kcdesk.vn.dates import format_datetime

        if not 0 <= row < len(self.tables):
            return
        table = self.tables[row]
        self.title.setText(table.title)
        self.caption.setText(self.tr("Bộ lọc: {0} · Lập lúc {1}").format(
            table.filters, format_datetime(table.made_at)))  # fmt: skip
        self.notes.setText("\n".join(table.notes))
        self._fill_table(table)
        labels = [str(r[table.label_column]) for r in table.rows]
        series = []
        for k, col in enumerate(table.chart_columns):
            values = [float(r[col] or 0) for r in table.rows]
            series.append(Series(table.columns[col].title, values, PALETTE[k % len(PALETTE)]))
        self.chart.set_data(labels, series)

    def _fill_table(self, table: ReportTable) -> None:
        rows = table.rows + ([table.total] if table.total is not None else [])
        self.table.clear()
        self.table.setColumnCount(len(table.columns))
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels([c.title for c in table.columns])
        bold = QFont(self.table.font())
        bold.setBold(True)
        for r, values in enumerate(rows):
            for c, column in enumerate(table.columns):
                value = values[c] if c < len(values) else None
                item = QTableWidgetItem(cell_text(value, column.kind.value))
                if column.kind.value != "text":
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if table.total is not None and r == len(rows) - 1:
                    item.setFont(bold)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()

    # --- export -----------------------------------------------------------------------------------

    def choose_export(self) -> None:
        default = Path.home() / f"bao-cao-khuyen-cong-{date.today():%d-%m-%Y}.xlsx"
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Lưu báo cáo ra Excel"), str(default),
                                              "Excel (*.xlsx)")  # fmt: skip
        if name:
            self.export_to(Path(name if name.lower().endswith(".xlsx") else name + ".xlsx"))

    def export_to(self, path: Path) -> None:
        """Write the reports on screen (same figures, same time stamp) to ``path``."""
        from kcdesk.services.reports import save_reports

        tables = list(self.tables)
        self.export_button.setEnabled(False)
        self.status.setText(self.tr("Đang ghi tệp Excel…"))

        def done(result: Any) -> None:
            self.export_button.setEnabled(True)
            self.exported_path = result.path
            link = QUrl.fromLocalFile(str(result.path)).toString()
            self.status.setText(self.tr('Đã lưu báo cáo: <a href="{0}">{1}</a>').format(
                link, result.path))  # fmt: skip
            self.state.status_message.emit(self.tr("Đã lưu báo cáo ra Excel."))

        def failed(exc: BaseException) -> None:
            self.export_button.setEnabled(True)
            self._failed(exc)

        self.state.tasks.call(save_reports, self.state.db, tables, path, success=done,
                              failure=failed, title=self.tr("Đang xuất báo cáo…"),
                              parent=self)  # fmt: skip

    def open_exported(self) -> None:
        path = getattr(self, "exported_path", None)
        if path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
