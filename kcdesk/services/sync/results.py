"""Plain results of the sync use cases (no ORM objects cross this line)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

ProgressFn = Callable[[int, int, str], None]
CancelledFn = Callable[[], bool]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


class _Json:
    def to_json(self) -> dict[str, Any]:
        return _plain(asdict(self))  # type: ignore[call-overload, no-any-return]


@dataclass(frozen=True)
class ExportSummary(_Json):
    path: str
    package_id: str
    receiver_device: str
    receiver_name: str
    receiver_fingerprint: str
    counts: dict[str, int]
    attachments: int
    receipts: int
    counter_from: int  # changes after this counter …
    counter_to: int  # … up to this one
    encrypted: bool
    size: int


@dataclass(frozen=True)
class ConflictRef(_Json):
    kind: str
    uuid: str
    label: str


@dataclass(frozen=True)
class ImportResult(_Json):
    """What one package did (or, for a preview, would do)."""

    file: str
    status: str  # imported | duplicate | preview
    package_id: str
    kind: str
    sender_device: str
    sender_name: str
    sender_fingerprint: str
    sender_admitted: str  # known | successor | enrolled | trusted
    counts: dict[str, dict[str, int]]
    attachments_added: int
    conflicts: list[ConflictRef]
    receipts: int
    acknowledged: int
    reference: dict[str, int]
    previous_import: datetime | None = None

    @property
    def changed(self) -> int:
        return sum(c["inserted"] + c["updated"] + c["conflicts"] for c in self.counts.values())


@dataclass(frozen=True)
class MemberView(_Json):
    name: str
    size: int
    content_size: int
    items: int
    encrypted: bool


@dataclass(frozen=True)
class InspectReport(_Json):
    """``sync inspect``: what a package says about itself, checked, with nothing written."""

    file: str
    size: int
    package_id: str
    kind: str
    format_version: int
    app_version: str
    created_at: str
    sender_device: str
    sender_name: str
    sender_role: str
    sender_fingerprint: str
    signature_ok: bool
    sender_known: str  # known | unknown | key_mismatch | this installation
    receiver_device: str
    receiver_name: str
    encrypted: bool
    for_this_installation: bool
    counts: dict[str, int]
    counters: dict[str, list[int]]
    members: list[MemberView]
    already_imported: datetime | None = None


@dataclass(frozen=True)
class SetupSummary(_Json):
    path: str
    enrolment_uuid: str
    person_name: str
    phone: str
    commune_codes: list[int]
    province_fingerprint: str


@dataclass(frozen=True)
class EnrolResult(_Json):
    device_id: str
    person_name: str
    fingerprint: str
    province_name: str
    province_device: str
    province_fingerprint: str
    created_installation: bool
    rules_loaded: int
    forms_installed: int


@dataclass(frozen=True)
class PeerView(_Json):
    device_id: str
    role: str
    person_name: str
    centre_name: str
    fingerprint: str
    status: str
    predecessor: str
    acked_counter: int
    created_at: datetime | None
    last_package_at: datetime | None


@dataclass(frozen=True)
class PackageView(_Json):
    package_id: str
    direction: str
    kind: str
    peer_device: str
    peer_name: str
    file_name: str
    size: int
    counts: dict[str, Any]
    summary: dict[str, Any]
    at: datetime | None
    acknowledged_at: datetime | None


@dataclass(frozen=True)
class IdentityView(_Json):
    device_id: str
    role: str
    person_name: str
    fingerprint: str
    counter: int
    enrolled: bool
    province_name: str = ""
    province_fingerprint: str = ""
    past_device_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ImportOutcome(_Json):
    """One file of a multi-file import: its result, or why it was refused (nothing written)."""

    file: str
    ok: bool
    result: ImportResult | None = None
    code: str = ""
    error_vi: str = ""
    error_en: str = ""
