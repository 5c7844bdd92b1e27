"""Which hromada a request belongs to: chosen by host name, with a default for unknown hosts."""

from __future__ import annotations

import threading
import time
from typing import Any

from django.utils.translation import gettext as _

from .errors import ApplicationError, NotFoundError
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


def require_same_hromada(hromada: Hromada, /, *rows: Any, **chosen: Any) -> None:
    """Refuse rows of another hromada (``None`` and rows without a hromada pass).

    ``rows`` were looked up by the caller (an id in a URL, an API body): another hromada's row does not
    exist for this one, so it is a :class:`NotFoundError`. ``chosen`` rows were picked on a form, by field
    name: an :class:`ApplicationError` on that field.
    """
    for row in rows:
        if row is not None and getattr(row, "hromada_id", hromada.pk) != hromada.pk:
            raise NotFoundError(_("Not found."))
    wrong = {
        field: [_("Wrong hromada.")]
        for field, row in chosen.items()
        if row is not None and getattr(row, "hromada_id", hromada.pk) != hromada.pk
    }
    if wrong:
        raise ApplicationError(_("Choose one of this hromada's own records."), fields=wrong)
