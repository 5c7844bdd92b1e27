import pytest

from hromada.core import geo


def square(west: float, south: float, size: float) -> list[list[float]]:
    return [
        [west, south],
        [west + size, south],
        [west + size, south + size],
        [west, south + size],
        [west, south],
    ]


POLYGON = {"type": "Polygon", "coordinates": [square(30.0, 50.0, 1.0)]}
WITH_HOLE = {"type": "Polygon", "coordinates": [square(30.0, 50.0, 1.0), square(30.25, 50.25, 0.5)]}
TRIANGLE = {"type": "Polygon", "coordinates": [[[30.0, 50.0], [31.0, 50.0], [30.0, 51.0], [30.0, 50.0]]]}


@pytest.mark.parametrize(
    "lon, lat, inside",
    [
        (30.5, 50.5, True),
        (29.9, 50.5, False),
        (30.5, 51.1, False),
        (30.0, 50.5, True),  # on the western edge
        (30.0, 50.0, True),  # on a corner
        (31.0, 51.0, True),  # on the opposite corner
        (31.0000001, 50.5, False),
    ],
)
def test_polygon_contains_inner_and_boundary_points(lon, lat, inside):
    assert geo.contains(POLYGON, lon, lat) is inside


@pytest.mark.parametrize(
    "lon, lat, inside",
    [
        (30.1, 50.1, True),  # between the outer ring and the hole
        (30.5, 50.5, False),  # inside the hole
        (30.25, 50.5, True),  # on the hole's edge: the polygon's boundary
        (30.75, 50.75, True),  # on the hole's corner
    ],
)
def test_holes_are_excluded_but_their_edges_belong_to_the_polygon(lon, lat, inside):
    assert geo.contains(WITH_HOLE, lon, lat) is inside


def test_points_on_a_slanted_edge_are_inside():
    assert geo.contains(TRIANGLE, 30.5, 50.5)
    assert not geo.contains(TRIANGLE, 30.6, 50.6)


def test_concave_polygon():
    # A "U" shape: the notch in the middle is outside.
    u_shape = {
        "type": "Polygon",
        "coordinates": [
            [[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]],
        ],
    }

    assert geo.contains(u_shape, 0.5, 2.5)
    assert geo.contains(u_shape, 2.5, 2.5)
    assert not geo.contains(u_shape, 1.5, 2.0)
    assert geo.contains(u_shape, 1.5, 0.5)


def test_a_ray_through_a_vertex_is_counted_once():
    diamond = {"type": "Polygon", "coordinates": [[[1, 0], [2, 1], [1, 2], [0, 1], [1, 0]]]}

    assert geo.contains(diamond, 0.5, 1.0)
    assert not geo.contains(diamond, -0.5, 1.0)
    assert not geo.contains(diamond, 2.5, 1.0)


def test_multipolygon_contains_points_of_any_part():
    multi = {"type": "MultiPolygon", "coordinates": [[square(30.0, 50.0, 1.0)], [square(32.0, 50.0, 1.0)]]}

    assert geo.contains(multi, 30.5, 50.5)
    assert geo.contains(multi, 32.5, 50.5)
    assert not geo.contains(multi, 31.5, 50.5)


def test_only_areas_can_contain_points():
    with pytest.raises(ValueError):
        geo.contains(geo.point(30.0, 50.0), 30.0, 50.0)


def test_a_valid_polygon_has_no_problems():
    assert geo.polygon_problems(POLYGON) == []
    assert geo.polygon_problems(WITH_HOLE) == []
    assert geo.polygon_problems({"type": "MultiPolygon", "coordinates": [[square(30.0, 50.0, 1.0)]]}) == []


@pytest.mark.parametrize(
    "geometry, problem",
    [
        ("not a dict", geo.GeometryProblem(geo.NOT_AN_OBJECT)),
        ({"type": "Point", "coordinates": [30, 50]}, geo.GeometryProblem(geo.NOT_AN_AREA, got="Point")),
        ({"type": "MultiPolygon", "coordinates": []}, geo.GeometryProblem(geo.NO_POLYGONS)),
        ({"type": "Polygon", "coordinates": []}, geo.GeometryProblem(geo.NO_RINGS, polygon=1)),
        (
            {"type": "Polygon", "coordinates": [[[30, 50], [31, 50], [30, 50]]]},
            geo.GeometryProblem(geo.RING_TOO_SHORT, polygon=1, ring=1),
        ),
        (
            {"type": "Polygon", "coordinates": [[[30, 50], [31, 50], [31, 51], [30, 51]]]},
            geo.GeometryProblem(geo.RING_NOT_CLOSED, polygon=1, ring=1),
        ),
        (
            {"type": "Polygon", "coordinates": [[[50, 30], [51, 30], [51, 200], [50, 30]]]},
            geo.GeometryProblem(geo.BAD_POSITION, polygon=1, ring=1),
        ),
        (
            {"type": "Polygon", "coordinates": [[[30, 50], [31, 50], [31, True], [30, 50]]]},
            geo.GeometryProblem(geo.BAD_POSITION, polygon=1, ring=1),
        ),
        (
            {"type": "Polygon", "coordinates": [[[30, 50], [31, 50], ["31", 51], [30, 50]]]},
            geo.GeometryProblem(geo.BAD_POSITION, polygon=1, ring=1),
        ),
    ],
)
def test_polygon_problems_are_codes_of_what_is_wrong(geometry, problem):
    assert geo.polygon_problems(geometry) == [problem]


