"""GUI figures: cold start with 100,000 facilities, and search as you type over them.

* ``cold_start``: a fresh process until the main window is shown with the first page of the
  facility list in it, beside a fresh process showing a bare PySide6 window (same interpreter,
  same Qt platform, run alternately). Target: ≤ 3×.
* ``search_keystroke``: typing realistic queries letter by letter in the facilities view; for
  each keystroke, the time until the list shows the answer for the text typed so far. Target:
  median ≤ 50 ms. The raw limit beside it is the same first-page FTS query in plain sqlite3.

The 100,000 facilities are written straight with sqlite3 (the services' validating bulk insert
would take half a minute and is measured elsewhere), with the same derived columns the services
store (folded name, collation key, search text), so the app reads them as its own.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

from benchmarks.common import Result, median_of, scratch

ROOT = Path(__file__).resolve().parent.parent

KINDS = [
    ("doanh_nghiep", ["Công ty TNHH", "Công ty CP", "Doanh nghiệp tư nhân"]),
    ("htx", ["HTX", "Hợp tác xã"]),
    ("to_hop_tac", ["Tổ hợp tác"]),
    ("ho_kinh_doanh", ["Hộ kinh doanh", "Cơ sở"]),
]
CRAFTS = [
    ("chiếu cói", "1629", "Làng nghề chiếu cói Lật Dương"),
    ("mây tre đan", "1629", "Làng nghề mây tre giang đan Phú Vinh"),
    ("gốm sứ", "2393", "Làng gốm Chu Đậu"),
    ("thêu ren", "1392", "Làng nghề thêu ren Tiên Minh"),
    ("mộc mỹ nghệ", "1629", "Làng nghề mộc Chàng Sơn"),
    ("chế biến nông sản", "1030", ""),
    ("nước mắm", "1020", "Làng nghề nước mắm Cát Hải"),
    ("bánh đa", "1071", ""),
    ("rèn", "2593", "Làng rèn Đa Sỹ"),
    ("dệt may", "1410", ""),
    ("sơn mài", "3290", "Làng sơn mài Hạ Thái"),
    ("cơ khí nhỏ", "2592", ""),
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương",
          "Đinh", "Phan", "Trịnh", "Mai"]  # fmt: skip
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Ngọc", "Hữu", "Thu", "Quang"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Lan", "Linh", "Mai", "Nam", "Phúc",
         "Sơn", "Thảo", "Trang", "Tuấn", "Yến", "Ánh", "Đạt"]  # fmt: skip


def make_facility_db(folder: Path, n: int, seed: int = 7) -> Path:
    """A kcdesk database in ``folder`` (also its KCDESK_HOME) holding ``n`` facilities."""
    old_home = os.environ.get("KCDESK_HOME")
    os.environ["KCDESK_HOME"] = str(folder)
    try:
        from kcdesk.config import DATABASE_FILE, sqlite_url
        from kcdesk.services.context import open_database
        from kcdesk.services.installation import get_installation, init_installation
        from kcdesk.vn.text import collation_key, fold

        path = folder / DATABASE_FILE
        db = open_database(sqlite_url(path))
        init_installation(db, role="collaborator", person_name="Nguyễn Văn An",
                          phone="0912345678", province=31)  # fmt: skip
        info = get_installation(db)
        assert info is not None
        device = info.device_id
        from kcdesk.services.places import find_communes

        communes = [(c.code, c.name) for c in find_communes(db, "", province_code=31, limit=500)]
        db.close()
    finally:
        if old_home is None:
            os.environ.pop("KCDESK_HOME", None)
        else:
            os.environ["KCDESK_HOME"] = old_home

    rng = random.Random(seed)
    # A pool of distinct names (each used many times, as real registers repeat names);
    # the expensive derived columns are computed once per name, commune and village.
    pool = []
    for _ in range(min(n, 6000)):
        kind, prefixes = rng.choice(KINDS)
        craft, industry, village = rng.choice(CRAFTS)
        owner = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        name = f"{rng.choice(prefixes)} {craft} {owner.split()[-1]} {rng.randint(1, 99)}"
        pool.append((name, fold(name), collation_key(name), kind, owner, fold(owner), industry,
                     village, fold(village)))  # fmt: skip
    folded_communes = [(code, name, fold(name)) for code, name in communes]
    now = "2026-01-15 08:00:00.000000"
    version = json.dumps({device: 1})
    rows = []
    for i in range(n):
        name, folded, sort, kind, owner, f_owner, industry, village, f_village = pool[i % len(pool)]
        code, _commune, f_commune = folded_communes[rng.randrange(len(folded_communes))]
        phone = f"09{rng.randrange(10**8):08d}"
        hamlet = rng.randint(1, 12)
        search = " ".join(p for p in (folded, f_owner, f_commune, phone, f_village,
                                      f"thon {hamlet}") if p)  # fmt: skip
        rows.append((
            str(uuid.UUID(int=rng.getrandbits(128), version=4)), device, version, 1, 0, now, now,
            name, folded, sort, kind, owner, f"Thôn {hamlet}", "2025", code, "", phone, "",
            rng.randint(1990, 2024), village, industry, "VSIC2025", rng.randint(2, 200),
            rng.randint(1, 500) * 10_000_000, "", search,
        ))  # fmt: skip
    conn = sqlite3.connect(path)
    try:
        # Scratch data: no need to survive a power cut; a large cache keeps the indexes in memory.
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -262144")
        trigger = conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'facility_fts_ai'"
        ).fetchone()
        # One index build at the end instead of one per row (as the services' bulk insert does).
        conn.execute("DROP TRIGGER IF EXISTS facility_fts_ai")
        conn.executemany(
            "INSERT INTO facility (uuid, origin_device, version, local_counter, deleted, "
            "created_at, updated_at, name, name_folded, name_sort, kind, owner_name, address, "
            "commune_scheme, commune_code, old_address, phone, tax_code, year_founded, "
            "craft_village, industry_code, industry_version, employees, annual_revenue, notes, "
            "search_text) VALUES (" + ", ".join("?" * 26) + ")",
            rows,
        )
        conn.execute("INSERT INTO facility_fts(facility_fts) VALUES ('rebuild')")
        if trigger:
            conn.execute(trigger[0])
        conn.execute("UPDATE installation SET counter = 1")
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return path


# -- cold start ------------------------------------------------------------------------------

BARE = textwrap.dedent(
    """
    import sys
    from PySide6.QtWidgets import QApplication, QMainWindow
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.resize(1200, 760)
    window.show()
    app.processEvents()
    print("shown", flush=True)
    """
)

KCDESK = textwrap.dedent(
    """
    import sys, time
    from PySide6.QtWidgets import QApplication
    from kcdesk.gui import main_window

    start = time.perf_counter()
    marks = {}
    original_show = main_window.MainWindow.show
    original_ready = main_window.MainWindow.database_ready

    def show(self):
        original_show(self)
        QApplication.processEvents()  # painted, as the bare window is
        marks["shown"] = time.perf_counter() - start
        print("shown", flush=True)

    def ready(self):
        original_ready(self)
        view = self.page("facilities")

        def done():
            rows = view.model.rowCount()
            print("rows", rows, time.perf_counter() - start - marks["shown"], flush=True)
            QApplication.instance().exit(0)

        if view.model.rowCount():
            done()
        else:
            view.model.loaded.connect(done)

    main_window.MainWindow.show = show
    main_window.MainWindow.database_ready = ready
    from kcdesk.gui.app import run_gui
    sys.exit(run_gui([]))
    """
)


def _time_process(script: str, env: dict[str, str]) -> tuple[float, float]:
    """Seconds until the window is shown, and (kcdesk) until the list has its first rows."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env=env, cwd=ROOT,
    )  # fmt: skip
    assert proc.stdout is not None
    line = proc.stdout.readline()
    shown = time.perf_counter() - start
    rows = shown
    if script is KCDESK and line.startswith("shown"):
        second = proc.stdout.readline().split()
        if not second or second[0] != "rows" or second[1] == "0":
            raise RuntimeError(f"the facility list did not fill: {second!r}")
        rows = time.perf_counter() - start
    _out, err = proc.communicate(timeout=60)
    if not line.startswith("shown"):
        raise RuntimeError(f"the process did not show its window: {line!r} {err[-2000:]}")
    return shown, rows


