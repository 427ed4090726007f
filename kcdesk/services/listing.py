"""Plain lists of surveys and proposals for the command line and scripts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from kcdesk.services.context import Database
from kcdesk.storage.models import Facility, Proposal, ProposalFacility, Survey
from kcdesk.storage.search import match_condition
from kcdesk.vn.text import fold


@dataclass(frozen=True)
class SurveyListRow:
    uuid: str
    facility_uuid: str
    facility_name: str
    form: str
    form_version: int
    status: str
    surveyor: str
    survey_date: str | None

    def to_json(self) -> dict[str, Any]:
        return self.__dict__ | {"form": f"{self.form}@{self.form_version}"}


@dataclass(frozen=True)
class ProposalListRow:
    uuid: str
    title: str
    category: str
    funding_source: str
    status: str
    year: int | None
    support_amount: int
    counterpart_amount: int

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def list_surveys(db: Database, search: str = "", limit: int | None = 100) -> list[SurveyListRow]:
    """Surveys, newest first; ``search`` matches the facility (name, owner, commune …)."""
    stmt = (
        select(Survey, Facility.name)
        .join(Facility, Facility.uuid == Survey.facility_uuid)
        .where(Survey.deleted.is_(False))
        .order_by(Survey.survey_date.desc(), Survey.id.desc())
    )
    condition = match_condition(db.dialect, search)
    if condition is not None:
        stmt = stmt.where(condition)
    if limit is not None:
        stmt = stmt.limit(limit)
    with db.unit_of_work() as uow:
        return [
            SurveyListRow(
                uuid=s.uuid,
                facility_uuid=s.facility_uuid,
                facility_name=name,
                form=s.form_id,
                form_version=s.form_version,
                status=s.status,
                surveyor=s.surveyor,
                survey_date=s.survey_date.isoformat() if s.survey_date else None,
            )
            for s, name in uow.session.execute(stmt).all()
        ]


def list_proposals(
    db: Database, search: str = "", limit: int | None = 100
) -> list[ProposalListRow]:
    stmt = select(Proposal).where(Proposal.deleted.is_(False)).order_by(Proposal.id.desc())
    for token in fold(search).split():
        stmt = stmt.where(Proposal.title_folded.contains(token))
    if limit is not None:
        stmt = stmt.limit(limit)
    with db.unit_of_work() as uow:
        return [
            ProposalListRow(
                uuid=p.uuid,
                title=p.title,
                category=p.category_code,
                funding_source=p.funding_source,
                status=p.status,
                year=p.year,
                support_amount=int(p.support_amount or 0),
                counterpart_amount=int(p.counterpart_amount or 0),
            )
            for p in uow.session.execute(stmt).scalars()
        ]


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


def facility_records(db: Database, uuid: str, limit: int = 200) -> FacilityRecords:
    """A facility's surveys (newest first) and the proposals it benefits from, for its page."""
    with db.engine.connect() as conn:
        surveys = [
            SurveyLine(s_uuid, when, f"{form} v{version}", status, surveyor)
            for s_uuid, when, form, version, status, surveyor in conn.execute(
                select(Survey.uuid, Survey.survey_date, Survey.form_id, Survey.form_version,
                       Survey.status, Survey.surveyor)
                .where(Survey.facility_uuid == uuid, Survey.deleted.is_(False))
                .order_by(Survey.survey_date.desc(), Survey.id.desc())
                .limit(limit)
            )
        ]  # fmt: skip
        proposals = [
            ProposalLine(p_uuid, title, year, status, int(support or 0))
            for p_uuid, title, year, status, support in conn.execute(
                select(Proposal.uuid, Proposal.title, Proposal.year, Proposal.status,
                       Proposal.support_amount)
                .join(ProposalFacility, ProposalFacility.proposal_id == Proposal.id)
                .where(ProposalFacility.facility_uuid == uuid, Proposal.deleted.is_(False))
                .order_by(Proposal.year.desc(), Proposal.id.desc())
                .limit(limit)
            )
        ]  # fmt: skip
    return FacilityRecords(surveys, proposals)
