"""Who may do what in the module; every predicate takes the hromada as its object (as
budget/permissions.py).

Name predicates after what they let a person do here; build them from the roles of accounts/permissions.py.
"""

from __future__ import annotations

from hromada.accounts.permissions import works_for_hromada

# Draft, publish and archive items: the hromada's officials, moderators and administrators.
edits_items = works_for_hromada

__all__ = ["edits_items"]
