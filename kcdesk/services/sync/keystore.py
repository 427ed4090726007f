"""This installation's sync keys and the key-encryption key (KEK) that protects them.

The private keys and the set-up secret are stored in the database sealed with a KEK that lives in
the per-user data folder (``keys/<id>.kek``), protected by Windows DPAPI where available (so only
this Windows account can read it) and by file permissions elsewhere. A database copied to another
computer, or a backup taken away, therefore does not carry the laptop's identity: that computer
makes new keys and enrols again; no data is lost.

A database on a server (PostgreSQL) is shared by several staff computers, never copied: it has one
identity, whichever computer opens it. A computer there that cannot open the installation's keys
is refused (:class:`KeysElsewhereError`) instead of making new ones, which collaborators would not
trust; the keys come to it in a key-transfer file (``key_transfer``).
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kcdesk.config import data_dir
from kcdesk.domain.errors import KcError
from kcdesk.io.sync import DeviceKeys, PublicKeys, fingerprint
from kcdesk.storage.models import Installation
from kcdesk.storage.models.sync import SyncKey

_MAGIC = b"KCKEK1\n"
_SECRET_AAD = b"kcsync-sealed-secret-v1"
# pg_advisory_xact_lock key ("kckeys"): two staff computers opening the sync page of a new server
# database at the same moment must not both make a key pair.
_KEYS_LOCK = 0x6B636B657973


class KeysElsewhereError(KcError):
    """The database is shared on a server and holds this installation's keys, but this computer
    cannot open them (they were made, or last brought, on another computer). Making new keys here
    would split the centre in two: packages encrypted to it could not be read here and receipts
    signed here would be refused by every collaborator. ``fingerprint``: the keys' fingerprint."""

    code = "keys_elsewhere"

    def __init__(self, fingerprint: str, role: str = "province") -> None:
        whose_vi = "của Trung tâm" if role == "province" else "của cơ sở dữ liệu này"
        whose_en = "the centre's" if role == "province" else "this database's"
        super().__init__(
            f"Máy tính này chưa có khoá đồng bộ {whose_vi} (vân tay {fingerprint}). Cơ sở dữ "
            "liệu dùng chung trên máy chủ, nhưng khoá chỉ mở được trên máy đã tạo ra nó; kcdesk "
            "không tạo khoá mới vì các cộng tác viên chỉ tin khoá này. Hãy mang khoá sang: trên "
            "máy đang đồng bộ được, chọn “Xuất khoá sang máy khác…” (kcdesk sync keys export "
            "--out TỆP); rồi ở máy này chọn “Nhận khoá từ máy khác…” (kcdesk sync keys import "
            "TỆP) và nhập mật khẩu đã đặt.",
            f"This computer does not have {whose_en} sync keys yet (fingerprint {fingerprint}). "
            "The database is shared on a server, but the keys open only on the computer that "
            "made them; kcdesk does not make new keys, because collaborators trust only these. "
            "Bring the keys over: on a computer that can sync, choose “Export keys to another "
            "computer…” (kcdesk sync keys export --out FILE); then on this one choose “Import "
            "keys from another computer…” (kcdesk sync keys import FILE) and type the "
            "passphrase.",
        )
        self.fingerprint = fingerprint
        self.role = role


def _kek_dir() -> Path:
    path = data_dir() / "keys"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _dpapi(data: bytes, protect: bool) -> bytes:  # pragma: no cover - Windows only
    import ctypes
    from ctypes import wintypes

    class Blob(ctypes.Structure):
        _fields_ = [("cbData", wintypes.DWORD), ("pbData", ctypes.POINTER(ctypes.c_char))]

    buffer = ctypes.create_string_buffer(data, len(data))
    blob_in = Blob(len(data), ctypes.cast(buffer, ctypes.POINTER(ctypes.c_char)))
    blob_out = Blob()
    crypt32 = ctypes.windll.crypt32  # type: ignore[attr-defined]
    call = crypt32.CryptProtectData if protect else crypt32.CryptUnprotectData
    ui_forbidden = 0x1
    if not call(
        ctypes.byref(blob_in), None, None, None, None, ui_forbidden, ctypes.byref(blob_out)
    ):
        raise OSError("DPAPI failed")
    try:
        return ctypes.string_at(blob_out.pbData, blob_out.cbData)
    finally:
        ctypes.windll.kernel32.LocalFree(blob_out.pbData)  # type: ignore[attr-defined]


def _write_kek(path: Path, kek: bytes) -> None:
    if sys.platform == "win32":
        try:
            body = b"dpapi\n" + _dpapi(kek, protect=True)
        except OSError:
            body = b"plain\n" + kek
    else:
        body = b"plain\n" + kek
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(_MAGIC + body)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _read_kek(path: Path) -> bytes | None:
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if not raw.startswith(_MAGIC):
        return None
    method, _, body = raw[len(_MAGIC) :].partition(b"\n")
    if method == b"plain" and len(body) == 32:
        return body
    if method == b"dpapi" and sys.platform == "win32":
        try:
            kek = _dpapi(body, protect=False)
        except OSError:
            return None
        return kek if len(kek) == 32 else None
    return None


def load_kek(kek_id: str) -> bytes | None:
    """The KEK of that id, or ``None`` when this computer/account does not have it."""
    if not kek_id.isalnum():
        return None
    return _read_kek(_kek_dir() / f"{kek_id}.kek")


