"""Conflict review: the versions of one record side by side, field by field.

A person keeps one version whole, or picks, field by field, which version's value to keep (click
the cell); the result is saved as a new version that supersedes all of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kcdesk.gui.errors import show_error

if TYPE_CHECKING:
    from kcdesk.gui.state import AppState
    from kcdesk.services.sync import ConflictDetail

_CHOSEN = QColor("#d6f0d6")
_DIFFERS = QColor("#fff4ce")


class ConflictDialog(QDialog):
    """Built with the detail of one conflict (``services.sync.conflict_detail``)."""

    def __init__(
        self, state: AppState, detail: ConflictDetail, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.detail = detail
        self.resolved = False
        self.setWindowTitle(self.tr("Xử lý xung đột: %1").replace("%1", detail.label))
        self.resize(1000, 600)
        # Which version each differing field takes; the shown version (0) to begin with.
        self.choices: dict[str, int] = {f.name: 0 for f in detail.fields if f.differs}

        box = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Bản ghi này đã được sửa ở hai nơi mà không bên nào biết bên kia. Không có gì bị "
                "ghi đè: các phiên bản được giữ nguyên cho đến khi anh/chị chọn. Bấm vào ô để lấy "
                "giá trị của phiên bản đó, hoặc giữ nguyên một phiên bản."
            ),
            self,
        )
        intro.setWordWrap(True)
        box.addWidget(intro)
        self.only_differences = QCheckBox(self.tr("Chỉ hiện các trường khác nhau"), self)
        self.only_differences.setChecked(True)
        self.only_differences.toggled.connect(self._filter_rows)
        box.addWidget(self.only_differences)

        versions = detail.versions
        self.table = QTableWidget(len(detail.fields), len(versions), self)
        self.table.setObjectName("conflict-table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        headers = []
        for v in versions:
            source = v.source_en if state.lang == "en" else v.source_vi
            lines = [source]
            if v.changed_at:
                lines.append(self.tr("sửa lúc %1").replace("%1", _when(v.changed_at)))
            if v.deleted:
                lines.append(self.tr("(bản này XOÁ bản ghi)"))
            if v.shown:
                lines.append(self.tr("(đang hiển thị)"))
            headers.append("\n".join(lines))
        self.table.setHorizontalHeaderLabels(headers)
        labels = []
        for row, f in enumerate(detail.fields):
            labels.append(f.label_en if state.lang == "en" else f.label_vi)
            for col, value in enumerate(f.values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if f.differs:
                    item.setBackground(QBrush(_DIFFERS))
                self.table.setItem(row, col, item)
        self.table.setVerticalHeaderLabels(labels)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.cellClicked.connect(self.choose)
        box.addWidget(self.table, 1)

        keep = QHBoxLayout()
        self.keep_buttons = []
        for v in versions:
            button = QPushButton(self.tr("Giữ nguyên bản %1").replace("%1", str(v.index + 1)), self)
            button.setObjectName(f"keep-{v.index}")
            button.clicked.connect(lambda _=False, i=v.index: self.keep(i))
            keep.addWidget(button)
            self.keep_buttons.append(button)
        box.addLayout(keep)
        buttons = QDialogButtonBox(self)
        self.merge_button = buttons.addButton(
            self.tr("Lưu các giá trị đã chọn"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.merge_button.setObjectName("merge")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button.clicked.connect(self.merge)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        self._paint()
        self._filter_rows(True)

    def choose(self, row: int, column: int) -> None:
        """Take the value of version ``column`` for the field on ``row``."""
        name = self.detail.fields[row].name
        if name in self.choices:
            self.choices[name] = column
            self._paint()

    def _paint(self) -> None:
        for row, f in enumerate(self.detail.fields):
            for col in range(len(self.detail.versions)):
                item = self.table.item(row, col)
                if item is None:
                    continue
                chosen = f.differs and self.choices.get(f.name) == col
                font = QFont(item.font())
                font.setBold(chosen)
                item.setFont(font)
                if f.differs:
                    item.setBackground(QBrush(_CHOSEN if chosen else _DIFFERS))

    def _filter_rows(self, only: bool) -> None:
        for row, f in enumerate(self.detail.fields):
            self.table.setRowHidden(row, only and not f.differs)

    def keep(self, index: int) -> None:
        self._resolve(take=index, fields={})

    def merge(self) -> None:
        fields = {name: i for name, i in self.choices.items() if i != 0}
        self._resolve(take=0, fields=fields)

    def _resolve(self, take: int, fields: dict[str, int]) -> None:
        from kcdesk.domain.errors import KcError
        from kcdesk.services.sync import resolve_conflict

        try:
            resolve_conflict(self.state.db, self.detail.kind, self.detail.uuid, take=take,
                             fields=fields)  # fmt: skip
        except KcError as exc:
            show_error(self, exc, self.state.lang)
            return
        self.resolved = True
        self.state.notify(self.detail.kind)
        self.accept()


def _when(text: str) -> str:
    """An ISO time stamp as dd/mm/yyyy hh:mm (shown only; clocks are not trusted)."""
    from datetime import UTC, datetime

    from kcdesk.vn.dates import format_datetime

    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return text
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return format_datetime(value.astimezone())
