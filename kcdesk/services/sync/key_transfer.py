"""Bringing the installation's sync keys to another computer on the same (server) database.

A centre whose database is on PostgreSQL is one installation used from several staff computers.
Its private keys are sealed with a key-encryption key that only the computer that made them holds
(``keystore``), so another computer has to be given them: ``export_keys`` writes them in a
key-transfer file under a passphrase the person chooses (``kcdesk.io.sync.keyfile``);
``import_keys`` on the other computer checks that they are this database's keys, opens them with
the passphrase and seals them with that computer's own KEK, in a new ``sync_key`` row.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kcdesk.domain.errors import KcError
from kcdesk.io.sync import keyfile
from kcdesk.io.sync.keyfile import KeyFile, KeyFileError
from kcdesk.services.context import Database
from kcdesk.services.files import read_chosen_file
from kcdesk.services.sync.export import check_out_path
from kcdesk.services.sync.keystore import (
    KeysElsewhereError,
    ensure_keys,
    load_keys,
    store_keys,
)
from kcdesk.services.sync.peers import installation
from kcdesk.services.sync.results import _Json
from kcdesk.storage.models.sync import SyncKey

SUFFIX = keyfile.SUFFIX
MIN_PASSPHRASE = keyfile.MIN_PASSPHRASE


@dataclass(frozen=True)
class KeyTransferResult(_Json):
    """What a key-transfer file holds, and what was done with it."""

    path: str
    status: str  # exported | checked (inspect) | imported | already_here
    fingerprint: str
    device_id: str
    owner: str  # the centre's name (or the person's)


def check_passphrase(passphrase: str) -> None:
    """Refuse (:class:`KeyFileError` ``weak_passphrase``) a passphrase shorter than
    :data:`MIN_PASSPHRASE` characters, before anything is asked twice or written."""
    keyfile.check_passphrase(passphrase)


def export_keys(
    db: Database, out: Path | str, passphrase: str, *, scrypt_n: int = keyfile.SCRYPT_N
) -> KeyTransferResult:
    """Write this installation's private keys to ``out`` under ``passphrase`` (at least
    :data:`MIN_PASSPHRASE` characters). Raises ``KeysElsewhereError`` on a computer that does
    not have them itself. ``scrypt_n`` is for tests; the default is the format's."""
    out = Path(out)
    keyfile.check_passphrase(passphrase)
    check_out_path(out)
    with db.unit_of_work(skip_stamp=True) as uow:
        inst = installation(uow.session)
        keys = ensure_keys(uow.session, inst.device_id)
        device_id, role = inst.device_id, inst.role
        person, centre = inst.person_name, inst.centre_name
    data = keyfile.encode(
        keys, passphrase, device_id=device_id, role=role, person=person, centre_name=centre,
        scrypt_n=scrypt_n,
    )  # fmt: skip
    _write_private(out, data)
    return KeyTransferResult(str(out), "exported", keys.fingerprint, device_id, centre or person)


def _write_private(path: Path, data: bytes) -> None:
    """Whole or not at all, readable by this account only where the system allows it."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
        fd = os.open(tmp, flags, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise KcError(
            f"Không ghi được tệp khoá “{path}”: {exc.strerror or exc}.",
            f"Cannot write the key file “{path}”: {exc.strerror or exc}.",
        ) from exc


def _read(path: Path) -> KeyFile:
    data = read_chosen_file(
        path, keyfile.MAX_FILE_BYTES + 1,
        "Tệp “{name}” quá lớn để là tệp khoá.", "“{name}” is too large to be a key file.",
    )  # fmt: skip
    return keyfile.decode(data)


def _matching_rows(session: Session, kf: KeyFile) -> tuple[str, list[SyncKey]]:
    """This installation's device id and its ``sync_key`` rows holding the file's keys; refused
    when there are none (the keys of another centre or installation)."""
    inst = installation(session)
    wanted = kf.header.keys
    rows = [
        row
        for row in session.execute(
            select(SyncKey).where(SyncKey.device_id == inst.device_id).order_by(SyncKey.id.desc())
        ).scalars()
        if bytes(row.sign_public) == wanted.sign and bytes(row.box_public) == wanted.box
    ]
    if not rows:
        owner = kf.header.owner or kf.header.device_id[:8]
        raise KeyFileError(
            "other_installation",
            f"Không dùng được tệp khoá: đây là khoá của {owner} (vân tay {kf.header.fingerprint}), "
            "không phải khoá của cơ sở dữ liệu này (thiết bị "
            f"{inst.device_id[:8]}). Khoá này thuộc về Trung tâm hoặc máy cài đặt khác; không có "
            "gì được ghi. Hãy xuất tệp khoá từ một máy dùng chính cơ sở dữ liệu này.",
            f"Key file refused: these are the keys of {owner} (fingerprint "
            f"{kf.header.fingerprint}), not this database's keys (device {inst.device_id[:8]}). "
            "They belong to another centre or installation; nothing was written. Export the key "
            "file on a computer that uses this very database.",
        )
    return inst.device_id, rows


def inspect_key_file(db: Database, path: Path | str) -> KeyTransferResult:
    """Whose keys a file holds, refused (:class:`KeyFileError`) when it is damaged, of a newer
    format or not this database's; the passphrase is not needed and nothing is written."""
    path = Path(path)
    kf = _read(path)
    with db.unit_of_work(skip_stamp=True) as uow:
        device_id, _rows = _matching_rows(uow.session, kf)
    return KeyTransferResult(str(path), "checked", kf.header.fingerprint, device_id,
                             kf.header.owner)  # fmt: skip


def import_keys(db: Database, path: Path | str, passphrase: str) -> KeyTransferResult:
    """Take the keys of a key-transfer file on this computer: checked to be this database's,
    opened with ``passphrase``, sealed with this computer's KEK. A wrong passphrase, a damaged,
    cut-off or newer file, or another installation's keys: :class:`KeyFileError`, nothing
    written. Keys this computer already opens: ``already_here``, nothing written."""
    path = Path(path)
    kf = _read(path)
    with db.unit_of_work(skip_stamp=True) as uow:
        _matching_rows(uow.session, kf)
    keys = kf.open(passphrase)  # scrypt: outside any transaction
    with db.unit_of_work(skip_stamp=True) as uow:
        session = uow.session
        device_id, _rows = _matching_rows(session, kf)
        try:
            here = load_keys(session, device_id)
        except KeysElsewhereError:  # what this import is for
            here = None
        status = "already_here"
        if here is None or here.public != keys.public:
            store_keys(session, device_id, keys)
            status = "imported"
    return KeyTransferResult(str(path), status, keys.fingerprint, device_id, kf.header.owner)
