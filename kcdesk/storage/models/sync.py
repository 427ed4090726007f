"""Sync bookkeeping: this installation's keys, known devices, packages, conflicting versions.

Nothing here travels itself; these tables say who may send what, what was sent and received, and
which versions of a record are kept while it is in conflict.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from kcdesk.storage.models.base import Base, utcnow


class SyncKey(Base):
    """Key pairs of this installation. The private halves are sealed with a key-encryption key
    kept outside the database (``kek_id`` names it), so a copied database file does not carry
    the laptop's identity. The newest row that can be opened is the one in use."""

    __tablename__ = "sync_key"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(String(32))  # the device id they were made under
    sign_public: Mapped[bytes] = mapped_column(LargeBinary(32))
    box_public: Mapped[bytes] = mapped_column(LargeBinary(32))
    fingerprint: Mapped[str] = mapped_column(String(40))
    sealed_private: Mapped[bytes] = mapped_column(LargeBinary)
    kek_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SyncEnrolment(Base):
    """A set-up file: made by the province for one collaborator, or taken by this collaborator.

    ``secret_sealed`` (sealed like the private keys) lets the collaborator's first package prove
    it comes from whoever received the file; ``devices`` lists the devices enrolled with it.
    """

    __tablename__ = "sync_enrolment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    side: Mapped[str] = mapped_column(String(16))  # issued (province) | taken (collaborator)
    person_name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(20), default="")
    province_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    commune_codes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    secret_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    kek_id: Mapped[str] = mapped_column(String(64))
    province_device_id: Mapped[str] = mapped_column(String(32), default="")
    devices: Mapped[list[Any]] = mapped_column(JSON, default=list)
    file_name: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SyncPeer(Base):
    """Another installation this one exchanges packages with, pinned to its public keys.

    ``acked_counter``: the highest of *this* installation's counters the peer has confirmed
    receiving (a receipt); an export to the peer carries every change after it, so a lost
    package loses nothing. ``predecessor`` links a restored or copied laptop's new device id to
    the one it replaces.
    """

    __tablename__ = "sync_peer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(String(32), unique=True)
    role: Mapped[str] = mapped_column(String(16))  # collaborator | province
    person_name: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    centre_name: Mapped[str] = mapped_column(String(300), default="")
    province_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    commune_codes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    sign_public: Mapped[bytes] = mapped_column(LargeBinary(32))
    box_public: Mapped[bytes] = mapped_column(LargeBinary(32))
    fingerprint: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | revoked
    enrolment_uuid: Mapped[str] = mapped_column(String(36), default="")
    predecessor: Mapped[str] = mapped_column(String(32), default="")
    acked_counter: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_package_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class SyncPackage(Base):
    """A package sent or received. A received ``package_id`` makes a second import (the same
    file, or a renamed copy) change nothing."""

    __tablename__ = "sync_package"
    __table_args__ = (Index("ix_sync_package_peer", "peer_device_id", "direction"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    package_id: Mapped[str] = mapped_column(String(36), unique=True)
    direction: Mapped[str] = mapped_column(String(8))  # sent | received
    kind: Mapped[str] = mapped_column(String(16))
    peer_device_id: Mapped[str] = mapped_column(String(32), default="")
    peer_name: Mapped[str] = mapped_column(String(200), default="")
    file_name: Mapped[str] = mapped_column(String(500), default="")
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    counter_from: Mapped[int] = mapped_column(BigInteger, default=0)
    counter_to: Mapped[int] = mapped_column(BigInteger, default=0)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class SyncConflictVersion(Base):
    """One version of a record that has more than one head (see ``kcdesk.domain.sync.merge``).

    While a record is in conflict every head is kept here with its full data, the one the record
    shows included; the rows go when a version superseding them all (a resolution, here or on
    another laptop) arrives. ``resolved`` rows are kept for history.
    """

    __tablename__ = "sync_conflict_version"
    __table_args__ = (Index("ix_sync_conflict_version_record", "record_kind", "record_uuid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_kind: Mapped[str] = mapped_column(String(20))
    record_uuid: Mapped[str] = mapped_column(String(36))
    version: Mapped[dict[str, Any]] = mapped_column(JSON)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    digest: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    origin_device: Mapped[str] = mapped_column(String(32), default="")
    device_name: Mapped[str] = mapped_column(String(200), default="")
    package_id: Mapped[str] = mapped_column(String(36), default="")
    changed_at: Mapped[str] = mapped_column(String(40), default="")  # as the sender showed it
    detected_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
