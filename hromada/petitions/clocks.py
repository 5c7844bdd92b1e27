"""Deadline clocks of a petition, in working days. Pure Python, no Django import.

Two public clocks run on a petition:

- **to publication**: from submission, the moderator must publish or reject within the rules'
  moderation term (2 working days by default);
- **to answer**: the petition reaching its threshold is forwarded to the addressee on the next working
  day; the answer is due within the rules' answer term (10 working days by default, art. 23-1 part 6 of
  the Law "On Citizens' Appeals") counted from that day. An expired petition is answered as an ordinary
  appeal within one month (art. 20 of the Law), counted in calendar days.

Each clock is a :class:`Clock`: when it started, when it is due, when it stopped (if it did), and derived
flags — overdue now, finished late — plus the working days left (negative: overdue by).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from hromada.core.workdays import KYIV, WorkingCalendar

MODERATION = "moderation"
ANSWER = "answer"
APPEAL = "appeal"


def local_date(moment: datetime) -> date:
    """The Kyiv calendar date of an aware moment."""
    if moment.tzinfo is None:
        raise ValueError("clocks need aware datetimes")
    return moment.astimezone(KYIV).date()


def end_of_day(day: date) -> datetime:
    return datetime.combine(day, time.max, tzinfo=KYIV)


def moderation_due(calendar: WorkingCalendar, *, submitted_at: datetime, working_days: int) -> datetime:
    """The end of the n-th working day after the (Kyiv) day of submission."""
    return calendar.deadline_after(submitted_at, working_days)


def forward_day(calendar: WorkingCalendar, *, threshold_reached_at: datetime) -> date:
    """The next working day after the threshold was reached: when the petition goes to the addressee."""
    return calendar.next_working_day(local_date(threshold_reached_at))


def answer_due(calendar: WorkingCalendar, *, forwarded_on: date, working_days: int) -> datetime:
    """The end of the n-th working day after the day the petition was forwarded."""
    return end_of_day(calendar.add_working_days(forwarded_on, working_days))


def appeal_due(*, expired_at: datetime, days: int) -> datetime:
    """An expired petition is an ordinary appeal: answered within ``days`` calendar days (one month)."""
    return end_of_day(local_date(expired_at) + timedelta(days=days))


def collection_end(*, published_at: datetime, days: int) -> datetime:
    """Signatures are collected for ``days`` calendar days: until the end of the last (Kyiv) day."""
    return end_of_day(local_date(published_at) + timedelta(days=days - 1))


@dataclass(frozen=True)
class Clock:
    """One deadline: ``started`` … ``due``; ``stopped`` when the awaited step happened."""

    kind: str
    started: datetime
    due: datetime
    stopped: datetime | None
    working_days_left: int
    """Working days from today to the due day (0: due today); negative: overdue by that many."""

    @property
    def running(self) -> bool:
        return self.stopped is None

    @property
    def overdue(self) -> bool:
        """Still running after its deadline."""
        return self.running and self.working_days_left < 0

    @property
    def late(self) -> bool:
        """Stopped after its deadline."""
        return self.stopped is not None and self.stopped > self.due

    @property
    def on_time(self) -> bool:
        return self.stopped is not None and self.stopped <= self.due


def clock(
    calendar: WorkingCalendar,
    *,
    kind: str,
    started: datetime,
    due: datetime,
    stopped: datetime | None,
    now: datetime,
) -> Clock:
    """A :class:`Clock` as seen at ``now``."""
    today = local_date(now)
    due_day = local_date(due)
    if stopped is not None:
        left = calendar.working_days_between(local_date(stopped), due_day)
    elif now > due:
        left = -max(1, calendar.working_days_between(due_day, today))
    else:
        left = calendar.working_days_between(today, due_day)
    return Clock(kind=kind, started=started, due=due, stopped=stopped, working_days_left=left)


@dataclass(frozen=True)
class Compliance:
    """Accountability of one addressee: answers on time, late, and petitions overdue now."""

    answered_on_time: int = 0
    answered_late: int = 0
    overdue_now: int = 0
    waiting: int = 0

    @property
    def answered(self) -> int:
        return self.answered_on_time + self.answered_late

    @property
    def on_time_share(self) -> float | None:
        """Answers given on time among all answers (None: nothing answered yet)."""
        return self.answered_on_time / self.answered if self.answered else None


def compliance(rows: list[tuple[datetime | None, datetime | None]], *, now: datetime) -> Compliance:
    """Fold (answer due, answered at) pairs of an addressee's petitions into :class:`Compliance`."""
    on_time = late = overdue = waiting = 0
    for due, answered in rows:
        if due is None:
            continue
        if answered is not None:
            if answered <= due:
                on_time += 1
            else:
                late += 1
        elif now > due:
            overdue += 1
        else:
            waiting += 1
    return Compliance(answered_on_time=on_time, answered_late=late, overdue_now=overdue, waiting=waiting)
