"""Who may do what in the open-data portal; every predicate takes the hromada as its object."""

from __future__ import annotations

from hromada.core.permissions import manages_hromada

# Name the publishers, their ЄДРПОУ and who answers for the datasets: the hromada's administrators.
edits_publishers = manages_hromada

__all__ = ["edits_publishers"]
