"""`hromada serve`: granian in WSGI mode answers /healthz, and the command stops with its children."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

STARTUP_TIMEOUT = 60.0  # generous: CI machines are shared and noisy
STOP_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_health(port: int, process: subprocess.Popen) -> dict:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"hromada serve exited early with status {process.returncode}")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", "/healthz")
            response = connection.getresponse()
            return {"http_status": response.status, **json.loads(response.read())}
        except (OSError, http.client.HTTPException):
            time.sleep(0.1)
        finally:
            connection.close()
    pytest.fail(f"/healthz on port {port} did not answer within {STARTUP_TIMEOUT} s")


def children_of(pid: int) -> dict[int, str]:
    """Direct child processes of `pid` with their command lines (from /proc)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid:
            found[int(entry.name)] = cmdline
    return found


def is_running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def serve_env(tmp_path: Path) -> dict[str, str]:
    """A private SQLite database and var directory for the server under test."""
    env = dict(os.environ)
    env.update(
        HROMADA_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        PYTHONUNBUFFERED="1",
    )
    return env


@pytest.fixture
def start_serve(serve_env: dict[str, str], tmp_path: Path) -> Iterator:
    processes: list[subprocess.Popen] = []

    def start(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
        output = open(tmp_path / f"serve-{len(processes)}.log", "wb")  # noqa: SIM115 - closed below
        process = subprocess.Popen(
            [sys.executable, "-m", "hromada", "serve", *args],
            env=env or serve_env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        process.log_path = output.name  # type: ignore[attr-defined]
        output.close()
        processes.append(process)
        return process

    yield start
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_serve_answers_healthz_and_stops_on_sigterm(start_serve):
    port = free_port()

    server = start_serve("--port", str(port), "--workers", "1")
    health = wait_for_health(port, server)
    server.send_signal(signal.SIGTERM)

    assert health == {"http_status": 200, "status": "ok", "database": True}
    assert server.wait(timeout=STOP_TIMEOUT) == 0
    output = Path(server.log_path).read_text()
    assert f"http://127.0.0.1:{port}/" in output
    assert "granian WSGI" in output


def test_serve_reads_the_port_from_the_environment(start_serve, serve_env):
    port = free_port()

    server = start_serve("--workers", "1", env={**serve_env, "PORT": str(port)})
    health = wait_for_health(port, server)
    server.send_signal(signal.SIGINT)

    assert health["http_status"] == 200
    assert server.wait(timeout=STOP_TIMEOUT) == 0


def test_serve_with_worker_runs_the_task_worker_and_stops_both_on_sigint(start_serve, serve_env):
    # The database task backend (not the test one): the worker needs its tables (the whole schema took 20 s).
    env = {**serve_env, "HROMADA_ENV": "dev"}
    migrate = [
        sys.executable,
        "-m",
        "hromada",
        "migrate",
        "django_tasks_database",
        "--noinput",
        "--verbosity",
        "0",
    ]
    subprocess.run(migrate, env=env, check=True)
    port = free_port()

    server = start_serve("--port", str(port), "--workers", "1", "--with-worker", env=env)
    wait_for_health(port, server)
    children = children_of(server.pid)
    server.send_signal(signal.SIGINT)

    commands = sorted(children.values())
    assert len(commands) == 2
    assert any("granian --interface wsgi" in cmd for cmd in commands)
    assert any(cmd.endswith("-m hromada worker") for cmd in commands)
    assert server.wait(timeout=STOP_TIMEOUT) == 0
    assert not any(is_running(pid) for pid in children)


def test_serve_fails_when_the_port_is_taken(start_serve):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        server = start_serve("--port", str(port), "--workers", "1")
        status = server.wait(timeout=STARTUP_TIMEOUT)

    assert status != 0
    assert "granian exited with status" in Path(server.log_path).read_text()


def test_the_ledger_registers_its_periodic_checkpoint():
    from hromada.core.registry import periodic_jobs

    assert "ledger.publish" in [job.key for job in periodic_jobs()]
