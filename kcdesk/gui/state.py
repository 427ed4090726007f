"""What every window and page shares: the open database, the language, the background tasks.

Pages never hold ORM objects: they call services (through ``tasks`` when the call may take time)
and listen to ``data_changed`` to refresh when another page changed something.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QSettings, Signal

from kcdesk.gui import prefs
from kcdesk.gui.i18n import install_language, normalise_language
from kcdesk.gui.tasks import TaskRunner

if TYPE_CHECKING:
    from kcdesk.services.context import Database

# Kinds of record for ``data_changed``; areas may add their own strings.
FACILITY = "facility"
SURVEY = "survey"
PROPOSAL = "proposal"
ATTACHMENT = "attachment"
INSTALLATION = "installation"
SYNC = "sync"  # an import or export happened: counts in the status bar may change
ALL = "*"  # everything may have changed (a restore, a big import)


class _Labelled(Protocol):
    @property
    def label_vi(self) -> str: ...

    @property
    def label_en(self) -> str: ...


class _Explained(Protocol):
    def message(self, lang: str = "vi") -> str: ...


class AppState(QObject):
    """Shared by the main window and every area page (``View(state, parent=None)``)."""

    data_changed = Signal(str)
    """A record of this kind was created, changed or deleted (see the module constants)."""
    language_changed = Signal(str)
    """The interface language changed (the main window rebuilds its pages on it)."""
    open_record = Signal(str, str)
    """Ask the main window to show a record: ``(kind, uuid)``, e.g. ``("survey", "…")``. It
    switches to the area of that kind and calls the page's ``open_record(kind, uuid)``."""
    status_message = Signal(str)
    """A short note for the status bar ("Đã lưu …")."""

    def __init__(
        self,
        db: Database | None,
        *,
        lang: str = "vi",
        settings: QSettings | None = None,
        tasks: TaskRunner | None = None,
        demo: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        # None only while the window shows and the database is still opening (see app.py).
        self.db: Database | None = db
        self.lang = normalise_language(lang)
        self.settings = settings if settings is not None else prefs.open_settings()
        self.tasks = tasks if tasks is not None else TaskRunner(self)
        self.demo = demo  # a throwaway database (``kcdesk --demo``)

    def notify(self, kind: str) -> None:
        """Tell every page that records of ``kind`` changed."""
        self.data_changed.emit(kind)

    def set_language(self, lang: str) -> None:
        """Switch the interface language now and remember it for the next start."""
        lang = normalise_language(lang)
        self.settings.setValue(prefs.LANGUAGE, lang)
        self.settings.sync()
        if lang == self.lang:
            return
        self.lang = lang
        install_language(lang)
        self.language_changed.emit(lang)

    def label(self, value: _Labelled) -> str:
        """The label of a domain enum (FacilityKind, Role …) in the interface language."""
        return value.label_en if self.lang == "en" else value.label_vi

    def explain(self, error: _Explained) -> str:
        """The message of a KcError or Issue in the interface language."""
        return error.message(self.lang)
