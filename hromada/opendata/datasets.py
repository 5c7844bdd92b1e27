"""The portal's own dataset: the Resolution 835 register "Відомості про набори даних" — one row per dataset
the hromada publishes, with its passport. It is generated from the registry like every other dataset."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hromada.core.datasets import Dataset, Field
from hromada.core.models import Hromada

KEY = "datasets-register"
NOT_CHECKED = _("empty where not yet checked against the Resolution's text")


def register_rows(*, hromada: Hromada) -> Iterator[dict[str, Any]]:
    from .selectors import catalogue

    for entry in sorted(catalogue(hromada=hromada), key=lambda e: e.name):  # by its primary key
        modified = entry.created if entry.name == KEY else entry.modified
        yield {
            "identifier": entry.id,
            "name": entry.name,
            "title": entry.title,
            "description": entry.description,
            "category": entry.dataset.category,
            "item_835": entry.item_835,
            "publisher": entry.publisher.name,
            "publisher_edrpou": entry.publisher.edrpou,
            "responsible": entry.publisher.responsible,
            "katottg": hromada.katottg,
            "frequency": entry.dataset.frequency,
            "licence": entry.dataset.licence,
            "keywords": "; ".join(entry.dataset.tags),
            "language": "uk",
            "formats": "; ".join(f.upper() for f in entry.formats),
            "landing_page": reverse("opendata:dataset", args=[entry.name]),
            "created": entry.created.isoformat(),
            "modified": modified.isoformat(),
        }


def register_modified(*, hromada: Hromada) -> dt.datetime | None:
    """The register changes when any dataset's passport or data does."""
    from .models import Publisher
    from .selectors import catalogue

    moments = [e.modified for e in catalogue(hromada=hromada) if e.name != KEY]
    moments += Publisher.objects.filter(hromada=hromada).values_list("updated_at", flat=True)
    return max(moments) if moments else None


DATASETS = [
    Dataset(
        key=KEY,
        title=_("Information about datasets"),
        description=_(
            "The register of the datasets the hromada publishes as open data, with each dataset's passport "
            "(Resolution 835)."
        ),
        category="datasets-register",
        purpose=_("To let anyone find every dataset of the hromada and know who keeps it."),
        tags=("835", "набори даних"),
        primary_key="name",
        rows=register_rows,
        modified=register_modified,
        order=1,
        fields=(
            Field("identifier", "string", _("Identifier")),
            Field("name", "string", _("Short name")),
            Field("title", "string", _("Title")),
            Field("description", "string", _("Description")),
            Field("category", "string", _("Resolution 835 category")),
            Field("item_835", "string", _("Item of the Resolution 835 list"), NOT_CHECKED),
            Field("publisher", "string", _("Publisher")),
            Field("publisher_edrpou", "string", _("Publisher's EDRPOU code")),
            Field("responsible", "string", _("Responsible for the dataset (position)")),
            Field("katottg", "string", _("KATOTTH code of the hromada")),
            Field("frequency", "string", _("Update frequency")),
            Field("licence", "string", _("Licence")),
            Field("keywords", "string", _("Keywords")),
            Field("language", "string", _("Language")),
            Field("formats", "string", _("Formats")),
            Field("landing_page", "string", _("Page of the dataset")),
            Field("created", "datetime", _("Created")),
            Field("modified", "datetime", _("Last updated")),
        ),
    ),
]
