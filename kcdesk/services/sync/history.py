"""What the Đồng bộ view lists: this installation's identity, its peers and packages."""

from __future__ import annotations

from sqlalchemy import select

from kcdesk.domain.errors import NotFoundError
from kcdesk.services.context import Database
from kcdesk.services.sync.keystore import ensure_keys
from kcdesk.services.sync.peers import installation
from kcdesk.services.sync.results import IdentityView, PackageView, PeerView
from kcdesk.storage.models.sync import SyncEnrolment, SyncPackage, SyncPeer


def identity(db: Database) -> IdentityView:
    """This installation as others see it; makes its keys on first use."""
    with db.unit_of_work(skip_stamp=True) as uow:
        session = uow.session
        inst = installation(session)
        keys = ensure_keys(session, inst.device_id)
        province = session.execute(
            select(SyncPeer).where(SyncPeer.role == "province", SyncPeer.status == "active")
            .order_by(SyncPeer.id.desc())
        ).scalars().first()  # fmt: skip
        enrolled = (
            inst.role == "province"
            or session.execute(
                select(SyncEnrolment.id).where(SyncEnrolment.side == "taken")
            ).first()
            is not None
        )
        return IdentityView(
            device_id=inst.device_id, role=inst.role, person_name=inst.person_name,
            fingerprint=keys.fingerprint, counter=int(inst.counter or 0), enrolled=enrolled,
            province_name=(province.centre_name or province.person_name) if province else "",
            province_fingerprint=province.fingerprint if province else "",
            past_device_ids=[str(d) for d in inst.past_device_ids or []],
        )  # fmt: skip


def list_peers(db: Database) -> list[PeerView]:
    with db.unit_of_work(skip_stamp=True) as uow:
        return [
            PeerView(p.device_id, p.role, p.person_name, p.centre_name, p.fingerprint, p.status,
                     p.predecessor, int(p.acked_counter or 0), p.created_at, p.last_package_at)
            for p in uow.session.execute(
                select(SyncPeer).order_by(SyncPeer.role, SyncPeer.person_name, SyncPeer.id)
            ).scalars()
        ]  # fmt: skip


def list_packages(db: Database, limit: int = 500) -> list[PackageView]:
    """Packages sent and received, newest first (by record order: clocks are not trusted)."""
    with db.unit_of_work(skip_stamp=True) as uow:
        return [
            PackageView(p.package_id, p.direction, p.kind, p.peer_device_id, p.peer_name,
                        p.file_name, int(p.size or 0), dict(p.counts or {}), dict(p.summary or {}),
                        p.at, p.acknowledged_at)
            for p in uow.session.execute(
                select(SyncPackage).order_by(SyncPackage.id.desc()).limit(limit)
            ).scalars()
        ]  # fmt: skip


def set_peer_status(db: Database, device_id: str, status: str) -> PeerView:
    """Revoke a lost laptop (``revoked``: its packages are refused) or allow it again."""
    if status not in ("active", "revoked"):
        raise ValueError(status)
    with db.unit_of_work(skip_stamp=True) as uow:
        peer = uow.session.execute(
            select(SyncPeer).where(SyncPeer.device_id == device_id)
        ).scalar_one_or_none()
        if peer is None:
            raise NotFoundError(f"Không có thiết bị {device_id}.", f"No device {device_id}.")
        peer.status = status
        uow.session.flush()
        return PeerView(peer.device_id, peer.role, peer.person_name, peer.centre_name,
                        peer.fingerprint, peer.status, peer.predecessor,
                        int(peer.acked_counter or 0), peer.created_at, peer.last_package_at)  # fmt: skip
