"""Reading a package: every check before the caller may write anything.

Order of checks (each one bounds the cost of the next): file size → end record and trailer
(format version, entry count, directory size) → every entry (names, flags, sizes, ratio, layout)
→ manifest (bounded read, strict JSON, format version, canonical bytes, schema) → the manifest
signature and the whole-file signature, both with the sender key named in the manifest → member
list and sizes against the manifest. :meth:`PackageReader.verify` then streams every member
(SHA-256, decryption, decompression, record framing, counts) without keeping it in memory. Whether
the sender key is *trusted* is for the caller to decide (it knows the enrolled devices).
"""

from __future__ import annotations

import hashlib
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import orjson
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from kcdesk.io.sync.canonical import canonical_bytes, strict_loads
from kcdesk.io.sync.errors import PackageError, refuse
from kcdesk.io.sync.keys import SIGNATURE_BYTES, DeviceKeys, PublicKeys
from kcdesk.io.sync.limits import DEFAULT_LIMITS, Deadline, Limits
from kcdesk.io.sync.manifest import FORMAT_NAME, Manifest, Member
from kcdesk.io.sync.safezip import (
    BLOBS,
    FORMAT_VERSION,
    MANIFEST,
    MANIFEST_SIG,
    RECORDS,
    check_entries,
    newer_format,
    read_layout,
)
from kcdesk.io.sync.stream import BoundedInflater, decrypt_chunks, member_key
from kcdesk.io.sync.writer import MANIFEST_DOMAIN, file_digest_message

_READ = 256 * 1024
_BLOB_HEADER = 40

Progress = Callable[[int, int], None]
# A faster decoder for some record lines: (kind, record) for a line it takes, else None.
Skim = Callable[[bytes], tuple[str, Any] | None]


@dataclass(frozen=True)
class Blob:
    sha256: str
    data: bytes


def _bad_manifest(detail: str) -> PackageError:
    return refuse(
        "bad_manifest",
        f"bản kê khai (manifest) không hợp lệ: {detail}.",
        f"the manifest is not valid: {detail}.",
    )


def _tampered(what_vi: str, what_en: str) -> PackageError:
    return refuse(
        "tampered",
        f"{what_vi} đã bị sửa đổi hoặc bị hỏng sau khi ký. Hãy xin người gửi gửi lại.",
        f"{what_en} was altered or damaged after signing. Ask the sender to send it again.",
    )


