"""Sending SMS through a configurable gateway class (settings.HROMADA_SMS_BACKEND)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("hromada.sms")

# Messages sent by the in-memory backend, for tests and the demo (newest last).
outbox: list[tuple[str, str]] = []


class ConsoleBackend:
    """Writes messages to the log: for development and the demo, where no gateway is configured."""

    def send(self, phone: str, text: str) -> None:
        logger.warning("SMS to %s: %s", phone, text)


class MemoryBackend:
    def send(self, phone: str, text: str) -> None:
        outbox.append((phone, text))


def send_sms(phone: str, text: str) -> None:
    backend = import_string(settings.HROMADA_SMS_BACKEND)()
    backend.send(phone, text)
