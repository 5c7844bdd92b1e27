"""The petitions' open datasets, registered with the platform's dataset registry (``core.datasets``) and
published by the open-data portal. Rows come from the selectors; no person is named in any of them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hromada.core.datasets import Dataset, Field

from . import selectors

TAGS = ("петиції",)

DATASETS = [
    Dataset(
        key="petitions",
        title=_("Electronic petitions"),
        description=_(
            "Every public petition: its status, addressee, district, the signature threshold and count, and "
            "the dates of its lifecycle. Authors and signers are not named."
        ),
        category="petitions",
        purpose=_("To follow what residents ask of the hromada and how the petitions move."),
        tags=TAGS,
        primary_key="id",
        modified=selectors.opendata_modified,
        rows=selectors.opendata_petitions,
        rows_after=selectors.opendata_petitions,
        count=selectors.opendata_petitions_count,
        order=30,
        fields=(
            Field("id", "integer", _("Petition number")),
            Field("title", "string", _("Title")),
            Field("status", "string", _("Status")),
            Field("topic", "string", _("Topic")),
            Field("district", "string", _("District")),
            Field("addressee", "string", _("Addressee")),
            Field("rules_version", "integer", _("Version of the petition rules")),
            Field("signature_threshold", "integer", _("Signatures needed")),
            Field("signatures", "integer", _("Signatures for")),
            Field("signatures_against", "integer", _("Signatures against")),
            Field("published_at", "datetime", _("Published")),
            Field("collection_ends_at", "datetime", _("Collection ends")),
            Field("threshold_reached_at", "datetime", _("Threshold reached")),
            Field("forwarded_at", "datetime", _("Forwarded to the addressee")),
            Field("answer_due_at", "datetime", _("Answer due")),
            Field("answered_at", "datetime", _("Answered")),
            Field("rejected_at", "datetime", _("Rejected")),
            Field("rejection_reason", "string", _("Reason of the rejection")),
            Field("expired_at", "datetime", _("Expired")),
        ),
    ),
    Dataset(
        key="petition-signatures-by-day",
        title=_("Petition signatures by day"),
        description=_("How many signatures each public petition gathered on each day (Kyiv time)."),
        category="petitions",
        tags=TAGS,
        modified=selectors.opendata_modified,
        rows=selectors.opendata_counts_by_day,
        order=31,
        fields=(
            Field("petition", "integer", _("Petition number")),
            Field("day", "date", _("Day")),
            Field("signatures", "integer", _("Signatures for")),
            Field("against", "integer", _("Signatures against")),
        ),
    ),
    Dataset(
        key="petition-signatures-by-district",
        title=_("Petition signatures by district"),
        description=_("How many signatures each public petition gathered in each district of the hromada."),
        category="petitions",
        tags=TAGS,
        modified=selectors.opendata_modified,
        rows=selectors.opendata_counts_by_district,
        order=32,
        fields=(
            Field("petition", "integer", _("Petition number")),
            Field("district_id", "integer", _("District identifier")),
            Field("district", "string", _("District")),
            Field("signatures", "integer", _("Signatures for")),
            Field("against", "integer", _("Signatures against")),
        ),
    ),
    Dataset(
        key="petition-answers",
        title=_("Answers to petitions"),
        description=_("The addressee's answer to each petition: the decision, its text, the dates."),
        category="petitions",
        tags=TAGS,
        primary_key="petition",
        modified=selectors.opendata_modified,
        rows=selectors.opendata_answers,
        rows_after=selectors.opendata_answers,
        order=33,
        fields=(
            Field("petition", "integer", _("Petition number")),
            Field("addressee", "string", _("Addressee")),
            Field("decision", "string", _("Decision")),
            Field("answered_at", "datetime", _("Answered")),
            Field("answer_due_at", "datetime", _("Answer due")),
            Field("on_time", "boolean", _("Answered on time")),
            Field("text", "string", _("Text of the answer")),
            Field("document", "string", _("Signed document")),
        ),
    ),
    Dataset(
        key="petition-answer-compliance",
        title=_("Petition answers on time, per addressee"),
        description=_(
            "For each addressee: answers given on time, given late, overdue now and still awaited."
        ),
        category="petitions",
        tags=TAGS,
        modified=selectors.opendata_modified,
        rows=selectors.opendata_compliance,
        order=34,
        fields=(
            Field("addressee", "string", _("Addressee")),
            Field("name", "string", _("Name of the addressee (a body of the hromada)")),
            Field("answered_on_time", "integer", _("Answered on time")),
            Field("answered_late", "integer", _("Answered late")),
            Field("overdue_now", "integer", _("Overdue now")),
            Field("waiting", "integer", _("Waiting for the answer")),
        ),
    ),
]

# The petitions module's own download paths (/petitions/open-data/<name>.<fmt>) and their datasets.
OLD_NAMES = {
    "petitions": "petitions",
    "counts-by-day": "petition-signatures-by-day",
    "counts-by-district": "petition-signatures-by-district",
    "answers": "petition-answers",
    "compliance": "petition-answer-compliance",
}
