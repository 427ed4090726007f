"""Every allowed and every forbidden status change, per role, checked against the table the
issue gives (written out here independently of the code's own table)."""

from datetime import datetime

import pytest

from kcdesk.domain.proposals import (
    ProposalStatus,
    ReadOnlyError,
    Role,
    TransitionError,
    TransitionRecord,
    can_edit,
    check_editable,
    check_incoming,
    check_transition,
    next_steps,
)

S = ProposalStatus
C, P = Role.COLLABORATOR, Role.PROVINCE

ALLOWED = {
    (S.DRAFT, S.SUBMITTED, C),
    (S.DRAFT, S.SUBMITTED, P),  # a centre may draft and submit its own đề án
    (S.RETURNED, S.SUBMITTED, C),
    (S.SUBMITTED, S.APPRAISING, P),
    (S.SUBMITTED, S.RETURNED, P),
    (S.APPRAISING, S.APPROVED, P),
    (S.APPRAISING, S.RETURNED, P),
    (S.APPRAISING, S.REJECTED, P),
    (S.APPROVED, S.IMPLEMENTING, P),
    (S.IMPLEMENTING, S.ACCEPTED, P),
    (S.ACCEPTED, S.SETTLED, P),
}
NEEDS_REASON = {(S.SUBMITTED, S.RETURNED), (S.APPRAISING, S.RETURNED), (S.APPRAISING, S.REJECTED)}

ALL = [(a, b, r) for a in S for b in S for r in Role]


@pytest.mark.parametrize(("source", "target", "role"), sorted(ALLOWED))
def test_allowed_step(source: S, target: S, role: Role) -> None:
    reason = "Thiếu báo giá thiết bị" if (source, target) in NEEDS_REASON else None
    step = check_transition(source, target, role, reason)
    assert (step.source, step.target) == (source, target)
    assert step.verb_vi and step.verb_en


@pytest.mark.parametrize(
    ("source", "target", "role"), [t for t in ALL if t not in ALLOWED], ids=lambda v: str(v)
)
def test_forbidden_step_is_refused_with_a_reason(source: S, target: S, role: Role) -> None:
    with pytest.raises(TransitionError) as info:
        check_transition(source, target, role, "lý do bất kỳ")
    message = str(info.value)
    assert message and info.value.message_en
    if source is target:
        assert "đã ở trạng thái" in message
    elif any((source, target, r) in ALLOWED for r in Role):
        assert "chỉ do" in message  # the step exists, but for the other role
    else:
        assert source.label_vi in message


@pytest.mark.parametrize(("source", "target"), sorted(NEEDS_REASON))
def test_return_and_reject_need_a_reason(source: S, target: S) -> None:
    for reason in (None, "", "   "):
        with pytest.raises(TransitionError, match="lý do"):
            check_transition(source, target, P, reason)


def test_a_reason_that_is_too_long_is_refused() -> None:
    with pytest.raises(TransitionError, match="quá dài"):
        check_transition(S.APPRAISING, S.REJECTED, P, "x" * 2001)


def test_forbidden_message_lists_where_the_proposal_can_go() -> None:
    with pytest.raises(TransitionError) as info:
        check_transition(S.DRAFT, S.APPROVED, P)
    assert "“Đã gửi”" in str(info.value)
    with pytest.raises(TransitionError, match="đã kết thúc"):
        check_transition(S.SETTLED, S.DRAFT, P)


def test_next_steps_match_the_table() -> None:
    for status in S:
        for role in Role:
            got = {(t.source, t.target, role) for t in next_steps(status, role)}
            want = {t for t in ALLOWED if t[0] is status and t[2] is role}
            assert got == want


def test_submitted_proposal_is_read_only_for_the_collaborator() -> None:
    editable_by_collaborator = {s for s in S if can_edit(s, C)}
    assert editable_by_collaborator == {S.DRAFT, S.RETURNED}
    for status in (S.SUBMITTED, S.APPRAISING):
        with pytest.raises(ReadOnlyError, match="chỉ xem"):
            check_editable(status, C)
    for status in (S.APPROVED, S.IMPLEMENTING, S.ACCEPTED, S.SETTLED, S.REJECTED):
        for role in Role:
            with pytest.raises(ReadOnlyError):
                check_editable(status, role)
    # The province corrects the content during appraisal, never after approval.
    assert {s for s in S if can_edit(s, P)} == {S.DRAFT, S.SUBMITTED, S.APPRAISING}


def _record(source: S, target: S, role: Role, reason: str = "") -> TransitionRecord:
    return TransitionRecord(
        uuid="r1",
        proposal_uuid="p1",
        source=source,
        target=target,
        role=role,
        actor="Nguyễn Văn An",
        at=datetime(2025, 3, 1, 9, 0),
        reason=reason,
        device_id="dev-province",
    )


def test_incoming_change_is_validated_by_the_same_machine() -> None:
    step = check_incoming(S.SUBMITTED, _record(S.SUBMITTED, S.APPRAISING, P))
    assert step.target is S.APPRAISING
    # A collaborator's record cannot approve, even if it arrives in a package.
    with pytest.raises(TransitionError, match="chỉ do"):
        check_incoming(S.APPRAISING, _record(S.APPRAISING, S.APPROVED, C))
    # A return without its reason is refused here too.
    with pytest.raises(TransitionError, match="lý do"):
        check_incoming(S.SUBMITTED, _record(S.SUBMITTED, S.RETURNED, P))


def test_incoming_change_from_another_status_is_refused() -> None:
    with pytest.raises(TransitionError, match="ở máy này đề án đang “Nháp”"):
        check_incoming(S.DRAFT, _record(S.APPRAISING, S.APPROVED, P))


def test_record_round_trips_as_plain_data() -> None:
    record = _record(S.APPRAISING, S.RETURNED, P, "Bổ sung báo giá")
    data = record.to_dict()
    assert data["to_status"] == "returned" and data["at"] == "2025-03-01T09:00:00"
    assert TransitionRecord.from_dict(data) == record
    with pytest.raises(TransitionError, match="không hợp lệ"):
        TransitionRecord.from_dict({**data, "to_status": "done"})
    with pytest.raises(TransitionError, match="không hợp lệ"):
        TransitionRecord.from_dict({k: v for k, v in data.items() if k != "uuid"})
