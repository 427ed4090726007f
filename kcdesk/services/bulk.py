"""Settings for work on tens of thousands of records at once."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Python's cycle collector runs every 700 new container objects by default and each run walks
# every young object; a bulk job that keeps a thousand decoded records alive at a time (plus the
# ORM's objects) pays about a fifth of its time there. Collections still happen, just less often,
# and reference counting frees almost everything a job makes anyway.
_BULK_THRESHOLD = 50_000

_lock = threading.Lock()
_depth = 0
_saved: tuple[int, int, int] | None = None


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect cycles less often while the block runs (nested and concurrent use is safe: the
    first to enter raises the threshold, the last to leave restores it)."""
    global _depth, _saved
    with _lock:
        if _depth == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(max(_BULK_THRESHOLD, _saved[0]), _saved[1], _saved[2])
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _saved is not None:
                gc.set_threshold(*_saved)
                _saved = None
