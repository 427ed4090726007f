"""Where kcdesk keeps its data and finds its resources.

The per-user data folder comes from platformdirs (``%LOCALAPPDATA%\\kcdesk`` on Windows,
``~/.local/share/kcdesk`` on Linux); ``KCDESK_HOME`` moves everything (tests, portable installs) and
``KCDESK_DATABASE_URL`` points at another database (for instance PostgreSQL at a centre).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENV_HOME = "KCDESK_HOME"
ENV_DATABASE_URL = "KCDESK_DATABASE_URL"
DATABASE_FILE = "kcdesk.sqlite3"


def data_dir() -> Path:
    """The per-user data folder, created on first use."""
    home = os.environ.get(ENV_HOME)
    if home:
        path = Path(home)
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir("kcdesk", appauthor=False, roaming=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def backups_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path() -> Path:
    return data_dir() / DATABASE_FILE


def sqlite_url(path: Path | str) -> str:
    return "sqlite:///" + Path(path).resolve().as_posix()


def database_url(explicit: str | None = None) -> str:
    """The database to open: the explicit URL, else ``KCDESK_DATABASE_URL``, else the default file."""
    return explicit or os.environ.get(ENV_DATABASE_URL) or sqlite_url(default_database_path())


def resource_path(*parts: str) -> Path:
    """A path inside the top-level ``resources/`` folder (package ``kcdesk.resources`` when
    installed, ``sys._MEIPASS/resources`` in the PyInstaller build)."""
    frozen_base = getattr(sys, "_MEIPASS", None)
    if frozen_base:
        return Path(frozen_base, "resources", *parts)
    source_tree = Path(__file__).resolve().parent.parent / "resources"
    if source_tree.is_dir():
        return source_tree.joinpath(*parts)
    from importlib.resources import files

    return Path(str(files("kcdesk.resources"))).joinpath(*parts)
