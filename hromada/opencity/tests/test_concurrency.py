"""Real concurrent clients (threads, own connections): +1s are each counted once, and two officials
changing one report at once cannot both apply a change from the same state."""

import pytest

from hromada.core.errors import ApplicationError
from hromada.opencity import actions
from hromada.opencity.models import Report, Status, Support
from tests.concurrency import race
from tests.factories import UserFactory

from .factories import make_city, make_report, member_of

PEOPLE = 12


@pytest.mark.django_db(transaction=True)
def test_concurrent_plus_ones_are_each_counted_once(hromada):
    city = make_city(hromada)
    report = make_report(hromada, city["category"])
    people = [UserFactory(hromada=hromada) for _ in range(PEOPLE)]

    outcomes = race([lambda p=p: actions.report_support(report=report, person=p) for p in people] * 2)

    assert not [o for o in outcomes if isinstance(o, BaseException) and not isinstance(o, ApplicationError)]
    report.refresh_from_db()
    assert report.supporters_count == PEOPLE == Support.objects.filter(report=report).count()


@pytest.mark.django_db(transaction=True)
def test_fixed_and_closed_at_once_one_wins_the_other_is_refused(hromada):
    city = make_city(hromada)
    report = make_report(hromada, city["category"])
    actions.report_transition(report=report, by=member_of(city["roads"]), target=Status.IN_PROGRESS)
    one, two = member_of(city["roads"]), member_of(city["roads"])

    outcomes = race(
        [
            lambda: actions.report_transition(report=report, by=one, target=Status.FIXED),
            lambda: actions.report_transition(
                report=report, by=two, target=Status.CLOSED, reason="no_further_action"
            ),
        ]
    )

    refused = [o for o in outcomes if isinstance(o, ApplicationError)]
    assert len(refused) == 1 and refused[0].code == "not_allowed"
    report.refresh_from_db()
    assert report.status in (Status.FIXED, Status.CLOSED)
    assert report.updates.filter(status_to__in=[Status.FIXED, Status.CLOSED]).count() == 1
    assert Report.objects.filter(pk=report.pk, closed_at__isnull=False).exists()
