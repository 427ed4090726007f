"""Files attached to a proposal (quotes, decisions, minutes), stored once by content hash."""

from __future__ import annotations

import hashlib
import mimetypes
import unicodedata
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kcdesk.domain.errors import NotFoundError
from kcdesk.domain.proposals.lifecycle import check_editable
from kcdesk.domain.proposals.status import ProposalStatus, Role
from kcdesk.services.context import Database
from kcdesk.services.files import read_chosen_file
from kcdesk.services.proposal_detail import (
    OWNER_KIND,
    AttachmentRow,
    current_installation,
    load_proposal,
)
from kcdesk.storage.models import Attachment, Blob
from kcdesk.vn.text import clean

MAX_ATTACHMENT = 25 * 1024 * 1024  # a scanned quote or decision; sync packages stay small


def attach_file(db: Database, uuid: str, path: Path | str, caption: str = "") -> AttachmentRow:
    """Attach a file (quote, decision, minutes) to a proposal; stored once by content hash.

    The collaborator attaches while the proposal is editable for them; the province at any
    time (acceptance minutes and settlement papers come after approval)."""
    path = Path(path)
    data = read_chosen_file(
        path, MAX_ATTACHMENT,
        "Tệp “{name}” quá lớn ({size_mb} MB); tối đa {limit_mb} MB. Hãy chụp/quét với độ phân "
        "giải thấp hơn.",
        "“{name}” is too large ({size_mb} MB); at most {limit_mb} MB. Scan it at a lower "
        "resolution.",
    )  # fmt: skip
    digest = hashlib.sha256(data).hexdigest()
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    with db.unit_of_work() as uow:
        session = uow.session
        inst = current_installation(session)
        p = load_proposal(session, uuid)
        if Role(inst.role) is Role.COLLABORATOR:
            check_editable(ProposalStatus(p.status), Role.COLLABORATOR)
        if session.get(Blob, digest) is None:
            session.add(Blob(sha256=digest, size=len(data), data=data))
            session.flush()  # no ORM relationship orders the two inserts: the blob goes first
        att = Attachment(
            sha256=digest,
            media_type=media_type,
            size=len(data),
            filename=unicodedata.normalize("NFC", path.name)[:300],
            owner_kind=OWNER_KIND,
            owner_uuid=p.uuid,
            caption=clean(caption)[:300],
        )
        session.add(att)
        session.flush()
        return AttachmentRow(
            att.uuid, att.filename, att.media_type, att.size, att.caption, att.sha256,
            att.created_at,
        )  # fmt: skip


def _attachment(session: Session, proposal_uuid: str, attachment_uuid: str) -> Attachment:
    att = session.execute(
        select(Attachment).where(
            Attachment.uuid == attachment_uuid,
            Attachment.owner_kind == OWNER_KIND,
            Attachment.owner_uuid == proposal_uuid,
            Attachment.deleted.is_(False),
        )
    ).scalar_one_or_none()
    if att is None:
        raise NotFoundError(
            "Không tìm thấy tệp đính kèm này của đề án.", "No such attachment on this proposal."
        )
    return att


def remove_attachment(db: Database, proposal_uuid: str, attachment_uuid: str) -> None:
    with db.unit_of_work() as uow:
        inst = current_installation(uow.session)
        p = load_proposal(uow.session, proposal_uuid)
        if Role(inst.role) is Role.COLLABORATOR:
            check_editable(ProposalStatus(p.status), Role.COLLABORATOR)
        _attachment(uow.session, proposal_uuid, attachment_uuid).deleted = True


def attachment_content(db: Database, proposal_uuid: str, attachment_uuid: str) -> bytes:
    with db.unit_of_work() as uow:
        att = _attachment(uow.session, proposal_uuid, attachment_uuid)
        blob = uow.session.get(Blob, att.sha256)
        if blob is None:
            raise NotFoundError(
                f"Nội dung tệp “{att.filename}” chưa có trên máy này (chưa đồng bộ).",
                f"The content of “{att.filename}” is not on this computer yet (not synced).",
            )
        return bytes(blob.data)
