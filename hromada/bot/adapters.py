"""The adapter interface between a messenger and the dialogues (pure: no Django import).

Dialogues see only :class:`Incoming` (what the resident did: text, a command, a location, a photo, a
pressed button, a shared contact, or something the bot does not take) and answer with :class:`Reply`
objects (text, inline buttons, a location or contact request). An adapter turns a messenger's update into
an ``Incoming`` and a ``Reply`` into that messenger's API calls; Telegram's is ``bot/telegram.py``. A
Viber or web-chat adapter is one more class with the same three methods.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

# What a resident did, as the dialogues see it.
TEXT = "text"
COMMAND = "command"
LOCATION = "location"
PHOTO = "photo"
DOCUMENT = "document"  # a file sent as a document (a PDF scan …)
CALLBACK = "callback"
CONTACT = "contact"
STICKER = "sticker"
VOICE = "voice"
UNSUPPORTED = "unsupported"  # a video, poll, forwarded post … — answered with a hint


class InvalidUpdate(ValueError):
    """The body is not an update of this messenger (the webhook answers 400)."""


@dataclass(frozen=True)
class Incoming:
    key: int  # the messenger's update id (exactly-once key)
    chat: str  # the messenger's chat id; "" when the update is not about a chat (ignored)
    kind: str
    language: str = ""  # the user's interface language as the messenger reports it
    text: str = ""
    command: str = ""  # "start" for "/start abc"
    args: str = ""  # "abc"
    lat: float | None = None
    lon: float | None = None
    file_id: str = ""
    file_size: int | None = None
    file_name: str = ""  # a document's name and type as the sender's app gives them
    mime: str = ""
    callback_id: str = ""
    data: str = ""  # a pressed button's data
    phone: str = ""
    forwarded: bool = False
    first_name: str = ""


@dataclass(frozen=True)
class Button:
    text: str
    data: str = ""  # pressed: comes back as Incoming(kind=CALLBACK, data=…)
    url: str = ""  # or opens a link


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: Sequence[Sequence[Button]] = ()
    ask_location: str = ""  # the label of a "share my location" keyboard button
    ask_contact: str = ""  # the label of a "share my phone number" keyboard button
    remove_keyboard: bool = False


@dataclass(frozen=True)
class Call:
    """One messenger API call: a method and its JSON parameters."""

    method: str
    payload: Mapping[str, Any] = field(default_factory=dict)


class ChatAdapter(Protocol):
    platform: str

    def parse(self, body: object) -> Incoming:
        """The update as an Incoming; raises InvalidUpdate when the body is not one."""
        ...

    def render(self, chat: str, reply: Reply) -> list[Call]:
        """The calls that show ``reply`` in ``chat``."""
        ...

    def acknowledge(self, incoming: Incoming, text: str = "") -> Call | None:
        """The call that stops a pressed button's spinner (Telegram: answerCallbackQuery), if any."""
        ...
