"""The key-transfer file (``*.kckeys``): an installation's private keys under a passphrase.

A centre whose database is shared on a server has one sync identity, but its private keys are
sealed in the database with a key-encryption key that only the computer that made them holds.
This file carries them to another staff computer. See ``docs/sync-format.md`` ("Key-transfer
file"). Four lines of ASCII, each ending in ``\\n``::

    KCDESK-KEYS/001
    {"box_key":"…","centre_name":"…","cipher":{…},"device_id":"…","fingerprint":"…",…}
    <base64: ChaCha20-Poly1305 of the two 32-byte private keys>
    sha256:<hex SHA-256 of the three lines above>

The header (second line, canonical JSON) is in clear so that the importer can say whose keys these
are and check them against its database before asking for the passphrase; it is authenticated as
the cipher's associated data together with the first line. The key is scrypt(passphrase). The last
line only tells accidental damage (a flipped byte, a cut-off copy) apart from a wrong passphrase:
anyone can recompute it, the authentication tag is what protects the file.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import unicodedata
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from kcdesk.domain.errors import KcError
from kcdesk.io.sync.keys import KEY_BYTES, DeviceKeys, PublicKeys, b64decode, b64encode

MAGIC = b"KCDESK-KEYS/"
FORMAT_VERSION = 1
SUFFIX = ".kckeys"
MAX_FILE_BYTES = 16 * 1024
MIN_PASSPHRASE = 12
# scrypt cost: 2**17 × 8 × 128 bytes = 128 MiB and about half a second on an office PC. A file
# asking for more than MAX_SCRYPT_N is refused before any work (a hostile file cannot make the
# importer allocate gigabytes); less than MIN_SCRYPT_N is too weak to accept.
SCRYPT_N = 2**17
MIN_SCRYPT_N = 2**15
MAX_SCRYPT_N = 2**18
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
NONCE_BYTES = 12
_SEALED_BYTES = 2 * KEY_BYTES + 16
_HEADER_KEYS = {
    "format", "version", "device_id", "role", "person", "centre_name", "sign_key", "box_key",
    "fingerprint", "kdf", "cipher",
}  # fmt: skip
_TEXT_LIMIT = 300


class KeyFileError(KcError):
    """A key-transfer file that cannot be used (or a passphrase that cannot protect one).
    ``code`` is stable: empty, not_keyfile, truncated, damaged, newer_format, wrong_passphrase,
    weak_passphrase (and, from the service, other_installation). Raised before anything is
    written."""

    def __init__(self, code: str, message_vi: str, message_en: str) -> None:
        super().__init__(message_vi, message_en)
        self.code = code


def _refuse(code: str, vi: str, en: str) -> KeyFileError:
    return KeyFileError(code, f"Không dùng được tệp khoá: {vi}", f"Key file refused: {en}")


@dataclass(frozen=True)
class KeyFileHeader:
    """What the file says in clear: whose keys these are."""

    device_id: str
    role: str
    person: str
    centre_name: str
    keys: PublicKeys
    scrypt_n: int
    salt: bytes
    nonce: bytes

    @property
    def fingerprint(self) -> str:
        return self.keys.fingerprint

    @property
    def owner(self) -> str:
        """The centre's name, else the person's: for messages."""
        return self.centre_name or self.person


@dataclass(frozen=True)
class KeyFile:
    """A decoded file, not opened yet: :meth:`open` needs the passphrase."""

    header: KeyFileHeader
    associated: bytes  # the first two lines, authenticated with the private keys
    sealed: bytes

    def open(self, passphrase: str) -> DeviceKeys:
        """The private keys; :class:`KeyFileError` ``wrong_passphrase`` when it does not open."""
        key = _derive(passphrase, self.header.salt, self.header.scrypt_n)
        try:
            raw = ChaCha20Poly1305(key).decrypt(self.header.nonce, self.sealed, self.associated)
        except InvalidTag as exc:
            raise _refuse(
                "wrong_passphrase",
                "sai mật khẩu. Hãy nhập đúng mật khẩu đã đặt khi xuất tệp (phân biệt chữ hoa, "
                "chữ thường và dấu).",
                "wrong passphrase. Type the passphrase chosen when the file was exported (case "
                "and accents matter).",
            ) from exc
        keys = DeviceKeys(
            Ed25519PrivateKey.from_private_bytes(raw[:KEY_BYTES]),
            X25519PrivateKey.from_private_bytes(raw[KEY_BYTES:]),
        )
        if keys.public != self.header.keys:
            raise _damaged()
        return keys


def normalise_passphrase(passphrase: str) -> str:
    """NFC without surrounding white space: "Đồng" typed with precomposed letters on one computer
    and with combining accents on another is the same passphrase."""
    return unicodedata.normalize("NFC", passphrase).strip()


def check_passphrase(passphrase: str) -> None:
    if len(normalise_passphrase(passphrase)) < MIN_PASSPHRASE:
        raise KeyFileError(
            "weak_passphrase",
            f"Mật khẩu bảo vệ tệp khoá cần ít nhất {MIN_PASSPHRASE} ký tự (nên dùng một câu dễ "
            "nhớ, khó đoán).",
            f"The passphrase protecting the key file needs at least {MIN_PASSPHRASE} characters "
            "(a sentence that is easy to remember and hard to guess).",
        )


def _derive(passphrase: str, salt: bytes, n: int) -> bytes:
    secret = normalise_passphrase(passphrase).encode("utf-8")
    return Scrypt(salt=salt, length=32, n=n, r=SCRYPT_R, p=SCRYPT_P).derive(secret)


def _private_bytes(keys: DeviceKeys) -> bytes:
    # The raw private halves; ``DeviceKeys`` keeps them to this package (io.sync).
    return keys._raw()


def _canonical(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def encode(
    keys: DeviceKeys,
    passphrase: str,
    *,
    device_id: str,
    role: str = "",
    person: str = "",
    centre_name: str = "",
    scrypt_n: int = SCRYPT_N,
) -> bytes:
    """The bytes of a key-transfer file for ``keys``."""
    check_passphrase(passphrase)
    if not MIN_SCRYPT_N <= scrypt_n <= MAX_SCRYPT_N or scrypt_n & (scrypt_n - 1):
        raise ValueError("scrypt n must be a power of two within the accepted range")
    salt = os.urandom(SALT_BYTES)
    nonce = os.urandom(NONCE_BYTES)
    header = {
        "format": "kcdesk-keys",
        "version": FORMAT_VERSION,
        "device_id": device_id,
        "role": role,
        "person": unicodedata.normalize("NFC", person)[:_TEXT_LIMIT],
        "centre_name": unicodedata.normalize("NFC", centre_name)[:_TEXT_LIMIT],
        **keys.public.to_json(),
        "fingerprint": keys.fingerprint,
        "kdf": {"name": "scrypt", "n": scrypt_n, "r": SCRYPT_R, "p": SCRYPT_P,
                "salt": b64encode(salt)},
        "cipher": {"name": "chacha20poly1305", "nonce": b64encode(nonce)},
    }  # fmt: skip
    associated = MAGIC + f"{FORMAT_VERSION:03d}\n".encode("ascii") + _canonical(header) + b"\n"
    key = _derive(passphrase, salt, scrypt_n)
    sealed = ChaCha20Poly1305(key).encrypt(nonce, _private_bytes(keys), associated)
    body = associated + base64.b64encode(sealed) + b"\n"
    return body + b"sha256:" + hashlib.sha256(body).hexdigest().encode("ascii") + b"\n"


def _damaged() -> KeyFileError:
    return _refuse(
        "damaged",
        "tệp bị hỏng hoặc đã bị sửa (có byte bị thay đổi). Hãy xuất lại tệp khoá ở máy kia.",
        "the file is damaged or was altered (some bytes changed). Export the key file again on "
        "the other computer.",
    )


def _truncated() -> KeyFileError:
    return _refuse(
        "truncated",
        "tệp bị cắt cụt (chép chưa xong?). Hãy chép lại hoặc xuất lại tệp khoá ở máy kia.",
        "the file is cut off (an unfinished copy?). Copy it again or export the key file again "
        "on the other computer.",
    )


def decode(data: bytes) -> KeyFile:
    """Check a file's structure and read its header; nothing secret is touched. Raises
    :class:`KeyFileError`. The version is checked first, before anything a newer format may
    have changed."""
    if not data:
        raise _refuse("empty", "tệp trống (0 byte).", "the file is empty (0 bytes).")
    if len(data) > MAX_FILE_BYTES:
        raise _not_keyfile()
    if not data.startswith(MAGIC):
        if MAGIC.startswith(data):
            raise _truncated()
        raise _not_keyfile()
    first = data[len(MAGIC) : len(MAGIC) + 4]  # "001\n"
    if len(first) < 4:
        raise _truncated()
    if not (first[:3].isdigit() and first[3:] == b"\n"):
        raise _damaged()
    version = int(first[:3])
    if version > FORMAT_VERSION:
        raise _refuse(
            "newer_format",
            f"tệp được tạo bằng phiên bản kcdesk mới hơn (định dạng {version}). Hãy cập nhật "
            "ứng dụng kcdesk trên máy này rồi nhận lại.",
            f"the file was made by a newer version of kcdesk (format {version}). Update kcdesk "
            "on this computer, then import it again.",
        )
    if version != FORMAT_VERSION:
        raise _damaged()
    *lines, rest = data.split(b"\n")
    if len(lines) < 4:
        # A cut-off copy is a prefix of a whole file: the checksum line is missing or unfinished.
        if any(b"sha256:" in line for line in lines):
            raise _damaged()
        if len(lines) == 3:
            expected = b"sha256:" + _checksum(lines)
            if not expected.startswith(rest):
                raise _damaged()
        elif b"sha256:" in rest:
            raise _damaged()
        raise _truncated()
    if len(lines) > 4 or rest or not lines[3].startswith(b"sha256:"):
        raise _damaged()
    if lines[3][len(b"sha256:") :] != _checksum(lines[:3]):
        raise _damaged()
    header = _header(lines[1])
    try:
        sealed = base64.b64decode(lines[2], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise _damaged() from exc
    if len(sealed) != _SEALED_BYTES:
        raise _damaged()
    return KeyFile(header, lines[0] + b"\n" + lines[1] + b"\n", sealed)


def _checksum(lines: list[bytes]) -> bytes:
    return hashlib.sha256(b"".join(line + b"\n" for line in lines)).hexdigest().encode("ascii")


def _not_keyfile() -> KeyFileError:
    return _refuse(
        "not_keyfile",
        "đây không phải tệp khoá do kcdesk xuất ra (“Xuất khoá sang máy khác…”).",
        "this is not a key file exported by kcdesk (“Export keys to another computer…”).",
    )


def _header(line: bytes) -> KeyFileHeader:
    def constant(_name: str) -> Any:
        raise ValueError("not strict JSON")

    try:
        data = json.loads(line.decode("utf-8"), parse_constant=constant)
        if not isinstance(data, dict) or set(data) != _HEADER_KEYS or _canonical(data) != line:
            raise ValueError("unexpected header")
        if data["format"] != "kcdesk-keys" or data["version"] != FORMAT_VERSION:
            raise ValueError("format")
        kdf, cipher = data["kdf"], data["cipher"]
        if not (
            isinstance(kdf, dict)
            and set(kdf) == {"name", "n", "r", "p", "salt"}
            and kdf["name"] == "scrypt"
            and type(kdf["n"]) is int
            and MIN_SCRYPT_N <= kdf["n"] <= MAX_SCRYPT_N
            and kdf["n"] & (kdf["n"] - 1) == 0
            and kdf["r"] == SCRYPT_R
            and kdf["p"] == SCRYPT_P
        ):
            raise ValueError("kdf")
        if not (
            isinstance(cipher, dict)
            and set(cipher) == {"name", "nonce"}
            and cipher["name"] == "chacha20poly1305"
        ):
            raise ValueError("cipher")
        texts = [data[k] for k in ("device_id", "role", "person", "centre_name")]
        if not all(isinstance(t, str) and len(t) <= _TEXT_LIMIT for t in texts):
            raise ValueError("text")
        keys = PublicKeys.from_json(data)
        if data["fingerprint"] != keys.fingerprint:
            raise ValueError("fingerprint")
        return KeyFileHeader(
            device_id=data["device_id"],
            role=data["role"],
            person=data["person"],
            centre_name=data["centre_name"],
            keys=keys,
            scrypt_n=kdf["n"],
            salt=b64decode(kdf["salt"], SALT_BYTES),
            nonce=b64decode(cipher["nonce"], NONCE_BYTES),
        )
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise _damaged() from exc
