"""The portal's open datasets — the institutions directory and the organisational structure — registered
with the platform's dataset registry (``core.datasets``) and published by the open-data portal. They read
the territory's selectors; contacts are the institutions' and departments' own, never a person's."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from hromada.core.datasets import Dataset, Field
from hromada.core.models import Hromada
from hromada.territory.selectors import departments_of, institutions_search


def institution_rows(*, hromada: Hromada, after: Any = None) -> Iterator[dict[str, Any]]:
    institutions = institutions_search(hromada=hromada).select_related("department").order_by("pk")
    if after is not None:
        institutions = institutions.filter(pk__gt=int(after))
    for i in institutions.iterator(chunk_size=2000):
        yield {
            "id": i.pk,
            "kind": i.kind,
            "name": i.name,
            "name_en": i.name_en,
            "short_name": i.short_name,
            "district": i.district.name if i.district else "",
            "department": i.department.name if i.department else "",
            "address": i.address,
            "lat": i.lat,
            "lon": i.lon,
            "org_phone": i.phone,
            "org_email": i.email,
            "website": i.website,
            "opening_hours": json.dumps(i.opening_hours, ensure_ascii=False) if i.opening_hours else "",
        }


def institutions_modified(*, hromada: Hromada) -> dt.datetime | None:
    return institutions_search(hromada=hromada).aggregate(m=Max("updated_at"))["m"]


def department_rows(*, hromada: Hromada, after: Any = None) -> Iterator[dict[str, Any]]:
    departments = departments_of(hromada=hromada).order_by("pk")
    if after is not None:
        departments = departments.filter(pk__gt=int(after))
    for d in departments.iterator(chunk_size=2000):
        yield {"id": d.pk, "name": d.name, "name_en": d.name_en, "org_email": d.email, "org_phone": d.phone}


def departments_modified(*, hromada: Hromada) -> dt.datetime | None:
    return departments_of(hromada=hromada).aggregate(m=Max("updated_at"))["m"]


ORG_PHONE = _("Phone of the institution (its reception, not a person's)")
ORG_EMAIL = _("E-mail of the institution (not a person's)")

DATASETS = [
    Dataset(
        key="institutions",
        title=_("Directory of enterprises, institutions and organisations"),
        description=_(
            "The hromada's municipal institutions: type, address and coordinates, the department in charge, "
            "official contacts and opening hours."
        ),
        category="institutions",
        purpose=_("To find any municipal institution, and to build maps and directories on it."),
        tags=("заклади",),
        primary_key="id",
        modified=institutions_modified,
        rows=institution_rows,
        rows_after=institution_rows,
        order=20,
        fields=(
            Field("id", "integer", _("Identifier")),
            Field("kind", "string", _("Type")),
            Field("name", "string", _("Name of the institution")),
            Field("name_en", "string", _("Name of the institution in English")),
            Field("short_name", "string", _("Short name")),
            Field("district", "string", _("District")),
            Field("department", "string", _("Department in charge")),
            Field("address", "string", _("Address")),
            Field("lat", "number", _("Latitude")),
            Field("lon", "number", _("Longitude")),
            Field("org_phone", "string", ORG_PHONE),
            Field("org_email", "string", ORG_EMAIL),
            Field("website", "string", _("Website")),
            Field("opening_hours", "string", _("Opening hours (JSON, by weekday)")),
        ),
    ),
    Dataset(
        key="departments",
        title=_("Organisational structure"),
        description=_("The departments of the council's executive bodies with their official contacts."),
        category="structure",
        tags=("структура",),
        primary_key="id",
        modified=departments_modified,
        rows=department_rows,
        rows_after=department_rows,
        order=21,
        fields=(
            Field("id", "integer", _("Identifier")),
            Field("name", "string", _("Name of the department")),
            Field("name_en", "string", _("Name of the department in English")),
            Field("org_email", "string", _("E-mail of the department (not a person's)")),
            Field("org_phone", "string", _("Phone of the department (not a person's)")),
        ),
    ),
]
