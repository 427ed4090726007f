"""Merge rules of sync: version vectors and the insert / fast-forward / skip / conflict decision.

Pure Python, property-tested: see ``tests/domain/sync``.
"""

from kcdesk.domain.sync.merge import (
    Action,
    Decision,
    Version,
    content_digest,
    decide,
    head_order,
    maximal,
    needs_review,
    resolution_vector,
    stored_vector,
)
from kcdesk.domain.sync.vectors import (
    Order,
    VersionVector,
    advance,
    compare,
    concurrent,
    dominates,
    merge,
    normalize,
    parse_vector,
)

__all__ = [
    "Action",
    "Decision",
    "Order",
    "Version",
    "VersionVector",
    "advance",
    "compare",
    "concurrent",
    "content_digest",
    "decide",
    "dominates",
    "head_order",
    "maximal",
    "merge",
    "needs_review",
    "normalize",
    "parse_vector",
    "resolution_vector",
    "stored_vector",
]
