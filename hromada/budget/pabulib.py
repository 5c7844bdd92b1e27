"""Pabulib ``.pb`` files (pabulib.org/format): parse, write, convert to and from the counting rules' model.

A pure module (no Django). A file has three sections, each a ``;``-separated table introduced by a line naming
it: ``META`` (``key;value`` pairs: ``budget``, ``vote_type``, limits, anything else), ``PROJECTS`` (at least
``project_id`` and ``cost``; usually ``votes``, ``name``, ``selected``…) and ``VOTES`` (at least ``voter_id``
and ``vote`` — the project ids of a ballot separated by commas, best first for ordinal ballots — and
``points`` for cumulative and scoring ballots).

:class:`PabulibFile` keeps every value as the text found in the file, in the file's order, unknown META keys
and extra columns included, so ``parse(write(parse(text))) == parse(text)`` (a lossless round trip; the bytes
may differ: line endings become ``\\n``, quoting becomes minimal). Real files show the edge cases handled
here: a UTF-8 byte-order mark, CRLF line endings, quoted names containing ``;`` or ``"``, decimal budgets and
costs, ``selected`` values other than 0/1, empty ballots, the ``choose-1`` vote type.

A malformed file raises :class:`PabulibError` naming the line number and the problem; ``parse`` returns
nothing partial.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

from hromada.budget.rules.model import (
    ApprovalBallot,
    Ballot,
    BallotLimits,
    CumulativeBallot,
    Election,
    Number,
    OrdinalBallot,
    Project,
    ScoringBallot,
    VoteType,
)
from hromada.core.csvcells import SafeWriter

SECTIONS = ("META", "PROJECTS", "VOTES")
VOTE_TYPES = ("approval", "choose-1", "cumulative", "scoring", "ordinal")
"""``choose-1`` is an approval ballot with exactly one project."""


class PabulibError(ValueError):
    """A malformed ``.pb`` file: ``line`` is the 1-based line number (0: the problem is the whole file)."""

    def __init__(self, line: int, problem: str) -> None:
        self.line = line
        self.problem = problem
        super().__init__(f"line {line}: {problem}" if line else problem)


@dataclass(frozen=True, slots=True)
class PabulibFile:
    meta: Mapping[str, str]
    """META as found (order kept)."""
    project_columns: tuple[str, ...]
    projects: tuple[tuple[str, ...], ...]
    """One row of texts per project, aligned with ``project_columns``."""
    vote_columns: tuple[str, ...]
    votes: tuple[tuple[str, ...], ...]
    """One row of texts per voter, aligned with ``vote_columns``."""

    @property
    def vote_type(self) -> str:
        return self.meta.get("vote_type", "approval")

    @property
    def budget(self) -> Number:
        return parse_number(self.meta["budget"], 0, "budget")

    def project_rows(self) -> list[dict[str, str]]:
        return [dict(zip(self.project_columns, row, strict=True)) for row in self.projects]

    def vote_rows(self) -> list[dict[str, str]]:
        return [dict(zip(self.vote_columns, row, strict=True)) for row in self.votes]


def parse_number(text: str, line: int, what: str) -> Number:
    """An exact number from a decimal text ("361677.8" -> Fraction(3616778, 10)); int when integral."""
    try:
        value = Fraction(Decimal(text.strip()))
    except (InvalidOperation, ValueError):
        raise PabulibError(line, f"{what} is not a number: {text!r}") from None
    return value.numerator if value.denominator == 1 else value


def format_number(value: Number) -> str:
    if isinstance(value, int) or value.denominator == 1:
        return str(int(value))
    d = value.denominator
    twos = fives = 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    if d != 1:
        raise ValueError(f"{value} has no finite decimal form")
    digits = max(twos, fives)
    scaled = value * 10**digits
    assert scaled.denominator == 1
    sign = "-" if scaled < 0 else ""
    text = str(abs(scaled.numerator)).rjust(digits + 1, "0")
    return f"{sign}{text[:-digits]}.{text[-digits:]}"


def _fields(line: str, number: int) -> list[str]:
    if '"' not in line:
        return line.split(";")
    try:
        rows = list(csv.reader([line], delimiter=";", quotechar='"', strict=True))
    except csv.Error:
        # A literal quote that opens a field but does not close it ('"Odkupmy" i my' in a real file): the
        # field is taken as written.
        return line.split(";")
    return rows[0] if rows else [""]


def parse(data: str | bytes) -> PabulibFile:
    """Parse the text (or UTF-8 bytes) of a ``.pb`` file; raise :class:`PabulibError` if malformed."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            at = data[: exc.start].count(b"\n") + 1
            raise PabulibError(at, "the file is not UTF-8 text") from None
    else:
        text = data[1:] if data.startswith("\ufeff") else data
    lines = text.splitlines()
    section: str | None = None
    header: list[str] | None = None
    meta: dict[str, str] = {}
    project_columns: tuple[str, ...] = ()
    vote_columns: tuple[str, ...] = ()
    projects: list[tuple[str, ...]] = []
    votes: list[tuple[str, ...]] = []
    seen: list[str] = []
    project_lines: list[int] = []
    vote_lines: list[int] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        stripped = line.strip().rstrip(";").strip()
        if stripped.upper() in SECTIONS and ";" not in line.strip().rstrip(";"):
            name = stripped.upper()
            if name in seen:
                raise PabulibError(number, f"the {name} section appears twice")
            expected = SECTIONS[len(seen)] if len(seen) < len(SECTIONS) else None
            if name != expected:
                raise PabulibError(number, f"section {name} found where {expected} was expected")
            seen.append(name)
            section, header = name, None
            continue
        if section is None:
            raise PabulibError(number, "the file must start with a META section")
        fields = _fields(line, number)
        if header is None:
            header = [f.strip() for f in fields]
            if len(set(header)) != len(header):
                raise PabulibError(number, f"duplicate column names in the {section} header")
            if section == "META":
                if header[:2] != ["key", "value"]:
                    raise PabulibError(number, "the META header must be 'key;value'")
            elif section == "PROJECTS":
                for column in ("project_id", "cost"):
                    if column not in header:
                        raise PabulibError(number, f"the PROJECTS header has no {column!r} column")
                project_columns = tuple(header)
            else:
                for column in ("voter_id", "vote"):
                    if column not in header:
                        raise PabulibError(number, f"the VOTES header has no {column!r} column")
                vote_columns = tuple(header)
            continue
        if section == "META":
            if len(fields) < 2:
                raise PabulibError(number, "a META line must be 'key;value'")
            key = fields[0].strip()
            if key in meta:
                raise PabulibError(number, f"META key {key!r} appears twice")
            meta[key] = ";".join(fields[1:]) if len(fields) > 2 else fields[1]
            continue
        assert header is not None
        if len(fields) != len(header):
            raise PabulibError(
                number, f"{len(fields)} fields where the {section} header has {len(header)} columns"
            )
        if section == "PROJECTS":
            projects.append(tuple(fields))
            project_lines.append(number)
        else:
            votes.append(tuple(fields))
            vote_lines.append(number)
    return _validated(meta, project_columns, projects, project_lines, vote_columns, votes, vote_lines, seen)


