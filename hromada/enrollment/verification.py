"""Re-computing a round from its public export and the log's entries. Pure Python, no Django.

:func:`check_export` takes a round's export (format ``hromada-enrollment/1``: the frozen rules, the seed,
the places, every application by its random public number, the result) and, optionally, what the
transparency log says about the round (:class:`LedgerFacts`: the rules logged when the round opened, the
root of the log at the closing entry, the export's SHA-256 logged with the allocation). It returns one
:class:`Check` per step, with codes rather than sentences: the command line (``hromada enrollment verify``)
and the verifier page word them.

:func:`applicant_lines` shows one applicant where they stand on every list they chose, re-computed from the
same export (class, lottery, position, the place the re-run gives).
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .allocation import LOWEST_CLASS, allocate, lottery_numbers, parse_instance
from .rules import priority_class, rules_from_snapshot

FORMAT = "hromada-enrollment/1"

# Steps, in the order they run.
FORMAT_STEP = "format"
RULES_STEP = "rules"
SEED_STEP = "seed"
HASH_STEP = "export_hash"
LOTTERY_STEP = "lottery"
PRIORITY_STEP = "priority"
INPUT_STEP = "input"
ALLOCATION_STEP = "allocation"
TOTALS_STEP = "totals"

# Outcomes.
OK = "ok"
SKIPPED = "skipped"  # nothing to compare yet (no seed, no result, the entry not in the log yet)
MISMATCH = "mismatch"
MALFORMED = "malformed"  # the inputs break the allocation's contract (a problem code in ``found``)
UNREADABLE = "unreadable"  # a member is missing or of the wrong type


@dataclass(frozen=True)
class LedgerFacts:
    """What the log recorded about the round (None where the entry is not in the log yet)."""

    rules: Mapping[str, Any] | None = None  # the ``rules`` of ``enrollment.round_opened``
    seed_root: str | None = None  # base64 root of the log at the ``enrollment.round_closed`` entry
    seed_tree_size: int | None = None  # that entry's index + 1
    export_sha256: str | None = None  # from ``enrollment.allocated``
    applicants: int | None = None
    assigned: int | None = None


@dataclass(frozen=True)
class Check:
    """One step: its outcome, and for a mismatch the item and both values (as text)."""

    step: str
    outcome: str
    item: str = ""
    expected: str = ""
    found: str = ""
    count: int = 0

    @property
    def ok(self) -> bool:
        return self.outcome in (OK, SKIPPED)


def _rules_step(data: Mapping[str, Any], ledger: LedgerFacts | None) -> Check:
    if ledger is None or ledger.rules is None:
        return Check(RULES_STEP, SKIPPED)
    if dict(ledger.rules) != data.get("rules"):
        return Check(RULES_STEP, MISMATCH, expected=str(ledger.rules.get("key")), found=str(data["rules"]))
    return Check(RULES_STEP, OK, item=str(data["rules"].get("key", "")))


def _seed_step(data: Mapping[str, Any], ledger: LedgerFacts | None) -> Check:
    if ledger is None or ledger.seed_root is None or not data.get("seed"):
        return Check(SEED_STEP, SKIPPED)
    if data.get("seed_tree_size") != ledger.seed_tree_size:
        return Check(
            SEED_STEP,
            MISMATCH,
            item="tree_size",
            expected=str(ledger.seed_tree_size),
            found=str(data.get("seed_tree_size")),
        )
    if data["seed"] != ledger.seed_root:
        return Check(SEED_STEP, MISMATCH, item="root", expected=ledger.seed_root, found=str(data["seed"]))
    return Check(SEED_STEP, OK, count=int(ledger.seed_tree_size or 0))


def _hash_step(export_sha256: str | None, ledger: LedgerFacts | None) -> Check:
    if ledger is None or ledger.export_sha256 is None or export_sha256 is None:
        return Check(HASH_STEP, SKIPPED)
    if export_sha256 != ledger.export_sha256:
        return Check(HASH_STEP, MISMATCH, expected=ledger.export_sha256, found=export_sha256)
    return Check(HASH_STEP, OK, item=export_sha256)


def _lottery_step(data: Mapping[str, Any]) -> Check:
    applicants = data["applicants"]
    if not data.get("seed"):
        return Check(LOTTERY_STEP, SKIPPED)
    expected = lottery_numbers(seed=base64.b64decode(data["seed"]), ids=[a["id"] for a in applicants])
    for a in applicants:
        if a["lottery"] != expected[a["id"]]:
            return Check(
                LOTTERY_STEP, MISMATCH, item=a["id"], expected=str(expected[a["id"]]), found=str(a["lottery"])
            )
    return Check(LOTTERY_STEP, OK, count=len(applicants))


def _priority_step(data: Mapping[str, Any]) -> Check:
    rules, local = rules_from_snapshot(data["rules"])
    for a in data["applicants"]:
        territory = set(a.get("territory", []))
        for choice in a["choices"]:
            cls = priority_class(
                rules, local, in_territory=choice in territory, granted=a.get("categories", [])
            )
            if a["priority"].get(choice) != cls:
                return Check(
                    PRIORITY_STEP,
                    MISMATCH,
                    item=f"{a['id']} {choice}",
                    expected=str(cls),
                    found=str(a["priority"].get(choice)),
                )
    return Check(PRIORITY_STEP, OK, item=rules.key, count=len(data["applicants"]))


def recompute(data: Mapping[str, Any]) -> dict[str, str | None] | None:
    """The assignment the export's inputs give (None when the inputs are invalid)."""
    instance, _problems = parse_instance(dict(data))
    return None if instance is None else allocate(instance)


