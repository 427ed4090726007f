"""Export: every change the receiver has not confirmed yet, signed and encrypted to it.

"Since the last receipt", not "since the last export": a package lost on the way loses nothing,
because the next one carries the same changes again until the receiver's receipt says it has them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from kcdesk.domain.errors import KcError
from kcdesk.io.sync import PackageWriter
from kcdesk.services.context import Database
from kcdesk.services.sync.keystore import ensure_keys
from kcdesk.services.sync.peers import (
    find_peer,
    identity_extra,
    installation,
    my_party,
    peer_party,
    province_peer,
)
from kcdesk.services.sync.records import (
    KINDS,
    TABLES,
    Stored,
    iter_changed,
    iter_changed_lines,
    load_stored,
    utc_text,
)
from kcdesk.services.sync.results import CancelledFn, ExportSummary, ProgressFn
from kcdesk.storage.models import Blob
from kcdesk.storage.models.base import utcnow
from kcdesk.storage.models.places import SCHEME_2025
from kcdesk.storage.models.sync import SyncPackage, SyncPeer
from kcdesk.vn.text import fold


def check_out_path(out: Path) -> None:
    """Refuse, in words, a destination that cannot be written (before any work is done)."""
    if out.is_dir():
        raise KcError(f"“{out}” là một thư mục; hãy ghi rõ tên tệp gói.",
                      f"“{out}” is a folder; give a file name for the package.")  # fmt: skip
    if not out.parent.is_dir():
        raise KcError(f"Không có thư mục “{out.parent}” để ghi gói.",
                      f"The folder “{out.parent}” does not exist.")  # fmt: skip


class Cancelled(KcError):
    """The person pressed Cancel; nothing was written."""

    def __init__(self) -> None:
        super().__init__("Đã huỷ: không có gói nào được tạo.", "Cancelled: no package was made.")


def _peer_lineage(session: Session, peer: SyncPeer) -> set[str]:
    """The peer's device id and the ids of the devices it replaced."""
    ids = {peer.device_id}
    current = peer.predecessor
    while current and current not in ids:
        ids.add(current)
        current = (
            session.execute(
                select(SyncPeer.predecessor).where(SyncPeer.device_id == current)
            ).scalar_one_or_none()
            or ""
        )
    return ids


class _Scope:
    """Which of the province's changes a collaborator gets: what that collaborator's laptops
    made, and what concerns the communes it serves."""

    def __init__(self, conn: Connection, origins: set[str], communes: set[int]) -> None:
        self.conn = conn
        self.origins = origins
        self.communes = communes
        self._facilities: dict[str, bool] = {}
        self._owners: dict[str, bool] = {}

    def facility(self, uuid: str) -> bool:
        if uuid not in self._facilities:
            table = TABLES["facility"]
            row = self.conn.execute(
                select(table.c.origin_device, table.c.commune_scheme, table.c.commune_code)
                .where(table.c.uuid == uuid)
            ).first()  # fmt: skip
            self._facilities[uuid] = row is not None and (
                row[0] in self.origins or (row[1] == SCHEME_2025 and row[2] in self.communes)
            )
        return self._facilities[uuid]

    def wants(self, kind: str, s: Stored) -> bool:
        if s.origin in self.origins:
            return True
        data = s.data
        if kind == "facility":
            ok = data.get("commune_scheme") == SCHEME_2025 and data.get("commune_code") in (
                self.communes
            )
            self._facilities[s.uuid] = ok
        elif kind == "survey":
            ok = self.facility(str(data.get("facility_uuid")))
        elif kind == "proposal":
            ok = (
                data.get("commune_scheme") == SCHEME_2025
                and data.get("commune_code") in self.communes
            ) or any(self.facility(str(u)) for u in data.get("beneficiaries") or [])
        else:
            ok = self._owner(str(data.get("owner_kind")), str(data.get("owner_uuid")))
        self._owners[s.uuid] = ok
        return ok

    def _owner(self, kind: str, uuid: str) -> bool:
        if uuid in self._owners:
            return self._owners[uuid]
        if kind == "facility":
            return self.facility(uuid)
        if kind in ("survey", "proposal"):
            stored = load_stored(self.conn, kind, [uuid]).get(uuid)
            return stored is not None and self.wants(kind, stored)
        return False


