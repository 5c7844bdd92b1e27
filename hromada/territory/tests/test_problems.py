"""The pure cores' codes (hours, boundaries) reach people as sentences in their language."""

import pytest
from django.utils import translation

from hromada.core import geo
from hromada.core.errors import ApplicationError
from hromada.territory import hours
from hromada.territory.actions import district_save, institution_save
from hromada.territory.problems import boundary_messages, hours_messages
from tests.factories import DistrictFactory, InstitutionFactory


def test_hours_problems_are_codes_with_the_day_and_span():
    problems = hours.validate_hours({"mon": [["17:00", "08:00"]], "xyz": [], "tue": "all day"})

    assert problems == [
        hours.HoursProblem(hours.CLOSES_BEFORE_OPENING, day="mon", opens="17:00", closes="08:00"),
        hours.HoursProblem(hours.UNKNOWN_DAY, day="xyz"),
        hours.HoursProblem(hours.NOT_A_LIST, day="tue"),
    ]
    assert hours.validate_hours({"mon": [["08:00", "17:00"]]}) == []


def test_every_hours_and_boundary_code_has_a_sentence_in_english_and_ukrainian():
    hour_problems = [
        hours.HoursProblem(code, day="mon", opens="17:00", closes="08:00")
        for code in (
            hours.NOT_A_MAPPING,
            hours.UNKNOWN_DAY,
            hours.NOT_A_LIST,
            hours.NOT_A_PAIR,
            hours.BAD_TIME,
            hours.CLOSES_BEFORE_OPENING,
        )
    ]
    area_problems = [
        geo.GeometryProblem(code, polygon=2, ring=3, got="Point")
        for code in (
            geo.NOT_AN_OBJECT,
            geo.NOT_AN_AREA,
            geo.NO_POLYGONS,
            geo.NO_RINGS,
            geo.RING_TOO_SHORT,
            geo.BAD_POSITION,
            geo.RING_NOT_CLOSED,
        )
    ]
    with translation.override("en"):
        english = hours_messages(hour_problems) + boundary_messages(area_problems)
    with translation.override("uk"):
        ukrainian = hours_messages(hour_problems) + boundary_messages(area_problems)

    assert len(set(english)) == len(english) == 13
    assert all(u != e for u, e in zip(ukrainian, english, strict=True))
    assert "Polygon 2, ring 3: a ring needs at least 4 positions." in english


@pytest.mark.django_db
def test_invalid_opening_hours_are_refused_in_ukrainian(hromada):
    institution = InstitutionFactory.build(hromada=hromada, opening_hours={"mon": [["17:00", "08:00"]]})

    with translation.override("uk"), pytest.raises(ApplicationError) as refused:
        institution_save(institution=institution)

    [message] = refused.value.fields["opening_hours"]
    assert "17:00–08:00" in message
    assert "closes before it opens" not in message


@pytest.mark.django_db
def test_an_open_ring_is_refused_in_ukrainian(hromada):
    open_ring = {"type": "Polygon", "coordinates": [[[30, 50], [31, 50], [31, 51], [30, 51]]]}
    district = DistrictFactory.build(hromada=hromada, boundary=open_ring)

    with translation.override("uk"), pytest.raises(ApplicationError) as refused:
        district_save(district=district)

    [message] = refused.value.fields["boundary"]
    assert message.startswith("Полігон 1, кільце 1")
