from typing import Any

from django.core.management.base import BaseCommand

from hromada.accounts.actions import login_attempts_prune, users_anonymise_due


class Command(BaseCommand):
    help = (
        "Daily upkeep: erase the personal data of accounts whose deletion grace period ended, forget old "
        "login attempts. Run it from cron or a systemd timer once a day."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        erased = users_anonymise_due()
        forgotten = login_attempts_prune()
        self.stdout.write(f"Accounts erased: {erased}. Old login attempts removed: {forgotten}.")