def _count_changed(conn: Connection, after: int) -> int:
    total = 0
    for kind in KINDS:
        table = TABLES[kind]
        total += int(conn.execute(
            select(func.count()).select_from(table).where(table.c.local_counter > after)
        ).scalar_one())  # fmt: skip
    return total


def _reference_lines(session: Session) -> Iterator[dict[str, Any]]:
    """Provincial rules and the forms the province installed: the reference data a reply
    carries (the receiving side installs each once; re-sending is harmless)."""
    from kcdesk.storage.models.forms import FormDefinitionRecord
    from kcdesk.storage.models.proposal_rules import ProposalRuleSet

    for rule_set in session.execute(
        select(ProposalRuleSet).where(ProposalRuleSet.source == "provincial")
        .order_by(ProposalRuleSet.id)
    ).scalars():  # fmt: skip
        yield {"kind": "rules", "key": rule_set.key, "file_name": rule_set.file_name,
               "document": rule_set.document}  # fmt: skip
    for form in session.execute(
        select(FormDefinitionRecord).where(FormDefinitionRecord.origin != "builtin")
        .order_by(FormDefinitionRecord.form_id, FormDefinitionRecord.version)
    ).scalars():  # fmt: skip
        yield {"kind": "form", "form_id": form.form_id, "version": form.version,
               "definition": form.definition}  # fmt: skip


def _blob_data(conn: Connection, hashes: list[str]) -> Iterator[tuple[str, bytes]]:
    table = Blob.__table__
    for start in range(0, len(hashes), 50):
        chunk = hashes[start : start + 50]
        for sha, data in conn.execute(
            select(table.c.sha256, table.c.data).where(table.c.sha256.in_(chunk))
        ):
            yield str(sha), bytes(data)


