"""Dispatch of ``tally`` to the rules (being written)."""

from __future__ import annotations

from hromada.budget.rules.model import Election, Outcome


def run(election: Election, *, rule: str, utility: str | None, tie_break: tuple[str, ...]) -> Outcome:
    raise NotImplementedError(rule)
