"""The pure cores: fees, deadlines, definitions, the seed catalogue parser, search, the lifecycle."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from hromada.core.workdays import KYIV, WorkingCalendar
from hromada.services import deadlines, fees, lifecycle
from hromada.services.catalogue import SEED_COUNT, parse_fee, parse_seed, parse_term, seed_path
from hromada.services.definitions import check_data, check_value, validate_definition
from hromada.services.search import best_matches, expand_query, fuzzy_score

from .factories import RNOKPP, spec

SEED = seed_path([Path(__file__).resolve()])
needs_seed = pytest.mark.skipif(
    SEED is None, reason="shared/data/cnap-services/README.md is not beside the project (the seed catalogue)"
)


# -------------------------------------------------------------------------------------------- fees


def test_fee_follows_the_subsistence_minimum_across_1_january():
    assert fees.fee_kop("0.015*PM", on=dt.date(2025, 12, 31)) == 4542  # 1.5 % of 3,028 UAH
    assert fees.fee_kop("0.015*PM", on=dt.date(2026, 1, 1)) == 4992  # 1.5 % of 3,328 UAH = 49.92


def test_fee_rounding_to_ten_hryvnias_and_fixed_and_free_amounts():
    assert fees.fee_kop("0.1*PM", on=dt.date(2026, 3, 1), rounding=1000) == 33000  # 332.80 → 330
    assert fees.fee_kop("0.05*NMDG", on=dt.date(2026, 3, 1)) == 85  # 0.85 UAH
    assert fees.fee_kop("558", on=dt.date(2026, 3, 1)) == 55800
    assert fees.fee_kop("0", on=dt.date(2026, 3, 1)) == 0
    assert fees.is_free("0") and not fees.is_free("0.1*PM")


def test_stored_base_values_override_the_built_in_ones():
    table = fees.merged_table([("PM", dt.date(2027, 1, 1), Decimal("3500"))])
    assert fees.fee_kop("0.01*PM", on=dt.date(2027, 2, 1), table=table) == 3500
    assert fees.fee_kop("0.01*PM", on=dt.date(2026, 2, 1), table=table) == 3328


@pytest.mark.parametrize(
    ("formula", "code"), [("", "syntax"), ("PM*0.1", "syntax"), ("0.1*XYZ", "unknown_base")]
)
def test_broken_formulas_are_refused_with_a_code(formula, code):
    with pytest.raises(fees.FormulaError) as error:
        fees.fee_kop(formula, on=dt.date(2026, 1, 1))
    assert error.value.code == code


def test_a_base_without_a_value_on_the_date_is_refused():
    with pytest.raises(fees.FormulaError) as error:
        fees.fee_kop("0.1*PM", on=dt.date(2020, 1, 1))
    assert error.value.code == "no_value"


# --------------------------------------------------------------------------------------- deadlines

PEACE = WorkingCalendar(martial_law=False)
WAR = WorkingCalendar(martial_law=True)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=KYIV)


def test_working_days_skip_weekends_and_in_peacetime_the_holidays():
    # Filed on Friday 21 August 2026; 24 August (Independence Day) is a Monday.
    filed = _at(dt.date(2026, 8, 21))
    peace = deadlines.due_at(PEACE, filed=filed, value=5, unit=deadlines.WORKING_DAYS)
    war = deadlines.due_at(WAR, filed=filed, value=5, unit=deadlines.WORKING_DAYS)
    assert peace.date() == dt.date(2026, 8, 31)  # 25, 26, 27, 28, 31 August
    assert war.date() == dt.date(2026, 8, 28)  # under martial law the holiday is a working day


def test_calendar_days_ending_on_a_day_off_move_to_the_next_working_day():
    due = deadlines.due_at(WAR, filed=_at(dt.date(2026, 3, 2)), value=5, unit=deadlines.CALENDAR_DAYS)
    assert due.date() == dt.date(2026, 3, 9)  # 7 March is a Saturday → Monday 9 March


def test_same_day_and_hours():
    saturday = _at(dt.date(2026, 3, 7))
    assert deadlines.due_at(WAR, filed=saturday, value=0, unit=deadlines.SAME_DAY).date() == dt.date(
        2026, 3, 9
    )
    filed = _at(dt.date(2026, 3, 2), 15)
    assert deadlines.due_at(WAR, filed=filed, value=24, unit=deadlines.HOURS) == filed + dt.timedelta(
        hours=24
    )


def test_a_correction_keeps_the_working_days_that_were_left():
    filed = _at(dt.date(2026, 3, 2))
    due = deadlines.due_at(WAR, filed=filed, value=5, unit=deadlines.WORKING_DAYS)  # Monday 9 March
    stopped = _at(dt.date(2026, 3, 4))  # three working days were left
    resumed = deadlines.resume_due(WAR, returned=_at(dt.date(2026, 3, 12)), stopped=stopped, due=due)
    assert resumed.date() == dt.date(2026, 3, 17)


def test_naive_datetimes_and_unknown_units_are_refused():
    with pytest.raises(ValueError):
        deadlines.due_at(WAR, filed=dt.datetime(2026, 3, 2, 10), value=1, unit=deadlines.WORKING_DAYS)
    with pytest.raises(ValueError):
        deadlines.due_at(WAR, filed=_at(dt.date(2026, 3, 2)), value=1, unit="fortnights")


# ------------------------------------------------------------------------------------- definitions


def test_a_good_definition_has_no_problems():
    assert validate_definition(spec(two_step=True)) == []


def test_broken_definitions_are_refused_with_every_problem():
    broken = spec()
    broken["fields"].append({"name": "x", "type": "signature", "label": {"uk": "Підпис"}})
    broken["fields"].append(
        {"name": "y", "type": "text", "label": {"uk": "Y"}, "show_if": {"field": "nowhere", "equals": "1"}}
    )
    broken["workflow"]["stages"].append({"key": "approve", "title": {"uk": "Затвердження"}})
    codes = {(p.code, p.path) for p in validate_definition(broken)}
    assert ("unknown_type", "fields[5].type") in codes
    assert ("condition_on_missing_field", "fields[6].show_if") in codes
    assert ("stage_without_role", "workflow.stages[2].role") in codes


def test_a_condition_on_a_field_below_is_refused():
    s = spec()
    s["fields"][0]["show_if"] = {"field": "kind", "equals": "plot"}
    assert [p.code for p in validate_definition(s)] == ["condition_on_missing_field"]


def test_values_are_checked_by_type():
    assert check_value({"type": "rnokpp"}, RNOKPP) == (RNOKPP, None)
    assert check_value({"type": "rnokpp"}, RNOKPP[:9] + str((int(RNOKPP[9]) + 1) % 10))[1] == "invalid_rnokpp"
    assert check_value({"type": "cadastral"}, "7110100000:01:001:0001")[1] is None
    assert check_value({"type": "cadastral"}, "7110100000:01:001")[1] == "invalid_cadastral"
    assert check_value({"type": "passport"}, "aa 123456") == ("АА123456", None)  # Latin look-alikes
    assert check_value({"type": "id_card"}, "12345678")[1] == "invalid_id_card"
    assert check_value({"type": "date"}, "2026-02-30")[1] == "invalid_date"
    assert check_value({"type": "number"}, "1,5") == ("1.5", None)
    assert check_value({"type": "email"}, "not-an-address")[1] == "invalid_email"
    assert check_value({"type": "text", "required": True}, "  ")[1] == "required"


def test_hidden_fields_are_dropped_and_shown_ones_required():
    s = spec()
    clean, errors = check_data(s, {"full_name": "О", "rnokpp": RNOKPP, "kind": "house", "cadastral": "junk"})
    assert "cadastral" not in clean and errors == {}
    clean, errors = check_data(s, {"full_name": "О", "rnokpp": RNOKPP, "kind": "plot"})
    assert errors == {"cadastral": "required"}


def test_a_required_file_must_be_there():
    _clean, errors = check_data(
        spec(file_required=True), {"full_name": "О", "rnokpp": RNOKPP, "kind": "house"}
    )
    assert errors == {"scan": "required"}


# ----------------------------------------------------------------------------------- seed catalogue


def test_terms_and_fees_in_their_published_forms():
    assert parse_term("20 р.д. / 10 р.д.") == (parse_term("20 р.д.")[0], parse_term("10 р.д.")[0])
    regular, urgent = parse_term("20 / 7 р.д.")
    assert (regular.value, regular.unit, urgent.value, urgent.unit) == (20, "working_days", 7, "working_days")
    assert parse_term("в день подання")[0].unit == "same_day"
    assert parse_term("24 / 6 / 2 год")[0].unit == "hours"
    assert parse_term("≤1 міс. (30 к.д.)")[0].value == 30
    assert parse_term("(mem)") == (None, None)
    assert parse_fee("1,5% ПМ (49,92 грн 2026); із запізненням 2,5% ПМ (83,20)")[0] == "0.015*PM"
    assert parse_fee("0,1 / 0,2 / 0,5 ПМ; е-подання 75%") == ("0.1*PM", "0.2*PM")
    assert parse_fee("1 147 / 1 787 грн (2026: 352/992 + бланк 795)") == ("1147", "1787")
    assert parse_fee("безоплатно (mem)") == ("0", None)
    assert parse_fee("платно (ПКМУ 835/2011, mem)") == (None, None)


@needs_seed
def test_the_seed_catalogue_has_57_services_with_unverified_values_flagged():
    services = parse_seed(SEED.read_text(encoding="utf-8"))
    assert len(services) == SEED_COUNT
    by_number = {s.number: s for s in services}
    address = by_number[38]
    assert (address.rap_id, address.regular_term.value, address.regular_term.unit) == (
        "00153",
        5,
        "working_days",
    )
    assert address.regular_fee == "0" and address.unverified == ()
    assert by_number[7].urgent_fee == "928"
    assert by_number[9].regular_fee == by_number[8].regular_fee  # "як №8"
    assert by_number[25].rounding == 1000
    assert "fee" in by_number[43].unverified and "term" in by_number[43].unverified
    assert by_number[2].legal_basis == by_number[1].legal_basis  # "те саме"
    assert all(s.categories for s in services)


def test_a_file_without_the_table_is_refused():
    from hromada.services.catalogue import SeedFormatError

    with pytest.raises(SeedFormatError):
        parse_seed("# nothing here\n")


# ------------------------------------------------------------------------------------------- search


def test_everyday_words_find_the_catalogue_words():
    assert "реєстрація місця проживання" in expand_query("прописка")
    assert "фізичної особи-підприємця" in expand_query("відкрити ФОП")


def test_typos_still_match():
    rows = [(1, "реєстрація місця проживання"), (2, "будівельний паспорт забудови"), (3, "витяг з дзк")]
    assert best_matches("реєстрацыя мiсця", rows)[0] == 1
    assert best_matches("будвельний пасспорт", rows) == [2]


def test_typo_search_weighs_only_the_first_eight_words_of_a_query():
    # A long query costs no more than eight words: the ninth word onwards is not compared at all.
    text = "будівельний паспорт забудови"
    eight = " ".join(f"слово{n}" for n in range(8))
    assert fuzzy_score(f"{eight} будівельний паспорт", text) == fuzzy_score(eight, text) == 0.0
    assert fuzzy_score(f"будівельний паспорт {eight}", text) > 0.0


def test_lifecycle_moves():
    assert lifecycle.next_status(lifecycle.DRAFT, "submit") == lifecycle.SUBMITTED
    assert lifecycle.next_status(lifecycle.ISSUED, "refuse") is None
    assert "withdraw" in lifecycle.allowed_moves(lifecycle.CORRECTION)
