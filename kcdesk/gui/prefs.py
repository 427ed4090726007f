"""Per-user interface preferences (language, window geometry, last page, column layouts).

Kept in an INI file in the per-user data folder (``KCDESK_HOME`` moves it, so tests and portable
installs stay isolated) rather than in the Windows registry: a person moving to a new laptop can
copy the folder and keep everything.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from kcdesk.config import data_dir

FILE_NAME = "kcdesk-gui.ini"

LANGUAGE = "ui/language"
GEOMETRY = "main_window/geometry"
WINDOW_STATE = "main_window/state"
LAST_PAGE = "main_window/last_page"
SPLITTER = "main_window/splitter"


def open_settings() -> QSettings:
    return QSettings(str(data_dir() / FILE_NAME), QSettings.Format.IniFormat)


def header_key(name: str) -> str:
    """Where a table remembers its column widths, order and sort (``name`` says which table)."""
    return f"tables/{name}/header"


def read_str(settings: QSettings, key: str, default: str = "") -> str:
    value = settings.value(key, default)
    return value if isinstance(value, str) else default
