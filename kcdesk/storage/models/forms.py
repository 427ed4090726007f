"""Installed survey form definitions: every version ever installed stays, so old surveys read."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kcdesk.storage.models.base import Base, utcnow


class FormDefinitionRecord(Base):
    """One version of one questionnaire, as its JSON text arrived (resources, a file, a sync
    package). ``fingerprint`` guards the rule that an installed version never changes."""

    __tablename__ = "form_definition"
    __table_args__ = (UniqueConstraint("form_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    form_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300), default="")
    fingerprint: Mapped[str] = mapped_column(String(16))
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    origin: Mapped[str] = mapped_column(String(20), default="builtin")  # builtin | file | sync
    installed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
