"""The consultations' open dataset: every proposal and the department's answer (no author named)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hromada.core.datasets import Dataset, Field

from . import selectors

DATASETS = [
    Dataset(
        key="consultation-proposals",
        title=_("Proposals of public consultations and the answers to them"),
        description=_(
            "Every proposal of a new wording made in the hromada's public consultations, with the paragraph "
            "and draft version it concerns, its supports and the responsible department's decision and "
            "reasons. Authors are not named; the text of a proposal hidden by a moderator is left out."
        ),
        purpose=_("To check what the hromada did with each proposal of its residents."),
        tags=("консультації",),
        primary_key="id",
        modified=selectors.opendata_modified,
        rows=selectors.opendata_proposals,
        rows_after=selectors.opendata_proposals,
        order=60,
        fields=(
            Field("id", "integer", _("Proposal number")),
            Field("consultation", "integer", _("Consultation number")),
            Field("consultation_title", "string", _("Consultation")),
            Field("version", "integer", _("Draft version")),
            Field("paragraph", "integer", _("Paragraph")),
            Field("proposal", "string", _("Proposal")),
            Field("proposed_wording", "string", _("Proposed wording")),
            Field("hidden_reason", "string", _("Reason it was hidden")),
            Field("supports", "integer", _("Supports")),
            Field("proposed_at", "datetime", _("Proposed")),
            Field("decision", "string", _("Decision"), _("accepted, partly or rejected")),
            Field("reasons", "string", _("Reasons of the decision")),
            Field("answered_at", "datetime", _("Answered")),
        ),
    ),
]
