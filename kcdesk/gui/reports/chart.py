"""A horizontal bar chart drawn with QPainter (QtCharts is not part of PySide6-Essentials).

One bar per label, one or two series side by side (requested against approved), values written
at the end of each bar in the Vietnamese way (1.234,5). Long lists keep their largest rows and
fold the rest into one "Khác" bar, so the chart stays readable on a 1366×768 laptop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

PALETTE = ("#2f6fb3", "#e08a1e", "#4c9a2a", "#9b59b6")
MAX_BARS = 15
ROW_HEIGHT = 26
LABEL_WIDTH = 220


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float]
    colour: str = PALETTE[0]


def fold_rest(
    labels: Sequence[str], series: Sequence[Series], limit: int = MAX_BARS
) -> tuple[list[str], list[Series]]:
    """Keep the ``limit - 1`` largest rows (by the first series) and add them up in "Khác"."""
    if len(labels) <= limit:
        return list(labels), list(series)
    order = sorted(range(len(labels)), key=lambda i: -series[0].values[i])
    keep = sorted(order[: limit - 1])
    rest = order[limit - 1 :]
    other = QCoreApplication.translate("ReportChart", "Khác ({0})").format(len(rest))
    out_labels = [labels[i] for i in keep] + [other]
    out_series = [
        Series(s.name, [s.values[i] for i in keep] + [sum(s.values[i] for i in rest)], s.colour)
        for s in series
    ]
    return out_labels, out_series


def format_value(value: float) -> str:
    from decimal import Decimal

    from kcdesk.vn.numbers import format_number

    rounded = Decimal(repr(value)).quantize(Decimal("0.1")) if value % 1 else Decimal(int(value))
    return str(format_number(rounded.normalize() if value % 1 else rounded))


class BarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels: list[str] = []
        self.series: list[Series] = []
        self.unit = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(80)

    def set_data(self, labels: Sequence[str], series: Sequence[Series], unit: str = "") -> None:
        self.labels, self.series = fold_rest(labels, series)
        self.unit = unit
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        legend = 24 if len(self.series) > 1 or self.unit else 0
        rows = max(len(self.labels), 1)
        return QSize(600, 16 + legend + rows * ROW_HEIGHT * max(1, len(self.series)) // 1)

    def maximum(self) -> float:
        values = [v for s in self.series for v in s.values]
        return max(values, default=0.0)

    def bar_rects(self) -> list[list[QRectF]]:
        """Where each bar goes: ``[series][row]`` (also what tests look at)."""
        width = self.width()
        label_w = min(LABEL_WIDTH, width * 0.35)
        legend = 24 if len(self.series) > 1 or self.unit else 0
        top = 8 + legend
        usable = max(width - label_w - 90, 10)
        biggest = self.maximum() or 1.0
        n = max(len(self.series), 1)
        slot = ROW_HEIGHT * n
        bar_h = max((slot - 8) / n, 4)
        out: list[list[QRectF]] = []
        for k, s in enumerate(self.series):
            rects = []
            for i, value in enumerate(s.values):
                y = top + i * slot + 4 + k * bar_h
                length = max(value, 0.0) / biggest * usable
                rects.append(QRectF(label_w + 8, y, length, bar_h - 2))
            out.append(rects)
        return out

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        if not self.labels:
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             QCoreApplication.translate("ReportChart", "Không có số liệu"))  # fmt: skip
            painter.end()
            return
        metrics = QFontMetrics(self.font())
        width = self.width()
        label_w = min(LABEL_WIDTH, width * 0.35)
        x = 8.0
        if len(self.series) > 1 or self.unit:
            for s in self.series:
                painter.fillRect(QRectF(x, 8, 12, 12), QColor(s.colour))
                painter.setPen(self.palette().text().color())
                painter.drawText(QRectF(x + 16, 4, 400, 20), Qt.AlignmentFlag.AlignVCenter, s.name)
                x += 16 + metrics.horizontalAdvance(s.name) + 20
            if self.unit:
                painter.drawText(QRectF(x, 4, 300, 20), Qt.AlignmentFlag.AlignVCenter,
                                 f"({self.unit})")  # fmt: skip
        rects = self.bar_rects()
        n = max(len(self.series), 1)
        slot = ROW_HEIGHT * n
        legend = 24 if len(self.series) > 1 or self.unit else 0
        for i, label in enumerate(self.labels):
            y = 8 + legend + i * slot
            painter.setPen(self.palette().text().color())
            text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(label_w))
            painter.drawText(QRectF(0, y, label_w, slot), Qt.AlignmentFlag.AlignVCenter
                             | Qt.AlignmentFlag.AlignRight, text)  # fmt: skip
        for s, row_rects in zip(self.series, rects, strict=True):
            for value, rect in zip(s.values, row_rects, strict=True):
                painter.fillRect(rect, QColor(s.colour))
                painter.setPen(QPen(self.palette().text().color()))
                painter.drawText(QRectF(rect.right() + 4, rect.top() - 2, 90, rect.height() + 4),
                                 Qt.AlignmentFlag.AlignVCenter, format_value(value))  # fmt: skip
        painter.setPen(QPen(QColor("#999999")))
        painter.drawLine(int(label_w + 8), 8 + legend, int(label_w + 8), self.height() - 4)
        painter.end()
