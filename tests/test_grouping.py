"""The test run's own scheduling: the tests on the loaded demo stay on one xdist worker (conftest.py), so the
demo is loaded once per run. pytest 9.2 with xdist 3.8 dropped the grouping without a word (each worker
then loaded the demo, a minute each on CI): this fails if the pinned pair ever does that again."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

GROUPED = """
import os
import pytest

@pytest.mark.xdist_group("together")
@pytest.mark.parametrize("n", range(6))
def test_grouped(n, tmp_path_factory):
    out = tmp_path_factory.getbasetemp().parent.parent / "workers"
    with open(out, "a") as handle:
        handle.write(os.environ["PYTEST_XDIST_WORKER"] + "\\n")

@pytest.mark.parametrize("n", range(6))
def test_free(n):
    pass
"""


def test_a_group_of_tests_runs_on_one_worker(tmp_path: Path):
    (tmp_path / "test_grouped.py").write_text(GROUPED)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "base").mkdir()
    options = ["-p", "no:django", "-p", "no:cacheprovider", "-q", "-n", "2", "--dist", "loadgroup"]
    places = ["--basetemp", str(tmp_path / "base" / "run"), "-c", str(tmp_path / "pytest.ini")]
    run = subprocess.run(
        [sys.executable, "-m", "pytest", *options, *places, "--rootdir", str(tmp_path), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )

    assert run.returncode == 0, run.stdout + run.stderr
    workers = (tmp_path / "base" / "workers").read_text().split()
    assert len(workers) == 6 and len(set(workers)) == 1, workers
