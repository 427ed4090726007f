"""Settings: interface language, re-running the first-run set-up, where the data lives."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kcdesk.gui.i18n import LANGUAGES
from kcdesk.gui.state import AppState


class SettingsDialog(QDialog):
    """OK applies the language at once (the window rebuilds its pages in the new language)."""

    def __init__(
        self,
        state: AppState,
        *,
        data_folder: str,
        can_rerun_setup: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.wants_setup = False
        self.setWindowTitle(self.tr("Cài đặt"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)

        general = QGroupBox(self.tr("Giao diện"))
        form = QFormLayout(general)
        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(state.lang)))
        form.addRow(self.tr("&Ngôn ngữ:"), self.language)
        layout.addWidget(general)

        identity = QGroupBox(self.tr("Người dùng và địa bàn"))
        box = QVBoxLayout(identity)
        note = QLabel(
            self.tr(
                "Chạy lại bước thiết lập ban đầu để đổi vai trò, họ tên, số điện thoại, địa bàn "
                "phụ trách hoặc tên trung tâm. Dữ liệu đã nhập được giữ nguyên."
            )
        )
        note.setWordWrap(True)
        box.addWidget(note)
        self.rerun = QPushButton(self.tr("Chạy lại &thiết lập ban đầu…"))
        self.rerun.setObjectName("rerun-setup")
        self.rerun.setEnabled(can_rerun_setup)
        self.rerun.clicked.connect(self._on_rerun)
        row = QHBoxLayout()
        row.addWidget(self.rerun)
        row.addStretch(1)
        box.addLayout(row)
        layout.addWidget(identity)

        storage = QGroupBox(self.tr("Dữ liệu"))
        form2 = QFormLayout(storage)
        db_label = QLabel(state.db.location if state.db is not None else "—")
        db_label.setWordWrap(True)
        form2.addRow(self.tr("Cơ sở dữ liệu:"), db_label)
        folder_row = QHBoxLayout()
        folder_label = QLabel(data_folder)
        folder_label.setWordWrap(True)
        folder_row.addWidget(folder_label, 1)
        open_folder = QPushButton(self.tr("&Mở thư mục"))
        open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(data_folder))
        )
        folder_row.addWidget(open_folder)
        form2.addRow(self.tr("Thư mục dữ liệu:"), folder_row)
        layout.addWidget(storage)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen_language(self) -> str:
        return str(self.language.currentData())

    def _on_rerun(self) -> None:
        # Close first, so the wizard opens over the window and not over this dialog; the caller
        # applies the language chosen here, then runs the wizard (see ``wants_setup``).
        self.wants_setup = True
        self.accept()
