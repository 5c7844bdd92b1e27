"""Demo petitions (filled in below)."""

from __future__ import annotations

from typing import Any

from hromada.core.models import Hromada


def demo_load(*, hromada: Hromada, progress: Any = None) -> int:
    return 0
