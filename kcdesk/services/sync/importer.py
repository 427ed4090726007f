"""Import: check everything, then write everything in one transaction — or nothing.

Before the transaction: the file's structure, limits and signatures (``PackageReader``), that it
is addressed to this installation, that its sender is enrolled, and one full pass over its members
(hashes, decryption, decompression). Inside: the records are decided and checked with the domain
rules batch by batch; any invalid record rolls the whole package back. The package id is recorded
in the same transaction, so importing the file again — or a renamed copy — changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kcdesk.domain.errors import Issue, KcError, ValidationError
from kcdesk.io.sync import DeviceKeys, Manifest, PackageError, PackageReader
from kcdesk.services.answer_batches import AnswerChecks
from kcdesk.services.bulk import fewer_collections
from kcdesk.services.context import Database
from kcdesk.services.sync.apply import Applier, batches
from kcdesk.services.sync.export import Cancelled
from kcdesk.services.sync.fast_lines import skim_line
from kcdesk.services.sync.keystore import load_keys
from kcdesk.services.sync.peers import (
    Admission,
    admit_sender,
    installation,
    lineage,
    peer_keys,
    register,
)
from kcdesk.services.sync.records import TABLES, Incoming, RecordFormatError, parse_line
from kcdesk.services.sync.reference import install_form, install_rules
from kcdesk.services.sync.results import (
    CancelledFn,
    ConflictRef,
    ImportOutcome,
    ImportResult,
    InspectReport,
    MemberView,
    ProgressFn,
)
from kcdesk.services.sync.validate import RecordChecker, wrap_survey
from kcdesk.storage.models import AuditEntry
from kcdesk.storage.models.base import utcnow
from kcdesk.storage.models.sync import SyncPackage, SyncPeer

_MAX_ERRORS = 20
_TRAVELLING = frozenset(TABLES)


class _Rollback(Exception):
    def __init__(self, result: ImportResult) -> None:
        super().__init__("preview")
        self.result = result


def _refuse(code: str, vi: str, en: str) -> PackageError:
    return PackageError(code, f"Không nhận gói: {vi}", f"Package refused: {en}")


def _ensure_forms(db: Database) -> None:
    from kcdesk.services.surveys import ensure_builtin_forms

    ensure_builtin_forms(db)


def _check_addressing(
    inst: Any, manifest: Manifest, keys: DeviceKeys, reader: PackageReader
) -> None:
    mine = lineage(inst)
    if manifest.kind == "setup":
        raise _refuse(
            "setup_file",
            "đây là tệp thiết lập, không phải gói dữ liệu: hãy dùng “Nhận tệp thiết lập” "
            "(kcdesk sync enrol TỆP).",
            "this is a set-up file, not a data package: use “Take set-up file” "
            "(kcdesk sync enrol FILE).",
        )
    if manifest.kind not in ("changes", "reply"):
        raise _refuse(
            "bad_kind", f"loại gói “{manifest.kind}” lạ.", f"unknown kind “{manifest.kind}”."
        )
    if manifest.sender.device_id in mine:
        raise _refuse(
            "own_package",
            "gói này do chính máy này xuất ra; hãy mang nó sang máy nhận.",
            "this package was exported by this installation; take it to the receiver.",
        )
    receiver = manifest.receiver
    if receiver is None or receiver.device_id not in mine:
        who = receiver.person if receiver else "không rõ"
        raise _refuse(
            "not_for_me",
            f"gói này gửi cho “{who}” (mã máy {receiver.device_id[:8] if receiver else '?'}), "
            "không phải máy này.",
            f"this package is addressed to “{who}”, not to this installation.",
        )
    if not manifest.encrypted:
        raise _refuse(
            "not_encrypted",
            "gói dữ liệu không được mã hoá; kcdesk không nhận dữ liệu cá nhân gửi không mã hoá.",
            "the data package is not encrypted; kcdesk does not take personal data sent in clear.",
        )
    reader.check_receiver(keys)


def _previous(session: Session, package_id: str) -> SyncPackage | None:
    return session.execute(
        select(SyncPackage).where(SyncPackage.package_id == package_id)
    ).scalar_one_or_none()


def _result(
    path: Path, manifest: Manifest, status: str, admitted: str, applier: Applier | None = None,
    receipts: int = 0, acknowledged: int = 0, reference: dict[str, int] | None = None,
    attachments: int = 0, previous: Any = None,
) -> ImportResult:  # fmt: skip
    sender = manifest.sender
    assert sender.keys is not None
    return ImportResult(
        file=str(path),
        status=status,
        package_id=manifest.package_id,
        kind=manifest.kind,
        sender_device=sender.device_id,
        sender_name=sender.person,
        sender_fingerprint=sender.keys.fingerprint,
        sender_admitted=admitted,
        counts={k: c.to_json() for k, c in (applier.counts if applier else {}).items()},
        attachments_added=attachments,
        conflicts=[ConflictRef(c.kind, c.uuid, c.label) for c in applier.conflicts] if applier
        else [],
        receipts=receipts,
        acknowledged=acknowledged,
        reference=reference or {},
        previous_import=previous,
    )  # fmt: skip


def _lines(
    reader: PackageReader, keys: DeviceKeys, skim_surveys: bool = False
) -> Iterator[Incoming | dict[str, Any]]:
    kinds = frozenset({"facility", "survey"} if skim_surveys else {"facility"})

    def skim(line: bytes) -> tuple[str, Incoming] | None:
        record = skim_line(line, kinds)
        return None if record is None else (record.kind, record)

    for number, (raw, line) in enumerate(reader.record_lines(keys, skim), 1):
        if isinstance(line, Incoming):
            yield line
        elif line["kind"] in _TRAVELLING:
            try:
                incoming = parse_line(line)
                incoming.line = raw
                yield incoming
            except RecordFormatError as exc:
                raise _refuse(
                    "bad_record",
                    f"bản ghi số {number} sai cấu trúc ({exc}).",
                    f"record {number} is malformed ({exc}).",
                ) from exc
        else:
            yield line


def _grouped(lines: Iterator[Incoming | dict[str, Any]]) -> Iterator[tuple[str, Any]]:
    """Batches of travelling records, and the other lines one by one, in package order."""
    pending: list[Incoming] = []

    def flush() -> Iterator[tuple[str, Any]]:
        yield from batches(pending)
        pending.clear()

    for line in lines:
        if isinstance(line, Incoming):
            pending.append(line)
            if len(pending) >= 1000:
                yield from flush()
        else:
            yield from flush()
            yield "", line
    yield from flush()


def _raise_invalid(issues: list[Issue], total: int) -> None:
    shown = issues[:_MAX_ERRORS]
    if total > len(shown):
        shown.append(Issue("", "more", f"… và {total - len(shown)} lỗi khác.",
                           f"… and {total - len(shown)} more."))  # fmt: skip
    head = Issue("", "sync_invalid",
                 "Gói có bản ghi không hợp lệ theo quy định nhập liệu nên không nhập gì cả",
                 "The package has records that break the data rules, so nothing was imported")  # fmt: skip
    raise ValidationError([head, *shown])


class _Import:
    """The write phase of one package, inside one unit of work."""

    def __init__(self, db: Database, session: Session, reader: PackageReader, keys: DeviceKeys,
                 peer: SyncPeer, inst: Any) -> None:  # fmt: skip
        self.db = db
        self.session = session
        self.reader = reader
        self.keys = keys
        self.peer = peer
        self.inst = inst
        self.manifest = reader.manifest
        self.now = utcnow()
        surveys = self.manifest.counts.get("survey", 0)
        self.checker = RecordChecker(session, AnswerChecks(surveys, wrap_survey))
        self.applier = Applier(session, self.checker, self.manifest.package_id,
                               self.manifest.sender.person or peer.person_name, self.now)  # fmt: skip
        self.receipts = 0
        self.acknowledged = 0
        self.reference = {"rules": 0, "forms": 0}
        self.attachments = 0

    def run(self, progress: ProgressFn | None, cancelled: CancelledFn | None) -> None:
        self.attachments = self.applier.insert_blobs(self.reader.blobs(self.keys))
        total = sum(self.manifest.counts.values()) or 1
        done = 0
        # Survey lines are skimmed (answers left as text) only when workers are there to decode
        # those answers in full before the commit: see fast_lines.
        skim = self.checker.answers.parallel
        for kind, item in _grouped(_lines(self.reader, self.keys, skim)):
            if cancelled is not None and cancelled():
                raise Cancelled()
            if kind:
                try:
                    self.applier.apply(kind, item)
                except RecordFormatError as exc:  # a skimmed line that fails a full decoding
                    raise _refuse("bad_record", f"một bản ghi sai cấu trúc ({exc}).",
                                  f"a record is malformed ({exc}).") from exc  # fmt: skip
                done += len(item)
                if len(self.applier.errors) >= _MAX_ERRORS:
                    break
            else:
                self._other(item)
                done += 1
            if progress is not None:
                progress(min(done, total), total, kind or str(item.get("kind")))
        # The answers checked beside the writing: nothing commits before their verdict.
        self.applier.errors += self.checker.answers.finish()
        if self.applier.errors:
            _raise_invalid(self.applier.errors, len(self.applier.errors))

    def _other(self, line: dict[str, Any]) -> None:
        kind = line.get("kind")
        if kind == "receipt":
            self._receipt(line)
        elif kind in ("rules", "form"):
            if self.peer.role != "province" or self.inst.role != "collaborator":
                raise _refuse("bad_record", "chỉ Trung tâm mới gửi quy định và mẫu phiếu.",
                              "only the centre sends rules and forms.")  # fmt: skip
            if kind == "rules":
                self._rules(line)
            else:
                self._form(line)
        else:
            raise _refuse("bad_record", f"bản ghi loại “{kind}” lạ (gói từ phiên bản mới hơn?).",
                          f"unknown record kind “{kind}” (a newer version?).")  # fmt: skip

    def _receipt(self, line: dict[str, Any]) -> None:
        """The other side confirms one of this installation's packages: what it carried need not
        be sent again."""
        self.receipts += 1
        sent = self.session.execute(
            select(SyncPackage).where(
                SyncPackage.package_id == str(line.get("package_id")),
                SyncPackage.direction == "sent",
            )
        ).scalar_one_or_none()
        sender_ids = {self.manifest.sender.device_id, *_past_ids(self.manifest)}
        if sent is None or sent.peer_device_id not in sender_ids:
            return
        summary = line.get("summary")
        if sent.acknowledged_at is None:
            sent.acknowledged_at = self.now
            self.acknowledged += 1
        if isinstance(summary, dict):
            sent.summary = {**(sent.summary or {}), "receipt": summary}
        self.peer.acked_counter = max(int(self.peer.acked_counter or 0), int(sent.counter_to))
        carried = (sent.summary or {}).get("receipts") or []
        if carried:
            for received in self.session.execute(
                select(SyncPackage).where(
                    SyncPackage.package_id.in_([str(p) for p in carried]),
                    SyncPackage.direction == "received",
                    SyncPackage.acknowledged_at.is_(None),
                )
            ).scalars():  # fmt: skip
                received.acknowledged_at = self.now

    def _rules(self, line: dict[str, Any]) -> None:
        install_rules(self.db, self.session, line)
        self.reference["rules"] += 1

    def _form(self, line: dict[str, Any]) -> None:
        installed = install_form(self.session, line)
        if installed is not None:
            self.checker.forget_form(*installed)
            self.reference["forms"] += 1

    def record(self) -> None:
        manifest = self.manifest
        counters = manifest.counters.get(manifest.sender.device_id, (0, 0))
        summary = {
            "counts": {k: c.to_json() for k, c in self.applier.counts.items()},
            "conflicts": len(self.applier.conflicts),
            # What is in conflict, so the sender's receipt says which records await a decision.
            "conflict_records": [[c.kind, c.uuid] for c in self.applier.conflicts[:1000]],
            "attachments_added": self.attachments,
        }
        self.session.add(SyncPackage(
            package_id=manifest.package_id, direction="received", kind=manifest.kind,
            peer_device_id=manifest.sender.device_id, peer_name=manifest.sender.person,
            file_name=self.reader.path.name, size=self.reader.size, counts=dict(manifest.counts),
            counter_from=counters[0], counter_to=counters[1], summary=summary, at=self.now,
        ))  # fmt: skip
        self.session.add(AuditEntry(
            at=self.now, actor=manifest.sender.person, device_id=manifest.sender.device_id,
            counter=0, record_kind="sync_package", record_uuid=manifest.package_id,
            action="import", before=None, after=summary,
        ))  # fmt: skip
        self.peer.last_package_at = self.now


def _past_ids(manifest: Manifest) -> list[str]:
    past = manifest.extra.get("past_device_ids")
    return [str(p) for p in past] if isinstance(past, list) else []


def import_package(
    db: Database,
    path: Path | str,
    *,
    trust_new_device: bool = False,
    preview: bool = False,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> ImportResult:
    """Import one package (``preview``: do everything, then roll back and report what would
    happen). Raises :class:`PackageError` or :class:`ValidationError` with nothing written."""
    path = Path(path)
    _ensure_forms(db)
    with db.unit_of_work(skip_stamp=True) as uow:
        inst = installation(uow.session)
        keys = load_keys(uow.session)
    if keys is None:
        raise KcError(
            "Máy này chưa có khoá đồng bộ: hãy nhận tệp thiết lập từ Trung tâm trước "
            "(kcdesk sync enrol TỆP).",
            "This installation has no sync keys yet: take the set-up file from the centre first "
            "(kcdesk sync enrol FILE).",
        )
    with PackageReader(path) as reader:
        manifest = reader.manifest
        _check_addressing(inst, manifest, keys, reader)
        with db.unit_of_work(skip_stamp=True) as uow:
            previous = _previous(uow.session, manifest.package_id)
            if previous is not None:
                return _result(path, manifest, "duplicate", "known", previous=previous.at)
            admission = admit_sender(uow.session, manifest, trust_new_device=trust_new_device)
            how = admission.how
        # Decryption and integrity of every byte before the transaction; the records are
        # decoded once, inside it (any bad one rolls everything back).
        reader.verify(keys, parse=False)
        try:
            with fewer_collections(), db.unit_of_work(skip_stamp=True) as uow:
                session = uow.session
                again = _previous(session, manifest.package_id)
                if again is not None:
                    return _result(path, manifest, "duplicate", how, previous=again.at)
                admission = admit_sender(session, manifest, trust_new_device=trust_new_device)
                peer = register(session, admission)
                inst = installation(session)
                job = _Import(db, session, reader, keys, peer, inst)
                try:
                    job.run(progress, cancelled)
                except RecursionError as exc:  # only a forged or hand-edited record nests so
                    raise _refuse(
                        "bad_record",
                        "một bản ghi có dữ liệu lồng nhau quá sâu, không phải do kcdesk tạo ra.",
                        "a record's data is nested too deep; kcdesk does not make such data.",
                    ) from exc
                finally:
                    job.checker.answers.close()
                job.record()
                result = _result(
                    path, manifest, "preview" if preview else "imported", how, job.applier,
                    job.receipts, job.acknowledged, job.reference, job.attachments,
                )  # fmt: skip
                if preview:
                    raise _Rollback(result)
                return result
        except _Rollback as rollback:
            return rollback.result


def import_packages(
    db: Database,
    paths: Sequence[Path | str],
    *,
    trust_new_device: bool = False,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> list[ImportOutcome]:
    """Import many files in the order given, each on its own (one refused file does not stop
    the others). Packages are commutative: any order gives the same database."""
    outcomes = []
    for path in paths:
        if cancelled is not None and cancelled():
            break
        try:
            result = import_package(db, path, trust_new_device=trust_new_device,
                                    progress=progress, cancelled=cancelled)  # fmt: skip
        except Cancelled:
            raise
        except KcError as exc:
            code = getattr(exc, "code", "invalid" if isinstance(exc, ValidationError) else "error")
            outcomes.append(ImportOutcome(str(path), False, None, code, exc.message_vi,
                                          exc.message_en))  # fmt: skip
            continue
        outcomes.append(ImportOutcome(str(path), True, result))
    return outcomes


def inspect_package(path: Path | str, db: Database | None = None) -> InspectReport:
    """Check a package completely (structure, limits, signatures, member hashes) and describe
    it; nothing is written. With ``db``: whether its sender is known and whether it was
    imported already."""
    path = Path(path)
    with PackageReader(path) as reader:
        reader.verify(None)
        m = reader.manifest
        sender_keys = reader.sender_keys
        known = "unknown"
        for_me = False
        previous = None
        if db is not None:
            with db.unit_of_work(skip_stamp=True) as uow:
                from kcdesk.storage.models import Installation

                inst = uow.session.execute(select(Installation).limit(1)).scalar_one_or_none()
                mine = lineage(inst) if inst is not None else set()
                peer = uow.session.execute(
                    select(SyncPeer).where(SyncPeer.device_id == m.sender.device_id)
                ).scalar_one_or_none()
                if m.sender.device_id in mine:
                    known = "this installation"
                elif peer is not None:
                    known = "known" if peer_keys(peer) == sender_keys else "key_mismatch"
                for_me = m.receiver is not None and m.receiver.device_id in mine
                row = _previous(uow.session, m.package_id)
                previous = row.at if row is not None and row.direction == "received" else None
        return InspectReport(
            file=str(path), size=reader.size, package_id=m.package_id, kind=m.kind,
            format_version=m.format_version, app_version=m.app_version, created_at=m.created_at,
            sender_device=m.sender.device_id, sender_name=m.sender.person,
            sender_role=m.sender.role, sender_fingerprint=sender_keys.fingerprint,
            signature_ok=True, sender_known=known,
            receiver_device=m.receiver.device_id if m.receiver else "",
            receiver_name=m.receiver.person if m.receiver else "",
            encrypted=m.encrypted, for_this_installation=for_me, counts=dict(m.counts),
            counters={d: [lo, hi] for d, (lo, hi) in m.counters.items()},
            members=[MemberView(x.name, x.size, x.content_size, x.items, x.encrypted)
                     for x in m.members],
            already_imported=previous,
        )  # fmt: skip


__all__ = ["Admission", "import_package", "import_packages", "inspect_package"]
