"""Keys of an installation: Ed25519 to sign, X25519 to receive encrypted packages.

Fingerprints are 24 decimal digits in groups of four, because they are read aloud over the phone
("một hai ba bốn…") by people comparing what two screens show; digits survive a bad line better
than letters. 24 digits carry about 80 bits: finding another key with the same fingerprint is out
of reach for anyone who might attack a provincial programme.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from kcdesk.domain.errors import KcError

_FP_DOMAIN = b"kcsync-fingerprint-v1\x00"
_SEAL_MAGIC = b"KCK1"
_SEAL_AAD = b"kcsync-private-keys-v1"
_PROOF_DOMAIN = b"kcsync-enrolment-proof-v1\x00"
KEY_BYTES = 32
SIGNATURE_BYTES = 64

_RAW = serialization.Encoding.Raw
_RAW_PUB = serialization.PublicFormat.Raw
_RAW_PRIV = serialization.PrivateFormat.Raw
_NO_ENC = serialization.NoEncryption()


def b64encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64decode(text: object, length: int | None = None) -> bytes:
    """Strict base64 (``ValueError`` on anything else, or on a wrong decoded length)."""
    if not isinstance(text, str):
        raise ValueError("base64 value is not a string")
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise ValueError("invalid base64") from exc
    if length is not None and len(data) != length:
        raise ValueError(f"expected {length} bytes, got {len(data)}")
    return data


def fingerprint(sign_key: bytes, box_key: bytes) -> str:
    """``"1234 5678 9012 3456 7890 1234"`` for a pair of public keys."""
    digest = hashlib.sha256(_FP_DOMAIN + sign_key + box_key).digest()
    digits = f"{int.from_bytes(digest[:16], 'big') % 10**24:024d}"
    return " ".join(digits[i : i + 4] for i in range(0, 24, 4))


@dataclass(frozen=True)
class PublicKeys:
    """The public half of an installation's keys, as raw 32-byte values."""

    sign: bytes
    box: bytes

    def __post_init__(self) -> None:
        if len(self.sign) != KEY_BYTES or len(self.box) != KEY_BYTES:
            raise ValueError("public keys are 32 bytes each")

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sign, self.box)

    def verify(self, signature: bytes, data: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.sign).verify(signature, data)
        except (InvalidSignature, ValueError):
            return False
        return True

    def box_key(self) -> X25519PublicKey:
        return X25519PublicKey.from_public_bytes(self.box)

    def to_json(self) -> dict[str, str]:
        return {"sign_key": b64encode(self.sign), "box_key": b64encode(self.box)}

    @classmethod
    def from_json(cls, data: object) -> PublicKeys:
        if not isinstance(data, dict):
            raise ValueError("public keys are not an object")
        return cls(
            b64decode(data.get("sign_key"), KEY_BYTES), b64decode(data.get("box_key"), KEY_BYTES)
        )


class DeviceKeys:
    """Private keys of this installation. Kept in memory only while a package is made or read."""

    def __init__(self, sign: Ed25519PrivateKey, box: X25519PrivateKey) -> None:
        self._sign = sign
        self._box = box
        self.public = PublicKeys(
            sign.public_key().public_bytes(_RAW, _RAW_PUB),
            box.public_key().public_bytes(_RAW, _RAW_PUB),
        )

    @classmethod
    def generate(cls) -> DeviceKeys:
        return cls(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())

    @property
    def fingerprint(self) -> str:
        return self.public.fingerprint

    def sign(self, data: bytes) -> bytes:
        return self._sign.sign(data)

    def exchange(self, peer: X25519PublicKey) -> bytes:
        return self._box.exchange(peer)

    def _raw(self) -> bytes:
        return self._sign.private_bytes(_RAW, _RAW_PRIV, _NO_ENC) + self._box.private_bytes(
            _RAW, _RAW_PRIV, _NO_ENC
        )

    def derived_key(self, purpose: bytes) -> bytes:
        """A 32-byte key for ``purpose``, derived (HKDF-SHA256) from the private keys: every
        computer holding these keys — a centre's staff computers after a key transfer — derives
        the same one, and nothing else can."""
        return HKDF(algorithm=SHA256(), length=32, salt=None, info=purpose).derive(self._raw())

    def seal(self, kek: bytes) -> bytes:
        """The private keys encrypted with a key-encryption key kept outside the database, so
        that a copied database file or backup alone does not give away this laptop's identity."""
        nonce = os.urandom(12)
        return _SEAL_MAGIC + nonce + ChaCha20Poly1305(kek).encrypt(nonce, self._raw(), _SEAL_AAD)

    @classmethod
    def unseal(cls, sealed: bytes, kek: bytes) -> DeviceKeys:
        if not sealed.startswith(_SEAL_MAGIC) or len(sealed) != 4 + 12 + 2 * KEY_BYTES + 16:
            raise KcError(
                "Khoá của máy này bị hỏng: cần thiết lập lại (nhận lại tệp thiết lập).",
                "This installation's keys are damaged: set it up again (take the set-up file).",
            )
        try:
            raw = ChaCha20Poly1305(kek).decrypt(sealed[4:16], sealed[16:], _SEAL_AAD)
        except InvalidTag as exc:
            raise KcError(
                "Không mở được khoá của máy này: cơ sở dữ liệu được chép từ máy khác hoặc "
                "khôi phục từ bản sao lưu. Hãy nhận lại tệp thiết lập từ Trung tâm.",
                "Cannot open this installation's keys: the database was copied from another "
                "computer or restored from a backup. Take the set-up file from the centre again.",
            ) from exc
        return cls(
            Ed25519PrivateKey.from_private_bytes(raw[:KEY_BYTES]),
            X25519PrivateKey.from_private_bytes(raw[KEY_BYTES:]),
        )


def enrolment_proof(secret: bytes, device_id: str, keys: PublicKeys) -> str:
    """Proof that whoever holds these keys also holds the set-up file's secret: lets the province
    pin a collaborator's first device without a phone call (the fingerprint check stays
    available for anyone who wants it)."""
    message = _PROOF_DOMAIN + device_id.encode("utf-8") + b"\x00" + keys.sign + keys.box
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def check_enrolment_proof(secret: bytes, device_id: str, keys: PublicKeys, proof: object) -> bool:
    if not isinstance(proof, str):
        return False
    return hmac.compare_digest(enrolment_proof(secret, device_id, keys), proof)
