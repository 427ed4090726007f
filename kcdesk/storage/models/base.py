"""Declarative base, naming convention, and the columns every travelling record carries."""

from __future__ import annotations

import uuid as uuid_module
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, BigInteger, Boolean, DateTime, Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints make Alembic batch migrations on SQLite and PostgreSQL behave the same.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_uuid() -> str:
    return str(uuid_module.uuid4())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class TravellingMixin:
    """A record that can travel between laptops in sync packages.

    ``version`` is the record's version vector ``{device_id: counter}``; ``local_counter`` is the
    counter of this installation when it last wrote the row (0 for rows only received), which is
    what an export since the last receipt selects on. ``deleted`` is a tombstone: deletes travel
    too. Time stamps are for people to read, never for ordering (field laptops' clocks are wrong).
    """

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    origin_device: Mapped[str] = mapped_column(String(32), default="")
    version: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    local_counter: Mapped[int] = mapped_column(BigInteger, default=0, index=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    RECORD_KIND: ClassVar[str] = (
        ""  # "facility", "survey", ... as named in audit entries and sync packages
    )
