import pytest

from kcdesk.domain.entities import Role
from kcdesk.domain.errors import ValidationError
from kcdesk.services.facilities import count_facilities, create_facility
from kcdesk.services.installation import get_installation, init_installation


def test_first_run_creates_the_identity(empty_db):
    assert get_installation(empty_db) is None
    info = init_installation(
        empty_db,
        role="collaborator",
        person_name="Trần Thị Hoa",
        phone="0912 345 678",
        province="Hải Phòng",
        communes=["Tiên Lãng", "Tân Minh"],
    )
    assert info.role is Role.COLLABORATOR
    assert info.phone == "0912345678"
    assert info.province_name == "Thành phố Hải Phòng"
    assert info.commune_codes == [11755, 11779]
    assert len(info.device_id) == 32


def test_running_set_up_again_keeps_device_and_data(db):
    before = get_installation(db)
    create_facility(db, {"name": "HTX chiếu cói", "kind": "HTX", "commune_code": 11755})
    after = init_installation(
        db, role="collaborator", person_name="Nguyễn Văn Bình", province=31, communes=[11755]
    )
    assert after.device_id == before.device_id
    assert after.person_name == "Nguyễn Văn Bình"
    assert count_facilities(db) == 1


def test_bad_set_up_values_are_refused_with_reasons(empty_db):
    with pytest.raises(ValidationError) as info:
        init_installation(
            empty_db,
            role="boss",
            person_name=" ",
            phone="123",
            province="Atlantis",
            communes=["Không Có"],
        )
    fields = {i.field for i in info.value.issues}
    assert {"role", "person_name", "phone", "province"} <= fields
    assert get_installation(empty_db) is None
