"""The open city's open dataset for the platform's registry (``core.datasets``): every problem report as a
row without personal data (no reporter, contact, description, address or photo), through the selectors."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hromada.core.datasets import Dataset, Field

from . import selectors

DATASETS = [
    Dataset(
        key="problem-reports",
        title=_("Residents' problem reports"),
        description=_(
            "Every problem report (a pothole, a broken street light, illegal dumping…): its category, "
            "district, responsible department, channel, state and dates, and whether it was handled by its "
            "deadline. Reporters and the texts of the reports are not published."
        ),
        purpose=_("To let anyone see what residents report and how fast the hromada fixes it."),
        tags=("звернення", "відкрите місто"),
        primary_key="id",
        rows=selectors.opendata_reports,
        rows_after=selectors.opendata_reports_after,
        count=selectors.opendata_reports_count,
        modified=selectors.opendata_reports_modified,
        order=60,
        fields=(
            Field("id", "integer", _("Report number")),
            Field("category_code", "string", _("Category code (Open311 service_code)")),
            Field("category", "string", _("Category")),
            Field("district", "string", _("District")),
            Field("department", "string", _("Responsible department")),
            Field("channel", "string", _("Channel (web, api, callcentre, bot, telegram)")),
            Field("status", "string", _("State")),
            Field("close_reason", "string", _("Reason of a closing without a fix")),
            Field("submitted_at", "datetime", _("Submitted")),
            Field("first_response_at", "datetime", _("First response")),
            Field("closed_at", "datetime", _("Closed")),
            Field("due_at", "datetime", _("Deadline")),
            Field("sla_met", "boolean", _("Deadline met (empty while running)")),
            Field("supporters", "integer", _("Supporters (+1)")),
            Field("times_reopened", "integer", _("Times reopened")),
        ),
    ),
]
