"""The Đồng bộ page: export and import packages, preview, history, devices, conflicts.

Long work (export, preview, import) runs through ``state.tasks`` with progress and Cancel; files
can be chosen in a dialog or dropped on the page. Fingerprints are shown in groups of four digits,
large enough to read aloud over the phone.

A centre on a server database is one installation used from several computers: beside its
fingerprint the page offers to export its keys to another computer and to import them here. A
computer that does not have them yet says so, with the import at hand.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kcdesk.gui.errors import show_error
from kcdesk.gui.sync.conflict_dialog import ConflictDialog
from kcdesk.gui.sync.dialogs import (
    ImportPreviewDialog,
    KeyPassphraseDialog,
    SetupFileDialog,
    kind_label,
)

if TYPE_CHECKING:
    from kcdesk.gui.state import AppState
    from kcdesk.services.sync import ExportSummary, ImportOutcome, KeyTransferResult

PACKAGE_SUFFIX = ".kcsync"
KEYS_SUFFIX = ".kckeys"


def _slug(text: str) -> str:
    from kcdesk.vn.text import fold

    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "kcdesk"


def _fmt(value: Any) -> str:
    from kcdesk.vn.dates import format_datetime

    if value is None:
        return ""
    return str(format_datetime(value))


class SyncView(QWidget):
    """Built by the main window as ``SyncView(state)``."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setAcceptDrops(True)
        self.identity: Any = None
        self.peers: list[Any] = []
        self.conflicts: list[Any] = []
        self.keys_missing = False  # a shared database whose keys this computer does not have
        outer = QVBoxLayout(self)

        who = QGroupBox(self.tr("Máy này"), self)
        who_box = QVBoxLayout(who)
        self.me_label = QLabel(who)
        self.me_label.setObjectName("me")
        self.me_label.setWordWrap(True)
        self.fingerprint_label = QLabel(who)
        self.fingerprint_label.setObjectName("fingerprint")
        self.fingerprint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        big = QFont(self.fingerprint_label.font())
        big.setPointSizeF(big.pointSizeF() * 1.6)
        big.setFamily("monospace")
        big.setStyleHint(QFont.StyleHint.Monospace)
        self.fingerprint_label.setFont(big)
        self.partner_label = QLabel(who)
        self.partner_label.setObjectName("partner")
        self.partner_label.setWordWrap(True)
        self.partner_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for widget in (self.me_label, self.fingerprint_label, self.partner_label):
            who_box.addWidget(widget)
        keys_row = QHBoxLayout()
        self.export_keys_button = QPushButton(self.tr("Xuất khoá sang máy khác…"), who)
        self.export_keys_button.setObjectName("export-keys")
        self.export_keys_button.setToolTip(
            self.tr("Cho một máy tính khác dùng chung cơ sở dữ liệu này đồng bộ được với cùng "
                    "vân tay: ghi khoá ra tệp, bảo vệ bằng mật khẩu.")
        )  # fmt: skip
        self.export_keys_button.clicked.connect(self.export_keys)
        self.import_keys_button = QPushButton(self.tr("Nhận khoá từ máy khác…"), who)
        self.import_keys_button.setObjectName("import-keys")
        self.import_keys_button.setToolTip(
            self.tr("Nhận khoá đồng bộ từ tệp khoá do một máy dùng chung cơ sở dữ liệu này xuất.")
        )
        self.import_keys_button.clicked.connect(self.import_keys)
        keys_row.addWidget(self.export_keys_button)
        keys_row.addWidget(self.import_keys_button)
        keys_row.addStretch(1)
        who_box.addLayout(keys_row)
        outer.addWidget(who)

        actions = QHBoxLayout()
        self.export_button = QPushButton(self)
        self.export_button.setObjectName("export")
        self.export_button.clicked.connect(self.choose_export)
        self.receiver = QComboBox(self)
        self.receiver.setObjectName("receiver")
        self.import_button = QPushButton(self.tr("Nhập gói…"), self)
        self.import_button.setObjectName("import")
        self.import_button.clicked.connect(self.choose_import)
        self.setup_button = QPushButton(self)
        self.setup_button.setObjectName("setup")
        self.setup_button.clicked.connect(self.setup_action)
        for widget in (self.export_button, self.receiver, self.import_button, self.setup_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        outer.addLayout(actions)
        hint = QLabel(self.tr("Có thể kéo thả tệp .kcsync vào đây để nhập."), self)
        hint.setEnabled(False)
        outer.addWidget(hint)

        self.tabs = QTabWidget(self)
        self.history = self._table(
            [self.tr("Thời điểm"), self.tr("Chiều"), self.tr("Với"), self.tr("Nội dung"),
             self.tr("Xác nhận"), self.tr("Tệp")], "history",
        )  # fmt: skip
        self.devices = self._table(
            [self.tr("Vai trò"), self.tr("Người / đơn vị"), self.tr("Vân tay"),
             self.tr("Mã thiết bị"), self.tr("Trạng thái"), self.tr("Gói gần nhất")], "devices",
        )  # fmt: skip
        conflicts_page = QWidget(self)
        conflicts_box = QVBoxLayout(conflicts_page)
        self.conflict_table = self._table(
            [self.tr("Bản ghi"), self.tr("Số phiên bản"), self.tr("Phát hiện lúc")], "conflicts"
        )
        self.conflict_table.doubleClicked.connect(lambda index: self.review(index.row()))
        self.review_button = QPushButton(self.tr("Xem và xử lý…"), conflicts_page)
        self.review_button.setObjectName("review")
        self.review_button.clicked.connect(lambda: self.review(self.conflict_table.currentRow()))
        conflicts_box.addWidget(self.conflict_table, 1)
        conflicts_box.addWidget(self.review_button, 0, Qt.AlignmentFlag.AlignRight)
        self.tabs.addTab(self.history, self.tr("Lịch sử gói"))
        self.tabs.addTab(self.devices, self.tr("Thiết bị"))
        self.tabs.addTab(conflicts_page, self.tr("Xung đột"))
        outer.addWidget(self.tabs, 1)

        state.data_changed.connect(lambda _kind: self.refresh())
        self.refresh()

    def _table(self, headers: list[str], name: str) -> QTableWidget:
        table = QTableWidget(0, len(headers), self)
        table.setObjectName(name)
        table.setHorizontalHeaderLabels(headers)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().setVisible(False)
        return table

    # --- reading -------------------------------------------------------------------------------

    @property
    def is_centre(self) -> bool:
        return bool(self.identity and self.identity.role == "province")

    @property
    def shared(self) -> bool:
        """The database is on a server, used from several computers (not a SQLite file)."""
        return bool(self.state.db.dialect != "sqlite")

    def refresh(self) -> None:
        """Reload identity, history, devices and conflicts (small lists: read off the GUI thread
        would only add flicker)."""
        from kcdesk.domain.errors import KcError
        from kcdesk.services.sync import KeysElsewhereError, identity, list_conflicts, list_peers

        self.keys_missing = False
        try:
            self.identity = identity(self.state.db)
        except KeysElsewhereError as exc:
            self._without_keys(exc)
            return
        except KcError as exc:
            self.identity = None
            self.me_label.setText(self.state.explain(exc))
            self.fingerprint_label.clear()
            self.partner_label.clear()
            for widget in (self.export_button, self.receiver, self.import_button):
                widget.setEnabled(False)
            self.setup_button.setText(self.tr("Nhận tệp thiết lập…"))
            self.setup_button.setEnabled(True)
            self.export_keys_button.setVisible(False)
            self.import_keys_button.setVisible(False)
            return
        me = self.identity
        self.peers = list_peers(self.state.db)
        self.conflicts = list_conflicts(self.state.db)
        self.setup_button.setEnabled(True)
        self.export_keys_button.setVisible(self.is_centre or self.shared)
        self.import_keys_button.setVisible(self.is_centre or self.shared)
        self.export_keys_button.setEnabled(True)
        role = self.tr("Trung tâm Khuyến công") if self.is_centre else self.tr("Cộng tác viên")
        self.me_label.setText(
            self.tr("%1 — %2 — mã thiết bị %3")
            .replace("%1", me.person_name)
            .replace("%2", role)
            .replace("%3", me.device_id)
        )
        self.fingerprint_label.setText(self.tr("Vân tay: %1").replace("%1", me.fingerprint))
        if self.is_centre:
            count = sum(1 for p in self.peers if p.role == "collaborator" and p.status == "active")
            self.partner_label.setText(
                self.tr("%1 thiết bị cộng tác viên đã đăng ký.").replace("%1", str(count))
            )
            self.export_button.setText(self.tr("Xuất gói trả lời…"))
            self.setup_button.setText(self.tr("Tạo tệp thiết lập…"))
            self.receiver.setVisible(True)
            self.receiver.clear()
            self.receiver.addItem(self.tr("Mọi cộng tác viên (mỗi người một tệp)"), "")
            for p in self.peers:
                if p.role == "collaborator" and p.status == "active":
                    self.receiver.addItem(f"{p.person_name} ({p.device_id[:6]})", p.device_id)
        else:
            if me.enrolled:
                self.partner_label.setText(
                    self.tr("Gửi cho: %1 — vân tay %2 (đối chiếu qua điện thoại)")
                    .replace("%1", me.province_name)
                    .replace("%2", me.province_fingerprint)
                )
            else:
                self.partner_label.setText(
                    self.tr("Chưa kết nối với Trung tâm: hãy nhận tệp thiết lập do Trung tâm gửi.")
                )
            self.export_button.setText(self.tr("Xuất gói gửi Trung tâm…"))
            self.setup_button.setText(self.tr("Nhận tệp thiết lập…"))
            self.receiver.setVisible(False)
        self.export_button.setEnabled(me.enrolled or self.is_centre)
        self.import_button.setEnabled(True)
        self.receiver.setEnabled(True)
        self._fill_history()
        self._fill_devices()
        self._fill_conflicts()

    def _without_keys(self, exc: Any) -> None:
        """A computer on the shared database that does not have the installation's keys: say so
        and offer to import them; packages cannot be made or read here until then."""
        from kcdesk.services.sync import list_conflicts, list_peers

        self.identity = None
        self.keys_missing = True
        self.me_label.setText(self.state.explain(exc))
        self.fingerprint_label.setText(
            self.tr("Vân tay cần nhận: %1").replace("%1", exc.fingerprint)
        )
        self.partner_label.setText(
            self.tr("Bấm “Nhận khoá từ máy khác…”, chọn tệp khoá (.kckeys) và nhập mật khẩu.")
        )
        centre = exc.role == "province"
        self.export_button.setText(
            self.tr("Xuất gói trả lời…") if centre else self.tr("Xuất gói gửi Trung tâm…")
        )
        self.setup_button.setText(
            self.tr("Tạo tệp thiết lập…") if centre else self.tr("Nhận tệp thiết lập…")
        )
        self.receiver.setVisible(False)
        for widget in (self.export_button, self.import_button, self.setup_button):
            widget.setEnabled(False)
        self.export_keys_button.setVisible(False)
        self.import_keys_button.setVisible(True)
        self.import_keys_button.setEnabled(True)
        self.import_keys_button.setFocus()
        # What was sent and received, and the devices, are the database's: still shown here.
        self.peers = list_peers(self.state.db)
        self.conflicts = list_conflicts(self.state.db)
        self._fill_history()
        self._fill_devices()
        self._fill_conflicts()

    def _fill_history(self) -> None:
        from kcdesk.services.sync import list_packages

        rows = list_packages(self.state.db, limit=500)
        self.history.setRowCount(len(rows))
        for r, p in enumerate(rows):
            counts = ", ".join(f"{n} {kind_label(k, self.state.lang)}"
                               for k, n in p.counts.items() if k in ("facility", "survey",
                                                                      "proposal", "attachment"))  # fmt: skip
            direction = self.tr("gửi đi") if p.direction == "sent" else self.tr("nhận về")
            if p.direction == "sent":
                ack = self.tr("đã xác nhận") if p.acknowledged_at else self.tr("chưa xác nhận")
            else:
                ack = self.tr("đã gửi biên nhận") if p.acknowledged_at else ""
            values = [_fmt(p.at), direction, p.peer_name, counts or self.tr("(không có bản ghi)"),
                      ack, p.file_name]  # fmt: skip
            for c, text in enumerate(values):
                self.history.setItem(r, c, QTableWidgetItem(text))

    def _fill_devices(self) -> None:
        self.devices.setRowCount(len(self.peers))
        for r, p in enumerate(self.peers):
            role = self.tr("Trung tâm") if p.role == "province" else self.tr("Cộng tác viên")
            status = self.tr("đang dùng") if p.status == "active" else self.tr("đã thu hồi")
            values = [role, p.person_name or p.centre_name, p.fingerprint, p.device_id, status,
                      _fmt(p.last_package_at)]  # fmt: skip
            for c, text in enumerate(values):
                self.devices.setItem(r, c, QTableWidgetItem(text))

    def _fill_conflicts(self) -> None:
        self.conflict_table.setRowCount(len(self.conflicts))
        for r, c in enumerate(self.conflicts):
            for col, text in enumerate([c.label, str(c.versions), _fmt(c.detected_at)]):
                self.conflict_table.setItem(r, col, QTableWidgetItem(text))
        title = self.tr("Xung đột")
        if self.conflicts:
            title += f" ({len(self.conflicts)})"
        self.tabs.setTabText(2, title)
        self.review_button.setEnabled(bool(self.conflicts))

    # --- export --------------------------------------------------------------------------------

    def choose_export(self) -> None:
        if self.identity is None:
            return
        to = self.receiver.currentData() if self.is_centre else None
        if self.is_centre and not to:
            folder = QFileDialog.getExistingDirectory(self, self.tr("Chọn thư mục ghi các gói"))
            if folder:
                self.export_to(Path(folder), to=None)
            return
        name = f"kcdesk-{_slug(self.identity.person_name)}-{date.today():%d-%m-%Y}"
        path, _f = QFileDialog.getSaveFileName(
            self, self.tr("Lưu gói đồng bộ"), str(Path.home() / f"{name}{PACKAGE_SUFFIX}"),
            self.tr("Gói đồng bộ kcdesk (*.kcsync)"),
        )  # fmt: skip
        if path:
            if not path.lower().endswith(PACKAGE_SUFFIX):
                path += PACKAGE_SUFFIX
            self.export_to(Path(path), to=to)

    def export_to(self, path: Path, to: str | None) -> None:
        """Export in the background; ``to`` empty at the centre means every collaborator
        (``path`` is then a folder)."""
        from kcdesk.services.sync import Cancelled, export_all, export_package

        db = self.state.db
        everyone = self.is_centre and not to

        def work(progress: Any, cancelled: Any) -> list[ExportSummary]:
            try:
                if everyone:
                    return export_all(db, path, progress=progress, cancelled=cancelled)
                return [export_package(db, path, to=to, progress=progress, cancelled=cancelled)]
            except Cancelled as exc:
                from kcdesk.gui.tasks import Cancelled as TaskCancelled

                raise TaskCancelled() from exc

        self.state.tasks.run(
            work, success=self._exported, failure=lambda exc: show_error(self, exc, self.state.lang),
            title=self.tr("Đang xuất gói đồng bộ…"), parent=self,
        )  # fmt: skip

    def _exported(self, results: list[ExportSummary]) -> None:
        self.state.notify("sync")
        if not results:
            QMessageBox.information(self, self.tr("Xuất gói"),
                                    self.tr("Chưa có cộng tác viên nào được đăng ký."))  # fmt: skip
            return
        lines = []
        for r in results:
            counts = ", ".join(f"{n} {kind_label(k, self.state.lang)}" for k, n in r.counts.items())
            lines.append(
                self.tr("%1 → %2: %3 (mã hoá cho vân tay %4)")
                .replace("%1", Path(r.path).name)
                .replace("%2", r.receiver_name)
                .replace("%3", counts or self.tr("không có thay đổi mới"))
                .replace("%4", r.receiver_fingerprint)
            )
        self.state.status_message.emit(self.tr("Đã xuất gói đồng bộ."))
        QMessageBox.information(self, self.tr("Đã xuất gói"), "\n".join(lines))

    # --- import --------------------------------------------------------------------------------

    def choose_import(self) -> None:
        paths, _f = QFileDialog.getOpenFileNames(
            self, self.tr("Chọn gói đồng bộ"), str(Path.home()),
            self.tr("Gói đồng bộ kcdesk (*.kcsync);;Mọi tệp (*)"),
        )  # fmt: skip
        if paths:
            self.preview([Path(p) for p in paths])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.preview(paths)

    def preview(self, paths: list[Path], trust: bool = False) -> None:
        """Check the files and work out what importing them would do (nothing is written), then
        ask before importing."""
        db = self.state.db

        def work(progress: Any, cancelled: Any) -> list[ImportOutcome]:
            return _preview(db, paths, trust, progress, cancelled)

        self.state.tasks.run(
            work, success=lambda outcomes: self._previewed(paths, outcomes),
            failure=lambda exc: show_error(self, exc, self.state.lang),
            title=self.tr("Đang kiểm tra gói…"), parent=self,
        )  # fmt: skip

    def _previewed(self, paths: list[Path], outcomes: list[ImportOutcome]) -> None:
        self.last_preview = ImportPreviewDialog(self.state, outcomes, self)
        dialog = self.last_preview
        if dialog.exec() != ImportPreviewDialog.DialogCode.Accepted:
            return
        self.import_files(paths, trust=dialog.trust.isChecked())

    def import_files(self, paths: list[Path], trust: bool = False) -> None:
        from kcdesk.services.sync import Cancelled, import_packages

        db = self.state.db

        def work(progress: Any, cancelled: Any) -> list[ImportOutcome]:
            try:
                return import_packages(db, paths, trust_new_device=trust, progress=progress,
                                       cancelled=cancelled)  # fmt: skip
            except Cancelled as exc:
                from kcdesk.gui.tasks import Cancelled as TaskCancelled

                raise TaskCancelled() from exc

        self.state.tasks.run(
            work, success=self._imported, failure=lambda exc: show_error(self, exc, self.state.lang),
            title=self.tr("Đang nhập gói đồng bộ…"), parent=self,
        )  # fmt: skip

    def _imported(self, outcomes: list[ImportOutcome]) -> None:
        self.state.notify("*")
        done = [o for o in outcomes if o.ok and o.result and o.result.status == "imported"]
        refused = [o for o in outcomes if not o.ok]
        conflicts = sum(len(o.result.conflicts) for o in done if o.result)
        text = (
            self.tr("Đã nhập %1 gói; %2 gói không nhận.")
            .replace("%1", str(len(done)))
            .replace("%2", str(len(refused)))
        )
        if conflicts:
            text += " " + self.tr("%1 bản ghi có xung đột cần xem xét (thẻ Xung đột).").replace(
                "%1", str(conflicts)
            )
            self.tabs.setCurrentIndex(2)
        self.state.status_message.emit(text)
        if refused:
            details = "\n".join(
                f"{Path(o.file).name}: {o.error_en if self.state.lang == 'en' else o.error_vi}"
                for o in refused
            )
            QMessageBox.warning(self, self.tr("Nhập gói"), text + "\n\n" + details)

    # --- set-up files --------------------------------------------------------------------------

    def setup_action(self) -> None:
        if self.is_centre:
            self.make_setup_file()
        else:
            path, _f = QFileDialog.getOpenFileName(
                self, self.tr("Chọn tệp thiết lập của Trung tâm"), str(Path.home()),
                self.tr("Gói đồng bộ kcdesk (*.kcsync)"),
            )  # fmt: skip
            if path:
                self.enrol_from(Path(path))

    def make_setup_file(self) -> None:
        dialog = SetupFileDialog(self)
        if dialog.exec() != SetupFileDialog.DialogCode.Accepted:
            return
        name = f"thiet-lap-{_slug(dialog.person.text())}{PACKAGE_SUFFIX}"
        path, _f = QFileDialog.getSaveFileName(
            self, self.tr("Lưu tệp thiết lập"), str(Path.home() / name),
            self.tr("Gói đồng bộ kcdesk (*.kcsync)"),
        )  # fmt: skip
        if path:
            self.write_setup_file(Path(path), dialog.person.text(), dialog.phone.text(),
                                  dialog.commune_list())  # fmt: skip

    def write_setup_file(self, path: Path, person: str, phone: str, communes: list[str]) -> None:
        from kcdesk.services.sync import create_setup_file

        self.state.tasks.call(
            create_setup_file, self.state.db, path, person_name=person, phone=phone,
            communes=list(communes),
            success=lambda r: self._said(
                self.tr("Đã tạo tệp thiết lập"),
                self.tr("Tệp %1 cho %2. Khi cộng tác viên gọi, hãy đọc vân tay của Trung tâm: "
                        "%3").replace("%1", r.path).replace("%2", r.person_name)
                .replace("%3", r.province_fingerprint),
            ),
            failure=lambda exc: show_error(self, exc, self.state.lang), parent=self,
        )  # fmt: skip

    def enrol_from(self, path: Path) -> None:
        from kcdesk.services.sync import enrol

        self.state.tasks.call(
            enrol, self.state.db, path,
            success=lambda r: self._said(
                self.tr("Đã thiết lập máy"),
                self.tr("Máy này làm việc với %1. Hãy gọi Trung tâm để đối chiếu vân tay của "
                        "Trung tâm: %2. Vân tay của máy này: %3.")
                .replace("%1", r.province_name).replace("%2", r.province_fingerprint)
                .replace("%3", r.fingerprint),
            ),
            failure=lambda exc: show_error(self, exc, self.state.lang), parent=self,
        )  # fmt: skip

    def _said(self, title: str, text: str) -> None:
        self.state.notify("installation")
        self.refresh()
        QMessageBox.information(self, title, text)

    # --- keys for another computer on the same database ---------------------------------------

    def export_keys(self) -> None:
        """Ask a passphrase (twice) and where to save, then write the key-transfer file."""
        from kcdesk.services.sync.key_transfer import MIN_PASSPHRASE

        dialog = KeyPassphraseDialog(self, confirm=True, minimum=MIN_PASSPHRASE)
        if dialog.exec() != KeyPassphraseDialog.DialogCode.Accepted:
            return
        name = "khoa-trung-tam"
        if self.identity is not None and not self.is_centre:
            name = f"khoa-{_slug(self.identity.person_name)}"
        path, _f = QFileDialog.getSaveFileName(
            self, self.tr("Lưu tệp khoá"), str(Path.home() / f"{name}{KEYS_SUFFIX}"),
            self.tr("Tệp khoá kcdesk (*.kckeys)"),
        )  # fmt: skip
        if path:
            if not path.lower().endswith(KEYS_SUFFIX):
                path += KEYS_SUFFIX
            self.write_keys(Path(path), dialog.passphrase())

    def write_keys(self, path: Path, passphrase: str) -> None:
        from kcdesk.services.sync import export_keys

        self.state.tasks.call(
            export_keys, self.state.db, path, passphrase,
            success=lambda r: self._keys_said(
                self.tr("Đã xuất khoá"),
                self.tr("Đã ghi tệp khoá %1 (vân tay %2). Ở máy kia, chọn “Nhận khoá từ máy "
                        "khác…”, chọn tệp này và nhập mật khẩu. Ai có tệp và mật khẩu có thể ký "
                        "gói thay Trung tâm: chuyển tệp và mật khẩu theo hai đường khác nhau, xoá "
                        "tệp khi đã nhận xong.")
                .replace("%1", r.path).replace("%2", r.fingerprint),
            ),
            failure=lambda exc: show_error(self, exc, self.state.lang),
            title=self.tr("Đang xuất khoá…"), parent=self,
        )  # fmt: skip

    def import_keys(self) -> None:
        """Choose a key-transfer file; it is checked (whose keys, damaged?) before the
        passphrase is asked."""
        path, _f = QFileDialog.getOpenFileName(
            self, self.tr("Chọn tệp khoá do máy khác xuất"), str(Path.home()),
            self.tr("Tệp khoá kcdesk (*.kckeys);;Mọi tệp (*)"),
        )  # fmt: skip
        if path:
            self.read_keys(Path(path))

    def read_keys(self, path: Path) -> None:
        from kcdesk.services.sync import inspect_key_file

        self.state.tasks.call(
            inspect_key_file, self.state.db, path,
            success=lambda info: self._ask_key_passphrase(path, info),
            failure=lambda exc: show_error(self, exc, self.state.lang), parent=self,
        )  # fmt: skip

    def _ask_key_passphrase(self, path: Path, info: KeyTransferResult) -> None:
        dialog = KeyPassphraseDialog(
            self, confirm=False, owner=info.owner, fingerprint=info.fingerprint
        )
        if dialog.exec() == KeyPassphraseDialog.DialogCode.Accepted:
            self.take_keys(path, dialog.passphrase())

    def take_keys(self, path: Path, passphrase: str) -> None:
        from kcdesk.services.sync import import_keys

        self.state.tasks.call(
            import_keys, self.state.db, path, passphrase,
            success=self._keys_taken,
            failure=lambda exc: show_error(self, exc, self.state.lang),
            title=self.tr("Đang nhận khoá…"), parent=self,
        )  # fmt: skip

    def _keys_taken(self, result: KeyTransferResult) -> None:
        if result.status == "already_here":
            text = self.tr("Máy này đã có khoá của %1 (vân tay %2); không thay đổi gì.")
        else:
            text = self.tr("Đã nhận khoá của %1. Vân tay của máy này: %2 — máy này giờ đồng bộ "
                           "được như máy đã xuất khoá. Hãy xoá tệp khoá khi không cần nữa.")  # fmt: skip
        self._keys_said(
            self.tr("Đã nhận khoá"),
            text.replace("%1", result.owner).replace("%2", result.fingerprint),
        )

    def _keys_said(self, title: str, text: str) -> None:
        self.state.notify("sync")
        self.state.status_message.emit(title)
        QMessageBox.information(self, title, text)

    # --- conflicts -----------------------------------------------------------------------------

    def review(self, row: int) -> None:
        """Open the side-by-side review of the conflict on ``row``."""
        from kcdesk.domain.errors import KcError
        from kcdesk.services.sync import conflict_detail

        if not 0 <= row < len(self.conflicts):
            return
        c = self.conflicts[row]
        try:
            detail = conflict_detail(self.state.db, c.kind, c.uuid)
        except KcError as exc:
            show_error(self, exc, self.state.lang)
            return
        self.conflict_dialog = ConflictDialog(self.state, detail, self)
        if self.conflict_dialog.exec() == ConflictDialog.DialogCode.Accepted:
            self.refresh()


def _preview(db: Any, paths: list[Path], trust: bool, progress: Any, cancelled: Any) -> list[Any]:
    """Each file imported then rolled back: exactly what importing would do."""
    from kcdesk.domain.errors import KcError
    from kcdesk.services.sync import ImportOutcome, import_package

    out = []
    for n, path in enumerate(paths):
        if cancelled():
            break
        progress(n, len(paths), path.name)
        try:
            result = import_package(db, path, preview=True, trust_new_device=trust)
            out.append(ImportOutcome(str(path), True, result))
        except KcError as exc:
            out.append(ImportOutcome(str(path), False, None, getattr(exc, "code", "error"),
                                     exc.message_vi, exc.message_en))  # fmt: skip
    return out
