"""Reference data the centre sends with set-up files and replies: provincial rules and forms."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kcdesk.domain.errors import KcError
from kcdesk.services.context import Database


def install_rules(db: Database, session: Session, line: dict[str, Any]) -> None:
    """Load a provincial rules document inside the caller's transaction (replacing the earlier
    copy of the same document)."""
    from kcdesk.services.proposal_rules import load_rules_document

    load_rules_document(db, line.get("document"), file_name=str(line.get("file_name") or ""),
                        session=session)  # fmt: skip


def install_form(session: Session, line: dict[str, Any]) -> tuple[str, int] | None:
    """Install a form version the centre published; ``None`` when it is already here. A
    different text under an installed version is refused: answers recorded under a version must
    keep reading the same."""
    from kcdesk.domain.forms import parse_definition
    from kcdesk.storage.models.forms import FormDefinitionRecord

    definition = parse_definition(line.get("definition") or {})
    row = session.execute(
        select(FormDefinitionRecord).where(
            FormDefinitionRecord.form_id == definition.id,
            FormDefinitionRecord.version == definition.version,
        )
    ).scalar_one_or_none()
    if row is not None:
        if row.fingerprint != definition.fingerprint:
            raise KcError(
                f"Mẫu phiếu {definition.key} trong gói khác với bản đã cài (mã {row.fingerprint}); "
                "không nhập gì. Hãy báo Trung tâm tăng số phiên bản.",
                f"Form {definition.key} in the package differs from the installed one; nothing "
                "imported. Ask the centre to raise the version number.",
            )
        return None
    session.add(FormDefinitionRecord(
        form_id=definition.id, version=definition.version, title=definition.title.vi,
        fingerprint=definition.fingerprint, definition=definition.source, origin="sync",
    ))  # fmt: skip
    session.flush()
    return definition.id, definition.version
