"""Backups kept in a directory by the nightly timer: named by time, the newest found, the oldest pruned."""

import io
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from hromada.security import rotation

PASSPHRASE = "a long enough passphrase"


def test_names_sort_in_time_order_and_only_the_oldest_beyond_keep_are_pruned(tmp_path):
    times = [datetime(2026, 12, day, 2, 30, tzinfo=UTC) for day in (3, 1, 5, 4, 2)]
    for moment in times:
        (tmp_path / rotation.name_for(moment)).write_bytes(b"x")
    (tmp_path / "notes.txt").write_text("not a backup")

    assert rotation.newest(tmp_path).name == "hromada-20261205T023000Z.backup"
    assert [p.name[8:16] for p in rotation.to_prune(tmp_path, keep=2)] == ["20261201", "20261202", "20261203"]
    assert rotation.to_prune(tmp_path, keep=0) == rotation.backups_in(tmp_path)[:-1]  # never the newest


@pytest.mark.django_db
def test_backup_into_a_directory_names_the_file_keeps_the_newest_and_restore_test_finds_it(
    hromada, tmp_path, monkeypatch
):
    monkeypatch.setenv("HROMADA_BACKUP_PASSPHRASE", PASSPHRASE)
    old = tmp_path / rotation.name_for(datetime(2020, 1, 1, tzinfo=UTC))
    old.write_bytes(b"an old backup")
    out = io.StringIO()

    call_command("backup", str(tmp_path), "--keep", "1", stdout=out, stderr=io.StringIO())

    [kept] = rotation.backups_in(tmp_path)
    assert kept.stat().st_size > 1000 and not old.exists()
    assert f"Removed the older backup {old}" in out.getvalue()
    with pytest.raises(CommandError, match="--keep needs a directory"):
        call_command("backup", str(tmp_path / "one.backup"), "--keep", "3", stderr=io.StringIO())
