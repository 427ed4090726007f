"""The list of proposals: filters, sorting and paging in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select

from kcdesk.domain.errors import KcError
from kcdesk.domain.proposals.status import FundingSource, ProposalStatus, funding_label
from kcdesk.services.context import Database
from kcdesk.services.proposal_rules import category_rows, seed_defaults
from kcdesk.storage.models import Commune, Facility, Proposal, ProposalFacility
from kcdesk.storage.models.places import SCHEME_2025
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


def _conditions(flt: ProposalFilter) -> list[ColumnElement[bool]]:
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


def _select_rows(flt: ProposalFilter) -> Select[Any]:
    return select(Proposal).where(*_conditions(flt))


def list_proposals(
    db: Database,
    flt: ProposalFilter | None = None,
    *,
    order: str = "updated",
    offset: int = 0,
    limit: int | None = 200,
) -> list[ProposalRow]:
    """A page of proposals, filtered and sorted in SQL."""
    flt = flt or ProposalFilter()
    if order not in ORDERS:
        raise KcError(
            f"Không sắp xếp được theo “{order}” (chọn: {', '.join(ORDERS)}).",
            f"Cannot sort by “{order}” (choose: {', '.join(ORDERS)}).",
        )
    stmt = _select_rows(flt).order_by(*ORDERS[order]).offset(max(0, offset))
    if limit is not None:
        stmt = stmt.limit(limit)
    with db.unit_of_work() as uow:
        session = uow.session
        seed_defaults(session)
        proposals = list(session.execute(stmt).scalars())
        ids = [p.id for p in proposals]
        names: dict[int, list[str]] = {}
        if ids:
            for pid, name in session.execute(
                select(ProposalFacility.proposal_id, Facility.name)
                .join(Facility, Facility.uuid == ProposalFacility.facility_uuid)
                .where(ProposalFacility.proposal_id.in_(ids))
                .order_by(ProposalFacility.id)
            ):
                names.setdefault(pid, []).append(name)
        categories = {c.code: c.name_vi for c in category_rows(session, include_inactive=True)}
        codes = {p.commune_code for p in proposals if p.commune_code is not None}
        communes: dict[int, str] = {}
        if codes:
            communes = dict(
                session.execute(
                    select(Commune.code, Commune.name).where(
                        Commune.scheme == SCHEME_2025, Commune.code.in_(codes)
                    )
                ).all()
            )
        return [
            ProposalRow(
                uuid=p.uuid,
                title=p.title,
                category_code=p.category_code,
                category_name=categories.get(p.category_code, p.category_code),
                funding_source=p.funding_source,
                status=ProposalStatus(p.status),
                year=p.year,
                commune_code=p.commune_code,
                commune_name=communes.get(p.commune_code, "") if p.commune_code else "",
                beneficiaries="; ".join(names.get(p.id, [])),
                total_amount=int(p.total_amount or 0),
                support_amount=int(p.support_amount or 0),
                counterpart_amount=int(p.counterpart_amount or 0),
                approved_amount=p.approved_amount,
                updated_at=p.updated_at,
            )
            for p in proposals
        ]


def count_proposals(db: Database, flt: ProposalFilter | None = None) -> int:
    stmt = select(func.count(Proposal.id)).where(*_conditions(flt or ProposalFilter()))
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
