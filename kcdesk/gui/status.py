"""The status bar: where the data is, what the province has not acknowledged, the last export.

The counts come from the sync services when they are installed: ``kcdesk.services.sync`` with
``sync_status(db)`` returning an object with ``unacknowledged`` (int: changes made here that no
receipt from the province covers yet) and ``last_export`` (datetime or None). Until then each
shows "—". The query runs off the GUI thread, after the window is shown.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from kcdesk.vn.dates import format_datetime
from kcdesk.vn.numbers import format_number

if TYPE_CHECKING:
    from kcdesk.gui.state import AppState
    from kcdesk.services.context import Database

log = logging.getLogger(__name__)

DASH = "—"
REFRESH_MS = 60_000  # an export made from the command line shows up within a minute


@dataclass(frozen=True)
class SyncStatus:
    unacknowledged: int | None = None  # None: not known (sync services absent)
    last_export: datetime | None = None
    available: bool = False


def read_sync_status(db: Database) -> SyncStatus:
    """Ask the sync services; absent or failing services give an unknown status, not an error."""
    try:
        module: Any = importlib.import_module("kcdesk.services.sync")
    except ModuleNotFoundError:
        return SyncStatus()
    fn = getattr(module, "sync_status", None)
    if fn is None:
        return _from_history(module, db)
    try:
        result = fn(db)
    except Exception:
        log.exception("sync_status failed")
        return SyncStatus()
    count = getattr(result, "unacknowledged", None)
    last = getattr(result, "last_export", None)
    return SyncStatus(
        unacknowledged=int(count) if count is not None else None,
        last_export=last if isinstance(last, datetime) else None,
        available=True,
    )


def _from_history(module: Any, db: Database) -> SyncStatus:
    """Until the sync services offer ``sync_status``: the last export from the package history
    (read-only); the unacknowledged count stays unknown rather than guessed."""
    packages = getattr(module, "list_packages", None)
    if packages is None:
        return SyncStatus()
    try:
        sent = [p for p in packages(db, limit=200) if getattr(p, "direction", "") == "sent"]
    except Exception:
        log.exception("list_packages failed")
        return SyncStatus()
    last = next((p.at for p in sent if isinstance(getattr(p, "at", None), datetime)), None)
    return SyncStatus(unacknowledged=None, last_export=last, available=True)


def _local(moment: datetime) -> datetime:
    # Stored in UTC; shown in the laptop's time zone.
    return moment.astimezone() if moment.tzinfo is not None else moment


class StatusBar(QStatusBar):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._status = SyncStatus()
        self._stopped = False
        self.database = QLabel()
        self.database.setObjectName("status-database")
        self.database.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.unacknowledged = QLabel()
        self.unacknowledged.setObjectName("status-unacknowledged")
        self.last_export = QLabel()
        self.last_export.setObjectName("status-last-export")
        self.addPermanentWidget(self.database, 1)
        self.addPermanentWidget(self.unacknowledged)
        self.addPermanentWidget(self.last_export)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        state.data_changed.connect(lambda _kind: self.refresh())
        state.status_message.connect(lambda text: self.showMessage(text, 6000))
        self.retranslate()

    def stop(self) -> None:
        """The window is closing: no more questions to the database."""
        self._timer.stop()
        self._stopped = True

    def refresh_soon(self) -> None:
        """Shortly after the database opens: the list comes first."""
        QTimer.singleShot(1500, self.refresh)

    def retranslate(self) -> None:
        if self.state.db is None:
            self.database.setText(self.tr("Đang mở cơ sở dữ liệu…"))
            self._show(self._status)
            return
        location = self.state.db.location
        prefix = self.tr("Dữ liệu mẫu") + " · " if self.state.demo else ""
        self.database.setText(prefix + self.tr("Cơ sở dữ liệu: %1").replace("%1", location))
        self.database.setToolTip(location)
        self._show(self._status)

    def refresh(self) -> None:
        if self.state.db is None or self._stopped:
            return
        self.state.tasks.call(
            read_sync_status, self.state.db, success=self._show, failure=lambda _e: None
        )

    def _show(self, status: SyncStatus) -> None:
        self._status = status
        count = DASH if status.unacknowledged is None else format_number(status.unacknowledged)
        self.unacknowledged.setText(self.tr("Chưa được tỉnh xác nhận: %1").replace("%1", count))
        self.unacknowledged.setToolTip(
            self.tr("Số thay đổi làm trên máy này mà Trung tâm Khuyến công chưa báo đã nhận.")
        )
        when = DASH if status.last_export is None else format_datetime(_local(status.last_export))
        self.last_export.setText(self.tr("Xuất gần nhất: %1").replace("%1", when))
