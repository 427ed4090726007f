"""Starting the desktop application: ``kcdesk`` (or ``kcdesk --demo``) lands in ``run_gui``.

The order matters for a calm start: Qt settings that must precede the QApplication, then the
language (so that even the first error dialog speaks it), then one copy per database, then the
database (with dialogs that say what to do when it cannot be opened), then the first-run set-up
when there is no identity yet, then the window.
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, QLockFile, QObject, QSettings, Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from kcdesk import APP_NAME, __version__
from kcdesk.gui import prefs
from kcdesk.gui.errors import database_problem, explain, log_path, show_error
from kcdesk.gui.i18n import current_language, install_language, normalise_language
from kcdesk.gui.icons import app_icon

if TYPE_CHECKING:
    from kcdesk.gui.main_window import MainWindow
    from kcdesk.gui.state import AppState
    from kcdesk.services.context import Database

log = logging.getLogger(__name__)
T = TypeVar("T")

# Demo data: enough to feel real, quick enough to make on a modest laptop.
DEMO_FACILITIES = 2000
DEMO_SURVEYS = 1500
DEMO_PROPOSALS = 60


translate = QCoreApplication.translate


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="kcdesk", add_help=False)
    parser.add_argument("--demo", action="store_true")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--lang", default=None)
    args, _unknown = parser.parse_known_args(list(argv))
    return args


def setup_logging() -> Path:
    """Log to a rotating file in the data folder: what support asks for, never shown raw."""
    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    if not any(getattr(h, "_kcdesk", False) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
        handler._kcdesk = True  # type: ignore[attr-defined]
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.WARNING)  # libraries' chatter (Alembic's INFO lines) stays out
        logging.getLogger("kcdesk").setLevel(logging.INFO)
    return path


def create_application(argv: Sequence[str] = ()) -> QApplication:
    """The QApplication with kcdesk's identity, icon and font (reused if one exists)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        # Fractional scaling (125 %, 150 % are common on Windows laptops): no rounding blur.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        if sys.platform == "win32":  # pragma: no cover - Windows only
            try:  # our own taskbar button and icon instead of python.exe's
                import ctypes

                ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID("kcdesk.kcdesk")
            except (AttributeError, OSError):
                pass
        app = QApplication([sys.argv[0] if sys.argv else APP_NAME, *argv])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName("kcdesk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("kcdesk")
    app.setWindowIcon(app_icon())
    _configure_font(app)
    return app


def _configure_font(app: QApplication) -> None:
    font = QFont(app.font())
    if sys.platform == "win32":  # pragma: no cover - Windows only
        # Segoe UI carries every Vietnamese letter and is on every Windows since Vista.
        font.setFamilies(["Segoe UI", *font.families()])
    # Diacritics stacked on letters (ệ, ỗ) need a little size to stay legible.
    if 0 < font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)


def choose_language(explicit: str | None, settings_value: str) -> str:
    return normalise_language(explicit or settings_value or None)


def wait_for(
    work: Callable[[Callable[[int, int, str], None], Callable[[], bool]], T],
    title: str,
    parent: QWidget | None = None,
) -> T:
    """Run ``work`` off the GUI thread with a progress dialog and wait (the GUI stays alive).
    For start-up steps that happen before the main window exists."""
    from kcdesk.gui.tasks import Cancelled, TaskRunner

    runner = TaskRunner()
    loop = QEventLoop()
    outcome: dict[str, object] = {}
    runner.run(
        work,
        success=lambda r: outcome.__setitem__("result", r),
        failure=lambda e: outcome.__setitem__("error", e),
        cancelled=lambda: outcome.__setitem__("error", Cancelled()),
        finished=loop.quit,
        title=title,
        parent=parent,
        dialog_delay_ms=300,
    )
    if runner.active_count:
        loop.exec()
    runner.shutdown(1000)
    runner.deleteLater()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["result"]  # type: ignore[return-value]


# -- one copy per database -------------------------------------------------------------------


