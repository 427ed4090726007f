"""Dates as ``dd/mm/yyyy`` and the long form of official documents."""

from __future__ import annotations

import re
from datetime import date, datetime

_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_YMD = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")


def format_date(value: date | datetime | None) -> str:
    """``date(2025, 2, 5)`` → ``"05/02/2025"``; ``None`` → ``""``."""
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y")


def format_datetime(value: datetime | None) -> str:
    """``"05/02/2025 14:03"``."""
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y %H:%M")


def long_date(value: date, place: str = "") -> str:
    """Official form: ``"Tiên Lãng, ngày 05 tháng 02 năm 2025"`` (NĐ 30/2020)."""
    body = f"ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"
    return f"{place}, {body}" if place else body


def parse_date(text: str | date | datetime | None) -> date | None:
    """Read ``05/02/2025``, ``5-2-2025``, ``05.02.2025`` or ISO ``2025-02-05``; ``None`` if empty.

    Raises ``ValueError`` for anything else, including impossible dates like 31/02/2025.
    """
    if text is None:
        return None
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    raw = str(text).strip()
    if not raw:
        return None
    m = _DMY.match(raw)
    if m:
        day, month, year = (int(g) for g in m.groups())
        return date(year, month, day)
    m = _YMD.match(raw)
    if m:
        year, month, day = (int(g) for g in m.groups())
        return date(year, month, day)
    raise ValueError(f"not a date (dd/mm/yyyy): {text!r}")
