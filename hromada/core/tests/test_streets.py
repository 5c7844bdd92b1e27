"""Street names and addresses folded for matching (hromada.core.streets): pure, no database."""

import pytest

from hromada.core.streets import AddressPart, StreetName, address_parts, house_number, street_key, street_name


@pytest.mark.parametrize(
    "written",
    [
        "вул. Шевченка",
        "вулиця Шевченка",
        "Шевченка вул.",
        "ВУЛ.ШЕВЧЕНКА",
        "вул. Т. Шевченка",
        "  вул.   Шевченка  ",
        "ул. Шевченка",
        "вул. Шевченкa",  # a Latin "a"
        "вул. ШEВЧEНКА",  # Latin capital "E"s
    ],
)
def test_one_street_written_many_ways_has_one_name(written):
    assert street_name(written) == StreetName(kind="вулиця", words=("шевченка",))


@pytest.mark.parametrize(
    "written", ["Кобзарів’ська", "Кобзарів'ська", "Кобзарівʼська", "Кобзарів`ська", "Кобзарівська"]
)
def test_every_apostrophe_and_none_give_the_same_name(written):
    assert street_name(f"вул. {written}").words == ("кобзарівська",)


def test_latin_look_alikes_are_made_cyrillic_only_inside_a_cyrillic_word():
    assert street_name("Лiсова").words == ("лісова",)  # a Latin "i"
    assert street_name("BИШНЕВА").words == ("вишнева",)  # a Latin capital "B"
    assert street_name("Baker street") == StreetName(kind="вулиця", words=("baker",))


def test_the_type_of_street_is_kept_apart_so_a_lane_is_not_the_street_of_the_same_name():
    assert (
        street_name("просп. Незалежності")
        == street_name("пр-т Незалежності")
        == street_name("проспект Незалежності")
    )
    assert street_name("просп. Незалежності").kind == "проспект"
    assert street_name("пров. Шевченка").kind == "провулок"
    assert street_name("Шевченка").kind == ""
    assert street_key("пров. Шевченка") == street_key("вул. Шевченка") == "шевченка"


def test_the_key_ignores_the_order_of_words_and_a_hyphen_but_keeps_a_number():
    assert street_key("вул. Михайла Грушевського") == street_key("Грушевського Михайла вулиця")
    assert street_key("вул. Квітки-Основ’яненка") == street_key("Квітки Основяненка")
    assert street_name("вул. 8 Березня").words == ("8", "березня")
    assert street_key("вул. 8 Березня") != street_key("вул. Березня")


@pytest.mark.parametrize(
    ("written", "number"),
    [("12", 12), ("12а", 12), ("12 А", 12), ("12-а", 12), ("12/2", 12), ("12-14", 12), ("буд. 12", 12),
     ("буд.12", 12), ("будинок 7б", 7), ("№ 5", 5), ("кв. 5", None), ("Шевченка", None), ("", None)],
)  # fmt: skip
def test_a_house_number_is_its_leading_digits(written, number):
    assert house_number(written) == number


def test_an_address_is_read_into_its_street_and_house_number_leaving_out_settlement_region_and_flat():
    street = StreetName(kind="вулиця", words=("шевченка",))

    assert address_parts("м. Світлогірськ, вул. Шевченка, 18, кв. 42") == [AddressPart(street, 18)]
    assert address_parts("вул. Шевченка 12а кв 5") == [AddressPart(street, 12)]
    assert address_parts("вул. Шевченка, буд. 7") == [AddressPart(street, 7)]
    assert address_parts("20301, Черкаська обл., с. Калинівка, вул. Шевченка") == [AddressPart(street, None)]
    assert address_parts("вул. 8 Березня, 3") == [AddressPart(StreetName("вулиця", ("8", "березня")), 3)]


def test_without_a_street_type_word_every_part_that_may_be_a_street_is_offered_typed_parts_first():
    assert address_parts("Світлогірськ, Шевченка, 12") == [
        AddressPart(StreetName("", ("світлогірськ",)), None),
        AddressPart(StreetName("", ("шевченка",)), 12),
    ]
    assert [p.street.words for p in address_parts("Калинівка, вул. Садова, 3")] == [
        ("садова",),
        ("калинівка",),
    ]
    assert address_parts("кв. 5, 12") == []
