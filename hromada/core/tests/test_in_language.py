"""Officials' content in the page language: the English variant when filled, else the Ukrainian original,
for a model instance and for a row read as values alike."""

from types import SimpleNamespace

from hromada.core.models import in_language, shown_in_language


def test_an_object_and_a_row_of_values_are_shown_alike():
    with_english = {"name": "Ліцей", "name_en": "Lyceum"}
    without = {"name": "Ліцей", "name_en": ""}

    for row in (with_english, SimpleNamespace(**with_english)):
        assert shown_in_language(row, "name", "en") == ("Lyceum", "en")
        assert shown_in_language(row, "name", "uk") == ("Ліцей", "uk")
    assert shown_in_language(without, "name", "en") == ("Ліцей", "uk")  # marked lang="uk" on the page
    assert in_language({"title": "Сквер"}, "title", "en") == "Сквер"  # no English column at all
