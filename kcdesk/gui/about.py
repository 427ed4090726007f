"""The About box: what kcdesk is, its version and its licence."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kcdesk import __version__
from kcdesk.gui.icons import app_icon

LICENCE_URL = "https://www.gnu.org/licenses/gpl-3.0.html"


class AboutDialog(QDialog):
    def __init__(self, data_folder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Giới thiệu kcdesk"))
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        art = QLabel()
        art.setPixmap(app_icon().pixmap(80, 80))
        art.setAlignment(Qt.AlignmentFlag.AlignTop)
        top.addWidget(art)
        text = QLabel()
        text.setObjectName("about-text")
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setWordWrap(True)
        text.setOpenExternalLinks(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        text.setText(
            "<h2>kcdesk "
            + __version__
            + "</h2><p>"
            + self.tr(
                "Phần mềm cho cộng tác viên và Trung tâm Khuyến công: quản lý cơ sở công nghiệp "
                "nông thôn, phiếu khảo sát, đề án khuyến công, đồng bộ dữ liệu và báo cáo."
            )
            + "</p><p>"
            + self.tr(
                "Phần mềm tự do theo Giấy phép Công cộng GNU, phiên bản 3 hoặc mới hơn "
                "(GPL-3.0-or-later). Bạn được dùng, sao chép, sửa đổi và phân phối lại theo các "
                "điều khoản của giấy phép; phần mềm được cung cấp không kèm bảo hành."
            )
            + f' <a href="{LICENCE_URL}">{LICENCE_URL}</a></p><p><small>'
            + self.tr("Phiên bản")
            + f" {__version__} · Python {platform.python_version()} · Qt/PySide6 {pyside_version}"
            + (("<br>" + self.tr("Thư mục dữ liệu:") + " " + data_folder) if data_folder else "")
            + "</small></p>"
        )
        text.setMinimumWidth(420)
        top.addWidget(text, 1)
        layout.addLayout(top)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
