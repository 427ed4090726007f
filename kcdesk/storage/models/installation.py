"""This installation: who works on it, in which role, over which area; and its device counter."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kcdesk.storage.models.base import Base, utcnow


class Installation(Base):
    """One row. ``device_id`` changes when the database is restored or copied elsewhere
    (``past_device_ids`` keeps the lineage so nothing made under an old id is lost)."""

    __tablename__ = "installation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(String(32))
    past_device_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # Where and on which machine this database file was last opened: a copy opened elsewhere
    # takes a new device id (see services.installation.check_identity).
    instance_marker: Mapped[str] = mapped_column(Text, default="")
    counter: Mapped[int] = mapped_column(BigInteger, default=0)
    role: Mapped[str] = mapped_column(String(16))  # collaborator | province
    person_name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(20), default="")
    centre_name: Mapped[str] = mapped_column(String(300), default="")
    province_code: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 2025 scheme
    commune_codes: Mapped[list[Any]] = mapped_column(JSON, default=list)  # 2025 scheme
    language: Mapped[str] = mapped_column(String(8), default="vi")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Setting(Base):
    """Small per-database settings (remembered column mappings, last export time, …)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
