"""`hromada ledger check | integrate | checkpoint`: the transparency log from the command line."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from hromada.core.models import Hromada
from hromada.ledger.actions import (
    LedgerIntegrityError,
    LedgerKeyError,
    ledger_checkpoint,
    ledger_publish,
    ledger_publish_all,
)
from hromada.ledger.models import Log
from hromada.ledger.selectors import log_check


class Command(BaseCommand):
    help = (
        "The hromadas' transparency logs. `check` recomputes every hash from the entries and verifies "
        "every checkpoint (exit status 1 on any problem); `integrate` gives pending entries their indices "
        "and signs a checkpoint (with --loop SECONDS it repeats, e.g. every 10 s beside the worker); "
        "`checkpoint` signs a checkpoint of the current tree."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(
            dest="command", required=True, metavar="{check,integrate,checkpoint}"
        )
        check = commands.add_parser("check", help="Recompute and verify the whole log.")
        integrate = commands.add_parser("integrate", help="Integrate pending entries and sign a checkpoint.")
        checkpoint = commands.add_parser("checkpoint", help="Sign a checkpoint of the current tree.")
        for sub in (check, integrate, checkpoint):
            sub.add_argument("--hromada", metavar="SLUG", help="Only this hromada (default: every one).")
        integrate.add_argument(
            "--loop", type=float, metavar="SECONDS", help="Repeat every SECONDS seconds until interrupted."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        command = options["command"]
        slug = options.get("hromada")
        if command == "check":
            self._check(slug)
        elif command == "checkpoint":
            for hromada in self._hromadas(slug, only_with_log=False):
                self._report(hromada, lambda h: ledger_checkpoint(hromada=h))
        elif options.get("loop") is not None:
            self._loop(slug, options["loop"])
        else:
            self._integrate(slug)

    def _hromadas(self, slug: str | None, *, only_with_log: bool) -> list[Hromada]:
        if slug:
            hromada = Hromada.objects.filter(slug=slug).first()
            if hromada is None:
                raise CommandError(f"No hromada with the short name {slug!r}.")
            return [hromada]
        if only_with_log:
            return list(Hromada.objects.filter(pk__in=Log.objects.values("hromada_id")).order_by("slug"))
        return list(Hromada.objects.filter(is_active=True).order_by("slug"))

    def _report(self, hromada: Hromada, publish: Any) -> None:
        try:
            checkpoint = publish(hromada)
        except (LedgerIntegrityError, LedgerKeyError) as error:
            raise CommandError(f"{hromada.slug}: {error}") from None
        self.stdout.write(f"{hromada.slug}: checkpoint at tree size {checkpoint.tree_size}")

    def _integrate(self, slug: str | None) -> None:
        if slug:
            for hromada in self._hromadas(slug, only_with_log=False):
                self._report(hromada, lambda h: ledger_publish(hromada=h))
            return
        for checkpoint in ledger_publish_all():
            self.stdout.write(f"{checkpoint.hromada.slug}: checkpoint at tree size {checkpoint.tree_size}")

    def _loop(self, slug: str | None, seconds: float) -> None:
        if seconds <= 0:
            raise CommandError("--loop takes a number of seconds above 0.")
        self.stdout.write(f"Integrating every {seconds:g} s; stop with Ctrl+C.")
        try:
            while True:
                close_old_connections()
                try:
                    self._integrate(slug)
                except CommandError as error:
                    self.stderr.write(str(error))
                time.sleep(seconds)
        except KeyboardInterrupt:
            self.stdout.write("Stopped.")

    def _check(self, slug: str | None) -> None:
        failed = False
        for hromada in self._hromadas(slug, only_with_log=bool(not slug)):
            problems = log_check(hromada=hromada)
            log = Log.objects.filter(hromada=hromada).first()
            if problems:
                failed = True
                for problem in problems:
                    self.stderr.write(f"{hromada.slug}: {problem}")
            else:
                size = log.tree_size if log else 0
                self.stdout.write(f"{hromada.slug}: OK, {size} entries and every checkpoint verified")
        if failed:
            raise CommandError("The transparency log failed the check (see above).", returncode=1)
