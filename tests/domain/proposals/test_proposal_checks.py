from datetime import date

from kcdesk.domain.errors import Severity
from kcdesk.domain.proposals import (
    ExpectedResults,
    PastProposal,
    ProposalContent,
    ProposalStatus,
    make_line,
    recent_repeats,
)
from kcdesk.domain.proposals.content import check_complete, check_content


def _past(
    year: int, status: ProposalStatus = ProposalStatus.APPROVED, cat: str = "may"
) -> PastProposal:
    return PastProposal("p-old", "Máy dệt 2022", cat, year, status, frozenset({"f1", "f9"}))


def test_same_facility_same_category_in_the_last_years_warns() -> None:
    names = {"f1": "HTX chiếu cói Lật Dương"}
    issues = recent_repeats(["f1", "f2"], "may", 2025, [_past(2022)], years=3, facility_names=names)
    (issue,) = issues
    assert issue.severity is Severity.WARNING
    assert "HTX chiếu cói Lật Dương" in issue.message_vi and "2022" in issue.message_vi
    assert "Được phê duyệt" in issue.message_vi


def test_repeat_window_category_and_rejection() -> None:
    assert recent_repeats(["f1"], "may", 2025, [_past(2021)], years=3) == []  # too long ago
    assert len(recent_repeats(["f1"], "may", 2025, [_past(2021)], years=4)) == 1  # configurable
    assert len(recent_repeats(["f1"], "may", 2025, [_past(2026)], years=3)) == 1  # planned later
    assert recent_repeats(["f1"], "other", 2025, [_past(2024)], years=3) == []
    assert recent_repeats(["f2"], "may", 2025, [_past(2024)], years=3) == []
    rejected = _past(2024, ProposalStatus.REJECTED)
    assert recent_repeats(["f1"], "may", 2025, [rejected], years=3) == []
    assert recent_repeats(["f1"], "may", 2025, [_past(2024)], years=0) == []


def _content(**kw: object) -> ProposalContent:
    base: dict[str, object] = {
        "title": "Hỗ trợ máy dệt chiếu cói",
        "category": "ung_dung_may_moc",
        "plan_year": 2025,
        "implementing_unit": "Trung tâm Khuyến công Hải Phòng",
        "facility_uuids": ("f1",),
        "commune_code": 11656,
        "period_start": date(2025, 3, 1),
        "period_end": date(2025, 11, 30),
        "objectives": "Nâng năng suất dệt chiếu",
        "lines": (make_line("Máy dệt", "chiếc", 2, 150_000_000, 50),),
    }
    base.update(kw)
    return ProposalContent(**base)  # type: ignore[arg-type]


def test_a_complete_proposal_has_no_issues() -> None:
    content = _content()
    assert check_content(content) == [] and check_complete(content) == []
    assert content.totals.support == 150_000_000


def test_a_bare_draft_may_be_saved_but_not_submitted() -> None:
    bare = ProposalContent(title="Đề án mới")
    assert check_content(bare) == []
    fields = {i.field for i in check_complete(bare)}
    assert fields == {
        "category", "plan_year", "implementing_unit", "facility_uuids", "place",
        "period_start", "objectives", "lines",
    }  # fmt: skip
    assert all("trước khi gửi" in i.message_vi for i in check_complete(bare))


def test_nonsense_is_refused_even_in_a_draft() -> None:
    issues = check_content(
        _content(
            title="",
            plan_year=1925,
            period_start=date(2025, 12, 1),
            period_end=date(2025, 1, 1),
            facility_uuids=("f1", "f1"),
            results=ExpectedResults(jobs=-3, trainees=2_000_000, revenue=-1),
        )
    )
    assert {i.field for i in issues} == {
        "title", "plan_year", "period_end", "facility_uuids",
        "results.jobs", "results.trainees", "results.revenue",
    }  # fmt: skip
    assert any("trước thời gian bắt đầu" in i.message_vi for i in issues)


def test_a_budget_asking_for_nothing_cannot_be_submitted() -> None:
    content = _content(lines=(make_line("Vật tư", "kg", 10, 10_000, 0),))
    assert [i.code for i in check_complete(content)] == ["no_support"]


def test_year_falls_back_to_the_period() -> None:
    assert _content(plan_year=None).reference_year() == 2025
    assert ProposalContent(title="x").reference_year() is None
