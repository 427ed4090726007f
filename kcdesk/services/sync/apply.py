"""Applying incoming records: decide per record (insert / fast-forward / skip / conflict), check
what will be written with the domain rules, then write each batch with a few statements."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Table, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from kcdesk.domain.errors import Issue
from kcdesk.domain.sync import Action, Version, decide, maximal, needs_review, stored_vector
from kcdesk.io.sync import Blob as PackageBlob
from kcdesk.services.sync.records import (
    Incoming,
    RowSource,
    Stored,
    Target,
    insert_rows,
    load_stored,
    update_row,
)
from kcdesk.services.sync.validate import RecordChecker
from kcdesk.storage.models import Blob, Commune
from kcdesk.storage.models.places import SCHEME_2025
from kcdesk.storage.models.sync import SyncConflictVersion

_CONFLICT_TABLE: Table = SyncConflictVersion.__table__  # type: ignore[assignment]
_BLOB_TABLE: Table = Blob.__table__  # type: ignore[assignment]
_BLOB_BATCH_BYTES = 32 * 1024 * 1024


@dataclass
class KindCounts:
    inserted: int = 0
    updated: int = 0
    skipped: int = 0
    conflicts: int = 0

    def add(self, action: Action) -> None:
        if action is Action.INSERT:
            self.inserted += 1
        elif action is Action.FAST_FORWARD:
            self.updated += 1
        elif action is Action.SKIP:
            self.skipped += 1
        else:
            self.conflicts += 1

    def to_json(self) -> dict[str, int]:
        return {"inserted": self.inserted, "updated": self.updated, "skipped": self.skipped,
                "conflicts": self.conflicts}  # fmt: skip


@dataclass
class Head:
    """One head of a record with what is needed to store or show it."""

    version: Version
    data: dict[str, Any]
    origin: str
    created_at: str
    updated_at: str
    device_name: str = ""
    package_id: str = ""
    row_id: int | None = None  # its SyncConflictVersion row, when stored as one
    columns: dict[str, Any] | None = None  # its data as column values, when already converted


@dataclass
class ConflictNote:
    kind: str
    uuid: str
    label: str


@dataclass
class Applier:
    """Applies the records of one package inside the import's transaction."""

    session: Session
    checker: RecordChecker
    package_id: str
    sender_name: str
    now: datetime
    counts: dict[str, KindCounts] = field(default_factory=dict)
    conflicts: list[ConflictNote] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    _commune_names: dict[int, str] | None = None

    def commune_names(self) -> dict[int, str]:
        if self._commune_names is None:
            self._commune_names = {
                int(c): str(n)
                for c, n in self.session.connection().execute(  # Core: read once, thousands
                    select(Commune.code, Commune.name).where(Commune.scheme == SCHEME_2025)
                )
            }
        return self._commune_names

    # --- blobs --------------------------------------------------------------------------------

    def insert_blobs(self, blobs: Iterable[PackageBlob]) -> int:
        """Store the package's attachment contents not yet here; returns how many were new."""
        conn = self.session.connection()
        added = 0
        batch: list[PackageBlob] = []
        size = 0

        def flush() -> int:
            hashes = [b.sha256 for b in batch]
            have = set(conn.execute(
                select(_BLOB_TABLE.c.sha256).where(_BLOB_TABLE.c.sha256.in_(hashes))).scalars())  # fmt: skip
            rows = {b.sha256: {"sha256": b.sha256, "size": len(b.data), "data": b.data}
                    for b in batch if b.sha256 not in have}  # fmt: skip
            if rows:
                conn.execute(insert(_BLOB_TABLE), list(rows.values()))
            self.checker.note_blobs(set(hashes))
            return len(rows)

        for blob in blobs:
            batch.append(blob)
            size += len(blob.data)
            if size >= _BLOB_BATCH_BYTES or len(batch) >= 500:
                added += flush()
                batch, size = [], 0
        if batch:
            added += flush()
        return added

    # --- records ------------------------------------------------------------------------------

    def _current_heads(self, kind: str, uuids: list[str]) -> tuple[
        dict[str, Stored], dict[str, list[Head]]
    ]:  # fmt: skip
        return current_heads(self.session.connection(), kind, uuids)

    def apply(self, kind: str, records: list[Incoming]) -> None:
        """Decide and write one batch of records of one kind."""
        uuids = list(dict.fromkeys(r.uuid for r in records))
        stored, heads = self._current_heads(kind, uuids)
        repeated = {u for u, n in Counter(r.uuid for r in records).items() if n > 1}
        counts = self.counts.setdefault(kind, KindCounts())
        touched: dict[str, list[Head] | Incoming] = {}
        check = self.checker.check
        for record in records:
            current = heads.get(record.uuid, [])
            if not current and record.uuid not in repeated:
                # Unknown here and once in the batch: decide() can only say insert. Most of a
                # first import is this, so it skips the version bookkeeping.
                counts.inserted += 1
                problems = check(record)
                if problems:
                    self.errors.extend(problems)
                else:
                    touched[record.uuid] = record
                continue
            incoming = record.version
            decision = decide([h.version for h in current], incoming)
            counts.add(decision.action)
            if decision.action is Action.SKIP:
                continue
            problems = check(record)
            if problems:
                self.errors.extend(problems)
                continue
            pool = {h.version: h for h in current}
            pool.setdefault(incoming, Head(
                incoming, record.data, record.origin, record.created_at, record.updated_at,
                self.sender_name, self.package_id, columns=record.columns,
            ))  # fmt: skip
            heads[record.uuid] = [pool[v] for v in decision.heads]
            touched[record.uuid] = heads[record.uuid]
            if decision.action is Action.CONFLICT:
                self.conflicts.append(ConflictNote(kind, record.uuid, record.label()))
        if self.errors or not touched:
            return
        self._write(kind, stored, touched, had_rows={
            u for u, hs in heads.items() if any(h.row_id is not None for h in hs)
        } | self._rows_before(kind, stored))  # fmt: skip
        if kind == "facility":
            self.checker.note_facilities({
                u for u, t in touched.items()
                if not (t.deleted if isinstance(t, Incoming) else t[0].version.deleted)
            })  # fmt: skip

    def _rows_before(self, kind: str, stored: Mapping[str, Stored]) -> set[str]:
        """Records that had conflict versions before this batch (even ones now superseded)."""
        if not stored:
            return set()
        conn = self.session.connection()
        return set(conn.execute(
            select(_CONFLICT_TABLE.c.record_uuid).where(
                _CONFLICT_TABLE.c.record_kind == kind,
                _CONFLICT_TABLE.c.record_uuid.in_(list(stored)),
                _CONFLICT_TABLE.c.resolved_at.is_(None),
            )
        ).scalars())  # fmt: skip

    def _write(
        self, kind: str, stored: Mapping[str, Stored], touched: dict[str, list[Head] | Incoming],
        had_rows: set[str],
    ) -> None:  # fmt: skip
        conn = self.session.connection()
        names = self.commune_names() if kind == "facility" else {}
        inserts: list[RowSource] = []
        for uuid, hs in touched.items():
            if isinstance(hs, Incoming):  # a new record, inserted as it came
                inserts.append(hs)
                continue
            winner = hs[0]
            vector = (dict(winner.version.vector) if len(hs) == 1
                      else stored_vector([h.version for h in hs]))  # fmt: skip
            target = Target(
                uuid, winner.origin, vector, winner.version.deleted, winner.data,
                winner.created_at, winner.updated_at, columns=winner.columns,
            )  # fmt: skip
            old = stored.get(uuid)
            if old is None:
                inserts.append(target)
            else:
                same_content = old.version.content == winner.version.content
                if not same_content or old.vector != target.vector:
                    if not target.created_at:
                        target.created_at = old.created_at
                    update_row(conn, kind, old.id, target, names, self.now,
                               content=not same_content)  # fmt: skip
            if len(hs) > 1 or uuid in had_rows:
                self._keep_heads(kind, uuid, hs)
        insert_rows(conn, kind, inserts, names, self.now)

    def _keep_heads(self, kind: str, uuid: str, hs: list[Head]) -> None:
        """Store every head while the record is in conflict; close the rows once it is not."""
        conn = self.session.connection()
        in_conflict = needs_review([h.version for h in hs])
        keep = {h.row_id for h in hs if h.row_id is not None} if in_conflict else set()
        conn.execute(
            update(_CONFLICT_TABLE)
            .where(
                _CONFLICT_TABLE.c.record_kind == kind,
                _CONFLICT_TABLE.c.record_uuid == uuid,
                _CONFLICT_TABLE.c.resolved_at.is_(None),
                _CONFLICT_TABLE.c.id.not_in(keep) if keep else _CONFLICT_TABLE.c.id.is_not(None),
            )
            .values(resolved_at=self.now, note="superseded")
        )
        if not in_conflict:
            return
        new_rows = [
            {
                "record_kind": kind, "record_uuid": uuid, "version": dict(h.version.vector),
                "deleted": h.version.deleted, "digest": h.version.digest, "data": h.data,
                "origin_device": h.origin, "device_name": h.device_name,
                "package_id": h.package_id, "changed_at": h.updated_at, "detected_at": self.now,
                "note": "",
            }
            for h in hs
            if h.row_id is None
        ]  # fmt: skip
        if new_rows:
            conn.execute(insert(_CONFLICT_TABLE), new_rows)