class PackageReader:
    """An opened, structurally checked and signature-checked package. Use as a context manager."""

    def __init__(self, path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
        self.path = Path(path)
        self.limits = limits
        self.deadline = Deadline(limits.max_seconds)
        try:
            self._file = open(self.path, "rb")  # noqa: SIM115 - closed in close()
        except FileNotFoundError as exc:
            raise refuse(
                "missing", f"không tìm thấy tệp {path}.", f"file {path} not found."
            ) from exc
        except OSError as exc:
            raise refuse(
                "unreadable", f"không đọc được tệp {path} ({exc}).", f"cannot read {path} ({exc})."
            ) from exc
        try:
            self._open()
        except BaseException:
            self.close()
            raise

    def _open(self) -> None:
        f = self._file
        f.seek(0, 2)
        size = f.tell()
        self.size = size
        layout = read_layout(f, size, self.limits)
        try:
            self._zip = zipfile.ZipFile(f)
        except Exception as exc:  # zipfile parses hostile bytes: any failure means damage
            raise refuse("damaged", f"tệp zip bị hỏng ({exc}).", f"damaged zip ({exc}).") from exc
        check_entries(self._zip, layout, f, self.limits)
        names = {info.orig_filename for info in self._zip.infolist()}
        if MANIFEST not in names or MANIFEST_SIG not in names:
            raise _bad_manifest("thiếu manifest.json hoặc manifest.sig")
        raw = self._read_small(MANIFEST)
        signature = self._read_small(MANIFEST_SIG)
        try:
            parsed = strict_loads(raw)
        except ValueError as exc:
            raise _bad_manifest(f"không đọc được JSON ({exc})") from exc
        if not isinstance(parsed, dict) or parsed.get("format") != FORMAT_NAME:
            raise _bad_manifest("không phải manifest kcsync")
        version = parsed.get("format_version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise _bad_manifest("thiếu số phiên bản định dạng")
        if version > FORMAT_VERSION:
            raise newer_format(version)
        if version != FORMAT_VERSION:
            raise _bad_manifest(f"phiên bản định dạng {version} không được hỗ trợ")
        try:
            if canonical_bytes(parsed) != raw:
                raise ValueError("not in canonical form")
            manifest = Manifest.from_json(parsed)
        except ValueError as exc:
            raise _bad_manifest(str(exc)) from exc
        sender_keys = manifest.sender.keys
        assert sender_keys is not None  # from_json requires them
        if len(signature) != SIGNATURE_BYTES or not sender_keys.verify(
            signature, MANIFEST_DOMAIN + raw
        ):
            raise refuse(
                "bad_signature",
                "chữ ký của bản kê khai không đúng: gói đã bị sửa đổi hoặc bị hỏng.",
                "the manifest signature is wrong: the package was altered or damaged.",
            )
        self._check_file_signature(layout.signed_length, layout.signature, sender_keys)
        listed = {m.name: m for m in manifest.members}
        payload = names - {MANIFEST, MANIFEST_SIG}
        if payload != set(listed):
            raise _tampered("Danh sách thành phần của gói", "The package's member list")
        for info in self._zip.infolist():
            member = listed.get(info.orig_filename)
            if member is not None and info.file_size != member.size:
                raise _tampered(f"Thành phần “{member.name}”", f"Member “{member.name}”")
        self.manifest = manifest
        self.manifest_bytes = raw
        self.sender_keys = sender_keys

    def _read_small(self, name: str) -> bytes:
        try:
            with self._zip.open(name) as handle:
                data = handle.read(self.limits.max_manifest_bytes + 1)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
            raise _tampered(f"Thành phần “{name}”", f"Member “{name}”") from exc
        if len(data) > self.limits.max_manifest_bytes:
            raise _bad_manifest(f"{name} quá lớn")
        return data

    def _check_file_signature(self, signed: int, signature: bytes, keys: PublicKeys) -> None:
        f = self._file
        f.seek(0)
        sha = hashlib.sha256()
        remaining = signed
        while remaining:
            self.deadline.check()
            chunk = f.read(min(_READ * 4, remaining))
            if not chunk:
                raise refuse("truncated", "tệp bị cắt cụt.", "the file is truncated.")
            sha.update(chunk)
            remaining -= len(chunk)
        if not keys.verify(signature, file_digest_message(sha.digest())):
            raise _tampered("Tệp gói", "The package file")

    # --- members ----------------------------------------------------------------------------

    def check_receiver(self, keys: DeviceKeys | None) -> None:
        """Refuse an encrypted package that is not addressed to ``keys``."""
        if not self.manifest.encrypted:
            return
        receiver = self.manifest.receiver
        assert receiver is not None and receiver.keys is not None
        if keys is None or keys.public.box != receiver.keys.box:
            raise refuse(
                "wrong_receiver",
                f"gói được mã hoá cho máy khác (mã máy {receiver.device_id}, vân tay "
                f"{receiver.keys.fingerprint}); máy này không mở được.",
                f"the package is encrypted for another computer (device {receiver.device_id}, "
                f"fingerprint {receiver.keys.fingerprint}); this one cannot open it.",
            )

    def _member_bytes(self, member: Member) -> Iterator[bytes]:
        """The member's bytes as stored, checked against the manifest's size and SHA-256."""
        sha = hashlib.sha256()
        total = 0
        try:
            with self._zip.open(member.name) as handle:
                while True:
                    self.deadline.check()
                    chunk = handle.read(_READ)
                    if not chunk:
                        break
                    total += len(chunk)
                    if total > member.size:
                        raise _tampered(f"Thành phần “{member.name}”", f"Member “{member.name}”")
                    sha.update(chunk)
                    yield chunk
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
            raise _tampered(f"Thành phần “{member.name}”", f"Member “{member.name}”") from exc
        if total != member.size or sha.hexdigest() != member.sha256:
            raise _tampered(f"Thành phần “{member.name}”", f"Member “{member.name}”")

    def _content(self, member: Member, keys: DeviceKeys | None, limit: int) -> Iterator[bytes]:
        """The member's content: decrypted and inflated when encrypted, bounded by ``limit``."""
        if member.content_size > limit:
            raise refuse(
                "too_big",
                f"“{member.name}” khai báo {member.content_size:,} byte, vượt giới hạn {limit:,}.",
                f"“{member.name}” declares {member.content_size:,} bytes, over the limit "
                f"{limit:,}.",
            )
        produced = 0
        if not member.encrypted:
            for chunk in self._member_bytes(member):
                produced += len(chunk)
                yield chunk
        else:
            self.check_receiver(keys)
            assert keys is not None and self.manifest.ephemeral_key is not None
            ephemeral = self.manifest.ephemeral_key
            shared = keys.exchange(X25519PublicKey.from_public_bytes(ephemeral))
            key = member_key(
                shared, ephemeral, keys.public.box, self.manifest.package_id, member.name
            )
            stream = self._member_bytes(member)
            buffer = bytearray()

            def read(n: int) -> bytes:
                while len(buffer) < n:
                    chunk = next(stream, b"")
                    if not chunk:
                        break
                    buffer.extend(chunk)
                out = bytes(buffer[:n])
                del buffer[:n]
                return out

            inflater = BoundedInflater(min(limit, member.content_size), self.limits.max_ratio,
                                       member.name)  # fmt: skip
            for plain in decrypt_chunks(key, read, member.size, self.deadline, member.name):
                for out in inflater.feed(plain):
                    produced += len(out)
                    yield out
            for out in inflater.finish():
                produced += len(out)
                yield out
            # Drain: the hash check of the stored bytes runs when the stream is exhausted.
            for _ in stream:
                raise _tampered(f"Thành phần “{member.name}”", f"Member “{member.name}”")
        if produced != member.content_size:
            raise _tampered(f"Thành phần “{member.name}”", f"Member “{member.name}”")

    def records(self, keys: DeviceKeys | None = None) -> Iterator[dict[str, Any]]:
        """Every record of the package, one JSON object at a time."""
        for _line, record in self.record_lines(keys):
            yield record

    def record_lines(
        self, keys: DeviceKeys | None = None, skim: Skim | None = None
    ) -> Iterator[tuple[bytes, Any]]:
        """Every record of the package: the line's bytes (JSON, no newline) and its object.

        ``skim``: a faster decoder of some lines, giving (kind, record) for a line it takes
        and ``None`` for the others, which are decoded here as JSON objects."""
        member = self.manifest.member(RECORDS)
        if member is None:
            if self.manifest.counts:
                raise _tampered("Danh sách bản ghi", "The record list")
            return
        counts: Counter[str] = Counter()
        n = 0
        pending = bytearray()
        max_line = self.limits.max_line_bytes
        for chunk in self._content(member, keys, self.limits.max_records_bytes):
            pending += chunk
            start = 0
            while True:
                end = pending.find(b"\n", start)
                if end < 0:
                    break
                line = bytes(pending[start:end])
                skimmed = skim(line) if skim is not None else None
                if skimmed is None:
                    record: Any = self._record(line, n + 1)
                    kind = record["kind"]
                else:
                    kind, record = skimmed
                n += 1
                if n > self.limits.max_records:
                    raise refuse("too_big", "quá nhiều bản ghi.", "too many records.")
                counts[kind] += 1
                yield line, record
                start = end + 1
            del pending[:start]
            if len(pending) > max_line:
                raise refuse(
                    "bad_record",
                    f"bản ghi số {n + 1} dài quá {max_line:,} byte.",
                    f"record {n + 1} is longer than {max_line:,} bytes.",
                )
        if pending:
            raise _tampered("Phần cuối danh sách bản ghi", "The end of the record list")
        if n != member.items or dict(counts) != self.manifest.counts:
            raise _tampered("Số bản ghi", "The record count")

    def _record(self, line: bytes, number: int) -> dict[str, Any]:
        try:
            # orjson: strict JSON (no NaN/Infinity), checks UTF-8, nesting at most 1,024 deep,
            # and decodes a survey's line about five times faster than the json module.
            value = orjson.loads(line)
        except (orjson.JSONDecodeError, RecursionError) as exc:
            raise refuse(
                "bad_record",
                f"bản ghi số {number} không phải JSON hợp lệ.",
                f"record {number} is not valid JSON.",
            ) from exc
        if not isinstance(value, dict) or not isinstance(value.get("kind"), str):
            raise refuse(
                "bad_record",
                f"bản ghi số {number} không có loại (kind).",
                f"record {number} has no kind.",
            )
        return value

    def blobs(self, keys: DeviceKeys | None = None) -> Iterator[Blob]:
        """Every attachment of the package, each checked against its SHA-256."""
        member = self.manifest.member(BLOBS)
        if member is None:
            return
        pending = bytearray()
        n = 0
        want: tuple[str, int] | None = None
        for chunk in self._content(member, keys, self.limits.max_blobs_bytes):
            pending += chunk
            while True:
                if want is None:
                    if len(pending) < _BLOB_HEADER:
                        break
                    sha = bytes(pending[:32]).hex()
                    size = int.from_bytes(pending[32:40], "big")
                    if size > self.limits.max_blob_bytes:
                        raise refuse(
                            "too_big",
                            f"tệp đính kèm {sha[:12]}… lớn {size:,} byte, vượt giới hạn.",
                            f"attachment {sha[:12]}… has {size:,} bytes, over the limit.",
                        )
                    del pending[:_BLOB_HEADER]
                    want = (sha, size)
                sha, size = want
                if len(pending) < size:
                    break
                data = bytes(pending[:size])
                del pending[:size]
                want = None
                if hashlib.sha256(data).hexdigest() != sha:
                    raise _tampered(f"Tệp đính kèm {sha[:12]}…", f"Attachment {sha[:12]}…")
                n += 1
                if n > self.limits.max_blobs:
                    raise refuse("too_big", "quá nhiều tệp đính kèm.", "too many attachments.")
                yield Blob(sha, data)
        if pending or want is not None or n != member.items:
            raise _tampered("Danh sách tệp đính kèm", "The attachment list")

    def verify(
        self, keys: DeviceKeys | None = None, progress: Progress | None = None, *,
        parse: bool = True,
    ) -> None:  # fmt: skip
        """Read everything once (hashes, decryption, decompression, framing, counts) and keep
        nothing: after this returns, reading the records or attachments again cannot fail
        except on a disk error. Without ``keys`` an encrypted payload is checked against its
        signed SHA-256 only (what ``sync inspect`` can do on any computer).

        ``parse=False`` checks the record lines' framing and number but does not decode the
        JSON: for a caller that reads every record again inside a transaction it can roll back
        (an import), decoding twice would only cost time; the per-kind counts are then checked
        by that second reading."""
        if keys is not None:
            self.check_receiver(keys)
        total = sum(m.size for m in self.manifest.members) or 1
        done = 0
        for member in self.manifest.members:
            if member.encrypted and keys is None:
                continue
            if member.role == RECORDS:
                if parse:
                    for _ in self.records(keys):
                        pass
                else:
                    self._check_framing(member, keys)
            else:
                for _ in self.blobs(keys):
                    pass
            done += member.size
            if progress is not None:
                progress(done, total)
        if keys is None:
            for member in self.manifest.members:
                if member.encrypted:
                    for _ in self._member_bytes(member):
                        pass

    def _check_framing(self, member: Member, keys: DeviceKeys | None) -> None:
        lines = 0
        since_break = 0
        max_line = self.limits.max_line_bytes
        for chunk in self._content(member, keys, self.limits.max_records_bytes):
            start = 0
            while True:
                end = chunk.find(b"\n", start)
                if end < 0:
                    since_break += len(chunk) - start
                    break
                if since_break + end - start == 0:
                    raise refuse("bad_record", f"dòng trống sau bản ghi số {lines}.",
                                 f"empty line after record {lines}.")  # fmt: skip
                if since_break + end - start > max_line:
                    raise refuse(
                        "bad_record",
                        f"bản ghi số {lines + 1} dài quá {max_line:,} byte.",
                        f"record {lines + 1} is longer than {max_line:,} bytes.",
                    )
                lines += 1
                since_break = 0
                start = end + 1
            if since_break > max_line:
                raise refuse(
                    "bad_record",
                    f"bản ghi số {lines + 1} dài quá {max_line:,} byte.",
                    f"record {lines + 1} is longer than {max_line:,} bytes.",
                )
        if since_break or lines != member.items:
            raise _tampered("Danh sách bản ghi", "The record list")

    def close(self) -> None:
        zf = getattr(self, "_zip", None)
        if zf is not None:
            zf.close()
        self._file.close()

    def __enter__(self) -> PackageReader:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def open_package(path: Path, limits: Limits = DEFAULT_LIMITS) -> PackageReader:
    return PackageReader(path, limits)
