"""Đề án khuyến công: the proposal, its budget lines, beneficiaries and status history."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kcdesk.storage.models.base import Base, TravellingMixin, utcnow


class Proposal(TravellingMixin, Base):
    __tablename__ = "proposal"
    __table_args__ = (Index("ix_proposal_status_year", "status", "year"),)
    RECORD_KIND = "proposal"

    title: Mapped[str] = mapped_column(String(500))
    title_folded: Mapped[str] = mapped_column(String(500), default="")
    category_code: Mapped[str] = mapped_column(String(40))
    funding_source: Mapped[str] = mapped_column(String(20))  # domain.entities.FundingSource
    implementing_unit: Mapped[str] = mapped_column(String(300), default="")
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    period_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    period_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    # Totals over the budget lines, in whole đồng, kept for lists and reports.
    support_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    counterpart_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    approved_amount: Mapped[int | None] = mapped_column(BigInteger, nullable=True)

    lines: Mapped[list[ProposalBudgetLine]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="ProposalBudgetLine.position"
    )
    beneficiaries: Mapped[list[ProposalFacility]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan"
    )
    history: Mapped[list[ProposalStatusChange]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="ProposalStatusChange.id"
    )


class ProposalBudgetLine(Base):
    __tablename__ = "proposal_budget_line"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    item: Mapped[str] = mapped_column(String(500))
    unit: Mapped[str] = mapped_column(String(50), default="")
    quantity: Mapped[Decimal] = mapped_column(Numeric(18, 3, asdecimal=True))
    unit_price: Mapped[int] = mapped_column(BigInteger)  # đồng
    support_amount: Mapped[int] = mapped_column(BigInteger)  # khuyến công share, đồng
    counterpart_amount: Mapped[int] = mapped_column(BigInteger)  # beneficiary's share, đồng

    proposal: Mapped[Proposal] = relationship(back_populates="lines")


class ProposalFacility(Base):
    """A beneficiary facility (đơn vị thụ hưởng) of a proposal."""

    __tablename__ = "proposal_facility"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), index=True)
    facility_uuid: Mapped[str] = mapped_column(ForeignKey("facility.uuid"), index=True)

    proposal: Mapped[Proposal] = relationship(back_populates="beneficiaries")


class ProposalStatusChange(Base):
    """One step of the lifecycle: who took it, when, from which state to which, and why."""

    __tablename__ = "proposal_status_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    device_id: Mapped[str] = mapped_column(String(32), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="history")
