"""`hromada bot poll|webhook|token|send`: the chat bot from the command line.

- ``poll``: long polling for development (``getUpdates`` against ``HROMADA_TELEGRAM_API_URL``): each update
  goes through the same path as the webhook's (recorded once, processed, replies sent within the limits).
- ``webhook URL``: tell Telegram where to send updates (``setWebhook`` with the bot's secret token).
- ``token``: store the bot token (read from standard input, so it stays out of the shell history).
- ``send``: send the outgoing queue for a while (the worker does this by itself).
"""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hromada.core.models import Hromada


class Command(BaseCommand):
    help = "The city chat bot: poll (development), webhook, token, send."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["poll", "webhook", "token", "send"])
        parser.add_argument("url", nargs="?", default="", help="webhook: the public https URL of the hromada")
        parser.add_argument("--hromada", default="", help="the hromada's slug (default: the default hromada)")
        parser.add_argument("--once", action="store_true", help="poll: one getUpdates round, then stop")
        parser.add_argument("--timeout", type=int, default=25, help="poll: long-polling timeout, seconds")
        parser.add_argument("--seconds", type=float, default=10.0, help="send: how long to send")

    def _bot(self, slug: str) -> Any:
        from hromada.bot.selectors import bot_of

        hromada = (
            Hromada.objects.filter(slug=slug).first()
            if slug
            else Hromada.objects.filter(is_default=True).first()
        )
        if hromada is None:
            raise CommandError("No such hromada.")
        bot = bot_of(hromada=hromada)
        if bot is None:
            raise CommandError(f"{hromada.name} has no bot configured (back office → chat bots).")
        return bot

    def _client(self, bot: Any) -> Any:
        from hromada.bot import tokens
        from hromada.bot.telegram import Client

        token = tokens.token_for(slug=bot.hromada.slug, stored=bot.token_encrypted)
        if not token:
            raise CommandError(
                f"The bot has no token: `hromada bot token --hromada {bot.hromada.slug}` or "
                f"{tokens.environment_variable(bot.hromada.slug)}."
            )
        return Client(token)

    def handle(self, *args: Any, **options: Any) -> None:
        bot = self._bot(options["hromada"])
        action = options["action"]
        if action == "token":
            from hromada.bot.actions import bot_config_save

            token = sys.stdin.readline().strip()
            bot_config_save(
                hromada=bot.hromada,
                by=None,
                username=bot.username,
                token=token,
                is_enabled=bot.is_enabled,
                sending_enabled=bot.sending_enabled,
                require_phone=bot.require_phone,
            )
            self.stdout.write("Token stored (encrypted).")
        elif action == "webhook":
            if not options["url"].startswith("https://"):
                raise CommandError("Give the hromada's public https address, e.g. https://city.example.ua")
            url = options["url"].rstrip("/") + "/bot/telegram/webhook"
            self._client(bot).call(
                "setWebhook",
                {
                    "url": url,
                    "secret_token": bot.webhook_secret,
                    "allowed_updates": ["message", "callback_query"],
                },
            )
            self.stdout.write(f"Webhook set to {url}")
        elif action == "send":
            from hromada.bot.actions import outbox_drain

            self.stdout.write(f"Sent {outbox_drain(bot=bot, seconds=options['seconds'])} calls.")
        else:
            self._poll(bot, once=options["once"], timeout=options["timeout"])

    def _poll(self, bot: Any, *, once: bool, timeout: int) -> None:
        from hromada.bot.actions import outbox_drain, update_receive, updates_process_pending
        from hromada.bot.adapters import InvalidUpdate

        client = self._client(bot)
        # A webhook and getUpdates exclude each other: polling removes the webhook (set it again after).
        client.call("deleteWebhook", {})
        offset = 0
        self.stdout.write(f"Polling {client.base} for {bot} (Ctrl-C to stop)")
        while True:
            updates = client.call(
                "getUpdates",
                {
                    "offset": offset,
                    "timeout": 0 if once else timeout,
                    "allowed_updates": ["message", "callback_query"],
                },
                timeout=timeout + 10,
            )
            for update in updates or []:
                offset = max(offset, int(update.get("update_id", 0)) + 1)
                try:
                    update_receive(bot=bot, body=update)
                except InvalidUpdate:
                    self.stderr.write(f"Not an update: {str(update)[:200]}")
            processed = updates_process_pending(bot=bot)
            sent = outbox_drain(bot=bot, seconds=2.0, client=client)
            if processed or sent:
                self.stdout.write(f"{processed} updates processed, {sent} calls sent")
            if once:
                return
            if not updates:
                time.sleep(0.2)
