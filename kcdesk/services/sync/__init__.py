"""Sync use cases: enrolment, export, import, receipts, conflict review, history, key transfer.

Every call is one unit of work (an import: one transaction) and returns plain dataclasses.
"""

from kcdesk.io.sync.keyfile import KeyFileError
from kcdesk.services.sync.conflicts import (
    ConflictDetail,
    ConflictSummary,
    FieldView,
    ResolveResult,
    VersionView,
    conflict_detail,
    list_conflicts,
    resolve_conflict,
)
from kcdesk.services.sync.enrolment import create_setup_file, enrol
from kcdesk.services.sync.export import Cancelled, export_all, export_package
from kcdesk.services.sync.history import identity, list_packages, list_peers, set_peer_status
from kcdesk.services.sync.importer import import_package, import_packages, inspect_package
from kcdesk.services.sync.key_transfer import (
    KeyTransferResult,
    export_keys,
    import_keys,
    inspect_key_file,
)
from kcdesk.services.sync.keystore import KeysElsewhereError
from kcdesk.services.sync.results import (
    EnrolResult,
    ExportSummary,
    IdentityView,
    ImportOutcome,
    ImportResult,
    InspectReport,
    PackageView,
    PeerView,
    SetupSummary,
)
from kcdesk.services.sync.status import SyncStatus, sync_status

__all__ = [
    "Cancelled",
    "ConflictDetail",
    "ConflictSummary",
    "EnrolResult",
    "ExportSummary",
    "FieldView",
    "IdentityView",
    "ImportOutcome",
    "ImportResult",
    "InspectReport",
    "KeyFileError",
    "KeyTransferResult",
    "KeysElsewhereError",
    "PackageView",
    "PeerView",
    "ResolveResult",
    "SetupSummary",
    "SyncStatus",
    "VersionView",
    "conflict_detail",
    "create_setup_file",
    "enrol",
    "export_all",
    "export_keys",
    "export_package",
    "identity",
    "import_keys",
    "import_package",
    "import_packages",
    "inspect_key_file",
    "inspect_package",
    "list_conflicts",
    "list_packages",
    "list_peers",
    "resolve_conflict",
    "set_peer_status",
    "sync_status",
]