def _allocation_steps(data: Mapping[str, Any], ledger: LedgerFacts | None) -> list[Check]:
    published = data.get("assignments")
    if published is None:
        return [Check(ALLOCATION_STEP, SKIPPED)]
    instance, problems = parse_instance(dict(data))
    if instance is None:
        first = problems[0]
        return [Check(INPUT_STEP, MALFORMED, item=first.item, found=first.code, expected=first.detail)]
    assignments = allocate(instance)
    for aid, pid in assignments.items():
        if published.get(aid) != pid:
            return [
                Check(ALLOCATION_STEP, MISMATCH, item=aid, expected=str(pid), found=str(published.get(aid)))
            ]
    extra = sorted(set(published) - set(assignments))
    if extra:
        return [Check(ALLOCATION_STEP, MISMATCH, item=extra[0], expected="", found=str(published[extra[0]]))]
    assigned = sum(1 for p in assignments.values() if p is not None)
    checks = [Check(ALLOCATION_STEP, OK, count=assigned, item=str(len(assignments)))]
    if ledger is not None and ledger.applicants is not None:
        if (ledger.applicants, ledger.assigned) != (len(assignments), assigned):
            checks.append(
                Check(
                    TOTALS_STEP,
                    MISMATCH,
                    expected=f"{ledger.applicants}/{ledger.assigned}",
                    found=f"{len(assignments)}/{assigned}",
                )
            )
        else:
            checks.append(Check(TOTALS_STEP, OK, count=assigned, item=str(len(assignments))))
    return checks


def check_export(
    data: Any, *, ledger: LedgerFacts | None = None, export_sha256: str | None = None
) -> list[Check]:
    """Every step of the re-computation; a step stops at its first difference. ``export_sha256`` is the
    SHA-256 of the export's canonical JSON (RFC 8785), computed by the caller."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return [
            Check(
                FORMAT_STEP,
                MISMATCH,
                expected=FORMAT,
                found=str(data.get("format") if isinstance(data, dict) else ""),
            )
        ]
    checks = [Check(FORMAT_STEP, OK)]
    try:
        checks.append(_rules_step(data, ledger))
        checks.append(_seed_step(data, ledger))
        checks.append(_hash_step(export_sha256, ledger))
        checks.append(_lottery_step(data))
        checks.append(_priority_step(data))
        checks.extend(_allocation_steps(data, ledger))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        checks.append(Check(INPUT_STEP, UNREADABLE, found=type(exc).__name__, item=str(exc)[:80]))
    return checks


@dataclass(frozen=True)
class ApplicantLine:
    """One applicant on one list they chose: their rank of it, class, position (1 = first) among everyone
    who chose it, the places it has, and whether the re-run gives them this place."""

    choice: str
    rank: int
    priority_class: int
    position: int
    places: int
    assigned_here: bool


def applicant_lines(data: Mapping[str, Any], applicant_id: str) -> list[ApplicantLine] | None:
    """Where ``applicant_id`` stands on every list they chose, from the export alone; None when the export
    does not name them."""
    applicants = data.get("applicants") or []
    mine = next((a for a in applicants if a.get("id") == applicant_id), None)
    if mine is None:
        return None
    capacity = {p["id"]: p["capacity"] for p in data.get("institutions", [])}
    assignment = recompute(data) or {}
    lines = []
    for rank, choice in enumerate(mine["choices"], start=1):
        key = (mine["priority"].get(choice, LOWEST_CLASS), mine["lottery"] or 0)
        ahead = sum(
            1
            for a in applicants
            if choice in a["choices"] and (a["priority"].get(choice, LOWEST_CLASS), a["lottery"] or 0) < key
        )
        lines.append(
            ApplicantLine(
                choice=choice,
                rank=rank,
                priority_class=key[0],
                position=ahead + 1,
                places=capacity.get(choice, 0),
                assigned_here=assignment.get(applicant_id) == choice,
            )
        )
    return lines
