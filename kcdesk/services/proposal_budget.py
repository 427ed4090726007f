"""A proposal's budget against the cap rules and the checks: what the editor shows live."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kcdesk.domain.errors import Issue
from kcdesk.domain.proposals.budget import BudgetLine, BudgetTotals
from kcdesk.domain.proposals.caps import CapCheck, CapRule, check_caps, select_rule
from kcdesk.domain.proposals.checks import PastProposal, cap_issues_on_save, recent_repeats
from kcdesk.domain.proposals.content import ProposalContent
from kcdesk.domain.proposals.status import FundingSource, ProposalStatus
from kcdesk.services.proposal_rules import repeat_years_in, rule_rows
from kcdesk.storage.models import Facility, Proposal, ProposalFacility


@dataclass(frozen=True)
class CapInfo:
    rule: CapRule | None
    rule_vi: str
    rule_en: str
    allowed: int | None
    gap: int | None
    over_cap: bool
    counterpart_short: bool
    reference_date: date


@dataclass(frozen=True)
class BudgetEvaluation:
    """What the editor shows live under the budget table."""

    totals: BudgetTotals
    cap: CapInfo
    issues: tuple[Issue, ...]


def reference_date(content: ProposalContent, today: date | None = None) -> date:
    """The day whose rules govern the proposal: when the work starts, else 1 January of its
    plan year, else today."""
    if content.period_start is not None:
        return content.period_start
    if content.plan_year is not None:
        return date(content.plan_year, 1, 1)
    return today or date.today()


def cap_info(check: CapCheck, on: date) -> CapInfo:
    rule = check.rule
    return CapInfo(
        rule=rule,
        rule_vi=rule.describe("vi") if rule else "Chưa có mức tối đa cho nội dung này",
        rule_en=rule.describe("en") if rule else "No cap rule for this category",
        allowed=check.allowed,
        gap=check.gap,
        over_cap=check.over_cap,
        counterpart_short=check.counterpart_short,
        reference_date=on,
    )


def evaluate_budget(
    rules: Sequence[CapRule],
    content: ProposalContent,
    province_code: int | None,
    today: date | None = None,
) -> tuple[CapCheck, date]:
    """The cap check of ``content`` against ``rules`` (pure; the editor calls it per keystroke
    with the rules it fetched once through :func:`kcdesk.services.proposal_rules.cap_rules`)."""
    on = reference_date(content, today)
    rule = (
        select_rule(rules, content.category, on, content.funding_source, province_code)
        if content.category
        else None
    )
    return check_caps(content.totals, rule, len(content.facility_uuids) or 1), on


def preview_budget(
    rules: Sequence[CapRule],
    category: str,
    funding_source: str,
    province_code: int | None,
    facilities: int,
    lines: Sequence[BudgetLine],
    *,
    period_start: date | None = None,
    plan_year: int | None = None,
    status: ProposalStatus = ProposalStatus.DRAFT,
) -> BudgetEvaluation:
    """Totals, the allowed maximum, the gap and the warnings of a budget being typed."""
    content = ProposalContent(
        title="",
        category=category,
        funding_source=FundingSource(funding_source),
        plan_year=plan_year,
        period_start=period_start,
        facility_uuids=tuple(str(i) for i in range(max(1, facilities))),
        lines=tuple(lines),
    )
    check, on = evaluate_budget(rules, content, province_code)
    issues = cap_issues_on_save(status, check) if category else []
    return BudgetEvaluation(content.totals, cap_info(check, on), tuple(issues))


def _past_proposals(
    session: Session, facility_uuids: Iterable[str], exclude_uuid: str | None
) -> list[PastProposal]:
    uuids = list(facility_uuids)
    if not uuids:
        return []
    rows = session.execute(
        select(Proposal.uuid, Proposal.title, Proposal.category_code, Proposal.year,
               Proposal.period_start, Proposal.status, ProposalFacility.facility_uuid)
        .join(ProposalFacility, ProposalFacility.proposal_id == Proposal.id)
        .where(ProposalFacility.facility_uuid.in_(uuids), Proposal.deleted.is_(False))
    ).all()  # fmt: skip
    grouped: dict[str, dict[str, Any]] = {}
    for uuid, title, category, year, start, status, facility in rows:
        if uuid == exclude_uuid:
            continue
        entry = grouped.setdefault(
            uuid,
            {
                "title": title,
                "category": category,
                "year": year if year is not None else (start.year if start else None),
                "status": ProposalStatus(status),
                "facilities": set(),
            },
        )
        entry["facilities"].add(facility)
    return [
        PastProposal(
            u, e["title"], e["category"], e["year"], e["status"], frozenset(e["facilities"])
        )
        for u, e in grouped.items()
    ]


def _facility_names(session: Session, uuids: Iterable[str]) -> dict[str, str]:
    uuids = list(uuids)
    if not uuids:
        return {}
    return dict(
        session.execute(select(Facility.uuid, Facility.name).where(Facility.uuid.in_(uuids))).all()
    )


def budget_warnings(
    session: Session,
    content: ProposalContent,
    status: ProposalStatus,
    province_code: int | None,
    exclude_uuid: str | None,
) -> tuple[CapCheck, date, list[Issue]]:
    check, on = evaluate_budget(rule_rows(session), content, province_code)
    issues = cap_issues_on_save(status, check) if content.category else []
    issues += recent_repeats(
        content.facility_uuids,
        content.category,
        content.reference_year(),
        _past_proposals(session, content.facility_uuids, exclude_uuid),
        repeat_years_in(session),
        _facility_names(session, content.facility_uuids),
    )
    return check, on, issues
