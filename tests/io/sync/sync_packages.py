"""Builders of good, damaged and hostile packages for the io/sync tests."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from kcdesk.io.sync import DeviceKeys, Manifest, PackageReader, PackageWriter, Party
from kcdesk.io.sync.canonical import canonical_bytes
from kcdesk.io.sync.safezip import MANIFEST, MANIFEST_SIG, trailer_text
from kcdesk.io.sync.writer import MANIFEST_DOMAIN, file_digest_message

SENDER = Party("thiet-bi-a", "Nguyễn Thị Hoà", "collaborator")
RECEIVER_ID = "so-cong-thuong"


def sample_records(n: int = 3) -> list[dict[str, Any]]:
    return [
        {
            "kind": "facility" if i % 3 == 0 else "survey",
            "uuid": f"00000000-0000-4000-8000-{i:012d}",
            "version": {SENDER.device_id: i + 1},
            "data": {"name": f"HTX chiếu cói Lật Dương {i}", "revenue": 1_234_500_000 + i},
        }
        for i in range(n)
    ]


def write_package(
    path: Path,
    sender_keys: DeviceKeys,
    receiver_keys: DeviceKeys | None = None,
    records: list[dict[str, Any]] | None = None,
    blobs: list[bytes] | None = None,
    kind: str = "changes",
) -> Manifest:
    receiver = Party(RECEIVER_ID, "Trung tâm Khuyến công", "province",
                     receiver_keys.public if receiver_keys else None)  # fmt: skip
    with PackageWriter(path, keys=sender_keys, sender=SENDER, kind=kind, receiver=receiver) as w:
        for record in sample_records() if records is None else records:
            w.add_record(record)
        for blob in blobs or []:
            w.add_blob(hashlib.sha256(blob).hexdigest(), blob)
        return w.finish(counters={SENDER.device_id: (1, 3)}, extra={"note": "thử"})


def read_all(
    path: Path, keys: DeviceKeys | None = None
) -> tuple[list[dict[str, Any]], list[bytes]]:
    """Open, verify and read everything, as an import does before writing."""
    with PackageReader(path) as reader:
        reader.verify(keys)
        records = list(reader.records(keys))
        blobs = [b.data for b in reader.blobs(keys)]
    return records, blobs


def members_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def craft_zip(
    path: Path,
    entries: list[tuple[str, bytes]],
    *,
    deflate: bool = False,
    comment: bytes | None = None,
) -> None:
    """A zip with exactly these entries (names unchecked) and a kcsync trailer."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
            zf.writestr(info, data)
        zf.comment = trailer_text() + bytes(64) if comment is None else comment
    path.write_bytes(buffer.getvalue())


def forge(
    path: Path,
    keys: DeviceKeys,
    manifest: dict[str, Any] | bytes,
    members: dict[str, bytes],
) -> None:
    """A package with correct signatures over whatever it holds: what a buggy or malicious but
    enrolled sender could make. Members are written in the given order, then the manifest."""
    raw = manifest if isinstance(manifest, bytes) else canonical_bytes(manifest)
    craft_zip(
        path,
        [*members.items(), (MANIFEST, raw), (MANIFEST_SIG, keys.sign(MANIFEST_DOMAIN + raw))],
    )
    resign_file(path, keys)


def resign_file(path: Path, keys: DeviceKeys) -> None:
    data = bytearray(path.read_bytes())
    digest = hashlib.sha256(bytes(data[:-64])).digest()
    data[-64:] = keys.sign(file_digest_message(digest))
    path.write_bytes(bytes(data))


def manifest_of(path: Path) -> dict[str, Any]:
    return json.loads(members_of(path)[MANIFEST])
