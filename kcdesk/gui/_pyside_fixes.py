"""Work around a reference-count bug of PySide6 6.12.0 on Python 3.11.

``SignalInstance.emit()`` there returns ``True`` without taking a reference, so every emit
takes one reference away from ``True``; after a few thousand emits the interpreter aborts
("bool_dealloc: deallocating True or False"). Python 3.12 made ``True`` immortal, which hides
the bug. The remedy does the same by hand: when the bug is detected, ``True``, ``False`` and
``None`` receive a reserve of references so large that no session can use it up (their memory
is static; nothing else depends on the count). Nothing is changed where the bug is absent.
"""

from __future__ import annotations

import ctypes
import sys

_RESERVE = 1 << 48  # 2.8e14 emits


def _emit_steals_true() -> bool:
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(10):
        probe.ping.emit()
    return sys.getrefcount(True) < before - 5


def apply() -> bool:
    """Returns True when the reserve was added (the bug is present)."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not _emit_steals_true():
        return False
    for obj in (True, False, None):
        ctypes.c_ssize_t.from_address(id(obj)).value += _RESERVE
    return True


APPLIED = apply()
