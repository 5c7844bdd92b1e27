"""The enrollment's open datasets for the platform's registry (``core.datasets``): read-only, through the
enrollment's selectors. The old ``/enrollment/data/…`` addresses redirect here (``views.py``).

The line has no keyset paging: each row's place in its group's line counts the rows before it, so the
rows are read from the start (one row per child applying: thousands, not millions)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from hromada.core.datasets import Dataset, Field
from hromada.core.models import Hromada

from . import selectors

TAGS = ("освіта",)


def line_rows(*, hromada: Hromada) -> list[dict[str, Any]]:
    return selectors.open_data_line(hromada=hromada)


def territory_rows(*, hromada: Hromada, after: Any = None) -> Iterator[dict[str, Any]]:
    territories = selectors.territories_published(hromada=hromada).order_by("pk")
    if after is not None:
        territories = territories.filter(pk__gt=int(after))
    for t in territories.iterator(chunk_size=2000):
        yield {
            "uid": t.pk,
            "institutionId": t.institution_id,
            "institutionName": t.institution.name,
            "description": t.description,
        }


DATASETS = [
    Dataset(
        key="enrollment-line",
        title=_("Queue to kindergartens and schools"),
        description=_(
            "One row per application: when it was received, the group, whether a priority was granted, "
            "the status. No child is identified: the birth year only."
        ),
        category="enrollment",
        tags=TAGS,
        rows=line_rows,
        order=60,
        fields=(
            Field("uid", "string", _("Application identifier")),
            Field("receivedDate", "date", _("Received")),
            Field("number", "integer", _("Place in the group's line")),
            Field("gender", "string", _("Gender (not published)")),
            Field("birthDate", "year", _("Birth year")),
            Field("ageGroup", "string", _("Age group")),
            Field("benefitType", "string", _("Priority granted (yes/no)")),
            Field("institutionName", "string", _("Institution")),
            Field("institutionId", "integer", _("Institution identifier")),
            Field("dateProvided", "date", _("Place offered")),
            Field("status", "string", _("Status")),
        ),
    ),
    Dataset(
        key="enrollment-territories",
        title=_("Service territories of schools and kindergartens"),
        description=_("Which streets and houses each institution serves first."),
        category="enrollment",
        tags=TAGS,
        primary_key="uid",
        rows=territory_rows,
        rows_after=territory_rows,
        order=61,
        fields=(
            Field("uid", "integer", _("Identifier")),
            Field("institutionId", "integer", _("Institution identifier")),
            Field("institutionName", "string", _("Institution")),
            Field("description", "string", _("Territory")),
        ),
    ),
    Dataset(
        key="enrollment-statistics",
        title=_("Enrollment statistics by institution"),
        description=_(
            "Per intake round and institution: groups, places, the applications that chose the institution "
            "(at any rank and as the first choice), the places offered and the children enrolled. Counts "
            "only; no child or family is in a row."
        ),
        purpose=_("To show where places are short and how each intake went."),
        category="enrollment",
        tags=(*TAGS, "статистика"),
        rows=selectors.open_data_statistics,
        modified=selectors.open_data_statistics_modified,
        order=62,
        fields=(
            Field("round", "string", _("Round (address name)")),
            Field("round_title", "string", _("Round")),
            Field("school_year", "integer", _("School year (its first calendar year)")),
            Field("kind", "string", _("Kind of institution")),
            Field("round_status", "string", _("State of the round")),
            Field("institution_id", "integer", _("Institution identifier")),
            Field("institution", "string", _("Institution")),
            Field("groups", "integer", _("Groups")),
            Field("places", "integer", _("Places")),
            Field(
                "applications",
                "integer",
                _("Applications choosing the institution"),
                _("At any rank; withdrawn ones are not counted."),
            ),
            Field("first_choice", "integer", _("Applications with the institution as the first choice")),
            Field("offered", "integer", _("Places offered (open, accepted or enrolled)")),
            Field("enrolled", "integer", _("Children enrolled")),
        ),
    ),
]