def lock_database(path: Path | None) -> QLockFile | None:
    """Hold a lock beside the database file so that a second kcdesk on the same file is told
    to close the other copy, instead of two windows silently writing over each other's view.
    Returns the held lock, or None if the user gave up."""
    if path is None:
        return None  # PostgreSQL: a server is made for many users
    lock = QLockFile(str(path) + ".lock")
    lock.setStaleLockTime(0)  # stale only when the holder's process is gone
    while not lock.tryLock(200):
        if lock.error() != QLockFile.LockError.LockFailedError:
            log.warning("cannot create the lock file beside %s", path)
            return lock  # read-only folder and such: carry on without the guard
        box = QMessageBox()
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(translate("App", "kcdesk đang mở ở cửa sổ khác"))
        box.setText(
            translate(
                "App", "Cơ sở dữ liệu “%1” đang được một cửa sổ kcdesk khác sử dụng."
            ).replace("%1", str(path))
        )
        box.setInformativeText(
            translate(
                "App", "Hãy đóng cửa sổ kcdesk kia (xem trên thanh tác vụ) rồi bấm “Thử lại”."
            )
        )
        retry = box.addButton(translate("App", "Thử lại"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(translate("App", "Thoát"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(retry)
        box.exec()
        if box.clickedButton() is not retry:
            return None
    return lock


# -- opening the database ----------------------------------------------------------------------


def open_database_interactive(url: str | None, lang: str) -> Database | None:
    """Open the database; when it cannot be opened, say what happened and what to do, and offer
    the remedy (restore a backup, retry) when there is one. None when the person gives up."""
    from kcdesk.services.context import open_database

    while True:
        try:
            return open_database(url)
        except Exception as exc:
            if not _explain_open_failure(exc, url, lang):
                return None


def _explain_open_failure(exc: BaseException, url: str | None, lang: str) -> bool:
    """The dialog for a database that cannot be opened; True to try again."""
    from kcdesk.domain.errors import DatabaseError

    if not isinstance(exc, DatabaseError):
        show_error(None, exc, lang)
        return False
    problem = database_problem(exc)
    info = explain(exc, lang)
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(info.title)
    box.setText(info.text)
    if info.advice:
        box.setInformativeText(info.advice)
    restore = retry = None
    if problem in ("corrupt", "foreign"):
        restore = box.addButton(
            translate("App", "Khôi phục bản sao lưu…"), QMessageBox.ButtonRole.AcceptRole
        )
    if problem in ("locked", "other"):
        retry = box.addButton(translate("App", "Thử lại"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(translate("App", "Thoát"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    if retry is not None and clicked is retry:
        return True
    if restore is not None and clicked is restore:
        return restore_backup_dialog(url, lang)
    return False


def restore_backup_dialog(url: str | None, lang: str, parent: QWidget | None = None) -> bool:
    """Pick a backup and put it in place of the database that cannot be opened."""
    from kcdesk.config import backups_dir, database_url
    from kcdesk.services.database import restore
    from kcdesk.storage.engine import sqlite_path

    chosen, _filter = QFileDialog.getOpenFileName(
        parent,
        translate("App", "Chọn bản sao lưu"),
        str(backups_dir()),
        translate("App", "Cơ sở dữ liệu kcdesk (*.sqlite3 *.db);;Mọi tệp (*)"),
    )
    if not chosen:
        return False
    target = sqlite_path(database_url(url))
    try:
        try:
            restore(Path(chosen), url)
        except Exception:
            # The damaged file cannot even be copied as a safety backup: keep it aside under
            # another name (support may still rescue something from it), then restore.
            if target is None or not target.exists():
                raise
            aside = target.with_name(target.name + ".hong")
            n = 1
            while aside.exists():
                n += 1
                aside = target.with_name(f"{target.name}.hong{n}")
            target.replace(aside)
            log.warning("damaged database moved aside to %s", aside)
            restore(Path(chosen), url)
    except Exception as exc:
        show_error(parent, exc, lang)
        return True  # back to the opening dialog, which explains what is still wrong
    return True


# -- demo ------------------------------------------------------------------------------------


def build_demo_database(
    folder: Path, progress: Callable[[int, int, str], None] | None = None
) -> Database:
    """A throwaway database with a demo identity and demo records (``kcdesk --demo``).
    Runs anywhere (it is plain services): the start-up runs it off the GUI thread."""
    from kcdesk.config import sqlite_url
    from kcdesk.services.context import open_database
    from kcdesk.services.demo import fill_demo
    from kcdesk.services.installation import init_installation

    db = open_database(sqlite_url(folder / "kcdesk-demo.sqlite3"))
    init_installation(
        db,
        role="collaborator",
        person_name="Người dùng thử",
        phone="0912345678",
        centre_name="Trung tâm Khuyến công Hải Phòng",
        province=31,
        communes=[11755, 11779],
        language=current_language(),
    )
    fill_demo(
        db,
        facilities=DEMO_FACILITIES,
        surveys=DEMO_SURVEYS,
        proposals=DEMO_PROPOSALS,
        seed=1,
        progress=progress,
    )
    return db


def make_demo_database(folder: Path) -> Database:
    """``build_demo_database`` with a progress dialog, for callers on the GUI thread."""
    return wait_for(
        lambda progress, _cancelled: build_demo_database(folder, progress),
        translate("App", "Đang tạo dữ liệu mẫu…"),
    )


# -- the whole start ---------------------------------------------------------------------------


def sqlite_file(url: str) -> Path | None:
    """The file of a ``sqlite:///…`` URL, read without importing SQLAlchemy (start-up time)."""
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        return None
    rest = url[len(prefix) :].split("?", 1)[0]
    return Path(rest) if rest and rest != ":memory:" else None


class Startup(QObject):
    """Shows the window at once, opens the database off the GUI thread meanwhile, then runs the
    first-run set-up if there is no identity yet and fills the pages. A database that cannot be
    opened gets its dialog (with the remedy) over the window; giving up closes the window."""

    def __init__(
        self,
        app: QApplication,
        settings: QSettings,
        lang: str,
        *,
        url: str | None,
        demo: bool,
        explicit_lang: str | None,
    ) -> None:
        super().__init__()
        self.app = app
        self.settings = settings
        self.lang = lang
        self.url = url
        self.demo = demo
        self.explicit_lang = explicit_lang
        self.demo_folder: Path | None = None
        self.lock: QLockFile | None = None
        self.state: AppState | None = None
        self.window: MainWindow | None = None
        self.exit_code = 0

    def run(self) -> int:
        from kcdesk.config import database_url
        from kcdesk.gui.main_window import MainWindow
        from kcdesk.gui.state import AppState
        from kcdesk.gui.wizard import run_setup_wizard

        if self.demo:
            self.demo_folder = Path(tempfile.mkdtemp(prefix="kcdesk-demo-"))
        else:
            self.url = database_url(self.url)
            path = sqlite_file(self.url)
            self.lock = lock_database(path)
            if path is not None and self.lock is None:
                return 1
        state = AppState(None, lang=self.lang, settings=self.settings, demo=self.demo)
        state.tasks.set_error_reporter(lambda exc, parent: show_error(parent, exc, state.lang))
        self.state = state
        self.window = MainWindow(state, setup_wizard=lambda parent: run_setup_wizard(state, parent))
        self.window.show()
        self._open()
        code = self.app.exec()
        state.tasks.shutdown(5000)
        return self.exit_code or int(code)

    def _open(self) -> None:
        from kcdesk.gui.tasks import Cancelled

        assert self.state is not None and self.window is not None
        folder, url = self.demo_folder, self.url
        if folder is not None:
            self.window.show_progress(0, 0, translate("App", "Đang tạo dữ liệu mẫu…"))

            def work(
                progress: Callable[[int, int, str], None], cancelled: Callable[[], bool]
            ) -> Database:
                def report(done: int, total: int, _text: str) -> None:
                    if cancelled():
                        raise Cancelled()
                    progress(done, total, translate("App", "Đang tạo dữ liệu mẫu…"))

                return build_demo_database(folder, report)

        else:

            def work(
                progress: Callable[[int, int, str], None], cancelled: Callable[[], bool]
            ) -> Database:
                from kcdesk.services.context import open_database

                return open_database(url)

        self.state.tasks.run(
            work,
            success=self._opened,
            failure=self._failed,
            progress=self.window.show_progress,
        )

    def _opened(self, db: Database) -> None:
        from kcdesk.gui.wizard import run_setup_wizard
        from kcdesk.services.installation import get_installation

        assert self.state is not None and self.window is not None
        state, window = self.state, self.window
        state.db = db
        info = get_installation(db)
        # The identity's language wins over the default the first time this user starts.
        known = prefs.read_str(self.settings, prefs.LANGUAGE)
        if info is not None and not self.explicit_lang and not known:
            state.set_language(info.language)
        if info is None and not run_setup_wizard(state, window):
            self._quit(0)  # set-up cancelled: nothing was created, the next start asks again
            return
        window.database_ready()
        if db.messages:
            state.status_message.emit(" ".join(db.messages))

    def _failed(self, exc: BaseException) -> None:
        if self.demo:
            show_error(self.window, exc, self.lang)
            self._quit(1)
        elif _explain_open_failure(exc, self.url, self.lang):
            self._open()
        else:
            self._quit(1)

    def _quit(self, code: int) -> None:
        # Only leave the event loop: closing the last window would also post a second "quit"
        # that outlives this loop (close() hides and frees the window afterwards).
        self.exit_code = code
        self.app.exit(code)

    def close(self) -> None:
        if self.state is not None:
            self.state.tasks.shutdown(5000)
        if self.window is not None:
            self.window.status.stop()
            self.window.hide()
            self.window.deleteLater()  # its pages, timers and models go with it
            self.window = None
        if self.state is not None and self.state.db is not None:
            self.state.db.close()
        if self.lock is not None:
            self.lock.unlock()
        if self.demo_folder is not None:
            shutil.rmtree(self.demo_folder, ignore_errors=True)


def run_gui(argv: Sequence[str] | None = None) -> int:
    """Open the desktop application; returns the exit code."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    setup_logging()
    app = create_application()
    settings = prefs.open_settings()
    lang = choose_language(args.lang, prefs.read_str(settings, prefs.LANGUAGE))
    install_language(lang)
    startup = Startup(
        app, settings, lang, url=args.database_url, demo=args.demo, explicit_lang=args.lang
    )
    try:
        return startup.run()
    except Exception as exc:  # the last line of defence: a dialog, never a traceback
        log.exception("kcdesk could not start")
        show_error(None, exc, lang)
        return 1
    finally:
        startup.close()


if __name__ == "__main__":  # pragma: no cover - ``python -m kcdesk.gui.app``
    sys.exit(run_gui())
