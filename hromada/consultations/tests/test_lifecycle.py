"""Phases follow the frozen dates; eligibility follows the frozen audience (pure cores and actions)."""

import datetime as dt

import pytest

from hromada.consultations import eligibility
from hromada.consultations.actions import consultation_create, survey_answer
from hromada.consultations.lifecycle import Dates, Phase, phase_at
from hromada.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from tests.factories import DistrictFactory, UserFactory

from .factories import make_consultation, make_participant

NOW = dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC)
DATES = Dates(published_at=NOW, opens_at=NOW + dt.timedelta(days=7), closes_at=NOW + dt.timedelta(days=37))


@pytest.mark.parametrize(
    ("days", "phase"),
    [(-1, Phase.DRAFT), (0, Phase.ANNOUNCEMENT), (7, Phase.OPEN), (36, Phase.OPEN), (37, Phase.ANALYSIS)],
)
def test_the_phase_follows_the_dates(days, phase):
    assert phase_at(DATES, NOW + dt.timedelta(days=days)) == phase


def test_a_published_report_is_the_last_phase():
    reported = Dates(**{**DATES.__dict__, "report_published_at": NOW + dt.timedelta(days=40)})

    assert phase_at(reported, NOW + dt.timedelta(days=41)) == Phase.REPORT
    assert phase_at(reported, NOW + dt.timedelta(days=39)) == Phase.ANALYSIS


def _person(**kwargs):
    base = {
        "verification_level": 1,
        "birth_date": dt.date(1990, 1, 1),
        "home_hromada_id": 1,
        "district_id": 5,
    }
    return eligibility.Person(**{**base, **kwargs})


def test_eligibility_codes_by_audience():
    today = dt.date(2026, 5, 1)
    anyone = eligibility.Rules(audience=eligibility.Audience.ANYONE, min_age=0, hromada_id=1)
    residents = eligibility.Rules(audience=eligibility.Audience.RESIDENTS, min_age=0, hromada_id=1)
    district = eligibility.Rules(
        audience=eligibility.Audience.DISTRICT, min_age=0, hromada_id=1, district_id=5
    )
    adults = eligibility.Rules(audience=eligibility.Audience.REGISTERED, min_age=18, hromada_id=1)

    assert eligibility.problems(_person(verification_level=0, home_hromada_id=9), anyone, today=today) == []
    assert eligibility.problems(_person(home_hromada_id=9), residents, today=today) == ["residency"]
    assert eligibility.problems(_person(verification_level=0), residents, today=today) == [
        "verification_level"
    ]
    assert eligibility.problems(_person(), district, today=today) == []
    assert eligibility.problems(_person(district_id=6), district, today=today) == ["district"]
    assert eligibility.problems(_person(birth_date=dt.date(2010, 1, 1)), adults, today=today) == ["age"]
    assert eligibility.problems(_person(birth_date=None), adults, today=today) == ["age_unknown"]


@pytest.mark.django_db
def test_answers_before_the_opening_are_refused(hromada, clock):
    consultation = make_consultation(hromada, starts_in=dt.timedelta(days=3))

    with pytest.raises(ConflictError) as refused:
        survey_answer(consultation=consultation, person=make_participant(hromada), values={})

    assert refused.value.code == "not_open"


@pytest.mark.django_db
def test_answers_after_the_close_are_refused_with_the_date(hromada, clock, participant):
    clock.set(dt.datetime(2026, 5, 1, 9, tzinfo=dt.UTC))
    consultation = make_consultation(hromada, days=10)  # closes on 11 May 2026
    clock.advance(dt.timedelta(days=11))

    with pytest.raises(ConflictError) as refused:
        survey_answer(consultation=consultation, person=participant, values={})

    assert refused.value.code == "closed"
    assert "11 травня 2026" in str(refused.value.message)


@pytest.mark.django_db
def test_a_non_resident_is_refused_by_a_residents_consultation(hromada, other_hromada, clock):
    consultation = make_consultation(hromada)
    outsider = UserFactory(hromada=other_hromada, verification_level=1)

    with pytest.raises(PermissionDeniedError) as refused:
        survey_answer(consultation=consultation, person=outsider, values={})

    assert refused.value.code == "not_eligible"


@pytest.mark.django_db
def test_the_district_audience_admits_only_the_districts_residents(hromada, clock):
    district, elsewhere = DistrictFactory(hromada=hromada), DistrictFactory(hromada=hromada)
    consultation = make_consultation(hromada, survey=True, audience="district", district=district)
    answers = {q.pk: None for q in consultation.questions.all()}
    first = consultation.questions.get(position=1)
    answers = {first.pk: first.options.get(text="Так").pk, consultation.questions.get(position=3).pk: 4}

    survey_answer(
        consultation=consultation, person=make_participant(hromada, district=district), values=answers
    )
    with pytest.raises(PermissionDeniedError):
        survey_answer(
            consultation=consultation, person=make_participant(hromada, district=elsewhere), values=answers
        )


@pytest.mark.django_db
def test_the_rules_are_frozen_at_publication(hromada, clock, consultation_official):
    consultation = make_consultation(hromada, official=consultation_official)
    consultation.audience = "anyone"
    consultation.save()  # an edit behind the actions' back does not change who may take part
    outsider = UserFactory(verification_level=1)

    with pytest.raises(PermissionDeniedError):
        survey_answer(consultation=consultation, person=outsider, values={})
    assert consultation.frozen_rules["audience"] == "residents"


@pytest.mark.django_db
def test_a_consultation_must_close_after_it_opens(hromada, consultation_official):
    with pytest.raises(ApplicationError):
        consultation_create(
            hromada=hromada, by=consultation_official, title="Т", summary="С", opens_at=NOW, closes_at=NOW
        )
