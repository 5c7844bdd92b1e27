"""Where demo things are: district polygons, institution points inside them, phone numbers (no Django)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from hromada.core.geo import contains

# How far (in degrees) a point keeps from its district's edge, so it never sits on a shared border.
_MARGIN_LON = 0.0015
_MARGIN_LAT = 0.0010


def polygon(*corners: tuple[float, float]) -> dict[str, Any]:
    """A GeoJSON Polygon from [lon, lat] corners; the ring is closed here."""
    ring = [[lon, lat] for lon, lat in corners]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def spot(boundary: dict[str, Any], key: str) -> tuple[float, float]:
    """A fixed (lon, lat) well inside `boundary`, chosen by `key` so each institution keeps its place."""
    ring: Sequence[Sequence[float]] = boundary["coordinates"][0]
    west, east = min(p[0] for p in ring), max(p[0] for p in ring)
    south, north = min(p[1] for p in ring), max(p[1] for p in ring)
    rng = random.Random(key)
    for _attempt in range(10_000):
        lon, lat = round(rng.uniform(west, east), 6), round(rng.uniform(south, north), 6)
        around = [
            (lon + dx, lat + dy) for dx in (-_MARGIN_LON, _MARGIN_LON) for dy in (-_MARGIN_LAT, _MARGIN_LAT)
        ]
        if all(contains(boundary, x, y) for x, y in [(lon, lat), *around]):
            return lon, lat
    raise ValueError(f"No room inside the boundary for {key!r}.")


def landline(area_code: str, key: str) -> str:
    """A fixed fictional landline number in the local format, e.g. "(04736) 3-41-27"."""
    rng = random.Random(f"phone:{key}")
    return f"({area_code}) {rng.randint(2, 6)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}"
