"""Each indicator the modules declare, computed on hand-built data of one quarter (2026-Q4, the clock at
15 November 2026) — rows of the quarter before and of another hromada must not count."""

from __future__ import annotations

import datetime as dt

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from hromada.core.indicators import Quarter, indicator
from tests.factories import InstitutionFactory, UserFactory, make_administrator, make_official

pytestmark = pytest.mark.django_db

Q4 = Quarter(2026, 4)
UTC = dt.UTC


def at(day: int, month: int = 11, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, 0, tzinfo=UTC)


def value(key: str, hromada, quarter: Quarter = Q4) -> float | None:
    found = indicator(key)
    assert found is not None and found.compute is not None
    return found.compute(hromada=hromada, quarter=quarter)


@pytest.fixture
def now(clock):
    clock.set(at(15, hour=10))
    return clock


def test_services_online_share_applications_median_and_on_time(hromada, other_hromada, now):
    from hromada.services.models import Application
    from hromada.services.tests.factories import make_service, make_world

    world = make_world(hromada)
    make_service(hromada, code="cnap-039", online=False)
    service, definition = world.service, world.service.definitions.get()

    numbers = iter(range(1, 100))

    def filed(channel, submitted, decided=None, due=None, into=hromada):
        Application.objects.create(hromada=into, service=service, definition=definition, channel=channel,
                                   number=f"T-{next(numbers)}",
                                   status="issued" if decided else "submitted", submitted_at=submitted,
                                   decided_at=decided, due_at=due)  # fmt: skip

    filed("online", at(2), decided=at(5), due=at(9))  # Mon 2 → Thu 5 Nov: 3 working days, on time
    filed("online", at(3), decided=at(13), due=at(10))  # Tue 3 → Fri 13: 8 working days, late
    filed("desk", at(4))
    filed("desk", at(10))
    filed("desk", at(1, month=9), decided=at(2, month=9))  # the quarter before
    filed("online", at(4), into=other_hromada)

    assert value("services.online_share", hromada) == 50.0
    assert value("services.online_applications", hromada) == 50.0
    assert value("services.median_days", hromada) == 5.5
    assert value("services.on_time", hromada) == 50.0
    assert value("services.median_days", other_hromada) is None


def test_cnap_booking_and_the_ninetieth_percentile_of_waits(hromada, now):
    from hromada.cnapqueue.models import Ticket
    from hromada.cnapqueue.tests.factories import make_office, make_service, take

    assert value("cnapqueue.booking", hromada) == 0.0
    office = make_office(hromada)
    service = make_service(office)
    assert value("cnapqueue.booking", hromada) == 1.0
    assert value("cnapqueue.wait_p90", hromada) is None

    for minutes in range(1, 11):  # waits of 1…10 minutes
        ticket = take(office, service)
        Ticket.objects.filter(pk=ticket.pk).update(
            queued_at=at(10), called_at=at(10) + dt.timedelta(minutes=minutes)
        )

    assert value("cnapqueue.wait_p90", hromada) == 9.0


def test_petitions_answered_on_time(hromada, now):
    from hromada.petitions.models import PetitionAnswer
    from hromada.petitions.tests.factories import make_world

    world = make_world(hromada)
    for on_time, when in ((True, at(3)), (True, at(4)), (False, at(5)), (False, at(5, month=9))):
        petition = world.submitted()
        PetitionAnswer.objects.create(hromada=hromada, petition=petition, text="Відповідь", answered_at=when,
                                      on_time=on_time)  # fmt: skip

    assert value("petitions.answered_on_time", hromada) == pytest.approx(66.7)


def test_budget_participation_is_voters_per_registered_resident(hromada, now):
    from hromada.budget.models import Ballot, BudgetCycle
    from hromada.budget.tests.factories import make_ballot, make_cycle, make_project, make_voter

    cycle = make_cycle(hromada)
    assert value("budget.participation", hromada, Quarter(2020, 1)) is None  # no vote ran then
    BudgetCycle.objects.filter(pk=cycle.pk).update(
        submission_starts=at(1, month=8), review_starts=at(1, month=9), support_starts=None,
        voting_starts=at(1), voting_ends=at(20),
    )  # fmt: skip
    project = make_project(cycle)
    voters = [make_voter(hromada) for _ in range(2)]
    for voter in voters:
        make_ballot(cycle, [project], voter=voter)
    Ballot.objects.filter(cycle=cycle).update(cast_at=at(10))
    residents = UserFactory._meta.model.objects.filter(hromada=hromada, is_active=True).count()

    assert value("budget.participation", hromada) == pytest.approx(round(200 / residents, 1))

    # A recorded census figure is the better denominator: the registered residents overstate participation.
    type(hromada).objects.filter(pk=hromada.pk).update(population=400, population_as_of=dt.date(2026, 1, 1))
    hromada.refresh_from_db()
    assert value("budget.participation", hromada) == pytest.approx(0.5)


