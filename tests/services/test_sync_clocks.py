"""Clocks set two years wrong on either side change nothing: order comes from version vectors,
and the editors' date rules are checked as of each record's own date."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from kcdesk.domain.errors import ValidationError
from kcdesk.domain.forms.demo import demo_answers
from kcdesk.services import surveys
from kcdesk.services.facilities import get_facility, update_facility
from kcdesk.services.sync import conflict_detail, list_conflicts, resolve_conflict

from .sync_world import TAN_MINH, clock, collaborator, facility, province, send

TWO_YEARS = 730


def _edit(db, uuid: str, **changes: Any) -> None:
    row = get_facility(db, uuid)
    data = {"name": row.name, "kind": row.kind, "commune_code": row.commune_code,
            "owner_name": row.owner_name, "employees": row.employees,
            "year_founded": row.year_founded}  # fmt: skip
    data.update(changes)
    update_facility(db, uuid, data)


def _scenario(template: Path, folder: Path, laptop_days: int, centre_days: int) -> list[Any]:
    """Enrol, survey, sync, edit on both sides, resolve, sync back; return what a person saw."""
    seen: list[Any] = []
    with clock(centre_days):
        centre = province(template, folder / "tinh")
    with clock(laptop_days):
        an = collaborator(template, folder / "an", centre, "an", "Nguyễn Văn An")
        today = date.today() + timedelta(days=laptop_days)
        info = {"name": "HTX chiếu cói Lật Dương", "kind": "htx", "owner_name": "Nguyễn Văn Đạt",
                "employees": 40, "year_founded": 2020}  # fmt: skip
        fac = facility(an.db, **{k: v for k, v in info.items() if k != "name"})
        # Founded "this year" by the laptop's clock: the centre takes it whatever its own says.
        young = facility(an.db, "Cơ sở mới thành lập", year_founded=today.year)
        detail = surveys.create_survey(an.db, fac)
        for seed in range(50):  # answers the editor accepts as complete, dated "today" there
            answers = demo_answers(random.Random(seed), {**info, "commune_code": TAN_MINH}, today)
            answers.update(ngay_khao_sat=today.isoformat(), nguoi_khao_sat="Nguyễn Văn An",
                           nguoi_xac_nhan="Nguyễn Văn Đạt")  # fmt: skip
            try:
                surveys.mark_complete(an.db, detail.uuid, answers)
                break
            except ValidationError:
                continue
        assert surveys.get_survey(an.db, detail.uuid).status == "complete"
    with clock(centre_days):
        seen.append(send(an, centre, folder).counts)
        seen.append(get_facility(centre.db, young).year_founded - today.year)
        _edit(centre.db, fac, employees=55)  # the centre, "later" or "earlier" by its clock
    with clock(laptop_days):
        _edit(an.db, fac, owner_name="Trần Thị Mai")
    with clock(centre_days):
        result = send(an, centre, folder)
        seen.append((result.counts, len(result.conflicts)))
        detail_view = conflict_detail(centre.db, "facility", fac)
        seen.append(sorted(f.name for f in detail_view.fields if f.differs))
        laptop_side = next(
            v.index for v in detail_view.versions if v.source_vi.startswith("Bản từ")
        )
        resolve_conflict(centre.db, "facility", fac, take=laptop_side,
                         fields={"employees": 1 - laptop_side})  # fmt: skip
        reply = send(centre, an, folder)
    with clock(laptop_days):
        seen.append((reply.counts, len(reply.conflicts)))
        for db in (an.db, centre.db):
            row = get_facility(db, fac)
            seen.append((row.owner_name, row.employees, row.year_founded))
            seen.append(len(list_conflicts(db)))
    an.close()
    centre.close()
    return seen


def test_clocks_two_years_wrong_on_either_side_give_the_same_result(
    template_db: Path, kcdesk_home: Path, tmp_path: Path
) -> None:
    right = _scenario(template_db, tmp_path / "dung", 0, 0)
    skewed = _scenario(template_db, tmp_path / "lech", TWO_YEARS, -TWO_YEARS)
    reversed_ = _scenario(template_db, tmp_path / "nguoc", -TWO_YEARS, TWO_YEARS)
    assert right == skewed == reversed_
    # And the result is the right one: a conflict kept, then the merge both sides agree on.
    assert right[0]["survey"]["inserted"] == 1 and right[1] == 0
    assert right[2][1] == 1 and right[3] == ["employees", "owner_name"]
    assert right[-4:] == [("Trần Thị Mai", 55, 2020), 0, ("Trần Thị Mai", 55, 2020), 0]
