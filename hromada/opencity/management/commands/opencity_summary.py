from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hromada.core.models import Hromada
from hromada.opencity.actions.summary import report_summary_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the open city's summary (the analytics' counts, working-day histograms and open deadlines; "
        "the map's cells) from the reports, per hromada, in one transaction each; the actions keep it exact, "
        "so this is for repairs (rows written straight) and after `opencity_analytics --all`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hromada", help="only this hromada (its slug)")
        parser.add_argument("--batch-size", type=int, default=20_000)

    def handle(self, *args: Any, **options: Any) -> None:
        hromadas = Hromada.objects.order_by("pk")
        if options["hromada"]:
            hromadas = hromadas.filter(slug=options["hromada"])
            if not hromadas.exists():
                self.stderr.write(f"No hromada {options['hromada']!r}.")
                raise SystemExit(1)
        for hromada in hromadas:

            def progress(done: int, total: int, slug: str = hromada.slug) -> None:
                self.stdout.write(f"{slug}: {done:,} / {total:,}")

            read = report_summary_rebuild(
                hromada=hromada, batch_size=options["batch_size"], progress=progress
            )
            self.stdout.write(f"{hromada.slug}: summary rebuilt from {read:,} reports.")