def cold_start(quick: bool) -> list[Result]:
    n = 20_000 if quick else 100_000
    runs = 3 if quick else 5
    with scratch("gui-start") as home:
        make_facility_db(home, n)
        env = dict(os.environ, KCDESK_HOME=str(home), QT_QPA_PLATFORM="offscreen",
                   PYTHONPATH=str(ROOT))  # fmt: skip
        env.pop("KCDESK_DATABASE_URL", None)
        _time_process(BARE, env)  # warm the file cache for both, as a second start would
        _time_process(KCDESK, env)
        bare, shown, rows = [], [], []
        for _ in range(runs):
            bare.append(_time_process(BARE, env)[0])
            app_shown, app_rows = _time_process(KCDESK, env)
            shown.append(app_shown)
            rows.append(app_rows)
    return [
        Result(
            f"cold start: main window shown, {n:,} facilities (median of {runs})",
            median_of(shown), median_of(bare), 3.0,
            note="bare = a PySide6 QMainWindow shown by a fresh process",
        ),
        Result(
            f"cold start: facility list filled, {n:,} facilities (median of {runs})",
            median_of(rows), median_of(bare), None,
            note="the database opens while the window is already shown",
        ),
    ]  # fmt: skip


# -- search as you type ------------------------------------------------------------------------

