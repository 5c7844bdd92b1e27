"""The ЦНАП queue's open dataset for the platform's registry (``core.datasets``): read-only, through the
queue's selectors — statistics per office and service, no ticket and no visitor."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from hromada.core import clock
from hromada.core.datasets import Dataset, Field
from hromada.core.models import Hromada

from . import selectors

PERIOD_DAYS = 30


def _minutes(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def stats_rows(*, hromada: Hromada) -> Iterator[dict[str, Any]]:
    since = clock.today() - dt.timedelta(days=PERIOD_DAYS)
    for office in selectors.offices_of(hromada=hromada):
        for s in selectors.office_stats(office=office, since=since, language="uk"):
            yield {
                "office_id": office.pk,
                "office": str(office),
                "since": since.isoformat(),
                "service": s.service,
                "tickets": s.tickets,
                "served": s.served,
                "no_shows": s.no_shows,
                "abandoned": s.abandoned,
                "bookings": s.bookings,
                "booking_no_shows": s.booking_no_shows,
                "mean_wait_minutes": _minutes(s.mean_wait),
                "p90_wait_minutes": _minutes(s.p90_wait),
                "mean_service_minutes": _minutes(s.mean_service),
                "prediction_error_minutes": _minutes(s.prediction_error),
            }


DATASETS = [
    Dataset(
        key="cnap-queue-statistics",
        title=_("TsNAP queue statistics"),
        description=_(
            "For each TsNAP office and service over the last 30 days: tickets, visitors served, no-shows, "
            "tickets that left without being called, booked visits and their no-shows, waiting and service "
            "times, and how far the published wait estimates were off."
        ),
        category="queue",
        tags=("черга",),
        frequency="daily",
        rows=stats_rows,
        order=55,
        fields=(
            Field("office_id", "integer", _("Office identifier")),
            Field("office", "string", _("Office")),
            Field("since", "date", _("Counted since")),
            Field("service", "string", _("Service")),
            Field("tickets", "integer", _("Tickets")),
            Field("served", "integer", _("Served")),
            Field("no_shows", "integer", _("Did not come")),
            Field("abandoned", "integer", _("Left without being called")),
            Field("bookings", "integer", _("Booked visits")),
            Field("booking_no_shows", "integer", _("Booked visits missed")),
            Field("mean_wait_minutes", "number", _("Mean wait, minutes")),
            Field("p90_wait_minutes", "number", _("Wait of 9 in 10 visitors at most, minutes")),
            Field("mean_service_minutes", "number", _("Mean service time, minutes")),
            Field("prediction_error_minutes", "number", _("Mean error of the wait estimates, minutes")),
        ),
    ),
    Dataset(
        key="cnap-queue-daily",
        title=_("TsNAP queue by day"),
        description=_(
            "For each finished day, TsNAP office and service that had visitors or bookings: tickets, "
            "visitors served, no-shows, tickets that left without being called, booked visits and their "
            "no-shows, and waiting times. The day-by-day series behind the 30-day statistics."
        ),
        category="queue",
        tags=("черга",),
        frequency="daily",
        rows=selectors.opendata_daily,
        modified=selectors.opendata_daily_modified,
        order=56,
        fields=(
            Field("day", "date", _("Day")),
            Field("office_id", "integer", _("Office identifier")),
            Field("office", "string", _("Office")),
            Field("service", "string", _("Service")),
            Field("tickets", "integer", _("Tickets")),
            Field("served", "integer", _("Served")),
            Field("no_shows", "integer", _("Did not come")),
            Field("abandoned", "integer", _("Left without being called")),
            Field("bookings", "integer", _("Booked visits")),
            Field("booking_no_shows", "integer", _("Booked visits missed")),
            Field("mean_wait_minutes", "number", _("Mean wait, minutes")),
            Field("p90_wait_minutes", "number", _("Wait of 9 in 10 visitors at most, minutes")),
        ),
    ),
]
