"""Which version of a dataset's file is current (pure: ``periods.py``) and the file cache on disk
(``filecache.py``)."""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest

from hromada.opendata import filecache
from hromada.opendata.periods import period_of, version_key

DAY = dt.date(2026, 12, 5)  # a Saturday of ISO week 49


def test_a_scheduled_dataset_has_one_version_per_period():
    assert period_of("daily", DAY) == "d2026-12-05" != period_of("daily", DAY + dt.timedelta(days=1))
    assert period_of("weekly", DAY) == period_of("weekly", DAY + dt.timedelta(days=1)) == "w2026-49"
    assert period_of("weekly", DAY + dt.timedelta(days=2)) == "w2026-50"
    assert period_of("monthly", DAY) == "m2026-12" and period_of("quarterly", DAY) == "q2026-4"
    assert period_of("quarterly", dt.date(2026, 3, 31)) == "q2026-1" and period_of("annual", DAY) == "y2026"
    with pytest.raises(ValueError):
        period_of("continuous", DAY)


def test_a_live_dataset_has_a_new_version_each_minute_and_at_each_change_of_its_data():
    now = dt.datetime(2026, 12, 5, 10, 0, 30, tzinfo=dt.UTC)
    changed = dt.datetime(2026, 12, 5, 9, 0, 0, 123456, tzinfo=dt.UTC)

    def key(moment, modified=changed, frequency="continuous"):
        return version_key(frequency=frequency, modified=modified, now=moment)

    minute = int(now.timestamp()) // 60
    assert key(now) == key(now + dt.timedelta(seconds=29)) == f"m{minute}-t20261205T090000123456"
    assert key(now + dt.timedelta(seconds=30)) != key(now)  # the next minute
    assert key(now, changed + dt.timedelta(microseconds=1)) != key(now)  # the data changed
    assert key(now, None, "irregular") == key(now + dt.timedelta(seconds=29), None, "irregular") != key(now)
    assert key(now, None, "daily") == key(now + dt.timedelta(hours=13), changed, "daily") == "d2026-12-05"


def test_a_file_is_kept_once_complete_and_replaces_the_older_version(tmp_path):
    first = b"".join(filecache.write_through(tmp_path, "x.csv", "v1", [b"a,", b"b"]))
    assert first == b"a,b" and filecache.cached_path(tmp_path, "x.csv", "v1").read_bytes() == b"a,b"

    b"".join(filecache.write_through(tmp_path, "x.csv", "v2", [b"c"]))

    assert filecache.cached_path(tmp_path, "x.csv", "v1") is None
    assert filecache.cached_path(tmp_path, "x.csv", "v2").read_bytes() == b"c"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == ["x.csv.v2"]


def test_an_interrupted_download_leaves_no_file(tmp_path):
    chunks = filecache.write_through(tmp_path, "x.csv", "v1", iter([b"a", b"b", b"c"]))
    next(chunks)

    chunks.close()  # the client went away

    assert filecache.cached_path(tmp_path, "x.csv", "v1") is None and list(tmp_path.iterdir()) == []


def test_a_complete_file_notes_what_it_is_and_the_cpu_time_it_took(tmp_path):
    b"".join(filecache.write_through(tmp_path, "x.csv", "v1", [b"a"], meta={"dataset": "x"}))

    meta = filecache.meta_of(tmp_path, "x.csv")

    assert meta["dataset"] == "x" and meta["version"] == "v1" and meta["seconds"] >= 0
    assert filecache.variants(tmp_path) == [("x.csv", meta)]
    assert filecache.newest(tmp_path, "x.csv") == tmp_path / "x.csv.v1"
    assert filecache.newest(tmp_path, "y.csv") is None and filecache.meta_of(tmp_path, "y.csv") is None


def _file(path, *, age, now, text=b"x"):
    path.write_bytes(text)
    os.utime(path, (now - age, now - age))
    return path


def test_housekeeping_removes_older_versions_then_the_newest_after_the_keeping_time(tmp_path):
    now = time.time()
    b"".join(filecache.write_through(tmp_path, "a.uk.csv", "v3", [b"a"], meta={"dataset": "a"}))
    older = _file(tmp_path / "a.uk.csv.v2", age=60, now=now)  # e.g. left by two downloads at once
    stale = _file(tmp_path / "b.uk.csv.v1", age=8 * 86400, now=now)
    b_meta = _file(tmp_path / ".b.uk.csv.meta.json", age=8 * 86400, now=now, text=b"{}")
    dead_part = _file(tmp_path / ".a.uk.csv.abc.part", age=2 * 3600, now=now)
    live_part = _file(tmp_path / ".a.uk.csv.def.part", age=10, now=now)
    used = _file(tmp_path / "c.uk.csv.v1", age=8 * 86400, now=now)  # made long ago, downloaded today:
    _file(tmp_path / ".c.uk.csv.meta.json", age=8 * 86400, now=now, text=b"{}")
    filecache.touch(tmp_path, "c.uk.csv")

    removed = filecache.remove_old(tmp_path, now=now, keep_seconds=7 * 86400)

    assert removed == 3
    assert not older.exists() and not stale.exists() and not b_meta.exists() and not dead_part.exists()
    assert (tmp_path / "a.uk.csv.v3").exists() and live_part.exists() and used.exists()
    assert filecache.meta_of(tmp_path, "a.uk.csv") is not None
    assert filecache.remove_old(tmp_path, now=now, keep_seconds=7 * 86400) == 0
