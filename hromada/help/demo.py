"""The help centre's part of the demo: every demo hromada gets the shipped articles."""

from __future__ import annotations

from typing import Any

from hromada.core.models import Hromada

from .actions import help_articles_load


def demo_load(*, hromada: Hromada, **_options: Any) -> int:
    """Load the shipped articles into the hromada's help centre (idempotent)."""
    return help_articles_load(hromada=hromada)
