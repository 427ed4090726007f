"""A restored or copied laptop database takes a new device id and loses nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from kcdesk.config import sqlite_url
from kcdesk.io.sync import PackageError
from kcdesk.services import database
from kcdesk.services.context import open_database
from kcdesk.services.facilities import get_facility, update_facility
from kcdesk.services.sync import enrol, export_package, identity, import_package, list_peers

from .sync_world import (
    Laptop,
    at_home,
    collaborator,
    copy_database,
    facility,
    province,
    send,
    snapshot,
)


def _employees(db, uuid: str, n: int) -> None:
    row = get_facility(db, uuid)
    update_facility(db, uuid, {"name": row.name, "kind": row.kind,
                               "commune_code": row.commune_code, "employees": n})  # fmt: skip


def test_a_restored_backup_gets_a_new_device_id_and_loses_nothing(
    template_db: Path, kcdesk_home: Path, tmp_path: Path
) -> None:
    centre = province(template_db, tmp_path / "tinh")
    an = collaborator(template_db, tmp_path / "an", centre, "an", "Nguyễn Văn An")
    f1 = facility(an.db, "Cơ sở A")
    send(an, centre, tmp_path)
    send(centre, an, tmp_path)
    backup = database.backup(sqlite_url(an.path), tmp_path / "sao-luu.sqlite3")
    # After the backup: more work, sent and confirmed.
    _employees(an.db, f1, 33)
    f2 = facility(an.db, "Cơ sở B")
    send(an, centre, tmp_path)
    send(centre, an, tmp_path)
    old_device = identity(an.db).device_id
    # The laptop's database is restored from the older backup.
    an.close()
    database.restore(backup, sqlite_url(an.path))
    an.db = open_database(sqlite_url(an.path))
    me = identity(an.db)
    assert me.device_id != old_device and old_device in me.past_device_ids
    assert get_facility(an.db, f1).employees is None  # the restored copy is older
    # Work on the restored copy travels and is accepted as the same laptop's …
    f3 = facility(an.db, "Cơ sở C")
    result = send(an, centre, tmp_path)
    assert result.sender_admitted == "successor"
    assert result.counts["facility"]["inserted"] == 1  # f3; the old f1 copy is skipped
    assert get_facility(centre.db, f1).employees == 33  # nothing lost at the centre
    # … and the centre's reply gives the laptop back what the backup missed.
    send(centre, an, tmp_path)
    assert get_facility(an.db, f1).employees == 33
    assert {f1, f2, f3} <= set(snapshot(an.db)["facility"])
    assert snapshot(an.db)["facility"] == snapshot(centre.db)["facility"]
    peers = {p.device_id: p for p in list_peers(centre.db)}
    assert peers[me.device_id].predecessor == old_device
    an.close()
    centre.close()


def test_a_database_copied_to_another_computer_enrols_again_and_loses_nothing(
    template_db: Path, kcdesk_home: Path, tmp_path: Path
) -> None:
    centre = province(template_db, tmp_path / "tinh")
    an = collaborator(template_db, tmp_path / "an", centre, "an", "Nguyễn Văn An")
    f1 = facility(an.db, "Cơ sở A")
    send(an, centre, tmp_path)
    _employees(an.db, f1, 5)  # not sent yet when the laptop breaks
    copied = copy_database(an, tmp_path / "may-moi" / "kcdesk.sqlite3")
    old_device = identity(an.db).device_id
    an.close()
    other_home = tmp_path / "may-moi" / "home"
    other_home.mkdir()
    with at_home(other_home):
        new = Laptop("moi", copied, open_database(sqlite_url(copied)))
        me = identity(new.db)
        # A new device id; this computer cannot open the old keys, so it has new ones.
        assert me.device_id != old_device
        out = tmp_path / "moi-1.kcsync"
        export_package(new.db, out)
    with pytest.raises(PackageError) as refused:
        import_package(centre.db, out)
    assert refused.value.code == "unknown_device" and me.fingerprint in str(refused.value)
    assert get_facility(centre.db, f1).employees is None  # nothing written
    # Taking the set-up file again enrols the new computer; then everything arrives.
    with at_home(other_home):
        enrol(new.db, tmp_path / "an" / "thiet-lap-an.kcsync")
        out = tmp_path / "moi-2.kcsync"
        export_package(new.db, out)
    result = import_package(centre.db, out)
    assert result.sender_admitted == "enrolled"
    assert get_facility(centre.db, f1).employees == 5
    assert len(snapshot(centre.db)["facility"]) == 1
    with at_home(other_home):
        new.close()
    centre.close()


def test_a_package_signed_with_another_key_under_a_known_device_id_is_refused(
    template_db: Path, kcdesk_home: Path, tmp_path: Path
) -> None:
    from kcdesk.io.sync import DeviceKeys, PackageReader, PackageWriter

    centre = province(template_db, tmp_path / "tinh")
    an = collaborator(template_db, tmp_path / "an", centre, "an", "Nguyễn Văn An")
    facility(an.db)
    send(an, centre, tmp_path)
    with PackageReader(an.exported[0]) as genuine:
        manifest = genuine.manifest
    forger = DeviceKeys.generate()
    fake = tmp_path / "gia-mao.kcsync"
    with PackageWriter(fake, keys=forger, sender=manifest.sender, kind="changes",
                       receiver=manifest.receiver) as w:  # fmt: skip
        w.finish(extra={"past_device_ids": []})
    with pytest.raises(PackageError) as refused:
        import_package(centre.db, fake)
    assert refused.value.code == "key_mismatch"
    an.close()
    centre.close()
