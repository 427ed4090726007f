"""Audit log: who changed which record, when, and what (before/after)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kcdesk.storage.models.base import Base, utcnow


class AuditEntry(Base):
    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_record", "record_kind", "record_uuid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(200), default="")
    device_id: Mapped[str] = mapped_column(String(32), default="")
    counter: Mapped[int] = mapped_column(Integer, default=0)
    record_kind: Mapped[str] = mapped_column(String(20))
    record_uuid: Mapped[str] = mapped_column(String(36), default="")
    action: Mapped[str] = mapped_column(String(20))  # create | update | delete | import | bulk …
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