def export_package(
    db: Database,
    out: Path | str,
    *,
    to: str | None = None,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> ExportSummary:
    """Write one package to ``out``: a collaborator's changes for its centre, or (``to``: a
    device id or a person's name) the centre's reply to one collaborator — receipts, decisions
    and other changes in that collaborator's area, provincial rules and forms."""
    out = Path(out)
    check_out_path(out)
    with db.unit_of_work(skip_stamp=True) as uow:
        session = uow.session
        inst = installation(session)
        keys = ensure_keys(session, inst.device_id)
        if inst.role == "province":
            if not to:
                raise KcError(
                    "Trung tâm xuất gói cho từng cộng tác viên: hãy chọn người nhận "
                    "(--to THIẾT_BỊ hoặc --all).",
                    "The centre exports one package per collaborator: choose the receiver "
                    "(--to DEVICE or --all).",
                )
            peer = find_peer(session, to)
        else:
            peer = province_peer(session) if not to else find_peer(session, to)
        summary = _write(session, inst, keys, peer, out, progress, cancelled)
    # Recorded after the file is in place: a failed record leaves a valid package that the
    # next export simply repeats.
    try:
        with db.unit_of_work(skip_stamp=True) as uow:
            uow.session.add(summary[1])
    except Exception:
        Path(summary[0].path).unlink(missing_ok=True)
        raise
    return summary[0]


def export_all(
    db: Database,
    folder: Path | str,
    *,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> list[ExportSummary]:
    """The centre's replies to every enrolled collaborator, one file each in ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with db.unit_of_work(skip_stamp=True) as uow:
        peers = [
            (p.device_id, p.person_name)
            for p in uow.session.execute(
                select(SyncPeer).where(SyncPeer.status == "active", SyncPeer.role == "collaborator")
                .order_by(SyncPeer.person_name, SyncPeer.id)
            ).scalars()
        ]  # fmt: skip
    newest: dict[str, tuple[str, str]] = {}
    for device, name in peers:
        newest[device] = (device, name)
    results = []
    for device, name in newest.values():
        slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-") or "cong-tac-vien"
        path = folder / f"kcdesk-tra-loi-{slug}-{device[:6]}.kcsync"
        results.append(export_package(db, path, to=device, progress=progress, cancelled=cancelled))
    return results


def _write(
    session: Session,
    inst: Any,
    keys: Any,
    peer: SyncPeer,
    out: Path,
    progress: ProgressFn | None,
    cancelled: CancelledFn | None,
) -> tuple[ExportSummary, SyncPackage]:
    conn = session.connection()
    acked = int(peer.acked_counter or 0)
    counter = int(inst.counter or 0)
    lineage = _peer_lineage(session, peer)
    scope = None
    since = acked
    if inst.role == "province":
        scope = _Scope(conn, lineage, {int(c) for c in peer.commune_codes or []})
        if acked == 0 and peer.predecessor:
            # A restored or copied laptop (new device id) may lack what it sent after its
            # backup: its first reply carries everything in its scope, received rows too;
            # it skips what it has.
            since = -1
    total = _count_changed(conn, since) or 1
    done = 0
    blobs: dict[str, None] = {}
    pending = list(session.execute(
        select(SyncPackage).where(
            SyncPackage.direction == "received",
            SyncPackage.peer_device_id.in_(lineage),
            SyncPackage.acknowledged_at.is_(None),
        ).order_by(SyncPackage.id)
    ).scalars())  # fmt: skip
    writer = PackageWriter(
        out, keys=keys, sender=my_party(inst), kind="reply" if inst.role == "province" else
        "changes", receiver=peer_party(peer), created_at=utc_text(utcnow()),
    )  # fmt: skip
    with writer:
        # Forms and rules first: the records after them may use a form version they bring.
        if inst.role == "province":
            for line in _reference_lines(session):
                writer.add_record(line)
        for kind in KINDS:
            if scope is None and kind != "proposal" and conn.dialect.name == "sqlite":
                for lines in iter_changed_lines(conn, kind, since):
                    if cancelled is not None and cancelled():
                        raise Cancelled()
                    for raw in lines:
                        writer.add_line(kind, raw.line)
                        if raw.sha256:
                            blobs[raw.sha256] = None
                    done += len(lines)
                    if progress is not None:
                        progress(min(done, total), total, kind)
                continue
            for batch in iter_changed(conn, kind, since):
                if cancelled is not None and cancelled():
                    raise Cancelled()
                for stored in batch:
                    if scope is not None and not scope.wants(kind, stored):
                        continue
                    writer.add_record(stored.to_line(kind))
                    if kind == "attachment":
                        # A deleted attachment's row still points at its content: the receiver
                        # needs it to store the deletion (content is stored once, by hash).
                        blobs[str(stored.data["sha256"])] = None
                done += len(batch)
                if progress is not None:
                    progress(min(done, total), total, kind)
        for received in pending:
            writer.add_record({"kind": "receipt", "package_id": received.package_id,
                               "summary": received.summary or {}})  # fmt: skip
        for sha, data in _blob_data(conn, list(blobs)):
            if cancelled is not None and cancelled():
                raise Cancelled()
            writer.add_blob(sha, data)
        extra = identity_extra(session, inst, keys)
        extra["receipts"] = [p.package_id for p in pending]
        manifest = writer.finish(counters={inst.device_id: (acked, counter)}, extra=extra)
    counts = {k: v for k, v in manifest.counts.items() if k in KINDS}
    summary = ExportSummary(
        path=str(out),
        package_id=manifest.package_id,
        receiver_device=peer.device_id,
        receiver_name=(peer.centre_name if peer.role == "province" else "") or peer.person_name,
        receiver_fingerprint=peer.fingerprint,
        counts=counts,
        attachments=len(blobs),
        receipts=len(pending),
        counter_from=acked,
        counter_to=counter,
        encrypted=manifest.encrypted,
        size=out.stat().st_size,
    )
    row = SyncPackage(
        package_id=manifest.package_id, direction="sent", kind=manifest.kind,
        peer_device_id=peer.device_id, peer_name=summary.receiver_name, file_name=out.name,
        size=summary.size, counts=dict(manifest.counts), counter_from=acked,
        counter_to=counter, summary={"receipts": extra["receipts"], "attachments": len(blobs)},
        at=utcnow(),
    )  # fmt: skip
    return summary, row
