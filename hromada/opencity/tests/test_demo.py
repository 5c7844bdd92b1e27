"""The demo step: categories, zones and a few hundred reports across districts, categories and states,
dated over half a year; some pass through triage, two came with an address only; a second run adds
nothing."""

from django.db import transaction

from hromada.opencity.demo import REPORTS, opencity_demo_load
from hromada.opencity.models import Category, Channel, LocationPrecision, Report, Status
from tests.factories import (
    DepartmentFactory,
    DistrictFactory,
    InstitutionFactory,
    UserFactory,
    make_administrator,
    square,
)


def test_demo_files_reports_in_every_state_once(hromada):
    make_administrator(hromada)
    for n in range(3):
        DepartmentFactory(hromada=hromada)
        DistrictFactory(hromada=hromada, boundary=square(30.0 + 0.02 * n, 50.0))
    for _ in range(10):
        UserFactory(hromada=hromada)
    InstitutionFactory(hromada=hromada, address="вул. Садова, 5", lat=50.005, lon=30.005)

    with transaction.atomic():
        created = opencity_demo_load(hromada=hromada)

    assert Report.objects.filter(hromada=hromada).count() == REPORTS + 2
    assert created == REPORTS + 2 + Category.objects.filter(hromada=hromada).count()
    states = set(Report.objects.values_list("status", flat=True))
    assert {Status.NEW, Status.FIXED, Status.CLOSED, Status.REOPENED} <= states
    assert Report.objects.values("district").distinct().count() == 3
    days = Report.objects.order_by("submitted_at").values_list("submitted_at", flat=True)
    assert (days.last() - days.first()).days > 100
    assert not Report.objects.filter(needs_triage=True, status__in=[Status.FIXED, Status.CLOSED]).exists()
    # Two came through Open311 with an address only: one placed on its street, one not recognised.
    by_address = Report.objects.filter(channel=Channel.API).order_by("submitted_at")
    assert [(r.address, r.location_precision, r.needs_triage) for r in by_address] == [
        ("вул. Садова, 120", LocationPrecision.STREET, True),
        ("біля старого млина, за ставком", LocationPrecision.HROMADA, True),
    ]
    with transaction.atomic():
        assert opencity_demo_load(hromada=hromada) == 0
