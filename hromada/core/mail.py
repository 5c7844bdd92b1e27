"""E-mail backends of our own: `OneLineConsoleBackend`, the development default (one line per message)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence
from email.header import decode_header, make_header
from typing import Any, TextIO

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend


class OneLineConsoleBackend(BaseEmailBackend):
    """Write one line per message to stdout — recipients and subject — instead of the whole MIME text,
    so a development server (`make demo`) is not buried under base64 bodies. For the full text use
    Django's `django.core.mail.backends.console.EmailBackend` (HROMADA_EMAIL_BACKEND)."""

    def __init__(self, *args: Any, stream: TextIO | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stream = stream or sys.stdout
        self._lock = threading.RLock()

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        with self._lock:
            for message in email_messages:
                recipients = ", ".join(message.recipients())
                if not recipients:
                    continue
                subject = str(make_header(decode_header(str(message.subject))))
                self.stream.write(f"e-mail to {recipients}: {subject}\n")
                sent += 1
            self.stream.flush()
        return sent
