"""`hromada services_import HROMADA [PATH]`: add the seed catalogue of ЦНАП services to a hromada's
catalogue (services it already has, by code, are left as the officials edited them), and optionally the
twelve online definitions of the demo (`--online`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from hromada.core.models import Hromada
from hromada.services.actions import catalogue_import
from hromada.services.catalogue import SeedFormatError, parse_seed, seed_path


class Command(BaseCommand):
    help = "Import the seed catalogue of ЦНАП services (shared/data/cnap-services/README.md) into a hromada."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("hromada", help="the hromada's short name (slug)")
        parser.add_argument("path", nargs="?", help="the README.md with the table (found beside the project)")

    def handle(self, *args: Any, **options: Any) -> None:
        hromada = Hromada.objects.filter(slug=options["hromada"]).first()
        if hromada is None:
            raise CommandError(f"No hromada has the short name {options['hromada']!r}.")
        path = Path(options["path"]) if options["path"] else seed_path([Path(settings.BASE_DIR), Path.cwd()])
        if path is None or not path.is_file():
            raise CommandError("The seed catalogue was not found: give the path to cnap-services/README.md.")
        try:
            seeds = parse_seed(path.read_text(encoding="utf-8"))
        except SeedFormatError as error:
            raise CommandError(f"{path} has no seed table of the expected shape ({error.code}).") from error
        with transaction.atomic():
            added = catalogue_import(hromada=hromada, seeds=seeds)
        self.stdout.write(f"{hromada.slug}: {added} of {len(seeds)} services added.")