def _validated(
    meta: dict[str, str],
    project_columns: tuple[str, ...],
    projects: list[tuple[str, ...]],
    project_lines: list[int],
    vote_columns: tuple[str, ...],
    votes: list[tuple[str, ...]],
    vote_lines: list[int],
    seen: list[str],
) -> PabulibFile:
    if seen != list(SECTIONS):
        missing = [s for s in SECTIONS if s not in seen]
        raise PabulibError(0, f"missing section(s): {', '.join(missing)}")
    if "budget" not in meta:
        raise PabulibError(0, "META has no 'budget'")
    parse_number(meta["budget"], 0, "the META budget")
    vote_type = meta.get("vote_type", "approval").strip()
    if vote_type not in VOTE_TYPES:
        raise PabulibError(0, f"unknown vote_type {vote_type!r} (expected one of {', '.join(VOTE_TYPES)})")
    id_at = project_columns.index("project_id")
    cost_at = project_columns.index("cost")
    known: set[str] = set()
    for row, number in zip(projects, project_lines, strict=True):
        pid = row[id_at].strip()
        if not pid:
            raise PabulibError(number, "empty project_id")
        if pid in known:
            raise PabulibError(number, f"project {pid!r} appears twice")
        known.add(pid)
        cost = parse_number(row[cost_at], number, f"the cost of project {pid!r}")
        if cost < 0:
            raise PabulibError(number, f"the cost of project {pid!r} is negative")
    voter_at = vote_columns.index("voter_id")
    vote_at = vote_columns.index("vote")
    points_at = vote_columns.index("points") if "points" in vote_columns else None
    needs_points = vote_type in ("cumulative", "scoring")
    if needs_points and points_at is None:
        raise PabulibError(0, f"{vote_type} votes need a 'points' column")
    voters: set[str] = set()
    for row, number in zip(votes, vote_lines, strict=True):
        vid = row[voter_at].strip()
        if vid in voters:
            raise PabulibError(number, f"voter {vid!r} appears twice")
        voters.add(vid)
        chosen = _split(row[vote_at])
        for pid in chosen:
            if pid not in known:
                raise PabulibError(number, f"the vote names project {pid!r}, which is not in PROJECTS")
        if len(set(chosen)) != len(chosen) and vote_type not in ("approval", "choose-1"):
            # (approval ballots of real files repeat a project now and then: it counts once)
            raise PabulibError(number, "the vote names a project twice")
        if vote_type == "choose-1" and len(chosen) > 1:
            raise PabulibError(number, "a choose-1 vote names more than one project")
        if needs_points:
            assert points_at is not None
            points = _split(row[points_at])
            if len(points) != len(chosen):
                raise PabulibError(number, f"{len(points)} points for {len(chosen)} projects")
            for p in points:
                parse_number(p, number, "a point")
    return PabulibFile(
        meta=meta,
        project_columns=project_columns,
        projects=tuple(projects),
        vote_columns=vote_columns,
        votes=tuple(votes),
    )


