"""The rules side by side with pabutools (a test dependency) on a sample of real files, bounded for CI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hromada.budget import pabulib
from hromada.budget.rules import tally

pabutools_pabulib = pytest.importorskip("pabutools.election.pabulib")
from pabutools.election import Additive_Cardinal_Sat, Cardinality_Sat, Cost_Sat  # noqa: E402
from pabutools.rules import (  # noqa: E402
    greedy_utilitarian_welfare,
    method_of_equal_shares,
    sequential_phragmen,
)


def shared_data() -> Path:
    env = os.environ.get("HROMADA_SHARED_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[3] / ".." / "shared" / "data"


PABULIB = shared_data() / "pabulib"
# small files (pabutools is slow), of every ballot shape: approval, choose-1, cumulative
SAMPLE = [
    "Poland_Warszawa_2018_Sadul.pb",
    "Poland_Warszawa_2018_subunit_Wawer.pb",
    "Poland_Lodz_2023_Nad_Nerem.pb",
    "Poland_Gdynia_2022_Cisowa__small.pb",
    "Poland_Katowice_2021_Brynow_Czesc_Wschodnia-Osiedle_Zgrzebnioka.pb",
    "Poland_Warszawa_2018_Radosc.pb",
]


def find(name: str) -> Path | None:
    for folder in ("instances", "more-instances"):
        if (PABULIB / folder / name).exists():
            return PABULIB / folder / name
    return None


# pabutools' MES + Add1 reruns MES once per increment: only where that takes well under a second
ADD1 = {
    "Poland_Warszawa_2018_Sadul.pb",
    "Poland_Warszawa_2018_subunit_Wawer.pb",
    "Poland_Gdynia_2022_Cisowa__small.pb",
}
PATHS = [p for p in (find(n) for n in SAMPLE) if p is not None]
needs_data = pytest.mark.skipif(not PATHS, reason=f"sample Pabulib files not found in {PABULIB}")


def names(allocation: object) -> list[str]:
    return sorted(p.name for p in allocation)  # type: ignore[attr-defined]


@needs_data
@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_rules_equal_pabutools(path: Path) -> None:
    instance, profile = pabutools_pabulib.parse_pabulib(str(path))
    election = pabulib.to_election(pabulib.read(path))
    approval = election.vote_type.value == "approval"
    if approval:
        assert sorted(tally(election, rule="greedy").winners) == names(
            greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
        )
        assert sorted(tally(election, rule="greedy", utility="cardinality").winners) == names(
            greedy_utilitarian_welfare(instance, profile, sat_class=Cardinality_Sat)
        )
        assert sorted(tally(election, rule="phragmen").winners) == names(
            sequential_phragmen(instance, profile)
        )
        for utility, sat in (("cost", Cost_Sat), ("cardinality", Cardinality_Sat)):
            assert sorted(tally(election, rule="mes", utility=utility).winners) == names(
                method_of_equal_shares(instance, profile, sat_class=sat)
            )
        if path.name in ADD1:
            assert sorted(tally(election, rule="mes-add1").winners) == names(
                method_of_equal_shares(instance, profile, sat_class=Cost_Sat, voter_budget_increment=1)
            )
    else:
        assert sorted(tally(election, rule="mes").winners) == names(
            method_of_equal_shares(instance, profile, sat_class=Additive_Cardinal_Sat)
        )
