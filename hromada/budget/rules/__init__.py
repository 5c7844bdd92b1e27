"""Counting rules of the public budget: a pure core (no Django), exact where a comparison decides.

Entry point::

    from hromada.budget.rules import tally, Election, Project, ApprovalBallot

    outcome = tally(election, rule="mes")                       # MES, cost utilities for approval ballots
    outcome = tally(election, rule="mes-add1")                  # MES + Add1 completion (equalshares.net)
    outcome = tally(election, rule="greedy", tie_break=("max-votes", "id"))
    outcome.winners        # project ids in selection order
    outcome.total_cost     # exact (int or Fraction)
    outcome.explanations   # project id -> Explanation (why it won or lost)
    outcome.ties           # every tie met and how it was broken
    outcome.unresolved_tie # a tie the tie-break could not break (the count stopped there), else None

``rule`` is one of ``RULES``:

- ``greedy``: by score (approvals / points / Borda), fund each project that still fits, skip the others;
- ``greedy-no-skip``: the same, but stop at the first project that does not fit;
- ``mes``: the Method of Equal Shares (no completion);
- ``mes-add1``: MES, then raise every voter's endowment by one currency unit at a time and rerun MES until the
  outcome would exceed the budget; keep the last outcome that fits (the linear definition of equalshares.net
  and pabutools, returned exactly);
- ``phragmen``: sequential Phragmén (approval ballots, or positive marks of cardinal ballots).

``utility`` (MES only): ``cost`` (default for approval), ``cardinality``, ``points`` (default for
cumulative and scoring). ``tie_break``: a sequence of ``TIE_BREAK_CRITERIA``; the default ``("id",)``
is pabutools' (smallest project id compared as a string).
A tie the sequence cannot break is reported, never resolved silently.

With ``Election.category_budgets`` every category is counted separately with its own amount (and its cap on
winners); the outcome concatenates them. ``compare(election, rules=...)`` runs several rules side by side.
"""

from __future__ import annotations

from collections.abc import Sequence

from hromada.budget.rules.model import (
    DEFAULT_TIE_BREAK,
    RULES,
    TIE_BREAK_CRITERIA,
    UTILITIES,
    ApprovalBallot,
    Ballot,
    BallotLimits,
    CumulativeBallot,
    Election,
    Explanation,
    Number,
    OrdinalBallot,
    Outcome,
    Project,
    ScoringBallot,
    Tie,
    VoteType,
)

__all__ = [
    "DEFAULT_TIE_BREAK",
    "RULES",
    "TIE_BREAK_CRITERIA",
    "UTILITIES",
    "ApprovalBallot",
    "Ballot",
    "BallotLimits",
    "Comparison",
    "CumulativeBallot",
    "Election",
    "Explanation",
    "Number",
    "OrdinalBallot",
    "Outcome",
    "Project",
    "ScoringBallot",
    "Tie",
    "VoteType",
    "compare",
    "tally",
]


def tally(
    election: Election,
    *,
    rule: str,
    utility: str | None = None,
    tie_break: Sequence[str] = DEFAULT_TIE_BREAK,
) -> Outcome:
    """Count ``election`` with ``rule``; raise ValueError for an unknown rule/utility/criterion or a
    combination that does not apply (e.g. MES cost utility on ordinal ballots)."""
    from hromada.budget.rules.engine import run

    return run(election, rule=rule, utility=utility, tie_break=tuple(tie_break))


from hromada.budget.rules.compare import Comparison, compare  # noqa: E402
