"""What the status bar shows about sync: changes the province has not acknowledged yet, and when
the last package left this installation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from kcdesk.services.context import Database
from kcdesk.services.sync.export import _count_changed
from kcdesk.storage.models import Installation
from kcdesk.storage.models.sync import SyncPackage, SyncPeer


@dataclass(frozen=True)
class SyncStatus:
    unacknowledged: int | None  # None on the province's own installation: nobody acknowledges it
    last_export: datetime | None


def sync_status(db: Database) -> SyncStatus:
    """On a collaborator's laptop: how many changed records no receipt from the province covers
    (what the next package will carry again), and the time of the last package sent."""
    with db.engine.connect() as conn:
        role = conn.execute(select(Installation.role).limit(1)).scalar_one_or_none()
        last = conn.execute(
            select(func.max(SyncPackage.at)).where(SyncPackage.direction == "sent")
        ).scalar_one_or_none()
        if role != "collaborator":
            return SyncStatus(None, last)
        acked = conn.execute(
            select(func.max(SyncPeer.acked_counter)).where(
                SyncPeer.role == "province", SyncPeer.status == "active"
            )
        ).scalar_one_or_none()
        return SyncStatus(_count_changed(conn, int(acked or 0)), last)
