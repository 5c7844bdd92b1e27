"""Geometry helpers on GeoJSON (RFC 7946) dictionaries. Pure Python, no Django import.

Coordinates are [longitude, latitude] as GeoJSON requires.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

Ring = Sequence[Sequence[float]]
Geometry = dict[str, Any]


def _point_in_ring(lon: float, lat: float, ring: Ring) -> bool:
    """Even-odd ray casting; points exactly on an edge count as inside."""
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if _on_segment(lon, lat, xi, yi, xj, yj):
            return True
        if (yi > lat) != (yj > lat):
            x_cross = (xj - xi) * (lat - yi) / (yj - yi) + xi
            if lon < x_cross:
                inside = not inside
        j = i
    return inside


def _on_segment(px: float, py: float, ax: float, ay: float, bx: float, by: float) -> bool:
    cross = (bx - ax) * (py - ay) - (by - ay) * (px - ax)
    if abs(cross) > 1e-12:
        return False
    return (
        min(ax, bx) - 1e-12 <= px <= max(ax, bx) + 1e-12 and min(ay, by) - 1e-12 <= py <= max(ay, by) + 1e-12
    )


def _point_in_polygon_rings(lon: float, lat: float, rings: Sequence[Ring]) -> bool:
    if not rings or not _point_in_ring(lon, lat, rings[0]):
        return False
    return not any(_point_in_ring(lon, lat, hole) and not _on_ring_edge(lon, lat, hole) for hole in rings[1:])


def _on_ring_edge(lon: float, lat: float, ring: Ring) -> bool:
    return any(
        _on_segment(lon, lat, ring[i - 1][0], ring[i - 1][1], ring[i][0], ring[i][1])
        for i in range(1, len(ring))
    )


def contains(geometry: Geometry, lon: float, lat: float) -> bool:
    """Whether a Polygon or MultiPolygon contains the point (holes excluded, boundary included)."""
    kind = geometry.get("type")
    if kind == "Polygon":
        return _point_in_polygon_rings(lon, lat, geometry["coordinates"])
    if kind == "MultiPolygon":
        return any(_point_in_polygon_rings(lon, lat, rings) for rings in geometry["coordinates"])
    raise ValueError(f"Only Polygon and MultiPolygon can contain points, not {kind!r}.")


def _is_position(value: Any) -> bool:
    return (
        isinstance(value, list | tuple)
        and len(value) >= 2
        and all(isinstance(c, int | float) and not isinstance(c, bool) for c in value[:2])
        and -180 <= value[0] <= 180
        and -90 <= value[1] <= 90
    )


NOT_AN_OBJECT = "not_an_object"
NOT_AN_AREA = "not_an_area"
NO_POLYGONS = "no_polygons"
NO_RINGS = "no_rings"
RING_TOO_SHORT = "ring_too_short"
BAD_POSITION = "bad_position"
RING_NOT_CLOSED = "ring_not_closed"


@dataclass(frozen=True)
class GeometryProblem:
    """One thing wrong with an area geometry: a code above, and where (1-based polygon and ring numbers;
    0 when the problem is not about one) or the geometry type it got instead of an area."""

    code: str
    polygon: int = 0
    ring: int = 0
    got: str = ""


def polygon_problems(geometry: Any) -> list[GeometryProblem]:
    """What is wrong with an area geometry, as codes; empty when it is a valid Polygon or MultiPolygon.
    The caller words them in the user's language (``territory/problems.py``)."""
    if not isinstance(geometry, dict):
        return [GeometryProblem(NOT_AN_OBJECT)]
    kind = geometry.get("type")
    coords = geometry.get("coordinates")
    if kind == "Polygon":
        polygons = [coords]
    elif kind == "MultiPolygon":
        if not isinstance(coords, list) or not coords:
            return [GeometryProblem(NO_POLYGONS)]
        polygons = coords
    else:
        return [GeometryProblem(NOT_AN_AREA, got=str(kind))]
    problems = []
    for p_index, rings in enumerate(polygons, start=1):
        if not isinstance(rings, list) or not rings:
            problems.append(GeometryProblem(NO_RINGS, polygon=p_index))
            continue
        for r_index, ring in enumerate(rings, start=1):
            if not isinstance(ring, list) or len(ring) < 4:
                problems.append(GeometryProblem(RING_TOO_SHORT, polygon=p_index, ring=r_index))
            elif not all(_is_position(pos) for pos in ring):
                problems.append(GeometryProblem(BAD_POSITION, polygon=p_index, ring=r_index))
            elif list(ring[0][:2]) != list(ring[-1][:2]):
                problems.append(GeometryProblem(RING_NOT_CLOSED, polygon=p_index, ring=r_index))
    return problems


BBox = tuple[float, float, float, float]  # west, south, east, north (RFC 7946's order)


