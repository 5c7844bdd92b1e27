"""``hromada budget tally FILE.pb [FILE.pb ...] --rule RULE [--utility U] [--json]``: count Pabulib files.

A pure module: no Django, no database; ``hromada/cli.py`` hands ``budget tally`` straight here so the command
starts fast. With ``--json`` it prints one JSON object per file on its own line::

    {"file": "...", "rule": "mes-add1", "utility": "cost", "winners": ["104", ...], "total_cost": 4319770,
     "budget": 4321791, "add1_increments": 154, "ties": [...], "unresolved_tie": null}

``winners`` are the project ids as written in the file, in the order the rule chose them. Amounts are JSON
integers when whole, else decimal numbers. Exit status: 0 when every file was counted, 1 when a file could
not be read or is malformed (the message names the file, the line and the problem; the other files are still
counted), 2 for a wrong command line (unknown rule or utility).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from fractions import Fraction
from typing import Any, TextIO

RULES = ("greedy", "greedy-no-skip", "mes", "mes-add1", "phragmen")


def _amount(value: int | Fraction) -> int | float:
    if isinstance(value, int) or value.denominator == 1:
        return int(value)
    return float(value)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hromada budget tally",
        description="Count participatory-budget elections stored as Pabulib .pb files (no database needed).",
    )
    parser.add_argument("files", nargs="+", metavar="FILE.pb", help="Pabulib files to count")
    parser.add_argument("--rule", required=True, choices=RULES, help="counting rule")
    parser.add_argument(
        "--utility",
        choices=("cost", "cardinality", "points"),
        default=None,
        help="MES utility (default: cost for approval ballots, points for cumulative/scoring); "
        "for greedy rules, cardinality ranks by score per unit of cost",
    )
    parser.add_argument(
        "--tie-break",
        default="id",
        help="comma-separated tie-break criteria among id, max-votes, min-cost, max-cost (default: id)",
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per file and line")
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    args = _parser().parse_args(argv)
    tie_break = tuple(t.strip() for t in args.tie_break.split(",") if t.strip())
    from hromada.budget import pabulib
    from hromada.budget.rules import TIE_BREAK_CRITERIA, tally

    for criterion in tie_break:
        if criterion not in TIE_BREAK_CRITERIA:
            err.write(f"hromada budget tally: unknown tie-break criterion {criterion!r}\n")
            return 2
    status = 0
    for name in args.files:
        try:
            election = pabulib.to_election(pabulib.read(name))
        except OSError as exc:
            err.write(f"{name}: cannot read the file ({exc.strerror or exc})\n")
            status = 1
            continue
        except pabulib.PabulibError as exc:
            err.write(f"{name}: {exc}\n")
            status = 1
            continue
        try:
            outcome = tally(election, rule=args.rule, utility=args.utility, tie_break=tie_break)
        except ValueError as exc:
            err.write(f"{name}: {exc}\n")
            status = 1
            continue
        if outcome.unresolved_tie is not None:
            tie = outcome.unresolved_tie
            err.write(
                f"{name}: the count stopped at step {tie.position}: a tie between {', '.join(tie.projects)} "
                "that the tie-break cannot break (the winners are those chosen before it)\n"
            )
        if args.json:
            record: dict[str, Any] = {
                "file": name,
                "rule": outcome.rule,
                "utility": outcome.utility,
                "winners": list(outcome.winners),
                "total_cost": _amount(outcome.total_cost),
                "budget": _amount(outcome.budget),
                "add1_increments": outcome.add1_increments,
                "ties": [
                    {
                        "position": t.position,
                        "projects": list(t.projects),
                        "chosen": t.chosen,
                        "by": t.criterion,
                    }
                    for t in outcome.ties
                ],
                "unresolved_tie": (
                    {
                        "position": outcome.unresolved_tie.position,
                        "projects": list(outcome.unresolved_tie.projects),
                    }
                    if outcome.unresolved_tie
                    else None
                ),
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            _table(out, name, election, outcome)
        out.flush()
    return status


def _table(out: TextIO, name: str, election: Any, outcome: Any) -> None:
    projects = {p.id: p for p in election.projects}
    title = f"{name}: {outcome.rule}" + (f" ({outcome.utility} utility)" if outcome.utility else "")
    out.write(title + "\n")
    width = max([len("project"), *(len(w) for w in outcome.winners)])
    out.write(f"{'#':>4}  {'project':<{width}}  {'cost':>14}  {'score':>10}  name\n")
    for pos, pid in enumerate(outcome.winners, start=1):
        p = projects[pid]
        score = outcome.explanations[pid].score
        cost = _amount(p.cost)
        name_text = p.name if len(p.name) <= 60 else p.name[:59] + "…"
        out.write(f"{pos:>4}  {pid:<{width}}  {cost:>14,}  {_amount(score):>10,}  {name_text}\n")
    total, budget = _amount(outcome.total_cost), _amount(outcome.budget)
    out.write(f"{len(outcome.winners)} projects funded, {total:,} of {budget:,}")
    if outcome.add1_increments is not None:
        out.write(f"; Add1: endowment raised {outcome.add1_increments} times")
    out.write("\n")
    for t in outcome.ties:
        out.write(f"tie at step {t.position}: {', '.join(t.projects)} -> {t.chosen} (by {t.criterion})\n")
    if outcome.unresolved_tie:
        t = outcome.unresolved_tie
        out.write(f"UNRESOLVED tie at step {t.position}: {', '.join(t.projects)}; the count stopped there\n")
    out.write("\n")


if __name__ == "__main__":
    raise SystemExit(main())