def test_problems_name_the_polygon_and_ring():
    multi = {"type": "MultiPolygon", "coordinates": [[square(30, 50, 1)], [square(32, 50, 1), [[1, 1]]]]}

    assert geo.polygon_problems(multi) == [geo.GeometryProblem(geo.RING_TOO_SHORT, polygon=2, ring=2)]


def test_bbox_spans_every_position_of_every_geometry():
    geometries = [
        POLYGON,
        geo.point(29.5, 52.0),
        {"type": "MultiPolygon", "coordinates": [[square(33, 49, 1)]]},
    ]

    assert geo.bbox(geometries) == (29.5, 49.0, 34.0, 52.0)


def test_bbox_of_nothing_is_none():
    assert geo.bbox([]) is None
    assert geo.bbox([{"type": "Polygon", "coordinates": []}]) is None


def test_point_is_lon_lat_rounded_to_about_a_centimetre():
    assert geo.point(30.523399999999, 50.4501000000001) == {
        "type": "Point",
        "coordinates": [30.5234, 50.4501],
    }


def test_features_and_collections():
    point = geo.point(30.5, 50.5)

    with_id = geo.feature(point, {"name": "Школа"}, feature_id=7)
    without_id = geo.feature(point, {})

    assert with_id == {"type": "Feature", "geometry": point, "properties": {"name": "Школа"}, "id": 7}
    assert "id" not in without_id
    assert geo.feature(point, {}, feature_id=0)["id"] == 0
    assert geo.feature_collection(iter([with_id])) == {"type": "FeatureCollection", "features": [with_id]}


def test_inside_bbox_gives_the_four_bounds_and_nothing_without_a_box():
    assert geo.inside_bbox((30.0, 50.0, 30.2, 50.1)) == {
        "lon__gte": 30.0,
        "lon__lte": 30.2,
        "lat__gte": 50.0,
        "lat__lte": 50.1,
    }
    assert geo.inside_bbox((30.0, 50.0, 30.2, 50.1), prefix="institution__")["institution__lat__lte"] == 50.1
    assert geo.inside_bbox(None) == {}


def test_boxes_overlap_when_they_share_a_point():
    box = (30.0, 50.0, 30.2, 50.1)
    assert geo.bboxes_overlap(box, (30.2, 50.1, 30.3, 50.2))  # a shared corner
    assert not geo.bboxes_overlap(box, (30.21, 50.0, 30.3, 50.1))
    assert not geo.bboxes_overlap(box, (30.0, 50.11, 30.2, 50.2))


def test_svg_shapes_draw_polygons_north_up_in_one_box_with_longitude_shrunk_by_latitude():
    west_half = {"type": "Polygon", "coordinates": [square(30.0, 60.0, 1.0)]}
    east_half = {"type": "MultiPolygon", "coordinates": [[square(31.0, 60.0, 1.0)]]}
    drawn = geo.svg_shapes([west_half, east_half, {"type": "Point", "coordinates": [30, 60]}], width=204)
    # Two degrees of longitude at 60.5° are a little narrower than one of latitude: the box is as tall
    # as wide (196 px inside a 4 px margin) and the drawing centred across it; north is up.
    assert (drawn.width, drawn.height) == (204, 204)
    assert drawn.paths[0] == "M5.5,200.0L102.0,200.0L102.0,4.0L5.5,4.0L5.5,200.0Z"
    assert drawn.paths[1].startswith("M102.0,200.0L198.5,200.0L198.5,4.0")
    wide = geo.svg_shapes([{"type": "Polygon", "coordinates": [square(30.0, 0.0, 2.0)]}], width=100)
    assert (wide.width, wide.height) == (100, 100)
    assert drawn.paths[2] == ""
    assert geo.svg_shapes([]).paths == []
