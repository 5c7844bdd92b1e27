from hromada.budget.money import hryvnias


def test_hryvnias_groups_thousands_and_shows_kopiyky_only_when_present():
    assert hryvnias(12_345_678) == "123\u00a0456,78"
    assert hryvnias(100_000_000) == "1\u00a0000\u00a0000"
    assert hryvnias(5) == "0,05"
    assert hryvnias(-250) == "-2,50"
    assert hryvnias(None) == "—"


def test_hryvnias_rounds_fractions_of_a_kopiyka():
    assert hryvnias(1234.4) == "12,34"
    assert hryvnias(1234.6) == "12,35"
