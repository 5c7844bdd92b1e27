"""Telegram: the Bot API client and the adapter (docs/adr/0003-bot-transport.md).

The client speaks the Bot API directly over ``requests``: ``POST {base}/bot{token}/{method}`` with a JSON
body, answers ``{"ok": true, "result": …}`` or ``{"ok": false, "error_code": …, "description": …,
"parameters": {"retry_after": …}}``. The base URL is ``HROMADA_TELEGRAM_API_URL`` so tests, the benchmark
and outside checks point the bot at a local stand-in server.

The adapter reads the documented Update shapes: ``message`` (``chat.id``, ``from.language_code``,
``text`` with a ``bot_command`` entity, ``location.latitude/longitude``, ``photo`` as an array of
``PhotoSize`` — the last is the largest —, ``document``, ``contact.phone_number``, ``sticker``, ``voice``,
``forward_origin``) and ``callback_query`` (``id``, ``from``, ``message.chat.id``, ``data``).
"""

from __future__ import annotations

import threading
from typing import Any

import requests
from django.conf import settings

from .adapters import (
    CALLBACK,
    COMMAND,
    CONTACT,
    DOCUMENT,
    LOCATION,
    PHOTO,
    STICKER,
    TEXT,
    UNSUPPORTED,
    VOICE,
    Call,
    Incoming,
    InvalidUpdate,
    Reply,
)

TIMEOUT = 10
MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64

_local = threading.local()


class TelegramError(Exception):
    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(f"{code} {description}")
        self.code = code
        self.description = description
        self.retry_after = retry_after

    @property
    def blocked(self) -> bool:
        """The user blocked the bot or deleted the chat: stop writing to it."""
        return self.code == 403 or (self.code == 400 and "chat not found" in self.description.lower())


def api_url() -> str:
    return str(settings.HROMADA_TELEGRAM_API_URL).rstrip("/")


def _session() -> requests.Session:
    session = getattr(_local, "session", None)
    if session is None:
        session = _local.session = requests.Session()
    return session


class Client:
    """One bot's calls to the Bot API."""

    def __init__(self, token: str, base: str | None = None) -> None:
        self.token = token
        self.base = (base or api_url()).rstrip("/")

    def call(self, method: str, payload: dict[str, Any] | None = None, *, timeout: float = TIMEOUT) -> Any:
        try:
            response = _session().post(
                f"{self.base}/bot{self.token}/{method}", json=payload or {}, timeout=timeout
            )
        except requests.RequestException as error:
            raise TelegramError(0, f"network: {type(error).__name__}") from error
        try:
            body = response.json()
        except ValueError:
            raise TelegramError(response.status_code, "not JSON") from None
        if not body.get("ok"):
            params = body.get("parameters") or {}
            raise TelegramError(
                int(body.get("error_code") or response.status_code),
                str(body.get("description", "")),
                params.get("retry_after"),
            )
        return body.get("result")

    def download(self, file_id: str, *, limit: int) -> bytes:
        """A file the user sent (getFile, then the file URL); refused above ``limit`` bytes."""
        info = self.call("getFile", {"file_id": file_id})
        size = info.get("file_size")
        if size is not None and size > limit:
            raise TelegramError(413, "file too large")
        response = _session().get(f"{self.base}/file/bot{self.token}/{info['file_path']}", timeout=TIMEOUT)
        if response.status_code != 200:
            raise TelegramError(response.status_code, "file download failed")
        if len(response.content) > limit:
            raise TelegramError(413, "file too large")
        return response.content


def _chat_of(message: dict[str, Any]) -> str:
    chat = message.get("chat")
    if not isinstance(chat, dict) or not isinstance(chat.get("id"), int):
        raise InvalidUpdate("message without chat.id")
    return str(chat["id"])


def _language(sender: object) -> str:
    return str(sender.get("language_code") or "") if isinstance(sender, dict) else ""


