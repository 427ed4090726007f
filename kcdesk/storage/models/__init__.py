"""All mapped models; importing this package registers every table on ``Base.metadata``."""

from kcdesk.storage.models import forms as forms  # installed survey form definitions
from kcdesk.storage.models import proposal_rules as proposal_rules  # proposals' rules tables
from kcdesk.storage.models import sync as sync  # sync keys, peers, packages, conflicts
from kcdesk.storage.models.attachment import Attachment, Blob
from kcdesk.storage.models.audit import AuditEntry
from kcdesk.storage.models.base import Base, TravellingMixin
from kcdesk.storage.models.facility import Facility
from kcdesk.storage.models.installation import Installation, Setting
from kcdesk.storage.models.places import Commune, CommuneMapping, District, Province
from kcdesk.storage.models.proposal import (
    Proposal,
    ProposalBudgetLine,
    ProposalFacility,
    ProposalStatusChange,
)
from kcdesk.storage.models.survey import Survey

TRAVELLING_MODELS: tuple[type[TravellingMixin], ...] = (Facility, Survey, Proposal, Attachment)

__all__ = [
    "TRAVELLING_MODELS",
    "Attachment",
    "AuditEntry",
    "Base",
    "Blob",
    "Commune",
    "CommuneMapping",
    "District",
    "Facility",
    "Installation",
    "Proposal",
    "ProposalBudgetLine",
    "ProposalFacility",
    "ProposalStatusChange",
    "Province",
    "Setting",
    "Survey",
    "TravellingMixin",
]
