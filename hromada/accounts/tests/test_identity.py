import pytest

from hromada.accounts.identity import (
    IdentifierError,
    looks_like_phone,
    national_identifier_hash,
    normalise_national_identifier,
    normalise_phone,
    rnokpp_control_digit,
    rnokpp_is_valid,
)

# 3·(-1) + 1·5 + 8·7 + 4·9 + 7·4 + 1·6 + 0·10 + 6·5 + 9·7 = 221; 221 mod 11 = 1; 1 mod 10 = 1.
VALID_RNOKPP = "3184710691"


def test_rnokpp_control_digit_by_hand():
    assert rnokpp_control_digit(VALID_RNOKPP[:9]) == "1"
    assert rnokpp_is_valid(VALID_RNOKPP)


@pytest.mark.parametrize("wrong_digit", "023456789")
def test_every_other_control_digit_is_refused(wrong_digit):
    assert not rnokpp_is_valid(VALID_RNOKPP[:9] + wrong_digit)


@pytest.mark.parametrize("first_nine", ["000000000", "999999999", "123456789", "900000000", "271828182"])
def test_generated_control_digits_validate(first_nine):
    assert rnokpp_is_valid(first_nine + rnokpp_control_digit(first_nine))


@pytest.mark.parametrize("code", ["318471069", "31847106911", "318471069a", "", "3184 71069"])
def test_rnokpp_needs_exactly_ten_digits(code):
    assert not rnokpp_is_valid(code)


@pytest.mark.parametrize("typed", [VALID_RNOKPP, " 3184-710-691 ", "3184 710 691"])
def test_rnokpp_is_normalised(typed):
    assert normalise_national_identifier(typed) == f"rnokpp:{VALID_RNOKPP}"


def test_rnokpp_with_a_wrong_control_digit_is_refused():
    with pytest.raises(IdentifierError, match="control digit"):
        normalise_national_identifier(VALID_RNOKPP[:9] + "2")


@pytest.mark.parametrize("typed", ["АА123456", "аа 123456", "Іє-123456", "ґї123456"])
def test_passport_numbers_are_upper_cased(typed):
    normalised = normalise_national_identifier(typed, allow_document_number=True)
    assert normalised.startswith("passport:")
    assert normalised == normalise_national_identifier(typed.upper(), allow_document_number=True)


def test_id_card_number():
    assert normalise_national_identifier("000 123 456", allow_document_number=True) == "idcard:000123456"


def test_passport_series_typed_in_latin_letters_is_the_same_passport():
    latin = normalise_national_identifier("AA123456", allow_document_number=True)
    assert latin == normalise_national_identifier("АА123456", allow_document_number=True)


@pytest.mark.parametrize("typed", ["АА123456", "000123456"])
def test_document_numbers_count_only_for_people_without_a_rnokpp(typed):
    with pytest.raises(IdentifierError, match="RNOKPP"):
        normalise_national_identifier(typed)


@pytest.mark.parametrize("typed", ["", "   ", "АА12345", "12345678", "12345678901", "АБВ123456"])
def test_anything_else_is_refused_with_a_helpful_message(typed):
    with pytest.raises(IdentifierError, match="RNOKPP"):
        normalise_national_identifier(typed, allow_document_number=True)


def test_hash_is_keyed_by_the_pepper_and_stable():
    one = national_identifier_hash(f"rnokpp:{VALID_RNOKPP}", pepper="pepper-1")

    assert one == national_identifier_hash(f"rnokpp:{VALID_RNOKPP}", pepper="pepper-1")
    assert one != national_identifier_hash(f"rnokpp:{VALID_RNOKPP}", pepper="pepper-2")
    assert VALID_RNOKPP not in one
    assert len(one) == 64


@pytest.mark.parametrize(
    "typed",
    ["0671234567", "067 123 45 67", "(067) 123-45-67", "380671234567", "+380671234567", "+38 067 123 45 67"],
)
def test_ukrainian_numbers_become_e164(typed):
    assert normalise_phone(typed) == "+380671234567"


def test_foreign_numbers_are_kept_in_international_form():
    assert normalise_phone("+48 601 234 567") == "+48601234567"


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "Enter a phone number"),
        ("phone", "Enter a phone number"),
        ("+380 67 123 45 6", r"9 digits after \+380"),
        ("+380 67 123 45 678", r"9 digits after \+380"),
        ("1234567", "international format"),
        ("+1234567890123456", "international format"),
    ],
)
def test_bad_phone_numbers_are_refused(typed, message):
    with pytest.raises(IdentifierError, match=message):
        normalise_phone(typed)


@pytest.mark.parametrize(
    "login, phone",
    [("+380671234567", True), ("067 123 45 67", True), ("olena@example.org", False), ("olena", False)],
)
def test_looks_like_phone(login, phone):
    assert looks_like_phone(login) is phone


# Non-ASCII input ----------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["３１８４７１０６９１", "٣١٨٤٧١٠٦٩١"])
def test_non_ascii_digits_give_the_same_identifier_or_are_refused(typed):
    try:
        normalised = normalise_national_identifier(typed)
    except IdentifierError:
        return
    assert normalised == f"rnokpp:{VALID_RNOKPP}"


def test_superscript_digits_are_refused_as_an_identifier_error():
    with pytest.raises(IdentifierError):
        normalise_national_identifier("318471069²")


def test_phone_in_non_ascii_digits_is_the_same_number_or_refused():
    try:
        normalised = normalise_phone("٠٦٧١٢٣٤٥٦٧")
    except IdentifierError:
        return
    assert normalised == "+380671234567"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("8 067 123 45 67", "+380671234567"),
        ("00380671234567", "+380671234567"),
        ("0048 601 234 567", "+48601234567"),
    ],
)
def test_domestic_and_international_prefixes_give_the_e164_number(typed, expected):
    assert normalise_phone(typed) == expected


def test_trailing_newline_is_not_part_of_a_valid_identifier():
    with pytest.raises(IdentifierError):
        normalise_national_identifier(f"{VALID_RNOKPP}\n\n1")
