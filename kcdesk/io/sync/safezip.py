"""The zip container, read defensively: layout, entry names, sizes and ratio checked before use.

Python's ``zipfile`` trusts the central directory: it allocates one object per declared entry and
inflates whatever a member declares. So the end record is parsed here first (entry count, central
directory size, the kcsync trailer in the comment), and every entry is checked (name, flags,
method, declared sizes, ratio, and that entries are laid out back to back, which refuses
overlapping "non-recursive" zip bombs and hidden bytes) before a single member byte is inflated.
"""

from __future__ import annotations

import re
import struct
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from kcdesk.io.sync.errors import NewerFormatError, PackageError, refuse
from kcdesk.io.sync.limits import Limits

FORMAT_VERSION = 1
TRAILER_PREFIX = b"KCSYNC/"
SIGNATURE_BYTES = 64
# The zip comment: b"KCSYNC/001\n" then the Ed25519 signature of the whole file before it.
TRAILER_TEXT_BYTES = len(TRAILER_PREFIX) + 4

_EOCD = b"PK\x05\x06"
_EOCD_LEN = 22
_LOCATOR = b"PK\x06\x07"
_LOCATOR_LEN = 20
_EOCD64 = b"PK\x06\x06"
_EOCD64_LEN = 56
_LOCAL = b"PK\x03\x04"
_LOCAL_LEN = 30
_MAX_COMMENT = 0xFFFF

MANIFEST = "manifest.json"
MANIFEST_SIG = "manifest.sig"
RECORDS = "records.jsonl"
BLOBS = "blobs.bin"
ENC_SUFFIX = ".enc"
KNOWN_MEMBERS = frozenset(
    {MANIFEST, MANIFEST_SIG, RECORDS, BLOBS, RECORDS + ENC_SUFFIX, BLOBS + ENC_SUFFIX}
)
_DRIVE = re.compile(r"^[A-Za-z]:")
# Deflate speed bits and UTF-8 names; no data descriptors, patches or strong encryption.
_ALLOWED_FLAGS = 0x0006 | 0x0800


def trailer_text(version: int = FORMAT_VERSION) -> bytes:
    return TRAILER_PREFIX + b"%03d\n" % version


@dataclass(frozen=True)
class Layout:
    """Where things are in a checked package file."""

    size: int
    entries: int
    cd_offset: int
    cd_size: int
    signed_length: int  # bytes covered by the whole-file signature (all but the last 64)
    signature: bytes


def _not_package() -> PackageError:
    return refuse(
        "not_package",
        "tệp này không phải gói đồng bộ kcdesk (.kcsync).",
        "this file is not a kcdesk sync package (.kcsync).",
    )


def _truncated() -> PackageError:
    return refuse(
        "truncated",
        "tệp gói không đầy đủ: có thể bị cắt cụt khi chép hoặc tải về. Hãy chép lại tệp gốc.",
        "the package file is incomplete: probably cut off while copying or downloading. "
        "Copy the original file again.",
    )


def _damaged(detail_vi: str, detail_en: str) -> PackageError:
    return refuse("damaged", f"cấu trúc tệp bị hỏng ({detail_vi}).", f"damaged file ({detail_en}).")


