"""Which hromada a request belongs to: chosen by host name, with a default for unknown hosts."""

from __future__ import annotations

import threading
import time

from .models import Hromada, HromadaHost

_TTL_SECONDS = 30.0
_lock = threading.Lock()
_by_host: dict[str, tuple[float, Hromada | None]] = {}


def normalise_host(host: str) -> str:
    host = host.strip().lower().rstrip(".")
    if host.startswith("["):  # IPv6 literal, maybe with a port
        return host[: host.index("]") + 1] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def hromada_for_host(host: str) -> Hromada | None:
    """The hromada claiming `host` (active or not), else the default one; cached per process briefly."""
    key = normalise_host(host)
    now = time.monotonic()
    cached = _by_host.get(key)
    if cached and cached[0] > now:
        return cached[1]
    mapping = HromadaHost.objects.select_related("hromada").filter(host=key).first()
    hromada = mapping.hromada if mapping else Hromada.objects.filter(is_default=True, is_active=True).first()
    with _lock:
        if len(_by_host) > 10_000:  # a wildcard host name must not grow the cache without bound
            _by_host.clear()
        _by_host[key] = (now + _TTL_SECONDS, hromada)
    return hromada


def clear_cache() -> None:
    with _lock:
        _by_host.clear()