def _split(text: str) -> list[str]:
    text = text.strip()
    return [t.strip() for t in text.split(",")] if text else []


def vote_counts(pb: PabulibFile) -> dict[str, int]:
    """How many times each project is named in VOTES, as written — what Pabulib's ``votes`` column counts
    (a project repeated on one ballot, or given 0 points, is counted each time it is named)."""
    counts = {row[pb.project_columns.index("project_id")].strip(): 0 for row in pb.projects}
    at = pb.vote_columns.index("vote")
    for row in pb.votes:
        for pid in _split(row[at]):
            counts[pid] += 1
    return counts


def read(path: str | Path) -> PabulibFile:
    """Parse the file at ``path`` (OSError if it cannot be read)."""
    return parse(Path(path).read_bytes())


def write(pb: PabulibFile, *, neutralise_formulas: bool = False) -> str:
    """The text of a ``.pb`` file (``\\n`` line endings, minimal quoting).

    Cells are written exactly as they are, so the file round-trips through :func:`parse` (counting tools
    must get back the very names and votes that were written). A file published for anyone to download
    passes ``neutralise_formulas=True``: text cells that a spreadsheet would run as formulas get a leading
    apostrophe (``core.csvcells``), as in every other CSV export; numbers and ids are unchanged."""
    out = io.StringIO()
    writer = SafeWriter if neutralise_formulas else csv.writer
    w = writer(out, delimiter=";", quotechar='"', lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    out.write("META\n")
    w.writerow(["key", "value"])
    for key, value in pb.meta.items():
        w.writerow([key, value])
    out.write("PROJECTS\n")
    w.writerow(pb.project_columns)
    w.writerows(pb.projects)
    out.write("VOTES\n")
    w.writerow(pb.vote_columns)
    w.writerows(pb.votes)
    return out.getvalue()


# --- conversion to and from the counting rules' model -------------------------------------------------------

_LIMIT_KEYS = {
    "min_length": "min_length",
    "max_length": "max_length",
    "min_points": "min_points",
    "max_points": "max_points",
    "min_sum_points": "min_sum_points",
    "max_sum_points": "max_sum_points",
    "max_sum_cost": "max_sum_cost",
}


def to_election(pb: PabulibFile) -> Election:
    """The rules' :class:`Election` of a parsed file (``choose-1``: approval with at most one project)."""
    vote_type = pb.vote_type.strip()
    projects = []
    for prow in pb.project_rows():
        pid = prow["project_id"].strip()
        extra = {k: v for k, v in prow.items() if k not in ("project_id", "cost", "name")}
        projects.append(
            Project(
                id=pid,
                cost=parse_number(prow["cost"], 0, "cost"),
                name=prow.get("name", ""),
                extra=extra,
            )
        )
    ballots: list[Ballot] = []
    extra_columns = [c for c in pb.vote_columns if c not in ("voter_id", "vote", "points")]
    voter_at = pb.vote_columns.index("voter_id")
    vote_at = pb.vote_columns.index("vote")
    points_at = pb.vote_columns.index("points") if "points" in pb.vote_columns else None
    extra_at = [(c, pb.vote_columns.index(c)) for c in extra_columns]
    for row in pb.votes:
        vid = row[voter_at].strip()
        chosen = tuple(_split(row[vote_at]))
        extra = {c: row[i] for c, i in extra_at}
        if vote_type in ("approval", "choose-1") and len(set(chosen)) != len(chosen):
            chosen = tuple(dict.fromkeys(chosen))
        if vote_type in ("approval", "choose-1"):
            ballots.append(ApprovalBallot(voter_id=vid, projects=chosen, extra=extra))
        elif vote_type == "ordinal":
            ballots.append(OrdinalBallot(voter_id=vid, ranking=chosen, extra=extra))
        else:
            assert points_at is not None
            points = {
                p: parse_number(x, 0, "point") for p, x in zip(chosen, _split(row[points_at]), strict=True)
            }
            cls = CumulativeBallot if vote_type == "cumulative" else ScoringBallot
            ballots.append(cls(voter_id=vid, points=points, extra=extra))
    limits: dict[str, Number | None] = {}
    for key, attr in _LIMIT_KEYS.items():
        if key in pb.meta and pb.meta[key].strip():
            try:
                limits[attr] = parse_number(pb.meta[key], 0, key)
            except PabulibError:
                continue
    if vote_type == "choose-1":
        limits["max_length"] = 1
    lengths = {k: int(v) for k, v in limits.items() if k in ("min_length", "max_length") and v is not None}
    others = {k: v for k, v in limits.items() if k not in ("min_length", "max_length")}
    return Election(
        budget=pb.budget,
        projects=tuple(projects),
        ballots=tuple(ballots),
        vote_type=VoteType(
            {"choose-1": "approval"}.get(vote_type, vote_type),
        ),
        limits=BallotLimits(**lengths, **others),  # type: ignore[arg-type]
    )


def from_election(
    election: Election,
    *,
    meta: Mapping[str, str] | None = None,
    selected: Iterable[str] = (),
) -> PabulibFile:
    """A :class:`PabulibFile` for ``election`` (``votes`` and ``selected`` columns computed; ``meta`` adds
    or overrides META keys, e.g. description, country, unit)."""
    vote_type = election.vote_type.value
    out_meta: dict[str, str] = {
        "description": "",
        "country": "",
        "unit": "",
        "instance": "",
        "num_projects": str(len(election.projects)),
        "num_votes": str(len(election.ballots)),
        "budget": format_number(election.budget),
        "vote_type": vote_type,
    }
    for key, attr in _LIMIT_KEYS.items():
        value = getattr(election.limits, attr)
        if value is not None:
            out_meta[key] = format_number(value)
    out_meta.update(meta or {})
    support = _support_counts(election.ballots)
    chosen = set(selected)
    extra_keys: list[str] = []
    for p in election.projects:
        for k in p.extra:
            if k not in extra_keys and k not in ("votes", "selected"):
                extra_keys.append(k)
    project_columns = ("project_id", "cost", "votes", "name", "selected", *extra_keys)
    projects = tuple(
        (
            p.id,
            format_number(p.cost),
            str(support.get(p.id, 0)),
            p.name,
            "1" if p.id in chosen else "0",
            *(p.extra.get(k, "") for k in extra_keys),
        )
        for p in election.projects
    )
    vote_extra: list[str] = []
    for b in election.ballots:
        for k in b.extra:
            if k not in vote_extra:
                vote_extra.append(k)
    with_points = vote_type in ("cumulative", "scoring")
    vote_columns = ("voter_id", "vote", *(("points",) if with_points else ()), *vote_extra)
    votes = []
    for b in election.ballots:
        if isinstance(b, ApprovalBallot):
            row = [b.voter_id, ",".join(b.projects)]
        elif isinstance(b, OrdinalBallot):
            row = [b.voter_id, ",".join(b.ranking)]
        else:
            row = [b.voter_id, ",".join(b.points), ",".join(format_number(x) for x in b.points.values())]
        row.extend(b.extra.get(k, "") for k in vote_extra)
        votes.append(tuple(row))
    return PabulibFile(
        meta=out_meta,
        project_columns=project_columns,
        projects=projects,
        vote_columns=vote_columns,
        votes=tuple(votes),
    )


def _support_counts(ballots: Sequence[Ballot]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for b in ballots:
        ids: Iterable[str]
        if isinstance(b, ApprovalBallot):
            ids = b.projects
        elif isinstance(b, OrdinalBallot):
            ids = b.ranking
        else:
            ids = [p for p, x in b.points.items() if x > 0]
        for pid in ids:
            counts[pid] = counts.get(pid, 0) + 1
    return counts
