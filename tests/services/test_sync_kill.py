"""The import killed at random points: the database stays sound and holds the package wholly
or not at all; importing again then works."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kcdesk.cli import main
from kcdesk.config import sqlite_url
from kcdesk.services.context import open_database
from kcdesk.services.demo import fill_demo
from kcdesk.services.sync import export_package, import_package
from kcdesk.storage.models import Facility, Survey
from kcdesk.storage.models.sync import SyncPackage

from .sync_world import collaborator, copy_database, province

ROOT = Path(__file__).resolve().parents[2]

_IMPORT = """
import sys
from kcdesk.services.context import open_database
from kcdesk.services.sync import import_package
db = open_database(sys.argv[1])
def progress(done, total, what):
    print("progress", done, total, flush=True)
import_package(db, sys.argv[2], progress=progress)
print("done", flush=True)
"""


def _counts(url: str) -> tuple[int, int, int]:
    db = open_database(url)
    try:
        with db.unit_of_work() as uow:
            s = uow.session
            return (
                int(s.execute(select(func.count(Facility.id))).scalar_one()),
                int(s.execute(select(func.count(Survey.id))).scalar_one()),
                int(s.execute(select(func.count(SyncPackage.id))).scalar_one()),
            )
    finally:
        db.close()


@pytest.mark.slow
def test_killed_import_is_all_or_nothing(
    template_db: Path, kcdesk_home: Path, tmp_path: Path
) -> None:
    centre = province(template_db, tmp_path / "tinh")
    an = collaborator(template_db, tmp_path / "an", centre, "an", "Nguyễn Văn An")
    fill_demo(an.db, facilities=150, surveys=300, proposals=0, seed=7)
    package = tmp_path / "lon.kcsync"
    export_package(an.db, package)
    clean = copy_database(centre, tmp_path / "tinh-sach.sqlite3")
    centre.close()
    an.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KCDESK_HOME": str(kcdesk_home)}
    outcomes = set()
    # Killed before writing, after the facilities, after the surveys (just before the commit).
    for trial, wanted in enumerate((0, 1, 2)):
        target = tmp_path / f"tinh-{trial}.sqlite3"
        target.write_bytes(clean.read_bytes())
        url = sqlite_url(target)
        proc = subprocess.Popen([sys.executable, "-c", _IMPORT, url, str(package)], env=env,
                                stdout=subprocess.PIPE, text=True, cwd=ROOT)  # fmt: skip
        seen = 0
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("progress"):
                seen += 1
            if seen >= wanted or line.startswith("done"):
                break
        proc.kill()
        proc.wait()
        assert main(["--database-url", url, "db", "check"]) == 0  # kcdesk db check
        facilities, surveys, packages = _counts(url)
        assert (facilities, surveys, packages) in ((0, 0, 0), (150, 300, 1))
        outcomes.add(packages)
        # Importing again completes it (or says it was already done).
        db = open_database(url)
        try:
            assert import_package(db, package).status in ("imported", "duplicate")
        finally:
            db.close()
        assert _counts(url) == (150, 300, 1)
    assert 0 in outcomes  # at least one kill landed before the commit
