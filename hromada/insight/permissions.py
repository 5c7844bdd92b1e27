"""Who may do what with the index (``obj`` is the hromada): see docs/insight.md."""

from hromada.accounts.permissions import works_for_hromada
from hromada.core.permissions import has_role, manages_hromada

# The officials' dashboard and index pages: everyone who works for the hromada.
can_view_insight = works_for_hromada
# Entering a self-reported value: administrators and heads of department.
can_self_report = manages_hromada | has_role("head")
# Closing a quarter and the hromada's index settings: administrators.
can_close_quarter = manages_hromada
