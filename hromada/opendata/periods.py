"""Which version of a dataset's file is current: the key its cached files are stored under.

Pure: no Django import. A dataset updated on a schedule (daily, weekly, monthly, quarterly, annual) keeps
one file per period, made at the period's first download. A dataset read live from the tables
("continuous", "irregular") keeps a file for at most a minute — what its HTTP answer already lets a browser
or a proxy keep (``Cache-Control: max-age=60``) — and a new one as soon as the moment its data last changed
moves, so a million-row file is read from the tables at most once a minute however many download it. (The
minute covers what ``modified`` cannot see: a supporter counted, a district renamed.)
"""

from __future__ import annotations

import datetime as dt

PERIODIC = ("daily", "weekly", "monthly", "quarterly", "annual")


def period_of(frequency: str, day: dt.date) -> str:
    """The period ``day`` falls in: ``d2026-12-05``, ``w2026-49``, ``m2026-12``, ``q2026-4``, ``y2026``."""
    if frequency == "daily":
        return f"d{day.isoformat()}"
    if frequency == "weekly":
        year, week, _weekday = day.isocalendar()
        return f"w{year}-{week:02d}"
    if frequency == "monthly":
        return f"m{day.year}-{day.month:02d}"
    if frequency == "quarterly":
        return f"q{day.year}-{(day.month - 1) // 3 + 1}"
    if frequency == "annual":
        return f"y{day.year}"
    raise ValueError(f"{frequency!r} is not a periodic frequency (one of {PERIODIC}).")


LIVE_SECONDS = 60
DAY = 86400
PERIOD_SECONDS = {
    "daily": DAY,
    "weekly": 7 * DAY,
    "monthly": 31 * DAY,
    "quarterly": 92 * DAY,
    "annual": 366 * DAY,
}


def period_seconds(frequency: str) -> int:
    """The longest a period of ``frequency`` lasts, in seconds."""
    return PERIOD_SECONDS[frequency]


def version_key(
    *, frequency: str, modified: dt.datetime | None, now: dt.datetime, live_seconds: int = LIVE_SECONDS
) -> str:
    """The key of the current file: the period (in the local date of ``now``) for a periodic dataset; for
    a live one, the stretch of ``live_seconds`` that ``now`` falls in (a minute unless the caller says
    otherwise) and the moment of the data's last change (UTC, microseconds)."""
    if frequency in PERIODIC:
        return period_of(frequency, now.date())
    stretch = int(now.timestamp()) // live_seconds
    changed = modified.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%f") if modified is not None else "none"
    prefix = "m" if live_seconds == LIVE_SECONDS else f"s{live_seconds}-"
    return f"{prefix}{stretch}-t{changed}"
