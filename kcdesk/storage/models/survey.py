"""Phiếu khảo sát: one facility survey recorded under one version of a form definition."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kcdesk.storage.models.base import Base, TravellingMixin


class Survey(TravellingMixin, Base):
    __tablename__ = "survey"
    __table_args__ = (Index("ix_survey_status_date", "status", "survey_date"),)
    RECORD_KIND = "survey"

    facility_uuid: Mapped[str] = mapped_column(
        String(36), ForeignKey("facility.uuid", ondelete="RESTRICT"), index=True
    )
    form_id: Mapped[str] = mapped_column(String(64))
    form_version: Mapped[int] = mapped_column(Integer)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="draft")  # SurveyStatus
    surveyor: Mapped[str] = mapped_column(String(200), default="")
    survey_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class SurveyDraft(Base):
    """The editor's autosave: answers typed but not yet saved, kept on this laptop only.

    Autosaving into ``survey`` every few seconds would stamp a new version and an audit entry each
    time (and travel in sync); this local copy is cheap to overwrite, and one left behind by a
    crash is offered back when the app starts again.
    """

    __tablename__ = "survey_draft"

    survey_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    facility_uuid: Mapped[str] = mapped_column(String(36))
    form_id: Mapped[str] = mapped_column(String(64))
    form_version: Mapped[int] = mapped_column(Integer)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
