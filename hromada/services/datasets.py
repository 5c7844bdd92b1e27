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
    Dataset(
        key="administrative-services-statistics",
        title=_("Administrative services: monthly statistics"),
        description=_(
            "Per month (Kyiv time) and published service: applications received by channel, decisions "
            "made on time and late, refusals, the share decided on time, and the median and 90th "
            "percentile of the working days from filing to decision. Counts only; no applicant is in a row."
        ),
        purpose=_("To show how many services the TsNAP renders and whether it keeps their terms."),
        category="services",
        tags=(*TAGS, "статистика"),
        rows=selectors.opendata_service_statistics,
        modified=selectors.opendata_service_statistics_modified,
        order=52,
        fields=(
            Field(
                "month",
                "string",
                _("Month"),
                _("YYYY-MM, Kyiv time: applications by the month filed, decisions by the month made"),
            ),
            Field("service_code", "string", _("Service code")),
            Field("service", "string", _("Service")),
            Field("received", "integer", _("Applications received")),
            Field("received_online", "integer", _("Received online")),
            Field("received_desk", "integer", _("Received at a desk")),
            Field("received_api", "integer", _("Received through the API")),
            Field("decided", "integer", _("Decisions made")),
            Field("on_time", "integer", _("Decided on time")),
            Field("late", "integer", _("Decided late")),
            Field("refused", "integer", _("Refused")),
            Field("on_time_share", "number", _("Share decided on time"), _("0–1; empty without decisions")),
            Field("median_working_days", "number", _("Median working days to a decision")),
            Field("p90_working_days", "integer", _("90th percentile of working days to a decision")),
        ),
    ),
]
