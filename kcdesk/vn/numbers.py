"""Numbers and money the Vietnamese way: ``1.234,5``; money in whole đồng."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_SPACES = re.compile(r"[\s\u00a0\u202f']+")


def format_number(value: int | float | Decimal, decimals: int | None = None) -> str:
    """``1234.5`` → ``"1.234,5"``; ``decimals`` fixes the places, else as many as needed."""
    if decimals is None:
        dec = Decimal(str(value)).normalize() if not isinstance(value, int) else Decimal(value)
        text = format(dec, "f")
    else:
        text = format(Decimal(str(value)), f".{decimals}f")
    negative = text.startswith("-")
    text = text.lstrip("-")
    whole, _, frac = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ".".join(groups) + ("," + frac if frac else "")
    return ("-" if negative and out.strip("0.,") else "") + out


def format_money(dong: int) -> str:
    """Whole đồng: ``1234000`` → ``"1.234.000 đ"``."""
    return f"{format_number(int(dong))} đ"


def format_million(dong: int, decimals: int = 3) -> str:
    """Đồng shown in triệu đồng, as proposals do: ``12_500_000`` → ``"12,5"``."""
    value = (Decimal(int(dong)) / Decimal(1_000_000)).quantize(Decimal(10) ** -decimals)
    return format_number(value.normalize())


def parse_number(text: str | int | float | Decimal | None) -> Decimal | None:
    """Read a number as people type it; ``None`` for empty.

    ``"1.250"`` → 1250, ``"1.250,5"`` → 1250.5, ``"1,250.5"`` → 1250.5, ``"1 250"`` → 1250,
    ``"12,5"`` → 12.5, ``"12.5"`` → 12.5. When both separators appear the last one is the decimal
    mark; a lone separator followed by exactly three digits groups thousands. Raises ``ValueError``
    for text that is not a number.
    """
    if text is None:
        return None
    if isinstance(text, bool):
        raise ValueError("not a number")
    if isinstance(text, int | Decimal):
        return Decimal(text)
    if isinstance(text, float):
        return Decimal(str(text))
    raw = _SPACES.sub("", str(text)).strip()
    if not raw:
        return None
    sign = ""
    if raw[0] in "+-":
        sign, raw = ("-" if raw[0] == "-" else ""), raw[1:]
    if (
        not raw
        or not re.fullmatch(r"[0-9.,]+", raw)
        or (not raw[0].isdigit() and raw[0] not in ".,")
    ):
        raise ValueError(f"not a number: {text!r}")
    dots, commas = raw.count("."), raw.count(",")
    if dots and commas:
        decimal_mark = "." if raw.rfind(".") > raw.rfind(",") else ","
        thousands = "," if decimal_mark == "." else "."
        if raw.count(decimal_mark) > 1:
            raise ValueError(f"not a number: {text!r}")
        body = raw.replace(thousands, "").replace(decimal_mark, ".")
    elif dots or commas:
        mark = "." if dots else ","
        parts = raw.split(mark)
        if len(parts) > 2 or (len(parts[-1]) == 3 and parts[0] != "" and parts[0] != "0"):
            if not all(len(p) == 3 for p in parts[1:]) or not parts[0] or len(parts[0]) > 3:
                raise ValueError(f"not a number: {text!r}")
            body = "".join(parts)
        else:
            body = parts[0] + "." + parts[1]
    else:
        body = raw
    try:
        return Decimal(sign + body)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {text!r}") from exc


def parse_int(text: str | int | float | Decimal | None) -> int | None:
    """Like :func:`parse_number` but the value must be whole."""
    value = parse_number(text)
    if value is None:
        return None
    if value != value.to_integral_value():
        raise ValueError(f"not a whole number: {text!r}")
    return int(value)
