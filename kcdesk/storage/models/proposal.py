"""Đề án khuyến công: the proposal, its budget lines, beneficiaries and status history.

Money is whole đồng in BIGINT columns. Quantities and percentages are exact decimals stored as
scaled integers (:class:`ScaledDecimal`): SQLite has no exact decimal type and SQLAlchemy's
``Numeric`` would pass through a float there.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kcdesk.storage.models.base import Base, TravellingMixin, new_uuid, utcnow


class ScaledDecimal(TypeDecorator[Decimal]):
    """An exact decimal with a fixed number of places, stored as an integer (2,5 → 2500 with 3
    places). Values with more places than allowed are refused, never rounded silently."""

    impl = BigInteger
    cache_ok = True

    def __init__(self, places: int) -> None:
        super().__init__()
        self.places = places
        self.scale = 10**places

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        scaled = Decimal(value) * self.scale
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{value} has more than {self.places} decimal places")
        return int(scaled)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        # Plain division keeps the smallest exponent: 10000/1000 → 10, not 1E+1 as normalize().
        result: Decimal = Decimal(int(value)) / Decimal(self.scale)
        return result

    @property
    def python_type(self) -> type[Decimal]:
        return Decimal


class Proposal(TravellingMixin, Base):
    __tablename__ = "proposal"
    __table_args__ = (
        Index("ix_proposal_status_year", "status", "year"),
        Index("ix_proposal_category", "category_code"),
        Index("ix_proposal_commune", "commune_scheme", "commune_code"),
    )
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
    # The province whose cap rules apply (2025 scheme); the place where the work is done.
    province_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    commune_scheme: Mapped[str | None] = mapped_column(String(8), nullable=True)
    commune_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    place: Mapped[str] = mapped_column(String(300), default="")
    # The sections of the document: sự cần thiết, mục tiêu, nội dung thực hiện.
    background: Mapped[str] = mapped_column(Text, default="")
    objectives: Mapped[str] = mapped_column(Text, default="")
    activities: Mapped[str] = mapped_column(Text, default="")
    # Kết quả dự kiến.
    expected_jobs: Mapped[int | None] = mapped_column(Integer, nullable=True)
    expected_trainees: Mapped[int | None] = mapped_column(Integer, nullable=True)
    expected_revenue: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # đồng/năm
    expected_other: Mapped[str] = mapped_column(Text, default="")
    # Totals over the budget lines, in whole đồng, kept for lists and reports.
    total_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    support_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    counterpart_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    other_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    approved_amount: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    created_by: Mapped[str] = mapped_column(String(200), default="")

    lines: Mapped[list[ProposalBudgetLine]] = relationship(
        back_populates="proposal",
        cascade="all, delete-orphan",
        order_by="ProposalBudgetLine.position",
    )
    beneficiaries: Mapped[list[ProposalFacility]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="ProposalFacility.id"
    )
    history: Mapped[list[ProposalStatusChange]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="ProposalStatusChange.id"
    )


class ProposalBudgetLine(Base):
    __tablename__ = "proposal_budget_line"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    item: Mapped[str] = mapped_column(String(500))
    unit: Mapped[str] = mapped_column(String(50), default="")
    quantity: Mapped[Decimal] = mapped_column(ScaledDecimal(3))
    unit_price: Mapped[int] = mapped_column(BigInteger)  # đồng
    # Shares in percent (two places); the amounts below are derived from them and kept for
    # reports. Rows written without shares (older data) get them back from the amounts.
    support_percent: Mapped[Decimal | None] = mapped_column(ScaledDecimal(2), nullable=True)
    counterpart_percent: Mapped[Decimal | None] = mapped_column(ScaledDecimal(2), nullable=True)
    amount: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # thành tiền, đồng
    support_amount: Mapped[int] = mapped_column(BigInteger)  # khuyến công share, đồng
    counterpart_amount: Mapped[int] = mapped_column(BigInteger)  # beneficiary's share, đồng
    note: Mapped[str] = mapped_column(String(300), default="")

    proposal: Mapped[Proposal] = relationship(back_populates="lines")


class ProposalFacility(Base):
    """A beneficiary facility (đơn vị thụ hưởng) of a proposal."""

    __tablename__ = "proposal_facility"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    facility_uuid: Mapped[str] = mapped_column(ForeignKey("facility.uuid"), index=True)

    proposal: Mapped[Proposal] = relationship(back_populates="beneficiaries")


class ProposalStatusChange(Base):
    """One step of the lifecycle: who took it, when, from which state to which, and why.

    ``uuid`` names the step itself, so a step that arrives twice in sync packages is applied once.
    """

    __tablename__ = "proposal_status_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    device_id: Mapped[str] = mapped_column(String(32), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="history")
