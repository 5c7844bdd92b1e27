"""Who gets a report: routing by category and area. Pure Python, no Django import.

A zone is a polygon (a district, a starosta district, a utility's service zone) with, optionally, the
categories it is for and the department that handles them there. Among the zones that contain the point
and take the category, the one with the most specific category list wins (a zone naming the category beats
a zone for every category), then the higher priority, then the lower id. The department is the zone's, or
the category's responsible department when the zone names none. A point in no zone goes to triage.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from hromada.core.geo import contains

ZONE = "zone"
TRIAGE = "triage"


@dataclass(frozen=True)
class ZoneSpec:
    key: int
    boundary: dict[str, Any]
    department: int | None = None
    categories: frozenset[str] = field(default_factory=frozenset)  # empty: every category
    priority: int = 0


@dataclass(frozen=True)
class Route:
    code: str  # ZONE or TRIAGE
    zone: int | None = None
    department: int | None = None


def route(
    *, lat: float, lon: float, category: str, category_department: int | None, zones: Iterable[ZoneSpec]
) -> Route:
    """The zone and department for a report of ``category`` at the point; TRIAGE when no zone fits."""
    fitting = [
        z for z in zones if (not z.categories or category in z.categories) and contains(z.boundary, lon, lat)
    ]
    if not fitting:
        return Route(TRIAGE)
    best = min(fitting, key=lambda z: (0 if z.categories else 1, -z.priority, z.key))
    department = best.department if best.department is not None else category_department
    if department is None:
        return Route(TRIAGE, zone=best.key)
    return Route(ZONE, zone=best.key, department=department)
