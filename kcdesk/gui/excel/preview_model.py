"""The rows of an import preview as a Qt table: status, what the row holds, why, and the action a
person chose (create, update, skip), editable with a drop-down where there is a choice."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

if TYPE_CHECKING:
    from kcdesk.services.excel_import import ImportPreview, PreviewRow

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("row", "status", "action", "name", "kind", "commune", "tax", "phone", "reasons")
ACTION_COLUMN = COLUMNS.index("action")
ROW_ROLE = Qt.ItemDataRole.UserRole + 1

_COLOURS = {"new": "#e2f0d9", "matched": "#fff2cc", "invalid": "#f8cbad"}


def _t(text: str) -> str:
    return QCoreApplication.translate("ExcelPreview", text)


def status_label(status: str) -> str:
    return {
        "new": _t(QT_TRANSLATE_NOOP("ExcelPreview", "Mới")),
        "matched": _t(QT_TRANSLATE_NOOP("ExcelPreview", "Trùng")),
        "invalid": _t(QT_TRANSLATE_NOOP("ExcelPreview", "Lỗi")),
    }.get(status, status)


def action_label(action: str) -> str:
    return {"create": _t(QT_TRANSLATE_NOOP("ExcelPreview", "Thêm mới")), "update": _t(QT_TRANSLATE_NOOP("ExcelPreview", "Cập nhật cơ sở đã có")),
            "skip": _t(QT_TRANSLATE_NOOP("ExcelPreview", "Bỏ qua"))}.get(action, action)  # fmt: skip


def allowed_actions(row: PreviewRow) -> list[str]:
    from kcdesk.services.excel_import import ACTIONS_ALLOWED

    actions = list(ACTIONS_ALLOWED[row.status])
    if "update" in actions and (row.match is None or row.match.kind != "database"):
        actions.remove("update")
    return actions


class PreviewModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.preview: ImportPreview | None = None
        self.rows: list[PreviewRow] = []
        self.actions: dict[int, str] = {}
        self.lang = "vi"

    def set_preview(self, preview: ImportPreview | None, lang: str = "vi") -> None:
        self.beginResetModel()
        self.preview = preview
        self.rows = list(preview.rows) if preview is not None else []
        self.actions = {r.row: r.action for r in self.rows}
        self.lang = lang
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = {"row": _t(QT_TRANSLATE_NOOP("ExcelPreview", "Dòng")), "status": _t(QT_TRANSLATE_NOOP("ExcelPreview", "Kết quả")), "action": _t(QT_TRANSLATE_NOOP("ExcelPreview", "Sẽ làm")),
                  "name": _t(QT_TRANSLATE_NOOP("ExcelPreview", "Tên cơ sở")), "kind": _t(QT_TRANSLATE_NOOP("ExcelPreview", "Loại hình")), "commune": _t(QT_TRANSLATE_NOOP("ExcelPreview", "Xã/phường")),
                  "tax": _t(QT_TRANSLATE_NOOP("ExcelPreview", "Mã số thuế")), "phone": _t(QT_TRANSLATE_NOOP("ExcelPreview", "Số điện thoại")),
                  "reasons": _t(QT_TRANSLATE_NOOP("ExcelPreview", "Lý do / ghi chú"))}  # fmt: skip
        return titles[COLUMNS[section]]

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == ACTION_COLUMN and len(allowed_actions(self.rows[index.row()])) > 1:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = COLUMNS[index.column()]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.BackgroundRole and key in ("status", "action"):
            return QBrush(QColor(_COLOURS.get(row.status, "#ffffff")))
        if role == Qt.ItemDataRole.ToolTipRole and key in ("reasons", "status"):
            return "\n".join(row.reasons(self.lang)) or None
        if role == Qt.ItemDataRole.EditRole and key == "action":
            return self.actions[row.row]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if key == "row":
            return row.row
        if key == "status":
            return status_label(row.status)
        if key == "action":
            return action_label(self.actions[row.row])
        if key == "name":
            return row.data.name
        if key == "kind":
            from kcdesk.domain.entities import FacilityKind

            kinds = {k.value: k for k in FacilityKind}
            kind = kinds.get(row.data.kind)
            if kind is None:
                return row.data.kind
            return kind.label_en if self.lang == "en" else kind.label_vi
        if key == "commune":
            return row.commune_name or row.source.get("commune", "")
        if key == "tax":
            return row.data.tax_code
        if key == "phone":
            return row.data.phone
        return " ".join(row.reasons(self.lang))

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if index.column() != ACTION_COLUMN or role != Qt.ItemDataRole.EditRole:
            return False
        row = self.rows[index.row()]
        if value not in allowed_actions(row):
            return False
        self.actions[row.row] = str(value)
        self.dataChanged.emit(index, index)
        return True

    def counts(self) -> dict[str, int]:
        out = {"create": 0, "update": 0, "skip": 0}
        for action in self.actions.values():
            out[action] = out.get(action, 0) + 1
        return out


class StatusFilter(QSortFilterProxyModel):
    """Show all rows, or only new / matched / invalid / those with warnings."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.wanted = ""

    def set_wanted(self, wanted: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.9 (invalidateFilter is deprecated)
            self.beginFilterChange()
            self.wanted = wanted
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.wanted = wanted
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self.wanted:
            return True
        model = self.sourceModel()
        assert isinstance(model, PreviewModel)
        row = model.rows[source_row]
        if self.wanted == "warnings":
            return bool(row.warnings) and row.status != "invalid"
        return row.status == self.wanted


class ActionDelegate(QStyledItemDelegate):
    """A drop-down of the actions a row allows."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        row = index.data(ROW_ROLE)
        for action in allowed_actions(row):
            combo.addItem(action_label(action), action)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        current = index.data(Qt.ItemDataRole.EditRole)
        editor.setCurrentIndex(max(0, editor.findData(current)))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
