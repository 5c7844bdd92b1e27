"""``hromada enrollment allocate FILE.json [...] [--json]`` and ``hromada enrollment verify FILE.json``.

A pure module: no Django, no database; ``hromada/cli.py`` hands ``enrollment allocate|verify`` straight here,
so a parent or a journalist can run it on the published export without installing a server.

``allocate`` reads ``{"institutions": [{"id", "capacity"}], "applicants": [{"id", "choices", "lottery",
"priority"}]}`` and runs applicant-proposing deferred acceptance. With ``--json`` it prints one object per
file on its own line, ``{"file": ..., "assignments": {"a1": "zdo-3", "a2": null}}``; without it, one line per
applicant. Invalid input (unknown institution in choices, duplicate ids, negative capacity, duplicate
lottery numbers, …) prints a message naming the item to standard error and nothing for that file; the exit
status is then 2 (0 when every file was allocated).

``verify`` reads a round's public export (``/enrollment/rounds/<slug>/export.json``, format
``hromada-enrollment/1``) and recomputes, from the published inputs only: the lottery numbers from the seed,
each priority class from the frozen rules, and the assignment; it prints ``ok    <step>`` per step, or
``FAILED: <step>: …`` and exits with status 1 at the first difference (2 for a file it cannot read).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from .allocation import Problem, allocate, parse_instance
from .verification import Check, check_export

MESSAGES = {
    "not_an_object": "the file is not a JSON object",
    "missing_list": "the list {item!r} is missing",
    "bad_institution": "institution {item} needs a string id and an integer capacity",
    "bad_applicant": "applicant {item} needs a string id, a list of choices and an integer lottery",
    "duplicate_institution": "institution {item!r} appears twice",
    "duplicate_applicant": "applicant {item!r} appears twice",
    "negative_capacity": "institution {item!r} has a negative capacity ({detail})",
    "unknown_institution_in_choices": "applicant {item!r} chooses an unknown institution {detail!r}",
    "repeated_choice": "applicant {item!r} chooses an institution twice",
    "duplicate_lottery": "applicant {item!r} repeats another's lottery number (number, other: {detail})",
    "bad_priority": "applicant {item!r}: priority must map institution ids to classes 1, 2, …",
}


def describe(problem: Problem) -> str:
    return MESSAGES[problem.code].format(item=problem.item, detail=problem.detail)


def _read(name: str, err: TextIO) -> Any:
    try:
        with open(name, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as exc:
        err.write(f"{name}: cannot read the file ({exc.strerror or exc})\n")
    except (ValueError, UnicodeDecodeError) as exc:
        err.write(f"{name}: not valid JSON ({exc})\n")
    return None


def allocate_main(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    parser = argparse.ArgumentParser(
        prog="hromada enrollment allocate",
        description="Allocate places by applicant-proposing deferred acceptance (no database needed).",
    )
    parser.add_argument("files", nargs="+", metavar="FILE.json")
    parser.add_argument("--json", action="store_true", help="one JSON object per file and line")
    args = parser.parse_args(argv)
    status = 0
    for name in args.files:
        raw = _read(name, err)
        if raw is None:
            status = 2
            continue
        instance, problems = parse_instance(raw)
        if instance is None:
            for problem in problems:
                err.write(f"{name}: {describe(problem)}\n")
            status = 2
            continue
        assignments = allocate(instance)
        if args.json:
            out.write(json.dumps({"file": name, "assignments": assignments}, ensure_ascii=False) + "\n")
        else:
            out.write(f"# {name}\n")
            for aid, pid in assignments.items():
                out.write(f"{aid}\t{pid if pid is not None else '-'}\n")
    return status


class Mismatch(Exception):
    pass


STEP_WORDS = {
    "format": "format",
    "rules": "rules",
    "seed": "seed",
    "export_hash": "export hash",
    "lottery": "lottery",
    "priority": "priority",
    "input": "input",
    "allocation": "allocation",
    "totals": "totals",
}


def describe_check(check: Check, data: dict[str, Any]) -> str:
    """One step in words (English; the web page has its own translated wording)."""
    step = STEP_WORDS[check.step]
    if check.outcome == "malformed":
        return f"{step}: {describe(Problem(check.found, check.item, check.expected))}"
    if check.outcome == "mismatch":
        if check.step == "format":
            return "format: not a hromada-enrollment/1 export"
        if check.step == "lottery":
            return f"lottery: applicant {check.item} has {check.found}, the seed gives {check.expected}"
        if check.step == "priority":
            applicant, choice = check.item.split(" ", 1)
            key = data.get("rules", {}).get("key")
            return (
                f"priority: applicant {applicant} at {choice} has class {check.found}, "
                f"the rules {key} give {check.expected}"
            )
        if check.step == "allocation":
            if not check.expected:
                return "allocation: the published assignment names applicants not in the inputs"
            return (
                f"allocation: applicant {check.item} was given {check.found}, the rules give {check.expected}"
            )
        return f"{step}: the log says {check.expected}, the export {check.found}"
    if check.outcome == "skipped":
        return f"{step}: nothing to compare"
    if check.step == "lottery":
        return f"lottery: {check.count} numbers follow from the seed (tree size {data.get('seed_tree_size')})"
    if check.step == "priority":
        return f"priority: every class follows from the rules {check.item}"
    if check.step == "allocation":
        return f"allocation: the same {check.count} places for {check.item} applicants"
    return f"{step}: matches"


def verify_export(data: dict[str, Any]) -> list[str]:
    """Recompute a round's allocation from its export; the steps that passed (raises Mismatch naming the
    step and the first difference)."""
    done = []
    for check in check_export(data):
        if check.outcome == "unreadable":
            raise ValueError(f"{check.found}: {check.item}")
        if not check.ok:
            raise Mismatch(describe_check(check, data))
        if check.outcome == "ok" and check.step != "format":
            done.append(describe_check(check, data))
    return done


def verify_main(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    parser = argparse.ArgumentParser(
        prog="hromada enrollment verify",
        description="Recompute a round's allocation from its public export and compare (no database needed).",
    )
    parser.add_argument("file", metavar="EXPORT.json")
    args = parser.parse_args(argv)
    raw = _read(args.file, err)
    if not isinstance(raw, dict):
        if raw is not None:
            err.write(f"{args.file}: not an export\n")
        return 2
    try:
        for line in verify_export(raw):
            out.write(f"ok    {line}\n")
    except Mismatch as exc:
        out.write(f"FAILED: {exc}\n")
        return 1
    except (KeyError, TypeError, ValueError) as exc:
        err.write(f"{args.file}: malformed export ({exc!r})\n")
        return 2
    return 0


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    out = out or sys.stdout
    err = err or sys.stderr
    if argv[:1] == ["allocate"]:
        return allocate_main(argv[1:], out, err)
    if argv[:1] == ["verify"]:
        return verify_main(argv[1:], out, err)
    err.write(
        "usage: hromada enrollment allocate FILE.json [...] [--json] | hromada enrollment verify FILE.json\n"
    )
    return 2
