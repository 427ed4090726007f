"""Icons drawn for kcdesk (SVG in ``resources/icons``), loaded once and shared."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from kcdesk.config import resource_path

APP_ICON = "kcdesk"


@cache
def icon(name: str) -> QIcon:
    """``resources/icons/<name>.svg``; an empty icon if the file is missing (never a crash)."""
    path = resource_path("icons", f"{name}.svg")
    return QIcon(str(path)) if path.is_file() else QIcon()


def app_icon() -> QIcon:
    return icon(APP_ICON)
