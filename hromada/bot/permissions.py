"""Who may do what with the bot; every predicate takes the hromada (as budget/permissions.py)."""

from __future__ import annotations

from hromada.accounts.permissions import works_for_hromada
from hromada.core.permissions import manages_hromada

# The token, the webhook secret, who may use the bot: the hromada's administrators.
configures_bot = manages_hromada
# Announcements to subscribers: any official of the hromada.
sends_broadcasts = works_for_hromada

__all__ = ["configures_bot", "sends_broadcasts"]
