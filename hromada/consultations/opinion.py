"""Opinion groups from agree / disagree / pass votes on short statements (the Pol.is method).

Pure Python and numpy, no Django import. The same votes always give the same groups: participants and
statements are sorted by id, the random start of k-means comes from a fixed seed, and ties are broken by
the sorted order.

The method, step by step (the page explains it in words):

1. A matrix of participants × statements: agree +1, disagree −1, pass or no vote 0. Only participants who
   voted on at least ``min_votes`` statements are placed (fewer votes say too little about a person).
2. Each column is centred on its mean; each row is scaled by √(statements / votes cast), so a person who
   voted on few statements is not pulled to the middle just for having few votes.
3. PCA: the two directions in which the votes differ most (the top eigenvectors of the
   statements × statements covariance, whose size does not grow with the participants); each participant
   becomes a point on this plane.
4. k-means on the plane for k = 2 … ``max_groups`` (k-means++ start from a fixed seed, several starts, the
   lowest spread kept); the k with the best simplified silhouette wins.
5. For each group and statement, the share of the group's votes that agree and that disagree (with one
   imagined vote each way, so two votes are not "100 %"). A statement is **consensus** when every group
   agrees (or every group disagrees) with it at least at ``consensus_share``; it **divides** when the
   groups' shares of agreement are furthest apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

AGREE, PASS, DISAGREE = 1, 0, -1

SEED = 20_260_101


@dataclass(frozen=True)
class Settings:
    min_votes: int = 3
    min_participants: int = 6
    max_groups: int = 5
    restarts: int = 4
    iterations: int = 100
    consensus_share: float = 0.6
    min_group_votes: int = 2  # a group's share of a statement counts only with this many of its votes
    statements_shown: int = 5


@dataclass(frozen=True)
class StatementShare:
    statement: int
    agree: float  # 0..1, smoothed
    disagree: float
    votes: int


@dataclass(frozen=True)
class Group:
    number: int  # 1, 2, … by size, largest first
    members: tuple[int, ...]
    # The statements that set the group apart (agreed by it much more than by the others, or rejected).
    distinctive: tuple[StatementShare, ...] = ()


@dataclass(frozen=True)
class Result:
    """What the page shows. ``status`` is ``ok`` or why there are no groups (a code:
    ``too_few_participants``)."""

    status: str
    participants: int  # placed on the map
    voters: int  # everyone who voted
    votes: int
    groups: tuple[Group, ...] = ()
    consensus: tuple[StatementShare, ...] = ()
    divisive: tuple[tuple[int, float], ...] = ()  # (statement, spread of the groups' agreement)
    points: dict[int, tuple[float, float]] = field(default_factory=dict)
    explained: tuple[float, float] = (0.0, 0.0)  # share of the variance on each axis


Vote = tuple[int, int, int]  # (participant, statement, vote)


def _matrix(
    votes: Iterable[Vote],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64], int]:
    """The votes as sorted, de-duplicated (participant index, statement index, vote) rows, with the sorted
    participant and statement ids (the order of ``votes`` does not matter)."""
    triples = np.array(list(votes), dtype=np.int64).reshape(-1, 3)
    triples = triples[np.lexsort((triples[:, 2], triples[:, 1], triples[:, 0]))]
    # One vote per participant and statement: the last of the sorted rows (the input holds one anyway).
    last = np.ones(len(triples), dtype=np.bool_)
    last[:-1] = (triples[1:, 0] != triples[:-1, 0]) | (triples[1:, 1] != triples[:-1, 1])
    triples = triples[last]
    people, person_index = np.unique(triples[:, 0], return_inverse=True)
    statements, statement_index = np.unique(triples[:, 1], return_inverse=True)
    rows = np.stack([person_index, statement_index, np.clip(triples[:, 2], -1, 1)], axis=1)
    return people, statements, rows, len(triples)


def _top_directions(covariance: npt.NDArray[np.float64], count: int = 2) -> npt.NDArray[np.float64]:
    """The ``count`` eigenvectors of the largest eigenvalues, by subspace iteration from a fixed start.

    The small products go through ``einsum`` rather than BLAS: on busy shared cores a threaded BLAS (and
    LAPACK's eigensolver) spent seconds waiting for its threads on products that take a millisecond."""
    size = covariance.shape[0]
    block = min(size, count + 2)  # two spare vectors make the top two converge faster
    basis = np.random.default_rng(SEED).standard_normal((size, block))
    basis, _r = np.linalg.qr(basis)
    previous = np.zeros(count)
    for _step in range(500):
        product = np.einsum("ij,jk->ik", covariance, basis)
        # The top Ritz values converge even when the top two eigenvalues are close (the vectors may then
        # still turn inside their plane, which the final Rayleigh–Ritz step settles).
        ritz = np.sort(np.linalg.eigvalsh(basis.T @ product))[::-1][:count]
        basis, _r = np.linalg.qr(product)
        if np.abs(ritz - previous).max() <= 1e-10 * max(abs(ritz[0]), 1e-12):
            break
        previous = ritz
    small = np.einsum(
        "ji,jk,kl->il", basis, covariance, basis
    )  # Rayleigh–Ritz: the exact directions inside the subspace
    values, vectors = np.linalg.eigh(small)
    order = np.argsort(values)[::-1][:count]
    return np.asarray(basis @ vectors[:, order])


def _pca(rows: npt.NDArray[np.int64], n: int, m: int) -> tuple[npt.NDArray[np.float64], tuple[float, float]]:
    """Each participant's place on the plane of the two principal components of the centred vote matrix.

    The matrix is sparse (20 votes of 500 statements): its covariance is summed from each participant's
    pairs of votes (``bincount``), never from the dense n × m product."""
    person, statement, vote = rows[:, 0], rows[:, 1], rows[:, 2].astype(np.float64)
    means = np.bincount(statement, weights=vote, minlength=m) / n
    order = np.argsort(person, kind="stable")
    person, statement, vote = person[order], statement[order], vote[order]
    starts = np.searchsorted(person, np.arange(n + 1))
    counts = np.diff(starts)
    # All pairs (a, b) of one participant's votes: index pairs within each participant's block.
    owner = np.repeat(np.arange(n), counts * counts)
    first = np.repeat(starts[:-1], counts * counts)
    within = np.arange(len(owner)) - np.repeat(np.cumsum(counts * counts) - counts * counts, counts * counts)
    a = first + within // np.repeat(counts, counts * counts)
    b = first + within % np.repeat(counts, counts * counts)
    del owner
    gram = np.bincount(statement[a] * m + statement[b], weights=vote[a] * vote[b], minlength=m * m).reshape(
        m, m
    )
    covariance = gram - n * np.outer(means, means)
    components = _top_directions(covariance)
    # An eigenvector's sign is arbitrary: fix it so its largest entry is positive.
    for column in range(components.shape[1]):
        biggest = np.argmax(np.abs(components[:, column]))
        if components[biggest, column] < 0:
            components[:, column] = -components[:, column]
    if components.shape[1] < 2:
        components = np.hstack([components, np.zeros((components.shape[0], 2 - components.shape[1]))])
    total = float(np.trace(covariance)) or 1.0
    variances = ((components.T @ covariance) * components.T).sum(axis=1)
    points = np.zeros((n, 2))
    for axis in (0, 1):
        points[:, axis] = np.bincount(person, weights=vote * components[statement, axis], minlength=n)
    points -= means @ components
    return points, (float(variances[0]) / total, float(variances[1]) / total)


def _distances(points: npt.NDArray[np.float64], centres: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Squared distances of every point to every centre (n × k), one plane coordinate at a time."""
    xs, ys = points[:, 0:1], points[:, 1:2]
    return np.asarray((xs - centres[:, 0]) ** 2 + (ys - centres[:, 1]) ** 2)


def _kmeans(
    points: npt.NDArray[np.float64], k: int, rng: np.random.Generator, settings: Settings
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], float]:
    best: tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], float] | None = None
    n = len(points)
    for _restart in range(settings.restarts):
        # k-means++: each next centre drawn with probability proportional to the squared distance.
        centres = points[[int(rng.integers(n))]]
        for _ in range(1, k):
            nearest = _distances(points, centres).min(axis=1)
            total = nearest.sum()
            pick = int(rng.choice(n, p=nearest / total)) if total > 0 else int(rng.integers(n))
            centres = np.vstack([centres, points[pick]])
        labels = np.full(n, -1, dtype=np.int64)
        for _step in range(settings.iterations):
            new_labels = np.argmin(_distances(points, centres), axis=1)
            if np.array_equal(new_labels, labels):
                break
            labels = new_labels
            sizes = np.bincount(labels, minlength=k).astype(np.float64)
            for axis in (0, 1):
                sums = np.bincount(labels, weights=points[:, axis], minlength=k)
                centres[:, axis] = np.where(sizes > 0, sums / np.maximum(sizes, 1), centres[:, axis])
        inertia = float(((points - centres[labels]) ** 2).sum())
        if best is None or inertia < best[2] - 1e-12:
            best = (labels, centres.copy(), inertia)
    assert best is not None
    return best


def _silhouette(
    points: npt.NDArray[np.float64], labels: npt.NDArray[np.int64], centres: npt.NDArray[np.float64]
) -> float:
    """The simplified silhouette (distances to centres, not to every point: linear in the participants)."""
    distances = np.sqrt(_distances(points, centres))
    own = distances[np.arange(len(points)), labels]
    distances[np.arange(len(points)), labels] = np.inf
    other = distances.min(axis=1)
    scale = np.maximum(own, other)
    scores = np.where(scale > 0, (other - own) / np.where(scale > 0, scale, 1), 0.0)
    return float(scores.mean())


def _shares(
    values: npt.NDArray[np.int8], seen: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    agree = ((values > 0) & seen).sum(axis=0)
    disagree = ((values < 0) & seen).sum(axis=0)
    cast = seen.sum(axis=0)
    return (agree + 1) / (cast + 2), (disagree + 1) / (cast + 2), cast


def groups(votes: Iterable[Vote], settings: Settings | None = None) -> Result:
    """Group the participants of ``votes`` (participant, statement, +1 / 0 / −1) by how they voted."""
    settings = settings or Settings()
    votes = list(votes)
    if not votes:
        return Result(status="too_few_participants", participants=0, voters=0, votes=0)
    people, statements, rows, count = _matrix(votes)
    voters = len(people)
    cast_by = np.bincount(rows[:, 0], minlength=len(people))
    placed = cast_by >= settings.min_votes
    if int(placed.sum()) < settings.min_participants or len(statements) < 2:
        return Result(
            status="too_few_participants", participants=int(placed.sum()), voters=voters, votes=count
        )
    new_index = np.cumsum(placed) - 1
    rows = rows[placed[rows[:, 0]]]
    rows[:, 0] = new_index[rows[:, 0]]
    people = people[placed]
    values = np.zeros((len(people), len(statements)), dtype=np.int8)
    seen = np.zeros((len(people), len(statements)), dtype=np.bool_)
    values[rows[:, 0], rows[:, 1]] = rows[:, 2]
    seen[rows[:, 0], rows[:, 1]] = True
    scale = np.sqrt(len(statements) / cast_by[placed])
    points, explained = _pca(rows, len(people), len(statements))
    points = points * scale[:, None]
    rng = np.random.default_rng(SEED)
    best: tuple[float, npt.NDArray[np.int64]] | None = None
    for k in range(2, min(settings.max_groups, len(people) // 3) + 1):
        labels, centres, _inertia = _kmeans(points, k, rng, settings)
        if len(np.unique(labels)) < k:
            continue
        score = _silhouette(points, labels, centres)
        if best is None or score > best[0] + 1e-9:
            best = (score, labels)
    if best is None:
        return Result(status="too_few_participants", participants=len(people), voters=voters, votes=count)
    labels = best[1]
    # Number the groups by size, largest first (then by their smallest member, for a fixed order).
    found = sorted(
        np.unique(labels), key=lambda g: (-int((labels == g).sum()), int(people[labels == g].min()))
    )
    numbered = {int(g): n + 1 for n, g in enumerate(found)}
    agree_all, disagree_all, cast_all = _shares(values, seen)
    per_group = []
    for g in found:
        mask = labels == g
        per_group.append(_shares(values[mask], seen[mask]))
    group_list = []
    for g, (agree, disagree, cast) in zip(found, per_group, strict=True):
        mask = labels == g
        others_agree, others_disagree, _ = _shares(values[~mask], seen[~mask])
        lift = np.maximum(agree - others_agree, disagree - others_disagree)
        lift = np.where(cast >= settings.min_group_votes, lift, -np.inf)
        order = np.lexsort((statements, -lift))[: settings.statements_shown]
        distinctive = tuple(
            StatementShare(int(statements[i]), float(agree[i]), float(disagree[i]), int(cast[i]))
            for i in order
            if np.isfinite(lift[i]) and lift[i] > 0
        )
        group_list.append(
            Group(
                number=numbered[int(g)], members=tuple(int(p) for p in people[mask]), distinctive=distinctive
            )
        )
    agree_matrix = np.array([a for a, _d, _c in per_group])
    disagree_matrix = np.array([d for _a, d, _c in per_group])
    cast_matrix = np.array([c for _a, _d, c in per_group])
    enough = (cast_matrix >= settings.min_group_votes).all(axis=0)
    floor_agree = np.where(enough, agree_matrix.min(axis=0), 0.0)
    floor_disagree = np.where(enough, disagree_matrix.min(axis=0), 0.0)
    strength = np.maximum(floor_agree, floor_disagree)
    consensus_order = np.lexsort((statements, -strength))
    consensus = tuple(
        StatementShare(int(statements[i]), float(agree_all[i]), float(disagree_all[i]), int(cast_all[i]))
        for i in consensus_order
        if strength[i] >= settings.consensus_share
    )[: settings.statements_shown]
    spread = np.where(enough, agree_matrix.max(axis=0) - agree_matrix.min(axis=0), -1.0)
    divisive_order = np.lexsort((statements, -spread))
    divisive = tuple(
        (int(statements[i]), round(float(spread[i]), 4)) for i in divisive_order if spread[i] > 0.2
    )[: settings.statements_shown]
    return Result(
        status="ok",
        participants=len(people),
        voters=voters,
        votes=count,
        groups=tuple(sorted(group_list, key=lambda g: g.number)),
        consensus=consensus,
        divisive=divisive,
        points={
            int(p): (round(float(x), 4), round(float(y), 4)) for p, (x, y) in zip(people, points, strict=True)
        },
        explained=(round(explained[0], 4), round(explained[1], 4)),
    )


def as_json(result: Result) -> dict[str, object]:
    """The result as JSON-ready data (what the consultation stores)."""

    def share(s: StatementShare) -> dict[str, object]:
        return {
            "statement": s.statement,
            "agree": round(s.agree, 4),
            "disagree": round(s.disagree, 4),
            "votes": s.votes,
        }

    return {
        "status": result.status,
        "participants": result.participants,
        "voters": result.voters,
        "votes": result.votes,
        "explained": list(result.explained),
        "groups": [
            {
                "number": g.number,
                "size": len(g.members),
                "members": list(g.members),
                "distinctive": [share(s) for s in g.distinctive],
            }
            for g in result.groups
        ],
        "consensus": [share(s) for s in result.consensus],
        "divisive": [{"statement": s, "spread": v} for s, v in result.divisive],
    }
