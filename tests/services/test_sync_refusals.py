"""Packages the centre must refuse: each time a clear message, and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from kcdesk.domain.errors import KcError, ValidationError
from kcdesk.io.sync import PackageError
from kcdesk.services.sync import (
    create_setup_file,
    enrol,
    export_package,
    identity,
    import_package,
    import_packages,
    list_peers,
)
from kcdesk.storage.models import Facility
from kcdesk.storage.models.sync import SyncEnrolment, SyncPackage

from .sync_world import Laptop, facility, snapshot


def nothing_written(db) -> None:
    assert snapshot(db)["facility"] == {}
    with db.unit_of_work() as uow:
        assert uow.session.execute(select(func.count(SyncPackage.id))).scalar_one() == 0


def test_a_damaged_package_is_refused_before_any_write(
    an: Laptop, centre: Laptop, tmp_path: Path
) -> None:
    facility(an.db)
    out = tmp_path / "p.kcsync"
    export_package(an.db, out)
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0x01
    out.write_bytes(bytes(data))
    with pytest.raises(PackageError) as refused:
        import_package(centre.db, out)
    assert "sửa đổi hoặc bị hỏng" in str(refused.value)
    nothing_written(centre.db)


def test_a_record_breaking_the_editor_rules_refuses_the_whole_package(
    an: Laptop, centre: Laptop, tmp_path: Path
) -> None:
    facility(an.db, "Cơ sở đúng")
    bad = facility(an.db, "Cơ sở sai mã số thuế")
    with an.db.unit_of_work() as uow:  # a bug or a hand-edited database on the laptop
        row = uow.session.execute(select(Facility).where(Facility.uuid == bad)).scalar_one()
        row.tax_code = "0100233489"
    out = tmp_path / "p.kcsync"
    export_package(an.db, out)
    with pytest.raises(ValidationError) as refused:
        import_package(centre.db, out)
    message = str(refused.value)
    assert "không nhập gì" in message and "Cơ sở sai mã số thuế" in message
    assert "0100233489" in message
    nothing_written(centre.db)


def test_an_unknown_device_is_refused_unless_accepted_explicitly(
    an: Laptop, centre: Laptop, tmp_path: Path
) -> None:
    # The centre lost the record of the set-up file it gave (say, restored an old backup):
    # the laptop's proof cannot be checked, so the device is unknown.
    with centre.db.unit_of_work() as uow:
        uow.session.execute(delete(SyncEnrolment))
    facility(an.db)
    out = tmp_path / "p.kcsync"
    export_package(an.db, out)
    with pytest.raises(PackageError) as refused:
        import_package(centre.db, out)
    message = str(refused.value)
    assert refused.value.code == "unknown_device"
    assert identity(an.db).fingerprint in message and "đối chiếu vân tay" in message
    nothing_written(centre.db)
    # After comparing fingerprints over the phone, the centre accepts the device.
    result = import_package(centre.db, out, trust_new_device=True)
    assert result.sender_admitted == "trusted"
    assert len(snapshot(centre.db)["facility"]) == 1
    assert [p.person_name for p in list_peers(centre.db)] == ["Nguyễn Văn An"]


def test_a_package_for_another_computer_or_from_this_one_is_refused(
    an: Laptop, centre: Laptop, tmp_path: Path
) -> None:
    facility(an.db)
    out = tmp_path / "p.kcsync"
    export_package(an.db, out)
    with pytest.raises(PackageError) as own:
        import_package(an.db, out)
    assert own.value.code == "own_package"
    import_package(centre.db, out)
    reply = tmp_path / "r.kcsync"
    export_package(centre.db, reply, to="Nguyễn Văn An")
    with pytest.raises(PackageError) as wrong:
        import_package(centre.db, reply)
    assert wrong.value.code == "own_package"


def test_a_set_up_file_is_not_imported_as_data(an: Laptop, centre: Laptop, tmp_path: Path) -> None:
    setup = tmp_path / "an" / "thiet-lap-an.kcsync"
    with pytest.raises(PackageError) as refused:
        import_package(an.db, setup)
    assert refused.value.code == "setup_file" and "tệp thiết lập" in str(refused.value)


def test_only_the_centre_makes_set_up_files_and_a_centre_cannot_enrol(
    an: Laptop, centre: Laptop, tmp_path: Path
) -> None:
    with pytest.raises(KcError):
        create_setup_file(an.db, tmp_path / "x.kcsync", person_name="Ai đó")
    with pytest.raises(KcError):
        enrol(centre.db, tmp_path / "an" / "thiet-lap-an.kcsync")


def test_many_files_one_bad_the_others_still_imported(
    an: Laptop, centre: Laptop, tmp_path: Path
) -> None:
    facility(an.db)
    good = tmp_path / "good.kcsync"
    export_package(an.db, good)
    empty = tmp_path / "empty.kcsync"
    empty.write_bytes(b"")
    outcomes = import_packages(centre.db, [empty, good])
    assert [o.ok for o in outcomes] == [False, True]
    assert outcomes[0].code == "empty" and "trống" in outcomes[0].error_vi
    assert len(snapshot(centre.db)["facility"]) == 1


def test_the_setup_file_needs_a_name_and_valid_phone(centre: Laptop, tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as refused:
        create_setup_file(centre.db, tmp_path / "x.kcsync", person_name=" ", phone="12")
    fields = {i.field for i in refused.value.issues}
    assert {"collaborator", "phone"} <= fields
    assert not (tmp_path / "x.kcsync").exists()


def test_cancel_leaves_no_package_and_no_import(an: Laptop, centre: Laptop, tmp_path: Path) -> None:
    from kcdesk.services.sync import Cancelled

    facility(an.db)
    out = tmp_path / "p.kcsync"
    with pytest.raises(Cancelled):
        export_package(an.db, out, cancelled=lambda: True)
    assert list(tmp_path.glob("p.kcsync*")) == []
    export_package(an.db, out)
    with pytest.raises(Cancelled):
        import_package(centre.db, out, cancelled=lambda: True)
    nothing_written(centre.db)
    assert import_package(centre.db, out).status == "imported"


def test_answers_nested_too_deep_refuse_the_package_with_a_message(
    an: Laptop, centre: Laptop, tmp_path: Path
) -> None:
    """A hand-edited laptop database with answers nested a thousand levels deep: the centre
    says which record is wrong instead of failing with an internal error."""
    from kcdesk.services import surveys

    owner = facility(an.db)
    detail = surveys.create_survey(an.db, owner)
    with an.db.engine.begin() as conn:  # what no editor can make
        conn.exec_driver_sql(
            "UPDATE survey SET answers = ? WHERE uuid = ?",
            ('{"ghi_chu": ' + "[" * 1_010 + '"x"' + "]" * 1_010 + "}", detail.uuid),
        )
    out = tmp_path / "p.kcsync"
    export_package(an.db, out)
    with pytest.raises(KcError) as refused:
        import_package(centre.db, out)
    assert "lồng nhau quá sâu" in refused.value.message_vi
    nothing_written(centre.db)
