"""The four-week "is it really fixed?" questionnaire: sent by the periodic job through a task to the
reporter and the supporters, answered on the report's page; "not fixed" reopens, "fixed" confirms."""

import datetime as dt

import pytest

from hromada.core.errors import ApplicationError, PermissionDeniedError
from hromada.core.models import Notification
from hromada.core.registry import periodic_jobs
from hromada.ledger.models import PendingEntry
from hromada.opencity import actions, selectors
from hromada.opencity.jobs import fix_checks_queue
from hromada.opencity.models import FixCheck, FixCheckAnswer, Status, Update
from tests.factories import UserFactory

from .factories import make_city, make_report, member_of

KYIV = dt.timezone(dt.timedelta(hours=2))


@pytest.fixture
def city(hromada):
    return make_city(hromada)


@pytest.fixture
def fixed(hromada, city, clock):
    """A report with a supporter, marked fixed on 2 November 2026."""
    clock.set(dt.datetime(2026, 11, 2, 10, 0, tzinfo=KYIV))
    staff = member_of(city["roads"])
    report = make_report(hromada, city["category"])
    neighbour = UserFactory(hromada=hromada)
    actions.report_support(report=report, person=neighbour)
    actions.report_transition(report=report, by=staff, target=Status.FIXED)
    report.refresh_from_db()
    return {"report": report, "staff": staff, "neighbour": neighbour}


def _run_job(django_capture_on_commit_callbacks) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return fix_checks_queue()


def test_the_job_is_registered_hourly():
    job = next(j for j in periodic_jobs() if j.key == "opencity.fix_checks")
    assert job.every_seconds == 3600 and job.run is fix_checks_queue


def test_the_check_goes_to_the_reporter_and_supporters_four_weeks_after_the_fix_once(
    fixed, clock, django_capture_on_commit_callbacks
):
    report = fixed["report"]
    clock.advance(dt.timedelta(days=27, hours=23))
    assert _run_job(django_capture_on_commit_callbacks) == 0
    assert not FixCheck.objects.exists()

    clock.advance(dt.timedelta(hours=2))
    assert _run_job(django_capture_on_commit_callbacks) == 1
    check = FixCheck.objects.get()
    assert check.report == report and check.fixed_at == report.closed_at and check.recipients == 2
    told = Notification.objects.filter(kind="opencity.fix_check")
    assert {n.recipient_id for n in told} == {report.reporter_id, fixed["neighbour"].pk}
    assert all(n.url.endswith(f"/city/{report.pk}/#fix-check") for n in told)
    assert not Notification.objects.filter(kind="opencity.fix_check", recipient=fixed["staff"]).exists()
    assert PendingEntry.objects.filter(kind="opencity.fix_check_sent").count() == 1

    clock.advance(dt.timedelta(hours=1))
    assert _run_job(django_capture_on_commit_callbacks) == 0
    # The task itself is idempotent too (a second one queued before the first ran).
    assert actions.fix_check_send(report=report, fixed_at=report.closed_at) is None
    assert FixCheck.objects.count() == 1 and told.count() == 2


def test_no_check_for_a_report_reopened_before_four_weeks_or_fixed_long_ago(
    fixed, clock, django_capture_on_commit_callbacks
):
    report = fixed["report"]
    clock.advance(dt.timedelta(weeks=7))  # past the window: an old fix is never asked about
    assert selectors.fix_checks_due() == []
    assert actions.fix_check_send(report=report, fixed_at=report.closed_at) is not None  # the task still may

    other = make_report(report.hromada, report.category)
    actions.report_transition(report=other, by=fixed["staff"], target=Status.FIXED)
    clock.advance(dt.timedelta(days=10))
    actions.report_transition(report=other, by=fixed["staff"], target=Status.REOPENED)
    clock.advance(dt.timedelta(days=20))
    assert _run_job(django_capture_on_commit_callbacks) == 0