def inside_bbox(box: BBox | None, *, prefix: str = "") -> dict[str, float]:
    """Field lookups (``queryset.filter(**inside_bbox(box))``) keeping the rows whose ``<prefix>lon`` and
    ``<prefix>lat`` lie inside ``box``, edges included; none without a box. Every map selector's bbox."""
    if box is None:
        return {}
    west, south, east, north = box
    return {
        f"{prefix}lon__gte": west,
        f"{prefix}lon__lte": east,
        f"{prefix}lat__gte": south,
        f"{prefix}lat__lte": north,
    }


def bboxes_overlap(a: BBox, b: BBox) -> bool:
    """Whether two boxes share a point (touching edges count)."""
    return not (a[0] > b[2] or a[2] < b[0] or a[1] > b[3] or a[3] < b[1])


def bbox(geometries: Iterable[Geometry]) -> BBox | None:
    """[west, south, east, north] around all positions, or None when there are none."""
    xs: list[float] = []
    ys: list[float] = []

    def walk(value: Any) -> None:
        if _is_position(value):
            xs.append(value[0])
            ys.append(value[1])
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    for geometry in geometries:
        walk(geometry.get("coordinates", []))
    if not xs:
        return None
    return (min(xs), min(ys), max(xs), max(ys))


def _ring_area_centroid(ring: Ring) -> tuple[float, float, float]:
    """Signed area and centroid of a closed ring (the shoelace formula; planar, fine at a city's scale)."""
    area = cx = cy = 0.0
    for (x0, y0, *_a), (x1, y1, *_b) in itertools.pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if area == 0:
        return 0.0, ring[0][0], ring[0][1]
    return area / 2, cx / (3 * area), cy / (3 * area)


def interior_point(geometry: Geometry) -> tuple[float, float] | None:
    """A (lon, lat) inside a Polygon or MultiPolygon: the centroid of its largest polygon when that lies
    inside, else the middle of the widest stretch of the polygon across the centroid's latitude (a
    crescent's centroid lies outside it). None for an empty or degenerate geometry."""
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else []
    polygons = [rings for rings in polygons if rings and len(rings[0]) >= 4]
    if not polygons:
        return None
    rings = max(polygons, key=lambda rings: abs(_ring_area_centroid(rings[0])[0]))
    area, cx, cy = _ring_area_centroid(rings[0])
    if area and contains(geometry, cx, cy):
        return cx, cy
    crossings = sorted(
        x0 + (cy - y0) * (x1 - x0) / (y1 - y0)
        for ring in rings
        for (x0, y0, *_a), (x1, y1, *_b) in itertools.pairwise(ring)
        if (y0 > cy) != (y1 > cy)
    )
    stretches = list(zip(crossings[::2], crossings[1::2], strict=False))
    if not stretches:
        return None
    west, east = max(stretches, key=lambda stretch: stretch[1] - stretch[0])
    middle = ((west + east) / 2, cy)
    return middle if contains(geometry, *middle) else None


def point(lon: float, lat: float) -> Geometry:
    return {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]}


def feature(
    geometry: Geometry, properties: dict[str, Any], feature_id: int | str | None = None
) -> dict[str, Any]:
    result: dict[str, Any] = {"type": "Feature", "geometry": geometry, "properties": properties}
    if feature_id is not None:
        result["id"] = feature_id
    return result


def feature_collection(features: Iterable[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


@dataclass(frozen=True)
class SvgShapes:
    """Polygons drawn in a ``width`` × ``height`` SVG box: each one's path data (``d``), in input order."""

    width: int
    height: int
    paths: list[str]


def svg_shapes(geometries: Sequence[Geometry], *, width: int = 320, margin: int = 4) -> SvgShapes:
    """Polygon and MultiPolygon geometries as SVG paths in one box ``width`` wide (the height follows):
    longitude scaled by the cosine of the middle latitude, north up — a flat map, fine at a city's scale.
    A geometry without rings gives an empty path."""
    box = bbox(geometries)
    if box is None:
        return SvgShapes(width, 0, ["" for _g in geometries])
    west, south, east, north = box
    stretch = math.cos(math.radians((south + north) / 2))
    span_x, span_y = max((east - west) * stretch, 1e-9), max(north - south, 1e-9)
    scale = (width - 2 * margin) / max(span_x, span_y)
    height = math.ceil(span_y * scale) + 2 * margin
    left = margin + ((width - 2 * margin) - span_x * scale) / 2

    def at(position: Sequence[float]) -> str:
        x = left + (position[0] - west) * stretch * scale
        y = margin + (north - position[1]) * scale
        return f"{x:.1f},{y:.1f}"

    paths = []
    for geometry in geometries:
        kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
        polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else []
        rings = [ring for rings in polygons for ring in rings if len(ring) >= 3]
        paths.append(" ".join("M" + "L".join(at(p) for p in ring) + "Z" for ring in rings))
    return SvgShapes(width, height, paths)
