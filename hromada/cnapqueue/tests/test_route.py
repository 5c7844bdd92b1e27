"""The home visits' day route: nearest neighbour from the office (pure core, property-tested)."""

from hypothesis import given
from hypothesis import strategies as st

from hromada.cnapqueue.route import Stop, distance_km, nearest_neighbour, route_length_km

coords = st.floats(min_value=49.0, max_value=51.0), st.floats(min_value=29.0, max_value=32.0)
maybe_stop = st.tuples(st.one_of(st.none(), coords[0]), coords[1])


def test_a_known_day_goes_to_the_closest_village_first():
    office = (50.45, 30.52)
    far = Stop(1, 50.60, 30.90)
    near = Stop(2, 50.46, 30.53)
    middle = Stop(3, 50.50, 30.70)
    unknown = Stop(4, None, None)

    assert nearest_neighbour(start=office, stops=[far, unknown, near, middle]) == [2, 3, 1, 4]


def test_distance_is_the_great_circle():
    assert 460 < distance_km(50.45, 30.52, 49.84, 24.03) < 475  # Kyiv to Lviv, about 467 km


@given(st.lists(maybe_stop, max_size=12), coords[0], coords[1])
def test_the_route_visits_every_stop_once_and_unplaced_ones_last(raw, lat, lon):
    stops = [Stop(i, a, b if a is not None else None) for i, (a, b) in enumerate(raw)]

    order = nearest_neighbour(start=(lat, lon), stops=stops)

    assert sorted(order) == [s.id for s in stops]
    placed = [s.id for s in stops if s.lat is not None]
    assert order[: len(placed)] == [i for i in order if i in placed]
    assert order[len(placed) :] == [s.id for s in stops if s.lat is None]


@given(st.lists(st.tuples(coords[0], coords[1]), min_size=1, max_size=10), coords[0], coords[1])
def test_each_step_goes_to_the_closest_stop_left(raw, lat, lon):
    stops = [Stop(i, a, b) for i, (a, b) in enumerate(raw)]
    by_id = {s.id: s for s in stops}

    order = nearest_neighbour(start=(lat, lon), stops=stops)

    here = (lat, lon)
    left = set(by_id)
    for chosen in order:
        closest = min(distance_km(*here, by_id[i].lat, by_id[i].lon) for i in left)
        assert distance_km(*here, by_id[chosen].lat, by_id[chosen].lon) <= closest + 1e-9
        left.remove(chosen)
        here = (by_id[chosen].lat, by_id[chosen].lon)
    assert route_length_km(start=(lat, lon), stops=[by_id[i] for i in order]) >= 0
