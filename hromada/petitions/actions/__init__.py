"""Writes of the petitions module: every status change, signature and job goes through here.

Each action is keyword-only, runs in one transaction, checks permissions and the lifecycle
(:mod:`hromada.petitions.lifecycle`), appends a ledger entry for every transition (``petition.<event>``,
subject the petition, people as salted commitments) and sends notifications after commit
(:func:`hromada.core.actions.notify_on_commit`). The time is :func:`hromada.core.clock.now`.

One module per entity or process, re-exported here (callers import ``hromada.petitions.actions.<name>``):
:mod:`.rules`, :mod:`.addressee`, :mod:`.petition` (drafts, submission, withdrawal), :mod:`.moderation`,
:mod:`.signing`, :mod:`.signature` (withdrawn, invalidated), :mod:`.aggregation` (counts, thresholds),
:mod:`.answer` (forwarding, answers, updates) and :mod:`.jobs` (the periodic jobs).

Signing (:mod:`.signing`) is the hot path, tuned by hand for speed and not a template: it reads nothing it
does not need, inserts the ledger's pending entry, the signer's personal receipt and the signature in one
transaction, and never touches a counter row. Counts are refreshed by :func:`petition_counts_refresh`, run
every few seconds by the periodic job ``petitions.aggregate`` (:func:`petitions_aggregate`), which also
detects thresholds and signature spikes.
"""

from __future__ import annotations

from .addressee import addressee_save
from .aggregation import petition_counts_refresh, petition_threshold_reach
from .answer import ANSWER_DOCUMENT_TYPES, petition_add_update, petition_answer, petition_forward
from .jobs import (
    AGGREGATE_MARK,
    petitions_aggregate,
    petitions_anonymise,
    petitions_expire,
    petitions_forward_due,
    petitions_tick,
)
from .moderation import petition_moderation_take, petition_publish, petition_reject
from .petition import (
    TEXT_MAX,
    TEXT_MIN,
    TITLE_MAX,
    TITLE_MIN,
    petition_create_draft,
    petition_submit,
    petition_update,
    petition_withdraw,
)
from .rules import rules_version_create
from .signature import signature_withdraw, signatures_invalidate_bulk
from .signing import SignatureResult, SignRequest, signature_add, signature_submit, signatures_add

__all__ = [
    "AGGREGATE_MARK",
    "ANSWER_DOCUMENT_TYPES",
    "TEXT_MAX",
    "TEXT_MIN",
    "TITLE_MAX",
    "TITLE_MIN",
    "SignRequest",
    "SignatureResult",
    "addressee_save",
    "petition_add_update",
    "petition_answer",
    "petition_counts_refresh",
    "petition_create_draft",
    "petition_forward",
    "petition_moderation_take",
    "petition_publish",
    "petition_reject",
    "petition_submit",
    "petition_threshold_reach",
    "petition_update",
    "petition_withdraw",
    "petitions_aggregate",
    "petitions_anonymise",
    "petitions_expire",
    "petitions_forward_due",
    "petitions_tick",
    "rules_version_create",
    "signature_add",
    "signature_submit",
    "signature_withdraw",
    "signatures_add",
    "signatures_invalidate_bulk",
]
