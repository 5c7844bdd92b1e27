"""The open city's open datasets for the platform's registry (``core.datasets``): every problem report as a
row without personal data (no reporter, contact, description, address or photo), and the reports counted
per month, category and district, through the selectors."""

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
    Dataset(
        key="problem-report-statistics",
        title=_("Residents' problem reports: monthly statistics"),
        description=_(
            "Problem reports counted per month of filing (Kyiv time), category and district: how many were "
            "filed, closed, fixed, closed without a fix or as duplicates, closed by their deadline, and "
            "reopened. Counts only; no report or reporter is in a row."
        ),
        purpose=_("To compare months, categories and districts without reading every report."),
        tags=("звернення", "відкрите місто", "статистика"),
        rows=selectors.opendata_report_statistics,
        modified=selectors.opendata_reports_modified,
        order=62,
        fields=(
            Field("month", "string", _("Month of filing"), _("YYYY-MM, Kyiv time")),
            Field("category_code", "string", _("Category code (Open311 service_code)")),
            Field("category", "string", _("Category")),
            Field("district", "string", _("District"), _("Empty: the report is outside every district.")),
            Field("reports", "integer", _("Reports filed")),
            Field("closed", "integer", _("Closed (fixed or closed without a fix)")),
            Field("fixed", "integer", _("Fixed")),
            Field("closed_not_fixed", "integer", _("Closed without a fix")),
            Field("duplicates", "integer", _("Closed as duplicates")),
            Field("closed_on_time", "integer", _("Closed by the deadline")),
            Field(
                "on_time_share",
                "number",
                _("Share closed by the deadline"),
                _("0–1 of the closed; empty when none is closed"),
            ),
            Field("reopened", "integer", _("Reopened at least once")),
        ),
    ),
]
