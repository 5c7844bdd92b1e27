"""The fair ordering and wait prediction: pure cores, property-tested."""

from hypothesis import given, settings
from hypothesis import strategies as st

from hromada.cnapqueue import ordering, slots, waits
from hromada.cnapqueue.ordering import BOOKED, OVERDUE, Waiting, order

NOW = 100_000.0
MAX_WAIT = 1800.0

tickets = st.lists(
    st.builds(
        Waiting,
        id=st.integers(1, 10_000),
        arrived=st.floats(NOW - 7200, NOW, allow_nan=False),
        weight=st.sampled_from([1, 1, 1, 2, 3, 5]),
        appointment=st.one_of(st.none(), st.floats(NOW - 3600, NOW + 3600, allow_nan=False)),
    ),
    max_size=40,
    unique_by=lambda t: t.id,
)


def _since(t):
    return max(t.arrived, t.appointment) if t.appointment is not None else t.arrived


@given(tickets)
@settings(max_examples=300)
def test_every_waiting_ticket_is_placed_exactly_once(waiting):
    placed = order(waiting, now=NOW, max_wait=MAX_WAIT)

    assert sorted(p.id for p in placed) == sorted(t.id for t in waiting)


@given(tickets, st.data())
@settings(max_examples=300)
def test_the_order_of_part_of_a_queue_is_its_place_in_the_order_of_the_whole(waiting, data):
    # What call-next relies on to tell the next of one service without ranking again: each ticket is
    # ranked by its own key, so any part (one service's tickets) keeps the whole's order.
    part = data.draw(st.lists(st.sampled_from(waiting), unique_by=lambda t: t.id) if waiting else st.just([]))
    ids = {t.id for t in part}

    whole = order(waiting, now=NOW, max_wait=MAX_WAIT)

    assert order(part, now=NOW, max_wait=MAX_WAIT) == [p for p in whole if p.id in ids]


@given(tickets)
@settings(max_examples=300)
def test_a_ticket_past_the_maximum_wait_is_overtaken_only_by_due_bookings_or_longer_waits(waiting):
    by_id = {t.id: t for t in waiting}
    placed = order(waiting, now=NOW, max_wait=MAX_WAIT)

    for index, p in enumerate(placed):
        t = by_id[p.id]
        if p.reason != OVERDUE:
            continue
        for before in placed[:index]:
            other = by_id[before.id]
            assert before.reason == BOOKED or _since(other) <= _since(t)


@given(tickets)
@settings(max_examples=300)
def test_booked_visits_whose_time_has_come_go_first_in_booked_order(waiting):
    placed = order(waiting, now=NOW, max_wait=MAX_WAIT)
    reasons = [p.reason for p in placed]
    booked = [p for p in placed if p.reason == BOOKED]

    assert reasons[: len(booked)] == [BOOKED] * len(booked)
    times = [next(t.appointment for t in waiting if t.id == p.id) for p in booked]
    assert times == sorted(times)
    assert all(t.appointment <= NOW for t in waiting if t.id in {p.id for p in booked})


@given(tickets)
@settings(max_examples=300)
def test_among_tickets_not_yet_overdue_the_weighted_wait_decides(waiting):
    by_id = {t.id: t for t in waiting}
    rest = [p for p in order(waiting, now=NOW, max_wait=MAX_WAIT) if p.reason not in (BOOKED, OVERDUE)]

    scores = [max(0.0, NOW - _since(by_id[p.id])) * by_id[p.id].weight for p in rest]
    assert scores == sorted(scores, reverse=True)


def test_no_starvation_a_regular_ticket_overtakes_a_stream_of_priorities_once_it_waited_the_maximum():
    regular = Waiting(id=1, arrived=0.0)
    # A priority visitor (weight 5) arrives every minute; one is served every minute.
    waiting = [regular]
    called_at = None
    for minute in range(1, 120):
        now = minute * 60.0
        waiting.append(Waiting(id=1000 + minute, arrived=now - 1, weight=5))
        chosen = ordering.next_ticket(waiting, now=now, max_wait=30 * 60)
        waiting = [t for t in waiting if t.id != chosen.id]
        if chosen.id == 1:
            called_at = now
            break

    assert called_at is not None and called_at <= 30 * 60


