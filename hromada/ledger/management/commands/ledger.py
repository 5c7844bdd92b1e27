"""`hromada ledger check | integrate | checkpoint | verify`: the transparency log from the command line.

`check`, `integrate` and `checkpoint` work on this installation's database. `verify` runs the outside
verifier (:mod:`hromada.ledger.verifier`) against a log's public HTTP paths.
"""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from hromada.core.models import Hromada
from hromada.ledger.actions import (
    LedgerHeldError,
    LedgerIntegrityError,
    LedgerKeyError,
    ledger_checkpoint,
    ledger_origin_new,
    ledger_publish,
    ledger_publish_all,
)
from hromada.ledger.models import Log
from hromada.ledger.selectors import log_check
from hromada.ledger.verifier import Verification, VerifyFailure


class Command(BaseCommand):
    help = (
        "The hromadas' transparency logs. `check` recomputes every hash from the entries and verifies "
        "every checkpoint (exit status 1 on any problem); `integrate` gives pending entries their indices "
        "and signs a checkpoint (with --loop SECONDS it repeats, e.g. every 10 s beside the worker); "
        "`checkpoint` signs a checkpoint of the current tree. `verify --url BASE` checks a hromada's log "
        "from outside through its public paths only (exit status 1 on any failure). `new-origin "
        "--hromada SLUG --reason TEXT` starts a new origin with a new key for a log that is held after a "
        "restore (announced on the ledger page)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(
            dest="command", required=True, metavar="{check,integrate,checkpoint,verify,new-origin}"
        )
        check = commands.add_parser("check", help="Recompute and verify the whole log.")
        integrate = commands.add_parser("integrate", help="Integrate pending entries and sign a checkpoint.")
        checkpoint = commands.add_parser("checkpoint", help="Sign a checkpoint of the current tree.")
        for sub in (check, integrate, checkpoint):
            sub.add_argument("--hromada", metavar="SLUG", help="Only this hromada (default: every one).")
        new_origin = commands.add_parser(
            "new-origin",
            help="Start a new origin (new key) for a hromada's log; its entries stay.",
            description=(
                "For a log held after a restore (it is behind, or contradicts, a checkpoint it published): "
                "the log goes on under a new origin <host>/ledger/<n> signed by a new key, so nothing it "
                "signs can contradict what the old origin published. The ledger page announces the change "
                "and the reason; outside witnesses and verifiers must be given the new key."
            ),
        )
        new_origin.add_argument("--hromada", metavar="SLUG", required=True, help="The hromada.")
        new_origin.add_argument("--reason", required=True, help="Why (shown on the ledger page).")
        integrate.add_argument(
            "--loop", type=float, metavar="SECONDS", help="Repeat every SECONDS seconds until interrupted."
        )
        verify = commands.add_parser(
            "verify",
            help="Check a hromada's log from outside, through its public HTTP paths only.",
            description=(
                "Fetches the log's key and latest checkpoint from BASE, verifies the checkpoint's signature "
                "and the cosignatures of the witnesses it knows, recomputes the signed root from the tiles, "
                "and proves the log consistent with the last checkpoint remembered in the state file. "
                "--audit re-hashes every entry; --receipt verifies a receipt file completely. Exit status 1 "
                "with a message naming what failed."
            ),
        )
        verify.add_argument(
            "--url", metavar="BASE", help="The hromada's address, e.g. https://city.example.ua"
        )
        verify.add_argument(
            "--state",
            metavar="FILE",
            help="Where the last verified checkpoint is remembered "
            "(default: ~/.local/state/hromada-ledger/<origin>.json).",
        )
        verify.add_argument(
            "--audit", action="store_true", help="Re-hash every entry from the entry bundles."
        )
        verify.add_argument("--receipt", metavar="FILE", help="Verify this receipt file completely.")
        verify.add_argument(
            "--key",
            metavar="KEY",
            help="The log's verifier key as published elsewhere (a council decision, a witness): then a "
            "server showing another key is refused.",
        )
        verify.add_argument(
            "--witness",
            metavar="KEY",
            action="append",
            default=[],
            help="A witness's verifier key; its cosignature must then verify (repeatable).",
        )
        verify.add_argument(
            "--timeout", type=float, default=30.0, metavar="SECONDS", help="Per HTTP request (default 30)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        command = options["command"]
        slug = options.get("hromada")
        if command == "verify":
            try:
                Verification(self.stdout.write, options, warn=self.stderr.write).run()
            except VerifyFailure as failure:
                raise CommandError(f"FAILED: {failure}", returncode=1) from None
            return
        if command == "new-origin":
            hromada = self._hromadas(slug, only_with_log=False)[0]
            try:
                checkpoint = ledger_origin_new(hromada=hromada, reason=options["reason"])
            except (LedgerIntegrityError, LedgerKeyError) as error:
                raise CommandError(f"{hromada.slug}: {error}") from None
            log = Log.objects.get(hromada=hromada)
            self.stdout.write(
                f"{hromada.slug}: new origin {log.origin}, checkpoint at tree size {checkpoint.tree_size}\n"
                f"New verifier key (give it to outside witnesses and verifiers): {log.verifier_key}"
            )
            return
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
        except (LedgerIntegrityError, LedgerKeyError, LedgerHeldError) as error:
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
            if log is not None and log.held_since is not None:
                self.stdout.write(
                    f"{hromada.slug}: signing held since {log.held_since:%Y-%m-%d %H:%M} "
                    f"({log.held_reason}); "
                    "see `hromada ledger checkpoint` for why, `hromada ledger new-origin` to go on"
                )
        if failed:
            raise CommandError("The transparency log failed the check (see above).", returncode=1)
