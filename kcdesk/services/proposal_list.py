"""The list of proposals: filters, sorting and paging in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from kcdesk.domain.errors import KcError
from kcdesk.domain.proposals.status import FundingSource, ProposalStatus, funding_label
from kcdesk.services.context import Database
from kcdesk.services.proposal_rules import category_rows, seed_defaults
from kcdesk.storage.models import Commune, Facility, Proposal, ProposalFacility
from kcdesk.storage.models.places import SCHEME_2025
from kcdesk.storage.models.proposal_rules import ContentCategory
from kcdesk.vn.text import fold


@dataclass(frozen=True)
class ProposalRow:
    uuid: str
    title: str
    category_code: str
    category_name: str
    funding_source: str
    status: ProposalStatus
    year: int | None
    commune_code: int | None
    commune_name: str
    beneficiaries: str
    total_amount: int
    support_amount: int
    counterpart_amount: int
    approved_amount: int | None
    updated_at: datetime | None
    category_name_en: str = ""

    @property
    def status_label(self) -> str:
        return self.status.label_vi

    def to_json(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["status"] = self.status.value
        data["status_label"] = self.status.label_vi
        data["updated_at"] = self.updated_at.isoformat() if self.updated_at else None
        return data


@dataclass
class ProposalFilter:
    status: str | Sequence[str] | None = None
    year: int | None = None
    category: str | None = None
    funding_source: str | None = None
    commune_code: int | None = None  # where the work is done or where a beneficiary is
    facility_uuid: str | None = None
    search: str = ""


ORDERS = {
    "updated": (Proposal.updated_at.desc(), Proposal.id.desc()),
    "title": (Proposal.title_folded, Proposal.id),
    "year": (Proposal.year.desc(), Proposal.id.desc()),
    "support": (Proposal.support_amount.desc(), Proposal.id.desc()),
    "status": (Proposal.status, Proposal.id.desc()),
}


def checked_conditions(flt: ProposalFilter) -> list[ColumnElement[bool]]:
    """:func:`filter_conditions`, with a filter value that makes no sense said as a KcError."""
    try:
        return filter_conditions(flt)
    except ValueError as exc:
        raise KcError(
            f"Bộ lọc đề án không hợp lệ: {exc}.", f"Invalid proposal filter: {exc}."
        ) from exc


def filter_conditions(flt: ProposalFilter) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = [Proposal.deleted.is_(False)]
    if flt.status:
        statuses = [flt.status] if isinstance(flt.status, str) else list(flt.status)
        conds.append(Proposal.status.in_([ProposalStatus(s).value for s in statuses]))
    if flt.year is not None:
        conds.append(Proposal.year == flt.year)
    if flt.category:
        conds.append(Proposal.category_code == flt.category)
    if flt.funding_source:
        conds.append(Proposal.funding_source == FundingSource(flt.funding_source).value)
    if flt.commune_code is not None:
        in_beneficiary = (
            select(ProposalFacility.proposal_id)
            .join(Facility, Facility.uuid == ProposalFacility.facility_uuid)
            .where(
                Facility.commune_scheme == SCHEME_2025, Facility.commune_code == flt.commune_code
            )
        )
        conds.append(
            or_(
                (Proposal.commune_scheme == SCHEME_2025)
                & (Proposal.commune_code == flt.commune_code),
                Proposal.id.in_(in_beneficiary),
            )
        )
    if flt.facility_uuid:
        conds.append(
            Proposal.id.in_(
                select(ProposalFacility.proposal_id).where(
                    ProposalFacility.facility_uuid == flt.facility_uuid
                )
            )
        )
    for token in fold(flt.search).split():
        conds.append(Proposal.title_folded.contains(token, autoescape=True))
    return conds


_ROW_COLUMNS = (
    Proposal.id,
    Proposal.uuid,
    Proposal.title,
    Proposal.category_code,
    Proposal.funding_source,
    Proposal.status,
    Proposal.year,
    Proposal.commune_code,
    Proposal.total_amount,
    Proposal.support_amount,
    Proposal.counterpart_amount,
    Proposal.approved_amount,
    Proposal.updated_at,
    ContentCategory.name_vi,
    Commune.name,
    ContentCategory.name_en,
)


def _rows(
    session: Session, flt: ProposalFilter, order: str, offset: int, limit: int | None
) -> list[ProposalRow]:
    # Only the listed columns, with the category, commune and beneficiaries' names joined in
    # SQL: one query per page whatever the size of the register (Core, not ORM objects).
    names = (
        select(func.aggregate_strings(Facility.name, "; "))
        .select_from(ProposalFacility)
        .join(Facility, Facility.uuid == ProposalFacility.facility_uuid)
        .where(ProposalFacility.proposal_id == Proposal.id)
        .scalar_subquery()
    )
    stmt = (
        select(*_ROW_COLUMNS, names)
        .outerjoin(ContentCategory, ContentCategory.code == Proposal.category_code)
        .outerjoin(
            Commune,
            (Commune.scheme == Proposal.commune_scheme) & (Commune.code == Proposal.commune_code),
        )
        .where(*filter_conditions(flt))
        .order_by(*ORDERS[order])
        .offset(max(0, offset))
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return [
        ProposalRow(
            uuid=uuid,
            title=title,
            category_code=category,
            category_name=category_name or category,
            funding_source=funding,
            status=ProposalStatus(status),
            year=year,
            commune_code=commune,
            commune_name=commune_name or "",
            beneficiaries=beneficiaries or "",
            total_amount=int(total or 0),
            support_amount=int(support or 0),
            counterpart_amount=int(counterpart or 0),
            approved_amount=approved,
            updated_at=updated,
            category_name_en=category_name_en or category_name or category,
        )
        for (_pid, uuid, title, category, funding, status, year, commune, total, support,
             counterpart, approved, updated, category_name, commune_name, category_name_en,
             beneficiaries)
        in session.connection().execute(stmt)
    ]  # fmt: skip


def _check_order(order: str) -> None:
    if order not in ORDERS:
        raise KcError(
            f"Không sắp xếp được theo “{order}” (chọn: {', '.join(ORDERS)}).",
            f"Cannot sort by “{order}” (choose: {', '.join(ORDERS)}).",
        )


def list_proposals(
    db: Database,
    flt: ProposalFilter | None = None,
    *,
    order: str = "updated",
    offset: int = 0,
    limit: int | None = 200,
) -> list[ProposalRow]:
    """A page of proposals, filtered and sorted in SQL."""
    _check_order(order)
    with db.unit_of_work() as uow:
        return _rows(uow.session, flt or ProposalFilter(), order, offset, limit)


def proposal_page(
    db: Database, flt: ProposalFilter | None = None, *, order: str = "updated", limit: int = 200
) -> tuple[int, list[ProposalRow]]:
    """``(count, first page)`` in one unit of work: what the list view asks on each filter."""
    _check_order(order)
    flt = flt or ProposalFilter()
    with db.unit_of_work() as uow:
        total = uow.session.execute(
            select(func.count(Proposal.id)).where(*filter_conditions(flt))
        ).scalar_one()
        return int(total), _rows(uow.session, flt, order, 0, limit)


def count_proposals(db: Database, flt: ProposalFilter | None = None) -> int:
    stmt = select(func.count(Proposal.id)).where(*filter_conditions(flt or ProposalFilter()))
    with db.unit_of_work() as uow:
        return int(uow.session.execute(stmt).scalar_one())


def proposal_filter_values(db: Database) -> dict[str, list[Any]]:
    """What the list's filters offer: years present, categories, communes present."""
    with db.unit_of_work() as uow:
        session = uow.session
        seed_defaults(session)
        live = Proposal.deleted.is_(False)
        years = sorted(
            (
                y
                for y in session.execute(select(Proposal.year).where(live).distinct()).scalars()
                if y is not None
            ),
            reverse=True,
        )
        codes = set(
            session.execute(
                select(Proposal.commune_code)
                .where(live, Proposal.commune_code.is_not(None))
                .distinct()
            ).scalars()
        )
        codes |= set(
            session.execute(
                select(Facility.commune_code)
                .join(ProposalFacility, ProposalFacility.facility_uuid == Facility.uuid)
                .join(Proposal, Proposal.id == ProposalFacility.proposal_id)
                .where(live, Facility.commune_scheme == SCHEME_2025)
                .distinct()
            ).scalars()
        )
        codes.discard(None)
        communes = (
            session.execute(
                select(Commune.code, Commune.name, Commune.name_sort)
                .where(Commune.scheme == SCHEME_2025, Commune.code.in_(codes))
                .order_by(Commune.name_sort)
            ).all()
            if codes
            else []
        )
        return {
            "years": years,
            "categories": [(c.code, c.name_vi) for c in category_rows(session, True)],
            "communes": [(int(code), name) for code, name, _ in communes],
            "statuses": [(s.value, s.label_vi) for s in ProposalStatus],
            "funding_sources": [(f.value, funding_label(f)) for f in FundingSource],
        }