def test_priority_weight_overtakes_a_regular_who_waited_less_than_weight_times_as_long():
    regular = Waiting(id=1, arrived=NOW - 500)
    priority = Waiting(id=2, arrived=NOW - 200, weight=3)

    assert ordering.next_ticket([regular, priority], now=NOW, max_wait=MAX_WAIT).id == 2
    later = Waiting(id=3, arrived=NOW - 100, weight=3)
    assert ordering.next_ticket([regular, later], now=NOW, max_wait=MAX_WAIT).id == 1


def test_ties_go_by_arrival_then_id():
    a, b, c = Waiting(3, NOW - 60), Waiting(1, NOW - 60), Waiting(2, NOW - 120)

    assert [p.id for p in order([a, b, c], now=NOW, max_wait=MAX_WAIT)] == [2, 1, 3]


def test_a_booked_visit_before_its_time_waits_as_if_it_arrived_at_the_booked_time():
    early = Waiting(id=1, arrived=NOW - 600, appointment=NOW + 300)
    walk_in = Waiting(id=2, arrived=NOW - 60)

    assert [p.id for p in order([early, walk_in], now=NOW, max_wait=MAX_WAIT)] == [2, 1]


@given(st.integers(0, 200), st.floats(1, 60, allow_nan=False), st.integers(1, 50))
def test_the_wait_estimate_grows_with_people_ahead_and_falls_with_desks(ahead, minutes, desks):
    estimate = waits.estimate_wait(ahead=ahead, handling_minutes=minutes, open_desks=desks)
    more_ahead = waits.estimate_wait(ahead=ahead + 1, handling_minutes=minutes, open_desks=desks)
    more_desks = waits.estimate_wait(ahead=ahead, handling_minutes=minutes, open_desks=desks + 1)

    assert estimate is not None and more_ahead is not None and more_desks is not None
    assert more_ahead >= estimate >= more_desks >= 0


def test_no_open_desk_means_no_estimate():
    assert waits.estimate_wait(ahead=3, handling_minutes=10, open_desks=0) is None


def test_the_moving_average_follows_recent_handling_times():
    assert waits.ewma([], start=10.0) == 10.0
    assert waits.ewma([20.0] * 30, start=10.0) > 19.9
    assert waits.ewma([20.0], start=10.0) == 10.0 + 0.3 * 10.0


def test_mean_absolute_error_and_percentile():
    assert waits.mean_absolute_error([(10, 12), (5, 2)]) == 2.5
    assert waits.mean_absolute_error([]) is None
    assert waits.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90) == 9
    assert waits.percentile([], 90) is None


def test_slots_fit_inside_opening_spans_and_respect_the_lead_time():
    import datetime as dt
    from zoneinfo import ZoneInfo

    kyiv = ZoneInfo("Europe/Kyiv")
    monday = dt.date(2026, 12, 7)
    hours = {"mon": [["09:00", "10:00"], ["12:00", "12:50"]]}
    found = slots.day_slots(
        day=monday,
        hours=hours,
        minutes=20,
        zone=kyiv,
        not_before=dt.datetime(2026, 12, 7, 9, 10, tzinfo=kyiv),
    )

    assert [s.strftime("%H:%M") for s, _e in found] == ["09:20", "09:40", "12:00", "12:20"]
    assert (
        slots.day_slots(
            day=monday + dt.timedelta(days=1),
            hours=hours,
            minutes=20,
            zone=kyiv,
            not_before=dt.datetime(2026, 12, 1, tzinfo=kyiv),
        )
        == []
    )
