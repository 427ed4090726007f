"""Writing a package: records and attachments streamed into the zip, then the signed manifest.

The file is written next to its destination as ``*.part`` and renamed only when complete and
signed, so a full USB stick or a cancelled export never leaves a half package that looks whole.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import uuid
import zipfile
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

import kcdesk
from kcdesk.io.sync.keys import DeviceKeys
from kcdesk.io.sync.manifest import Manifest, Member, Party
from kcdesk.io.sync.safezip import (
    BLOBS,
    ENC_SUFFIX,
    MANIFEST,
    MANIFEST_SIG,
    RECORDS,
    SIGNATURE_BYTES,
    trailer_text,
)
from kcdesk.io.sync.stream import ChunkEncryptor, member_key

MANIFEST_DOMAIN = b"kcsync-manifest-v1\x00"
FILE_DOMAIN = b"kcsync-file-v1\x00"
# A fixed time in every header: packages carry no clock reading that anything could trust.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_COPY = 1024 * 1024
_BUFFER = 256 * 1024


def file_digest_message(digest: bytes) -> bytes:
    return FILE_DOMAIN + digest


class _MemberSink:
    """One payload member being written: hashes and counts what lands in the zip."""

    def __init__(self, zf: zipfile.ZipFile, name: str, key: bytes | None) -> None:
        info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
        info.compress_type = zipfile.ZIP_STORED if key else zipfile.ZIP_DEFLATED
        self.name = name
        self._handle: IO[bytes] = zf.open(info, "w", force_zip64=True)
        self._sha = hashlib.sha256()
        self.size = 0
        self.items = 0
        self._encryptor = ChunkEncryptor(key, self._handle, self._count) if key else None
        self._content_size = 0
        self._pending = bytearray()

    def _count(self, data: bytes) -> None:
        self._sha.update(data)
        self.size += len(data)

    def write(self, data: bytes) -> None:
        # Records arrive a few hundred bytes at a time; zipfile and zlib cost per call.
        self._pending += data
        if len(self._pending) >= _BUFFER:
            self._flush()

    def _flush(self) -> None:
        data = bytes(self._pending)
        self._pending.clear()
        if self._encryptor is not None:
            self._encryptor.write(data)
        else:
            self._handle.write(data)
            self._count(data)
            self._content_size += len(data)

    def discard(self) -> None:
        """Close the zip handle without finishing (the file is about to be deleted)."""
        self._pending.clear()
        self._handle.close()

    def close(self) -> Member:
        self._flush()
        if self._encryptor is not None:
            self._encryptor.close()
            self._content_size = self._encryptor.content_size
        self._handle.close()
        return Member(self.name, self.size, self._sha.hexdigest(), self._content_size, self.items)


class PackageWriter:
    """Write one package::

        with PackageWriter(path, keys=k, sender=me, kind="changes", receiver=province) as w:
            for record in records:
                w.add_record(record)  # a JSON object with a "kind"
            for sha, data in attachments:
                w.add_blob(sha, data)
            manifest = w.finish(counters={...}, extra={...})

    Records come first, then attachments (a zip has one member open at a time). When
    ``receiver`` carries public keys the payload is encrypted to them. Leaving the ``with``
    block without :meth:`finish` (an error, Cancel) removes the partial file.
    """

    def __init__(
        self,
        path: Path,
        *,
        keys: DeviceKeys,
        sender: Party,
        kind: str,
        receiver: Party | None = None,
        package_id: str | None = None,
        created_at: str = "",
    ) -> None:
        self.path = Path(path)
        self.package_id = package_id or str(uuid.uuid4())
        self._keys = keys
        self._sender = Party(sender.device_id, sender.person, sender.role, keys.public)
        self._receiver = receiver
        self._kind = kind
        self._created_at = created_at
        self._counts: Counter[str] = Counter()
        self._blob_hashes: set[str] = set()
        self._members: list[Member] = []
        self._ephemeral_pub: bytes | None = None
        self._shared: bytes | None = None
        if receiver is not None and receiver.keys is not None:
            ephemeral = X25519PrivateKey.generate()
            self._shared = ephemeral.exchange(receiver.keys.box_key())
            self._ephemeral_pub = ephemeral.public_key().public_bytes(
                serialization.Encoding.Raw, serialization.PublicFormat.Raw
            )
        self._tmp = self.path.with_name(self.path.name + ".part")
        self._file = open(self._tmp, "w+b")  # noqa: SIM115 - closed in finish/abort
        self._zip = zipfile.ZipFile(self._file, "w", zipfile.ZIP_DEFLATED, compresslevel=6)
        self._records: _MemberSink | None = self._open(RECORDS)
        self._blobs: _MemberSink | None = None
        self._done = False

    @property
    def encrypted(self) -> bool:
        return self._ephemeral_pub is not None

    @property
    def counts(self) -> dict[str, int]:
        return dict(self._counts)

    def _open(self, base: str) -> _MemberSink:
        if self._shared is None or self._ephemeral_pub is None or self._receiver is None:
            return _MemberSink(self._zip, base, None)
        name = base + ENC_SUFFIX
        assert self._receiver.keys is not None
        key = member_key(
            self._shared, self._ephemeral_pub, self._receiver.keys.box, self.package_id, name
        )
        return _MemberSink(self._zip, name, key)

    def add_record(self, record: Mapping[str, Any]) -> None:
        """Append one record (a JSON object whose ``"kind"`` names its type)."""
        if self._records is None:
            raise RuntimeError("records must be added before attachments")
        kind = record.get("kind")
        if not isinstance(kind, str):
            raise ValueError("a record needs a 'kind'")
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        self._records.write(line.encode("utf-8") + b"\n")
        self._records.items += 1
        self._counts[kind] += 1

    def add_line(self, kind: str, line: bytes) -> None:
        """Append a record already encoded as one line of JSON (an object with this ``kind``);
        for exporters that build lines faster than ``json.dumps`` of a decoded record."""
        if self._records is None:
            raise RuntimeError("records must be added before attachments")
        if b"\n" in line or not line.startswith(b"{"):
            raise ValueError("a record line is one JSON object without line breaks")
        self._records.write(line + b"\n")
        self._records.items += 1
        self._counts[kind] += 1

    def has_blob(self, sha256: str) -> bool:
        return sha256 in self._blob_hashes

    def add_blob(self, sha256: str, data: bytes) -> None:
        """Append one attachment by its SHA-256 (hex); each content goes in once."""
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ValueError(f"attachment content does not match its hash {sha256}")
        if sha256 in self._blob_hashes:
            return
        if self._records is not None:
            self._members.append(self._records.close())
            self._records = None
        if self._blobs is None:
            self._blobs = self._open(BLOBS)
        self._blobs.write(bytes.fromhex(sha256) + len(data).to_bytes(8, "big"))
        self._blobs.write(data)
        self._blobs.items += 1
        self._blob_hashes.add(sha256)

    def finish(
        self,
        counters: Mapping[str, tuple[int, int]] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> Manifest:
        """Close the payload, sign, and move the file into place. Returns the manifest."""
        try:
            if self._records is not None:
                self._members.append(self._records.close())
                self._records = None
            if self._blobs is not None:
                self._members.append(self._blobs.close())
                self._blobs = None
            manifest = Manifest(
                package_id=self.package_id,
                kind=self._kind,
                sender=self._sender,
                receiver=self._receiver,
                members=tuple(self._members),
                counters=dict(counters or {}),
                counts=dict(sorted(self._counts.items())),
                ephemeral_key=self._ephemeral_pub,
                created_at=self._created_at,
                app_version=kcdesk.__version__,
                extra=dict(extra or {}),
            )
            data = manifest.to_bytes()
            for name, content in (
                (MANIFEST, data),
                (MANIFEST_SIG, self._keys.sign(MANIFEST_DOMAIN + data)),
            ):
                info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
                info.compress_type = zipfile.ZIP_STORED
                self._zip.writestr(info, content)
            self._zip.comment = trailer_text() + bytes(SIGNATURE_BYTES)
            self._zip.close()
            self._sign_file()
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            os.replace(self._tmp, self.path)
            self._done = True
            return manifest
        except BaseException:
            self.abort()
            raise

    def _sign_file(self) -> None:
        f = self._file
        f.seek(0, os.SEEK_END)
        signed = f.tell() - SIGNATURE_BYTES
        f.seek(0)
        sha = hashlib.sha256()
        remaining = signed
        while remaining:
            chunk = f.read(min(_COPY, remaining))
            if not chunk:
                raise OSError("package file shorter than written")
            sha.update(chunk)
            remaining -= len(chunk)
        f.seek(signed)
        f.write(self._keys.sign(file_digest_message(sha.digest())))

    def abort(self) -> None:
        """Drop the partial file (after an error or Cancel)."""
        if self._done:
            return
        self._done = True
        closers = [s.discard for s in (self._records, self._blobs) if s is not None]
        for closer in (*closers, self._zip.close, self._file.close):
            with contextlib.suppress(Exception):  # best effort while already failing
                closer()
        self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> PackageWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self._done:
            self.abort()
