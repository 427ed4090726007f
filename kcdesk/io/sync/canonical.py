"""Canonical JSON: the exact bytes that are signed, and a strict parser for bytes from outside.

Canonical form: UTF-8, keys sorted, no spaces, no NaN/Infinity, strings in NFC. The reader refuses
any manifest that is not byte-for-byte in this form, so one manifest has exactly one encoding and
nothing can hide in white space or duplicate keys.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {_nfc(k): _nfc(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_nfc(v) for v in value]
    return value


def canonical_bytes(value: Any) -> bytes:
    """The canonical encoding of a JSON value (floats are refused: money and counters are ints)."""
    _refuse_floats(value)
    text = json.dumps(
        _nfc(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    )
    return text.encode("utf-8")


def _refuse_floats(value: Any) -> None:
    if isinstance(value, float):
        raise ValueError("floats are not allowed in canonical JSON")
    if isinstance(value, dict):
        for v in value.values():
            _refuse_floats(v)
    elif isinstance(value, list | tuple):
        for v in value:
            _refuse_floats(v)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def strict_loads(data: bytes) -> Any:
    """Parse UTF-8 JSON refusing duplicate keys, NaN/Infinity and invalid UTF-8.

    Raises :class:`ValueError` (``UnicodeDecodeError`` and ``JSONDecodeError`` are subclasses;
    ``RecursionError`` from absurd nesting is turned into one too).
    """
    text = data.decode("utf-8")
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except RecursionError as exc:
        raise ValueError("JSON nested too deeply") from exc


def parse_canonical(data: bytes) -> Any:
    """Parse ``data`` and check that it is in canonical form."""
    value = strict_loads(data)
    if canonical_bytes(value) != data:
        raise ValueError("JSON is not in canonical form")
    return value
