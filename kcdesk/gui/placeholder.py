"""Pages shown in place of an area page: "what is coming" and "this page could not open"."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kcdesk.gui.areas import Area
from kcdesk.gui.icons import icon


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.6)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def _frame(parent: QWidget, picture: str) -> tuple[QVBoxLayout, QVBoxLayout]:
    """A centred column, 560 px at most, with a picture on top; returns (outer, column)."""
    outer = QVBoxLayout(parent)
    outer.addStretch(1)
    row = QHBoxLayout()
    row.addStretch(1)
    column_widget = QWidget(parent)
    column_widget.setMaximumWidth(560)
    column = QVBoxLayout(column_widget)
    column.setSpacing(12)
    art = QLabel(column_widget)
    art.setPixmap(icon(picture).pixmap(72, 72))
    column.addWidget(art)
    row.addWidget(column_widget, 4)
    row.addStretch(1)
    outer.addLayout(row)
    outer.addStretch(2)
    return outer, column


class ComingSoonPage(QWidget):
    """Stands for an area not built yet: says what it will hold, so the frame is never empty."""

    def __init__(self, area: Area, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.area = area
        self.setObjectName(f"coming-{area.key}")
        _outer, column = _frame(self, "coming")
        column.addWidget(_heading(area.title))
        lead = QLabel(self.tr("Phần này đang được xây dựng và sẽ có trong bản cập nhật tới."))
        lead.setWordWrap(True)
        column.addWidget(lead)
        what = QLabel(self.tr("Khi hoàn thành, tại đây bạn sẽ:"))
        what.setWordWrap(True)
        column.addWidget(what)
        items = "".join(f"<li>{line}</li>" for line in area.coming)
        bullets = QLabel(f"<ul>{items}</ul>")
        bullets.setTextFormat(Qt.TextFormat.RichText)
        bullets.setWordWrap(True)
        column.addWidget(bullets)
        hint = QLabel(
            self.tr(
                "Dữ liệu bạn nhập ở các trang khác được giữ nguyên và sẽ dùng được ngay ở đây "
                "khi phần này có mặt."
            )
        )
        hint.setWordWrap(True)
        hint.setEnabled(False)  # greyed: a note, not an instruction
        column.addWidget(hint)


class PageErrorPage(QWidget):
    """Stands for an area page that exists but failed to open (a bug): the rest still works."""

    def __init__(
        self,
        area: Area,
        log_file: str,
        retry: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.area = area
        self.setObjectName(f"error-{area.key}")
        _outer, column = _frame(self, "coming")
        column.addWidget(_heading(self.tr("Không mở được trang “%1”").replace("%1", area.title)))
        text = QLabel(
            self.tr(
                "Trang này gặp lỗi khi mở. Dữ liệu của bạn không bị ảnh hưởng và các trang "
                "khác vẫn dùng bình thường."
            )
        )
        text.setWordWrap(True)
        column.addWidget(text)
        detail = QLabel(
            self.tr("Chi tiết kỹ thuật đã được ghi vào tệp nhật ký: %1").replace("%1", log_file)
        )
        detail.setWordWrap(True)
        detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(detail)
        button = QPushButton(self.tr("Thử lại"))
        button.clicked.connect(retry)
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)


class LoadingPage(QWidget):
    """Fills the window while the database opens, so the window can show at once."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loading")
        _outer, column = _frame(self, "kcdesk")
        self.text = QLabel()
        self.text.setObjectName("loading-text")
        self.text.setWordWrap(True)
        column.addWidget(self.text)
        self.bar = QProgressBar()
        # No busy animation: its repaints would take turns with the opening thread for
        # Python's lock and slow the opening itself; the bar moves only with real progress.
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.bar.hide()
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(420)
        column.addWidget(self.bar)
        self._custom = ""
        self.retranslate()

    def retranslate(self) -> None:
        self.text.setText(self._custom or self.tr("Đang mở dữ liệu…"))

    def show_progress(self, done: int, total: int, text: str) -> None:
        self._custom = text
        self.retranslate()
        if total > 0:
            self.bar.show()
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
