"""``hromada budget tally``: the contract outside checks rely on (JSON lines, errors, exit codes)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hromada.budget.tally_cli import main

SMALL = """META
key;value
description;CLI test
budget;100
vote_type;approval
PROJECTS
project_id;cost;votes;name
a;60;3;"Park; playground"
b;50;2;Road
c;30;2;Bench
VOTES
voter_id;vote
1;a,b,c
2;a,b,c
3;a
"""


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.pb"
    path.write_text(SMALL)
    return path


def test_json_lines_one_per_file(small: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.pb"
    other.write_text(SMALL.replace("budget;100", "budget;200"))
    code, out, err = run(str(small), str(other), "--rule", "greedy", "--json")
    assert code == 0 and err == ""
    lines = [json.loads(line) for line in out.splitlines()]
    assert [r["file"] for r in lines] == [str(small), str(other)]
    assert lines[0]["rule"] == "greedy"
    assert lines[0]["winners"] == ["a", "c"]
    assert lines[0]["total_cost"] == 90
    assert lines[1]["winners"] == ["a", "b", "c"]


@pytest.mark.parametrize("rule", ["greedy", "greedy-no-skip", "mes", "mes-add1", "phragmen"])
def test_every_rule_runs(small: Path, rule: str) -> None:
    code, out, _ = run(str(small), "--rule", rule, "--json")
    record = json.loads(out)
    assert code == 0
    assert record["rule"] == rule
    assert record["total_cost"] <= 100
    assert set(record["winners"]) <= {"a", "b", "c"}


def test_utility_and_readable_table(small: Path) -> None:
    code, out, _ = run(str(small), "--rule", "mes", "--utility", "cardinality")
    assert code == 0
    assert "mes (cardinality utility)" in out
    assert "Park; playground" in out
    assert "of 100" in out


def test_missing_and_malformed_files_fail_with_a_clear_message_but_others_are_counted(
    small: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.pb"
    broken.write_text(SMALL.replace("c;30;2;Bench", "c;thirty;2;Bench"))
    code, out, err = run(str(tmp_path / "missing.pb"), str(broken), str(small), "--rule", "mes", "--json")
    assert code == 1
    assert "missing.pb: cannot read the file" in err
    assert "broken.pb: line 10: the cost of project 'c' is not a number" in err
    assert [json.loads(line)["file"] for line in out.splitlines()] == [str(small)]


def test_an_unbreakable_tie_is_reported(tmp_path: Path) -> None:
    tied = tmp_path / "tied.pb"
    tied.write_text(SMALL.replace("3;a\n", "3;c\n").replace("a;60", "a;50"))  # a, b: 2 votes, 50 each
    code, out, err = run(str(tied), "--rule", "greedy", "--tie-break", "max-votes,min-cost", "--json")
    record = json.loads(out)
    assert code == 0
    assert record["unresolved_tie"] == {"position": 2, "projects": ["a", "b"]}
    assert record["winners"] == ["c"]
    assert "tie between a, b" in err


def test_unknown_rule_is_a_usage_error(small: Path) -> None:
    with pytest.raises(SystemExit) as info:
        run(str(small), "--rule", "lottery")
    assert info.value.code == 2


def test_the_hromada_command_counts_without_django(small: Path) -> None:
    script = (
        "import sys; from hromada.cli import main; sys.argv = ['hromada', 'budget', 'tally', "
        f"{str(small)!r}, '--rule', 'mes-add1', '--json']\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "print('django' in sys.modules, code)"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
    )
    lines = done.stdout.splitlines()
    assert json.loads(lines[0])["rule"] == "mes-add1"
    assert lines[1] == "False 0"
