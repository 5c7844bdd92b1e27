import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from hromada.accounts.actions import api_token_create, api_token_revoke
from hromada.accounts.backends import find_user_by_login
from hromada.accounts.selectors import api_tokens_of
from hromada.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Manage personal API tokens: create USER, list USER, revoke USER ID (USER is an e-mail or phone)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["create", "list", "revoke"])
        parser.add_argument("user", help="e-mail or phone of the account")
        parser.add_argument("token_id", nargs="?", type=int, help="token id (for revoke)")
        parser.add_argument("--name", default="command line", help="what the token is for")
        parser.add_argument(
            "--expires-days", type=int, default=None, help="days until it expires (1 or more)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = find_user_by_login(str(options["user"]))
        if user is None:
            raise CommandError(f"No account with the e-mail or phone {options['user']!r}.")
        try:
            if options["operation"] == "create":
                days = options["expires_days"]
                if days is not None and days < 1:
                    raise CommandError("--expires-days must be 1 or more (leave it out for no expiry).")
                expires = timezone.now() + dt.timedelta(days=days) if days is not None else None
                # Whoever runs commands on the server has more power than any second factor guards.
                token, secret = api_token_create(
                    user=user, name=str(options["name"]), expires_at=expires, second_factor_passed=True
                )
                self.stderr.write(
                    f"Token #{token.pk} “{token.name}” for {user.login_name}; it is shown only once:"
                )
                self.stdout.write(secret)
            elif options["operation"] == "list":
                for token in api_tokens_of(user=user):
                    state = "revoked" if token.revoked_at else "active"
                    self.stdout.write(f"{token.pk}\t{token.prefix}…\t{state}\t{token.name}")
            else:
                if options["token_id"] is None:
                    raise CommandError("Give the token id to revoke (see `hromada token list USER`).")
                api_token_revoke(user=user, token_id=int(options["token_id"]))
                self.stdout.write(f"Token #{options['token_id']} revoked.")
        except ApplicationError as exc:
            raise CommandError(str(exc.message)) from exc
