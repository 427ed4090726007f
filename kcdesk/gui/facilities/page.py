"""A facility's page: what is known about it, and its surveys and proposals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kcdesk.gui.facilities.model import kind_label
from kcdesk.gui.facilities.records import FacilityRecords, facility_records
from kcdesk.gui.icons import icon
from kcdesk.vn.dates import format_date
from kcdesk.vn.numbers import format_money, format_number

if TYPE_CHECKING:
    from kcdesk.gui.state import AppState
    from kcdesk.services.facilities import FacilityRow


class FacilityPage(QWidget):
    edit_requested = Signal(str)
    delete_requested = Signal(str)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName("facility-page")
        self._facility: FacilityRow | None = None
        self._records = FacilityRecords()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 0, 0, 0)

        self.empty = QLabel()
        self.empty.setObjectName("facility-page-empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setEnabled(False)
        outer.addWidget(self.empty, 1)

        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setObjectName("facility-title")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        body.addWidget(self.title)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        body.addWidget(self.subtitle)

        buttons = QHBoxLayout()
        self.edit_button = QPushButton(icon("edit"), "")
        self.edit_button.setObjectName("page-edit")
        self.edit_button.clicked.connect(self._edit)
        self.delete_button = QPushButton(icon("delete"), "")
        self.delete_button.setObjectName("page-delete")
        self.delete_button.clicked.connect(self._delete)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        body.addLayout(buttons)

        self.tabs = QTabWidget()
        self.details = QWidget()
        self.form = QFormLayout(self.details)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.details)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.tabs.addTab(scroll, "")
        self.surveys = self._tree("facility-surveys", 4)
        self.proposals = self._tree("facility-proposals", 4)
        self.tabs.addTab(self.surveys, "")
        self.tabs.addTab(self.proposals, "")
        body.addWidget(self.tabs, 1)
        outer.addWidget(self.body, 1)
        self.surveys.itemActivated.connect(lambda item: self._open("survey", item))
        self.proposals.itemActivated.connect(lambda item: self._open("proposal", item))
        self.retranslate()
        self.show_facility(None)

    def _tree(self, name: str, columns: int) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setObjectName(name)
        tree.setRootIsDecorated(False)
        tree.setColumnCount(columns)
        tree.setUniformRowHeights(True)
        tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        tree.header().setStretchLastSection(True)
        return tree

    def retranslate(self) -> None:
        self.empty.setText(self.tr("Chọn một cơ sở trong danh sách để xem chi tiết."))
        self.edit_button.setText(self.tr("&Sửa"))
        self.delete_button.setText(self.tr("&Xóa…"))
        self.surveys.setHeaderLabels(
            [self.tr("Ngày khảo sát"), self.tr("Trạng thái"), self.tr("Người khảo sát"),
             self.tr("Mẫu phiếu")]
        )  # fmt: skip
        self.proposals.setHeaderLabels(
            [
                self.tr("Năm"),
                self.tr("Tên đề án"),
                self.tr("Trạng thái"),
                self.tr("Kinh phí hỗ trợ"),
            ]
        )
        self._fill()

    @property
    def facility(self) -> FacilityRow | None:
        return self._facility

    def show_facility(self, facility: FacilityRow | None) -> None:
        changed = facility is None or self._facility is None or facility.uuid != self._facility.uuid
        self._facility = facility
        self.body.setVisible(facility is not None)
        self.empty.setVisible(facility is None)
        if changed:
            self._records = FacilityRecords()
        self._fill()
        if facility is not None:
            uuid = facility.uuid
            self.state.tasks.call(
                facility_records,
                self.state.db,
                uuid,
                success=lambda records: self._records_arrived(uuid, records),
            )

    def _records_arrived(self, uuid: str, records: FacilityRecords) -> None:
        if self._facility is not None and self._facility.uuid == uuid:
            self._records = records
            self._fill()

    def _fill(self) -> None:
        f = self._facility
        records = self._records
        self.tabs.setTabText(0, self.tr("Thông tin"))
        self.tabs.setTabText(
            1, self.tr("Phiếu khảo sát (%1)").replace("%1", str(len(records.surveys)))
        )
        self.tabs.setTabText(2, self.tr("Đề án (%1)").replace("%1", str(len(records.proposals))))
        while self.form.rowCount():
            self.form.removeRow(0)
        self.surveys.clear()
        self.proposals.clear()
        if f is None:
            return
        lang = self.state.lang
        self.title.setText(f.name)
        self.subtitle.setText(
            " · ".join(p for p in (kind_label(f.kind, lang), f.commune_name) if p)
        )
        rows = [
            (self.tr("Chủ cơ sở"), f.owner_name),
            (self.tr("Địa chỉ"), ", ".join(p for p in (f.address, f.commune_name) if p)),
            (self.tr("Địa chỉ cũ"), f.old_address),
            (self.tr("Điện thoại"), f.phone),
            (self.tr("Mã số thuế"), f.tax_code),
            (self.tr("Năm thành lập"), str(f.year_founded) if f.year_founded else ""),
            (self.tr("Làng nghề"), f.craft_village),
            (
                self.tr("Mã ngành"),
                f"{f.industry_code} ({f.industry_version})" if f.industry_code else "",
            ),
            (
                self.tr("Số lao động"),
                format_number(f.employees) if f.employees is not None else "",
            ),
            (
                self.tr("Doanh thu năm"),
                format_money(f.annual_revenue) if f.annual_revenue is not None else "",
            ),
            (
                self.tr("Tọa độ"),
                f"{format_number(f.latitude)}, {format_number(f.longitude)}"
                if f.latitude is not None and f.longitude is not None
                else "",
            ),
            (self.tr("Ghi chú"), f.notes),
        ]
        for label, value in rows:
            text = QLabel(value or "—")
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.form.addRow(label + ":", text)
        for s in records.surveys:
            item = QTreeWidgetItem(
                [format_date(s.survey_date), self._survey_status(s.status), s.surveyor, s.form]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, s.uuid)
            self.surveys.addTopLevelItem(item)
        for p in records.proposals:
            item = QTreeWidgetItem(
                [
                    str(p.year or ""),
                    p.title,
                    self._proposal_status(p.status),
                    format_money(p.support_amount),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, p.uuid)
            item.setTextAlignment(3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.proposals.addTopLevelItem(item)

    def _survey_status(self, status: str) -> str:
        return {"draft": self.tr("Nháp"), "complete": self.tr("Hoàn thành")}.get(status, status)

    def _proposal_status(self, status: str) -> str:
        from kcdesk.domain.proposals.status import ProposalStatus

        try:
            return ProposalStatus(status).label(self.state.lang)
        except ValueError:
            return status

    def _open(self, kind: str, item: QTreeWidgetItem) -> None:
        uuid = item.data(0, Qt.ItemDataRole.UserRole)
        if uuid:
            self.state.open_record.emit(kind, str(uuid))

    def _edit(self) -> None:
        if self._facility is not None:
            self.edit_requested.emit(self._facility.uuid)

    def _delete(self) -> None:
        if self._facility is not None:
            self.delete_requested.emit(self._facility.uuid)
