"""The `hromada` command: Django's management commands under one name (`hromada serve`, `hromada demo`, …).

`hromada budget tally …` counts Pabulib files without Django or a database: it is handed to the pure module
hromada.budget.tally_cli before Django is set up, so it starts in a fraction of a second; so are
`hromada enrollment allocate|verify` (hromada.enrollment.cli).
"""

import os
import sys


def main() -> None:
    args = sys.argv[1:]
    if args[:2] == ["budget", "tally"]:
        from hromada.budget.tally_cli import main as tally_main

        raise SystemExit(tally_main(args[2:]))
    if args[:2] in (["enrollment", "allocate"], ["enrollment", "verify"]):
        from hromada.enrollment.cli import main as enrollment_main

        raise SystemExit(enrollment_main(args[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["hromada", *sys.argv[1:]])


if __name__ == "__main__":
    main()
