"""What the benchmarks share: a private environment, a server process, loopback HTTP timing, /proc memory.

Everything runs against 127.0.0.1 only, with bounded loops, and every process started here is stopped here.
"""

from __future__ import annotations

import http.client
import os
import resource
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HEALTH_TIMEOUT = 60.0  # seconds a server gets to answer /healthz before the benchmark gives up
STOP_TIMEOUT = 30.0


def bench_environment(var_dir: Path) -> dict[str, str]:
    """The environment of every process of a run: its own var dir; SQLite there unless DATABASE_URL is set."""
    env = dict(os.environ)
    for name in ("PYTEST_VERSION", "PYTEST_CURRENT_TEST", "HROMADA_DEBUG", "PORT"):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="hromada.settings",
        HROMADA_VAR_DIR=str(var_dir),
        HROMADA_ENV="dev",  # DEBUG stays off; no production-only HTTPS redirects on plain loopback HTTP
        HROMADA_LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{var_dir / 'bench.sqlite3'}")
    return env


def hromada_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "hromada", *args]


def run_hromada(env: dict[str, str], *args: str, log: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run a management command to completion; its output goes to `log` (and is shown if it fails)."""
    result = subprocess.run(hromada_command(*args), env=env, capture_output=True, text=True, timeout=900)
    if log is not None:
        with log.open("a") as handle:
            handle.write(f"$ hromada {' '.join(args)}\n{result.stdout}{result.stderr}\n")
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise RuntimeError(f"`hromada {' '.join(args)}` failed with status {result.returncode}")
    return result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- Server --------------------------------------------------------------------------------------------


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    started_at: float  # time.monotonic() just before the process was started
    log: Path
    ready_after: float = 0.0  # seconds from start to the first 200 from /healthz


def wait_until_healthy(server: Server, timeout: float = HEALTH_TIMEOUT) -> float:
    """Poll /healthz every 20 ms; returns the seconds from the server's start to the first 200."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server exited with status {server.process.returncode}; see {server.log}")
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        try:
            connection.request("GET", "/healthz")
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                return time.monotonic() - server.started_at
        except (OSError, http.client.HTTPException):
            pass
        finally:
            connection.close()
        time.sleep(0.02)
    raise RuntimeError(f"/healthz did not answer within {timeout} s; see {server.log}")


@contextmanager
def serving(env: dict[str, str], *args: str, log: Path) -> Iterator[Server]:
    """`hromada serve ARGS` on a free loopback port, stopped (SIGTERM, then SIGKILL) when the block ends."""
    port = free_port()
    handle = log.open("ab")
    started_at = time.monotonic()
    process = subprocess.Popen(
        hromada_command("serve", "--host", "127.0.0.1", "--port", str(port), *args),
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    handle.close()
    server = Server(process=process, port=port, started_at=started_at, log=log)
    try:
        server.ready_after = wait_until_healthy(server)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


# --- Memory ----------------------------------------------------------------------------------------------


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(parent, []).append(int(entry.name))
    return tree


def process_tree(pid: int) -> list[int]:
    """`pid` and all its descendants."""
    tree = _children()
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(tree.get(current, []))
    return found


def _kib(path: Path, key: str) -> int:
    try:
        for line in path.read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


@dataclass
class Memory:
    processes: int
    rss_mib: float  # plain sum of resident sets: counts shared pages once per process (the budget's measure)
    pss_mib: float  # proportional set size: shared pages split between processes (closer to real use)
    commands: list[str] = field(default_factory=list)


def tree_memory(pid: int) -> Memory:
    pids = process_tree(pid)
    rss = sum(_kib(Path(f"/proc/{p}/status"), "VmRSS") for p in pids)
    pss = sum(_kib(Path(f"/proc/{p}/smaps_rollup"), "Pss") for p in pids)
    commands = []
    for p in pids:
        try:
            commands.append(Path(f"/proc/{p}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip())
        except OSError:
            continue
    return Memory(processes=len(pids), rss_mib=rss / 1024, pss_mib=pss / 1024, commands=commands)


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU time used so far by `pid` and its descendants (exited children excluded)."""
    ticks = 0
    for p in process_tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


# --- HTTP timing ---------------------------------------------------------------------------------------


@dataclass
class Timing:
    label: str
    samples_ms: list[float]
    statuses: Counter[int]
    seconds: float  # wall time of the whole measurement
    clients: int = 1
    # Server CPU time (all its processes) per measured request: unlike latency, barely moved by other
    # programs competing for the cores, so it is the steadier number on a shared machine.
    cpu_ms_per_request: float = float("nan")

    @property
    def ok(self) -> bool:
        return set(self.statuses) == {200}

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.samples_ms)
        if not ordered:
            return float("nan")
        index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
        return ordered[index]

    @property
    def p50(self) -> float:
        return statistics.median(self.samples_ms) if self.samples_ms else float("nan")

    @property
    def p95(self) -> float:
        return self.percentile(0.95)

    @property
    def throughput(self) -> float:
        return len(self.samples_ms) / self.seconds if self.seconds else 0.0


def _get_many(
    port: int, path: str, host: str, count: int, samples: list[float], statuses: Counter[int]
) -> None:
    """`count` sequential GETs over one keep-alive connection (reconnecting if the server closes it)."""
    headers = {"Host": host, "Accept-Language": "uk", "User-Agent": "hromada-bench"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        for _ in range(count):
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                statuses[0] += 1
                continue
            samples.append((time.perf_counter() - started) * 1000)
            statuses[response.status] += 1
    finally:
        connection.close()


def measure(
    port: int,
    path: str,
    *,
    requests: int,
    host: str = "127.0.0.1",
    clients: int = 1,
    warmup: int = 10,
    label: str = "",
    server_pid: int | None = None,
) -> Timing:
    """Latency of GET `path`: `warmup` unmeasured requests, then `requests` spread over `clients` threads.
    With `server_pid`, also the server's CPU time per request."""
    _get_many(port, path, host, warmup, [], Counter())
    cpu_before = tree_cpu_seconds(server_pid) if server_pid else 0.0
    samples: list[float] = []
    statuses: Counter[int] = Counter()
    per_client = [requests // clients + (1 if i < requests % clients else 0) for i in range(clients)]
    started = time.perf_counter()
    if clients == 1:
        _get_many(port, path, host, requests, samples, statuses)
    else:
        lock = threading.Lock()

        def client(count: int) -> None:
            mine: list[float] = []
            seen: Counter[int] = Counter()
            _get_many(port, path, host, count, mine, seen)
            with lock:
                samples.extend(mine)
                statuses.update(seen)

        threads = [threading.Thread(target=client, args=(count,)) for count in per_client]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    seconds = time.perf_counter() - started
    cpu_ms = float("nan")
    if server_pid and samples:
        cpu_ms = (tree_cpu_seconds(server_pid) - cpu_before) * 1000 / len(samples)
    return Timing(
        label=label or path,
        samples_ms=samples,
        statuses=statuses,
        seconds=seconds,
        clients=clients,
        cpu_ms_per_request=cpu_ms,
    )


# --- Output --------------------------------------------------------------------------------------------


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table with right-aligned numbers."""
    cells = [[str(cell) for cell in row] for row in rows]
    widths = [
        max(len(h), *(len(row[i]) for row in cells)) if cells else len(h) for i, h in enumerate(headers)
    ]

    def line(values: Sequence[str]) -> str:
        parts = []
        for value, width in zip(values, widths, strict=True):
            numeric = value[:1].isdigit() or (value[:1] in "-≤" and value[1:2].isdigit())
            parts.append(value.rjust(width) if numeric else value.ljust(width))
        return "  ".join(parts).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(row) for row in cells)])


def run_client_threads(client: Callable[[int], None], *, clients: int) -> float:
    """Run ``client(n)`` in ``clients`` threads until all return; the CPU seconds this process spent."""
    before = resource.getrusage(resource.RUSAGE_SELF)
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    after = resource.getrusage(resource.RUSAGE_SELF)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def load_summary(
    *,
    samples: list[float],
    statuses: Counter[int],
    per_second: Counter[int],
    wall: float,
    seconds: float,
    clients: int,
    client_cpu: float,
) -> dict[str, Any]:
    """What a load run reports: statuses, requests a second, the slowest full second (201s), latency
    percentiles in ms (``samples``), the load generator's own CPU."""
    samples.sort()
    full_seconds = [per_second[s] for s in range(int(seconds))]
    return {
        "seconds": round(wall, 2),
        "clients": clients,
        "statuses": dict(statuses),
        "created": statuses.get(201, 0),
        "requests_per_second": round(sum(statuses.values()) / wall, 1),
        "min_second": min(full_seconds) if full_seconds else 0,
        "p50_ms": round(samples[len(samples) // 2], 1) if samples else None,
        "p95_ms": round(samples[int(len(samples) * 0.95)], 1) if samples else None,
        "p99_ms": round(samples[int(len(samples) * 0.99)], 1) if samples else None,
        "client_cpu_seconds": round(client_cpu, 1),
    }


def load_average() -> str:
    """The 1, 5 and 15 minute load averages: how busy the (shared) machine was."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def percentile(values: Sequence[float], q: float) -> float | None:
    """The nearest-rank ``q``-th percentile; ``None`` for no values."""
    if not values:
        return None
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def stats_ms(values: Sequence[float]) -> dict[str, Any]:
    """Count, p50/p95/p99 and max of latencies in milliseconds, rounded to 0.1 ms."""
    return {
        "n": len(values),
        "p50": round(percentile(values, 50) or 0, 1),
        "p95": round(percentile(values, 95) or 0, 1),
        "p99": round(percentile(values, 99) or 0, 1),
        "max": round(max(values), 1) if values else None,
    }
