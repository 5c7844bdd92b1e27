"""Wait prediction: handling time per service, exponentially weighted, and the error of past predictions.
Pure Python, no Django import.

Estimated wait = people ahead × recent handling time ÷ open desks serving the service.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

ALPHA = 0.3  # weight of the newest handling time in the moving average


def ewma(samples: Iterable[float], *, start: float, alpha: float = ALPHA) -> float:
    """The exponentially weighted mean of ``samples`` (oldest first), starting from ``start``."""
    value = start
    for sample in samples:
        value = alpha * sample + (1 - alpha) * value
    return value


def estimate_wait(*, ahead: int, handling_minutes: float, open_desks: int) -> int | None:
    """Minutes until a ticket with ``ahead`` people before it is called; None when no desk serves it."""
    if open_desks <= 0:
        return None
    if ahead <= 0:
        return 0
    return math.ceil(ahead * handling_minutes / open_desks)


def mean_absolute_error(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Mean of |predicted − actual| over (predicted, actual) pairs; None when there are none."""
    errors = [abs(p - a) for p, a in pairs]
    return sum(errors) / len(errors) if errors else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0–100) by the nearest-rank method; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]
