"""Render resources/icons/kcdesk.svg into kcdesk.ico (Windows executable icon) and kcdesk.png.

Usage: ``python tools/make_icon.py`` (run again after changing the SVG).
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def render(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(ICONS / "kcdesk.svg")).render(painter)
    painter.end()
    return image


def main() -> None:
    _app = QGuiApplication([])
    render(256).save(str(ICONS / "kcdesk.ico"), "ICO")
    render(256).save(str(ICONS / "kcdesk.png"), "PNG")
    print(ICONS / "kcdesk.ico")


if __name__ == "__main__":
    main()
