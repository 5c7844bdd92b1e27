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
import base64
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from .allocation import Problem, allocate, lottery_numbers, parse_instance
from .rules import priority_class, rules_from_snapshot

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


def verify_export(data: dict[str, Any]) -> list[str]:
    """Recompute a round's allocation from its export; the steps that passed (raises Mismatch naming the
    step and the first difference)."""
    if data.get("format") != "hromada-enrollment/1":
        raise Mismatch("format: not a hromada-enrollment/1 export")
    done = []
    applicants = data["applicants"]
    ids = [a["id"] for a in applicants]
    if data.get("seed"):
        seed = base64.b64decode(data["seed"])
        expected = lottery_numbers(seed=seed, ids=ids)
        for a in applicants:
            if a["lottery"] != expected[a["id"]]:
                raise Mismatch(
                    f"lottery: applicant {a['id']} has {a['lottery']}, the seed gives {expected[a['id']]}"
                )
        done.append(
            f"lottery: {len(ids)} numbers follow from the seed (tree size {data.get('seed_tree_size')})"
        )
    rules, local = rules_from_snapshot(data["rules"])
    for a in applicants:
        territory = set(a.get("territory", []))
        for choice in a["choices"]:
            cls = priority_class(
                rules, local, in_territory=choice in territory, granted=a.get("categories", [])
            )
            if a["priority"].get(choice) != cls:
                raise Mismatch(
                    f"priority: applicant {a['id']} at {choice} has class {a['priority'].get(choice)}, "
                    f"the rules {rules.key} give {cls}"
                )
    done.append(f"priority: every class follows from the rules {rules.key}")
    instance, problems = parse_instance(data)
    if instance is None:
        raise Mismatch("input: " + "; ".join(describe(p) for p in problems))
    assignments = allocate(instance)
    published = data.get("assignments")
    if published is not None:
        for aid, pid in assignments.items():
            if published.get(aid) != pid:
                raise Mismatch(
                    f"allocation: applicant {aid} was given {published.get(aid)}, the rules give {pid}"
                )
        if set(published) != set(assignments):
            raise Mismatch("allocation: the published assignment names applicants not in the inputs")
        assigned = sum(1 for p in assignments.values() if p is not None)
        done.append(f"allocation: the same {assigned} places for {len(assignments)} applicants")
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