def current_heads(conn: Connection, kind: str, uuids: list[str]) -> tuple[
    dict[str, Stored], dict[str, list[Head]]
]:  # fmt: skip
    """The stored rows of these records and their heads (winner first): the row itself, and the
    versions kept while a record is in conflict, minus any the row has since superseded."""
    stored = load_stored(conn, kind, uuids)
    heads: dict[str, list[Head]] = {}
    for uuid, s in stored.items():
        heads[uuid] = [Head(s.version, s.data, s.origin, s.created_at, s.updated_at)]
    rows = conn.execute(
        select(_CONFLICT_TABLE).where(
            _CONFLICT_TABLE.c.record_kind == kind,
            _CONFLICT_TABLE.c.record_uuid.in_(list(stored)),
            _CONFLICT_TABLE.c.resolved_at.is_(None),
        )
    ).mappings().all() if stored else []  # fmt: skip
    for row in rows:
        version = Version(row["version"], bool(row["deleted"]), row["digest"])
        heads.setdefault(row["record_uuid"], []).append(Head(
            version, row["data"], row["origin_device"], "", row["changed_at"],
            row["device_name"], row["package_id"], int(row["id"]),
        ))  # fmt: skip
    for uuid, hs in heads.items():
        by_version: dict[Version, Head] = {}
        for h in hs:  # the stored row first: its data wins over a stale copy
            if h.version in by_version:
                kept = by_version[h.version]
                if kept.row_id is None and h.row_id is not None:
                    kept.row_id = h.row_id
                    kept.device_name, kept.package_id = h.device_name, h.package_id
                continue
            by_version[h.version] = h
        heads[uuid] = [by_version[v] for v in maximal(by_version)]
    return stored, heads


def batches(records: Iterable[Incoming], size: int = 1000) -> Iterator[tuple[str, list[Incoming]]]:
    """Consecutive records of one kind, at most ``size`` at a time."""
    batch: list[Incoming] = []
    kind = ""
    for record in records:
        if batch and (record.kind != kind or len(batch) >= size):
            yield kind, batch
            batch = []
        kind = record.kind
        batch.append(record)
    if batch:
        yield kind, batch
