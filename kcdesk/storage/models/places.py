"""Administrative units of the 2025 scheme (34 provinces, 3,321 communes) and the legacy scheme
(63 provinces, 696 districts, 10,051 communes), with the official old→new commune table.

Codes are reused between schemes for different places, so every code is stored with its scheme.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kcdesk.storage.models.base import Base

SCHEME_2025 = "2025"
SCHEME_LEGACY = "legacy"


class Province(Base):
    __tablename__ = "province"
    __table_args__ = (UniqueConstraint("scheme", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scheme: Mapped[str] = mapped_column(String(8))
    code: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(40))
    name_folded: Mapped[str] = mapped_column(String(100))


class District(Base):
    """Legacy only: the district level ended on 1 July 2025."""

    __tablename__ = "district"
    __table_args__ = (UniqueConstraint("code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(40))
    province_code: Mapped[int] = mapped_column(Integer)
    name_folded: Mapped[str] = mapped_column(String(100))


class Commune(Base):
    __tablename__ = "commune"
    __table_args__ = (
        UniqueConstraint("scheme", "code"),
        Index("ix_commune_scheme_province", "scheme", "province_code"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scheme: Mapped[str] = mapped_column(String(8))
    code: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(40))
    province_code: Mapped[int] = mapped_column(Integer)
    district_code: Mapped[int | None] = mapped_column(Integer, nullable=True)  # legacy only
    name_folded: Mapped[str] = mapped_column(String(100), index=True)
    name_sort: Mapped[str] = mapped_column(String(300))


class CommuneMapping(Base):
    """Official table: a legacy commune went (wholly or partly) into these 2025 communes."""

    __tablename__ = "commune_mapping"
    __table_args__ = (UniqueConstraint("legacy_code", "new_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    legacy_code: Mapped[int] = mapped_column(Integer, index=True)
    new_code: Mapped[int] = mapped_column(Integer, index=True)
    partly: Mapped[bool] = mapped_column(Boolean, default=False)
