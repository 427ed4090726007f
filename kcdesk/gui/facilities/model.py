"""The facility register as a paged Qt table model over the facilities service.

100,000 facilities open at once: the model holds only the pages fetched so far and asks for the
next one when the view scrolls near the end (``canFetchMore``/``fetchMore``). Filtering and
sorting run in SQL (names in Vietnamese order through the stored collation key), never over all
rows in Python. Every query runs off the GUI thread; a newer query supersedes an older one (a
search box that answers as you type never shows the result of a text already replaced).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from kcdesk.domain.entities import FacilityKind
from kcdesk.vn.dates import format_datetime

if TYPE_CHECKING:
    from kcdesk.gui.state import AppState
    from kcdesk.services.facilities import FacilityFilter, FacilityRow

log = logging.getLogger(__name__)

FIRST_PAGE = 100  # a screenful and more: the answer to a keystroke stays small and quick
PAGE_SIZE = 200
COUNT_DELAY_MS = 250  # counting waits until typing pauses, so it never slows the next answer
ModelIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    key: str
    title_source: str  # Vietnamese, translated in context "FacilityModel"
    sort: str | None  # the service's ``order`` name; None: not sortable


COLUMNS: tuple[Column, ...] = (
    Column("name", QT_TRANSLATE_NOOP("FacilityModel", "Tên cơ sở"), "name"),
    Column("kind", QT_TRANSLATE_NOOP("FacilityModel", "Loại hình"), "kind"),
    Column("owner_name", QT_TRANSLATE_NOOP("FacilityModel", "Chủ cơ sở"), "owner_name"),
    Column("commune", QT_TRANSLATE_NOOP("FacilityModel", "Xã, phường"), "commune"),
    Column("phone", QT_TRANSLATE_NOOP("FacilityModel", "Điện thoại"), "phone"),
    Column("tax_code", QT_TRANSLATE_NOOP("FacilityModel", "Mã số thuế"), "tax_code"),
    Column("craft_village", QT_TRANSLATE_NOOP("FacilityModel", "Làng nghề"), "craft_village"),
    Column("industry_code", QT_TRANSLATE_NOOP("FacilityModel", "Mã ngành"), "industry_code"),
    Column("updated_at", QT_TRANSLATE_NOOP("FacilityModel", "Cập nhật"), "updated_at"),
)
COLUMN_KEYS = [c.key for c in COLUMNS]
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the FacilityRow behind a line


@dataclass(frozen=True)
class Query:
    flt: FacilityFilter
    order: str = "name"
    descending: bool = False


def kind_label(kind: str, lang: str) -> str:
    try:
        value = FacilityKind(kind)
    except ValueError:
        return kind
    return value.label_en if lang == "en" else value.label_vi


class FacilityTableModel(QAbstractTableModel):
    total_changed = Signal(object)  # int, or None while counting
    busy_changed = Signal(bool)
    loaded = Signal()  # a new first page is in (after a search, filter, sort or reload)

    def __init__(self, state: AppState, parent: Any = None) -> None:
        super().__init__(parent)
        from PySide6.QtCore import QTimer

        from kcdesk.services.facilities import FacilityFilter

        self.state = state
        self._rows: list[FacilityRow] = []
        self._query = Query(FacilityFilter())
        self._generation = 0
        self._loading_generation: int | None = None  # first page in flight
        self._fetching = False
        self._exhausted = True
        self._total: int | None = None
        self._busy = False
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self._count)

    # -- Qt model API --------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and 0 <= section < len(COLUMNS) and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("FacilityModel", COLUMNS[section].title_source)
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == ROW_ROLE:
            return row
        key = COLUMNS[index.column()].key
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, key)
        if role == Qt.ItemDataRole.ToolTipRole and key == "name":
            place = ", ".join(p for p in (row.address, row.commune_name) if p)
            return f"{row.name}\n{place}" if place else row.name
        return None

    def _text(self, row: FacilityRow, key: str) -> str:
        if key == "kind":
            return kind_label(row.kind, self.state.lang)
        if key == "commune":
            return row.commune_name
        if key == "updated_at":
            moment = row.updated_at
            if moment is None:
                return ""
            return format_datetime(moment.astimezone() if moment.tzinfo else moment)
        value = getattr(row, key)
        return "" if value is None else str(value)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS) or COLUMNS[column].sort is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        query = replace(self._query, order=str(COLUMNS[column].sort), descending=descending)
        if query != self._query:
            self._query = query
            self.reload()

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid():
            return False
        return not self._exhausted and not self._fetching and self._loading_generation is None

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        from kcdesk.services.facilities import list_facilities

        self._fetching = True
        self._set_busy()
        generation, query, offset = self._generation, self._query, len(self._rows)
        self.state.tasks.call(
            list_facilities,
            self.state.db,
            query.flt,
            order=query.order,
            descending=query.descending,
            offset=offset,
            limit=PAGE_SIZE,
            success=lambda rows: self._more_arrived(generation, offset, rows),
            failure=self._failed,
        )

    # -- queries -------------------------------------------------------------------------------

    @property
    def query(self) -> Query:
        return self._query

    @property
    def total(self) -> int | None:
        """Facilities matching the filter, or None while they are being counted."""
        return self._total

    def is_busy(self) -> bool:
        return self._busy

    def set_filter(self, flt: FacilityFilter) -> None:
        if flt != self._query.flt:
            self._query = replace(self._query, flt=flt)
            self.reload()

    def reload(self) -> None:
        """Fetch the first page for the current query. Calls made while a first page is on its
        way are merged: when it arrives, only the latest query is asked again."""
        self._generation += 1
        self._count_timer.stop()
        if self._loading_generation is not None:
            return  # _first_arrived sees the newer generation and asks again
        self._start_first_page()

    def _start_first_page(self) -> None:
        from kcdesk.services.facilities import list_facilities

        generation, query = self._generation, self._query
        self._loading_generation = generation
        self._set_busy()
        self.state.tasks.call(
            list_facilities,
            self.state.db,
            query.flt,
            order=query.order,
            descending=query.descending,
            offset=0,
            limit=FIRST_PAGE,
            success=lambda rows: self._first_arrived(generation, rows),
            failure=self._failed,
        )

    def _first_arrived(self, generation: int, rows: list[FacilityRow]) -> None:
        self._loading_generation = None
        if generation != self._generation:
            self._start_first_page()  # the query changed meanwhile: this answer is stale
            return
        self.beginResetModel()
        self._rows = list(rows)
        self._exhausted = len(rows) < FIRST_PAGE
        self._fetching = False
        self.endResetModel()
        self._set_busy()
        self.loaded.emit()
        if self._exhausted:
            self._set_total(len(rows))
        else:
            self._set_total(None)
            self._count_timer.start()

    def _count(self) -> None:
        from kcdesk.services.facilities import count_facilities

        generation = self._generation
        self.state.tasks.call(
            count_facilities,
            self.state.db,
            self._query.flt,
            success=lambda n: generation == self._generation and self._set_total(int(n)),
            failure=lambda exc: log.warning("counting facilities failed: %s", exc),
        )

    def _more_arrived(self, generation: int, offset: int, rows: list[FacilityRow]) -> None:
        self._fetching = False
        if generation != self._generation or offset != len(self._rows):
            self._set_busy()
            return
        if rows:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self._exhausted = len(rows) < PAGE_SIZE
        self._set_busy()

    def _failed(self, exc: BaseException) -> None:
        self._loading_generation = None
        self._fetching = False
        self._set_busy()
        self.state.tasks.report_error(exc, None)

    def _set_total(self, total: int | None) -> bool:
        self._total = total
        self.total_changed.emit(total)
        return True

    def _set_busy(self) -> None:
        busy = self._fetching or self._loading_generation is not None
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)

    # -- rows ----------------------------------------------------------------------------------

    def row_at(self, row: int) -> FacilityRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def find_row(self, uuid: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.uuid == uuid), -1)

    def replace_row(self, facility: FacilityRow) -> int:
        """Show an edited facility at once, without reloading (the list keeps its place)."""
        row = self.find_row(facility.uuid)
        if row >= 0:
            self._rows[row] = facility
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        return row

    def remove_uuid(self, uuid: str) -> None:
        row = self.find_row(uuid)
        if row < 0:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()
        if self._total is not None:
            self._set_total(max(0, self._total - 1))

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1)
            )
