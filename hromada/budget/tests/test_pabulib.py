"""The Pabulib parser and writer on every real file, on malformed input and on generated data."""

from __future__ import annotations

import functools
import os
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hromada.budget import pabulib
from hromada.budget.pabulib import PabulibError, PabulibFile
from hromada.budget.rules import ApprovalBallot, CumulativeBallot, Election, OrdinalBallot, Project, VoteType
from hromada.budget.rules._prep import prepare


def shared_data() -> Path:
    env = os.environ.get("HROMADA_SHARED_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[3] / ".." / "shared" / "data"


PABULIB = shared_data() / "pabulib"
ALL_FILES = sorted(PABULIB.rglob("*.pb")) if PABULIB.is_dir() else []
needs_data = pytest.mark.skipif(not ALL_FILES, reason=f"no Pabulib files in {PABULIB} (shared data absent)")


@functools.cache
def parsed(path: Path) -> PabulibFile:
    return pabulib.read(path)


SMALL = """META
key;value
description;Test
budget;100.5
vote_type;approval
custom_key;kept
PROJECTS
project_id;cost;votes;name;selected;category
p1;50;2;"Park; playground";1;green
p2;60.25;1;Road;2;roads
VOTES
voter_id;vote;age
v1;p1,p2;30
v2;p1;
"""


@needs_data
def test_every_real_file_parses() -> None:
    for path in ALL_FILES:
        pb = parsed(path)
        assert len(pb.projects) > 0, path.name
        assert pb.meta["budget"], path.name


@needs_data
def test_real_files_round_trip_losslessly() -> None:
    # every file up to 150 kB (most of them; the big ones only repeat the same shapes) and every odd one
    odd = {"Poland_Czestochowa_2020_Grabowka.pb", "Poland_Krakow_2018_Podgorze_Duchackie.pb"}
    chosen = [p for p in ALL_FILES if p.stat().st_size < 150_000 or p.name in odd]
    assert len(chosen) > 200
    for path in chosen:
        pb = parsed(path)
        assert pabulib.parse(pabulib.write(pb)) == pb, path.name


@needs_data
def test_votes_and_score_columns_equal_the_tally_of_the_votes() -> None:
    checked = 0
    for path in ALL_FILES:
        pb = parsed(path)
        if "votes" not in pb.project_columns or "equalshares-reference" in path.parts:
            continue  # equalshares' test fixtures keep the full file's columns over a sample of the votes
        counts = pabulib.vote_counts(pb)
        rows = pb.project_rows()
        for row in rows:
            if row["votes"].strip():
                assert int(row["votes"]) == counts[row["project_id"].strip()], (path.name, row["project_id"])
        if "score" in pb.project_columns:  # points (cumulative, scoring) or Borda points (ordinal)
            prep = prepare(pabulib.to_election(pb), ("id",))
            for i, row in enumerate(rows):
                if row["score"].strip():
                    assert Fraction(row["score"]) == prep.scores[i], (path.name, row["project_id"])
        checked += 1
    assert checked > 250


@needs_data
def test_real_edge_cases_are_read() -> None:
    by_name = {p.name: p for p in ALL_FILES}
    crlf = [p for p in ALL_FILES if b"\r\n" in p.read_bytes()[:2000]]
    assert crlf, "expected CRLF files among the instances"
    pb = parsed(crlf[0])
    assert all("\r" not in v for v in pb.meta.values())
    quoted = parsed(by_name["Poland_Krakow_2018_Podgorze_Duchackie.pb"])
    names = [r["name"] for r in quoted.project_rows()]
    assert 'Zakup strojów dla dzieci z Zespołu "Krakowiak"' in names
    unclosed = parsed(by_name["Poland_Czestochowa_2020_Grabowka.pb"])
    assert any(r["name"].startswith('"Odkupmy" i my') for r in unclosed.project_rows())
    decimal = [p for p in ALL_FILES if isinstance(parsed(p).budget, Fraction)]
    assert decimal, "expected a budget with cents"


def test_small_file_with_quotes_decimals_extra_columns_and_unknown_meta() -> None:
    pb = pabulib.parse(SMALL.replace("\n", "\r\n").encode("utf-8-sig"))
    assert pb.meta["custom_key"] == "kept"
    assert pb.budget == Fraction(201, 2)
    rows = pb.project_rows()
    assert rows[0]["name"] == "Park; playground"
    assert rows[1]["selected"] == "2"
    election = pabulib.to_election(pb)
    assert election.projects[1].cost == Fraction(6025, 100)
    assert election.projects[0].extra["category"] == "green"
    assert election.ballots[0] == ApprovalBallot("v1", ("p1", "p2"), {"age": "30"})
    assert pabulib.parse(pabulib.write(pb)) == pb
    assert '"Park; playground"' in pabulib.write(pb)


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("PROJECTS\n", 1, "PROJECTS found where META"),
        ("description;x\n", 1, "must start with a META"),
        (SMALL.replace("p2;60.25;1;Road;2;roads", "p2;60.25;1;Road"), 10, "4 fields where"),
        (SMALL.replace("v2;p1;", "v2;p9;"), 14, "'p9', which is not in PROJECTS"),
        (SMALL.replace("p2;60.25", "p2;sixty"), 10, "is not a number"),
        (SMALL.replace("p2;60.25", "p1;60.25"), 10, "appears twice"),
        (SMALL.replace("v2;p1;", "v1;p1;"), 14, "voter 'v1' appears twice"),
        (SMALL.replace("budget;100.5", "budget;lots"), 0, "budget is not a number"),
        (SMALL.replace("vote_type;approval", "vote_type;lottery"), 0, "unknown vote_type"),
        (SMALL.split("VOTES")[0], 0, "missing section(s): VOTES"),
        (SMALL.replace("project_id;cost", "project_id;price"), 8, "no 'cost' column"),
        (SMALL.replace("PROJECTS\n", "VOTES\n", 1), 7, "section VOTES found where PROJECTS"),
        (SMALL.replace("p2;60.25", "p2;-1"), 10, "negative"),
    ],
)
def test_malformed_file_names_the_line_and_the_problem(text: str, line: int, problem: str) -> None:
    with pytest.raises(PabulibError) as info:
        pabulib.parse(text)
    assert info.value.line == line
    assert problem in str(info.value)


