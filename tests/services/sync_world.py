"""Test helpers for sync: a provincial centre and collaborators' laptops, each a real database
file, exchanging real package files."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kcdesk.config import sqlite_url
from kcdesk.services.context import Database, open_database
from kcdesk.services.installation import init_installation

# Communes of Hải Phòng (2025 scheme) used by the shared fixtures.
TAN_MINH, TIEN_LANG = 11755, 11779


@dataclass
class Laptop:
    name: str
    path: Path
    db: Database
    exported: list[Path] = field(default_factory=list)

    def close(self) -> None:
        self.db.close()

    def reopen(self) -> None:
        self.db.close()
        self.db = open_database(sqlite_url(self.path))


def new_database(template: Path, folder: Path, name: str) -> tuple[Path, Database]:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.sqlite3"
    shutil.copyfile(template, path)
    return path, open_database(sqlite_url(path))


@contextmanager
def at_home(home: Path) -> Iterator[None]:
    """Run as on another computer: its own data folder (and so its own key-encryption key)."""
    old = os.environ.get("KCDESK_HOME")
    os.environ["KCDESK_HOME"] = str(home)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("KCDESK_HOME", None)
        else:
            os.environ["KCDESK_HOME"] = old


def copy_database(source: Laptop, path: Path) -> Path:
    """A consistent copy of a laptop's database file (as a backup or a copy to a USB stick)."""
    from kcdesk.storage.backup import backup_sqlite

    path.parent.mkdir(parents=True, exist_ok=True)
    return backup_sqlite(source.path, path)


def province(template: Path, folder: Path) -> Laptop:
    path, db = new_database(template, folder, "tinh")
    init_installation(db, role="province", person_name="Lê Thị Thu",
                      centre_name="Trung tâm Khuyến công Hải Phòng", province=31)  # fmt: skip
    return Laptop("tinh", path, db)


def collaborator(template: Path, folder: Path, centre: Laptop, name: str, person: str,
                 communes: list[int] | None = None) -> Laptop:  # fmt: skip
    """A laptop enrolled with the centre's set-up file (its first run starts from it)."""
    from kcdesk.services.sync import create_setup_file, enrol

    folder.mkdir(parents=True, exist_ok=True)
    setup = folder / f"thiet-lap-{name}.kcsync"
    create_setup_file(centre.db, setup, person_name=person, phone="0912345678",
                      communes=list(communes or [TAN_MINH]))  # fmt: skip
    path, db = new_database(template, folder, name)
    enrol(db, setup)
    return Laptop(name, path, db)


def facility(db: Database, name: str = "HTX chiếu cói Lật Dương", **extra: Any) -> str:
    from kcdesk.services.facilities import create_facility

    data = {"name": name, "kind": "htx", "commune_code": TAN_MINH, "phone": "0912345678"}
    data.update(extra)
    return create_facility(db, data).uuid


def send(source: Laptop, target: Laptop, folder: Path, **kwargs: Any) -> Any:
    """Export from ``source`` (to ``target`` when the source is the centre) and import."""
    from kcdesk.services.sync import export_package, identity, import_package

    n = len(source.exported) + 1
    out = folder / f"{source.name}-{n}.kcsync"
    to = identity(target.db).device_id if _role(source) == "province" else None
    export_package(source.db, out, to=to)
    source.exported.append(out)
    return import_package(target.db, out, **kwargs)


def _role(laptop: Laptop) -> str:
    from kcdesk.services.installation import get_installation

    info = get_installation(laptop.db)
    assert info is not None
    return info.role.value


def snapshot(db: Database) -> dict[str, Any]:
    """Everything a person could see of the travelling records, plus open conflicts."""
    from kcdesk.services.sync import conflict_detail, list_conflicts
    from kcdesk.services.sync.records import KINDS, iter_changed

    out: dict[str, Any] = {}
    with db.unit_of_work(skip_stamp=True) as uow:
        conn = uow.session.connection()
        for kind in KINDS:
            rows = {}
            for batch in iter_changed(conn, kind, -1):
                for s in batch:
                    rows[s.uuid] = (s.deleted, dict(sorted(s.vector.items())), s.data)
            out[kind] = rows
    conflicts = []
    for c in list_conflicts(db):
        detail = conflict_detail(db, c.kind, c.uuid)
        heads = sorted(tuple(sorted(v.vector.items())) for v in detail.versions)
        shown = tuple(sorted(detail.versions[0].vector.items()))
        conflicts.append((c.kind, c.uuid, tuple(heads), shown))
    out["conflicts"] = sorted(conflicts)
    return out


@contextmanager
def clock(days: int) -> Iterator[None]:
    """Run as on a computer whose clock is ``days`` off: time stamps, "today" in the editors'
    checks (year founded, survey date), everything that reads the clock."""
    import datetime as dt

    import pytest

    import kcdesk.domain.forms.answers as answers
    import kcdesk.domain.forms.expressions as expressions
    import kcdesk.services.facilities as facilities
    import kcdesk.services.surveys as surveys
    import kcdesk.storage.models.base as base

    shift = dt.timedelta(days=days)
    real_date = dt.date

    class _AnyDate(type):
        # Code that checks ``isinstance(x, date)`` must still see ordinary dates as dates.
        def __instancecheck__(cls, obj: object) -> bool:
            return isinstance(obj, real_date)

        def __subclasscheck__(cls, sub: type) -> bool:
            return issubclass(sub, real_date)

    class ShiftedDate(real_date, metaclass=_AnyDate):
        @classmethod
        def today(cls) -> dt.date:  # type: ignore[override]
            return real_date.today() + shift

    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(base.__dict__, "_CLOCK_SHIFT", shift)
        namespace: dict[str, Any] = {}
        exec("def shifted():\n    return datetime.now(UTC) + _CLOCK_SHIFT\n", base.__dict__,
             namespace)  # fmt: skip
        mp.setattr(base.utcnow, "__code__", namespace["shifted"].__code__)
        for module in (facilities, surveys, answers, expressions):
            if hasattr(module, "date"):
                mp.setattr(module, "date", ShiftedDate)
        yield
