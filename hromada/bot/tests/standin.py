"""A stand-in Telegram Bot API: a real HTTP server on 127.0.0.1 in a thread that records every call
(``sendMessage``, ``sendPhoto``, ``answerCallbackQuery``, ``getFile``, …) and answers like the Bot API.

Used by the tests and by ``bench/bot.py``. ``blocked`` chat ids answer 403 ("bot was blocked by the
user"); ``flood`` makes the next N message calls answer 429 with ``retry_after``; ``updates`` is what
``getUpdates`` hands out (for ``hromada bot poll``)."""

from __future__ import annotations

import io
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def jpeg_bytes(size: tuple[int, int] = (64, 48)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


@dataclass
class Recorded:
    method: str
    token: str
    payload: dict[str, Any]
    at: float


@dataclass
class StandIn:
    calls: list[Recorded] = field(default_factory=list)
    blocked: set[int] = field(default_factory=set)
    flood: int = 0
    retry_after: int = 3
    updates: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def sent(self, method: str = "sendMessage", chat_id: int | None = None) -> list[dict[str, Any]]:
        with self.lock:
            return [
                c.payload
                for c in self.calls
                if c.method == method and (chat_id is None or c.payload.get("chat_id") == chat_id)
            ]

    def texts(self, chat_id: int | None = None) -> list[str]:
        return [p["text"] for p in self.sent("sendMessage", chat_id)]

    def answer(self, method: str, token: str, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self.lock:
            self.calls.append(Recorded(method, token, payload, time.monotonic()))
            if method in ("sendMessage", "sendPhoto"):
                if payload.get("chat_id") in self.blocked:
                    return 403, {
                        "ok": False,
                        "error_code": 403,
                        "description": "Forbidden: bot was blocked by the user",
                    }
                if self.flood > 0:
                    self.flood -= 1
                    return 429, {
                        "ok": False,
                        "error_code": 429,
                        "description": f"Too Many Requests: retry after {self.retry_after}",
                        "parameters": {"retry_after": self.retry_after},
                    }
                return 200, {
                    "ok": True,
                    "result": {
                        "message_id": len(self.calls),
                        "date": int(time.time()),
                        "chat": {"id": payload.get("chat_id"), "type": "private"},
                    },
                }
            if method == "getFile":
                file_id = payload.get("file_id", "")
                data = self.files.get(file_id)
                if data is None:
                    return 400, {
                        "ok": False,
                        "error_code": 400,
                        "description": "Bad Request: invalid file_id",
                    }
                return 200, {
                    "ok": True,
                    "result": {
                        "file_id": file_id,
                        "file_unique_id": "u" + file_id,
                        "file_size": len(data),
                        "file_path": f"photos/{file_id}.jpg",
                    },
                }
            if method == "getUpdates":
                offset = int(payload.get("offset") or 0)
                result = [u for u in self.updates if u["update_id"] >= offset]
                return 200, {"ok": True, "result": result}
            return 200, {"ok": True, "result": True}


def start() -> tuple[StandIn, ThreadingHTTPServer]:
    state = StandIn()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _send(self, status: int, body: bytes, kind: str = "application/json") -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b"{}"
            _, bot, method = self.path.split("/", 2)
            status, answer = state.answer(method, bot.removeprefix("bot"), json.loads(raw or b"{}"))
            self._send(status, json.dumps(answer).encode())

        def do_GET(self) -> None:
            # /file/bot<token>/photos/<file_id>.jpg
            parts = self.path.split("/")
            file_id = parts[-1].removesuffix(".jpg")
            data = state.files.get(file_id)
            if data is None:
                self._send(404, b"")
            else:
                self._send(200, data, "image/jpeg")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    return state, server
