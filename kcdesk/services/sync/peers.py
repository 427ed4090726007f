"""Who this installation is in packages, and which senders it trusts.

A package is accepted only from a device whose keys are pinned here: enrolled with a set-up file
(its first package carries a proof made with the file's secret), a new device id of a pinned
installation (a restored or copied laptop keeps its keys when its key file came along), or a
device a person accepted explicitly after comparing fingerprints over the phone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kcdesk.domain.errors import KcError
from kcdesk.io.sync import (
    DeviceKeys,
    Manifest,
    PackageError,
    Party,
    PublicKeys,
    check_enrolment_proof,
    enrolment_proof,
)
from kcdesk.services.sync.keystore import load_keys, open_sealed
from kcdesk.storage.models import Installation
from kcdesk.storage.models.sync import SyncEnrolment, SyncPeer

_MAX_LINEAGE = 64


def installation(session: Session) -> Installation:
    inst = session.execute(select(Installation).limit(1)).scalar_one_or_none()
    if inst is None:
        raise KcError(
            "Máy này chưa được thiết lập. Hãy chạy trình thiết lập, hoặc nhận tệp thiết lập từ "
            "Trung tâm (kcdesk sync enrol TỆP).",
            "This installation is not set up yet. Run the set-up, or take the set-up file from "
            "the centre (kcdesk sync enrol FILE).",
        )
    return inst


def my_party(inst: Installation) -> Party:
    return Party(inst.device_id, inst.person_name, inst.role)


def lineage(inst: Installation) -> set[str]:
    """This installation's device id and every id it had before (restores, copies)."""
    return {inst.device_id, *(str(d) for d in inst.past_device_ids or [])}


def peer_keys(peer: SyncPeer) -> PublicKeys:
    return PublicKeys(bytes(peer.sign_public), bytes(peer.box_public))


def peer_party(peer: SyncPeer) -> Party:
    return Party(peer.device_id, peer.person_name, peer.role, peer_keys(peer))


def identity_extra(session: Session, inst: Installation, keys: DeviceKeys) -> dict[str, Any]:
    """What a package's manifest says about the sender beyond its keys: its past device ids, and
    the enrolment proof for as long as it has a set-up file."""
    extra: dict[str, Any] = {"past_device_ids": [str(d) for d in inst.past_device_ids or []]}
    taken = session.execute(
        select(SyncEnrolment).where(SyncEnrolment.side == "taken").order_by(SyncEnrolment.id.desc())
    ).scalars().first()  # fmt: skip
    if taken is not None:
        secret = open_sealed(taken.kek_id, taken.secret_sealed, keys)
        if secret is not None:
            extra["enrolment"] = {
                "uuid": taken.uuid,
                "proof": enrolment_proof(secret, inst.device_id, keys.public),
            }
    return extra


def _refused(code: str, vi: str, en: str) -> PackageError:
    return PackageError(code, f"Không nhận gói: {vi}", f"Package refused: {en}")


@dataclass
class Admission:
    """How a sender is known: an existing peer, or a new device to pin on import."""

    peer: SyncPeer | None
    new_peer: SyncPeer | None = None
    how: str = ""  # known | successor | enrolled | trusted


