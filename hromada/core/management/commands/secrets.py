"""`hromada secrets`: compare this environment's secrets with the database's, or accept a rotation."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hromada.core.fingerprints import BY_NAME, IDENTITY_PEPPER


class Command(BaseCommand):
    help = (
        "check: compare HROMADA_SECRET_KEY and HROMADA_IDENTITY_PEPPER with the fingerprints the database "
        "recorded (recording them when none is); accept NAME…: record this environment's value as the "
        "installation's after a deliberate rotation, with every node and worker stopped (docs/operations.md)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        commands.add_parser("check", help="Compare (exit status 78 when a secret differs).")
        accept = commands.add_parser("accept", help="Record the current value of the named secrets.")
        accept.add_argument("names", nargs="+", choices=sorted(BY_NAME))
        accept.add_argument(
            "--i-have-re-verified-everyone",
            action="store_true",
            dest="pepper_ok",
            help="Needed to accept a new identity pepper (voids every identity hash).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from hromada.core.actions import secret_fingerprints_accept
        from hromada.core.startup import secrets_guard

        if options["action"] == "check":
            note = secrets_guard()
            self.stdout.write(note or "The secrets match the ones this database was set up with.")
            return
        names: list[str] = options["names"]
        if IDENTITY_PEPPER.name in names and not options["pepper_ok"]:
            raise CommandError(
                "A new identity pepper makes every stored identity hash useless (one person could verify a "
                "second account). Restore the old pepper from the backup instead; if it is really lost, "
                "pass --i-have-re-verified-everyone."
            )
        secret_fingerprints_accept(names=names)
        self.stdout.write(f"Recorded the current {', '.join(names)} as this installation's.")
