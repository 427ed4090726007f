"""Proposal statuses, the roles that act on them, and funding sources, with their labels.

``Role`` and ``FundingSource`` are the app-wide enums of :mod:`kcdesk.domain.entities`, re-exported
so that proposal code has one place to import from.
"""

from __future__ import annotations

from enum import StrEnum

from kcdesk.domain.entities import FundingSource, Role

__all__ = ["FundingSource", "ProposalStatus", "Role", "funding_label", "role_label"]


class ProposalStatus(StrEnum):
    """Where a đề án stands in its life. Values are stored and travel in sync packages."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPRAISING = "appraising"
    APPROVED = "approved"
    RETURNED = "returned"
    REJECTED = "rejected"
    IMPLEMENTING = "implementing"
    ACCEPTED = "accepted"
    SETTLED = "settled"

    @property
    def label_vi(self) -> str:
        return _STATUS_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _STATUS_LABELS[self][1]

    def label(self, lang: str = "vi") -> str:
        return self.label_en if lang == "en" else self.label_vi


_STATUS_LABELS = {
    ProposalStatus.DRAFT: ("Nháp", "Draft"),
    ProposalStatus.SUBMITTED: ("Đã gửi", "Submitted"),
    ProposalStatus.APPRAISING: ("Đang thẩm định", "Under appraisal"),
    ProposalStatus.APPROVED: ("Được phê duyệt", "Approved"),
    ProposalStatus.RETURNED: ("Trả lại để sửa", "Returned for revision"),
    ProposalStatus.REJECTED: ("Không phê duyệt", "Rejected"),
    ProposalStatus.IMPLEMENTING: ("Đang triển khai", "Being implemented"),
    ProposalStatus.ACCEPTED: ("Đã nghiệm thu", "Accepted"),
    ProposalStatus.SETTLED: ("Đã quyết toán", "Settled"),
}


def role_label(role: Role, lang: str = "vi") -> str:
    """How a role is named in the middle of a sentence."""
    vi, en = _ROLE_LABELS[Role(role)]
    return en if lang == "en" else vi


_ROLE_LABELS = {
    Role.COLLABORATOR: ("cộng tác viên khuyến công", "extension collaborator"),
    Role.PROVINCE: ("Trung tâm Khuyến công tỉnh", "provincial extension centre"),
}


def funding_label(source: FundingSource, lang: str = "vi") -> str:
    vi, en = _FUNDING_LABELS[FundingSource(source)]
    return en if lang == "en" else vi


_FUNDING_LABELS = {
    FundingSource.NATIONAL: ("Khuyến công quốc gia", "National extension budget"),
    FundingSource.PROVINCIAL: ("Khuyến công địa phương", "Provincial extension budget"),
    FundingSource.OTHER: ("Nguồn khác", "Other source"),
}