def current_kek() -> tuple[str, bytes]:
    """The KEK new secrets are sealed with, created on first use."""
    folder = _kek_dir()
    for path in sorted(folder.glob("*.kek"), key=lambda p: p.stat().st_mtime, reverse=True):
        kek = _read_kek(path)
        if kek is not None:
            return path.stem, kek
    kek_id = secrets.token_hex(8)
    kek = secrets.token_bytes(32)
    _write_kek(folder / f"{kek_id}.kek", kek)
    return kek_id, kek


# ``kek_id`` of a secret sealed with a key derived from this installation's own private keys.
KEYS_SEALED = "keys"
_KEYS_PURPOSE = b"kcsync-sealed-secret-v2"


def seal_with_keys(keys: DeviceKeys, data: bytes) -> tuple[str, bytes]:
    """Seal a set-up secret so that whoever holds this installation's keys opens it: on a
    centre's shared server, the staff computer that imports a collaborator's first package need
    not be the one that made the set-up file."""
    nonce = os.urandom(12)
    box = ChaCha20Poly1305(keys.derived_key(_KEYS_PURPOSE))
    return KEYS_SEALED, nonce + box.encrypt(nonce, data, _SECRET_AAD)


def open_sealed(kek_id: str, sealed: bytes, keys: DeviceKeys | None) -> bytes | None:
    """A secret sealed by :func:`seal_with_keys` (with ``keys``) or, as older rows are, by this
    computer's KEK; ``None`` when it cannot be opened here."""
    if kek_id != KEYS_SEALED:
        return open_secret(kek_id, sealed)
    if keys is None or len(sealed) < 28:
        return None
    try:
        box = ChaCha20Poly1305(keys.derived_key(_KEYS_PURPOSE))
        return box.decrypt(sealed[:12], sealed[12:], _SECRET_AAD)
    except InvalidTag:
        return None


def open_secret(kek_id: str, sealed: bytes) -> bytes | None:
    """A secret sealed with this computer's KEK (set-up files made before secrets were sealed
    with the installation's keys)."""
    kek = load_kek(kek_id)
    if kek is None or len(sealed) < 28:
        return None
    try:
        return ChaCha20Poly1305(kek).decrypt(sealed[:12], sealed[12:], _SECRET_AAD)
    except InvalidTag:
        return None


def is_shared(session: Session) -> bool:
    """A database on a server, shared by computers (never copied): anything but SQLite."""
    return session.get_bind().dialect.name != "sqlite"


def _open(row: SyncKey) -> DeviceKeys | None:
    kek = load_kek(row.kek_id)
    if kek is None:
        return None
    try:
        keys = DeviceKeys.unseal(row.sealed_private, kek)
    except KcError:
        return None
    if keys.public.sign == row.sign_public and keys.public.box == row.box_public:
        return keys
    return None


def _refuse_if_kept_elsewhere(session: Session, rows: list[SyncKey], device_id: str) -> None:
    """On a shared database, keys of this installation that this computer cannot open are
    still its keys: refuse instead of letting the caller make others."""
    if not is_shared(session):
        return
    inst = session.execute(select(Installation).limit(1)).scalar_one_or_none()
    if inst is None:
        return
    device_id = device_id or inst.device_id
    for row in rows:
        if row.device_id == device_id:
            raise KeysElsewhereError(
                fingerprint(bytes(row.sign_public), bytes(row.box_public)), inst.role
            )


def load_keys(session: Session, device_id: str = "") -> DeviceKeys | None:
    """The newest key pair this computer can open, or ``None`` when there is none.

    Raises :class:`KeysElsewhereError` on a shared (server) database that holds keys of this
    installation (``device_id``, by default its current one) which this computer cannot open."""
    rows = list(session.execute(select(SyncKey).order_by(SyncKey.id.desc())).scalars())
    for row in rows:
        keys = _open(row)
        if keys is not None:
            return keys
    _refuse_if_kept_elsewhere(session, rows, device_id)
    return None


def ensure_keys(session: Session, device_id: str) -> DeviceKeys:
    """This installation's keys, made (and sealed) the first time or when the database file was
    moved to a computer that cannot open the old ones. On a shared server database that already
    holds them, a computer without them is refused (:class:`KeysElsewhereError`): never a second
    identity."""
    keys = load_keys(session, device_id)
    if keys is not None:
        return keys
    if session.get_bind().dialect.name == "postgresql":
        # Until the end of this transaction: a computer that waited here then sees the keys the
        # other one committed, and is refused rather than making a second pair.
        session.execute(select(func.pg_advisory_xact_lock(_KEYS_LOCK)))
        keys = load_keys(session, device_id)
        if keys is not None:
            return keys
    keys = DeviceKeys.generate()
    store_keys(session, device_id, keys)
    return keys


def store_keys(session: Session, device_id: str, keys: DeviceKeys) -> SyncKey:
    """Seal ``keys`` with this computer's KEK and add them as the newest row (in use here)."""
    kek_id, kek = current_kek()
    row = SyncKey(
        device_id=device_id,
        sign_public=keys.public.sign,
        box_public=keys.public.box,
        fingerprint=keys.fingerprint,
        sealed_private=keys.seal(kek),
        kek_id=kek_id,
    )
    session.add(row)
    session.flush()
    return row


def public_keys(session: Session) -> PublicKeys | None:
    keys = load_keys(session)
    return None if keys is None else keys.public
