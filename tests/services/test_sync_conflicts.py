"""Changes on both sides end as conflicts with both versions kept, until a person resolves."""

from __future__ import annotations

from pathlib import Path

import pytest

from kcdesk.domain.errors import KcError
from kcdesk.services.facilities import delete_facility, get_facility, update_facility
from kcdesk.services.sync import (
    conflict_detail,
    list_conflicts,
    list_packages,
    resolve_conflict,
)

from .sync_world import TAN_MINH, Laptop, facility, send, snapshot


def edit(db, uuid: str, **changes) -> None:
    row = get_facility(db, uuid)
    data = {"name": row.name, "kind": row.kind, "commune_code": row.commune_code,
            "phone": row.phone, "owner_name": row.owner_name, "employees": row.employees}  # fmt: skip
    data.update(changes)
    update_facility(db, uuid, data)


@pytest.fixture
def shared(an: Laptop, centre: Laptop, tmp_path: Path) -> str:
    """A facility the laptop made and the centre has received (and confirmed)."""
    uuid = facility(an.db, owner_name="Nguyễn Văn Đạt")
    send(an, centre, tmp_path)
    send(centre, an, tmp_path)
    return uuid


def test_concurrent_edits_are_kept_side_by_side_and_merged_by_field(
    an: Laptop, centre: Laptop, shared: str, tmp_path: Path
) -> None:
    edit(an.db, shared, phone="0987654321", employees=30)  # on the laptop
    edit(centre.db, shared, owner_name="Trần Thị Mai", employees=45)  # at the centre
    result = send(an, centre, tmp_path)
    assert result.counts["facility"]["conflicts"] == 1
    assert [c.uuid for c in result.conflicts] == [shared]
    # Nothing was overwritten: the centre still shows a whole version, both are kept.
    [conflict] = list_conflicts(centre.db)
    assert conflict.uuid == shared and conflict.versions == 2
    detail = conflict_detail(centre.db, "facility", shared)
    assert len(detail.versions) == 2
    differing = {f.name: f for f in detail.fields if f.differs}
    assert set(differing) == {"phone", "owner_name", "employees"}
    values = {tuple(sorted(f.values)) for f in differing.values()}
    assert ("0912 345 678", "0987 654 321") in values or ("0912345678", "0987654321") in values
    laptop_version = next(v.index for v in detail.versions if v.source_vi.startswith("Bản từ"))
    here = 1 - laptop_version
    # The person keeps the laptop's phone, the centre's owner, and the laptop's worker count.
    resolve_conflict(centre.db, "facility", shared, take=here,
                     fields={"phone": laptop_version, "employees": laptop_version})  # fmt: skip
    assert list_conflicts(centre.db) == []
    merged = get_facility(centre.db, shared)
    assert (merged.phone, merged.owner_name, merged.employees) == ("0987654321", "Trần Thị Mai", 30)
    # The resolution travels and supersedes the laptop's version there without a new conflict.
    back = send(centre, an, tmp_path)
    assert back.counts["facility"]["updated"] == 1 and back.conflicts == []
    # The receipt told the laptop which of its records had been in conflict.
    receipts = [p.summary.get("receipt", {}) for p in list_packages(an.db) if p.direction == "sent"]
    assert ["facility", shared] in receipts[0]["conflict_records"]
    assert snapshot(an.db)["facility"] == snapshot(centre.db)["facility"]
    assert list_conflicts(an.db) == []


def test_edit_versus_delete_is_a_conflict_and_the_data_stays_visible(
    an: Laptop, centre: Laptop, shared: str, tmp_path: Path
) -> None:
    delete_facility(an.db, shared)
    edit(centre.db, shared, employees=80)
    result = send(an, centre, tmp_path)
    assert result.counts["facility"]["conflicts"] == 1
    # The edited record is what the centre shows until someone decides.
    assert get_facility(centre.db, shared).employees == 80
    detail = conflict_detail(centre.db, "facility", shared)
    assert sorted(v.deleted for v in detail.versions) == [False, True]
    assert not detail.versions[0].deleted
    deletion = next(v.index for v in detail.versions if v.deleted)
    resolve_conflict(centre.db, "facility", shared, take=deletion)
    with pytest.raises(KcError):
        get_facility(centre.db, shared)
    send(centre, an, tmp_path)
    assert snapshot(an.db)["facility"] == snapshot(centre.db)["facility"]


def test_the_laptop_sees_the_conflict_too_when_the_reply_crosses_its_edit(
    an: Laptop, centre: Laptop, shared: str, tmp_path: Path
) -> None:
    edit(centre.db, shared, employees=12)
    edit(an.db, shared, employees=21)
    reply = send(centre, an, tmp_path)
    assert reply.counts["facility"]["conflicts"] == 1
    assert [c.uuid for c in list_conflicts(an.db)] == [shared]
    # Resolved on the laptop, the resolution ends the conflict at the centre as well.
    detail = conflict_detail(an.db, "facility", shared)
    centre_version = next(v.index for v in detail.versions if v.source_vi.startswith("Bản từ"))
    resolve_conflict(an.db, "facility", shared, take=centre_version)
    result = send(an, centre, tmp_path)
    assert result.counts["facility"]["updated"] == 1
    assert list_conflicts(centre.db) == []
    assert get_facility(centre.db, shared).employees == 12 == get_facility(an.db, shared).employees


def test_same_change_on_both_sides_is_not_a_conflict(
    an: Laptop, centre: Laptop, shared: str, tmp_path: Path
) -> None:
    edit(an.db, shared, employees=50)
    edit(centre.db, shared, employees=50)
    result = send(an, centre, tmp_path)
    assert result.conflicts == [] and list_conflicts(centre.db) == []


def test_a_record_no_longer_in_conflict_cannot_be_resolved(
    an: Laptop, centre: Laptop, shared: str
) -> None:
    with pytest.raises(KcError):
        resolve_conflict(centre.db, "facility", shared, take=0)


def test_a_resolution_is_checked_with_the_editor_rules(
    an: Laptop, centre: Laptop, shared: str, tmp_path: Path
) -> None:
    edit(an.db, shared, employees=30)
    edit(centre.db, shared, employees=40)
    send(an, centre, tmp_path)
    with pytest.raises(KcError):
        resolve_conflict(centre.db, "facility", shared, take=5)
    assert len(list_conflicts(centre.db)) == 1
    assert get_facility(centre.db, shared).commune_code == TAN_MINH
