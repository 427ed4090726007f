"""Take the README screenshot: the main window over demo data, as a person sees it.

Usage (from the repository root)::

    python tools/screenshot.py [--lang vi|en] [--out docs/screenshots/main-window.png]

Without a display it restarts itself under Xvfb (``apt-get install xvfb``) so the window is
drawn by a real X server with real fonts, not the offscreen platform. The data is the same demo
data as ``kcdesk --demo``, in a throwaway folder; nothing of the user's is touched.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = (1366, 768)  # the field laptops' screen
WINDOW = (1280, 720)


def _under_xvfb(argv: list[str]) -> int:
    runner = shutil.which("xvfb-run")
    if runner is None:
        print("No display and no xvfb-run: apt-get install -y xvfb", file=sys.stderr)
        return 2
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", KCDESK_SCREENSHOT_CHILD="1")
    screen = f"-screen 0 {SIZE[0]}x{SIZE[1]}x24 -dpi 96"
    cmd = [runner, "-a", "-s", screen, sys.executable, str(Path(__file__).resolve()), *argv]
    return subprocess.call(cmd, env=env, cwd=ROOT)


def _take(lang: str, out: Path) -> int:
    sys.path.insert(0, str(ROOT))
    home = Path(tempfile.mkdtemp(prefix="kcdesk-shot-"))
    os.environ["KCDESK_HOME"] = str(home)
    os.environ.pop("KCDESK_DATABASE_URL", None)
    try:
        from PySide6.QtCore import QEventLoop, QTimer

        from kcdesk.gui.app import create_application, make_demo_database
        from kcdesk.gui.facilities.records import facility_records
        from kcdesk.gui.i18n import install_language
        from kcdesk.gui.main_window import MainWindow
        from kcdesk.gui.state import AppState

        app = create_application()
        install_language(lang)
        db = make_demo_database(home)
        state = AppState(db, lang=lang, demo=True)
        window = MainWindow(state)
        window.resize(*WINDOW)
        window.move(20, 10)
        window.show()
        view = window.page("facilities")

        def wait(condition: object, timeout_ms: int = 15000) -> None:
            loop = QEventLoop()
            timer = QTimer()
            timer.setInterval(30)
            timer.timeout.connect(lambda: condition() and loop.quit())  # type: ignore[operator]
            timer.start()
            QTimer.singleShot(timeout_ms, loop.quit)
            loop.exec()
            timer.stop()

        wait(lambda: view.model.total is not None and view.model.rowCount() > 0)
        # Show a facility whose page has something to show (surveys and proposals).
        best, best_score = 0, (-1, -1)
        for row in range(min(view.model.rowCount(), 25)):  # one that is on screen
            records = facility_records(db, view.model.row_at(row).uuid)
            s, p = len(records.surveys), len(records.proposals)
            score = ((s > 0) + (p > 0), min(s, 3) + min(p, 3))
            if score > best_score:
                best, best_score = row, score
        view.select_row(best)
        wait(lambda: view.page.tabs.tabText(1).find("(0)") < 0, 3000)
        wait(lambda: False, 600)  # let the last paints and the status bar settle
        out.parent.mkdir(parents=True, exist_ok=True)
        ok = window.grab().save(str(out))
        print(f"{out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}: {ok}")
        window.close()
        state.tasks.shutdown(5000)
        db.close()
        app.processEvents()
        return 0 if ok else 1
    finally:
        shutil.rmtree(home, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", default="vi", choices=["vi", "en"])
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(args_list)
    suffix = "" if args.lang == "vi" else f"-{args.lang}"
    out = args.out or ROOT / "docs" / "screenshots" / f"main-window{suffix}.png"
    if not os.environ.get("KCDESK_SCREENSHOT_CHILD") and not os.environ.get("DISPLAY"):
        return _under_xvfb(args_list)
    return _take(args.lang, out.resolve())


if __name__ == "__main__":
    sys.exit(main())
