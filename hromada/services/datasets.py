"""The services' open datasets for the platform's registry (``core.datasets``): read-only, through the
services' selectors. The old ``/services/open-data/…`` addresses redirect here (``views_opendata.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from hromada.core.datasets import Dataset, Field
from hromada.core.models import Hromada

from . import selectors

TAGS = ("адміністративні послуги",)


def catalogue_rows(*, hromada: Hromada) -> Iterator[dict[str, Any]]:
    for s in selectors.service_list(hromada=hromada):
        yield {
            "code": s.code,
            "rap_id": s.rap_id,
            "title": s.title,
            "provider": s.provider,
            "legal_basis": "; ".join(a.get("act", "") for a in s.legal_basis),
            "term": s.term_text,
            "fee": s.fee_text,
            "online": bool(getattr(s, "is_online", False)),
            "unverified": ",".join(s.unverified),
        }


DATASETS = [
    Dataset(
        key="administrative-services",
        title=_("Administrative services"),
        description=_("The administrative services the hromada's TsNAP provides: legal basis, term and fee."),
        category="services",
        tags=TAGS,
        primary_key="code",
        rows=catalogue_rows,
        order=50,
        fields=(
            Field("code", "string", _("Code")),
            Field("rap_id", "string", _("Identifier in the Registry of administrative services")),
            Field("title", "string", _("Title")),
            Field("provider", "string", _("Provider")),
            Field("legal_basis", "string", _("Legal basis")),
            Field("term", "string", _("Term")),
            Field("fee", "string", _("Fee")),
            Field("online", "boolean", _("Can be applied for online")),
            Field("unverified", "string", _("Values not yet checked against the source (field names)")),
        ),
    ),
    Dataset(
        key="administrative-services-rendered",
        title=_("Administrative services rendered"),
        description=_(
            "Applications for administrative services and their outcome, in the shape of the Resolution 835 "
            "draft schema; the applicant is never named."
        ),
        category="services",
        tags=TAGS,
        primary_key="uid",
        rows=selectors.rendered_services,
        rows_after=selectors.rendered_services,
        count=selectors.rendered_services_count,
        order=51,
        fields=(
            Field("uid", "string", _("Application number")),
            Field("registrationDateTime", "datetime", _("Registered")),
            Field("code", "string", _("Service code")),
            Field("title", "string", _("Service")),
            Field("authorityId", "string", _("Authority identifier")),
            Field("authorityName", "string", _("Authority (a body, not a person)")),
            Field("applicantType", "string", _("Applicant type")),
            Field("status", "string", _("Status")),
            Field("providDate", "date", _("Decided")),
            Field("amount", "number", _("Fee paid")),
            Field("currency", "string", _("Currency")),
            Field("issuedDate", "date", _("Result issued")),
        ),
    ),
]
