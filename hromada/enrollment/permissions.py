"""Who may do what in enrollment; every predicate takes the hromada as its object."""

from __future__ import annotations

from hromada.accounts.permissions import manages_hromada, works_for_hromada

# Open and close rounds, publish territories, set places, run the allocation.
manages_enrollment = manages_hromada
# Check priority documents, record enrolments (officials of the education department, institution staff
# with a back-office account, administrators).
checks_documents = works_for_hromada

__all__ = ["checks_documents", "manages_enrollment"]
