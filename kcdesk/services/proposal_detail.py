"""Reading a proposal: the plain :class:`ProposalDetail` every view and document is made from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kcdesk.domain.errors import Issue, KcError, NotFoundError, Severity, ValidationError
from kcdesk.domain.proposals.budget import HUNDRED, BudgetLine, BudgetTotals, share_percent
from kcdesk.domain.proposals.caps import CapCheck
from kcdesk.domain.proposals.checks import cap_issues_on_transition
from kcdesk.domain.proposals.content import ExpectedResults, ProposalContent, check_complete
from kcdesk.domain.proposals.lifecycle import Transition, can_edit, next_steps
from kcdesk.domain.proposals.status import FundingSource, ProposalStatus, Role, funding_label
from kcdesk.services.proposal_budget import CapInfo, budget_warnings, cap_info
from kcdesk.services.proposal_input import LineInput, ProposalInput
from kcdesk.services.proposal_rules import category_rows
from kcdesk.storage.models import (
    Attachment,
    Commune,
    Facility,
    Installation,
    Proposal,
    ProposalBudgetLine,
    ProposalStatusChange,
)
from kcdesk.storage.models.places import SCHEME_2025

OWNER_KIND = "proposal"


@dataclass(frozen=True)
class LineRow:
    position: int
    item: str
    unit: str
    quantity: Decimal
    unit_price: int
    support_percent: Decimal
    counterpart_percent: Decimal
    amount: int
    support: int
    counterpart: int
    other: int
    note: str


@dataclass(frozen=True)
class BeneficiaryRow:
    uuid: str
    name: str
    owner_name: str
    address: str
    commune_name: str
    tax_code: str
    phone: str


@dataclass(frozen=True)
class HistoryRow:
    uuid: str
    source: ProposalStatus
    target: ProposalStatus
    verb_vi: str
    verb_en: str
    actor: str
    role: Role
    at: datetime
    reason: str
    device_id: str


@dataclass(frozen=True)
class AttachmentRow:
    uuid: str
    filename: str
    media_type: str
    size: int
    caption: str
    sha256: str
    created_at: datetime | None


@dataclass(frozen=True)
class StepRow:
    """A step the current user may take now, and what stands in its way (if anything)."""

    target: ProposalStatus
    verb_vi: str
    verb_en: str
    needs_reason: bool
    blockers: tuple[Issue, ...] = ()


@dataclass(frozen=True)
class ProposalDetail:
    uuid: str
    title: str
    category_code: str
    category_name: str
    funding_source: FundingSource
    status: ProposalStatus
    plan_year: int | None
    implementing_unit: str
    province_code: int | None
    commune_code: int | None
    commune_name: str
    place: str
    period_start: date | None
    period_end: date | None
    background: str
    objectives: str
    activities: str
    results: ExpectedResults
    beneficiaries: tuple[BeneficiaryRow, ...]
    lines: tuple[LineRow, ...]
    totals: BudgetTotals
    cap: CapInfo
    warnings: tuple[Issue, ...]
    history: tuple[HistoryRow, ...]
    attachments: tuple[AttachmentRow, ...]
    editable: bool
    steps: tuple[StepRow, ...]
    approved_amount: int | None
    created_by: str
    origin_device: str
    version: dict[str, int]
    created_at: datetime | None
    updated_at: datetime | None

    @property
    def status_label(self) -> str:
        return self.status.label_vi

    @property
    def funding_label(self) -> str:
        return funding_label(self.funding_source)

    def to_input(self) -> ProposalInput:
        """The detail as editor input (to change a few fields and save)."""
        return ProposalInput(
            title=self.title,
            category=self.category_code,
            funding_source=self.funding_source.value,
            plan_year=self.plan_year,
            implementing_unit=self.implementing_unit,
            facility_uuids=[b.uuid for b in self.beneficiaries],
            commune_code=self.commune_code,
            place=self.place,
            period_start=self.period_start,
            period_end=self.period_end,
            background=self.background,
            objectives=self.objectives,
            activities=self.activities,
            expected_jobs=self.results.jobs,
            expected_trainees=self.results.trainees,
            expected_revenue=self.results.revenue,
            expected_other=self.results.other,
            lines=[
                LineInput(
                    line.item,
                    line.unit,
                    line.quantity,
                    line.unit_price,
                    line.support_percent,
                    line.counterpart_percent,
                    line.note,
                )
                for line in self.lines
            ],
        )


def current_installation(session: Session) -> Installation:
    inst = session.execute(select(Installation).limit(1)).scalar_one_or_none()
    if inst is None:
        raise KcError(
            "Chưa thiết lập người dùng và vai trò cho máy này (chạy “kcdesk init” hoặc mở "
            "chương trình để thiết lập).",
            "This installation is not set up yet (run “kcdesk init” or open the app).",
        )
    return inst


def load_proposal(session: Session, uuid: str) -> Proposal:
    proposal = session.execute(
        select(Proposal)
        .where(Proposal.uuid == str(uuid))
        .options(
            selectinload(Proposal.lines),
            selectinload(Proposal.beneficiaries),
            selectinload(Proposal.history),
        )
    ).scalar_one_or_none()
    if proposal is None or proposal.deleted:
        raise NotFoundError(
            f"Không tìm thấy đề án có mã {uuid}.", f"No proposal with id {uuid} was found."
        )
    return proposal


def line_of(row: ProposalBudgetLine) -> BudgetLine:
    """A stored row as a domain line; rows written without shares get them from the amounts."""
    amount = row.amount
    if amount is None:
        amount = int((Decimal(row.quantity) * row.unit_price).to_integral_value())
    support_pct = row.support_percent
    counterpart_pct = row.counterpart_percent
    if support_pct is None:
        support_pct = min(share_percent(int(row.support_amount or 0), amount), HUNDRED)
    if counterpart_pct is None:
        counterpart_pct = min(
            share_percent(int(row.counterpart_amount or 0), amount), HUNDRED - support_pct
        )
    return BudgetLine(
        item=row.item,
        unit=row.unit,
        quantity=Decimal(row.quantity),
        unit_price=int(row.unit_price),
        support_percent=support_pct,
        counterpart_percent=counterpart_pct,
        note=row.note or "",
    )


def content_of(p: Proposal) -> ProposalContent:
    return ProposalContent(
        title=p.title,
        category=p.category_code,
        funding_source=FundingSource(p.funding_source),
        plan_year=p.year,
        implementing_unit=p.implementing_unit,
        facility_uuids=tuple(b.facility_uuid for b in p.beneficiaries),
        commune_code=p.commune_code,
        place=p.place or "",
        period_start=p.period_start,
        period_end=p.period_end,
        background=p.background or "",
        objectives=p.objectives or "",
        activities=p.activities or "",
        results=ExpectedResults(
            p.expected_jobs, p.expected_trainees, p.expected_revenue, p.expected_other or ""
        ),
        lines=tuple(line_of(line) for line in p.lines),
    )


def _steps(
    session: Session, p: Proposal, content: ProposalContent, role: Role, check: CapCheck
) -> tuple[StepRow, ...]:
    status = ProposalStatus(p.status)
    out = []
    for step in next_steps(status, role):
        out.append(
            StepRow(
                step.target,
                step.verb_vi,
                step.verb_en,
                step.needs_reason,
                tuple(step_blockers(step, content, check)),
            )
        )
    return tuple(out)


def step_blockers(step: Transition, content: ProposalContent, check: CapCheck) -> list[Issue]:
    issues = cap_issues_on_transition(step.target, check)
    if step.target is ProposalStatus.SUBMITTED:
        issues = check_complete(content) + issues
    return issues


def _beneficiaries(session: Session, uuids: Sequence[str]) -> tuple[BeneficiaryRow, ...]:
    if not uuids:
        return ()
    rows = session.execute(
        select(Facility, Commune.name)
        .outerjoin(
            Commune,
            (Commune.scheme == Facility.commune_scheme) & (Commune.code == Facility.commune_code),
        )
        .where(Facility.uuid.in_(list(uuids)))
    ).all()
    by_uuid = {f.uuid: (f, name or "") for f, name in rows}
    out = []
    for uuid in uuids:
        if uuid not in by_uuid:
            out.append(BeneficiaryRow(uuid, uuid, "", "", "", "", ""))
            continue
        f, commune = by_uuid[uuid]
        out.append(
            BeneficiaryRow(f.uuid, f.name, f.owner_name, f.address, commune, f.tax_code, f.phone)
        )
    return tuple(out)


def _attachments(session: Session, uuid: str) -> tuple[AttachmentRow, ...]:
    rows = session.execute(
        select(Attachment)
        .where(
            Attachment.owner_kind == OWNER_KIND,
            Attachment.owner_uuid == uuid,
            Attachment.deleted.is_(False),
        )
        .order_by(Attachment.id)
    ).scalars()
    return tuple(
        AttachmentRow(a.uuid, a.filename, a.media_type, a.size, a.caption, a.sha256, a.created_at)
        for a in rows
    )


def _history_row(h: ProposalStatusChange) -> HistoryRow:
    source, target = ProposalStatus(h.from_status), ProposalStatus(h.to_status)
    verb_vi, verb_en = target.label_vi, target.label_en
    for t in next_steps(source, Role.PROVINCE) + next_steps(source, Role.COLLABORATOR):
        if t.target is target:
            verb_vi, verb_en = t.verb_vi, t.verb_en
            break
    return HistoryRow(
        h.uuid, source, target, verb_vi, verb_en, h.actor, Role(h.role), h.at, h.reason, h.device_id
    )


def _commune_name(session: Session, code: int | None) -> str:
    if code is None:
        return ""
    name = session.execute(
        select(Commune.name).where(Commune.scheme == SCHEME_2025, Commune.code == code)
    ).scalar_one_or_none()
    return name or ""


def _category_name(session: Session, code: str) -> str:
    for c in category_rows(session, include_inactive=True):
        if c.code == code:
            return c.name_vi
    return code


def detail_of(session: Session, p: Proposal, role: Role) -> ProposalDetail:
    content = content_of(p)
    status = ProposalStatus(p.status)
    check, on, warnings = budget_warnings(session, content, status, p.province_code, p.uuid)
    return ProposalDetail(
        uuid=p.uuid,
        title=p.title,
        category_code=p.category_code,
        category_name=_category_name(session, p.category_code) if p.category_code else "",
        funding_source=content.funding_source,
        status=status,
        plan_year=p.year,
        implementing_unit=p.implementing_unit,
        province_code=p.province_code,
        commune_code=p.commune_code,
        commune_name=_commune_name(session, p.commune_code),
        place=content.place,
        period_start=p.period_start,
        period_end=p.period_end,
        background=content.background,
        objectives=content.objectives,
        activities=content.activities,
        results=content.results,
        beneficiaries=_beneficiaries(session, content.facility_uuids),
        lines=tuple(
            LineRow(
                i,
                x.item,
                x.unit,
                x.quantity,
                x.unit_price,
                x.support_percent,
                x.counterpart_percent,
                x.amount,
                x.support,
                x.counterpart,
                x.other,
                x.note,
            )
            for i, x in enumerate(content.lines)
        ),
        totals=content.totals,
        cap=cap_info(check, on),
        warnings=tuple(warnings),
        history=tuple(_history_row(h) for h in p.history),
        attachments=_attachments(session, p.uuid),
        editable=can_edit(status, role),
        steps=_steps(session, p, content, role, check),
        approved_amount=p.approved_amount,
        created_by=p.created_by or "",
        origin_device=p.origin_device,
        version={str(k): int(v) for k, v in (p.version or {}).items()},
        created_at=p.created_at,
        updated_at=p.updated_at,
    )


def refuse_errors(issues: Sequence[Issue]) -> None:
    errors = [i for i in issues if i.severity is Severity.ERROR]
    if errors:
        raise ValidationError(errors)


def _issue_json(issue: Issue) -> dict[str, str]:
    return {
        "field": issue.field,
        "code": issue.code,
        "severity": issue.severity.value,
        "message": issue.message_vi,
        "message_en": issue.message_en,
    }


def detail_to_json(d: ProposalDetail) -> dict[str, Any]:
    """The detail as plain JSON data (``kcdesk proposal show --json``); money in whole đồng,
    quantities and shares as decimal strings, dates ISO."""

    def iso(value: date | datetime | None) -> str | None:
        return value.isoformat() if value else None

    t = d.totals
    return {
        "uuid": d.uuid,
        "title": d.title,
        "category": d.category_code,
        "category_name": d.category_name,
        "funding_source": d.funding_source.value,
        "status": d.status.value,
        "status_label": d.status.label_vi,
        "plan_year": d.plan_year,
        "implementing_unit": d.implementing_unit,
        "province_code": d.province_code,
        "commune_code": d.commune_code,
        "commune_name": d.commune_name,
        "place": d.place,
        "period_start": iso(d.period_start),
        "period_end": iso(d.period_end),
        "background": d.background,
        "objectives": d.objectives,
        "activities": d.activities,
        "expected": {
            "jobs": d.results.jobs,
            "trainees": d.results.trainees,
            "revenue": d.results.revenue,
            "other": d.results.other,
        },
        "beneficiaries": [{"uuid": b.uuid, "name": b.name} for b in d.beneficiaries],
        "lines": [
            {
                "item": x.item,
                "unit": x.unit,
                "quantity": str(x.quantity),
                "unit_price": x.unit_price,
                "support_percent": str(x.support_percent),
                "counterpart_percent": str(x.counterpart_percent),
                "amount": x.amount,
                "support": x.support,
                "counterpart": x.counterpart,
                "other": x.other,
                "note": x.note,
            }
            for x in d.lines
        ],
        "totals": {
            "amount": t.amount,
            "support": t.support,
            "counterpart": t.counterpart,
            "other": t.other,
            "support_percent": str(t.support_percent),
            "counterpart_percent": str(t.counterpart_percent),
        },
        "cap": {
            "rule": d.cap.rule_vi,
            "allowed": d.cap.allowed,
            "gap": d.cap.gap,
            "over_cap": d.cap.over_cap,
            "reference_date": iso(d.cap.reference_date),
        },
        "approved_amount": d.approved_amount,
        "warnings": [_issue_json(i) for i in d.warnings],
        "editable": d.editable,
        "next_steps": [
            {
                "to": s.target.value,
                "action": s.verb_vi,
                "needs_reason": s.needs_reason,
                "blocked_by": [_issue_json(i) for i in s.blockers],
            }
            for s in d.steps
        ],
        "history": [
            {
                "uuid": h.uuid,
                "from": h.source.value,
                "to": h.target.value,
                "action": h.verb_vi,
                "actor": h.actor,
                "role": h.role.value,
                "at": iso(h.at),
                "reason": h.reason,
            }
            for h in d.history
        ],
        "attachments": [
            {"uuid": a.uuid, "filename": a.filename, "size": a.size, "caption": a.caption}
            for a in d.attachments
        ],
        "created_by": d.created_by,
        "version": d.version,
    }
