"""The proposals list as a Qt model: pages fetched from SQL as the view scrolls."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from kcdesk.vn.numbers import format_number

if TYPE_CHECKING:
    from kcdesk.gui.state import AppState
    from kcdesk.services.proposal_list import ProposalFilter, ProposalRow

PAGE = 200
Index = QModelIndex | QPersistentModelIndex

# Column → the service's sort key (None: not sortable in SQL).
SORT_KEYS: dict[int, str | None] = {
    0: "title",
    1: None,
    2: "year",
    3: "status",
    4: None,
    5: "support",
}
STATUS_COLOURS = {
    "returned": "#8a5a00",
    "rejected": "#b42318",
    "approved": "#1a7f37",
    "settled": "#57606a",
}


class ProposalsModel(QAbstractTableModel):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.rows: list[ProposalRow] = []
        self.total = 0
        self.flt: ProposalFilter | None = None
        self.order = "updated"

    def headers(self) -> list[str]:
        return [
            self.tr("Tên đề án"),
            self.tr("Nội dung"),
            self.tr("Năm"),
            self.tr("Trạng thái"),
            self.tr("Cơ sở thụ hưởng"),
            self.tr("Kinh phí khuyến công (đồng)"),
        ]

    def reload(self) -> None:
        from kcdesk.services.proposal_list import proposal_page

        self.beginResetModel()
        self.total, self.rows = proposal_page(self.state.db, self.flt, order=self.order, limit=PAGE)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(SORT_KEYS)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: Index) -> None:
        from kcdesk.services.proposals import list_proposals

        more = list_proposals(
            self.state.db, self.flt, order=self.order, offset=len(self.rows), limit=PAGE
        )
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (2, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col == 3:
            colour = STATUS_COLOURS.get(r.status.value)
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.UserRole:
            return r.uuid
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if col == 0:
            return r.title
        if col == 1:
            return r.category_name_en if self.state.lang == "en" else r.category_name
        if col == 2:
            return "" if r.year is None else str(r.year)
        if col == 3:
            return self.state.label(r.status)
        if col == 4:
            return r.beneficiaries
        return format_number(r.support_amount)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.order = SORT_KEYS.get(column) or "updated"
        self.reload()
