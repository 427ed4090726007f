"""Fixed limits for reading packages: bytes, entries, ratio and time.

Every package comes from outside (USB stick, e-mail) and may be damaged or hostile. Each limit is
checked before the work it bounds, so a refused package costs at most these bytes and seconds.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from kcdesk.io.sync.errors import refuse

KiB = 1024
MiB = 1024 * KiB
GiB = 1024 * MiB


@dataclass(frozen=True)
class Limits:
    # FAT32 USB sticks cannot hold a file of 4 GiB; nothing larger can have been carried on one.
    max_package_bytes: int = 4 * GiB - 1
    # A package has at most 6 members; a few more are tolerated only to name the stranger member.
    max_entries: int = 16
    max_central_directory_bytes: int = 64 * KiB
    max_manifest_bytes: int = 256 * KiB
    # Per member, after decompression (records of 20,000 surveys take about 50 MB).
    max_records_bytes: int = 2 * GiB
    max_blobs_bytes: int = 4 * GiB
    # Deflate cannot exceed about 1032:1; JSON lines of surveys compress 5-30:1.
    max_ratio: int = 200
    max_line_bytes: int = 16 * MiB
    max_records: int = 5_000_000
    max_blob_bytes: int = 256 * MiB
    max_blobs: int = 1_000_000
    max_seconds: float = 1800.0


DEFAULT_LIMITS = Limits()


class Deadline:
    """Wall-clock bound of one read: checked in every loop over package bytes."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise refuse(
                "timeout",
                f"đọc gói quá {self.seconds:g} giây (gói quá lớn hoặc bị làm hỏng có chủ ý).",
                f"reading took more than {self.seconds:g} s (package too large or crafted).",
            )
