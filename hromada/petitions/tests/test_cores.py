"""Pure cores: eligibility, anti-fraud detector, search stems."""

import datetime as dt

from hromada.accounts import eligibility
from hromada.core import textsearch as search
from hromada.petitions import fraud


def test_age_on_birthdays_including_29_february():
    assert eligibility.age_on(dt.date(2008, 2, 29), dt.date(2026, 2, 28)) == 17
    assert eligibility.age_on(dt.date(2008, 2, 29), dt.date(2026, 3, 1)) == 18
    assert eligibility.age_on(dt.date(2000, 6, 15), dt.date(2018, 6, 15)) == 18


def test_eligibility_lists_every_missing_requirement():
    rules = eligibility.Requirements(level=3, min_age=18, residency_required=True, hromada_id=1)
    person = eligibility.Person(verification_level=1, birth_date=None, home_hromada_id=2)
    assert eligibility.problems(person, rules, today=dt.date(2026, 1, 1)) == [
        eligibility.LEVEL,
        eligibility.AGE_UNKNOWN,
        eligibility.RESIDENCY,
    ]
    ok = eligibility.Person(verification_level=3, birth_date=dt.date(1990, 1, 1), home_hromada_id=1)
    assert eligibility.problems(ok, rules, today=dt.date(2026, 1, 1)) == []


def test_networks_are_reduced_to_24_and_64():
    assert fraud.network_of("203.0.113.77") == "203.0.113.0/24"
    assert fraud.network_of("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64"
    assert fraud.network_of("::ffff:198.51.100.9") == "198.51.100.0/24"
    assert fraud.network_of("not an address") == ""
    assert fraud.email_domain("Someone@Ukr.Net") == "ukr.net"
    assert fraud.email_domain(None) == ""


def test_detector_reports_large_concentrated_sources_only():
    spikes = fraud.detect(
        total=200,
        networks={"203.0.113.0/24": 120, "198.51.100.0/24": 30},
        domains={"gmail.com": 120, "mailinator.example": 70},
    )
    assert [(s.kind, s.key) for s in spikes] == [
        ("network", "203.0.113.0/24"),
        ("email_domain", "mailinator.example"),
    ]
    assert fraud.detect(total=30, networks={"203.0.113.0/24": 30}, domains={}) == []  # too few to matter
    assert fraud.detect(total=0, networks={}, domains={}) == []


def test_stems_match_inflected_forms():
    assert search.stem("дороги") == search.stem("дорога") == search.stem("дорогу") == "дорог"
    assert search.query_stems("Ремонт ДОРІГ і тротуарів на вул. Шевченка") == [
        "ремонт",
        "доріг",
        "тротуар",
        "вул",
        "шевченк",
    ]
    assert search.query_stems("") == []
    assert search.similarity(["дорог", "шевченк"], "ремонт дороги на шевченка") == 1.0
