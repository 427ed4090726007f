"""Dialogs of the proposals area: confirming a lifecycle step (with its reason), choosing the
beneficiary facilities, and the support-cap rules loaded on this computer."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from kcdesk.gui.state import AppState
    from kcdesk.services.proposal_detail import StepRow


class TransitionDialog(QDialog):
    """ "Chuyển đề án sang …?" with what the step means, and the reason when one is required
    (OK stays disabled until it is written)."""

    def __init__(
        self, state: AppState, title: str, step: StepRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.step = step
        self.setWindowTitle(self.tr("Xác nhận chuyển trạng thái"))
        self.setMinimumWidth(460)
        box = QVBoxLayout(self)
        verb = step.verb_en if state.lang == "en" else step.verb_vi
        question = QLabel(
            self.tr("%1 đề án “%2”?\nTrạng thái mới: %3.")
            .replace("%1", verb)
            .replace("%2", title)
            .replace("%3", state.label(step.target)),
            self,
        )
        question.setWordWrap(True)
        box.addWidget(question)
        note = self._consequence()
        if note:
            consequence = QLabel(note, self)
            consequence.setWordWrap(True)
            consequence.setStyleSheet("color: #57606a;")
            box.addWidget(consequence)
        box.addWidget(
            QLabel(
                self.tr("Lý do (bắt buộc):") if step.needs_reason else self.tr("Ghi chú (nếu có):"),
                self,
            )
        )
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("transition-reason")
        self.reason.setMaximumHeight(110)
        box.addWidget(self.reason)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(verb)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)
        self.reason.textChanged.connect(self._update)
        self._update()

    def _consequence(self) -> str:
        target = self.step.target.value
        if target == "submitted":
            return self.tr(
                "Sau khi gửi, cộng tác viên không sửa được đề án nữa, trừ khi Trung tâm trả lại."
            )
        if target == "returned":
            return self.tr("Đề án trở lại cho cộng tác viên sửa và gửi lại.")
        if target == "rejected":
            return self.tr("Đề án kết thúc, không được hỗ trợ. Không thể hoàn tác.")
        if target == "approved":
            return self.tr("Kinh phí khuyến công được phê duyệt bằng kinh phí đề nghị hiện tại.")
        if target == "settled":
            return self.tr("Đề án kết thúc sau khi quyết toán.")
        return ""

    def _update(self) -> None:
        self.ok.setEnabled(not self.step.needs_reason or bool(self.reason_text()))

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()


class BeneficiaryChooser(QDialog):
    """Pick beneficiary facilities by typing (no diacritics needed); several may be ticked."""

    def __init__(self, state: AppState, exclude: set[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.exclude = exclude
        self.setWindowTitle(self.tr("Chọn cơ sở thụ hưởng"))
        self.resize(560, 440)
        box = QVBoxLayout(self)
        self.search = QLineEdit(self)
        self.search.setObjectName("beneficiary-search")
        self.search.setPlaceholderText(self.tr("Tìm cơ sở (tên, chủ cơ sở, xã, mã số thuế…)"))
        self.search.setClearButtonEnabled(True)
        box.addWidget(self.search)
        self.list = QListWidget(self)
        self.list.setObjectName("beneficiary-list")
        box.addWidget(self.list, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        self._ticked: dict[str, str] = {}
        self.search.textChanged.connect(lambda _t: self.fill())
        self.list.itemChanged.connect(self._on_item)
        self.fill()

    def fill(self) -> None:
        from kcdesk.services.facilities import FacilityFilter, list_facilities

        self.list.blockSignals(True)
        self.list.clear()
        for f in list_facilities(
            self.state.db, FacilityFilter(search=self.search.text()), limit=100
        ):
            if f.uuid in self.exclude:
                continue
            label = f"{f.name} — {f.commune_name}" if f.commune_name else f.name
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, f.uuid)
            item.setData(Qt.ItemDataRole.UserRole + 1, f.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = f.uuid in self._ticked
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)

    def _on_item(self, item: QListWidgetItem) -> None:
        uuid = str(item.data(Qt.ItemDataRole.UserRole))
        if item.checkState() == Qt.CheckState.Checked:
            self._ticked[uuid] = str(item.data(Qt.ItemDataRole.UserRole + 1))
        else:
            self._ticked.pop(uuid, None)

    def chosen(self) -> dict[str, str]:
        """``{uuid: name}`` of the ticked facilities (the highlighted one when none is ticked)."""
        if self._ticked:
            return dict(self._ticked)
        item = self.list.currentItem()
        if item is None:
            return {}
        return {
            str(item.data(Qt.ItemDataRole.UserRole)): str(item.data(Qt.ItemDataRole.UserRole + 1))
        }


class RulesDialog(QDialog):
    """The categories' support caps in force here, the documents they came from, loading a
    province's file, and the repeat-support window."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setWindowTitle(self.tr("Quy định mức hỗ trợ"))
        self.resize(820, 520)
        box = QVBoxLayout(self)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("rules-tree")
        self.tree.setHeaderLabels([self.tr("Văn bản / nội dung"), self.tr("Mức hỗ trợ")])
        self.tree.setColumnWidth(0, 360)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        box.addWidget(self.tree, 1)
        repeat = QHBoxLayout()
        repeat.addWidget(
            QLabel(self.tr("Cảnh báo cùng cơ sở, cùng nội dung trong số năm gần đây:"), self)
        )
        self.years = QSpinBox(self)
        self.years.setObjectName("repeat-years")
        self.years.setRange(0, 20)
        self.years.setSpecialValueText(self.tr("tắt"))
        repeat.addWidget(self.years)
        repeat.addStretch(1)
        box.addLayout(repeat)
        buttons = QHBoxLayout()
        self.load_button = QPushButton(self.tr("Nạp tệp quy định của tỉnh…"), self)
        self.remove_button = QPushButton(self.tr("Gỡ bộ quy định"), self)
        self.restore_button = QPushButton(self.tr("Nạp lại mặc định"), self)
        close = QPushButton(self.tr("Đóng"), self)
        for b in (self.load_button, self.remove_button, self.restore_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        box.addLayout(buttons)
        self.load_button.clicked.connect(self.choose_file)
        self.remove_button.clicked.connect(self.remove_selected)
        self.restore_button.clicked.connect(self.restore)
        close.clicked.connect(self.accept)
        self.years.valueChanged.connect(self._set_years)
        self.refresh()

    def refresh(self) -> None:
        from kcdesk.services.proposal_rules import list_categories, repeat_years, rules_by_set

        db = self.state.db
        names = {c.code: c.name(self.state.lang) for c in list_categories(db, True)}
        self.tree.clear()
        for rule_set, rules in rules_by_set(db):
            top = QTreeWidgetItem(
                [
                    rule_set.title or rule_set.legal_reference,
                    f"{rule_set.legal_reference} · {rule_set.file_name}",
                ]
            )
            top.setData(0, Qt.ItemDataRole.UserRole, rule_set.key)
            self.tree.addTopLevelItem(top)
            for rule in rules:
                top.addChild(
                    QTreeWidgetItem(
                        [names.get(rule.category, rule.category), rule.describe(self.state.lang)]
                    )
                )
            top.setExpanded(True)
        self.years.blockSignals(True)
        self.years.setValue(repeat_years(db))
        self.years.blockSignals(False)

    def _set_years(self, value: int) -> None:
        from kcdesk.services.proposal_rules import set_repeat_years

        set_repeat_years(self.state.db, value)
        self.state.notify("proposal")

    def load_file(self, path: Path) -> None:
        from kcdesk.gui.errors import show_error
        from kcdesk.services.proposal_rules import load_rules_file

        try:
            info = load_rules_file(self.state.db, path)
        except Exception as exc:  # a KcError/ValidationError says why, shown as such
            show_error(self, exc, self.state.lang)
            return
        self.refresh()
        self.state.notify("proposal")
        verb = self.tr("Đã thay") if info.replaced else self.tr("Đã nạp")
        self.state.status_message.emit(
            self.tr("%1 bộ quy định “%2”: %3 mức.")
            .replace("%1", verb)
            .replace("%2", info.title or info.legal_reference)
            .replace("%3", str(info.rule_count))
        )

    def choose_file(self) -> None:
        path, _f = QFileDialog.getOpenFileName(
            self, self.tr("Chọn tệp quy định"), "", self.tr("Tệp quy định (*.json)")
        )
        if path:
            self.load_file(Path(path))

    def remove_selected(self) -> None:
        from kcdesk.services.proposal_rules import remove_rule_set

        item = self.tree.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        if item is None:
            return
        key = str(item.data(0, Qt.ItemDataRole.UserRole))
        answer = QMessageBox.question(
            self,
            self.tr("Gỡ bộ quy định"),
            self.tr("Gỡ “%1” và các mức hỗ trợ của nó khỏi máy này?").replace("%1", item.text(0)),
        )
        if answer == QMessageBox.StandardButton.Yes:
            remove_rule_set(self.state.db, key)
            self.refresh()
            self.state.notify("proposal")

    def restore(self) -> None:
        from kcdesk.services.proposal_rules import restore_default_rules

        restore_default_rules(self.state.db)
        self.refresh()
        self.state.notify("proposal")
