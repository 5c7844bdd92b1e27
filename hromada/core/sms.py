"""Sending SMS through a configurable gateway class (settings.HROMADA_SMS_BACKEND)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .errors import ApplicationError

logger = logging.getLogger("hromada.sms")

# Messages sent by the in-memory backend, for tests and the demo (newest last).
outbox: list[tuple[str, str]] = []


class ConsoleBackend:
    """Writes messages to the log: for development and the demo, where no gateway is configured."""

    def send(self, phone: str, text: str) -> None:
        logger.warning("SMS to %s: %s", phone, text)  # development only: prod uses a real gateway


class DisabledBackend:
    """Production without a configured gateway: phone confirmation is unavailable, said plainly."""

    available = False

    def send(self, phone: str, text: str) -> None:
        raise ApplicationError(
            _("Text messages are not set up on this installation."), code="sms_unavailable"
        )


class MemoryBackend:
    def send(self, phone: str, text: str) -> None:
        outbox.append((phone, text))


def _backend() -> object:
    return import_string(settings.HROMADA_SMS_BACKEND)()


def sms_available() -> bool:
    return bool(getattr(_backend(), "available", True))


def send_sms(phone: str, text: str) -> None:
    _backend().send(phone, text)  # type: ignore[attr-defined]
