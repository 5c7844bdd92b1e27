"""The periodic job: every hour, each hromada's indicators for the running quarter (and the last one
while it is still open) and its monthly headline figures."""

from __future__ import annotations

import logging

from .actions import month_figures_compute, values_compute
from .selectors import closed_quarters, current_quarter, hromadas_to_compute

logger = logging.getLogger(__name__)


def compute_all() -> int:
    """Compute what is due for every hromada; returns how many values were stored."""
    quarter = current_quarter()
    stored = 0
    for hromada in hromadas_to_compute():
        closed = closed_quarters(hromada=hromada)
        for due in (quarter, quarter.previous()):
            if str(due) not in closed:
                stored += values_compute(hromada=hromada, quarter=due)
        stored += month_figures_compute(hromada=hromada)
    return stored
