"""Downloads from the file cache: a slow file is made ahead by the periodic job and a download never waits
for it, byte ranges of a cached file, the page saying how fresh each file is, and the housekeeping."""

from __future__ import annotations

import os
import time

import pytest
from django.http import FileResponse

from hromada.core.datasets import register_dataset, unregister_dataset
from hromada.core.registry import periodic_jobs
from hromada.opendata import filecache, files
from hromada.opendata.selectors import entry_get

from .factories import counting_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def counting():
    dataset = counting_dataset(3_000, key="test-files")
    register_dataset(dataset)
    yield dataset
    unregister_dataset(dataset.key)


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _directory(hromada):
    return files.cache_directory(entry_get(hromada=hromada, name="test-files"))


def test_a_download_is_made_once_then_served_from_the_cached_file(client, hromada, counting):
    first = client.get("/opendata/test-files.csv")
    made = _body(first)
    second = client.get("/opendata/test-files.csv")

    assert not isinstance(first, FileResponse) and isinstance(second, FileResponse)
    assert _body(second) == made and made.count(b"\r\n") == 3_001
    assert second["Accept-Ranges"] == "bytes" and second["Content-Length"] == str(len(made))
    meta = filecache.meta_of(_directory(hromada), "test-files.uk.csv")
    assert meta["dataset"] == "test-files" and meta["format"] == "csv" and meta["language"] == "uk"


def test_a_byte_range_of_a_cached_file(client, hromada, counting):
    whole = _body(client.get("/opendata/test-files.csv"))
    cached = client.get("/opendata/test-files.csv")
    etag = cached["ETag"]

    part = client.get("/opendata/test-files.csv", headers={"Range": "bytes=10-19"})
    tail = client.get("/opendata/test-files.csv", headers={"Range": "bytes=-5"})
    rest = client.get("/opendata/test-files.csv", headers={"Range": f"bytes={len(whole) - 3}-"})
    beyond = client.get("/opendata/test-files.csv", headers={"Range": f"bytes={len(whole)}-"})
    changed = client.get("/opendata/test-files.csv", headers={"Range": "bytes=0-9", "If-Range": '"other"'})
    same = client.get("/opendata/test-files.csv", headers={"Range": "bytes=0-9", "If-Range": etag})

    assert part.status_code == 206 and _body(part) == whole[10:20]
    assert part["Content-Range"] == f"bytes 10-19/{len(whole)}" and part["Content-Length"] == "10"
    assert tail.status_code == 206 and _body(tail) == whole[-5:]
    assert rest.status_code == 206 and _body(rest) == whole[-3:]
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{len(whole)}"
    assert changed.status_code == 200 and _body(changed) == whole  # the file changed: all of it
    assert same.status_code == 206 and _body(same) == whole[:10]


def test_a_slow_file_is_made_ahead_and_a_download_meanwhile_gets_the_previous_one(
    client, hromada, counting, monkeypatch
):
    monkeypatch.setattr(files, "SLOW_SECONDS", 0.0)  # every file counts as slow to make
    made = _body(client.get("/opendata/test-files.csv"))
    directory = _directory(hromada)
    # The version moved on (as when the data change); the file of the previous one is still there.
    previous = directory / "test-files.uk.csv.old"
    next(directory.glob("test-files.uk.csv.*")).rename(previous)

    meanwhile = client.get("/opendata/test-files.csv")

    assert isinstance(meanwhile, FileResponse) and _body(meanwhile) == made  # no waiting for generation
    assert files.files_tick() >= 1  # the periodic job makes the current version…
    current = [p.name for p in directory.glob("test-files.uk.csv.*")]
    assert current and "test-files.uk.csv.old" not in current  # …and the older file goes
    assert files.prepare_slow_files(hromada=hromada) == 0  # made once per version
    served = client.get("/opendata/test-files.csv")
    assert isinstance(served, FileResponse) and _body(served) == made


def test_a_slow_files_previous_version_is_not_served_once_too_old(client, hromada, counting, monkeypatch):
    monkeypatch.setattr(files, "SLOW_SECONDS", 0.0)
    _body(client.get("/opendata/test-files.csv"))
    directory = _directory(hromada)
    previous = directory / "test-files.uk.csv.old"
    next(directory.glob("test-files.uk.csv.*")).rename(previous)
    old = time.time() - files.stale_limit("continuous") - 60
    os.utime(previous, (old, old))

    response = client.get("/opendata/test-files.csv")

    assert not isinstance(response, FileResponse)  # made from the live rows (no worker made it ahead)
    assert _body(response).count(b"\r\n") == 3_001


def test_a_fast_file_is_not_made_ahead(client, hromada, counting):
    _body(client.get("/opendata/test-files.csv"))
    directory = _directory(hromada)
    next(directory.glob("test-files.uk.csv.*")).rename(directory / "test-files.uk.csv.old")

    assert files.prepare_slow_files(hromada=hromada) == 0
    assert not isinstance(client.get("/opendata/test-files.csv"), FileResponse)  # made on request


def test_the_page_says_when_each_file_was_made(client, hromada, counting):
    before = client.get("/opendata/test-files/").content.decode()
    _body(client.get("/opendata/test-files.csv"))
    after = client.get("/opendata/test-files/").content.decode()
    english = client.get("/en/opendata/test-files/").content.decode()

    assert before.count("створюється з живих даних, коли ви його завантажуєте") == 3
    assert after.count("створюється з живих даних, коли ви його завантажуєте") == 2
    assert "CSV: файл створено <time" in after
    assert english.count("made from the live data when you download it") == 3  # no English file yet


def test_housekeeping_removes_files_nobody_downloaded_for_a_week_and_the_empty_directory(
    client, hromada, counting
):
    _body(client.get("/opendata/test-files.csv"))
    directory = _directory(hromada)

    assert files.remove_old_files() == 0 and directory.is_dir()
    week_ago = time.time() - files.KEEP_SECONDS - 60
    for path in directory.iterdir():
        os.utime(path, (week_ago, week_ago))
    assert files.remove_old_files() == 1  # the file (its note goes with it)
    assert not directory.exists()


def test_the_job_is_registered():
    assert any(job.key == "opendata.files" and job.every_seconds == 60 for job in periodic_jobs())
