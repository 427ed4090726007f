"""Printing a proposal: ``print_proposal(db, uuid, out_path)`` (GUI, ``kcdesk print proposal``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kcdesk.domain.proposals.budget import BudgetLine
from kcdesk.domain.proposals.status import ProposalStatus
from kcdesk.services.context import Database
from kcdesk.services.installation import get_installation
from kcdesk.services.proposal_detail import ProposalDetail
from kcdesk.services.proposals import get_proposal
from kcdesk.vn.numbers import format_number
from kcdesk.vn.text import fold

if TYPE_CHECKING:  # reportlab is imported only when printing
    from kcdesk.io.pdf.proposal import ProposalDocument

_UNIT_KIND = re.compile(r"^(Thành phố|Tỉnh)\s+", re.IGNORECASE)
# Statuses whose paper is the real one; a draft or a returned proposal prints with the
# "BẢN NHÁP" watermark (a rejected one prints as it was, with a note that it was not approved).
_FINAL_PAPER = {
    ProposalStatus.REJECTED,
    ProposalStatus.SUBMITTED,
    ProposalStatus.APPRAISING,
    ProposalStatus.APPROVED,
    ProposalStatus.IMPLEMENTING,
    ProposalStatus.ACCEPTED,
    ProposalStatus.SETTLED,
}


def short_province(name: str) -> str:
    """``"Thành phố Hải Phòng"`` → ``"Hải Phòng"`` (the place before the date of a paper)."""
    return _UNIT_KIND.sub("", name).strip()


def document_of(
    detail: ProposalDetail, *, province_name: str = "", issued: date | None = None
) -> ProposalDocument:
    """The printable document of a proposal (plain values; see ``kcdesk.io.pdf.proposal``)."""
    from kcdesk.io.pdf.proposal import Beneficiary, ProposalDocument, Results

    province = short_province(province_name)
    agency: list[str] = []
    unit = detail.implementing_unit
    if unit and "khuyen cong" in fold(unit) and province:
        agency.append(f"Sở Công Thương {province}")
    if unit:
        agency.append(unit)
    place = ", ".join(p for p in (detail.place, detail.commune_name) if p)
    cap = detail.cap
    cap_text = ""
    if cap.rule is not None and cap.allowed is not None:
        cap_text = (
            f"Mức hỗ trợ tối đa theo quy định: {format_number(cap.allowed)} đồng "
            f"({cap.rule.describe('vi')})."
        )
    notes: list[str] = []
    if detail.status is ProposalStatus.REJECTED:
        notes.append("Đề án không được phê duyệt.")
    return ProposalDocument(
        title=detail.title,
        category=detail.category_name,
        funding=detail.funding_label,
        implementing_unit=unit,
        beneficiaries=tuple(
            Beneficiary(
                b.name,
                b.owner_name,
                ", ".join(p for p in (b.address, b.commune_name) if p),
                b.tax_code,
                b.phone,
            )
            for b in detail.beneficiaries
        ),
        place=place,
        period_start=detail.period_start,
        period_end=detail.period_end,
        background=detail.background,
        objectives=detail.objectives,
        activities=detail.activities,
        results=Results(
            detail.results.jobs,
            detail.results.trainees,
            detail.results.revenue,
            detail.results.other,
        ),
        lines=tuple(_lines(detail)),
        totals=detail.totals,
        status_label=detail.status.label_vi,
        draft=detail.status not in _FINAL_PAPER,
        agency_lines=tuple(agency),
        place_name=province,
        issued=issued or date.today(),
        cap_text=cap_text,
        approved_amount=detail.approved_amount,
        code=f"Đề án {detail.uuid[:8]} · {detail.status.label_vi}",
        extra_notes=tuple(notes),
    )


def _lines(detail: ProposalDetail) -> Iterator[BudgetLine]:
    for x in detail.lines:
        yield BudgetLine(
            x.item, x.unit, x.quantity, x.unit_price, x.support_percent, x.counterpart_percent,
            x.note,
        )  # fmt: skip


@dataclass(frozen=True)
class PrintResult:
    path: Path
    pages: int


def print_proposal(
    db: Database, uuid: str, out_path: Path | str, *, issued: date | None = None
) -> PrintResult:
    """Write the proposal's PDF to ``out_path`` (``.pdf`` added when missing), whole or not at
    all. ``issued`` is the date printed under the Quốc hiệu (default today)."""
    from kcdesk.io.pdf.proposal import render_proposal

    detail = get_proposal(db, uuid)
    info = get_installation(db)
    doc = document_of(detail, province_name=info.province_name if info else "", issued=issued)
    out = Path(out_path)
    if out.suffix.lower() != ".pdf":
        out = out.with_name(out.name + ".pdf")
    pages = render_proposal(doc, out)
    return PrintResult(out, pages)
