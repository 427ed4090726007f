"""Surveys and proposals of one facility, for the facility's page (the query is a service)."""

from kcdesk.services.listing import FacilityRecords, ProposalLine, SurveyLine, facility_records

__all__ = ["FacilityRecords", "ProposalLine", "SurveyLine", "facility_records"]
