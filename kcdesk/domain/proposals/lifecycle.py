"""The proposal state machine: which step each role may take from each status.

nháp → đã gửi → đang thẩm định → được phê duyệt | trả lại để sửa | không phê duyệt;
được phê duyệt → đang triển khai → đã nghiệm thu → đã quyết toán.

The collaborator drafts, submits, and revises and re-submits what the province returns. The
province appraises, approves, returns (with a reason), rejects (with a reason), and records
implementation, acceptance and settlement. A centre may also draft a đề án itself, so the province
may submit a draft too. The same table validates a step taken here and one arriving in a sync
package (:func:`check_incoming`), so a laptop never ends in a status the province could not reach.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kcdesk.domain.errors import KcError
from kcdesk.domain.proposals.status import ProposalStatus as S
from kcdesk.domain.proposals.status import Role, role_label
from kcdesk.vn.text import clean

MAX_REASON_LENGTH = 2000


@dataclass(frozen=True)
class Transition:
    """One allowed step. ``verb_vi``/``verb_en`` name it on buttons and in the history."""

    source: S
    target: S
    roles: frozenset[Role]
    verb_vi: str
    verb_en: str
    needs_reason: bool = False

    def verb(self, lang: str = "vi") -> str:
        return self.verb_en if lang == "en" else self.verb_vi


_C, _P = Role.COLLABORATOR, Role.PROVINCE
_BOTH = frozenset({_C, _P})
_PROV = frozenset({_P})
_COLL = frozenset({_C})

TRANSITIONS: tuple[Transition, ...] = (
    Transition(S.DRAFT, S.SUBMITTED, _BOTH, "Gửi đề án", "Submit"),
    Transition(S.RETURNED, S.SUBMITTED, _COLL, "Gửi lại sau khi sửa", "Resubmit after revision"),
    Transition(S.SUBMITTED, S.APPRAISING, _PROV, "Bắt đầu thẩm định", "Start appraisal"),
    Transition(
        S.SUBMITTED, S.RETURNED, _PROV, "Trả lại để sửa", "Return for revision", needs_reason=True
    ),
    Transition(S.APPRAISING, S.APPROVED, _PROV, "Phê duyệt", "Approve"),
    Transition(
        S.APPRAISING, S.RETURNED, _PROV, "Trả lại để sửa", "Return for revision", needs_reason=True
    ),
    Transition(S.APPRAISING, S.REJECTED, _PROV, "Không phê duyệt", "Reject", needs_reason=True),
    Transition(S.APPROVED, S.IMPLEMENTING, _PROV, "Ghi nhận triển khai", "Record implementation"),
    Transition(S.IMPLEMENTING, S.ACCEPTED, _PROV, "Ghi nhận nghiệm thu", "Record acceptance"),
    Transition(S.ACCEPTED, S.SETTLED, _PROV, "Ghi nhận quyết toán", "Record settlement"),
)

_BY_STEP = {(t.source, t.target): t for t in TRANSITIONS}

# Who may change the content (title, budget, facilities...) in each status. A submitted proposal is
# read-only for the collaborator; the province may still correct it while appraising (the
# appraisal often adjusts the budget); after approval the approved content is frozen.
_EDITABLE: dict[Role, frozenset[S]] = {
    Role.COLLABORATOR: frozenset({S.DRAFT, S.RETURNED}),
    Role.PROVINCE: frozenset({S.DRAFT, S.SUBMITTED, S.APPRAISING}),
}

# Statuses in which budget over the support cap may be saved (with a warning).
DRAFT_LIKE: frozenset[S] = frozenset({S.DRAFT, S.RETURNED})
# Steps that commit the budget: over the cap they are refused.
CAP_GUARDED_TARGETS: frozenset[S] = frozenset({S.SUBMITTED, S.APPROVED})
FINAL: frozenset[S] = frozenset({S.REJECTED, S.SETTLED})


class TransitionError(KcError):
    """A status change that the lifecycle does not allow; the message says why."""


class ReadOnlyError(KcError):
    """The proposal cannot be changed by this role in its current status."""


def next_steps(status: S, role: Role) -> list[Transition]:
    """The steps ``role`` may take from ``status``, in the order buttons should show them."""
    return [t for t in TRANSITIONS if t.source is status and role in t.roles]


def can_edit(status: S, role: Role) -> bool:
    return status in _EDITABLE[role]


def check_editable(status: S, role: Role) -> None:
    """Raise :class:`ReadOnlyError` when ``role`` may not change a proposal in ``status``."""
    if can_edit(status, role):
        return
    if role is Role.COLLABORATOR and status in (S.SUBMITTED, S.APPRAISING):
        raise ReadOnlyError(
            f"Đề án đang ở trạng thái “{status.label_vi}”: cộng tác viên chỉ xem, không sửa được. "
            "Nếu cần sửa, đề nghị Trung tâm trả lại đề án.",
            f"The proposal is “{status.label_en}”: collaborators may view it but not change it. "
            "Ask the centre to return it for revision.",
        )
    who_vi, who_en = role_label(role, "vi"), role_label(role, "en")
    raise ReadOnlyError(
        f"Đề án đang ở trạng thái “{status.label_vi}”, {who_vi} không sửa được nội dung.",
        f"The proposal is “{status.label_en}”; the {who_en} cannot change its content.",
    )


def check_transition(current: S, target: S, role: Role, reason: str | None = None) -> Transition:
    """Validate one step and return it; raise :class:`TransitionError` saying why it is refused."""
    if current is target:
        raise TransitionError(
            f"Đề án đã ở trạng thái “{current.label_vi}”.",
            f"The proposal is already “{current.label_en}”.",
        )
    step = _BY_STEP.get((current, target))
    if step is None:
        possible = [t.target for t in TRANSITIONS if t.source is current]
        if possible:
            vi = ", ".join(f"“{s.label_vi}”" for s in possible)
            en = ", ".join(f"“{s.label_en}”" for s in possible)
            raise TransitionError(
                f"Không thể chuyển đề án từ “{current.label_vi}” sang “{target.label_vi}”; "
                f"từ “{current.label_vi}” chỉ chuyển được sang {vi}.",
                f"A proposal cannot go from “{current.label_en}” to “{target.label_en}”; "
                f"from “{current.label_en}” it can only go to {en}.",
            )
        raise TransitionError(
            f"Đề án “{current.label_vi}” đã kết thúc, không chuyển trạng thái được nữa.",
            f"A “{current.label_en}” proposal is closed; its status cannot change.",
        )
    if role not in step.roles:
        who_vi = " hoặc ".join(role_label(r, "vi") for r in sorted(step.roles))
        who_en = " or ".join(role_label(r, "en") for r in sorted(step.roles))
        raise TransitionError(
            f"Bước “{step.verb_vi}” chỉ do {who_vi} thực hiện, "
            f"{role_label(role, 'vi')} không làm được.",
            f"“{step.verb_en}” is done by the {who_en} only, not by the {role_label(role, 'en')}.",
        )
    if step.needs_reason and not clean(reason):
        raise TransitionError(
            f"Bước “{step.verb_vi}” cần ghi rõ lý do.",
            f"“{step.verb_en}” needs a reason.",
        )
    if reason is not None and len(clean(reason)) > MAX_REASON_LENGTH:
        raise TransitionError(
            f"Lý do quá dài (tối đa {MAX_REASON_LENGTH} ký tự).",
            f"The reason is too long (at most {MAX_REASON_LENGTH} characters).",
        )
    return step


@dataclass(frozen=True)
class TransitionRecord:
    """One status change as it is kept in the history and carried in sync packages.

    ``uuid`` identifies the change itself, so applying the same record twice changes nothing.
    ``at`` is shown to people, never used for ordering (laptop clocks are wrong).
    """

    uuid: str
    proposal_uuid: str
    source: S
    target: S
    role: Role
    actor: str
    at: datetime
    reason: str = ""
    device_id: str = ""

    def to_dict(self) -> dict[str, str]:
        """Plain JSON data, as it travels in a sync package."""
        return {
            "uuid": self.uuid,
            "proposal_uuid": self.proposal_uuid,
            "from_status": self.source.value,
            "to_status": self.target.value,
            "role": self.role.value,
            "actor": self.actor,
            "at": self.at.isoformat(),
            "reason": self.reason,
            "device_id": self.device_id,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> TransitionRecord:
        """Read :meth:`to_dict` output; raise :class:`TransitionError` for anything malformed."""
        try:
            at = datetime.fromisoformat(str(data["at"]))
            return cls(
                uuid=str(data["uuid"]),
                proposal_uuid=str(data["proposal_uuid"]),
                source=S(str(data["from_status"])),
                target=S(str(data["to_status"])),
                role=Role(str(data["role"])),
                actor=clean(str(data.get("actor") or "")),
                at=at,
                reason=clean(str(data.get("reason") or "")),
                device_id=str(data.get("device_id") or ""),
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise TransitionError(
                f"Bản ghi thay đổi trạng thái đề án không hợp lệ ({exc}).",
                f"Malformed proposal status change record ({exc}).",
            ) from exc


def check_incoming(current: S, record: TransitionRecord) -> Transition:
    """Validate a change made on another installation before applying it here.

    The record must start from the status this copy is in (otherwise the two copies went apart and
    a person has to look) and must be a step its role may take.
    """
    if record.source is not current:
        raise TransitionError(
            f"Thay đổi trạng thái “{record.source.label_vi} → {record.target.label_vi}” "
            f"không áp dụng được: ở máy này đề án đang “{current.label_vi}”.",
            f"Status change “{record.source.label_en} → {record.target.label_en}” cannot be "
            f"applied: here the proposal is “{current.label_en}”.",
        )
    return check_transition(record.source, record.target, record.role, record.reason)
