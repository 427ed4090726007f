"""The process killed at random points during a bulk write and during a migration: the
database still passes ``kcdesk db check`` and holds all of the write or none of it."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kcdesk.services import database

ROOT = Path(__file__).resolve().parents[2]

WRITER = textwrap.dedent("""
    import sys
    from kcdesk.config import sqlite_url
    from kcdesk.services.context import open_database
    from kcdesk.services.demo import fill_demo
    db = open_database(sqlite_url(sys.argv[1]))
    print("ready", flush=True)
    fill_demo(db, facilities=int(sys.argv[2]), surveys=0, proposals=0, seed=int(sys.argv[3]))
    print("done", flush=True)
""")


def _count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM facility").fetchone()[0])
    finally:
        conn.close()


def _kill(proc: subprocess.Popen[bytes]) -> None:
    if sys.platform == "win32":
        proc.kill()
    else:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


@pytest.mark.slow
def test_bulk_write_killed_at_random_points_is_all_or_nothing(db, db_path, kcdesk_home):
    batch = 3000
    rng = random.Random(20251115)
    expected = _count(db_path)
    db.close()
    env = {**os.environ, "KCDESK_HOME": str(kcdesk_home), "PYTHONPATH": str(ROOT)}
    outcomes = set()
    full_run = 0.0
    for attempt in range(8):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db_path), str(batch), str(attempt)],
            stdout=subprocess.PIPE,
            env=env,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"ready"
        start = time.monotonic()
        if attempt == 0:
            proc.wait(timeout=120)  # one full write, to know how long a write takes
            full_run = time.monotonic() - start
        else:
            time.sleep(rng.uniform(0.0, full_run * 1.1))
            if proc.poll() is None:
                _kill(proc)
            proc.wait()
        report = database.check()
        assert report.ok, report.problems
        count = _count(db_path)
        assert count in (expected, expected + batch), count
        outcomes.add(count - expected)
        expected = count
    # Some kills landed before the commit (nothing written), some after (all written).
    assert outcomes == {0, batch}, outcomes


@pytest.mark.slow
def test_migration_killed_at_random_points_leaves_a_usable_database(tmp_path, kcdesk_home):
    """A database at the first revision is upgraded by a process killed at random moments:
    every time it is left at the old or the new revision, never half-way, and passes check."""
    from alembic import command
    from sqlalchemy import text

    from kcdesk.config import sqlite_url
    from kcdesk.storage import migrate
    from kcdesk.storage.engine import make_engine

    path = tmp_path / "old.sqlite3"
    engine = make_engine(sqlite_url(path))
    with engine.begin() as conn:
        command.upgrade(migrate.alembic_config(conn), "0001")
        conn.execute(text("PRAGMA user_version = 1"))
    engine.dispose()
    script = textwrap.dedent("""
        import sys
        from kcdesk.config import sqlite_url
        from kcdesk.storage import migrate
        from kcdesk.storage.engine import make_engine
        engine = make_engine(sqlite_url(sys.argv[1]))
        print("ready", flush=True)
        migrate.upgrade(engine)
        print("done", flush=True)
    """)
    env = {**os.environ, "KCDESK_HOME": str(kcdesk_home), "PYTHONPATH": str(ROOT)}
    rng = random.Random(7)
    head = migrate.head_revision()
    for _ in range(4):
        proc = subprocess.Popen(
            [sys.executable, "-c", script, str(path)], stdout=subprocess.PIPE, env=env
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.0, 0.5))
        if proc.poll() is None:
            _kill(proc)
        else:
            proc.wait()
        conn = sqlite3.connect(path)
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        conn.close()
        assert revision in ("0001", head)
        assert integrity == "ok"
    # Whatever happened, opening it now brings it to head.
    from kcdesk.services.context import open_database

    db = open_database(sqlite_url(path))
    with db.engine.connect() as conn:
        assert migrate.current_revision(conn) == head
    db.close()
    assert database.check(sqlite_url(path)).ok
