"""The live budget: an editable table of lines (what is typed is kept as typed, each row checked
by the domain as soon as it changes) and the summary under it (totals, the allowed maximum, the
gap, the warnings, the total in words)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kcdesk.domain.errors import Issue, ValidationError
from kcdesk.domain.proposals.budget import BudgetLine, make_line
from kcdesk.vn.numbers import format_number
from kcdesk.vn.words import amount_in_words

if TYPE_CHECKING:
    from kcdesk.services.proposal_budget import BudgetEvaluation
    from kcdesk.services.proposal_detail import LineRow
    from kcdesk.services.proposal_input import LineInput

Index = QModelIndex | QPersistentModelIndex

# Raw (typed) columns, in table order, and the input field each fills.
INPUT_FIELDS = ("item", "unit", "quantity", "unit_price", "support_percent", "counterpart_percent")
AMOUNT, SUPPORT, COUNTERPART, NOTE = 6, 7, 8, 9
COLUMNS = 10
ERROR_BG = QColor("#fde8e8")
COMPUTED_FG = QColor("#24292f")


class BudgetModel(QAbstractTableModel):
    """Rows of text as typed; ``lines()`` gives the checked ``BudgetLine`` of every valid row."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.raw: list[list[str]] = []
        self.checked: list[BudgetLine | ValidationError] = []
        self.read_only = False
        self.lang = "vi"

    def headers(self) -> list[str]:
        return [
            self.tr("Nội dung chi"),
            self.tr("Đơn vị tính"),
            self.tr("Số lượng"),
            self.tr("Đơn giá (đồng)"),
            self.tr("Khuyến công (%)"),
            self.tr("Đối ứng (%)"),
            self.tr("Thành tiền"),
            self.tr("Kinh phí khuyến công"),
            self.tr("Kinh phí đối ứng"),
            self.tr("Ghi chú"),
        ]

    # --- content -----------------------------------------------------------------------------

    def set_lines(self, lines: Sequence[LineRow]) -> None:
        self.beginResetModel()
        self.raw = [
            [
                x.item,
                x.unit,
                format_number(x.quantity),
                format_number(x.unit_price),
                format_number(x.support_percent),
                format_number(x.counterpart_percent),
                x.note,
            ]
            for x in lines
        ]
        self.checked = [self._check(i) for i in range(len(self.raw))]
        self.endResetModel()
        self.changed.emit()

    def add_row(self) -> int:
        row = len(self.raw)
        self.beginInsertRows(QModelIndex(), row, row)
        self.raw.append(["", "", "1", "", "", "", ""])
        self.checked.append(self._check(row))
        self.endInsertRows()
        self.changed.emit()
        return row

    def remove_row(self, row: int) -> None:
        if not 0 <= row < len(self.raw):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.raw[row]
        del self.checked[row]
        self.endRemoveRows()
        self.checked = [self._check(i) for i in range(len(self.raw))]  # row numbers moved
        self.changed.emit()

    def move_row(self, row: int, delta: int) -> int:
        target = row + delta
        if not (0 <= row < len(self.raw) and 0 <= target < len(self.raw)):
            return row
        self.beginResetModel()
        self.raw[row], self.raw[target] = self.raw[target], self.raw[row]
        self.checked = [self._check(i) for i in range(len(self.raw))]
        self.endResetModel()
        self.changed.emit()
        return target

    def _check(self, row: int) -> BudgetLine | ValidationError:
        r = self.raw[row]
        try:
            return make_line(r[0], r[1], r[2], r[3], r[4], r[5] or None, r[6], index=row)
        except ValidationError as exc:
            return exc

    def lines(self) -> list[BudgetLine]:
        return [c for c in self.checked if isinstance(c, BudgetLine)]

    def issues(self) -> list[Issue]:
        return [i for c in self.checked if isinstance(c, ValidationError) for i in c.issues]

    def inputs(self) -> list[LineInput]:
        from kcdesk.services.proposal_input import LineInput

        return [LineInput(r[0], r[1], r[2], r[3], r[4], r[5] or None, r[6]) for r in self.raw]

    # --- Qt model ----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.raw)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMNS

    def _raw_column(self, col: int) -> int | None:
        if col < len(INPUT_FIELDS):
            return col
        return 6 if col == NOTE else None

    def _cell_issue(self, row: int, col: int) -> str:
        checked = self.checked[row]
        if not isinstance(checked, ValidationError):
            return ""
        names = {i: name for i, name in enumerate(INPUT_FIELDS)}
        name = names.get(col)
        messages = [
            i.message(self.lang)
            for i in checked.issues
            if name is not None and i.field.endswith(f".{name}")
        ]
        return "\n".join(messages)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        raw_col = self._raw_column(col)
        checked = self.checked[row]
        if role == Qt.ItemDataRole.BackgroundRole:
            return ERROR_BG if self._cell_issue(row, col) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self._cell_issue(row, col)
            if text:
                return text
            if col == 5 and not self.raw[row][5]:
                return self.tr("Để trống: phần còn lại sau khuyến công (100 % − tỷ lệ hỗ trợ)")
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and col not in (0, 1, NOTE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.EditRole and raw_col is not None:
            return self.raw[row][raw_col]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if raw_col is not None:
            if col == 5 and not self.raw[row][5] and isinstance(checked, BudgetLine):
                return format_number(checked.counterpart_percent)
            return self.raw[row][raw_col]
        if not isinstance(checked, BudgetLine):
            return ""
        value = {AMOUNT: checked.amount, SUPPORT: checked.support, COUNTERPART: checked.counterpart}
        return format_number(value[col])

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        raw_col = self._raw_column(index.column())
        if role != Qt.ItemDataRole.EditRole or raw_col is None or self.read_only:
            return False
        row = index.row()
        text = "" if value is None else str(value)
        if self.raw[row][raw_col] == text:
            return False
        self.raw[row][raw_col] = text
        self.checked[row] = self._check(row)
        self.dataChanged.emit(self.index(row, 0), self.index(row, COLUMNS - 1))
        self.changed.emit()
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.read_only and self._raw_column(index.column()) is not None:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers()[section]
        return str(section + 1)


class BudgetSummary(QWidget):
    """Totals, the allowed maximum and the gap, the warnings, the total in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.totals = QLabel(self)
        self.totals.setObjectName("budget-totals")
        self.words = QLabel(self)
        self.words.setObjectName("budget-words")
        self.words.setStyleSheet("font-style: italic;")
        self.cap = QLabel(self)
        self.cap.setObjectName("budget-cap")
        self.gap = QLabel(self)
        self.gap.setObjectName("budget-gap")
        self.warnings = QLabel(self)
        self.warnings.setObjectName("budget-warnings")
        for label in (self.totals, self.words, self.cap, self.gap, self.warnings):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)

    def show_evaluation(self, ev: BudgetEvaluation, row_errors: int, lang: str = "vi") -> None:
        t = ev.totals
        self.totals.setText(
            self.tr(
                "Tổng kinh phí: %1 đồng · Khuyến công: %2 đồng (%3 %) · Đối ứng: %4 đồng (%5 %)"
            )
            .replace("%1", format_number(t.amount))
            .replace("%2", format_number(t.support))
            .replace("%3", format_number(t.support_percent))
            .replace("%4", format_number(t.counterpart))
            .replace("%5", format_number(t.counterpart_percent))
            + (
                self.tr(" · Nguồn khác: %1 đồng").replace("%1", format_number(t.other))
                if t.other
                else ""
            )
        )
        self.words.setText(
            self.tr("Bằng chữ: %1").replace("%1", amount_in_words(t.amount)) if t.amount else ""
        )
        cap = ev.cap
        rule = cap.rule_en if lang == "en" else cap.rule_vi
        if cap.allowed is None:
            self.cap.setText(self.tr("Mức hỗ trợ tối đa: %1").replace("%1", rule))
            self.gap.setText("")
            self.gap.setStyleSheet("")
        else:
            self.cap.setText(
                self.tr("Mức hỗ trợ tối đa: %1 đồng (%2)")
                .replace("%1", format_number(cap.allowed))
                .replace("%2", rule)
            )
            gap = cap.gap or 0
            if gap < 0:
                self.gap.setText(
                    self.tr("Vượt mức tối đa: %1 đồng. Chỉ lưu được ở dạng nháp.").replace(
                        "%1", format_number(-gap)
                    )
                )
                self.gap.setStyleSheet("color: #b42318; font-weight: bold;")
            else:
                self.gap.setText(
                    self.tr("Còn có thể đề nghị thêm: %1 đồng").replace("%1", format_number(gap))
                )
                self.gap.setStyleSheet("color: #1a7f37;")
        notes = [i.message(lang) for i in ev.issues if i.code != "over_cap"]
        if row_errors:
            notes.insert(
                0,
                self.tr("%1 dòng dự toán còn lỗi (ô tô đỏ) và chưa được tính.").replace(
                    "%1", str(row_errors)
                ),
            )
        self.warnings.setText("\n".join(notes))
        self.warnings.setStyleSheet("color: #8a5a00;" if notes else "")
