"""What every benchmark module shares: the result record, timing, scratch folders."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Result:
    """One workload: kcdesk's time beside the raw limit's, and the target ratio.

    ``higher_is_better`` flips the comparison for throughput-style targets (e.g. "≥ 1/3 of plain
    reportlab" is written as a time ratio ≤ 3). ``absolute_s`` adds an absolute ceiling on
    kcdesk's time (e.g. "under 20 ms").
    """

    workload: str
    kcdesk_s: float
    limit_s: float
    target: float | None  # None: shown for information, no target
    absolute_s: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.kcdesk_s / self.limit_s if self.limit_s > 0 else float("inf")

    @property
    def met(self) -> bool:
        ok = self.target is None or self.ratio <= self.target
        if self.absolute_s is not None:
            ok = ok and self.kcdesk_s <= self.absolute_s
        return ok

    def to_json(self) -> dict[str, object]:
        return {
            "workload": self.workload,
            "kcdesk_s": round(self.kcdesk_s, 6),
            "limit_s": round(self.limit_s, 6),
            "ratio": round(self.ratio, 3),
            "target": self.target,
            "absolute_s": self.absolute_s,
            "met": self.met,
            "note": self.note,
        }


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    return min(timed(fn) for _ in range(repeat))


def median_of(samples: list[float]) -> float:
    return statistics.median(samples)


@contextmanager
def scratch(name: str) -> Iterator[Path]:
    """A temporary folder that also serves as KCDESK_HOME for the duration."""
    with tempfile.TemporaryDirectory(prefix=f"kcbench-{name}-") as tmp:
        old = os.environ.get("KCDESK_HOME")
        os.environ["KCDESK_HOME"] = tmp
        try:
            yield Path(tmp)
        finally:
            if old is None:
                os.environ.pop("KCDESK_HOME", None)
            else:
                os.environ["KCDESK_HOME"] = old
