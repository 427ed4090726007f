"""Content categories and support-cap rules, as loaded from rules documents.

A :class:`ProposalRuleSet` is one loaded document (the national defaults shipped with kcdesk, or a
province's resolution); its rules and the categories it defined go with it, so loading a corrected
file replaces exactly what the earlier one brought. The document itself is kept so a centre can
send it on to its collaborators' laptops.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kcdesk.storage.models.base import Base, utcnow
from kcdesk.storage.models.proposal import ScaledDecimal


class ProposalRuleSet(Base):
    __tablename__ = "proposal_rule_set"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(400), unique=True)  # source:province:reference
    source: Mapped[str] = mapped_column(String(16))  # national | provincial
    province_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    province_name: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(String(500), default="")
    legal_reference: Mapped[str] = mapped_column(String(300))
    effective_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(300), default="")
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    loaded_by: Mapped[str] = mapped_column(String(200), default="")

    rules: Mapped[list[ProposalCapRule]] = relationship(
        back_populates="rule_set", cascade="all, delete-orphan", order_by="ProposalCapRule.id"
    )


class ContentCategory(Base):
    """Nội dung khuyến công. ``rule_set_id`` is the document that last defined it."""

    __tablename__ = "content_category"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_vi: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300), default="")
    legal_reference: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    rule_set_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposal_rule_set.id", ondelete="SET NULL"), nullable=True
    )


class ProposalCapRule(Base):
    __tablename__ = "proposal_cap_rule"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rule_set_id: Mapped[int] = mapped_column(
        ForeignKey("proposal_rule_set.id", ondelete="CASCADE"), index=True
    )
    category_code: Mapped[str] = mapped_column(String(40), index=True)
    source: Mapped[str] = mapped_column(String(16))
    province_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    max_percent: Mapped[Decimal | None] = mapped_column(ScaledDecimal(2), nullable=True)
    max_amount: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # đồng
    min_counterpart_percent: Mapped[Decimal | None] = mapped_column(ScaledDecimal(2), nullable=True)
    basis: Mapped[str] = mapped_column(String(16), default="proposal")  # proposal | facility
    effective_from: Mapped[date] = mapped_column(Date)
    effective_to: Mapped[date | None] = mapped_column(Date, nullable=True)  # last day in force
    legal_reference: Mapped[str] = mapped_column(String(300))
    funding_sources: Mapped[list[Any]] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")

    rule_set: Mapped[ProposalRuleSet] = relationship(back_populates="rules")