def test_a_population_needs_its_date_and_must_be_positive(hromada):
    from django.db import IntegrityError, transaction

    for population, as_of in ((400, None), (0, dt.date(2026, 1, 1)), (None, dt.date(2026, 1, 1))):
        with pytest.raises(IntegrityError), transaction.atomic():
            type(hromada).objects.filter(pk=hromada.pk).update(population=population, population_as_of=as_of)


def test_consultations_with_a_published_report(hromada, now):
    from hromada.consultations.models import Consultation
    from hromada.consultations.tests.factories import ConsultationFactory

    for report in (True, False, False):
        ConsultationFactory(
            hromada=hromada, published_at=at(1), opens_at=at(1), closes_at=at(10), frozen_rules={},
            report_published_at=at(12) if report else None,
        )  # fmt: skip
    ConsultationFactory(
        hromada=hromada, published_at=None, opens_at=at(1), closes_at=at(10)
    )  # never announced

    assert Consultation.objects.count() == 4
    assert value("consultations.with_report", hromada) == pytest.approx(33.3)


def test_open_data_published_and_up_to_date(hromada, now):
    from hromada.core.datasets import datasets

    assert value("opendata.datasets", hromada) == float(len(datasets()))
    assert 0 <= value("opendata.up_to_date", hromada) <= 100


def test_a_dataset_is_up_to_date_within_its_frequency_and_a_live_one_always():
    from hromada.opendata.selectors import up_to_date_share

    now = dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC)
    days = dt.timedelta(days=1)
    pairs = [("monthly", now - 10 * days), ("monthly", now - 40 * days), ("weekly", now - 9 * days),
             ("continuous", now - 400 * days)]  # fmt: skip

    assert up_to_date_share(pairs, now=now) == 50.0
    assert up_to_date_share([], now=now) is None


def test_open_city_reports_fixed_within_their_deadline(hromada, now):
    from hromada.opencity.models import Report, Status
    from hromada.opencity.tests.factories import make_city, make_report

    city = make_city(hromada)
    cases = [
        (Status.FIXED, at(5), at(4)),  # fixed a day before the deadline
        (Status.FIXED, at(5), at(7)),  # fixed late
        (Status.CLOSED, at(5), at(4)),  # closed without a fix
        (Status.IN_PROGRESS, at(6), None),  # overdue, open
        (Status.IN_PROGRESS, at(30), None),  # due later: not yet counted
    ]
    for status, due, closed in cases:
        report = make_report(hromada, city["category"])
        Report.objects.filter(pk=report.pk).update(
            status=status,
            submitted_at=at(1),
            due_at=due,
            closed_at=closed,
            close_reason="no_further_action" if status == Status.CLOSED else "",
        )

    assert value("opencity.fixed_within_sla", hromada) == 25.0


def test_institutions_with_hours_and_a_location(hromada, now):
    hours = {"mon": [["08:00", "17:00"]]}
    InstitutionFactory(hromada=hromada, opening_hours=hours)
    InstitutionFactory(hromada=hromada, opening_hours={})
    InstitutionFactory(hromada=hromada, opening_hours={"mon": []})
    InstitutionFactory(hromada=hromada, opening_hours=hours, is_active=False)

    assert value("territory.institutions_complete", hromada) == pytest.approx(33.3)


def test_two_factor_coverage_of_officials(hromada, other_hromada, now):
    with_key, without, administrator = (
        make_official(hromada),
        make_official(hromada),
        make_administrator(hromada),
    )
    make_official(other_hromada)
    TOTPDevice.objects.filter(user__in=[with_key, without, administrator]).delete()
    TOTPDevice.objects.create(user=with_key, name="phone", confirmed=True)
    TOTPDevice.objects.create(user=without, name="unconfirmed", confirmed=False)

    assert value("security.two_factor", hromada) == pytest.approx(33.3)


def test_a_backup_counts_as_verified_for_ninety_two_days_after_a_successful_restore_test(hromada, now):
    from hromada.security.models import BackupRun

    assert value("security.backup_verified", hromada) == 0.0
    tested = at(1, month=9)
    BackupRun.objects.create(
        kind="test", file_name="b.hbk", started_at=tested, finished_at=tested, succeeded=True
    )
    assert value("security.backup_verified", hromada) == 1.0
    assert value("security.backup_verified", hromada, Quarter(2026, 2)) == 0.0  # the test came after it
    now.set(at(15, month=12) + dt.timedelta(days=5))
    assert value("security.backup_verified", hromada) == 0.0  # more than 92 days ago