def test_cumulative_points_must_match_the_projects() -> None:
    text = SMALL.replace("vote_type;approval", "vote_type;cumulative").replace(
        "voter_id;vote;age\nv1;p1,p2;30\nv2;p1;", "voter_id;vote;points\nv1;p1,p2;3,2\nv2;p1;1,1"
    )
    with pytest.raises(PabulibError, match="line 14: 2 points for 1 projects"):
        pabulib.parse(text)


def test_non_utf8_bytes_are_refused_with_the_line() -> None:
    with pytest.raises(PabulibError, match="line 3: the file is not UTF-8"):
        pabulib.parse(b"META\nkey;value\nbudget;\xff\n")


def test_election_converts_to_a_file_and_back() -> None:
    election = Election(
        budget=Fraction(1001, 10),
        projects=(Project("a", 40, "A; first"), Project("b", Fraction(121, 2), "B", extra={"category": "x"})),
        ballots=(
            CumulativeBallot("1", {"a": 3, "b": 1}, {"age": "20"}),
            CumulativeBallot("2", {"b": 4}, {"age": ""}),
        ),
        vote_type=VoteType.CUMULATIVE,
    )
    pb = pabulib.from_election(election, meta={"description": "demo"}, selected=["a"])
    assert pb.meta["budget"] == "100.1"
    again = pabulib.to_election(pabulib.parse(pabulib.write(pb)))
    assert again.budget == election.budget
    assert [p.cost for p in again.projects] == [40, Fraction(121, 2)]
    assert again.ballots == election.ballots
    assert pb.project_rows()[0]["votes"] == "1" and pb.project_rows()[0]["selected"] == "1"


def test_ordinal_ballots_keep_their_order() -> None:
    election = Election(
        budget=10,
        projects=(Project("a", 5), Project("b", 5)),
        ballots=(OrdinalBallot("1", ("b", "a")),),
        vote_type=VoteType.ORDINAL,
    )
    again = pabulib.to_election(pabulib.parse(pabulib.write(pabulib.from_election(election))))
    assert again.ballots == election.ballots


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)


@settings(max_examples=60, deadline=None)
@given(
    meta=st.dictionaries(
        st.from_regex(r"[a-z_]{1,8}", fullmatch=True).filter(
            lambda k: k not in ("key", "budget", "vote_type")
        ),
        _text.map(str.strip),
        max_size=4,
    ),
    names=st.lists(_text, min_size=1, max_size=5),
    votes=st.lists(st.lists(st.integers(0, 4), max_size=4, unique=True), max_size=6),
)
def test_round_trip_of_generated_files(
    meta: dict[str, str], names: list[str], votes: list[list[int]]
) -> None:
    ids = [f"p{i}" for i in range(len(names))]
    pb = PabulibFile(
        meta={"budget": "1000", "vote_type": "approval", **meta},
        project_columns=("project_id", "cost", "name"),
        projects=tuple(
            (pid, str(10 * (i + 1)), name.replace("\n", " "))
            for i, (pid, name) in enumerate(zip(ids, names, strict=True))
        ),
        vote_columns=("voter_id", "vote"),
        votes=tuple(
            (str(v), ",".join(ids[j] for j in ballot if j < len(ids))) for v, ballot in enumerate(votes)
        ),
    )
    text = pabulib.write(pb)
    assert pabulib.parse(text) == pabulib.parse(pabulib.write(pabulib.parse(text)))
    parsed = pabulib.parse(text)
    assert [r[2] for r in parsed.projects] == [r[2] for r in pb.projects]
    assert parsed.meta["budget"] == "1000"
