"""Who may take part: the pure rule shared by petitions and the budget, and people by role."""

import datetime as dt

import pytest

from hromada.accounts import eligibility
from hromada.accounts.models import HromadaRole
from hromada.accounts.selectors import administrators_of, moderators_of
from tests.factories import UserFactory

TODAY = dt.date(2027, 3, 1)


def _person(**kwargs):
    values = {"verification_level": 2, "birth_date": dt.date(2000, 1, 1), "home_hromada_id": 1} | kwargs
    return eligibility.Person(**values)


def test_without_a_minimum_age_an_unknown_birth_date_matters_only_when_required():
    rules = eligibility.Requirements(level=0, min_age=0, residency_required=False, hromada_id=1)
    unknown = _person(birth_date=None)

    assert eligibility.problems(unknown, rules, today=TODAY) == []
    strict = eligibility.Requirements(
        level=0, min_age=0, residency_required=False, hromada_id=1, birth_date_required=True
    )
    assert eligibility.problems(unknown, strict, today=TODAY) == [eligibility.AGE_UNKNOWN]


def test_an_accepted_proof_of_ties_counts_as_residency():
    rules = eligibility.Requirements(level=0, min_age=16, residency_required=True, hromada_id=1)

    assert eligibility.problems(_person(home_hromada_id=2), rules, today=TODAY) == [eligibility.RESIDENCY]
    assert eligibility.problems(_person(home_hromada_id=2, has_tie_proof=True), rules, today=TODAY) == []
    assert eligibility.problems(_person(home_hromada_id=None), rules, today=TODAY) == [eligibility.RESIDENCY]


def test_problems_come_in_order_level_age_residency():
    rules = eligibility.Requirements(level=3, min_age=18, residency_required=True, hromada_id=1)
    young_outsider = _person(verification_level=1, birth_date=dt.date(2012, 1, 1), home_hromada_id=2)

    assert eligibility.problems(young_outsider, rules, today=TODAY) == [
        eligibility.LEVEL,
        eligibility.AGE,
        eligibility.RESIDENCY,
    ]


@pytest.mark.django_db
def test_people_by_role_are_active_of_this_hromada_and_listed_once(hromada, other_hromada):
    admin, moderator, both = UserFactory(hromada=hromada), UserFactory(hromada=hromada), UserFactory()
    gone, elsewhere = UserFactory(hromada=hromada, is_active=False), UserFactory(hromada=other_hromada)
    for user, role in [
        (admin, HromadaRole.Role.ADMINISTRATOR),
        (moderator, HromadaRole.Role.MODERATOR),
        (both, HromadaRole.Role.ADMINISTRATOR),
        (both, HromadaRole.Role.MODERATOR),
        (gone, HromadaRole.Role.ADMINISTRATOR),
    ]:
        HromadaRole.objects.create(user=user, hromada=hromada, role=role)
    HromadaRole.objects.create(user=elsewhere, hromada=other_hromada, role=HromadaRole.Role.ADMINISTRATOR)

    assert sorted(u.pk for u in administrators_of(hromada=hromada)) == sorted([admin.pk, both.pk])
    assert sorted(u.pk for u in moderators_of(hromada=hromada)) == sorted([admin.pk, moderator.pk, both.pk])
