"""Distances on the Earth and the search for nearby reports. Pure Python, no Django import."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

EARTH_RADIUS_M = 6_371_008.8  # the mean radius (IUGG)
DUPLICATE_RADIUS_M = 50.0


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in metres between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_m: float) -> tuple[float, float, float, float]:
    """(south, west, north, east) in degrees around a point, containing every point within ``radius_m``;
    a cheap pre-filter for an index on latitude and longitude before the exact distance."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    cos_lat = max(math.cos(math.radians(lat)), 1e-6)
    dlon = math.degrees(radius_m / (EARTH_RADIUS_M * cos_lat))
    return (lat - dlat, lon - dlon, lat + dlat, lon + dlon)


@dataclass(frozen=True)
class Candidate:
    key: int
    lat: float
    lon: float


@dataclass(frozen=True)
class Near:
    key: int
    distance_m: float


def within(
    lat: float, lon: float, candidates: Iterable[Candidate], radius_m: float = DUPLICATE_RADIUS_M
) -> list[Near]:
    """The candidates no farther than ``radius_m`` from the point, nearest first."""
    found = [Near(c.key, haversine_m(lat, lon, c.lat, c.lon)) for c in candidates]
    return sorted((n for n in found if n.distance_m <= radius_m), key=lambda n: (n.distance_m, n.key))
