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

from PySide6.QtCore import QCoreApplication, QEventLoop, QLockFile, QSettings, Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from kcdesk import APP_NAME, __version__
from kcdesk.gui import prefs
from kcdesk.gui.errors import database_problem, explain, log_path, show_error
from kcdesk.gui.i18n import current_language, install_language, normalise_language
from kcdesk.gui.icons import app_icon

if TYPE_CHECKING:
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


def make_demo_database(folder: Path) -> Database:
    """A throwaway database with a demo identity and demo records (``kcdesk --demo``)."""
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

    def work(progress: Callable[[int, int, str], None], _cancelled: Callable[[], bool]) -> None:
        fill_demo(
            db,
            facilities=DEMO_FACILITIES,
            surveys=DEMO_SURVEYS,
            proposals=DEMO_PROPOSALS,
            seed=1,
            progress=progress,
        )

    wait_for(work, translate("App", "Đang tạo dữ liệu mẫu…"))
    return db


# -- the whole start ---------------------------------------------------------------------------


def run_gui(argv: Sequence[str] | None = None) -> int:
    """Open the desktop application; returns the exit code."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    setup_logging()
    app = create_application()
    settings = prefs.open_settings()
    lang = choose_language(args.lang, prefs.read_str(settings, prefs.LANGUAGE))
    install_language(lang)

    demo_folder: Path | None = None
    lock: QLockFile | None = None
    db: Database | None = None
    try:
        if args.demo:
            demo_folder = Path(tempfile.mkdtemp(prefix="kcdesk-demo-"))
            db = make_demo_database(demo_folder)
        else:
            from kcdesk.config import database_url
            from kcdesk.storage.engine import sqlite_path

            url = database_url(args.database_url)
            path = sqlite_path(url)
            lock = lock_database(path)
            if path is not None and lock is None:
                return 1
            db = open_database_interactive(url, lang)
            if db is None:
                return 1
        return _run_window(app, db, lang, settings, demo=args.demo, explicit_lang=args.lang)
    except Exception as exc:  # the last line of defence: a dialog, never a traceback
        log.exception("kcdesk could not start")
        show_error(None, exc, lang)
        return 1
    finally:
        if db is not None:
            db.close()
        if lock is not None:
            lock.unlock()
        if demo_folder is not None:
            shutil.rmtree(demo_folder, ignore_errors=True)


def _run_window(
    app: QApplication,
    db: Database,
    lang: str,
    settings: QSettings,
    *,
    demo: bool,
    explicit_lang: str | None,
) -> int:
    from kcdesk.gui.main_window import MainWindow
    from kcdesk.gui.state import AppState
    from kcdesk.gui.wizard import run_setup_wizard
    from kcdesk.services.installation import get_installation

    info = get_installation(db)
    # The language of the identity wins over the default the first time this user starts.
    if info is not None and not explicit_lang and not prefs.read_str(settings, prefs.LANGUAGE):
        lang = normalise_language(info.language)
        install_language(lang)
    state = AppState(db, lang=lang, settings=settings, demo=demo)
    state.tasks.set_error_reporter(lambda exc, parent: show_error(parent, exc, state.lang))
    if info is None and not run_setup_wizard(state, None):
        return 0  # set-up cancelled: nothing was created, the next start asks again
    window = MainWindow(state, setup_wizard=lambda parent: run_setup_wizard(state, parent))
    window.show()
    if db.messages:
        state.status_message.emit(" ".join(db.messages))
    code = app.exec()
    state.tasks.shutdown(5000)
    return int(code)


if __name__ == "__main__":  # pragma: no cover - ``python -m kcdesk.gui.app``
    sys.exit(run_gui())
