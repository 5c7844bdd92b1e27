"""Telegram Update JSON in the shapes the Bot API documents (Update, Message, User, Chat, Location,
PhotoSize, Document, Contact, Sticker, Voice, CallbackQuery, MessageEntity), for the tests and the
benchmark."""

from __future__ import annotations

import itertools
from typing import Any

_ids = itertools.count(10_000)


def user(chat_id: int, language: str = "uk") -> dict[str, Any]:
    return {
        "id": chat_id,
        "is_bot": False,
        "first_name": "Олена",
        "username": f"user{chat_id}",
        "language_code": language,
    }


def chat(chat_id: int) -> dict[str, Any]:
    return {"id": chat_id, "first_name": "Олена", "username": f"user{chat_id}", "type": "private"}


def message(
    chat_id: int, update_id: int | None = None, language: str = "uk", **content: Any
) -> dict[str, Any]:
    return {
        "update_id": update_id if update_id is not None else next(_ids),
        "message": {
            "message_id": next(_ids),
            "from": user(chat_id, language),
            "chat": chat(chat_id),
            "date": 1764921600,
            **content,
        },
    }


def text(chat_id: int, body: str, **kwargs: Any) -> dict[str, Any]:
    content: dict[str, Any] = {"text": body}
    if body.startswith("/"):
        content["entities"] = [{"offset": 0, "length": len(body.split(" ")[0]), "type": "bot_command"}]
    return message(chat_id, **kwargs, **content)


def location(chat_id: int, lat: float, lon: float, **kwargs: Any) -> dict[str, Any]:
    return message(chat_id, location={"latitude": lat, "longitude": lon}, **kwargs)


def photo(chat_id: int, file_id: str, file_size: int = 20_000, **kwargs: Any) -> dict[str, Any]:
    sizes = [
        {
            "file_id": file_id + "s",
            "file_unique_id": "us" + file_id,
            "file_size": 1_200,
            "width": 90,
            "height": 67,
        },
        {
            "file_id": file_id,
            "file_unique_id": "u" + file_id,
            "file_size": file_size,
            "width": 1280,
            "height": 960,
        },
    ]
    return message(chat_id, photo=sizes, **kwargs)


def contact(chat_id: int, phone: str, **kwargs: Any) -> dict[str, Any]:
    return message(
        chat_id, contact={"phone_number": phone, "first_name": "Олена", "user_id": chat_id}, **kwargs
    )


def sticker(chat_id: int, **kwargs: Any) -> dict[str, Any]:
    return message(
        chat_id,
        sticker={
            "file_id": "CAACAgI",
            "file_unique_id": "AgAD",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        },
        **kwargs,
    )


def voice(chat_id: int, **kwargs: Any) -> dict[str, Any]:
    return message(
        chat_id,
        voice={"file_id": "AwACAgI", "file_unique_id": "AgADv", "duration": 3, "mime_type": "audio/ogg"},
        **kwargs,
    )


def forwarded(chat_id: int, **kwargs: Any) -> dict[str, Any]:
    return message(
        chat_id,
        text="Купуйте криптовалюту!",
        forward_origin={"type": "user", "date": 1764900000, "sender_user": user(chat_id + 1)},
        **kwargs,
    )


def callback(chat_id: int, data: str, update_id: int | None = None, language: str = "uk") -> dict[str, Any]:
    return {
        "update_id": update_id if update_id is not None else next(_ids),
        "callback_query": {
            "id": str(next(_ids)),
            "from": user(chat_id, language),
            "message": {
                "message_id": next(_ids),
                "from": {"id": 1, "is_bot": True, "first_name": "Бот"},
                "chat": chat(chat_id),
                "date": 1764921600,
                "text": "…",
            },
            "chat_instance": f"-{chat_id}77",
            "data": data,
        },
    }


def document(
    chat_id: int, file_id: str, file_name: str, mime_type: str, file_size: int, **kwargs: Any
) -> dict[str, Any]:
    return message(
        chat_id,
        document={
            "file_id": file_id,
            "file_unique_id": "u" + file_id,
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": file_size,
        },
        **kwargs,
    )
