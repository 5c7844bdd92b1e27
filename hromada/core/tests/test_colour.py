from hypothesis import given
from hypothesis import strategies as st

from hromada.core.colour import brand_problems, contrast_ratio, normalise

colours = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06x}")


def test_contrast_of_black_on_white_is_21_and_of_a_colour_with_itself_1():
    assert round(contrast_ratio("#000000", "#ffffff"), 2) == 21.0
    assert contrast_ratio("#0b4f8a", "#0b4f8a") == 1.0


def test_wcag_reference_value_for_grey_on_white():
    # #767676 on white is the well-known lightest grey that passes AA (4.54:1).
    assert round(contrast_ratio("#767676", "#ffffff"), 2) == 4.54
    assert contrast_ratio("#777777", "#ffffff") < 4.5


@given(colours, colours)
def test_contrast_is_symmetric_and_between_1_and_21(a, b):
    assert contrast_ratio(a, b) == contrast_ratio(b, a)
    assert 1.0 <= contrast_ratio(a, b) <= 21.0


def test_brand_problems_name_each_unreadable_pair():
    assert brand_problems(brand="#0b4f8a", ink="#ffffff") == []
    assert brand_problems(brand="#ffd200", ink="#ffffff") == ["ink_on_brand", "brand_on_paper"]
    assert brand_problems(brand="#ffd200", ink="#000000") == ["brand_on_paper"]


def test_normalise_accepts_short_and_upper_case_forms_only():
    assert normalise("#ABC") == "#aabbcc"
    assert normalise(" 0B4F8A ") == "#0b4f8a"
    assert normalise("blue") is None
    assert normalise("#12345") is None
