from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hromada.core.models import Hromada
from hromada.opencity.actions.analytics import reports_analytics_fill


class Command(BaseCommand):
    help = (
        "Fill what the open city's analytics keep on each report (the Kyiv month of filing, the working days "
        "to the first response and to the fix) for reports that lack it; --all recomputes every report, "
        "e.g. after a day off was added to a hromada's calendar for the past."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="recompute every report, not only the missing")
        parser.add_argument("--hromada", help="only this hromada (its slug)")
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args: Any, **options: Any) -> None:
        hromada = Hromada.objects.get(slug=options["hromada"]) if options["hromada"] else None

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"{done:,} / {total:,}")

        written = reports_analytics_fill(
            hromada=hromada,
            everything=options["all"],
            batch_size=options["batch_size"],
            progress=progress,
        )
        self.stdout.write(f"Reports filled: {written:,}.")
