"""The manifest: what a package is, who sent it to whom, and what each member holds.

Its canonical bytes are what the sender signs; see ``docs/sync-format.md`` for every field.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from kcdesk.io.sync.canonical import canonical_bytes
from kcdesk.io.sync.keys import KEY_BYTES, PublicKeys, b64decode, b64encode
from kcdesk.io.sync.safezip import BLOBS, ENC_SUFFIX, FORMAT_VERSION, RECORDS
from kcdesk.io.sync.stream import SCHEME

FORMAT_NAME = "kcsync"
_IDENT = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_MAX_TEXT = 200
_MAX_MAP = 1000
_MAX_INT = 2**63 - 1


@dataclass(frozen=True)
class Party:
    """Sender or receiver of a package."""

    device_id: str
    person: str = ""
    role: str = ""
    keys: PublicKeys | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "device_id": self.device_id,
            "person": self.person,
            "role": self.role,
        }
        if self.keys is not None:
            out.update(self.keys.to_json())
        return out

    @classmethod
    def from_json(cls, data: object, where: str, need_keys: bool) -> Party:
        obj = _object(data, where, {"device_id", "person", "role"}, {"sign_key", "box_key"})
        keys = None
        if "sign_key" in obj or "box_key" in obj or need_keys:
            try:
                keys = PublicKeys.from_json(obj)
            except ValueError as exc:
                raise ValueError(f"{where}: bad keys: {exc}") from exc
        return cls(
            _device(obj["device_id"], f"{where}.device_id"),
            _text(obj["person"], f"{where}.person"),
            _text(obj["role"], f"{where}.role"),
            keys,
        )


@dataclass(frozen=True)
class Member:
    """One payload member: its bytes in the zip (size, SHA-256) and what they decode to."""

    name: str
    size: int
    sha256: str
    content_size: int
    items: int

    @property
    def encrypted(self) -> bool:
        return self.name.endswith(ENC_SUFFIX)

    @property
    def role(self) -> str:
        """``records`` or ``blobs``."""
        return RECORDS if self.name.startswith(RECORDS) else BLOBS

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "size": self.size,
            "sha256": self.sha256,
            "content_size": self.content_size,
            "items": self.items,
        }

    @classmethod
    def from_json(cls, data: object, where: str) -> Member:
        obj = _object(data, where, {"name", "size", "sha256", "content_size", "items"})
        name = obj["name"]
        if name not in (RECORDS, BLOBS, RECORDS + ENC_SUFFIX, BLOBS + ENC_SUFFIX):
            raise ValueError(f"{where}.name: unknown member {name!r}")
        sha = obj["sha256"]
        if not isinstance(sha, str) or not _HEX64.match(sha):
            raise ValueError(f"{where}.sha256: not a SHA-256")
        return cls(
            name,
            _count(obj["size"], f"{where}.size"),
            sha,
            _count(obj["content_size"], f"{where}.content_size"),
            _count(obj["items"], f"{where}.items"),
        )


@dataclass(frozen=True)
class Manifest:
    package_id: str
    kind: str
    sender: Party
    receiver: Party | None
    members: tuple[Member, ...]
    counters: dict[str, tuple[int, int]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    ephemeral_key: bytes | None = None  # set when the payload is encrypted to the receiver
    created_at: str = ""
    app_version: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    format_version: int = FORMAT_VERSION

    @property
    def encrypted(self) -> bool:
        return self.ephemeral_key is not None

    def member(self, role: str) -> Member | None:
        return next((m for m in self.members if m.role == role), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT_NAME,
            "format_version": self.format_version,
            "package_id": self.package_id,
            "kind": self.kind,
            "created_at": self.created_at,
            "app_version": self.app_version,
            "sender": self.sender.to_json(),
            "receiver": self.receiver.to_json() if self.receiver else None,
            "counters": {d: [lo, hi] for d, (lo, hi) in self.counters.items()},
            "counts": dict(self.counts),
            "members": [m.to_json() for m in self.members],
            "encryption": (
                {"scheme": SCHEME, "ephemeral_key": b64encode(self.ephemeral_key)}
                if self.ephemeral_key is not None
                else None
            ),
            "extra": self.extra,
        }

    def to_bytes(self) -> bytes:
        return canonical_bytes(self.to_json())

    @classmethod
    def from_json(cls, data: object) -> Manifest:
        """Validate a parsed manifest (format and version already checked by the reader).
        Raises ``ValueError`` naming the first bad field."""
        obj = _object(
            data,
            "manifest",
            {
                "format", "format_version", "package_id", "kind", "created_at", "app_version",
                "sender", "receiver", "counters", "counts", "members", "encryption", "extra",
            },
        )  # fmt: skip
        package_id = obj["package_id"]
        if not isinstance(package_id, str) or not _is_uuid(package_id):
            raise ValueError("package_id: not a UUID")
        kind = obj["kind"]
        if not isinstance(kind, str) or not _IDENT.match(kind):
            raise ValueError("kind: not an identifier")
        encryption = obj["encryption"]
        ephemeral = None
        if encryption is not None:
            enc = _object(encryption, "encryption", {"scheme", "ephemeral_key"})
            if enc["scheme"] != SCHEME:
                raise ValueError(f"encryption.scheme: unknown {enc['scheme']!r}")
            ephemeral = b64decode(enc["ephemeral_key"], KEY_BYTES)
        receiver = (
            None
            if obj["receiver"] is None
            else Party.from_json(obj["receiver"], "receiver", need_keys=ephemeral is not None)
        )
        if ephemeral is not None and receiver is None:
            raise ValueError("encryption without a receiver")
        members_raw = obj["members"]
        if not isinstance(members_raw, list) or len(members_raw) > 2:
            raise ValueError("members: not a list of at most 2")
        members = tuple(Member.from_json(m, f"members[{i}]") for i, m in enumerate(members_raw))
        if len({m.role for m in members}) != len(members):
            raise ValueError("members: the same member twice")
        if any(m.encrypted != (ephemeral is not None) for m in members):
            raise ValueError("members: encryption does not match the member names")
        extra = obj["extra"]
        if not isinstance(extra, dict):
            raise ValueError("extra: not an object")
        return cls(
            package_id=package_id,
            kind=kind,
            sender=Party.from_json(obj["sender"], "sender", need_keys=True),
            receiver=receiver,
            members=members,
            counters=_counters(obj["counters"]),
            counts=_counts(obj["counts"]),
            ephemeral_key=ephemeral,
            created_at=_text(obj["created_at"], "created_at"),
            app_version=_text(obj["app_version"], "app_version"),
            extra=extra,
            format_version=FORMAT_VERSION,
        )


def _object(
    data: object, where: str, required: set[str], optional: frozenset[str] | set[str] = frozenset()
) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ValueError(f"{where}: not an object")
    missing = required - data.keys()
    if missing:
        raise ValueError(f"{where}: missing {sorted(missing)}")
    unknown = data.keys() - required - set(optional)
    if unknown:
        raise ValueError(f"{where}: unknown fields {sorted(unknown)}")
    return data


def _text(value: object, where: str) -> str:
    if not isinstance(value, str) or len(value) > _MAX_TEXT or not value.isprintable():
        raise ValueError(f"{where}: not a short printable text")
    return value


def _device(value: object, where: str) -> str:
    text = _text(value, where)
    if not text or len(text) > 64:
        raise ValueError(f"{where}: not a device id")
    return text


def _count(value: object, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= _MAX_INT:
        raise ValueError(f"{where}: not a count")
    return value


def _counts(value: object) -> dict[str, int]:
    if not isinstance(value, dict) or len(value) > _MAX_MAP:
        raise ValueError("counts: not an object")
    out = {}
    for kind, n in value.items():
        if not _IDENT.match(kind):
            raise ValueError(f"counts: bad kind {kind!r}")
        out[kind] = _count(n, f"counts.{kind}")
    return out


def _counters(value: object) -> dict[str, tuple[int, int]]:
    if not isinstance(value, dict) or len(value) > _MAX_MAP:
        raise ValueError("counters: not an object")
    out = {}
    for device, pair in value.items():
        _device(device, "counters")
        if not isinstance(pair, list) or len(pair) != 2:
            raise ValueError(f"counters.{device}: not an [after, upto] pair")
        lo, hi = _count(pair[0], "counters"), _count(pair[1], "counters")
        if lo > hi:
            raise ValueError(f"counters.{device}: range ends before it starts")
        out[device] = (lo, hi)
    return out


def _is_uuid(text: str) -> bool:
    try:
        return str(uuid.UUID(text)) == text
    except ValueError:
        return False
