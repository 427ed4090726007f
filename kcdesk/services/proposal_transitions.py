"""Lifecycle steps: taken here (with who, when, why) or arriving from another installation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kcdesk.domain.errors import KcError
from kcdesk.domain.proposals.lifecycle import TransitionRecord, check_incoming, check_transition
from kcdesk.domain.proposals.status import ProposalStatus, Role
from kcdesk.services.context import Database
from kcdesk.services.proposal_budget import budget_warnings
from kcdesk.services.proposal_detail import (
    ProposalDetail,
    content_of,
    current_installation,
    detail_of,
    load_proposal,
    refuse_errors,
    step_blockers,
)
from kcdesk.services.proposal_rules import seed_defaults
from kcdesk.storage.models import ProposalStatusChange
from kcdesk.storage.models.base import new_uuid, utcnow
from kcdesk.storage.tracking import next_stamp
from kcdesk.vn.text import clean


def transition_proposal(
    db: Database, uuid: str, target: ProposalStatus | str, reason: str = ""
) -> ProposalDetail:
    """Take one lifecycle step as this installation's user; it is recorded with who, when, why.

    Refused (nothing written) when the role may not take the step from the current status, when a
    return or rejection has no reason, when a proposal goes to the province incomplete, or when
    it is submitted or approved over the support cap."""
    try:
        target = ProposalStatus(target)
    except ValueError as exc:
        names = ", ".join(s.value for s in ProposalStatus)
        raise KcError(
            f"Trạng thái “{target}” không có; các trạng thái: {names}.",
            f"There is no status “{target}”; statuses: {names}.",
        ) from exc
    with db.unit_of_work() as uow:
        session = uow.session
        seed_defaults(session)
        inst = current_installation(session)
        role = Role(inst.role)
        p = load_proposal(session, uuid)
        current = ProposalStatus(p.status)
        step = check_transition(current, target, role, reason)
        content = content_of(p)
        check, _, _ = budget_warnings(session, content, current, p.province_code, p.uuid)
        blockers = step_blockers(step, content, check)
        refuse_errors(blockers)
        p.status = target.value
        if target is ProposalStatus.APPROVED:
            p.approved_amount = p.support_amount
        device, _counter, _actor = next_stamp(session)
        p.history.append(
            ProposalStatusChange(
                uuid=new_uuid(),
                from_status=current.value,
                to_status=target.value,
                actor=inst.person_name,
                role=role.value,
                device_id=device,
                reason=clean(reason),
                at=utcnow(),
            )
        )
        session.flush()
        return detail_of(session, p, role)


def transition_records(db: Database, uuid: str) -> list[TransitionRecord]:
    """The steps of one proposal as records (what a sync package carries)."""
    with db.unit_of_work() as uow:
        p = load_proposal(uow.session, uuid)
        return [_record_of(p.uuid, h) for h in p.history]


def _record_of(proposal_uuid: str, h: ProposalStatusChange) -> TransitionRecord:
    return TransitionRecord(
        uuid=h.uuid,
        proposal_uuid=proposal_uuid,
        source=ProposalStatus(h.from_status),
        target=ProposalStatus(h.to_status),
        role=Role(h.role),
        actor=h.actor,
        at=h.at,
        reason=h.reason or "",
        device_id=h.device_id or "",
    )


def apply_transition_record(session: Session, record: TransitionRecord | dict[str, Any]) -> bool:
    """Apply a step taken on another installation, inside the caller's unit of work (the sync
    import's). Returns False when it was already applied (same record uuid). Raises
    :class:`TransitionError` when the step does not fit this copy's status or the role may not
    take it, and :class:`NotFoundError` when the proposal is unknown here."""
    if isinstance(record, dict):
        record = TransitionRecord.from_dict(record)
    done = session.execute(
        select(ProposalStatusChange.id).where(ProposalStatusChange.uuid == record.uuid)
    ).first()
    if done is not None:
        return False
    p = load_proposal(session, record.proposal_uuid)
    check_incoming(ProposalStatus(p.status), record)
    p.status = record.target.value
    if record.target is ProposalStatus.APPROVED and p.approved_amount is None:
        p.approved_amount = p.support_amount
    p.history.append(
        ProposalStatusChange(
            uuid=record.uuid,
            from_status=record.source.value,
            to_status=record.target.value,
            actor=record.actor,
            role=record.role.value,
            device_id=record.device_id,
            reason=record.reason,
            at=record.at,
        )
    )
    session.flush()
    return True


def apply_remote_transitions(
    db: Database, records: Sequence[TransitionRecord | dict[str, Any]]
) -> int:
    """Apply steps from elsewhere in order, all or nothing; returns how many were new."""
    with db.unit_of_work() as uow:
        return sum(apply_transition_record(uow.session, r) for r in records)
