"""`hromada audit`: the installed packages and their known vulnerabilities (pip-audit), recorded."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from hromada.security.actions import audit_record


class Command(BaseCommand):
    help = (
        "Ask pip-audit for the known vulnerabilities of every installed package and record the result for "
        "the security page; when the vulnerability service cannot be reached, records that (with the time) "
        "and the versions in use. Exit status 1 when a package has a known vulnerability."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--timeout", type=float, default=120.0, help="Seconds to wait (default 120).")

    def handle(self, *args: Any, **options: Any) -> None:
        run = audit_record(timeout=options["timeout"])
        if not run.reachable:
            self.stdout.write(
                f"{run.ran_at:%Y-%m-%d %H:%M:%S %Z}: {run.error} ({len(run.packages)} packages listed)"
            )
            return
        self.stdout.write(
            f"{len(run.packages)} packages audited with {run.tool}; {run.vulnerable} vulnerable."
        )
        for package in run.packages:
            for vulnerability in package["vulnerabilities"]:
                fixes = ", ".join(vulnerability["fix_versions"]) or "no fix yet"
                self.stdout.write(
                    f"  {package['name']} {package['version']}: {vulnerability['id']} ({fixes})"
                )
        if run.vulnerable:
            raise SystemExit(1)
