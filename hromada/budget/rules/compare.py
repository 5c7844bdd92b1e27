"""Several rules side by side on one election, for officials: who wins under which rule."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hromada.budget.rules.model import DEFAULT_TIE_BREAK, Election, Number, Outcome


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    project_id: str
    name: str
    cost: Number
    score: Number
    selected_by: tuple[str, ...]
    """The rules (labels) that fund this project."""


@dataclass(frozen=True, slots=True)
class Comparison:
    labels: tuple[str, ...]
    """One label per rule run, e.g. ``mes`` or ``mes/cardinality``."""
    outcomes: tuple[Outcome, ...]
    rows: tuple[ComparisonRow, ...]
    """Every project, the most often funded first, then by score."""

    def selected_by_all(self) -> tuple[str, ...]:
        return tuple(r.project_id for r in self.rows if len(r.selected_by) == len(self.labels))

    def selected_by_some(self) -> tuple[str, ...]:
        return tuple(r.project_id for r in self.rows if 0 < len(r.selected_by) < len(self.labels))


def compare(
    election: Election,
    *,
    rules: Sequence[str | tuple[str, str]] = ("greedy", "mes-add1", "phragmen"),
    tie_break: Sequence[str] = DEFAULT_TIE_BREAK,
) -> Comparison:
    """Run each rule (a name, or ``(name, utility)``) and line the outcomes up project by project."""
    from hromada.budget.rules import tally

    labels: list[str] = []
    outcomes: list[Outcome] = []
    for spec in rules:
        rule, utility = (spec, None) if isinstance(spec, str) else spec
        outcome = tally(election, rule=rule, utility=utility, tie_break=tie_break)
        labels.append(rule if utility is None else f"{rule}/{utility}")
        outcomes.append(outcome)
    rows = []
    for project in election.projects:
        chosen = tuple(
            label for label, o in zip(labels, outcomes, strict=True) if project.id in set(o.winners)
        )
        any_outcome = outcomes[0] if outcomes else None
        expl = any_outcome.explanations.get(project.id) if any_outcome else None
        rows.append(
            ComparisonRow(
                project_id=project.id,
                name=project.name,
                cost=project.cost,
                score=expl.score if expl else 0,
                selected_by=chosen,
            )
        )
    rows.sort(key=lambda r: (-len(r.selected_by), -r.score, r.project_id))
    return Comparison(labels=tuple(labels), outcomes=tuple(outcomes), rows=tuple(rows))
