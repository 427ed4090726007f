"""Surveys and proposals of one facility, for the facility's page.

Uses ``kcdesk.services.listing.facility_records(db, uuid)`` when the services offer it; until
then the same small read-only query lives here (two indexed lookups by facility uuid), returning
plain rows like the services do. TODO(lead): move ``_query`` into services/listing.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kcdesk.services.context import Database

LIMIT = 200


@dataclass(frozen=True)
class SurveyLine:
    uuid: str
    survey_date: date | None
    form: str
    status: str
    surveyor: str


@dataclass(frozen=True)
class ProposalLine:
    uuid: str
    title: str
    year: int | None
    status: str
    support_amount: int


@dataclass(frozen=True)
class FacilityRecords:
    surveys: list[SurveyLine] = field(default_factory=list)
    proposals: list[ProposalLine] = field(default_factory=list)


def facility_records(db: Database, uuid: str) -> FacilityRecords:
    from kcdesk.services import listing

    service = getattr(listing, "facility_records", None)
    if callable(service):
        result = service(db, uuid)
        return FacilityRecords(
            surveys=[
                SurveyLine(
                    s.uuid,
                    getattr(s, "survey_date", None),
                    getattr(s, "form", ""),
                    s.status,
                    getattr(s, "surveyor", ""),
                )
                for s in result.surveys
            ],
            proposals=[
                ProposalLine(
                    p.uuid, p.title, p.year, p.status, int(getattr(p, "support_amount", 0))
                )
                for p in result.proposals
            ],
        )
    return _query(db, uuid)


def _query(db: Database, uuid: str) -> FacilityRecords:
    from sqlalchemy import select

    from kcdesk.storage.models import Proposal, ProposalFacility, Survey

    with db.unit_of_work() as uow:
        surveys = [
            SurveyLine(
                s.uuid, s.survey_date, f"{s.form_id} v{s.form_version}", s.status, s.surveyor
            )
            for s in uow.session.execute(
                select(Survey)
                .where(Survey.facility_uuid == uuid, Survey.deleted.is_(False))
                .order_by(Survey.survey_date.desc(), Survey.id.desc())
                .limit(LIMIT)
            ).scalars()
        ]
        proposals = [
            ProposalLine(p.uuid, p.title, p.year, p.status, int(p.support_amount or 0))
            for p in uow.session.execute(
                select(Proposal)
                .join(ProposalFacility, ProposalFacility.proposal_id == Proposal.id)
                .where(ProposalFacility.facility_uuid == uuid, Proposal.deleted.is_(False))
                .order_by(Proposal.year.desc(), Proposal.id.desc())
                .limit(LIMIT)
            ).scalars()
        ]
    return FacilityRecords(surveys, proposals)
