"""Facility register on SQLite and on PostgreSQL: validation, search, sort, duplicates, audit."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kcdesk.domain.errors import NotFoundError, ValidationError
from kcdesk.services.facilities import (
    FacilityFilter,
    bulk_create_facilities,
    count_facilities,
    create_facility,
    delete_facility,
    find_similar,
    get_facility,
    list_facilities,
    update_facility,
)
from kcdesk.storage.models import AuditEntry, Facility

TIEN_LANG, TAN_MINH = 11755, 11779


def _make(db, name, **extra):
    return create_facility(
        db,
        {
            "name": name,
            "kind": extra.pop("kind", "HTX"),
            "commune_code": extra.pop("commune_code", TIEN_LANG),
            **extra,
        },
    )


def test_create_cleans_text_and_normalises_identifiers(any_db):
    row = _make(
        any_db,
        "  HTX  dịch vụ chiếu cói Lật Dương ",
        owner_name="Đỗ Văn Đông",
        phone="0168 234 5179",
        tax_code="0100233488",
    )
    assert row.name == "HTX dịch vụ chiếu cói Lật Dương"
    assert row.phone == "0382345179"
    assert row.kind_label == "Hợp tác xã"
    assert row.commune_name == "Xã Tiên Lãng"
    assert get_facility(any_db, row.uuid).owner_name == "Đỗ Văn Đông"


def test_invalid_values_are_all_reported_and_nothing_is_saved(any_db):
    with pytest.raises(ValidationError) as info:
        create_facility(
            any_db,
            {
                "name": "",
                "kind": "",
                "phone": "12345",
                "tax_code": "0247588845",
                "year_founded": 1800,
            },
        )
    fields = {i.field for i in info.value.issues}
    assert {"name", "kind", "phone", "tax_code", "year_founded"} <= fields
    assert count_facilities(any_db) == 0


def test_search_ignores_diacritics_case_and_word_order(any_db):
    _make(any_db, "HTX dịch vụ chiếu cói Lật Dương", owner_name="Đỗ Văn Đông")
    _make(
        any_db,
        "Cơ sở mộc mỹ nghệ Vũ Đức Thắng",
        kind="hộ kinh doanh",
        commune_code=TAN_MINH,
        phone="0912407385",
        tax_code="0100233488",
    )
    names = lambda q: [f.name for f in list_facilities(any_db, FacilityFilter(search=q))]  # noqa: E731
    assert names("chieu coi") == ["HTX dịch vụ chiếu cói Lật Dương"]
    assert names("CHIẾU CÓI") == names("coi chieu")
    assert names("dong") == ["HTX dịch vụ chiếu cói Lật Dương"]  # đ → d, the owner's name
    assert names("tan minh") == ["Cơ sở mộc mỹ nghệ Vũ Đức Thắng"]  # the commune
    assert names("0912") == ["Cơ sở mộc mỹ nghệ Vũ Đức Thắng"]  # phone prefix
    assert names("0100233488") == ["Cơ sở mộc mỹ nghệ Vũ Đức Thắng"]  # tax code
    assert names("thang duc") == ["Cơ sở mộc mỹ nghệ Vũ Đức Thắng"]
    assert names("khong co") == []


def test_list_sorts_in_vietnamese_order_and_filters(any_db):
    for name in ["Đông Hải", "Dương Kinh", "Ân Thi", "An Lão", "Ơn Hòa", "Ông Ích"]:
        _make(any_db, name)
    _make(any_db, "Bảo Hà", commune_code=TAN_MINH, kind="Công ty TNHH")
    names = [f.name for f in list_facilities(any_db, FacilityFilter(commune_code=TIEN_LANG))]
    assert names == ["An Lão", "Ân Thi", "Dương Kinh", "Đông Hải", "Ông Ích", "Ơn Hòa"]
    desc = [f.name for f in list_facilities(any_db, descending=True, limit=2)]
    assert desc == ["Ơn Hòa", "Ông Ích"]
    assert [f.name for f in list_facilities(any_db, FacilityFilter(kind="doanh_nghiep"))] == [
        "Bảo Hà"
    ]
    page = list_facilities(any_db, offset=2, limit=2)
    assert [f.name for f in page] == ["Bảo Hà", "Dương Kinh"]
    assert count_facilities(any_db) == 7


def test_duplicate_warning_by_tax_code_or_similar_name_in_the_same_commune(any_db):
    first = _make(any_db, "Tổ hợp tác thêu ren Tiên Minh")
    second = _make(
        any_db,
        "Công ty TNHH Dũng Hồng",
        kind="doanh nghiệp",
        tax_code="0100233488",
        commune_code=TAN_MINH,
    )
    by_name = find_similar(any_db, name="To hop tac theu ren Tien Minh", commune_code=TIEN_LANG)
    assert [s.facility.uuid for s in by_name] == [first.uuid]
    assert find_similar(any_db, name="To hop tac theu ren Tien Minh", commune_code=TAN_MINH) == []
    by_tax = find_similar(any_db, name="Khác hẳn", tax_code="0100233488")
    assert [s.facility.uuid for s in by_tax] == [second.uuid]
    assert "mã số thuế" in by_tax[0].reason_vi
    assert (
        find_similar(
            any_db,
            name="Tổ hợp tác thêu ren Tiên Minh",
            commune_code=TIEN_LANG,
            exclude_uuid=first.uuid,
        )
        == []
    )


def test_update_and_delete_are_versioned_and_audited(any_db):
    row = _make(any_db, "HTX gốm Chu Đậu")
    updated = update_facility(
        any_db, row.uuid, {"name": "HTX gốm sứ Chu Đậu", "kind": "HTX", "commune_code": TIEN_LANG}
    )
    assert updated.name == "HTX gốm sứ Chu Đậu"
    delete_facility(any_db, row.uuid)
    with pytest.raises(NotFoundError):
        get_facility(any_db, row.uuid)
    assert count_facilities(any_db) == 0
    with any_db.unit_of_work() as uow:
        facility = uow.session.execute(select(Facility)).scalar_one()
        assert facility.deleted  # a tombstone, so the delete can travel
        counters = list(facility.version.values())
        entries = (
            uow.session.execute(
                select(AuditEntry).where(AuditEntry.record_uuid == row.uuid).order_by(AuditEntry.id)
            )
            .scalars()
            .all()
        )
        assert [e.action for e in entries] == ["create", "update", "delete"]
        assert entries[1].before == {"name": "HTX gốm Chu Đậu"}
        assert entries[1].after == {"name": "HTX gốm sứ Chu Đậu"}
        assert entries[0].actor == "Nguyễn Văn An"
        assert counters == [max(e.counter for e in entries)]
        assert entries[0].counter < entries[1].counter < entries[2].counter


def test_bulk_create_is_all_or_nothing(any_db):
    items = [
        {"name": f"Cơ sở rèn số {i}", "kind": "hộ kinh doanh", "commune_code": TIEN_LANG}
        for i in range(300)
    ]
    items[250]["tax_code"] = "02O5410253"
    with pytest.raises(ValidationError) as info:
        bulk_create_facilities(any_db, items)
    assert "Dòng 251" in info.value.message_vi
    assert count_facilities(any_db) == 0
    items[250]["tax_code"] = ""
    assert len(bulk_create_facilities(any_db, items)) == 300
    assert count_facilities(any_db, FacilityFilter(search="ren so 251")) == 1
    assert count_facilities(any_db, FacilityFilter(search="ren")) == 300


def test_a_query_matching_many_facilities_pages_in_vietnamese_order(db):
    """Broad queries walk the (deleted, name_sort) index; pages keep Vietnamese order."""
    from kcdesk.vn.text import collation_key

    names = [f"Cơ sở rèn {w} {i}" for i in range(600) for w in ("Đông", "Dương", "Ân", "An")]
    bulk_create_facilities(
        db, [{"name": n, "kind": "hộ kinh doanh", "commune_code": TIEN_LANG} for n in names]
    )
    create_facility(db, {"name": "HTX gốm", "kind": "HTX", "commune_code": TIEN_LANG})
    expected = sorted(names, key=collation_key)
    for offset, limit in ((0, 10), (5, 10), (0, 100)):
        page = list_facilities(db, FacilityFilter(search="ren"), offset=offset, limit=limit)
        assert [f.name for f in page] == expected[offset : offset + limit]
    page = list_facilities(db, FacilityFilter(search="co so ren dong"), limit=10)
    assert [f.name for f in page] == [n for n in expected if "Đông" in n][:10]
    assert count_facilities(db, FacilityFilter(search="ren")) == len(names)
