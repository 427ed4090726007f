"""Đề án khuyến công: budget, support caps, lifecycle and checks (pure Python).

- :mod:`.status`: statuses, roles, funding sources and their labels;
- :mod:`.budget`: budget lines, exact integer totals, line validation;
- :mod:`.caps`: categories and cap rules, which rule governs, the cap check;
- :mod:`.lifecycle`: the state machine (who may take which step, who may edit);
- :mod:`.content`: the proposal's content and its save / submit checks;
- :mod:`.checks`: cap guards on save and on transitions, repeated support;
- :mod:`.rules_file`: the rules document a province loads.
"""

from kcdesk.domain.proposals.budget import BudgetLine, BudgetTotals, budget_totals, make_line
from kcdesk.domain.proposals.caps import (
    CapBasis,
    CapCheck,
    CapRule,
    Category,
    RuleSource,
    check_caps,
    select_rule,
)
from kcdesk.domain.proposals.checks import DEFAULT_REPEAT_YEARS, PastProposal, recent_repeats
from kcdesk.domain.proposals.content import ExpectedResults, ProposalContent
from kcdesk.domain.proposals.lifecycle import (
    TRANSITIONS,
    ReadOnlyError,
    Transition,
    TransitionError,
    TransitionRecord,
    can_edit,
    check_editable,
    check_incoming,
    check_transition,
    next_steps,
)
from kcdesk.domain.proposals.rules_file import RuleSet, parse_rules
from kcdesk.domain.proposals.status import FundingSource, ProposalStatus, Role

__all__ = [
    "DEFAULT_REPEAT_YEARS",
    "TRANSITIONS",
    "BudgetLine",
    "BudgetTotals",
    "CapBasis",
    "CapCheck",
    "CapRule",
    "Category",
    "ExpectedResults",
    "FundingSource",
    "PastProposal",
    "ProposalContent",
    "ProposalStatus",
    "ReadOnlyError",
    "Role",
    "RuleSet",
    "RuleSource",
    "Transition",
    "TransitionError",
    "TransitionRecord",
    "budget_totals",
    "can_edit",
    "check_caps",
    "check_editable",
    "check_incoming",
    "check_transition",
    "make_line",
    "next_steps",
    "parse_rules",
    "recent_repeats",
    "select_rule",
]
