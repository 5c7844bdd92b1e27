"""A day's route for home visits: nearest neighbour from the office. Pure Python, no Django import.

Good enough for a handful of visits a day in one hromada (the issue asks for a simple route, not an
optimal tour): start at the office, always go to the closest visit not yet on the route; ties by the
order given. Visits without coordinates go last, in the order given.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class Stop:
    id: int
    lat: float | None
    lon: float | None


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def nearest_neighbour(*, start: tuple[float, float], stops: Sequence[Stop]) -> list[int]:
    """Ids of ``stops`` in visiting order from ``start`` (lat, lon)."""
    placed = [s for s in stops if s.lat is not None and s.lon is not None]
    unplaced = [s.id for s in stops if s.lat is None or s.lon is None]
    here = start
    order: list[int] = []
    left = list(placed)
    while left:
        best = min(
            range(len(left)),
            key=lambda i: (distance_km(here[0], here[1], left[i].lat or 0.0, left[i].lon or 0.0), i),
        )
        chosen = left.pop(best)
        order.append(chosen.id)
        here = (chosen.lat or 0.0, chosen.lon or 0.0)
    return order + unplaced


def route_length_km(*, start: tuple[float, float], stops: Sequence[Stop]) -> float:
    """Length of the route visiting ``stops`` in the given order (those without coordinates skipped)."""
    total = 0.0
    here = start
    for s in stops:
        if s.lat is None or s.lon is None:
            continue
        total += distance_km(here[0], here[1], s.lat, s.lon)
        here = (s.lat, s.lon)
    return total