def test_not_fixed_reopens_the_report_and_tells_the_department(
    fixed, clock, django_capture_on_commit_callbacks
):
    report = fixed["report"]
    clock.advance(dt.timedelta(weeks=4, hours=1))
    _run_job(django_capture_on_commit_callbacks)
    check = FixCheck.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        actions.fix_check_answer(
            check=check, person=fixed["neighbour"], fixed=False, text="Яма знову тут, дзвоніть 0671234567"
        )

    report.refresh_from_db()
    assert report.status == Status.REOPENED and report.reopen_count == 1 and report.closed_at is None
    assert report.reporter_verdict == ""  # a supporter answered, not the reporter
    last = report.updates.order_by("-at", "-pk").first()
    assert last.kind == Update.Kind.FEEDBACK and last.status_to == Status.REOPENED
    assert "0671234567" not in last.public_text
    assert Notification.objects.filter(recipient=fixed["staff"], kind="opencity.fix_check_disputed").exists()
    entry = PendingEntry.objects.get(kind="opencity.fix_check_answer")
    assert b"0671234567" not in bytes(entry.data) and fixed["neighbour"].email.encode() not in bytes(
        entry.data
    )

    # The reporter's check is about a fix that no longer stands.
    with pytest.raises(ApplicationError) as stale:
        actions.fix_check_answer(check=check, person=report.reporter, fixed=True)
    assert stale.value.code == "fix_check_stale"
    assert selectors.fix_check_for(report=report, person=report.reporter) is None


def test_fixed_confirms_once_per_person_and_only_followers_answer(
    fixed, clock, django_capture_on_commit_callbacks
):
    report = fixed["report"]
    clock.advance(dt.timedelta(weeks=4, hours=1))
    _run_job(django_capture_on_commit_callbacks)
    check = FixCheck.objects.get()
    assert selectors.fix_check_for(report=report, person=report.reporter) == check

    actions.fix_check_answer(check=check, person=report.reporter, fixed=True)

    report.refresh_from_db()
    assert report.status == Status.FIXED and report.reporter_verdict == "confirmed"
    assert selectors.fix_check_for(report=report, person=report.reporter) is None
    with pytest.raises(ApplicationError) as again:
        actions.fix_check_answer(check=check, person=report.reporter, fixed=False)
    assert again.value.code == "fix_check_answered"
    with pytest.raises(PermissionDeniedError):
        actions.fix_check_answer(check=check, person=UserFactory(hromada=report.hromada), fixed=False)
    with pytest.raises(PermissionDeniedError):
        actions.fix_check_answer(check=check, person=fixed["staff"], fixed=True)
    actions.fix_check_answer(check=check, person=fixed["neighbour"], fixed=True)
    assert selectors.fix_check_counts(report=report) == {"fixed": 2, "not_fixed": 0}
    assert FixCheckAnswer.objects.count() == 2
    assert PendingEntry.objects.filter(kind="opencity.fix_check_answer").count() == 2


def test_a_report_fixed_again_is_asked_again(fixed, clock, django_capture_on_commit_callbacks):
    report = fixed["report"]
    clock.advance(dt.timedelta(weeks=4, hours=1))
    _run_job(django_capture_on_commit_callbacks)
    actions.fix_check_answer(check=FixCheck.objects.get(), person=report.reporter, fixed=False)
    actions.report_transition(report=report, by=fixed["staff"], target=Status.FIXED)
    clock.advance(dt.timedelta(weeks=4, hours=1))
    assert _run_job(django_capture_on_commit_callbacks) == 1
    report.refresh_from_db()
    assert FixCheck.objects.filter(report=report).count() == 2
    assert selectors.fix_check_for(report=report, person=report.reporter).fixed_at == report.closed_at


def test_the_report_page_asks_and_keeps_the_comment_on_error(
    client, fixed, clock, django_capture_on_commit_callbacks
):
    report = fixed["report"]
    clock.advance(dt.timedelta(weeks=4, hours=1))
    _run_job(django_capture_on_commit_callbacks)
    check = FixCheck.objects.get()
    url = f"/city/{report.pk}/"
    assert 'id="fix-check"' not in client.get(url).content.decode()  # not to a passer-by

    client.force_login(fixed["neighbour"])
    page = client.get(url).content.decode()
    assert 'id="fix-check"' in page and f"/city/{report.pk}/fix-check/{check.pk}/" in page

    refused = client.post(f"/city/{report.pk}/fix-check/{check.pk}/", {"text": "Не обрала відповідь"})
    assert refused.status_code == 400
    assert "Не обрала відповідь" in refused.content.decode()
    assert not FixCheckAnswer.objects.exists()

    done = client.post(f"/city/{report.pk}/fix-check/{check.pk}/", {"fixed": "no", "text": "Ні"})
    assert done.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.REOPENED
    assert 'id="fix-check"' not in client.get(url).content.decode()


def test_erasure_drops_the_answers(fixed, clock, django_capture_on_commit_callbacks):
    clock.advance(dt.timedelta(weeks=4, hours=1))
    _run_job(django_capture_on_commit_callbacks)
    actions.fix_check_answer(check=FixCheck.objects.get(), person=fixed["neighbour"], fixed=True)
    actions.opencity_person_erase(person=fixed["neighbour"])
    assert not FixCheckAnswer.objects.exists()
