"""Who may do what in the help centre; every predicate takes the hromada as its object (as
budget/permissions.py)."""

from __future__ import annotations

from hromada.accounts.permissions import can_moderate, works_for_hromada

# Edit the hromada's copy of a help article (and put the shipped text back): moderators and administrators,
# as for the portal's news and help pages.
edits_articles = can_moderate

# See the articles and their feedback counts in the back office: the hromada's staff.
sees_feedback = works_for_hromada

__all__ = ["edits_articles", "sees_feedback"]
