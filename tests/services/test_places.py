import pytest

from kcdesk.domain.errors import ValidationError
from kcdesk.services.places import (
    find_communes,
    find_legacy_commune,
    legacy_to_2025,
    resolve_commune,
    resolve_province,
)


def test_find_commune_ignoring_diacritics_and_word_order(db):
    for query in ("tien lang", "Tiên Lãng", "lang tien", "TIÊN LÃNG", "xã Tiên Lãng"):
        found = find_communes(db, query)
        assert found and found[0].name == "Xã Tiên Lãng", query
        assert found[0].province_name == "Thành phố Hải Phòng"


def test_same_commune_name_in_several_provinces_needs_the_province(db):
    names = {(c.name, c.province_code) for c in find_communes(db, "tan minh")}
    assert ("Xã Tân Minh", 31) in names and len(names) >= 3
    with pytest.raises(ValidationError) as info:
        resolve_commune(db, "Tân Minh")
    assert "nhiều" in info.value.message_vi
    assert resolve_commune(db, "Tân Minh", province_code=31).code == 11779


def test_province_by_name(db):
    assert resolve_province(db, "hai phong").code == 31
    assert resolve_province(db, "Hà Nội").code == 1
    with pytest.raises(ValidationError):
        resolve_province(db, "Hải Dương")  # merged into Hải Phòng in 2025


def test_legacy_commune_maps_to_its_2025_communes(db):
    old = find_legacy_commune(db, "Tân Minh", district="Tiên Lãng", province="Hải Phòng")
    assert len(old) == 1 and old[0].district_name == "Huyện Tiên Lãng"
    new = legacy_to_2025(db, old[0].code)
    assert {c.name for c in new} == {"Xã Tân Minh", "Xã Tiên Minh"}
    assert all(c.partly for c in new)  # split between two new communes
    whole = legacy_to_2025(db, find_legacy_commune(db, "Cấp Tiến", district="Tiên Lãng")[0].code)
    assert [(c.name, c.partly) for c in whole] == [("Xã Tân Minh", False)]


def test_a_commune_merged_before_2025_is_not_in_the_legacy_list(db):
    # Quang Phục merged into Tân Minh in late 2024: old office lists still name it.
    assert find_legacy_commune(db, "Quang Phục", district="Tiên Lãng") == []