def read_layout(f: BinaryIO, size: int, limits: Limits) -> Layout:
    """Check the file's outer structure from its end record, without trusting ``zipfile``."""
    if size == 0:
        raise refuse("empty", "tệp trống (0 byte).", "the file is empty (0 bytes).")
    if size > limits.max_package_bytes:
        raise refuse(
            "too_big",
            f"tệp lớn {size:,} byte, vượt giới hạn {limits.max_package_bytes:,} byte.",
            f"the file has {size:,} bytes, over the limit of {limits.max_package_bytes:,}.",
        )
    f.seek(0)
    head = f.read(_LOCAL_LEN)
    if not head.startswith(_LOCAL):
        raise _not_package()
    tail_len = min(size, _EOCD_LEN + _MAX_COMMENT)
    f.seek(size - tail_len)
    tail = f.read(tail_len)
    pos = tail.rfind(_EOCD)
    while pos >= 0:
        if len(tail) - pos >= _EOCD_LEN:
            (comment_len,) = struct.unpack("<H", tail[pos + 20 : pos + 22])
            if pos + _EOCD_LEN + comment_len == len(tail):
                break
        pos = tail.rfind(_EOCD, 0, pos)
    if pos < 0:
        # A zip whose end is missing: a kcsync file cut short if its first member is one of ours.
        name_len = struct.unpack("<H", head[26:28])[0] if len(head) == _LOCAL_LEN else 0
        f.seek(_LOCAL_LEN)
        first_name = f.read(min(name_len, 64))
        if first_name.decode("utf-8", "replace") in KNOWN_MEMBERS:
            raise _truncated()
        raise refuse(
            "truncated",
            "tệp zip không đầy đủ hoặc không phải gói kcdesk.",
            "an incomplete zip file, or not a kcdesk package.",
        )
    eocd_at = size - tail_len + pos
    comment = tail[pos + _EOCD_LEN :]
    if not comment.startswith(TRAILER_PREFIX):
        raise refuse(
            "not_package",
            "tệp zip này không phải gói đồng bộ kcdesk (.kcsync).",
            "this zip file is not a kcdesk sync package (.kcsync).",
        )
    version_text = comment[len(TRAILER_PREFIX) : TRAILER_TEXT_BYTES - 1]
    if not version_text.isdigit():
        raise _not_package()
    version = int(version_text)
    if version > FORMAT_VERSION:
        raise newer_format(version)
    if comment[:TRAILER_TEXT_BYTES] != trailer_text() or len(comment) != (
        TRAILER_TEXT_BYTES + SIGNATURE_BYTES
    ):
        raise _damaged("phần kết", "trailer")
    disk, cd_disk, n_here, n_total, cd_size, cd_offset = struct.unpack(
        "<HHHHII", tail[pos + 4 : pos + 20]
    )
    cd_end = eocd_at
    if (
        n_total == 0xFFFF
        or cd_size == 0xFFFFFFFF
        or cd_offset == 0xFFFFFFFF
        or (
            eocd_at >= _LOCATOR_LEN + _EOCD64_LEN
            and _peek(f, eocd_at - _LOCATOR_LEN, 4) == _LOCATOR
        )
    ):
        n_here, n_total, cd_size, cd_offset, cd_end = _zip64_end(f, eocd_at)
        disk = cd_disk = 0
    if disk != 0 or cd_disk != 0 or n_here != n_total:
        raise _damaged("nhiều đĩa", "multi-disk archive")
    if n_total > limits.max_entries:
        raise refuse(
            "too_many_entries",
            f"tệp khai báo {n_total:,} thành phần; gói hợp lệ có tối đa {limits.max_entries}.",
            f"the file declares {n_total:,} entries; a valid package has at most "
            f"{limits.max_entries}.",
        )
    if cd_size > limits.max_central_directory_bytes:
        raise refuse(
            "too_many_entries",
            f"mục lục zip lớn bất thường ({cd_size:,} byte).",
            f"the zip directory is abnormally large ({cd_size:,} bytes).",
        )
    if cd_offset + cd_size != cd_end:
        raise _damaged("vị trí mục lục", "directory offset")
    return Layout(size, n_total, cd_offset, cd_size, size - SIGNATURE_BYTES, comment[-64:])


def _peek(f: BinaryIO, offset: int, length: int) -> bytes:
    f.seek(offset)
    return f.read(length)


def _zip64_end(f: BinaryIO, eocd_at: int) -> tuple[int, int, int, int, int]:
    locator_at = eocd_at - _LOCATOR_LEN
    if locator_at < 0:
        raise _damaged("zip64", "zip64")
    locator = _peek(f, locator_at, _LOCATOR_LEN)
    if locator[:4] != _LOCATOR:
        raise _damaged("zip64", "zip64")
    disk, record_at, disks = struct.unpack("<IQI", locator[4:])
    if disk != 0 or disks != 1 or record_at != locator_at - _EOCD64_LEN:
        raise _damaged("zip64", "zip64")
    record = _peek(f, record_at, _EOCD64_LEN)
    if record[:4] != _EOCD64:
        raise _damaged("zip64", "zip64")
    (_sig, _rsize, _made, _need, disk_no, cd_disk, n_here, n_total, cd_size, cd_offset) = (
        struct.unpack("<4sQHHIIQQQQ", record)
    )
    if disk_no != 0 or cd_disk != 0:
        raise _damaged("nhiều đĩa", "multi-disk archive")
    return n_here, n_total, cd_size, cd_offset, record_at


def newer_format(version: int) -> NewerFormatError:
    return NewerFormatError(
        "newer_format",
        f"Gói này được tạo bằng phiên bản kcdesk mới hơn (định dạng {version}, máy này đọc được "
        f"đến định dạng {FORMAT_VERSION}). Hãy cập nhật ứng dụng kcdesk rồi nhập lại.",
        f"This package was made by a newer kcdesk (format {version}; this app reads up to "
        f"format {FORMAT_VERSION}). Update the app, then import it again.",
    )