def _message(key: int, message: dict[str, Any]) -> Incoming:
    chat = _chat_of(message)
    sender = message.get("from") or {}
    common: dict[str, Any] = {
        "key": key,
        "chat": chat,
        "language": _language(sender),
        "forwarded": "forward_origin" in message or "forward_from" in message or "forward_date" in message,
        "first_name": str(sender.get("first_name", ""))[:64] if isinstance(sender, dict) else "",
    }
    if common["forwarded"]:
        return Incoming(kind=UNSUPPORTED, **common)
    if isinstance(message.get("location"), dict):
        loc = message["location"]
        try:
            return Incoming(kind=LOCATION, lat=float(loc["latitude"]), lon=float(loc["longitude"]), **common)
        except (KeyError, TypeError, ValueError):
            raise InvalidUpdate("bad location") from None
    if isinstance(message.get("photo"), list) and message["photo"]:
        largest = message["photo"][-1]
        if not isinstance(largest, dict) or not largest.get("file_id"):
            raise InvalidUpdate("bad photo")
        return Incoming(
            kind=PHOTO, file_id=str(largest["file_id"]), file_size=largest.get("file_size"), **common
        )
    if isinstance(message.get("document"), dict):
        document = message["document"]
        if not document.get("file_id"):
            raise InvalidUpdate("bad document")
        return Incoming(
            kind=DOCUMENT,
            file_id=str(document["file_id"]),
            file_size=document.get("file_size"),
            file_name=str(document.get("file_name", ""))[:120],
            mime=str(document.get("mime_type", ""))[:100],
            **common,
        )
    if isinstance(message.get("contact"), dict):
        contact = message["contact"]
        own = contact.get("user_id") is None or contact.get("user_id") == sender.get("id")
        return Incoming(
            kind=CONTACT if own else UNSUPPORTED, phone=str(contact.get("phone_number", ""))[:40], **common
        )
    if "sticker" in message:
        return Incoming(kind=STICKER, **common)
    if "voice" in message or "audio" in message or "video_note" in message:
        return Incoming(kind=VOICE, **common)
    text = message.get("text")
    if isinstance(text, str):
        text = text[:MAX_TEXT]
        if text.startswith("/"):
            head, _, rest = text[1:].partition(" ")
            command = head.split("@", 1)[0].lower()
            return Incoming(kind=COMMAND, text=text, command=command, args=rest.strip(), **common)
        return Incoming(kind=TEXT, text=text, **common)
    return Incoming(kind=UNSUPPORTED, **common)


class TelegramAdapter:
    platform = "telegram"

    def parse(self, body: object) -> Incoming:
        if (
            not isinstance(body, dict)
            or not isinstance(body.get("update_id"), int)
            or isinstance(body.get("update_id"), bool)
        ):
            raise InvalidUpdate("no update_id")
        key = body["update_id"]
        if isinstance(body.get("message"), dict):
            return _message(key, body["message"])
        query = body.get("callback_query")
        if isinstance(query, dict):
            if not isinstance(query.get("id"), str):
                raise InvalidUpdate("callback_query without id")
            message = query.get("message")
            sender = query.get("from") or {}
            if not isinstance(message, dict):
                return Incoming(key=key, chat="", kind=CALLBACK, callback_id=query["id"])
            return Incoming(
                key=key,
                chat=_chat_of(message),
                kind=CALLBACK,
                callback_id=query["id"],
                data=str(query.get("data") or "")[:MAX_CALLBACK_DATA],
                language=_language(sender),
            )
        # edited messages, channel posts, member updates …: recorded, not answered.
        return Incoming(key=key, chat="", kind=UNSUPPORTED)

    def render(self, chat: str, reply: Reply) -> list[Call]:
        payload: dict[str, Any] = {
            "chat_id": int(chat) if chat.lstrip("-").isdigit() else chat,
            "text": reply.text[:MAX_TEXT],
        }
        if reply.buttons:
            payload["reply_markup"] = {
                "inline_keyboard": [
                    [
                        {"text": b.text, "url": b.url}
                        if b.url
                        else {"text": b.text, "callback_data": b.data[:MAX_CALLBACK_DATA]}
                        for b in row
                    ]
                    for row in reply.buttons
                ]
            }
        elif reply.ask_location or reply.ask_contact:
            keys = []
            if reply.ask_location:
                keys.append([{"text": reply.ask_location, "request_location": True}])
            if reply.ask_contact:
                keys.append([{"text": reply.ask_contact, "request_contact": True}])
            payload["reply_markup"] = {"keyboard": keys, "resize_keyboard": True, "one_time_keyboard": True}
        elif reply.remove_keyboard:
            payload["reply_markup"] = {"remove_keyboard": True}
        return [Call("sendMessage", payload)]

    def acknowledge(self, incoming: Incoming, text: str = "") -> Call | None:
        if incoming.kind != CALLBACK or not incoming.callback_id:
            return None
        payload: dict[str, Any] = {"callback_query_id": incoming.callback_id}
        if text:
            payload["text"] = text[:200]
        return Call("answerCallbackQuery", payload)


ADAPTERS = {"telegram": TelegramAdapter()}
