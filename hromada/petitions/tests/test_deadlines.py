"""Deadline clocks over the working-day calendar, across public holidays and their days off in lieu."""

import datetime as dt

import pytest

from hromada.core.workdays import KYIV, WorkingCalendar
from hromada.petitions import actions, clocks, selectors
from hromada.petitions.models import PetitionStatus

PEACETIME = WorkingCalendar(martial_law=False)
MARTIAL_LAW = WorkingCalendar(martial_law=True)
# Friday 30 April 2027; Saturday 1 May is Labour Day and Sunday 2 May Easter, so in peacetime Monday 3
# and Tuesday 4 May are days off in lieu; Saturday 8 May (Remembrance Day) gives Monday 10 May off.
FRIDAY = dt.datetime(2027, 4, 30, 14, 0, tzinfo=KYIV)


def test_forwarding_waits_for_the_next_working_day_after_holidays():
    assert clocks.forward_day(PEACETIME, threshold_reached_at=FRIDAY) == dt.date(2027, 5, 5)
    assert clocks.forward_day(MARTIAL_LAW, threshold_reached_at=FRIDAY) == dt.date(2027, 5, 3)


def test_answer_is_due_ten_working_days_after_forwarding():
    due = clocks.answer_due(PEACETIME, forwarded_on=dt.date(2027, 5, 5), working_days=10)
    assert due.date() == dt.date(2027, 5, 20)
    assert clocks.answer_due(
        MARTIAL_LAW, forwarded_on=dt.date(2027, 5, 3), working_days=10
    ).date() == dt.date(2027, 5, 17)


def test_moderation_due_in_two_working_days_and_local_date_counts():
    assert clocks.moderation_due(PEACETIME, submitted_at=FRIDAY, working_days=2).date() == dt.date(2027, 5, 6)
    # 22:30 UTC on Friday is already Saturday in Kyiv (summer time, UTC+3).
    late_friday = dt.datetime(2027, 4, 30, 22, 30, tzinfo=dt.UTC)
    assert clocks.local_date(late_friday) == dt.date(2027, 5, 1)


def test_clock_flags_overdue_and_late_in_working_days():
    due = clocks.answer_due(PEACETIME, forwarded_on=dt.date(2027, 5, 5), working_days=10)
    started = dt.datetime(2027, 5, 5, 9, 0, tzinfo=KYIV)
    running = clocks.clock(
        PEACETIME, kind=clocks.ANSWER, started=started, due=due, stopped=None,
        now=dt.datetime(2027, 5, 18, 12, 0, tzinfo=KYIV),
    )  # fmt: skip
    assert running.working_days_left == 2 and not running.overdue
    overdue = clocks.clock(
        PEACETIME, kind=clocks.ANSWER, started=started, due=due, stopped=None,
        now=dt.datetime(2027, 5, 24, 12, 0, tzinfo=KYIV),
    )  # fmt: skip
    assert overdue.overdue and overdue.working_days_left == -2  # 21 and 24 May are working days
    late = clocks.clock(
        PEACETIME, kind=clocks.ANSWER, started=started, due=due,
        stopped=dt.datetime(2027, 5, 21, 10, 0, tzinfo=KYIV), now=dt.datetime(2027, 6, 1, tzinfo=KYIV),
    )  # fmt: skip
    assert late.late and not late.on_time and not late.overdue


def test_collection_term_runs_to_the_end_of_the_last_calendar_day():
    end = clocks.collection_end(published_at=FRIDAY, days=30)
    assert end.astimezone(KYIV).date() == dt.date(2027, 5, 29)
    assert end.astimezone(KYIV).time() == dt.time.max


def test_compliance_folds_answers_on_time_late_and_overdue():
    now = dt.datetime(2027, 6, 1, tzinfo=KYIV)
    due = dt.datetime(2027, 5, 20, 23, 59, tzinfo=KYIV)
    rows = [
        (due, due - dt.timedelta(days=1)),
        (due, due + dt.timedelta(days=2)),
        (due, None),
        (now + dt.timedelta(days=3), None),
        (None, None),
    ]
    result = clocks.compliance(rows, now=now)
    assert (result.answered_on_time, result.answered_late, result.overdue_now, result.waiting) == (1, 1, 1, 1)
    assert result.on_time_share == 0.5


@pytest.mark.django_db
def test_whole_lifecycle_across_the_may_holidays(world, settings, clock):
    """Peacetime calendar: threshold on Friday 30 April 2027 → forwarded Wednesday 5 May → answer due
    Thursday 20 May; answered on 21 May it is late, and the public clock says so."""
    settings.HROMADA_RATE_LIMITS = False
    settings.HROMADA_WORKING_CALENDAR = {"MARTIAL_LAW": False}
    clock.set(dt.datetime(2027, 4, 26, 10, 0, tzinfo=KYIV))

    petition = world.submitted()
    assert petition.moderation_due_at.astimezone(KYIV).date() == dt.date(2027, 4, 28)
    petition = actions.petition_publish(petition=petition, actor=world.moderator)
    clock.set(FRIDAY)
    world.sign(petition, 3)
    actions.petitions_aggregate(now=FRIDAY)
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.THRESHOLD_REACHED
    assert petition.forward_on == dt.date(2027, 5, 5)

    assert actions.petitions_forward_due(today=dt.date(2027, 5, 4)) == 0
    clock.set(dt.datetime(2027, 5, 5, 9, 0, tzinfo=KYIV))
    assert actions.petitions_forward_due(today=dt.date(2027, 5, 5)) == 1
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.UNDER_CONSIDERATION
    assert petition.answer_due_at.astimezone(KYIV).date() == dt.date(2027, 5, 20)

    clock.set(dt.datetime(2027, 5, 21, 11, 0, tzinfo=KYIV))
    [_moderation, answer_clock] = selectors.petition_clocks(petition, now=clock())
    assert answer_clock.overdue
    answer = actions.petition_answer(
        petition=petition,
        actor=world.official,
        decision="not_supported",
        text="Коштів на ремонт у цьому році немає; питання внесено до програми на наступний рік.",
    )
    assert not answer.on_time
    petition.refresh_from_db()
    [_moderation, answer_clock] = selectors.petition_clocks(petition, now=clock())
    assert answer_clock.late and not answer_clock.overdue
    [(_addressee, compliance)] = [
        row for row in selectors.accountability(hromada=world.hromada) if row[0].pk == world.mayor.pk
    ]
    assert compliance.answered_late == 1 and compliance.answered_on_time == 0