def check_name(name: str) -> None:
    """Refuse names that could write outside a folder or mean different things on Windows."""
    shown = name.encode("unicode_escape").decode("ascii")[:80]

    def unsafe(why_vi: str, why_en: str) -> PackageError:
        return refuse(
            "unsafe_name",
            f"tên thành phần “{shown}” không an toàn ({why_vi}).",
            f"entry name “{shown}” is unsafe ({why_en}).",
        )

    if not name:
        raise unsafe("tên rỗng", "empty name")
    if any(not ch.isprintable() for ch in name):
        raise unsafe("có ký tự điều khiển", "control characters")
    if name.startswith(("\\\\", "//")):
        raise unsafe("đường dẫn mạng UNC", "UNC network path")
    if name.startswith(("/", "\\")):
        raise unsafe("đường dẫn tuyệt đối", "absolute path")
    if _DRIVE.match(name):
        raise unsafe("có tên ổ đĩa", "drive letter")
    if any(part in ("..", ".") for part in re.split(r"[\\/]", name)):
        raise unsafe("trỏ ra ngoài thư mục bằng “..”", "“..” path traversal")
    if "\\" in name or ":" in name:
        raise unsafe("ký tự \\ hoặc :", "backslash or colon")


def check_entries(zf: zipfile.ZipFile, layout: Layout, f: BinaryIO, limits: Limits) -> None:
    """Check every entry of the central directory before any member is read."""
    infos = zf.infolist()
    if len(infos) != layout.entries:
        raise _damaged("số thành phần", "entry count")
    seen: set[str] = set()
    for info in infos:
        check_name(info.orig_filename)
        key = unicodedata.normalize("NFC", info.orig_filename).casefold()
        if key in seen:
            raise refuse(
                "duplicate_name",
                f"tên thành phần “{info.orig_filename}” xuất hiện hai lần.",
                f"entry name “{info.orig_filename}” appears twice.",
            )
        seen.add(key)
    for info in infos:
        if info.orig_filename not in KNOWN_MEMBERS:
            raise refuse(
                "unknown_member",
                f"có thành phần lạ “{info.orig_filename}”.",
                f"unexpected entry “{info.orig_filename}”.",
            )
        if info.flag_bits & 0x1:
            raise _damaged("thành phần bị mã hoá kiểu zip", "zip-encrypted entry")
        if info.flag_bits & ~_ALLOWED_FLAGS:
            raise _damaged("cờ lạ trong mục lục", "unexpected flags")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _damaged("kiểu nén lạ", "unsupported compression")
        _check_sizes(info, limits)
    # Entries must follow one another exactly, the last ending where the directory begins.
    offset = 0
    for info in sorted(infos, key=lambda i: i.header_offset):
        if info.header_offset != offset:
            raise _damaged("thành phần chồng lấn hoặc có dữ liệu ẩn", "overlapping or hidden data")
        header = _peek(f, offset, _LOCAL_LEN)
        if len(header) != _LOCAL_LEN or header[:4] != _LOCAL:
            raise _damaged("phần đầu thành phần", "local header")
        name_len, extra_len = struct.unpack("<HH", header[26:30])
        offset += _LOCAL_LEN + name_len + extra_len + info.compress_size
    if offset != layout.cd_offset:
        raise _damaged("dữ liệu thừa trước mục lục", "extra data before the directory")


def limit_for(name: str, limits: Limits) -> int:
    if name in (MANIFEST, MANIFEST_SIG):
        return limits.max_manifest_bytes
    if name.startswith(RECORDS):
        return limits.max_records_bytes
    return limits.max_blobs_bytes


def _check_sizes(info: zipfile.ZipInfo, limits: Limits) -> None:
    name = info.orig_filename
    limit = limit_for(name, limits)
    if info.file_size > limit:
        raise refuse(
            "too_big",
            f"“{name}” khai báo {info.file_size:,} byte, vượt giới hạn {limit:,} byte (bom zip?).",
            f"“{name}” declares {info.file_size:,} bytes, over the limit of {limit:,} (zip bomb?).",
        )
    if info.compress_type == zipfile.ZIP_STORED and info.compress_size != info.file_size:
        raise _damaged("kích thước", "sizes")
    if (
        info.compress_type == zipfile.ZIP_DEFLATED
        and info.file_size > 1024 * 1024
        and info.file_size > limits.max_ratio * max(info.compress_size, 1)
    ):
        raise refuse(
            "ratio",
            f"“{name}” có tỉ lệ nén {info.file_size // max(info.compress_size, 1):,}:1 bất "
            "thường (bom zip?).",
            f"“{name}” has an abnormal compression ratio of "
            f"{info.file_size // max(info.compress_size, 1):,}:1 (zip bomb?).",
        )