QUERIES = ["hợp tác xã thêu", "nguyễn văn", "chiếu cói", "0912", "gom su dinh", "tien lang"]


def search_keystroke(quick: bool) -> Result:
    n = 20_000 if quick else 100_000
    with scratch("gui-search") as home:
        path = make_facility_db(home, n)
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        import kcdesk.gui  # noqa: F401 - applies the PySide6 fixes before any signal
        from kcdesk.config import sqlite_url
        from kcdesk.gui.facilities.view import FacilitiesView
        from kcdesk.gui.state import AppState
        from kcdesk.services.context import open_database

        app = QApplication.instance() or QApplication([])
        db = open_database(sqlite_url(path))
        state = AppState(db)
        view = FacilitiesView(state)
        view.resize(1100, 700)
        view.show()
        model = view.model

        from PySide6.QtCore import QEventLoop, QTimer

        def settle(text: str) -> None:
            # Wait as the application does: in the event loop, not spinning beside it.
            loop = QEventLoop()
            done = lambda: model.query.flt.search == text and not model.is_busy()  # noqa: E731
            check = lambda *_a: done() and loop.quit()  # noqa: E731
            model.loaded.connect(check)
            model.busy_changed.connect(check)
            QTimer.singleShot(30_000, loop.quit)
            QTimer.singleShot(0, check)
            loop.exec()
            model.loaded.disconnect(check)
            model.busy_changed.disconnect(check)
            if not done():
                raise RuntimeError(f"no answer for {text!r}")

        settle("")
        samples = []
        for query in QUERIES:
            view.search.clear()
            settle("")
            for i in range(1, len(query) + 1):
                text = query[:i]
                start = time.perf_counter()
                view.search.setText(text)  # what a keystroke does to the line edit
                settle(text)
                samples.append(time.perf_counter() - start)
                time.sleep(0.02)  # a person types slower than the event loop spins

        from kcdesk.storage.search import search_tokens

        raw = sqlite3.connect(path)
        raw_samples = []
        for query in QUERIES:
            for i in range(1, len(query) + 1):
                tokens = search_tokens(query[:i])
                if not tokens:
                    continue
                match = " AND ".join(f'"{t}"*' for t in tokens)
                start = time.perf_counter()
                raw.execute(
                    "SELECT * FROM facility WHERE deleted = 0 AND id IN "
                    "(SELECT rowid FROM facility_fts WHERE facility_fts MATCH ?) "
                    "ORDER BY name_sort, id LIMIT 200",
                    (match,),
                ).fetchall()
                raw_samples.append(time.perf_counter() - start)
        raw.close()
        view.close()
        app.processEvents()
        state.tasks.shutdown(5000)
        db.close()
    return Result(
        f"search as you type over {n:,} facilities: median per keystroke ({len(samples)} keys)",
        median_of(samples), median_of(raw_samples), None, absolute_s=0.050,
        note=f"max {max(samples) * 1000:.0f} ms; raw = the same FTS first page in sqlite3",
    )  # fmt: skip


WORKLOADS = [cold_start, search_keystroke]
