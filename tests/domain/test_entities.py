"""Facility kinds read the way offices write them."""

from __future__ import annotations

import pytest

from kcdesk.domain.entities import FacilityKind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("htx", FacilityKind.COOPERATIVE),  # the stored value
        ("ho_kinh_doanh", FacilityKind.HOUSEHOLD),
        ("HTX", FacilityKind.COOPERATIVE),
        ("Hợp tác xã", FacilityKind.COOPERATIVE),
        ("Hộ kinh doanh", FacilityKind.HOUSEHOLD),
        ("HKD", FacilityKind.HOUSEHOLD),
        ("Tổ hợp tác", FacilityKind.COOPERATIVE_GROUP),
        ("Công ty TNHH Minh Phát", FacilityKind.ENTERPRISE),
        ("Doanh nghiệp", FacilityKind.ENTERPRISE),
    ],
)
def test_kinds_as_offices_write_them(text: str, kind: FacilityKind) -> None:
    assert FacilityKind.from_text(text) is kind


@pytest.mark.parametrize("text", ["", "   ", "xyz", "Hộ"])
def test_unknown_kinds_give_none(text: str) -> None:
    assert FacilityKind.from_text(text) is None
