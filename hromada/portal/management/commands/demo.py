"""`hromada demo`: load the fictional demo hromadas, their people and content (safe to run again)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from hromada.core.errors import ApplicationError
from hromada.portal.demo.loader import demo_load
from hromada.portal.demo.report import summary_text


class Command(BaseCommand):
    help = (
        "Load a fictional demo: two hromadas with districts, institutions, officials and residents. "
        "Loading again changes nothing. The demo's logins are public: never load it into production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="load even with HROMADA_ENV=prod (the demo creates a superuser with a published password)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PROD and not options["allow_production"]:
            raise CommandError(
                "Refusing to load the demo with HROMADA_ENV=prod: its logins, passwords and TOTP secrets are "
                "public. Use --allow-production only on a throw-away installation."
            )
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("The database has unapplied migrations: run `hromada migrate` first.")
        progress = self._progress if options["verbosity"] >= 1 else None
        try:
            summary = demo_load(progress=progress)
        except ApplicationError as error:
            details = "; ".join(f"{name}: {' '.join(map(str, msgs))}" for name, msgs in error.fields.items())
            raise CommandError(f"The demo could not be loaded: {error.message} {details}".strip()) from error
        self.stdout.write(summary_text(summary))

    def _progress(self, line: str) -> None:
        self.stdout.write(f"  {line}")
