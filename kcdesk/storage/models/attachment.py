"""Attachments (photos, quotes, papers): content-addressed blobs stored once by SHA-256."""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from kcdesk.storage.models.base import Base, TravellingMixin


class Blob(Base):
    __tablename__ = "blob"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Attachment(TravellingMixin, Base):
    """Links a blob to the record it belongs to (facility, survey, proposal)."""

    __tablename__ = "attachment"
    __table_args__ = (Index("ix_attachment_owner", "owner_kind", "owner_uuid"),)
    RECORD_KIND = "attachment"

    sha256: Mapped[str] = mapped_column(String(64), ForeignKey("blob.sha256"), index=True)
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    filename: Mapped[str] = mapped_column(String(300), default="")
    owner_kind: Mapped[str] = mapped_column(String(20))
    owner_uuid: Mapped[str] = mapped_column(String(36))
    caption: Mapped[str] = mapped_column(String(300), default="")
