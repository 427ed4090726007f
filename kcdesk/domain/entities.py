"""Kinds and states shared across the app, with their Vietnamese and English labels."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    COLLABORATOR = "collaborator"  # cộng tác viên khuyến công
    PROVINCE = "province"  # Trung tâm Khuyến công tỉnh

    @property
    def label_vi(self) -> str:
        return {"collaborator": "Cộng tác viên", "province": "Trung tâm Khuyến công"}[self.value]

    @property
    def label_en(self) -> str:
        return {"collaborator": "Collaborator", "province": "Provincial centre"}[self.value]


class FacilityKind(StrEnum):
    """Kinds of cơ sở công nghiệp nông thôn (NĐ 45/2012 as amended by NĐ 235/2025)."""

    ENTERPRISE = "doanh_nghiep"
    COOPERATIVE = "htx"
    COOPERATIVE_GROUP = "to_hop_tac"
    HOUSEHOLD = "ho_kinh_doanh"

    @property
    def label_vi(self) -> str:
        return _KIND_VI[self]

    @property
    def label_en(self) -> str:
        return _KIND_EN[self]

    @classmethod
    def from_text(cls, text: str) -> FacilityKind | None:
        """Read a kind as offices write it ("HTX", "Hộ kinh doanh", "Công ty TNHH" …)."""
        from kcdesk.vn.text import fold

        known = _KIND_BY_VALUE.get(text)
        if known is not None:  # the stored value itself: every save and every sync record
            return known
        folded = fold(text)
        if not folded:
            return None
        for kind, words in _KIND_WORDS.items():
            if any(folded == w or folded.startswith(w + " ") for w in words):
                return kind
        for kind in cls:
            if folded in (fold(kind.label_vi), kind.value.replace("_", " "), fold(kind.label_en)):
                return kind
        return None


_KIND_BY_VALUE = {k.value: k for k in FacilityKind}
_KIND_VI = {
    FacilityKind.ENTERPRISE: "Doanh nghiệp",
    FacilityKind.COOPERATIVE: "Hợp tác xã",
    FacilityKind.COOPERATIVE_GROUP: "Tổ hợp tác",
    FacilityKind.HOUSEHOLD: "Hộ kinh doanh",
}
_KIND_EN = {
    FacilityKind.ENTERPRISE: "Enterprise",
    FacilityKind.COOPERATIVE: "Cooperative",
    FacilityKind.COOPERATIVE_GROUP: "Cooperative group",
    FacilityKind.HOUSEHOLD: "Household business",
}
_KIND_WORDS = {
    FacilityKind.ENTERPRISE: (
        "doanh nghiep", "dn", "cong ty", "cty", "cong ty tnhh", "cong ty cp", "dntn",
        "doanh nghiep tu nhan", "dnnvv", "enterprise", "company",
    ),
    FacilityKind.COOPERATIVE: ("htx", "hop tac xa", "cooperative"),
    FacilityKind.COOPERATIVE_GROUP: ("tht", "to hop tac", "cooperative group"),
    FacilityKind.HOUSEHOLD: ("ho kinh doanh", "hkd", "ho kd", "ho gia dinh", "ho ca the", "household"),
}  # fmt: skip


def _kind_lookups() -> tuple[dict[str, FacilityKind], dict[str, FacilityKind]]:
    from kcdesk.vn.text import fold

    by_text = {k.value: k for k in FacilityKind} | {k.label_vi: k for k in FacilityKind}
    by_folded = {}
    for kind in FacilityKind:
        for name in (kind.label_vi, kind.value.replace("_", " "), kind.label_en):
            by_folded[fold(name)] = kind
    return by_text, by_folded


# Built once: imports read the kind of every row.
_BY_TEXT, _BY_FOLDED = _kind_lookups()


class SurveyStatus(StrEnum):
    DRAFT = "draft"
    COMPLETE = "complete"


class IndustryVersion(StrEnum):
    """Which national industry classification a code belongs to."""

    VSIC_2018 = "VSIC2018"  # QĐ 27/2018/QĐ-TTg
    VSIC_2025 = "VSIC2025"  # QĐ 36/2025/QĐ-TTg, from 15/11/2025


class FundingSource(StrEnum):
    NATIONAL = "national"  # khuyến công quốc gia
    PROVINCIAL = "provincial"  # khuyến công địa phương
    OTHER = "other"

    @property
    def label_vi(self) -> str:
        return {
            "national": "Khuyến công quốc gia",
            "provincial": "Khuyến công địa phương",
            "other": "Nguồn khác",
        }[self.value]
