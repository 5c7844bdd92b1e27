"""The open-data part of the demo: the council as the publisher of the hromada's datasets."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import Any

from hromada.core.models import Hromada

from .actions import publisher_save
from .models import Publisher


def demo_load(*, hromada: Hromada, progress: Callable[[str], Any] | None = None) -> int:
    """Name the council as the publisher (a made-up ЄДРПОУ derived from the КАТОТТГ); idempotent."""
    if Publisher.objects.filter(hromada=hromada, key="council").exists():
        return 0
    edrpou = f"{zlib.crc32(hromada.katottg.encode()) % 10**8:08d}"
    publisher_save(
        publisher=Publisher(
            hromada=hromada,
            key="council",
            name=hromada.name,
            name_en=hromada.name_en,
            edrpou=edrpou,
            responsible="Головний спеціаліст з питань відкритих даних",
            email=hromada.email,
        ),
        by=None,
    )
    if progress:
        progress("open data: the council publishes the datasets")
    return 1