def admit_sender(
    session: Session, manifest: Manifest, *, trust_new_device: bool = False
) -> Admission:
    """Decide whether the sender may be believed; nothing is written (the new peer, if any, is
    returned unsaved). Raises :class:`PackageError` with a message a person can act on."""
    sender = manifest.sender
    keys = sender.keys
    assert keys is not None
    peer = session.execute(
        select(SyncPeer).where(SyncPeer.device_id == sender.device_id)
    ).scalar_one_or_none()
    if peer is not None:
        if peer.status != "active":
            raise _refused(
                "revoked",
                f"thiết bị của {peer.person_name or sender.person} đã bị thu hồi quyền gửi gói.",
                f"the device of {peer.person_name or sender.person} has been revoked.",
            )
        if peer_keys(peer) != keys:
            raise _refused(
                "key_mismatch",
                f"gói mang tên thiết bị của {peer.person_name} nhưng được ký bằng khoá khác "
                f"(vân tay {keys.fingerprint}, khoá đã đăng ký {peer.fingerprint}). Có thể là gói "
                "giả mạo; nếu máy đó đã được cài lại, hãy đăng ký lại thiết bị.",
                f"the package claims {peer.person_name}'s device but is signed with another key "
                f"(fingerprint {keys.fingerprint}, enrolled {peer.fingerprint}). It may be forged; "
                "if that computer was reinstalled, enrol the device again.",
            )
        return Admission(peer, how="known")
    past = manifest.extra.get("past_device_ids")
    past_ids = [str(d) for d in past[:_MAX_LINEAGE]] if isinstance(past, list) else []
    for old in session.execute(
        select(SyncPeer).where(SyncPeer.device_id.in_(past_ids), SyncPeer.status == "active")
    ).scalars():  # fmt: skip
        if peer_keys(old) == keys:
            return Admission(None, _new_peer(manifest, old, predecessor=old.device_id), "successor")
    enrolment = manifest.extra.get("enrolment")
    if isinstance(enrolment, dict):
        issued = session.execute(
            select(SyncEnrolment).where(
                SyncEnrolment.uuid == str(enrolment.get("uuid")), SyncEnrolment.side == "issued"
            )
        ).scalar_one_or_none()
        if issued is not None:
            secret = open_sealed(issued.kek_id, issued.secret_sealed, load_keys(session))
            if secret is not None and check_enrolment_proof(
                secret, sender.device_id, keys, enrolment.get("proof")
            ):
                new = _new_peer(manifest, None, predecessor="")
                new.person_name = issued.person_name
                new.phone = issued.phone
                new.province_code = issued.province_code
                new.commune_codes = list(issued.commune_codes or [])
                new.enrolment_uuid = issued.uuid
                previous = [str(d) for d in issued.devices or []]
                new.predecessor = previous[-1] if previous else ""
                return Admission(None, new, "enrolled")
    if trust_new_device:
        return Admission(None, _new_peer(manifest, None, predecessor=""), "trusted")
    raise _refused(
        "unknown_device",
        f"gói từ thiết bị chưa đăng ký của “{sender.person}” (mã máy {sender.device_id[:8]}, vân tay "
        f"{keys.fingerprint}). Hãy gọi điện cho người gửi để đối chiếu vân tay; nếu khớp, nhập lại "
        "và chọn chấp nhận thiết bị mới (kcdesk sync import --trust-new-device TỆP).",
        f"the package comes from an unenrolled device of “{sender.person}” (device "
        f"{sender.device_id[:8]}, fingerprint {keys.fingerprint}). Call the sender to compare "
        "fingerprints; if they match, import again accepting the new device "
        "(kcdesk sync import --trust-new-device FILE).",
    )


def _new_peer(manifest: Manifest, model: SyncPeer | None, predecessor: str) -> SyncPeer:
    sender = manifest.sender
    keys = sender.keys
    assert keys is not None
    return SyncPeer(
        device_id=sender.device_id,
        role=model.role if model is not None else (sender.role or "collaborator"),
        person_name=sender.person or (model.person_name if model else ""),
        phone=model.phone if model else "",
        centre_name=model.centre_name if model else "",
        province_code=model.province_code if model else None,
        commune_codes=list(model.commune_codes or []) if model else [],
        sign_public=keys.sign,
        box_public=keys.box,
        fingerprint=keys.fingerprint,
        status="active",
        enrolment_uuid=model.enrolment_uuid if model else "",
        predecessor=predecessor,
        # A new device id starts from nothing acknowledged: if it is a restored database, the
        # other side re-sends what the backup missed instead of trusting old receipts.
        acked_counter=0,
    )


def register(session: Session, admission: Admission) -> SyncPeer:
    """Write the new peer of an admission (inside the import's transaction)."""
    if admission.peer is not None:
        return admission.peer
    assert admission.new_peer is not None
    peer = admission.new_peer
    session.add(peer)
    if peer.enrolment_uuid:
        issued = session.execute(
            select(SyncEnrolment).where(SyncEnrolment.uuid == peer.enrolment_uuid)
        ).scalar_one_or_none()
        if issued is not None and peer.device_id not in (issued.devices or []):
            issued.devices = [*(issued.devices or []), peer.device_id]
    session.flush()
    return peer


def province_peer(session: Session) -> SyncPeer:
    """The provincial centre this collaborator sends to (the newest enrolled)."""
    peer = session.execute(
        select(SyncPeer)
        .where(SyncPeer.role == "province", SyncPeer.status == "active")
        .order_by(SyncPeer.id.desc())
    ).scalars().first()  # fmt: skip
    if peer is None:
        raise KcError(
            "Máy này chưa được kết nối với Trung tâm Khuyến công: hãy nhận tệp thiết lập "
            "(kcdesk sync enrol TỆP) trước khi xuất gói.",
            "This installation is not connected to a provincial centre yet: take the set-up file "
            "(kcdesk sync enrol FILE) before exporting.",
        )
    return peer


def find_peer(session: Session, who: str) -> SyncPeer:
    """A collaborator's device by id (or its first 6+ characters) or by the person's name."""
    from kcdesk.vn.text import fold

    text = who.strip()
    peers = list(session.execute(select(SyncPeer).where(SyncPeer.status == "active")).scalars())
    found = [p for p in peers if p.device_id == text]
    if not found and len(text) >= 6:
        found = [p for p in peers if p.device_id.startswith(text.lower())]
    if not found:
        found = [p for p in peers if fold(p.person_name) == fold(text)]
        # The newest device of a person stands for them (older ones are restored copies).
        found = found[-1:] if found else []
    if len(found) != 1:
        raise KcError(
            f"Không tìm thấy đúng một thiết bị “{who}” trong danh sách đã đăng ký.",
            f"No single enrolled device matches “{who}”.",
        )
    return found[0]
