"""`hromada serve`: the web application under granian (WSGI), optionally beside the background task worker."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from argparse import ArgumentParser, ArgumentTypeError
from pathlib import Path
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError

WSGI_TARGET = "hromada.wsgi:application"
# Seconds a child gets to finish its current request or task after SIGTERM before it is killed.
STOP_TIMEOUT = 15.0


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise ArgumentTypeError(f"{value!r} must be at least 1")
    return number


def _port(value: str) -> int:
    number = _positive_int(value)
    if number > 65535:
        raise ArgumentTypeError(f"{value!r} is not a TCP port")
    return number


def cpu_cores() -> int:
    """Cores this process may run on (the affinity mask, which containers narrow), at least 1."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def default_port() -> int:
    value = os.environ.get("PORT", "").strip()
    if not value:
        return 8000
    try:
        return _port(value)
    except ArgumentTypeError as error:
        raise CommandError(f"PORT: {error}") from None


def granian_executable() -> Path:
    """The granian installed beside the running interpreter (the same virtualenv)."""
    return Path(sys.executable).with_name("granian")


def granian_command(*, host: str, port: int, workers: int, threads: int) -> list[str]:
    return [
        str(granian_executable()),
        "--interface",
        "wsgi",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        # Django holds the GIL for most of a request: a few threads per process cover waits on the database
        # without one connection per idle thread (granian's WSGI default is hundreds).
        "--blocking-threads",
        str(threads),
        "--no-ws",
        "--respawn-failed-workers",
        WSGI_TARGET,
    ]


def worker_command() -> list[str]:
    return [sys.executable, "-m", "hromada", "worker"]


def metrics_directory(port: int) -> Path:
    """This node's metric files (hromada/core/metrics.py): one per granian worker process, emptied at start
    so that /metrics counts this run's processes only."""
    from django.conf import settings

    directory = Path(settings.VAR_DIR) / "metrics" / str(port)
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    return directory


def display_url(host: str, port: int) -> str:
    if host in ("0.0.0.0", "::", ""):  # noqa: S104 - only shown, not bound
        host = "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}/"


class Command(BaseCommand):
    help = (
        "Serve Hromada over HTTP with granian in WSGI mode; with --with-worker, also run the background "
        "task worker. SIGINT and SIGTERM stop both."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default: 127.0.0.1).")
        parser.add_argument(
            "--port",
            type=_port,
            default=None,
            help="TCP port (default: the PORT environment variable, else 8000).",
        )
        parser.add_argument(
            "--workers",
            type=_positive_int,
            default=None,
            help="Web worker processes (default: the number of CPU cores).",
        )
        parser.add_argument(
            "--threads", type=_positive_int, default=4, help="Request threads per web worker (default: 4)."
        )
        parser.add_argument(
            "--with-worker",
            action="store_true",
            help="Also run the background task worker (`hromada worker`).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host: str = options["host"]
        port: int = options["port"] or default_port()
        workers: int = options["workers"] or cpu_cores()
        threads: int = options["threads"]
        server_argv = granian_command(host=host, port=port, workers=workers, threads=threads)
        if not Path(server_argv[0]).exists():
            raise CommandError(f"granian is not installed beside {sys.executable}; run `make install`.")

        from hromada.core.startup import secrets_guard

        # A node with another secret key or pepper than the database's refuses to start
        # (core/fingerprints.py).
        if note := secrets_guard():
            self.stderr.write(note)
        env = dict(os.environ)
        env.setdefault("DJANGO_SETTINGS_MODULE", "hromada.settings")
        if not env.get("PROMETHEUS_MULTIPROC_DIR"):
            env["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_directory(port))
        children: list[subprocess.Popen[bytes]] = []
        stopping = False

        def forward(signum: int, frame: FrameType | None) -> None:
            nonlocal stopping
            stopping = True
            for child in children:
                if child.poll() is None:
                    child.send_signal(signum)

        previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM)}
        worker: subprocess.Popen[bytes] | None = None
        worker_failed = False
        try:
            # Own process groups: a terminal's Ctrl-C reaches the children once, through `forward`.
            server = subprocess.Popen(server_argv, env=env, process_group=0)
            children.append(server)
            if options["with_worker"]:
                worker = subprocess.Popen(worker_command(), env=env, process_group=0)
                children.append(worker)
            parts = f"granian WSGI, {workers} worker(s) × {threads} thread(s)"
            if worker is not None:
                parts += ", background task worker"
            self.stdout.write(f"Hromada is serving at {display_url(host, port)} ({parts}). Ctrl-C stops it.")
            self.stdout.flush()

            while server.poll() is None:
                if worker is not None and not worker_failed and not stopping and worker.poll() is not None:
                    self.stderr.write(f"The task worker exited with status {worker.returncode}; stopping.")
                    worker_failed = True
                    server.send_signal(signal.SIGTERM)
                time.sleep(0.2)
        finally:
            for child in children:
                _stop(child)
            for sig, handler in previous.items():
                signal.signal(sig, handler)

        code = server.returncode
        if worker_failed:
            raise CommandError("The background task worker stopped unexpectedly.", returncode=1)
        if code != 0 and not (stopping and code in (-signal.SIGINT, -signal.SIGTERM)):
            raise CommandError(f"granian exited with status {code}.", returncode=code if code > 0 else 1)


def _stop(child: subprocess.Popen[bytes]) -> None:
    if child.poll() is None:
        child.terminate()
    try:
        child.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
