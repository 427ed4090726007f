"""Sync between a collaborator's laptop and the provincial centre, over real package files."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import func, select

from kcdesk.config import sqlite_url
from kcdesk.services import surveys
from kcdesk.services.context import open_database
from kcdesk.services.facilities import get_facility, update_facility
from kcdesk.services.sync import (
    export_package,
    identity,
    import_package,
    import_packages,
    inspect_package,
    list_packages,
)
from kcdesk.storage.models import Blob, Facility
from kcdesk.storage.models.sync import SyncPackage

from .sync_world import (
    TAN_MINH,
    Laptop,
    facility,
    send,
    snapshot,
)


def records(db, kind: str = "facility") -> dict:
    return snapshot(db)[kind]


def survey_with_photo(db, fac: str, tmp_path: Path) -> tuple[str, bytes]:
    detail = surveys.create_survey(db, fac)
    photo = tmp_path / "ảnh cơ sở.jpg"
    content = b"\xff\xd8\xff" + bytes(range(256)) * 40
    photo.write_bytes(content)
    surveys.attach_photo(db, detail.uuid, photo, "Xưởng dệt")
    return detail.uuid, content


def test_round_trip_collaborator_province_receipt_collaborator(
    an: Laptop, centre: Laptop, tmp_path: Path
) -> None:
    fac = facility(an.db, owner_name="Nguyễn Văn Đạt", tax_code="0100233488")
    survey, photo = survey_with_photo(an.db, fac, tmp_path)

    result = send(an, centre, tmp_path)
    assert result.status == "imported" and result.sender_admitted == "enrolled"
    assert result.counts["facility"]["inserted"] == 1
    assert result.counts["survey"]["inserted"] == 1
    assert result.counts["attachment"]["inserted"] == 1
    assert result.attachments_added == 1
    # The centre holds the same records, with the versions the laptop gave them.
    for kind in ("facility", "survey", "attachment"):
        assert records(centre.db, kind) == records(an.db, kind)
    with centre.db.unit_of_work() as uow:
        assert uow.session.execute(select(Blob.data)).scalar_one() == photo
    assert get_facility(centre.db, fac).owner_name == "Nguyễn Văn Đạt"

    # The centre's reply carries the receipt; the laptop stops re-sending what it confirms.
    reply = send(centre, an, tmp_path)
    assert reply.acknowledged == 1
    sent = [p for p in list_packages(an.db) if p.direction == "sent"]
    assert sent[0].acknowledged_at is not None
    again = send(an, centre, tmp_path)
    assert again.counts == {} and again.receipts == 1  # nothing new; the reply's receipt
    # And a change made afterwards is the only thing in the next package.
    update_facility(an.db, fac, {"name": "HTX chiếu cói Lật Dương", "kind": "htx",
                                 "commune_code": TAN_MINH, "employees": 60})  # fmt: skip
    later = send(an, centre, tmp_path)
    assert later.counts == {"facility": {"inserted": 0, "updated": 1, "skipped": 0, "conflicts": 0}}
    assert get_facility(centre.db, fac).employees == 60
    assert survey in records(centre.db, "survey")


def test_without_a_receipt_the_next_package_carries_everything_again(
    an: Laptop, centre: Laptop, tmp_path: Path
) -> None:
    first = facility(an.db, "Cơ sở thêu ren Dũng Hồng")
    lost = tmp_path / "mat-usb.kcsync"
    export_package(an.db, lost)  # the USB stick is lost on the way
    second = facility(an.db, "Cơ sở mây tre Chương Mỹ")
    result = send(an, centre, tmp_path)
    assert result.counts["facility"]["inserted"] == 2
    assert set(records(centre.db)) == {first, second}


def test_the_same_package_twice_or_renamed_changes_nothing(
    an: Laptop, centre: Laptop, tmp_path: Path
) -> None:
    facility(an.db)
    first = send(an, centre, tmp_path)
    before = snapshot(centre.db)
    copy = tmp_path / "bản sao gói (1).kcsync"
    shutil.copyfile(an.exported[0], copy)
    outcomes = import_packages(centre.db, [an.exported[0], copy])
    assert [o.result.status for o in outcomes if o.result] == ["duplicate", "duplicate"]
    assert all(o.result and o.result.previous_import is not None for o in outcomes)
    assert snapshot(centre.db) == before
    with centre.db.unit_of_work() as uow:
        assert uow.session.execute(select(func.count(SyncPackage.id))).scalar_one() == 1
    assert first.package_id == outcomes[0].result.package_id  # type: ignore[union-attr]


def test_overlapping_packages_in_either_order_give_no_duplicates(
    template_db: Path, an: Laptop, centre: Laptop, tmp_path: Path
) -> None:
    a = facility(an.db, "Cơ sở A")
    p1 = tmp_path / "p1.kcsync"
    export_package(an.db, p1)
    b = facility(an.db, "Cơ sở B")
    update_facility(an.db, a, {"name": "Cơ sở A (sửa)", "kind": "htx", "commune_code": TAN_MINH})
    p2 = tmp_path / "p2.kcsync"
    export_package(an.db, p2)  # carries a (changed) and b again: p1 had no receipt
    copy_path = tmp_path / "tinh-copy.sqlite3"
    centre.close()
    shutil.copyfile(centre.path, copy_path)
    centre.reopen()
    other = Laptop("tinh2", copy_path, open_database(sqlite_url(copy_path)))
    try:
        for target, order in ((centre, (p1, p2)), (other, (p2, p1))):
            for path in order:
                assert import_package(target.db, path).status == "imported"
        assert records(centre.db) == records(other.db)
        assert set(records(centre.db)) == {a, b}
        assert records(centre.db)[a][2]["name"] == "Cơ sở A (sửa)"
        with other.db.unit_of_work() as uow:
            assert uow.session.execute(select(func.count(Facility.id))).scalar_one() == 2
    finally:
        other.close()


def test_inspect_reports_without_writing(an: Laptop, centre: Laptop, tmp_path: Path) -> None:
    facility(an.db)
    out = tmp_path / "p.kcsync"
    export_package(an.db, out)
    report = inspect_package(out, centre.db)
    assert report.kind == "changes" and report.encrypted and report.signature_ok
    assert report.sender_name == "Nguyễn Văn An" and report.counts == {"facility": 1}
    assert report.for_this_installation and report.already_imported is None
    assert report.sender_known == "unknown"  # enrolled on first import, by its proof
    assert report.sender_fingerprint == identity(an.db).fingerprint
    assert snapshot(centre.db)["facility"] == {}


def test_preview_tells_what_an_import_would_do_and_writes_nothing(
    an: Laptop, centre: Laptop, tmp_path: Path
) -> None:
    facility(an.db)
    out = tmp_path / "p.kcsync"
    export_package(an.db, out)
    preview = import_package(centre.db, out, preview=True)
    assert preview.status == "preview" and preview.counts["facility"]["inserted"] == 1
    assert snapshot(centre.db)["facility"] == {}
    assert import_package(centre.db, out).status == "imported"
