"""The city map's pure core (no Django): reading a ``bbox`` and a zoom level from a query string, the grid
that clusters markers per zoom level, and the merging of grid rows into clusters.

Errors are codes (``BBOX_*``, ``ZOOM_*``); the view words them in the user's language.

The grid: at zoom ``z`` a web map is ``256 × 2**z`` pixels around the world, so a cell of ``CELL_PX``
pixels is ``360 × CELL_PX / (256 × 2**z)`` degrees of longitude; a degree of latitude looks ``1/cos(lat)``
times longer on a Mercator map, so the cell is that much shorter in latitude. Cell numbers count from
longitude −180 and latitude −90, so they are never negative and truncation toward zero (SQLite's
``CAST(… AS INTEGER)``) is the same as the floor (PostgreSQL's ``FLOOR``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from hromada.core.geo import BBox

BBOX_PARTS = "bbox_parts"  # not four comma-separated numbers
BBOX_NUMBER = "bbox_number"  # a part that is not a finite number
BBOX_RANGE = "bbox_range"  # longitude outside −180…180 or latitude outside −90…90
BBOX_ORDER = "bbox_order"  # west after east or south after north
ZOOM_BAD = "zoom_bad"  # not a whole number from MIN_ZOOM to MAX_ZOOM

MIN_ZOOM = 0
MAX_ZOOM = 22
CLUSTER_BELOW_ZOOM = 17  # from this zoom on, every report is its own marker (paginated)
CELL_PX = 64


def parse_bbox(text: str) -> tuple[BBox | None, str]:
    """``"west,south,east,north"`` → (the box, "") or (None, an error code). An empty text is no box."""
    text = text.strip()
    if not text:
        return None, ""
    parts = text.split(",")
    if len(parts) != 4:
        return None, BBOX_PARTS
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        return None, BBOX_NUMBER
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        return None, BBOX_NUMBER
    if not (-90 <= south <= 90 and -90 <= north <= 90):
        return None, BBOX_RANGE
    if west > east or south > north:
        return None, BBOX_ORDER
    if east < -180 or west > 180:
        return None, BBOX_RANGE
    # A map zoomed out past one world (Leaflet does not wrap its bounds) reaches beyond ±180: the box is
    # the part of it on the Earth.
    return (max(west, -180.0), south, min(east, 180.0), north), ""


def parse_zoom(text: str, default: int) -> tuple[int | None, str]:
    """A zoom level from the query string; ``default`` when absent."""
    text = text.strip()
    if not text:
        return default, ""
    if not text.isdigit() or len(text) > 2 or not MIN_ZOOM <= int(text) <= MAX_ZOOM:
        return None, ZOOM_BAD
    return int(text), ""


@dataclass(frozen=True)
class Grid:
    """Cell sizes in degrees; a position's cell is ``((lon + 180) // lon_step, (lat + 90) // lat_step)``."""

    lon_step: float
    lat_step: float

    def cell(self, lon: float, lat: float) -> tuple[int, int]:
        return int((lon + 180) // self.lon_step), int((lat + 90) // self.lat_step)


def grid_for(zoom: int, latitude: float) -> Grid:
    """The clustering grid at ``zoom`` for a map centred near ``latitude``."""
    lon_step = 360 * CELL_PX / (256 * 2**zoom)
    shrink = max(math.cos(math.radians(max(-85.0, min(85.0, latitude)))), 0.05)
    return Grid(lon_step=lon_step, lat_step=lon_step * shrink)


MAX_CELLS_ACROSS = 64  # a box wider or taller than this many cells is clustered at a lower zoom


def zoom_fitting(bbox: BBox | None, zoom: int, latitude: float) -> int:
    """``zoom``, lowered until ``bbox`` spans at most ``MAX_CELLS_ACROSS`` grid cells each way: a client
    asking a small zoom for a huge box gets a bounded number of clusters. Without a box (the whole
    hromada) at most zoom 10."""
    if bbox is None:
        return min(zoom, 10)
    west, south, east, north = bbox
    while zoom > MIN_ZOOM:
        grid = grid_for(zoom, latitude)
        if (east - west) / grid.lon_step <= MAX_CELLS_ACROSS and (
            north - south
        ) / grid.lat_step <= MAX_CELLS_ACROSS:
            break
        zoom -= 1
    return zoom


def cells_inside(grid: Grid, bbox: BBox | None, rows: Iterable[CellRow]) -> list[CellRow]:
    """The rows whose cell touches ``bbox`` (all of them without a box)."""
    if bbox is None:
        return list(rows)
    west, south, east, north = bbox
    x0, y0 = grid.cell(west, south)
    x1, y1 = grid.cell(east, north)
    return [r for r in rows if x0 <= r.cell_x <= x1 and y0 <= r.cell_y <= y1]


def clusters_wanted(zoom: int) -> bool:
    return zoom < CLUSTER_BELOW_ZOOM


@dataclass(frozen=True)
class CellRow:
    """One row of the grouped query: the reports of one state in one cell."""

    cell_x: int
    cell_y: int
    status: str
    count: int
    sum_lon: float
    sum_lat: float
    any_id: int  # one report of the group (its only one when ``count`` is 1)


@dataclass
class Cluster:
    """The reports of one cell: their mean position, count per state, and the report when it is alone."""

    lon: float
    lat: float
    count: int
    by_status: dict[str, int] = field(default_factory=dict)
    single_id: int | None = None

    @property
    def status(self) -> str:
        """The most frequent state (ties: the first in the order the rows came)."""
        return max(self.by_status.items(), key=lambda item: item[1])[0]


def merge(rows: Iterable[CellRow]) -> list[Cluster]:
    """Group the per-(cell, state) rows into one cluster per cell, largest first (then west to east)."""
    cells: dict[tuple[int, int], list[CellRow]] = {}
    for row in rows:
        cells.setdefault((row.cell_x, row.cell_y), []).append(row)
    clusters = []
    for group in cells.values():
        count = sum(r.count for r in group)
        cluster = Cluster(
            lon=sum(r.sum_lon for r in group) / count,
            lat=sum(r.sum_lat for r in group) / count,
            count=count,
            by_status={r.status: r.count for r in group},
            single_id=group[0].any_id if count == 1 else None,
        )
        clusters.append(cluster)
    clusters.sort(key=lambda c: (-c.count, c.lon, c.lat))
    return clusters


def page_of(text: str) -> int | None:
    """A 1-based page number; None when it is not one."""
    text = text.strip() or "1"
    if not text.isdigit() or len(text) > 6 or int(text) < 1:
        return None
    return int(text)
