"""Status changes made by the province, applied on the collaborator's copy through the same
state machine (what the sync import calls)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kcdesk.domain.errors import NotFoundError
from kcdesk.domain.proposals import ProposalStatus, Role, TransitionError, TransitionRecord
from kcdesk.services.context import Database
from kcdesk.services.facilities import create_facility
from kcdesk.services.proposals import (
    LineInput,
    ProposalInput,
    apply_remote_transitions,
    create_proposal,
    get_proposal,
    transition_proposal,
    transition_records,
)


def submitted(db: Database) -> str:
    fac = create_facility(db, {"name": "HTX mây tre Chương Mỹ", "kind": "htx"}).uuid
    data = ProposalInput(
        title="Đào tạo nghề mây tre đan", category="dao_tao_nghe", plan_year=2025,
        implementing_unit="Trung tâm Khuyến công", facility_uuids=[fac], place="Thôn 3",
        period_start="01/04/2025", period_end="30/06/2025", objectives="Đào tạo 30 lao động",
        lines=[LineInput("Thù lao giảng viên", "buổi", 30, "800.000", 100)],
    )  # fmt: skip
    uuid = create_proposal(db, data).uuid
    transition_proposal(db, uuid, "submitted")
    return uuid


def record(uuid: str, n: int, source: str, target: str, reason: str = "", role: str = "province"):  # type: ignore[no-untyped-def]
    return TransitionRecord(
        uuid=f"00000000-0000-0000-0000-00000000000{n}",
        proposal_uuid=uuid,
        source=ProposalStatus(source),
        target=ProposalStatus(target),
        role=Role(role),
        actor="Lê Thị Thu",
        at=datetime(2025, 5, n, 8, 30, tzinfo=UTC),
        reason=reason,
        device_id="province-device",
    )


def test_province_steps_arrive_in_order_and_once(db: Database) -> None:
    uuid = submitted(db)
    steps = [
        record(uuid, 1, "submitted", "appraising"),
        record(uuid, 2, "appraising", "approved").to_dict(),  # plain data, as in a package
    ]
    assert apply_remote_transitions(db, steps) == 2
    detail = get_proposal(db, uuid)
    assert detail.status is ProposalStatus.APPROVED and detail.approved_amount == 24_000_000
    assert [h.actor for h in detail.history] == ["Nguyễn Văn An", "Lê Thị Thu", "Lê Thị Thu"]
    assert detail.history[-1].device_id == "province-device"
    assert apply_remote_transitions(db, steps) == 0  # the same package again changes nothing
    assert len(transition_records(db, uuid)) == 3


def test_a_returned_proposal_becomes_editable_for_the_collaborator(db: Database) -> None:
    uuid = submitted(db)
    assert not get_proposal(db, uuid).editable
    apply_remote_transitions(db, [record(uuid, 1, "submitted", "returned", "Thiếu hồ sơ")])
    detail = get_proposal(db, uuid)
    assert detail.status is ProposalStatus.RETURNED and detail.editable
    assert detail.history[-1].reason == "Thiếu hồ sơ"


def test_invalid_steps_are_refused_and_nothing_is_half_applied(db: Database) -> None:
    uuid = submitted(db)
    with pytest.raises(TransitionError, match="chỉ do"):  # a collaborator cannot approve
        apply_remote_transitions(
            db, [record(uuid, 1, "submitted", "appraising", role="collaborator")]
        )
    with pytest.raises(TransitionError, match="lý do"):
        apply_remote_transitions(db, [record(uuid, 1, "submitted", "returned")])
    good_then_bad = [
        record(uuid, 1, "submitted", "appraising"),
        record(uuid, 2, "submitted", "approved"),  # does not start where the copy is
    ]
    with pytest.raises(TransitionError, match="ở máy này đề án đang"):
        apply_remote_transitions(db, good_then_bad)
    assert get_proposal(db, uuid).status is ProposalStatus.SUBMITTED
    with pytest.raises(NotFoundError):
        apply_remote_transitions(db, [record("no-such", 1, "submitted", "appraising")])
    with pytest.raises(TransitionError, match="không hợp lệ"):
        apply_remote_transitions(db, [{"uuid": "x"}])
