"""The proposal editor: the content in tabs, the budget with its live totals against the cap, the
lifecycle steps with confirmation, the history and the attached files.

What a person may change follows the domain: a submitted proposal is read-only for the
collaborator, the province corrects it while appraising, nobody edits it after approval.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kcdesk.domain.errors import KcError, Severity, ValidationError
from kcdesk.domain.proposals.status import FundingSource, ProposalStatus, Role, funding_label
from kcdesk.gui.proposals.budget import BudgetModel, BudgetSummary
from kcdesk.gui.proposals.dialogs import BeneficiaryChooser, TransitionDialog
from kcdesk.gui.widgets.commune_picker import CommunePicker
from kcdesk.gui.widgets.fields import FieldBox, FieldErrors
from kcdesk.vn.dates import format_date, format_datetime
from kcdesk.vn.numbers import format_number

if TYPE_CHECKING:
    from kcdesk.domain.proposals.caps import CapRule
    from kcdesk.gui.state import AppState
    from kcdesk.services.proposal_detail import ProposalDetail, StepRow
    from kcdesk.services.proposal_input import ProposalInput

TEXT_LIMIT = 20_000


def _int_text(value: int | None) -> str:
    return "" if value is None else format_number(value)


class ProposalEditor(QWidget):
    """Edit one proposal. ``load(detail)`` shows a stored one, ``new()`` starts a draft."""

    closed = Signal()
    saved = Signal(str)  # uuid

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.detail: ProposalDetail | None = None
        self.rules: list[CapRule] = []
        self.role = Role.COLLABORATOR
        self.province_code: int | None = None
        self.dirty = False
        self._loading = False
        self._beneficiary_names: dict[str, str] = {}

        outer = QVBoxLayout(self)
        head = QHBoxLayout()
        self.heading = QLabel(self)
        self.heading.setObjectName("proposal-heading")
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.heading.setWordWrap(True)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("proposal-status")
        head.addWidget(self.heading, 1)
        head.addWidget(self.status_label)
        outer.addLayout(head)
        self.notice = QLabel(self)
        self.notice.setObjectName("proposal-notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        outer.addWidget(self.notice)

        actions = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Lưu"), self)
        self.save_button.setObjectName("proposal-save")
        self.save_button.setShortcut("Ctrl+S")
        self.print_button = QPushButton(self.tr("In / Xuất PDF…"), self)
        self.close_button = QPushButton(self.tr("Đóng"), self)
        self.steps_box = QHBoxLayout()
        actions.addWidget(self.save_button)
        actions.addWidget(self.print_button)
        actions.addLayout(self.steps_box)
        actions.addStretch(1)
        actions.addWidget(self.close_button)
        outer.addLayout(actions)
        self.step_buttons: dict[str, QPushButton] = {}

        self.tabs = QTabWidget(self)
        outer.addWidget(self.tabs, 1)
        self._build_general()
        self._build_budget()
        self._build_history()
        self._build_files()

        self.save_button.clicked.connect(self.save)
        self.print_button.clicked.connect(self.print_pdf)
        self.close_button.clicked.connect(self.close_editor)

    # --- building ----------------------------------------------------------------------------

    def _build_general(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.title = QLineEdit(page)
        self.title.setObjectName("proposal-title")
        self.category = QComboBox(page)
        self.category.setObjectName("proposal-category")
        self.funding = QComboBox(page)
        self.funding.setObjectName("proposal-funding")
        for source in FundingSource:
            self.funding.addItem(funding_label(source, self.state.lang), source.value)
        self.year = QSpinBox(page)
        self.year.setObjectName("proposal-year")
        self.year.setRange(1999, 2100)
        self.year.setSpecialValueText("—")
        self.unit = QLineEdit(page)
        self.unit.setObjectName("proposal-unit")
        self.beneficiaries = QListWidget(page)
        self.beneficiaries.setObjectName("proposal-beneficiaries")
        self.beneficiaries.setMaximumHeight(90)
        ben_buttons = QHBoxLayout()
        self.add_beneficiary = QPushButton(self.tr("Thêm cơ sở…"), page)
        self.remove_beneficiary = QPushButton(self.tr("Bỏ cơ sở"), page)
        ben_buttons.addWidget(self.add_beneficiary)
        ben_buttons.addWidget(self.remove_beneficiary)
        ben_buttons.addStretch(1)
        ben_box = QWidget(page)
        ben_layout = QVBoxLayout(ben_box)
        ben_layout.setContentsMargins(0, 0, 0, 0)
        ben_layout.addWidget(self.beneficiaries)
        ben_layout.addLayout(ben_buttons)
        self.commune = CommunePicker(self.state, page)
        self.place = QLineEdit(page)
        self.place.setObjectName("proposal-place")
        self.place.setPlaceholderText(self.tr("thôn, xóm, địa chỉ cụ thể"))
        self.start = QLineEdit(page)
        self.start.setObjectName("proposal-start")
        self.end = QLineEdit(page)
        self.end.setObjectName("proposal-end")
        for edit in (self.start, self.end):
            edit.setPlaceholderText("dd/mm/yyyy")
            edit.setMaximumWidth(130)
        period = QHBoxLayout()
        period.addWidget(QLabel(self.tr("từ"), page))
        period.addWidget(self.start)
        period.addWidget(QLabel(self.tr("đến"), page))
        period.addWidget(self.end)
        period.addStretch(1)
        period_box = QWidget(page)
        period_box.setLayout(period)
        period.setContentsMargins(0, 0, 0, 0)
        self.background = QPlainTextEdit(page)
        self.objectives = QPlainTextEdit(page)
        self.objectives.setObjectName("proposal-objectives")
        self.activities = QPlainTextEdit(page)
        for edit in (self.background, self.objectives, self.activities):
            edit.setMinimumHeight(70)
        self.jobs = QLineEdit(page)
        self.jobs.setObjectName("proposal-jobs")
        self.trainees = QLineEdit(page)
        self.revenue = QLineEdit(page)
        self.revenue.setPlaceholderText(self.tr("đồng/năm"))
        self.other = QPlainTextEdit(page)
        self.other.setMaximumHeight(60)

        self.boxes: dict[str, FieldBox] = {}

        def row(label: str, widget: QWidget, field: str) -> None:
            box = FieldBox(widget, page)
            self.boxes[field] = box
            form.addRow(label, box)

        row(self.tr("Tên đề án"), self.title, "title")
        row(self.tr("Nội dung khuyến công"), self.category, "category")
        row(self.tr("Nguồn kinh phí"), self.funding, "funding_source")
        row(self.tr("Năm kế hoạch"), self.year, "plan_year")
        row(self.tr("Đơn vị thực hiện"), self.unit, "implementing_unit")
        row(self.tr("Cơ sở thụ hưởng"), ben_box, "facility_uuids")
        row(self.tr("Xã/phường thực hiện"), self.commune, "commune_code")
        row(self.tr("Địa điểm"), self.place, "place")
        row(self.tr("Thời gian thực hiện"), period_box, "period_start")
        self.boxes["period_end"] = self.boxes["period_start"]
        row(self.tr("Sự cần thiết"), self.background, "background")
        row(self.tr("Mục tiêu"), self.objectives, "objectives")
        row(self.tr("Nội dung thực hiện"), self.activities, "activities")
        row(self.tr("Lao động có việc làm (người)"), self.jobs, "results.jobs")
        row(self.tr("Người được đào tạo"), self.trainees, "results.trainees")
        row(self.tr("Doanh thu tăng thêm (đồng/năm)"), self.revenue, "results.revenue")
        row(self.tr("Kết quả khác"), self.other, "results.other")
        self.errors = FieldErrors(self.boxes, self.state.lang)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        self.tabs.addTab(scroll, self.tr("Thông tin chung"))

        for edit in (self.title, self.unit, self.place, self.jobs, self.trainees, self.revenue):
            edit.textEdited.connect(self._touched)
        for text in (self.background, self.objectives, self.activities, self.other):
            text.textChanged.connect(self._touched)
        for edit in (self.start, self.end):
            edit.textEdited.connect(self._touched)
            edit.editingFinished.connect(self.refresh_budget)
        self.category.currentIndexChanged.connect(self._budget_context_changed)
        self.funding.currentIndexChanged.connect(self._budget_context_changed)
        self.year.valueChanged.connect(self._budget_context_changed)
        self.commune.changed.connect(lambda _c: self._touched())
        self.add_beneficiary.clicked.connect(self.choose_beneficiaries)
        self.remove_beneficiary.clicked.connect(self.drop_beneficiary)

    def _build_budget(self) -> None:
        page = QWidget()
        box = QVBoxLayout(page)
        tools = QHBoxLayout()
        self.add_line = QPushButton(self.tr("Thêm dòng"), page)
        self.add_line.setObjectName("budget-add")
        self.remove_line = QPushButton(self.tr("Xóa dòng"), page)
        self.line_up = QPushButton(self.tr("Lên"), page)
        self.line_down = QPushButton(self.tr("Xuống"), page)
        for b in (self.add_line, self.remove_line, self.line_up, self.line_down):
            tools.addWidget(b)
        tools.addStretch(1)
        hint = QLabel(self.tr("Số tiền tính bằng đồng; gõ 1.250.000 hoặc 1250000."), page)
        hint.setStyleSheet("color: #57606a;")
        tools.addWidget(hint)
        box.addLayout(tools)
        self.budget = BudgetModel(self)
        self.budget.lang = self.state.lang
        self.budget_view = QTableView(page)
        self.budget_view.setObjectName("budget-table")
        self.budget_view.setModel(self.budget)
        self.budget_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.budget_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.budget_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        box.addWidget(self.budget_view, 1)
        self.summary = BudgetSummary(page)
        box.addWidget(self.summary)
        self.tabs.addTab(page, self.tr("Dự toán kinh phí"))
        self.budget.changed.connect(self._budget_edited)
        self.add_line.clicked.connect(self.new_line)
        self.remove_line.clicked.connect(self.delete_line)
        self.line_up.clicked.connect(lambda: self._move_line(-1))
        self.line_down.clicked.connect(lambda: self._move_line(1))

    def _build_history(self) -> None:
        self.history = QTreeWidget()
        self.history.setObjectName("proposal-history")
        self.history.setRootIsDecorated(False)
        self.history.setHeaderLabels(
            [
                self.tr("Thời gian"),
                self.tr("Người thực hiện"),
                self.tr("Vai trò"),
                self.tr("Bước"),
                self.tr("Trạng thái"),
                self.tr("Lý do / ghi chú"),
            ]
        )
        self.tabs.addTab(self.history, self.tr("Lịch sử"))

    def _build_files(self) -> None:
        page = QWidget()
        box = QVBoxLayout(page)
        self.files = QListWidget(page)
        self.files.setObjectName("proposal-files")
        box.addWidget(self.files, 1)
        row = QHBoxLayout()
        self.add_file = QPushButton(self.tr("Đính kèm tệp…"), page)
        self.remove_file = QPushButton(self.tr("Bỏ tệp"), page)
        self.open_file = QPushButton(self.tr("Mở tệp"), page)
        for b in (self.add_file, self.remove_file, self.open_file):
            row.addWidget(b)
        row.addStretch(1)
        box.addLayout(row)
        self.tabs.addTab(page, self.tr("Tệp đính kèm"))
        self.add_file.clicked.connect(self.attach_files)
        self.remove_file.clicked.connect(self.detach_file)
        self.open_file.clicked.connect(self.open_attachment)
        self.files.itemActivated.connect(lambda _i: self.open_attachment())

    # --- loading -----------------------------------------------------------------------------

    def _prepare(self) -> None:
        """What every load needs fresh: the role, the province, the rules, the categories."""
        from kcdesk.services.installation import get_installation
        from kcdesk.services.proposal_rules import cap_rules, list_categories

        info = get_installation(self.state.db)
        self.role = Role(info.role) if info else Role.COLLABORATOR
        self.province_code = info.province_code if info else None
        self.commune.set_province(self.province_code)
        self.rules = cap_rules(self.state.db)
        current = self.category.currentData()
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem(self.tr("— chọn nội dung —"), "")
        for c in list_categories(self.state.db):
            self.category.addItem(c.name(self.state.lang), c.code)
        if current:
            self._select(self.category, current)
        self.category.blockSignals(False)

    @staticmethod
    def _select(combo: QComboBox, value: str) -> None:
        index = combo.findData(value)
        if index < 0 and value:  # a hidden or unknown category stays visible on its proposal
            combo.addItem(value, value)
            index = combo.count() - 1
        combo.setCurrentIndex(max(index, 0))

    def new(self) -> None:
        from kcdesk.services.installation import get_installation

        self._loading = True
        self._prepare()
        self.detail = None
        info = get_installation(self.state.db)
        for edit in (self.title, self.place, self.start, self.end, self.jobs, self.trainees,
                     self.revenue):  # fmt: skip
            edit.clear()
        self.unit.setText(info.centre_name if info and info.centre_name else "")
        for text in (self.background, self.objectives, self.activities, self.other):
            text.clear()
        self.category.setCurrentIndex(0)
        self._select(self.funding, FundingSource.PROVINCIAL.value)
        self.year.setValue(date.today().year)
        self.commune.set_code(None)
        self.beneficiaries.clear()
        self._beneficiary_names = {}
        self.budget.set_lines([])
        self.history.clear()
        self.files.clear()
        self.errors.clear()
        self._loading = False
        self.dirty = False
        self._apply_mode()
        self.refresh_budget()
        self.tabs.setCurrentIndex(0)
        self.title.setFocus()

    def load(self, detail: ProposalDetail) -> None:
        self._loading = True
        self._prepare()
        self.detail = detail
        self.title.setText(detail.title)
        self._select(self.category, detail.category_code)
        self._select(self.funding, detail.funding_source.value)
        self.year.setValue(detail.plan_year or self.year.minimum())
        self.unit.setText(detail.implementing_unit)
        self.beneficiaries.clear()
        self._beneficiary_names = {}
        for b in detail.beneficiaries:
            self._add_beneficiary_item(b.uuid, b.name, b.commune_name)
        self.commune.set_code(detail.commune_code)
        self.place.setText(detail.place)
        self.start.setText(format_date(detail.period_start))
        self.end.setText(format_date(detail.period_end))
        self.background.setPlainText(detail.background)
        self.objectives.setPlainText(detail.objectives)
        self.activities.setPlainText(detail.activities)
        self.jobs.setText(_int_text(detail.results.jobs))
        self.trainees.setText(_int_text(detail.results.trainees))
        self.revenue.setText(_int_text(detail.results.revenue))
        self.other.setPlainText(detail.results.other)
        self.budget.set_lines(detail.lines)
        self._fill_history(detail)
        self._fill_files(detail)
        self.errors.clear()
        self._loading = False
        self.dirty = False
        self._apply_mode()
        self.refresh_budget()
        self._show_warnings(detail.warnings)

    def _fill_history(self, detail: ProposalDetail) -> None:
        self.history.clear()
        for h in detail.history:
            self.history.addTopLevelItem(
                QTreeWidgetItem(
                    [
                        format_datetime(h.at.astimezone() if h.at.tzinfo else h.at),
                        h.actor,
                        self.state.label(h.role),
                        h.verb_en if self.state.lang == "en" else h.verb_vi,
                        f"{self.state.label(h.source)} → {self.state.label(h.target)}",
                        h.reason,
                    ]
                )
            )
        for col in range(5):
            self.history.resizeColumnToContents(col)

    def _fill_files(self, detail: ProposalDetail) -> None:
        self.files.clear()
        for a in detail.attachments:
            size = format_number(max(1, round(a.size / 1024)))
            text = f"{a.filename} ({size} KB)" + (f" — {a.caption}" if a.caption else "")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, a.uuid)
            item.setData(Qt.ItemDataRole.UserRole + 1, a.filename)
            self.files.addItem(item)

    def _add_beneficiary_item(self, uuid: str, name: str, commune: str = "") -> None:
        if uuid in self._beneficiary_names:
            return
        self._beneficiary_names[uuid] = name
        item = QListWidgetItem(f"{name} — {commune}" if commune else name)
        item.setData(Qt.ItemDataRole.UserRole, uuid)
        self.beneficiaries.addItem(item)

    def editable(self) -> bool:
        return self.detail is None or self.detail.editable

    def _apply_mode(self) -> None:
        """Read-only when the role may not change the proposal in its status."""
        editable = self.editable()
        for edit in (self.title, self.unit, self.place, self.start, self.end, self.jobs,
                     self.trainees, self.revenue):  # fmt: skip
            edit.setReadOnly(not editable)
        for text in (self.background, self.objectives, self.activities, self.other):
            text.setReadOnly(not editable)
        for widget in (self.category, self.funding, self.year, self.commune,
                       self.add_beneficiary, self.remove_beneficiary, self.add_line,
                       self.remove_line, self.line_up, self.line_down):  # fmt: skip
            widget.setEnabled(editable)
        self.budget.read_only = not editable
        self.save_button.setEnabled(editable)
        may_attach = editable or self.role is Role.PROVINCE
        self.add_file.setEnabled(may_attach and self.detail is not None)
        self.remove_file.setEnabled(may_attach and self.detail is not None)
        self.print_button.setEnabled(self.detail is not None)

        d = self.detail
        title = d.title if d else self.tr("Đề án mới")
        self.heading.setText(title)
        status = d.status if d else ProposalStatus.DRAFT
        self.status_label.setText(self.state.label(status))
        if d is not None and not d.editable:
            self.notice.setText(
                self.tr("Đề án đang ở trạng thái “%1”: bạn chỉ xem, không sửa được.").replace(
                    "%1", self.state.label(d.status)
                )
            )
            self.notice.setStyleSheet("background: #eef2f6; padding: 4px;")
            self.notice.show()
        elif d is None or not d.warnings:
            self.notice.hide()
        self._fill_steps()

    def _fill_steps(self) -> None:
        for button in self.step_buttons.values():
            self.steps_box.removeWidget(button)
            button.deleteLater()
        self.step_buttons = {}
        if self.detail is None:
            return
        for step in self.detail.steps:
            verb = step.verb_en if self.state.lang == "en" else step.verb_vi
            button = QPushButton(verb, self)
            button.setObjectName(f"step-{step.target.value}")
            if step.blockers:
                button.setToolTip("\n".join(b.message(self.state.lang) for b in step.blockers))
            button.clicked.connect(lambda _c=False, s=step: self.take_step(s))
            self.steps_box.addWidget(button)
            self.step_buttons[step.target.value] = button

    # --- editing -----------------------------------------------------------------------------

    def _touched(self) -> None:
        if not self._loading:
            self.dirty = True

    def _budget_context_changed(self) -> None:
        self._touched()
        self.refresh_budget()

    def _budget_edited(self) -> None:
        self._touched()
        self.refresh_budget()

    def refresh_budget(self) -> None:
        """Recompute totals, the maximum and the gap from what is on screen (no database)."""
        from kcdesk.services.proposal_budget import preview_budget
        from kcdesk.vn.dates import parse_date

        try:
            start = parse_date(self.start.text())
        except ValueError:
            start = None
        year = self.year.value() if self.year.value() != self.year.minimum() else None
        status = self.detail.status if self.detail else ProposalStatus.DRAFT
        province = self.detail.province_code if self.detail else self.province_code
        evaluation = preview_budget(
            self.rules,
            str(self.category.currentData() or ""),
            str(self.funding.currentData() or FundingSource.PROVINCIAL.value),
            province,
            self.beneficiaries.count(),
            self.budget.lines(),
            period_start=start,
            plan_year=year,
            status=status,
        )
        bad_rows = sum(1 for c in self.budget.checked if isinstance(c, ValidationError))
        self.summary.show_evaluation(evaluation, bad_rows, self.state.lang)
        self.last_evaluation = evaluation

    def new_line(self) -> None:
        row = self.budget.add_row()
        self.tabs.setCurrentIndex(1)
        index = self.budget.index(row, 0)
        self.budget_view.setCurrentIndex(index)
        self.budget_view.edit(index)

    def delete_line(self) -> None:
        index = self.budget_view.currentIndex()
        if index.isValid():
            self.budget.remove_row(index.row())

    def _move_line(self, delta: int) -> None:
        index = self.budget_view.currentIndex()
        if index.isValid():
            row = self.budget.move_row(index.row(), delta)
            self.budget_view.setCurrentIndex(self.budget.index(row, index.column()))

    def choose_beneficiaries(self) -> None:
        chooser = BeneficiaryChooser(self.state, set(self._beneficiary_names), self)
        if chooser.exec() != QDialog.DialogCode.Accepted:
            return
        for uuid, name in chooser.chosen().items():
            self._add_beneficiary_item(uuid, name)
        self._touched()
        self.refresh_budget()

    def add_beneficiary_uuid(self, uuid: str, name: str) -> None:
        """Add a facility as beneficiary (from the facility page's "new proposal")."""
        self._add_beneficiary_item(uuid, name)
        self._touched()
        self.refresh_budget()

    def drop_beneficiary(self) -> None:
        item = self.beneficiaries.currentItem()
        if item is None:
            return
        self._beneficiary_names.pop(str(item.data(Qt.ItemDataRole.UserRole)), None)
        self.beneficiaries.takeItem(self.beneficiaries.row(item))
        self._touched()
        self.refresh_budget()

    def collect(self) -> ProposalInput:
        from kcdesk.services.proposal_input import ProposalInput

        year = self.year.value()
        return ProposalInput(
            title=self.title.text(),
            category=str(self.category.currentData() or ""),
            funding_source=str(self.funding.currentData()),
            plan_year=None if year == self.year.minimum() else year,
            implementing_unit=self.unit.text(),
            facility_uuids=list(self._beneficiary_names),
            commune_code=self.commune.code(),
            place=self.place.text(),
            period_start=self.start.text() or None,
            period_end=self.end.text() or None,
            background=self.background.toPlainText()[: TEXT_LIMIT + 1],
            objectives=self.objectives.toPlainText()[: TEXT_LIMIT + 1],
            activities=self.activities.toPlainText()[: TEXT_LIMIT + 1],
            expected_jobs=self.jobs.text() or None,
            expected_trainees=self.trainees.text() or None,
            expected_revenue=self.revenue.text() or None,
            expected_other=self.other.toPlainText(),
            lines=list(self.budget.inputs()),
        )

    def save(self) -> bool:
        """Save; on refusal every reason is shown by its field (and the budget rows)."""
        from kcdesk.gui.errors import show_error
        from kcdesk.services.proposals import create_proposal, update_proposal

        self.errors.clear()
        if self.commune.has_unmatched_text():
            self.boxes["commune_code"].show_error(
                self.tr("Chưa chọn được xã/phường: hãy chọn trong danh sách gợi ý.")
            )
            return False
        data = self.collect()
        try:
            if self.detail is None:
                result = create_proposal(self.state.db, data)
            else:
                result = update_proposal(
                    self.state.db, self.detail.uuid, data, base_version=self.detail.version
                )
        except ValidationError as exc:
            orphans = self.errors.show(exc.issues)
            budget = [i for i in exc.issues if i.field.startswith("lines")]
            if budget:
                self.tabs.setCurrentIndex(1)
            elif self.errors.first_invalid() is not None:
                self.tabs.setCurrentIndex(0)
            text = "\n".join(
                [i.message(self.state.lang) for i in budget]
                + [o for o in orphans if not any(o == i.message(self.state.lang) for i in budget)]
            )
            QMessageBox.warning(
                self,
                self.tr("Chưa lưu được đề án"),
                text or self.tr("Hãy sửa các ô được đánh dấu đỏ."),
            )
            return False
        except KcError as exc:
            show_error(self, exc, self.state.lang)
            return False
        self.load(result.detail)
        self.state.notify("proposal")
        self.state.status_message.emit(
            self.tr("Đã lưu đề án “%1”.").replace("%1", result.detail.title)
        )
        self.saved.emit(result.uuid)
        return True

    def _show_warnings(self, warnings: Any) -> None:
        shown = [w.message(self.state.lang) for w in warnings if w.severity is Severity.WARNING]
        if not shown or (self.detail is not None and not self.detail.editable):
            return
        self.notice.setText("⚠ " + "\n⚠ ".join(shown))
        self.notice.setStyleSheet("background: #fff4ce; color: #5c3c00; padding: 4px;")
        self.notice.show()

    # --- lifecycle ---------------------------------------------------------------------------

    def make_transition_dialog(self, step: StepRow) -> TransitionDialog:
        title = self.detail.title if self.detail else ""
        return TransitionDialog(self.state, title, step, self)

    def take_step(self, step: StepRow) -> None:
        """Confirm and take one lifecycle step; unsaved changes are saved first."""
        from kcdesk.gui.errors import show_error
        from kcdesk.services.proposals import get_proposal, transition_proposal

        if self.detail is None:
            return
        if self.dirty and self.editable():
            answer = QMessageBox.question(
                self,
                self.tr("Lưu thay đổi"),
                self.tr("Đề án có thay đổi chưa lưu. Lưu trước khi chuyển trạng thái?"),
            )
            if answer != QMessageBox.StandardButton.Yes or not self.save():
                return
            fresh = next((s for s in self.detail.steps if s.target is step.target), None)
            if fresh is None:
                return
            step = fresh
        if step.blockers:
            QMessageBox.warning(
                self,
                self.tr("Chưa chuyển được trạng thái"),
                "\n".join(b.message(self.state.lang) for b in step.blockers),
            )
            return
        dialog = self.make_transition_dialog(step)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            detail = transition_proposal(
                self.state.db, self.detail.uuid, step.target, dialog.reason_text()
            )
        except KcError as exc:
            show_error(self, exc, self.state.lang)
            self.load(get_proposal(self.state.db, self.detail.uuid))
            return
        self.load(detail)
        self.state.notify("proposal")
        self.state.status_message.emit(
            self.tr("Đề án “%1” chuyển sang “%2”.")
            .replace("%1", detail.title)
            .replace("%2", self.state.label(detail.status))
        )

    # --- files and printing ------------------------------------------------------------------

    def attach_files(self) -> None:
        from kcdesk.gui.errors import show_error
        from kcdesk.services.proposals import attach_file, get_proposal

        if self.detail is None:
            return
        paths, _f = QFileDialog.getOpenFileNames(self, self.tr("Chọn tệp đính kèm"))
        for path in paths:
            try:
                attach_file(self.state.db, self.detail.uuid, Path(path))
            except KcError as exc:
                show_error(self, exc, self.state.lang)
                break
        if paths:
            self._refresh_files(get_proposal(self.state.db, self.detail.uuid))

    def _refresh_files(self, detail: ProposalDetail) -> None:
        self.detail = detail
        self._fill_files(detail)
        self.state.notify("attachment")

    def detach_file(self) -> None:
        from kcdesk.services.proposals import get_proposal, remove_attachment

        item = self.files.currentItem()
        if item is None or self.detail is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Bỏ tệp đính kèm"),
            self.tr("Bỏ tệp “%1” khỏi đề án?").replace(
                "%1", str(item.data(Qt.ItemDataRole.UserRole + 1))
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            remove_attachment(
                self.state.db, self.detail.uuid, str(item.data(Qt.ItemDataRole.UserRole))
            )
            self._refresh_files(get_proposal(self.state.db, self.detail.uuid))

    def open_attachment(self) -> None:
        from kcdesk.services.proposals import attachment_content

        item = self.files.currentItem()
        if item is None or self.detail is None:
            return
        data = attachment_content(
            self.state.db, self.detail.uuid, str(item.data(Qt.ItemDataRole.UserRole))
        )
        folder = Path(tempfile.mkdtemp(prefix="kcdesk-"))
        path = folder / str(item.data(Qt.ItemDataRole.UserRole + 1))
        path.write_bytes(data)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def print_pdf(self) -> None:
        if self.detail is None:
            return
        if self.dirty and self.editable():
            answer = QMessageBox.question(
                self, self.tr("Lưu thay đổi"), self.tr("Lưu đề án trước khi in?")
            )
            if answer == QMessageBox.StandardButton.Yes and not self.save():
                return
        out = choose_pdf(self, f"Đề án - {self.detail.title}")
        if out is not None:
            run_print(self.state, self, self.detail.uuid, out)

    # --- closing -----------------------------------------------------------------------------

    def close_editor(self) -> bool:
        """Leave the editor, asking about unsaved changes; False when the person stays."""
        if self.dirty and self.editable():
            box = QMessageBox(self)
            box.setIcon(QMessageBox.Icon.Question)
            box.setWindowTitle(self.tr("Lưu thay đổi"))
            box.setText(self.tr("Đề án có thay đổi chưa lưu."))
            save = box.addButton(self.tr("Lưu"), QMessageBox.ButtonRole.AcceptRole)
            discard = box.addButton(self.tr("Bỏ thay đổi"), QMessageBox.ButtonRole.DestructiveRole)
            box.addButton(self.tr("Ở lại"), QMessageBox.ButtonRole.RejectRole)
            box.exec()
            clicked = box.clickedButton()
            if clicked is save:
                if not self.save():
                    return False
            elif clicked is not discard:
                return False
        self.dirty = False
        self.closed.emit()
        return True


def safe_file_name(name: str) -> str:
    """A file name Windows accepts, Vietnamese letters kept."""
    import re

    cleaned = re.sub(r'[<>:"/\\|?*\x00-\x1f]+', " ", name).strip(" .")
    return (cleaned or "de-an")[:120]


def choose_pdf(parent: QWidget, suggested: str) -> Path | None:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    path, _f = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("ProposalPrint", "Lưu tệp PDF"),
        str(Path(folder) / f"{safe_file_name(suggested)}.pdf"),
        QCoreApplication.translate("ProposalPrint", "Tệp PDF (*.pdf)"),
    )
    return Path(path) if path else None


def run_print(state: AppState, parent: QWidget, uuid: str, out: Path) -> None:
    """Print off the GUI thread with a progress dialog, then offer to open the file."""
    db = state.db

    def work(_progress: Any, _cancelled: Any) -> Any:
        from kcdesk.services.proposal_print import print_proposal

        return print_proposal(db, uuid, out)

    def done(result: Any) -> None:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(QCoreApplication.translate("ProposalPrint", "Đã xuất PDF"))
        box.setText(
            QCoreApplication.translate("ProposalPrint", "Đã ghi %1 (%2 trang).")
            .replace("%1", str(result.path))
            .replace("%2", str(result.pages))
        )
        open_button = box.addButton(
            QCoreApplication.translate("ProposalPrint", "Mở"), QMessageBox.ButtonRole.AcceptRole
        )
        box.addButton(
            QCoreApplication.translate("ProposalPrint", "Đóng"), QMessageBox.ButtonRole.RejectRole
        )
        box.exec()
        if box.clickedButton() is open_button:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path)))

    state.tasks.run(
        work,
        success=done,
        title=QCoreApplication.translate("ProposalPrint", "Đang in đề án…"),
        parent=parent,
    )
