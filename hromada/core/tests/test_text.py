"""Text helpers (hromada.core.text): pure, no database."""


def test_names_sort_in_the_ukrainian_alphabet_not_by_code_point():
    from hromada.core.text import alphabetical_key

    names = ["Ярема", "Ґудзь", "Іваненко", "Гнатюк", "Єрмак", "Їжак", "Квітка-Основ'яненко", "Абрамович"]

    assert sorted(names, key=alphabetical_key) == [
        "Абрамович", "Гнатюк", "Ґудзь", "Єрмак", "Іваненко", "Їжак", "Квітка-Основ'яненко", "Ярема",
    ]  # fmt: skip
