"""Checks a centre wants before money moves: the support cap on save and on submit, and the same
facility asking again for the same kind of support within a few years."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kcdesk.domain.errors import Issue, Severity
from kcdesk.domain.proposals.caps import CapCheck
from kcdesk.domain.proposals.lifecycle import CAP_GUARDED_TARGETS, DRAFT_LIKE
from kcdesk.domain.proposals.status import ProposalStatus
from kcdesk.vn.numbers import format_number

# "Same facility, same category in the last N years": a setting; 3 years is a common rule of thumb
# for not supporting the same facility twice for the same thing (unconfirmed as law).
DEFAULT_REPEAT_YEARS = 3


def cap_issues_on_save(status: ProposalStatus, check: CapCheck) -> list[Issue]:
    """Over the cap a proposal may be kept only as a draft: a warning there, an error elsewhere."""
    return check.issues(draft=status in DRAFT_LIKE)


def cap_issues_on_transition(target: ProposalStatus, check: CapCheck) -> list[Issue]:
    """Submitting or approving over the cap is refused; other steps do not look at the budget."""
    if target not in CAP_GUARDED_TARGETS or not check.over_cap:
        return []
    assert check.allowed is not None and check.rule is not None
    over = check.support - check.allowed
    submit = target is ProposalStatus.SUBMITTED
    return [
        Issue(
            "support",
            "over_cap",
            f"Không thể {'gửi' if submit else 'phê duyệt'} đề án: kinh phí khuyến công vượt mức "
            f"tối đa {format_number(over)} đồng ({check.rule.describe('vi')}). "
            "Hãy giảm phần hỗ trợ hoặc tăng phần đối ứng.",
            f"The proposal cannot be {'submitted' if submit else 'approved'}: the extension "
            f"support exceeds the maximum by {over:,} VND ({check.rule.describe('en')}). "
            "Lower the support or raise the counterpart share.",
        )
    ]


@dataclass(frozen=True)
class PastProposal:
    """Another proposal of the same facilities, as the duplicate check needs to see it."""

    uuid: str
    title: str
    category: str
    year: int | None
    status: ProposalStatus
    facility_uuids: frozenset[str]


def recent_repeats(
    facility_uuids: Iterable[str],
    category: str,
    year: int | None,
    others: Iterable[PastProposal],
    years: int = DEFAULT_REPEAT_YEARS,
    facility_names: dict[str, str] | None = None,
) -> list[Issue]:
    """Warn when a beneficiary already has a proposal of ``category`` in the ``years`` years before
    ``year`` (or any later year). Rejected proposals do not count: nothing was given."""
    if not category or year is None or years <= 0:
        return []
    mine = set(facility_uuids)
    names = facility_names or {}
    issues: list[Issue] = []
    for other in others:
        if (
            other.category != category
            or other.status is ProposalStatus.REJECTED
            or other.year is None
            or other.year < year - years
        ):
            continue
        for facility in sorted(mine & other.facility_uuids):
            who = names.get(facility, facility)
            issues.append(
                Issue(
                    "facility_uuids",
                    "repeat_support",
                    f"Cơ sở “{who}” đã có đề án cùng nội dung năm {other.year}: “{other.title}” "
                    f"({other.status.label_vi}).",
                    f"Facility “{who}” already has a proposal of the same category in "
                    f"{other.year}: “{other.title}” ({other.status.label_en}).",
                    Severity.WARNING,
                )
            )
    return issues
