"""Change tracking for records that travel: device counter, version vectors, audit entries.

Every unit of work that changes a travelling record takes the next value of this installation's
counter (one per transaction: the counter only grows) and stamps each changed record with it:
``version[device_id] = counter``, ``local_counter = counter``. An audit entry records who changed
what. Records written by a sync import set ``session.info[SKIP_STAMP] = True`` and carry the version
they arrived with.
"""

from __future__ import annotations

import uuid as uuid_module
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import inspect, select, update
from sqlalchemy.orm import Session, attributes

from kcdesk.storage.models.audit import AuditEntry
from kcdesk.storage.models.base import TravellingMixin, utcnow
from kcdesk.storage.models.installation import Installation

SKIP_STAMP = "kcdesk_skip_stamp"
_STAMP_KEY = "kcdesk_stamp"
# Columns that are derived or bookkeeping: left out of audit before/after.
_NOT_AUDITED = {
    "id", "version", "local_counter", "created_at", "updated_at", "search_text", "name_folded",
    "name_sort", "title_folded", "origin_device",
}  # fmt: skip


def new_device_id() -> str:
    return uuid_module.uuid4().hex


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def record_values(obj: Any, *, old: bool = False) -> dict[str, Any]:
    """Column values of a mapped object as plain JSON data (the values before the pending change
    when ``old``)."""
    state = inspect(obj)
    out: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in _NOT_AUDITED:
            continue
        if old:
            hist = attributes.get_history(obj, key)
            if hist.deleted:
                value = hist.deleted[0]
            elif hist.unchanged:
                value = hist.unchanged[0]
            else:
                value = None
        else:
            value = getattr(obj, key)
        out[key] = _plain(value)
    return out


def next_stamp(session: Session) -> tuple[str, int, str]:
    """``(device_id, counter, actor)`` for this transaction, taking the next counter once."""
    stamp: tuple[str, int, str] | None = session.info.get(_STAMP_KEY)
    if stamp is not None:
        return stamp
    installation = session.execute(select(Installation).limit(1)).scalar_one_or_none()
    if installation is None:
        device, actor = "", ""
        counter = 0
    else:
        session.execute(
            update(Installation)
            .where(Installation.id == installation.id)
            .values(counter=Installation.counter + 1)
            .execution_options(synchronize_session=False)
        )
        counter = int(session.execute(select(Installation.counter)).scalar_one())
        session.expire(installation, ["counter"])
        device, actor = installation.device_id, installation.person_name
    session.info[_STAMP_KEY] = (device, counter, actor)
    return device, counter, actor


def forget_stamp(session: Session) -> None:
    session.info.pop(_STAMP_KEY, None)


def stamp_values(
    values: dict[str, Any], device: str, counter: int, *, new: bool, now: datetime | None = None
) -> dict[str, Any]:
    """Stamp a plain row dict (bulk Core inserts use this instead of the flush hook)."""
    now = now or utcnow()
    if new:
        if "uuid" not in values:
            values["uuid"] = str(uuid_module.uuid4())
        values.setdefault("origin_device", device)
        values.setdefault("created_at", now)
    old = values.get("version")
    values["version"] = {**old, device: counter} if old else {device: counter}
    values["local_counter"] = counter
    values["updated_at"] = now
    return values


def _changed(session: Session, obj: Any) -> bool:
    return session.is_modified(obj, include_collections=False)


def before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    """Stamp new, changed and tombstoned travelling records and write their audit entries."""
    if session.info.get(SKIP_STAMP):
        return
    new = [o for o in session.new if isinstance(o, TravellingMixin)]
    dirty = [o for o in session.dirty if isinstance(o, TravellingMixin) and _changed(session, o)]
    if not new and not dirty:
        return
    device, counter, actor = next_stamp(session)
    now = utcnow()
    for obj in new:
        if not obj.uuid:
            obj.uuid = str(uuid_module.uuid4())
        obj.origin_device = obj.origin_device or device
        obj.version = {**(obj.version or {}), device: counter}
        obj.local_counter = counter
        obj.created_at = obj.created_at or now
        obj.updated_at = now
        session.add(
            AuditEntry(
                at=now,
                actor=actor,
                device_id=device,
                counter=counter,
                record_kind=obj.RECORD_KIND,
                record_uuid=obj.uuid,
                action="create",
                before=None,
                after=record_values(obj),
            )
        )
    for obj in dirty:
        before = record_values(obj, old=True)
        after = record_values(obj)
        was_deleted = before.get("deleted")
        obj.version = {**(obj.version or {}), device: counter}
        obj.local_counter = counter
        obj.updated_at = now
        action = "delete" if obj.deleted and not was_deleted else "update"
        changed_before = {k: v for k, v in before.items() if after.get(k) != v}
        changed_after = {k: after[k] for k in changed_before}
        session.add(
            AuditEntry(
                at=now,
                actor=actor,
                device_id=device,
                counter=counter,
                record_kind=obj.RECORD_KIND,
                record_uuid=obj.uuid,
                action=action,
                before=changed_before,
                after=changed_after,
            )
        )


def after_end(session: Session, *_args: Any) -> None:
    forget_stamp(session)
