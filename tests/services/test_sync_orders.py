"""Packages imported in any order give the same database (and a copied laptop's are welcome)."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

from kcdesk.config import sqlite_url
from kcdesk.services import surveys
from kcdesk.services.context import open_database
from kcdesk.services.facilities import delete_facility, get_facility, update_facility
from kcdesk.services.sync import export_package, identity, import_package

from .sync_world import (
    TIEN_LANG,
    Laptop,
    collaborator,
    copy_database,
    facility,
    province,
    snapshot,
)


def _edit(db, uuid: str, **changes) -> None:
    row = get_facility(db, uuid)
    data = {"name": row.name, "kind": row.kind, "commune_code": row.commune_code,
            "employees": row.employees}  # fmt: skip
    data.update(changes)
    update_facility(db, uuid, data)


def test_five_packages_in_any_order_give_the_same_database(
    template_db: Path, kcdesk_home: Path, tmp_path: Path
) -> None:
    centre = province(template_db, tmp_path / "tinh")
    an = collaborator(template_db, tmp_path / "an", centre, "an", "Nguyễn Văn An")
    binh = collaborator(template_db, tmp_path / "binh", centre, "binh", "Phạm Thị Bình",
                        [TIEN_LANG])  # fmt: skip
    clean = copy_database(centre, tmp_path / "tinh-sach.sqlite3")
    packages = []

    def export(laptop: Laptop, name: str) -> None:
        path = tmp_path / f"{name}.kcsync"
        export_package(laptop.db, path)
        packages.append(path)

    f1 = facility(an.db, "Cơ sở mây tre Chương Mỹ")
    f2 = facility(an.db, "Cơ sở thêu ren Dũng Hồng")
    export(an, "p1")
    _edit(an.db, f1, employees=12)
    export(an, "p2")  # overlaps p1: no receipt came back in between
    # The laptop's database is copied to a second laptop (a new device id, same keys).
    an2_path = copy_database(an, tmp_path / "an2" / "an2.sqlite3")
    an2 = Laptop("an2", an2_path, open_database(sqlite_url(an2_path)))
    assert identity(an2.db).device_id != identity(an.db).device_id
    _edit(an2.db, f2, employees=7)
    export(an2, "p3")
    _edit(an.db, f2, employees=9)  # concurrent with the copy's edit: a conflict
    delete_facility(an.db, f1)
    export(an, "p4")
    f3 = facility(binh.db, "HTX gốm Chu Đậu", commune_code=TIEN_LANG)
    surveys.create_survey(binh.db, f3)
    export(binh, "p5")

    orders = [list(range(5)), list(reversed(range(5)))]
    rng = random.Random(2025)
    orders += [rng.sample(range(5), 5) for _ in range(6)]
    results = []
    for n, order in enumerate(orders):
        path = copy_database(Laptop("clean", clean, centre.db), tmp_path / f"tinh-{n}.sqlite3")
        db = open_database(sqlite_url(path))
        try:
            for index in order:
                assert import_package(db, packages[index]).status == "imported"
            results.append(snapshot(db))
        finally:
            db.close()
    first = results[0]
    assert all(r == first for r in results[1:])
    # And the database is the one expected: f1 deleted, f2 in conflict with both edits kept.
    assert first["facility"][f1][0] is True
    assert [c[1] for c in first["conflicts"]] == [f2]
    assert len(first["conflicts"][0][2]) == 2
    assert len(first["survey"]) == 1 and f3 in first["facility"]
    for laptop in (an, an2, binh, centre):
        laptop.close()


def test_every_order_of_three_packages(
    template_db: Path, kcdesk_home: Path, tmp_path: Path
) -> None:
    centre = province(template_db, tmp_path / "tinh")
    an = collaborator(template_db, tmp_path / "an", centre, "an", "Nguyễn Văn An")
    clean = copy_database(centre, tmp_path / "tinh-sach.sqlite3")
    f = facility(an.db)
    paths = []
    for step in range(3):
        _edit(an.db, f, employees=10 + step)
        path = tmp_path / f"p{step}.kcsync"
        export_package(an.db, path)
        paths.append(path)
    seen = []
    for n, order in enumerate(itertools.permutations(paths)):
        path = copy_database(Laptop("clean", clean, centre.db), tmp_path / f"t{n}.sqlite3")
        db = open_database(sqlite_url(path))
        try:
            for p in order:
                import_package(db, p)
            assert get_facility(db, f).employees == 12
            seen.append(snapshot(db))
        finally:
            db.close()
    assert all(s == seen[0] for s in seen)
    an.close()
    centre.close()
