"""Unit of work: one session, one transaction, scoped to one user action (never across threads)."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from kcdesk.storage import tracking


class UnitOfWork:
    """``with UnitOfWork(engine) as uow: uow.session.add(...)`` commits on success, rolls back on
    any exception: a write is all or nothing."""

    def __init__(self, engine: Engine, *, skip_stamp: bool = False) -> None:
        self.session = Session(engine, expire_on_commit=False, autoflush=True)
        self.session.info[tracking.SKIP_STAMP] = skip_stamp
        event.listen(self.session, "before_flush", tracking.before_flush)
        event.listen(self.session, "after_commit", tracking.after_end)
        event.listen(self.session, "after_rollback", tracking.after_end)

    def __enter__(self) -> UnitOfWork:
        self.session.begin()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if exc_type is None:
                self.session.commit()
            else:
                self.session.rollback()
        finally:
            self.session.close()

    def stamp(self) -> tuple[str, int, str]:
        """``(device_id, counter, actor)`` of this transaction (for bulk Core writes)."""
        return tracking.next_stamp(self.session)
