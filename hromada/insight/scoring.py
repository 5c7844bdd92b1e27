"""How the index is scored: pure Python, no Django import (docs/insight.md, "How the scores are computed").

Each indicator's value becomes a score from 0 to 100 on the straight line from its ``worst`` value (0) to
its ``best`` (100), clamped; either end may be the larger, so "lower is better" needs no flag. A module's
score is the weighted mean of its indicators' scores; indicators without a value (nothing measured, or a
self-report missing or expired) are left out and listed as missing, never counted as zero. The weights are
the community's (default 1 each): the Ministry has not published its own.

"What would raise the score most" lists, for each indicator below 100, how many points of its module's
score it would add at its best value, ordered by effort (1 a setting, 2 work of a department, 3 a
project) and then by the gain.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


def indicator_score(value: float | None, *, worst: float, best: float) -> float | None:
    """``value`` on the 0–100 scale from ``worst`` to ``best`` (clamped); ``None`` for no value."""
    if value is None:
        return None
    share = (value - worst) / (best - worst)
    return round(100.0 * min(1.0, max(0.0, share)), 1)


@dataclass(frozen=True)
class Scored:
    key: str
    module: str
    score: float | None
    weight: float
    effort: int


@dataclass(frozen=True)
class ModuleScore:
    module: str
    score: float | None  # None when no indicator of the module has a value
    measured: int  # indicators with a value
    missing: int  # indicators without one


def module_scores(items: Iterable[Scored]) -> dict[str, ModuleScore]:
    """The weighted mean score of each module's indicators that have a value (weights ≤ 0 leave an
    indicator out)."""
    grouped: dict[str, list[Scored]] = {}
    for item in items:
        grouped.setdefault(item.module, []).append(item)
    result = {}
    for module, members in grouped.items():
        present = [(m.score, m.weight) for m in members if m.score is not None and m.weight > 0]
        total = sum(weight for _score, weight in present)
        score = round(sum(s * w for s, w in present) / total, 1) if total else None
        result[module] = ModuleScore(module, score, len(present), len(members) - len(present))
    return result


@dataclass(frozen=True)
class Gain:
    key: str
    module: str
    effort: int
    points: float  # how much the module's score would rise with this indicator at its best


def best_gains(items: Iterable[Scored]) -> list[Gain]:
    """For every indicator not at its best, what its module's score would gain if it were; ordered by
    effort (lowest first), then by the gain (largest first). A missing value counts as 0 here: entering
    or measuring it is a gain too."""
    members = list(items)
    by_module: dict[str, list[Scored]] = {}
    for item in members:
        by_module.setdefault(item.module, []).append(item)
    gains = []
    for module, group in by_module.items():
        weights = [m.weight for m in group if m.weight > 0]
        total = sum(weights)
        if not total:
            continue
        now = sum((m.score or 0.0) * m.weight for m in group if m.weight > 0) / total
        for item in group:
            if item.weight <= 0 or (item.score is not None and item.score >= 100):
                continue
            after = now + (100.0 - (item.score or 0.0)) * item.weight / total
            gains.append(Gain(item.key, module, item.effort, round(after - now, 1)))
    return sorted(gains, key=lambda g: (g.effort, -g.points, g.key))


def weight_of(weights: Mapping[str, object], key: str) -> float:
    """The community's weight for ``key`` (1 unless set to a number ≥ 0)."""
    raw = weights.get(key, 1)
    return float(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) and raw >= 0 else 1.0
