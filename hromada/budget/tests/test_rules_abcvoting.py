"""Greedy and sequential Phragmén on abcvoting's unit-cost committee instances (budget = committee size).

abcvoting's ``av`` is approval voting (the k most approved: our greedy with unit costs) and ``seqphragmen`` is
sequential Phragmén. A result lists every committee the rule may return (several when there are ties; for
resolute results, the committees an implementation may pick): ours must be one of them. (Their
``equal-shares`` is MES with Phragmén completion, not a rule of ours.) Every fourth instance (CI time).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from hromada.budget.rules import ApprovalBallot, Election, Project, tally

yaml = pytest.importorskip("yaml")


def shared_data() -> Path:
    env = os.environ.get("HROMADA_SHARED_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[3] / ".." / "shared" / "data"


FOLDER = shared_data() / "abcvoting-instances"
FILES = sorted(FOLDER.glob("*.abc.yaml"))[::4] if FOLDER.is_dir() else []
needs_data = pytest.mark.skipif(not FILES, reason=f"no abcvoting instances in {FOLDER} (shared data absent)")
RULES = {"av": "greedy", "seqphragmen": "phragmen"}


def load(path: Path) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data: dict[str, Any] = yaml.load(path.read_text(), Loader=loader)
    return data


def as_election(data: dict[str, Any]) -> Election:
    n = data["num_cand"]
    return Election(
        budget=data["committeesize"],
        projects=tuple(Project(id=f"{c:04d}", cost=1) for c in range(n)),
        ballots=tuple(
            ApprovalBallot(voter_id=str(v), projects=tuple(f"{c:04d}" for c in ballot))
            for v, ballot in enumerate(data["profile"])
        ),
    )


@needs_data
def test_greedy_and_phragmen_equal_abcvoting_on_unit_cost_instances() -> None:
    checked = 0
    for path in FILES:
        data = load(path)
        election = as_election(data)
        for case in data["compute"]:
            rule = RULES.get(case["rule_id"])
            if rule is None:
                continue
            committee = sorted(int(c) for c in tally(election, rule=rule).winners)
            expected = [sorted(c) for c in case["result"]]
            assert committee in expected, (path.name, rule, case["resolute"])
            checked += 1
    assert checked >= len(FILES) * 3
