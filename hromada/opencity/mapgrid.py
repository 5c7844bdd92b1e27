"""The city map's pure core (no Django): reading a ``bbox`` and a zoom level from a query string, the grids
that cluster markers per zoom level, and the merging of grid rows into clusters.

Errors are codes (``BBOX_*``, ``ZOOM_*``); the view words them in the user's language.

At zoom ``z`` a web map is ``256 × 2**z`` pixels around the world; a cell is ``CELL_PX`` pixels square.

- **Stored cells** (zooms up to ``STORED_ZOOMS``' last): the cells of the map's own Web Mercator pixels,
  numbered from the north-west corner of the world like map tiles (``pixel_cell``). A cell at zoom ``z``
  is exactly four cells at ``z + 1``, so a coarser zoom is read from a stored one by halving the numbers
  (``stored_zoom``). The open-city actions keep every report's cell at each stored zoom
  (``summary.py``), so the city-wide map reads cells, not reports.
- **Live cells** (zooms 15 and 16, a few streets in the box): computed in SQL from the coordinates, in
  degrees: ``360 × CELL_PX / (256 × 2**z)`` of longitude, that times ``cos(latitude)`` of latitude (a degree
  of latitude looks ``1/cos`` times longer on a Mercator map). Cell numbers count from longitude −180 and
  latitude −90, so they are never negative and truncation toward zero (SQLite's ``CAST(… AS INTEGER)``) is
  the same as the floor (PostgreSQL's ``FLOOR``).
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


def grid_for(zoom: int, latitude: float) -> Grid:
    """The clustering grid at ``zoom`` for a map centred near ``latitude``."""
    lon_step = 360 * CELL_PX / (256 * 2**zoom)
    shrink = max(math.cos(math.radians(max(-85.0, min(85.0, latitude)))), 0.05)
    return Grid(lon_step=lon_step, lat_step=lon_step * shrink)


MAX_CELLS_ACROSS = 64  # a box wider or taller than this many cells is clustered at a lower zoom
STORED_ZOOMS = range(8, 15)  # the zooms whose cells the summary keeps; below them, halved from the first
MERCATOR_MAX_LAT = 85.05112878  # Web Mercator's square world ends here
COORDINATE_UNITS = 10**7  # stored coordinate sums are whole 1e-7 degrees (about a centimetre): exact sums


def cells_across(zoom: int) -> int:
    """How many ``CELL_PX`` cells the world is wide (and tall) at ``zoom``."""
    return 2**zoom * 256 // CELL_PX


def pixel_cell(lon: float, lat: float, zoom: int) -> tuple[int, int]:
    """The stored grid's cell of a position at ``zoom``: (column from longitude −180, row from the north)."""
    n = cells_across(zoom)
    lat = max(-MERCATOR_MAX_LAT, min(MERCATOR_MAX_LAT, lat))
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return min(max(x, 0), n - 1), min(max(y, 0), n - 1)


def cell_span(bbox: BBox, zoom: int) -> tuple[int, int, int, int]:
    """The stored grid's cells a box touches at ``zoom``: (first column, first row, last column, last row)."""
    west, south, east, north = bbox
    x0, y0 = pixel_cell(west, north, zoom)
    x1, y1 = pixel_cell(east, south, zoom)
    return x0, y0, x1, y1


def stored_zoom(zoom: int) -> tuple[int, int]:
    """Where ``zoom``'s cells are read from: (a stored zoom, how many times its cell numbers are halved)."""
    first = STORED_ZOOMS[0]
    return (zoom, 0) if zoom >= first else (first, first - zoom)


def zoom_fitting(bbox: BBox | None, zoom: int) -> int:
    """``zoom``, lowered until ``bbox`` spans at most ``MAX_CELLS_ACROSS`` grid cells each way: a client
    asking a small zoom for a huge box gets a bounded number of clusters. Without a box (the whole
    hromada) at most zoom 10."""
    if bbox is None:
        return min(zoom, 10)
    while zoom > MIN_ZOOM:
        x0, y0, x1, y1 = cell_span(bbox, zoom)
        if x1 - x0 < MAX_CELLS_ACROSS and y1 - y0 < MAX_CELLS_ACROSS:
            break
        zoom -= 1
    return zoom


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
