"""Fixtures of the bot's tests: the stand-in Bot API server, a configured bot, and ``talk``, which feeds
Updates to the real webhook and runs what the worker would (processing, then sending within the limits,
moving the stopped clock a second at a time so the per-chat limit lets each message go)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from hromada.bot.actions import bot_config_save, outgoing_send_due, updates_process_pending
from hromada.bot.models import Outgoing

from . import standin as standin_module

TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"


@pytest.fixture
def standin(settings):
    state, server = standin_module.start()
    settings.HROMADA_TELEGRAM_API_URL = state.url
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def telegram_bot(hromada, standin):
    return bot_config_save(hromada=hromada, by=None, username="svitlo_bot", token=TOKEN)


class Talk:
    def __init__(self, client: Any, bot: Any, standin: Any, clock: Any) -> None:
        self.client, self.bot, self.standin, self.clock = client, bot, standin, clock

    def post(self, update: Any, secret: str | None = None) -> Any:
        headers = {
            "HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN": self.bot.webhook_secret if secret is None else secret
        }
        return self.client.post("/bot/telegram/webhook", update, content_type="application/json", **headers)

    def run(self) -> None:
        """What the worker does after a webhook call: process, then send until the queue is empty."""
        updates_process_pending(bot=self.bot)
        self.deliver()

    def deliver(self, rounds: int = 200) -> None:
        for _ in range(rounds):
            outgoing_send_due(bot=self.bot)
            if not Outgoing.objects.filter(bot=self.bot, status=Outgoing.Status.PENDING).exists():
                return
            self.clock.advance(dt.timedelta(seconds=1.01))

    def __call__(self, update: Any) -> list[str]:
        """Send one update through the webhook and return the texts the chat got in answer."""
        chat_id = (
            (update.get("message") or update.get("callback_query", {}).get("message", {}))
            .get("chat", {})
            .get("id")
        )
        before = len(self.standin.texts(chat_id))
        response = self.post(update)
        assert response.status_code == 200, response.content
        self.run()
        return self.standin.texts(chat_id)[before:]

    def buttons(self, chat_id: int) -> list[dict[str, Any]]:
        """The inline buttons of the last message to ``chat_id`` that had any."""
        for payload in reversed(self.standin.sent("sendMessage", chat_id)):
            keyboard = (payload.get("reply_markup") or {}).get("inline_keyboard")
            if keyboard:
                return [button for row in keyboard for button in row]
        return []

    def button(self, chat_id: int, starts: str) -> str:
        """The callback data of the last offered button whose data starts with ``starts``."""
        for button in self.buttons(chat_id):
            if button.get("callback_data", "").startswith(starts):
                return button["callback_data"]
        raise AssertionError(f"no button {starts!r} in {self.buttons(chat_id)}")


@pytest.fixture
def talk(client, telegram_bot, standin, clock):
    return Talk(client, telegram_bot, standin, clock)
