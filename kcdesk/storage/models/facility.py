"""Cơ sở công nghiệp nông thôn: the facility register."""

from __future__ import annotations

from sqlalchemy import BigInteger, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kcdesk.storage.models.base import Base, TravellingMixin


class Facility(TravellingMixin, Base):
    __tablename__ = "facility"
    __table_args__ = (
        Index("ix_facility_name_sort", "name_sort"),
        # Deep pages of the list (row 99,900 of 100,000) skip tombstones inside the index.
        Index("ix_facility_alive_name", "deleted", "name_sort"),
        Index("ix_facility_commune", "commune_scheme", "commune_code"),
        Index("ix_facility_tax_code", "tax_code"),
        Index("ix_facility_kind", "kind"),
    )
    RECORD_KIND = "facility"

    name: Mapped[str] = mapped_column(String(300))
    name_folded: Mapped[str] = mapped_column(String(300))  # search and duplicate matching
    name_sort: Mapped[str] = mapped_column(String(1000))  # Vietnamese collation key
    kind: Mapped[str] = mapped_column(String(20))  # domain.entities.FacilityKind
    owner_name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300), default="")  # thôn/xóm, street
    commune_scheme: Mapped[str | None] = mapped_column(String(8), nullable=True)
    commune_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    old_address: Mapped[str] = mapped_column(Text, default="")  # as written before 2025
    phone: Mapped[str] = mapped_column(String(20), default="")
    tax_code: Mapped[str] = mapped_column(String(20), default="")
    year_founded: Mapped[int | None] = mapped_column(Integer, nullable=True)
    craft_village: Mapped[str] = mapped_column(String(200), default="")
    industry_code: Mapped[str] = mapped_column(String(10), default="")
    industry_version: Mapped[str] = mapped_column(String(10), default="")
    employees: Mapped[int | None] = mapped_column(Integer, nullable=True)
    annual_revenue: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # đồng
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    # Folded name, owner, commune name, tax code and phone: what search matches against.
    search_text: Mapped[str] = mapped_column(Text, default="")
