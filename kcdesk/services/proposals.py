"""Proposal use cases: draft and edit, budget against the caps, lifecycle steps, lists, files.

Every public function is one unit of work: it validates everything first and writes all or
nothing. What comes back is plain data (:class:`ProposalDetail`, :class:`ProposalRow`), never a
live ORM object. The rules themselves (who may take which step, the caps, the checks) live in
:mod:`kcdesk.domain.proposals`; this module feeds them from the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kcdesk.domain.errors import Issue, KcError, ValidationError
from kcdesk.domain.proposals.budget import BudgetLine
from kcdesk.domain.proposals.content import ProposalContent
from kcdesk.domain.proposals.lifecycle import check_editable
from kcdesk.domain.proposals.status import ProposalStatus, Role
from kcdesk.services.context import Database
from kcdesk.services.proposal_budget import budget_warnings
from kcdesk.services.proposal_detail import (
    OWNER_KIND,
    ProposalDetail,
    current_installation,
    detail_of,
    line_of,
    load_proposal,
    refuse_errors,
)
from kcdesk.services.proposal_input import ProposalInput, build_content, field_issue
from kcdesk.services.proposal_rules import seed_defaults
from kcdesk.storage.models import (
    AuditEntry,
    Commune,
    Proposal,
    ProposalBudgetLine,
    ProposalFacility,
)
from kcdesk.storage.models.base import utcnow
from kcdesk.storage.models.places import SCHEME_2025
from kcdesk.storage.tracking import next_stamp
from kcdesk.vn.text import fold


def _line_snapshot(lines: Iterable[BudgetLine]) -> list[dict[str, Any]]:
    return [
        {
            "item": x.item,
            "unit": x.unit,
            "quantity": str(x.quantity),
            "unit_price": x.unit_price,
            "support_percent": str(x.support_percent),
            "counterpart_percent": str(x.counterpart_percent),
            "note": x.note,
        }
        for x in lines
    ]


def _apply(session: Session, p: Proposal, content: ProposalContent) -> None:
    """Write ``content`` into ``p``; child rows are replaced only when they changed, and a change
    of the budget or beneficiaries is audited and marks the proposal changed (so it travels)."""
    before_lines = _line_snapshot(line_of(x) for x in p.lines) if p.id else []
    before_facilities = [b.facility_uuid for b in p.beneficiaries] if p.id else []
    p.title = content.title
    p.title_folded = fold(content.title)
    p.category_code = content.category
    p.funding_source = content.funding_source.value
    p.year = content.plan_year
    p.implementing_unit = content.implementing_unit
    p.commune_scheme = SCHEME_2025 if content.commune_code is not None else None
    p.commune_code = content.commune_code
    p.place = content.place
    p.period_start = content.period_start
    p.period_end = content.period_end
    p.background = content.background
    p.objectives = content.objectives
    p.activities = content.activities
    p.expected_jobs = content.results.jobs
    p.expected_trainees = content.results.trainees
    p.expected_revenue = content.results.revenue
    p.expected_other = content.results.other
    totals = content.totals
    p.total_amount = totals.amount
    p.support_amount = totals.support
    p.counterpart_amount = totals.counterpart
    p.other_amount = totals.other
    after_lines = _line_snapshot(content.lines)
    after_facilities = list(content.facility_uuids)
    changed: dict[str, tuple[Any, Any]] = {}
    if after_lines != before_lines or not p.id:
        p.lines = [
            ProposalBudgetLine(
                position=i,
                item=x.item,
                unit=x.unit,
                quantity=x.quantity,
                unit_price=x.unit_price,
                support_percent=x.support_percent,
                counterpart_percent=x.counterpart_percent,
                amount=x.amount,
                support_amount=x.support,
                counterpart_amount=x.counterpart,
                note=x.note,
            )
            for i, x in enumerate(content.lines)
        ]
        changed["lines"] = (before_lines, after_lines)
    if after_facilities != before_facilities or not p.id:
        p.beneficiaries = [ProposalFacility(facility_uuid=u) for u in after_facilities]
        changed["facilities"] = (before_facilities, after_facilities)
    if p.id and changed:
        p.updated_at = utcnow()  # the row itself may not change: make it travel anyway
        device, counter, actor = next_stamp(session)
        session.add(
            AuditEntry(
                actor=actor,
                device_id=device,
                counter=counter,
                record_kind=OWNER_KIND,
                record_uuid=p.uuid,
                action="update",
                before={k: v[0] for k, v in changed.items()},
                after={k: v[1] for k, v in changed.items()},
            )
        )


@dataclass(frozen=True)
class SaveResult:
    detail: ProposalDetail
    warnings: tuple[Issue, ...]

    @property
    def uuid(self) -> str:
        return self.detail.uuid


def create_proposal(db: Database, data: ProposalInput) -> SaveResult:
    """Save a new proposal as a draft. Over the cap it is kept, with the warning."""
    with db.unit_of_work() as uow:
        session = uow.session
        seed_defaults(session)
        inst = current_installation(session)
        content = build_content(session, data)
        _check_commune_province(session, content, inst.province_code)
        _, _, warnings = budget_warnings(
            session, content, ProposalStatus.DRAFT, inst.province_code, None
        )
        refuse_errors(warnings)
        p = Proposal(
            status=ProposalStatus.DRAFT.value,
            province_code=inst.province_code,
            created_by=inst.person_name,
        )
        _apply(session, p, content)
        session.add(p)
        session.flush()
        detail = detail_of(session, p, Role(inst.role))
        return SaveResult(detail, detail.warnings)


def _check_commune_province(
    session: Session, content: ProposalContent, province_code: int | None
) -> None:
    if content.commune_code is None or province_code is None:
        return
    found = session.execute(
        select(Commune.province_code).where(
            Commune.scheme == SCHEME_2025, Commune.code == content.commune_code
        )
    ).scalar_one_or_none()
    if found is not None and found != province_code:
        raise ValidationError(
            [
                field_issue(
                    "commune_code",
                    "other_province",
                    "Xã/phường thực hiện đề án không thuộc tỉnh của máy này.",
                    "The proposal's commune is not in this installation's province.",
                )
            ]
        )


def update_proposal(
    db: Database,
    uuid: str,
    data: ProposalInput,
    *,
    base_version: dict[str, int] | None = None,
) -> SaveResult:
    """Save changes. Refused when the proposal is read-only for this role in its status, when it
    changed elsewhere since ``base_version`` (the ``version`` the editor opened), or over the cap
    in a status other than draft/returned."""
    with db.unit_of_work() as uow:
        session = uow.session
        seed_defaults(session)
        inst = current_installation(session)
        role = Role(inst.role)
        p = load_proposal(session, uuid)
        status = ProposalStatus(p.status)
        check_editable(status, role)
        if base_version is not None and {str(k): int(v) for k, v in (p.version or {}).items()} != {
            str(k): int(v) for k, v in base_version.items()
        }:
            raise KcError(
                "Đề án vừa được thay đổi ở nơi khác (đồng bộ hoặc cửa sổ khác) sau khi bạn mở. "
                "Hãy mở lại đề án rồi sửa tiếp; thay đổi của bạn chưa được lưu.",
                "The proposal was changed elsewhere (a sync or another window) after you opened "
                "it. Open it again and redo the change; yours was not saved.",
            )
        content = build_content(session, data)
        _check_commune_province(session, content, p.province_code)
        _, _, warnings = budget_warnings(session, content, status, p.province_code, p.uuid)
        refuse_errors(warnings)
        _apply(session, p, content)
        session.flush()
        detail = detail_of(session, p, role)
        return SaveResult(detail, detail.warnings)


def get_proposal(db: Database, uuid: str) -> ProposalDetail:
    with db.unit_of_work() as uow:
        seed_defaults(uow.session)
        inst = current_installation(uow.session)
        return detail_of(uow.session, load_proposal(uow.session, uuid), Role(inst.role))


def delete_proposal(db: Database, uuid: str) -> None:
    """Delete a draft that never left this laptop's hands (a tombstone that travels). A proposal
    that was ever submitted keeps its record: the province may already hold it."""
    with db.unit_of_work() as uow:
        inst = current_installation(uow.session)
        p = load_proposal(uow.session, uuid)
        check_editable(ProposalStatus(p.status), Role(inst.role))
        if p.status != ProposalStatus.DRAFT.value or p.history:
            raise KcError(
                "Chỉ xoá được đề án nháp chưa từng gửi. Đề án đã gửi được giữ lại làm hồ sơ.",
                "Only a draft that was never submitted can be deleted; a submitted proposal "
                "stays on record.",
            )
        p.deleted = True


# One import surface for callers (GUI, CLI, sync, print): the use cases live in small modules.
from kcdesk.services.proposal_budget import (  # noqa: E402
    BudgetEvaluation,
    CapInfo,
    evaluate_budget,
    preview_budget,
)
from kcdesk.services.proposal_detail import (  # noqa: E402
    AttachmentRow,
    BeneficiaryRow,
    HistoryRow,
    LineRow,
    StepRow,
    detail_to_json,
)
from kcdesk.services.proposal_files import (  # noqa: E402
    attach_file,
    attachment_content,
    remove_attachment,
)
from kcdesk.services.proposal_input import LineInput  # noqa: E402
from kcdesk.services.proposal_list import (  # noqa: E402
    ProposalFilter,
    ProposalRow,
    count_proposals,
    list_proposals,
    proposal_filter_values,
    proposal_page,
)
from kcdesk.services.proposal_transitions import (  # noqa: E402
    apply_remote_transitions,
    apply_transition_record,
    transition_proposal,
    transition_records,
)

__all__ = [
    "AttachmentRow",
    "BeneficiaryRow",
    "BudgetEvaluation",
    "CapInfo",
    "HistoryRow",
    "LineInput",
    "LineRow",
    "ProposalDetail",
    "ProposalFilter",
    "ProposalInput",
    "ProposalRow",
    "SaveResult",
    "StepRow",
    "apply_remote_transitions",
    "apply_transition_record",
    "attach_file",
    "attachment_content",
    "count_proposals",
    "create_proposal",
    "delete_proposal",
    "detail_to_json",
    "evaluate_budget",
    "get_proposal",
    "list_proposals",
    "preview_budget",
    "proposal_filter_values",
    "proposal_page",
    "remove_attachment",
    "transition_proposal",
    "transition_records",
    "update_proposal",
]
