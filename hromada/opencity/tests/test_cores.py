"""The pure cores: redaction, distances, the state machine, routing, the SLA clock and the summary."""

import dataclasses
import datetime as dt

from hromada.opencity import lifecycle, nearby, redact, routing, summary
from tests.factories import square


def test_every_phone_email_and_tax_number_is_redacted_not_only_the_first():
    text = (
        "Дзвоніть 067 123 45 67 або +380 (50) 111-22-33, чи 0441234567; пишіть olena@example.com "
        "та o.k@mail.ua. РНОКПП 3012345678. Будинок 12, під'їзд 3."
    )

    result = redact.redact(text)

    for secret in ("067 123 45 67", "111-22-33", "0441234567", "olena@", "o.k@mail.ua", "3012345678"):
        assert secret not in result.text
    assert result.text.count(redact.MARK) == 6
    assert result.found.count(redact.EMAIL) == 2
    assert "Будинок 12, під'їзд 3." in result.text  # house numbers stay


def test_redaction_keeps_dates_and_short_numbers():
    text = "З 12.03.2026 не світить ліхтар №15 біля будинку 7"
    assert redact.redact(text).text == text


def test_haversine_matches_a_known_distance():
    # One thousandth of a degree of latitude is about 111 m everywhere.
    assert 110 < nearby.haversine_m(50.0, 30.0, 50.001, 30.0) < 112
    assert nearby.haversine_m(50.0, 30.0, 50.0, 30.0) == 0


def test_within_50_m_finds_a_report_across_a_district_boundary():
    # The boundary between two districts runs along lon 30.02; the points are 30 m apart across it.
    west_point = (50.01, 30.0198)
    east = nearby.Candidate(1, 50.01, 30.0202)
    far = nearby.Candidate(2, 50.01, 30.0212)
    found = nearby.within(*west_point, [far, east])
    assert [n.key for n in found] == [1]
    assert found[0].distance_m < 50


def test_bounding_box_holds_the_whole_radius():
    _south, _west, north, east = nearby.bounding_box(50.0, 30.0, 50)
    assert nearby.haversine_m(50.0, 30.0, north, 30.0) >= 49.9
    assert nearby.haversine_m(50.0, 30.0, 50.0, east) >= 49.9


def test_states_move_only_along_the_machine():
    assert lifecycle.check_transition(lifecycle.NEW, lifecycle.ACCEPTED) is None
    assert lifecycle.check_transition(lifecycle.ACCEPTED, lifecycle.FIXED) is None
    assert lifecycle.check_transition(lifecycle.FIXED, lifecycle.REOPENED) is None
    assert lifecycle.check_transition(lifecycle.FIXED, lifecycle.ACCEPTED) == lifecycle.NOT_ALLOWED
    assert lifecycle.check_transition(lifecycle.NEW, lifecycle.REOPENED) == lifecycle.NOT_ALLOWED


def test_closing_without_a_fix_needs_a_reason_and_its_particulars():
    close = lifecycle.CLOSED
    assert lifecycle.check_transition(lifecycle.ACCEPTED, close) == lifecycle.REASON_REQUIRED
    assert lifecycle.check_transition(lifecycle.ACCEPTED, close, reason="whim") == lifecycle.UNKNOWN_REASON
    assert (
        lifecycle.check_transition(lifecycle.ACCEPTED, close, reason=lifecycle.NOT_RESPONSIBLE)
        == lifecycle.RESPONSIBLE_REQUIRED
    )
    assert (
        lifecycle.check_transition(
            lifecycle.ACCEPTED, close, reason=lifecycle.NOT_RESPONSIBLE, responsible="ДТЕК"
        )
        is None
    )
    assert (
        lifecycle.check_transition(lifecycle.NEW, close, reason=lifecycle.DUPLICATE)
        == lifecycle.DUPLICATE_REQUIRED
    )
    assert (
        lifecycle.check_transition(lifecycle.NEW, close, reason=lifecycle.DUPLICATE, duplicate_of=7) is None
    )
    assert (
        lifecycle.check_transition(lifecycle.NEW, lifecycle.FIXED, reason="duplicate")
        == lifecycle.REASON_NOT_EXPECTED
    )


def test_fixed_and_closed_not_fixed_are_both_closed_for_open311():
    assert lifecycle.open311_status(lifecycle.FIXED) == "closed"
    assert lifecycle.open311_status(lifecycle.CLOSED) == "closed"
    assert lifecycle.open311_status(lifecycle.REOPENED) == "open"


def test_routing_prefers_a_zone_for_the_category_and_sends_the_rest_to_triage():
    district = routing.ZoneSpec(key=1, boundary=square(30.0, 50.0), department=None)
    water = routing.ZoneSpec(
        key=2, boundary=square(30.0, 50.0, 0.01), department=77, categories=frozenset({"leak"})
    )
    zones = [district, water]

    leak = routing.route(lat=50.005, lon=30.005, category="leak", category_department=5, zones=zones)
    pothole = routing.route(lat=50.005, lon=30.005, category="pothole", category_department=5, zones=zones)
    outside = routing.route(lat=51.0, lon=30.005, category="pothole", category_department=5, zones=zones)

    assert (leak.code, leak.zone, leak.department) == (routing.ZONE, 2, 77)
    assert (pothole.code, pothole.zone, pothole.department) == (routing.ZONE, 1, 5)
    assert outside == routing.Route(routing.TRIAGE)


def test_clock_state_counts_on_time_late_overdue_and_running():
    assert lifecycle.clock_state(status="fixed", due_ms=100, now_ms=500, closed_ms=90) == "on_time"
    assert lifecycle.clock_state(status="closed", due_ms=100, now_ms=500, closed_ms=110) == "late"
    assert lifecycle.clock_state(status="accepted", due_ms=100, now_ms=500, closed_ms=None) == "overdue"
    assert lifecycle.clock_state(status="new", due_ms=100, now_ms=50, closed_ms=None) == "running"


def test_a_reports_working_days_count_in_the_citys_histograms_and_in_its_districts():
    due = dt.datetime(2026, 3, 9, 18, tzinfo=dt.UTC)
    facts = summary.Facts(
        category=4,
        district=7,
        channel="web",
        month=dt.date(2026, 3, 1),
        status="fixed",
        close_reason="",
        closed_at=due,
        due_at=due,
        reopen_count=0,
        response_days=1,
        fix_days=3,
        lon=30.52,
        lat=50.45,
        report=11,
    )
    month = dt.date(2026, 3, 1)
    rows = summary.contribution(facts)
    assert {key for key in rows if key[0] in (summary.DAYS, summary.DISTRICT_DAYS)} == {
        (summary.DAYS, (4, month, summary.RESPONSE, 1)),
        (summary.DAYS, (4, month, summary.FIX, 3)),
        (summary.DISTRICT_DAYS, (4, 7, month, summary.RESPONSE, 1)),
        (summary.DISTRICT_DAYS, (4, 7, month, summary.FIX, 3)),
    }
    # Without a district: the city's histograms only. Moved to another district: its rows move.
    nowhere = summary.contribution(dataclasses.replace(facts, district=None))
    assert not [key for key in nowhere if key[0] == summary.DISTRICT_DAYS]
    moved = summary.difference(facts, dataclasses.replace(facts, district=8))
    assert moved[(summary.DISTRICT_DAYS, (4, 7, month, summary.FIX, 3))] == (-1,)
    assert moved[(summary.DISTRICT_DAYS, (4, 8, month, summary.FIX, 3))] == (1,)
    assert not [key for key in moved if key[0] == summary.DAYS]
