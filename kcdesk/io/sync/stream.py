"""Streaming authenticated encryption and bounded decompression of package members.

Encryption to the receiver: a fresh X25519 key pair per package; the shared secret goes through
HKDF-SHA256 (salt: both public keys; info: package id and member name) to one ChaCha20-Poly1305 key
per member. A member is cut into chunks of 64 KiB, each sealed on its own with the nonce
``counter (11 bytes, big-endian) || last-chunk flag (1 byte)`` — the STREAM construction of
Hoang, Reyhanitabar, Rogaway and Vizár, as used by age. Chunks cannot be reordered, dropped or cut
off without failing authentication, and neither side ever holds more than a chunk in memory.
The plaintext is zlib-compressed first: ciphertext does not compress.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from typing import IO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from kcdesk.io.sync.errors import PackageError, refuse
from kcdesk.io.sync.limits import Deadline

SCHEME = "x25519-hkdf-sha256-chacha20poly1305-stream64k"
CHUNK = 64 * 1024
TAG = 16
SEALED_CHUNK = CHUNK + TAG
_MAX_COUNTER = 2**88 - 1
_INFO = b"kcsync-v1-member\x00"
# Output of one inflate step: bounds the memory a single crafted chunk can claim.
_INFLATE_STEP = 256 * 1024


def member_key(
    shared_secret: bytes, ephemeral_pub: bytes, recipient_pub: bytes, package_id: str, member: str
) -> bytes:
    """The key of one member: bound to both public keys, the package and the member's name, so a
    member moved to another package or renamed does not decrypt."""
    info = _INFO + package_id.encode("ascii") + b"\x00" + member.encode("utf-8")
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral_pub + recipient_pub, info=info)
    return hkdf.derive(shared_secret)


def _nonce(counter: int, last: bool) -> bytes:
    if counter > _MAX_COUNTER:
        raise OverflowError("too many chunks")
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


class ChunkEncryptor:
    """Compress then encrypt everything written, into ``sink`` (a writable binary file)."""

    def __init__(self, key: bytes, sink: IO[bytes], on_output: Callable[[bytes], None]) -> None:
        self._aead = ChaCha20Poly1305(key)
        self._sink = sink
        self._on_output = on_output
        self._zlib = zlib.compressobj(6)
        self._buffer = bytearray()
        self._counter = 0
        self.content_size = 0

    def write(self, data: bytes) -> None:
        self.content_size += len(data)
        self._buffer += self._zlib.compress(data)
        # Keep at least one byte back: only at close is it known which chunk is the last.
        while len(self._buffer) > CHUNK:
            self._emit(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]

    def close(self) -> None:
        self._buffer += self._zlib.flush()
        while len(self._buffer) > CHUNK:
            self._emit(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        self._emit(bytes(self._buffer), last=True)
        self._buffer.clear()

    def _emit(self, plain: bytes, last: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._counter, last), plain, None)
        self._counter += 1
        self._sink.write(sealed)
        self._on_output(sealed)


def decrypt_chunks(
    key: bytes, read: Callable[[int], bytes], size: int, deadline: Deadline, member: str
) -> Iterator[bytes]:
    """Decrypt a member of ``size`` bytes read through ``read``; yields plaintext chunks.

    The number and sizes of chunks follow from ``size`` alone, so a cut-off member is known
    before the first byte is decrypted.
    """
    full, rest = divmod(size, SEALED_CHUNK)
    count = full + (1 if rest else 0)
    if count == 0 or (rest and rest < TAG):
        raise _truncated(member)
    aead = ChaCha20Poly1305(key)
    for index in range(count):
        deadline.check()
        last = index == count - 1
        want = rest if (last and rest) else SEALED_CHUNK
        sealed = _read_exact(read, want)
        if len(sealed) != want:
            raise _truncated(member)
        try:
            plain = aead.decrypt(_nonce(index, last), sealed, None)
        except InvalidTag as exc:
            if index == 0:
                raise refuse(
                    "decrypt_failed",
                    f"không giải mã được “{member}”: gói không được mã hoá cho máy này, hoặc đã "
                    "bị sửa đổi.",
                    f"cannot decrypt “{member}”: the package was not encrypted for this "
                    "computer, or it was altered.",
                ) from exc
            raise refuse(
                "tampered",
                f"phần “{member}” bị hỏng hoặc bị sửa đổi (khối {index + 1}).",
                f"member “{member}” is damaged or altered (chunk {index + 1}).",
            ) from exc
        if not plain and not (last and index == 0):
            raise _truncated(member)
        yield plain


def _read_exact(read: Callable[[int], bytes], size: int) -> bytes:
    parts = []
    remaining = size
    while remaining:
        data = read(remaining)
        if not data:
            break
        parts.append(data)
        remaining -= len(data)
    return b"".join(parts)


def _truncated(member: str) -> PackageError:
    return refuse(
        "truncated",
        f"phần “{member}” bị cắt cụt (tệp chép chưa hết?).",
        f"member “{member}” is truncated (incomplete copy?).",
    )


class BoundedInflater:
    """zlib decompression that refuses more output than ``limit`` or than ``ratio`` × input."""

    def __init__(self, limit: int, ratio: int, member: str) -> None:
        self._zlib = zlib.decompressobj()
        self._limit = limit
        self._ratio = ratio
        self._member = member
        self.consumed = 0
        self.produced = 0

    def feed(self, data: bytes) -> Iterator[bytes]:
        self.consumed += len(data)
        pending = data
        while pending:
            if self._zlib.eof:
                raise self._damaged()
            try:
                out = self._zlib.decompress(pending, _INFLATE_STEP)
            except zlib.error as exc:
                raise self._damaged() from exc
            pending = self._zlib.unconsumed_tail
            self._count(out)
            if out:
                yield out

    def finish(self) -> Iterator[bytes]:
        try:
            out = self._zlib.flush()
        except zlib.error as exc:
            raise self._damaged() from exc
        self._count(out)
        if out:
            yield out
        if not self._zlib.eof or self._zlib.unused_data:
            raise self._damaged()

    def _count(self, out: bytes) -> None:
        self.produced += len(out)
        if self.produced > self._limit:
            raise refuse(
                "too_big",
                f"phần “{self._member}” giải nén ra nhiều hơn giới hạn {self._limit:,} byte.",
                f"member “{self._member}” inflates beyond the limit of {self._limit:,} bytes.",
            )
        # Small outputs are allowed any ratio: a few KB of zeros are not a bomb.
        if self.produced > 1024 * 1024 and self.produced > self._ratio * max(self.consumed, 1):
            raise refuse(
                "ratio",
                f"phần “{self._member}” có tỉ lệ nén bất thường (bom zip?).",
                f"member “{self._member}” has an abnormal compression ratio (zip bomb?).",
            )

    def _damaged(self) -> PackageError:
        return refuse(
            "tampered",
            f"dữ liệu nén của “{self._member}” bị hỏng.",
            f"compressed data of “{self._member}” is damaged.",
        )
