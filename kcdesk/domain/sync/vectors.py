"""Version vectors: for each device, the highest counter of that device a version includes.

Why vectors and not time stamps: the clocks of field laptops are wrong by months or years, so the
only trustworthy order is "this version was made after seeing that one", which a vector records.
A vector is a plain ``dict[str, int]``; a missing device means counter 0. Vectors are never mutated
in place here: every function returns a new dict.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

VersionVector = dict[str, int]

# Device ids are short printable strings (UUIDs in practice); the bound keeps hostile input small.
MAX_DEVICE_ID_LENGTH = 64
MAX_VECTOR_ENTRIES = 256


class Order(StrEnum):
    """How two versions relate."""

    EQUAL = "equal"
    BEFORE = "before"  # the first was seen by the second: the second is newer
    AFTER = "after"  # the first includes everything of the second and more
    CONCURRENT = "concurrent"  # each has changes the other has not seen


def normalize(vector: Mapping[str, int]) -> VersionVector:
    """Drop zero entries so that equal vectors compare equal as dicts too."""
    return {device: counter for device, counter in vector.items() if counter > 0}


def compare(a: Mapping[str, int], b: Mapping[str, int]) -> Order:
    """Order of ``a`` relative to ``b``."""
    a_ahead = b_ahead = False
    for device in a.keys() | b.keys():
        ca, cb = a.get(device, 0), b.get(device, 0)
        if ca > cb:
            a_ahead = True
        elif cb > ca:
            b_ahead = True
        if a_ahead and b_ahead:
            return Order.CONCURRENT
    if a_ahead:
        return Order.AFTER
    if b_ahead:
        return Order.BEFORE
    return Order.EQUAL


def dominates(a: Mapping[str, int], b: Mapping[str, int]) -> bool:
    """``a`` has seen everything ``b`` has (``a ≥ b`` entry by entry; equal vectors dominate)."""
    return all(a.get(device, 0) >= counter for device, counter in b.items())


def concurrent(a: Mapping[str, int], b: Mapping[str, int]) -> bool:
    """Neither has seen all of the other: the two were changed independently."""
    return compare(a, b) is Order.CONCURRENT


def merge(*vectors: Mapping[str, int]) -> VersionVector:
    """The least vector that dominates all of ``vectors`` (entry-wise maximum)."""
    out: VersionVector = {}
    for vector in vectors:
        for device, counter in vector.items():
            if counter > out.get(device, 0):
                out[device] = counter
    return out


def advance(vector: Mapping[str, int], device: str, counter: int) -> VersionVector:
    """``vector`` stamped with a new change by ``device`` at ``counter``."""
    if counter <= vector.get(device, 0):
        raise ValueError(f"counter {counter} of {device} does not advance {vector.get(device, 0)}")
    out = dict(vector)
    out[device] = counter
    return out


def parse_vector(value: object) -> VersionVector:
    """Check a vector that came from outside (a package, a JSON column) and return it normalised.

    Raises :class:`ValueError` (with an English reason for logs; callers wrap it in a
    Vietnamese message) when it is not a mapping of short device ids to non-negative integers.
    """
    if not isinstance(value, Mapping):
        raise ValueError("version vector is not an object")
    if len(value) > MAX_VECTOR_ENTRIES:
        raise ValueError(f"version vector has more than {MAX_VECTOR_ENTRIES} devices")
    out: VersionVector = {}
    for device, counter in value.items():
        if not isinstance(device, str) or not device or len(device) > MAX_DEVICE_ID_LENGTH:
            raise ValueError(f"bad device id in version vector: {device!r}")
        if not device.isprintable():
            raise ValueError("device id in version vector has control characters")
        # bool is an int subclass: refuse it so that ``true`` never reads as counter 1.
        if not isinstance(counter, int) or isinstance(counter, bool) or counter < 0:
            raise ValueError(f"bad counter for {device}: {counter!r}")
        if counter:
            out[device] = counter
    return out


def vector_key(vector: Mapping[str, int]) -> tuple[tuple[str, int], ...]:
    """A hashable, canonical form of a vector (sorted entries, zeros dropped)."""
    return tuple(sorted(normalize(vector).items()))
