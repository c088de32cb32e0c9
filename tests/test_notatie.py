"""Reading levels and dates as Dutch plan writers put them down (domain rule 0)."""

import calendar
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from programmas import notatie
from programmas.notatie import (
    MAANDNAMEN,
    eenheid_uit,
    format_getal,
    kwartaal_van,
    parse_datum,
    parse_getal,
    parse_periode,
)

AFKORTINGEN = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
ENGELS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
# Four-digit years only: two-digit years are not read.
DATUMS = st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31))


# parse_getal


@pytest.mark.parametrize(
    ("tekst", "getal"),
    [
        ("6,5", "6.5"),
        ("6.5", "6.5"),
        ("1.250", "1250"),
        ("1.250,5", "1250.5"),
        ("1,250.5", "1250.5"),
        ("+15", "15"),
        ("-3", "-3"),
        ("−3", "-3"),
        ("12%", "12"),
        ("NPS +15", "15"),
        ("14 dagen", "14"),
        ("6,0 (nulmeting)", "6.0"),
        ("(12)", "12"),
        ("0% (geen sector)", "0"),
        ("€ 1.250.000", "1250000"),
        ("3,5 uur", "3.5"),
        (" 7 ", "7"),
    ],
)
def test_parse_getal_reads_the_number_as_dutch_people_write_it(tekst: str, getal: str) -> None:
    assert parse_getal(tekst) == Decimal(getal)


@pytest.mark.parametrize(
    "tekst",
    ["Ontwerp gereed", "Kwartaalmeting NPS", "", "   ", "van 3 naar 5", "3-5", "(geen)"],
)
def test_parse_getal_gives_none_for_qualitative_or_ambiguous_levels(tekst: str) -> None:
    assert parse_getal(tekst) is None


def test_parse_getal_keeps_the_decimals_as_written() -> None:
    getal = parse_getal("6,0")
    assert getal is not None
    assert str(getal) == "6.0"


def test_a_dot_before_three_digits_is_a_dutch_thousands_separator() -> None:
    assert parse_getal("1.250 klanten") == Decimal(1250)
    assert parse_getal("12.500") == Decimal(12500)


def test_a_dot_before_other_than_three_digits_is_a_decimal_point() -> None:
    assert parse_getal("12.25") == Decimal("12.25")
    assert parse_getal("1.2500") == Decimal("1.2500")


def test_a_leading_zero_is_no_thousands_group() -> None:
    assert parse_getal("0.125") == Decimal("0.125")


def test_a_lone_comma_is_always_the_decimal_comma() -> None:
    assert parse_getal("1,250") == Decimal("1.250")


def test_thousands_separators_repeat_in_both_notations() -> None:
    assert parse_getal("1.250.000,75") == Decimal("1250000.75")
    assert parse_getal("1,250,000.75") == Decimal("1250000.75")
    assert parse_getal("1,250,000") == Decimal(1250000)


def test_malformed_digit_groups_are_no_number() -> None:
    assert parse_getal("1.25.0") is None
    assert parse_getal("12.50,5") is None
    assert parse_getal("1,250,5.0") is None


def test_a_trailing_dash_after_an_amount_is_not_a_sign() -> None:
    assert parse_getal("€ 1.250,-") == Decimal(1250)


def test_a_sign_after_a_letter_still_counts() -> None:
    assert parse_getal("NPS-3") == Decimal(-3)


def test_a_number_glued_to_a_letter_is_a_name_not_a_quantity() -> None:
    # The template's own example of a dependency threshold.
    assert parse_getal("B1 moet eerst op 50% zijn") == Decimal(50)
    assert parse_getal("120 m2") == Decimal(120)
    assert parse_getal("Q1") is None


def test_a_remark_in_parentheses_does_not_make_a_level_ambiguous() -> None:
    assert parse_getal("7,5 (gemeten in 2025)") == Decimal("7.5")
    assert parse_getal("7,5 (bron: enquête (2025))") == Decimal("7.5")


def test_a_number_in_a_remark_does_not_make_a_qualitative_level_numeric() -> None:
    assert parse_getal("Ontwerp gereed (fase 2)") is None


# eenheid_uit


@pytest.mark.parametrize(
    ("tekst", "eenheid"),
    [
        ("12%", "%"),
        ("12 %", "%"),
        ("14 dagen", "dagen"),
        ("NPS +15", "NPS"),
        ("6,0 (nulmeting)", ""),
        ("€ 1.250", "€"),
        ("€ 1.250,-", "€"),
        ("ca. 14 dagen", "dagen"),
        ("3,5 uur per week", "uur per week"),
        ("3 per maand", "per maand"),
        ("50% van de klanten", "%"),
        ("(12 dagen)", "dagen"),
        ("7", ""),
    ],
)
def test_eenheid_uit_finds_the_unit_around_the_number(tekst: str, eenheid: str) -> None:
    assert eenheid_uit(tekst) == eenheid


@pytest.mark.parametrize("tekst", ["Ontwerp gereed", "", "van 3 naar 5 dagen"])
def test_eenheid_uit_is_empty_without_a_single_number(tekst: str) -> None:
    assert eenheid_uit(tekst) == ""


# format_getal


@pytest.mark.parametrize(
    ("getal", "tekst"),
    [
        ("6.5", "6,5"),
        ("6.0", "6,0"),
        ("1250", "1.250"),
        ("1250.5", "1.250,5"),
        ("-3", "-3"),
        ("12.25", "12,25"),
        ("0", "0"),
        ("-0", "0"),
        ("0.001", "0,001"),
        ("1E+3", "1.000"),
        ("-1234567.89", "-1.234.567,89"),
    ],
)
def test_format_getal_writes_the_dutch_way_with_the_digits_as_stored(
    getal: str, tekst: str
) -> None:
    assert format_getal(Decimal(getal)) == tekst


@given(
    st.integers(min_value=0, max_value=4).flatmap(
        lambda places: st.decimals(
            min_value=-(10**12),
            max_value=10**12,
            places=places,
            allow_nan=False,
            allow_infinity=False,
        )
    )
)
def test_a_formatted_number_reads_back_as_itself(getal: Decimal) -> None:
    assert parse_getal(format_getal(getal)) == getal


@given(
    st.decimals(min_value=-(10**6), max_value=10**6, places=2),
    st.sampled_from(["%", "dagen", "uur"]),
)
def test_a_formatted_number_with_a_unit_reads_back_with_that_unit(
    getal: Decimal, eenheid: str
) -> None:
    tekst = f"{format_getal(getal)} {eenheid}"
    assert parse_getal(tekst) == getal
    assert eenheid_uit(tekst) == eenheid


# parse_datum


@pytest.mark.parametrize(
    ("tekst", "datum"),
    [
        ("15-03-2026", date(2026, 3, 15)),
        ("15-3-2026", date(2026, 3, 15)),
        ("15/03/2026", date(2026, 3, 15)),
        ("15.03.2026", date(2026, 3, 15)),
        ("2026-03-15", date(2026, 3, 15)),
        ("15 maart 2026", date(2026, 3, 15)),
        ("15 mrt 2026", date(2026, 3, 15)),
        ("15 mrt. 2026", date(2026, 3, 15)),
        ("March 15, 2026", date(2026, 3, 15)),
        (" 15  maart  2026 ", date(2026, 3, 15)),
    ],
)
def test_parse_datum_reads_a_day(tekst: str, datum: date) -> None:
    assert parse_datum(tekst) == datum


@pytest.mark.parametrize(
    ("tekst", "datum"),
    [
        ("maart 2026", date(2026, 3, 31)),
        ("mrt. 2026", date(2026, 3, 31)),
        ("Maart 2026", date(2026, 3, 31)),
        ("MAART 2026", date(2026, 3, 31)),
        ("september 2025", date(2025, 9, 30)),
        ("sept 2025", date(2025, 9, 30)),
        ("sep. 2025", date(2025, 9, 30)),
        ("maart 2026 (M3)", date(2026, 3, 31)),
        ("feb 2026", date(2026, 2, 28)),
        ("februari 2024", date(2024, 2, 29)),
        ("april 2026", date(2026, 4, 30)),
        ("may 2026", date(2026, 5, 31)),
        ("October 2026", date(2026, 10, 31)),
        ("03-2026", date(2026, 3, 31)),
        ("2026-03", date(2026, 3, 31)),
    ],
)
def test_a_month_counts_as_its_last_day(tekst: str, datum: date) -> None:
    assert parse_datum(tekst) == datum


@pytest.mark.parametrize(
    ("tekst", "datum"),
    [
        ("Q1 2026", date(2026, 3, 31)),
        ("2026 Q1", date(2026, 3, 31)),
        ("2026-Q1", date(2026, 3, 31)),
        ("q4 2026", date(2026, 12, 31)),
        ("2026-K3", date(2026, 9, 30)),
        ("2026 H1", date(2026, 6, 30)),
        ("H2 2026", date(2026, 12, 31)),
        ("2026", date(2026, 12, 31)),
    ],
)
def test_a_quarter_half_year_or_year_counts_as_its_last_day(tekst: str, datum: date) -> None:
    assert parse_datum(tekst) == datum


@pytest.mark.parametrize(
    ("tekst", "datum"),
    [
        ("eind 2027", date(2027, 12, 31)),
        ("Eind maart 2026", date(2026, 3, 31)),
        ("uiterlijk Q3 2026", date(2026, 9, 30)),
        ("ultimo juni 2026 (planning)", date(2026, 6, 30)),
    ],
)
def test_a_word_for_the_end_reads_as_the_last_day_it_already_is(tekst: str, datum: date) -> None:
    assert parse_datum(tekst) == datum


def test_the_word_for_the_end_alone_is_no_date() -> None:
    assert parse_datum("eind") is None
    assert parse_datum("eind volgend jaar") is None


@pytest.mark.parametrize(
    "tekst",
    [
        "31-02-2026",
        "29 februari 2026",
        "fiets",
        "fiets 2026",
        "",
        "15-03-26",
        "15 maart 26",
        "maart",
        "Q5 2026",
        "H3 2026",
        "13-2026",
        "15-03/2026",
        "jan-jun 2026",
        "0000",
    ],
)
def test_parse_datum_gives_none_for_what_is_no_single_date(tekst: str) -> None:
    assert parse_datum(tekst) is None


@pytest.mark.parametrize(
    "namen",
    [MAANDNAMEN, AFKORTINGEN, ENGELS],
    ids=["voluit", "afgekort", "engels"],
)
def test_every_month_name_is_read(namen: list[str]) -> None:
    for maand, naam in enumerate(namen, start=1):
        assert parse_datum(f"1 {naam} 2026") == date(2026, maand, 1)


@given(DATUMS)
def test_a_date_written_as_day_month_name_year_reads_back_as_itself(datum: date) -> None:
    assert parse_datum(f"{datum.day} {MAANDNAMEN[datum.month - 1]} {datum.year}") == datum


@given(DATUMS, st.sampled_from([AFKORTINGEN, ENGELS]))
def test_a_date_with_an_abbreviated_or_english_month_reads_back(
    datum: date, namen: list[str]
) -> None:
    assert parse_datum(f"{datum.day} {namen[datum.month - 1]} {datum.year}") == datum


@given(DATUMS)
def test_a_date_written_day_month_year_with_digits_reads_back(datum: date) -> None:
    assert parse_datum(f"{datum.day:02d}-{datum.month:02d}-{datum.year}") == datum
    assert parse_datum(f"{datum.day}/{datum.month}/{datum.year}") == datum
    assert parse_datum(datum.isoformat()) == datum


@given(DATUMS)
def test_a_month_without_a_day_reads_as_the_last_day_of_that_month(datum: date) -> None:
    laatste_dag = calendar.monthrange(datum.year, datum.month)[1]
    tekst = f"{MAANDNAMEN[datum.month - 1]} {datum.year}"
    assert parse_datum(tekst) == datum.replace(day=laatste_dag)
    assert parse_periode(tekst) == (datum.replace(day=1), datum.replace(day=laatste_dag))


# parse_periode


@pytest.mark.parametrize(
    ("tekst", "periode"),
    [
        ("2026 H1", (date(2026, 1, 1), date(2026, 6, 30))),
        ("H2 2026", (date(2026, 7, 1), date(2026, 12, 31))),
        ("Q3 2026", (date(2026, 7, 1), date(2026, 9, 30))),
        ("2026-Q1", (date(2026, 1, 1), date(2026, 3, 31))),
        ("maart 2026", (date(2026, 3, 1), date(2026, 3, 31))),
        ("jan-jun 2026", (date(2026, 1, 1), date(2026, 6, 30))),
        ("januari - juni 2026", (date(2026, 1, 1), date(2026, 6, 30))),
        ("januari t/m juni 2026", (date(2026, 1, 1), date(2026, 6, 30))),
        ("2026", (date(2026, 1, 1), date(2026, 12, 31))),
        ("15-03-2026", (date(2026, 3, 15), date(2026, 3, 15))),
        ("sep 2025 - feb 2026", (date(2025, 9, 1), date(2026, 2, 28))),
        ("oktober 2025 – maart 2026", (date(2025, 10, 1), date(2026, 3, 31))),
        ("Q1-Q2 2026", (date(2026, 1, 1), date(2026, 6, 30))),
        ("2026 Q3 - Q4", (date(2026, 7, 1), date(2026, 12, 31))),
        ("2025-2026", (date(2025, 1, 1), date(2026, 12, 31))),
        ("15-03-2026 t/m 20-03-2026", (date(2026, 3, 15), date(2026, 3, 20))),
        ("2026 H1 (Fundament)", (date(2026, 1, 1), date(2026, 6, 30))),
    ],
)
def test_parse_periode_gives_the_first_and_last_day(tekst: str, periode: tuple[date, date]) -> None:
    assert parse_periode(tekst) == periode


@pytest.mark.parametrize(
    "tekst",
    ["", "fiets", "dec - feb 2027", "juni 2026 - januari 2026", "jan - fiets", "jan-jun"],
)
def test_parse_periode_gives_none_when_unreadable_or_backwards(tekst: str) -> None:
    assert parse_periode(tekst) is None


@given(DATUMS)
def test_the_period_of_a_quarter_contains_every_date_in_it(datum: date) -> None:
    jaar, kwartaal = kwartaal_van(datum)
    periode = parse_periode(f"Q{kwartaal} {jaar}")
    assert periode is not None
    assert periode[0] <= datum <= periode[1]
    assert parse_datum(f"Q{kwartaal} {jaar}") == periode[1]


# kwartaal_van


@pytest.mark.parametrize(
    ("datum", "kwartaal"),
    [
        (date(2026, 1, 1), (2026, 1)),
        (date(2026, 3, 31), (2026, 1)),
        (date(2026, 4, 1), (2026, 2)),
        (date(2026, 9, 30), (2026, 3)),
        (date(2026, 12, 31), (2026, 4)),
    ],
)
def test_kwartaal_van_gives_year_and_quarter(datum: date, kwartaal: tuple[int, int]) -> None:
    assert kwartaal_van(datum) == kwartaal


@pytest.mark.parametrize(
    ("tekst", "eenheid", "getal"),
    [
        # Several things in one level: a number only when exactly one carries the unit.
        ("Ontwerp gereed; naleving 55%", "%", Decimal(55)),
        ("Ontwerp gereed; naleving 55%", "score", None),
        ("Ontwerp gereed; naleving 55%", "", None),
        ("NPS 20; 400 respondenten", "NPS", Decimal(20)),
        ("Q1 2026: 45%", "%", Decimal(45)),
        ("van 3 naar 5", "", None),
        ("40% PO, 45% VO", "%", None),
        # A range has no single level, whatever unit it names.
        ("3-5 dagen", "dagen", None),
        ("3 - 5 dagen", "dagen", None),
        # Remarks in parentheses are notes, not second numbers.
        ("NPS 20 (was 12)", "NPS", Decimal(20)),
        ("NPS 20 (was 12)", "", Decimal(20)),
        ("6,0 (schaal 1-10)", "cijfer", Decimal("6.0")),
        # One number: that number, with or without the unit.
        ("NPS +15", "NPS", Decimal(15)),
        ("14 dagen", "", Decimal(14)),
        ("Ontwerp gereed", "%", None),
    ],
)
def test_a_level_is_read_with_the_baats_unit(tekst, eenheid, getal):
    assert notatie.parse_niveau(tekst, eenheid) == getal


def test_a_level_that_states_several_things_is_ambiguous_and_its_bracketed_numbers_are_notes():
    assert notatie.is_dubbelzinnig("Ontwerp gereed; naleving 55%")
    assert notatie.is_dubbelzinnig("NPS 20 en 400 respondenten")
    assert not notatie.is_dubbelzinnig("NPS 20 (was 12)")
    assert not notatie.is_dubbelzinnig("Ontwerp gereed; review gepland")
    assert notatie.getallen_in_opmerkingen("NPS 20 (was 12) (concept)") == ["(was 12)"]
    assert notatie.heeft_getal("Kwartaalmeting NPS (Q3, 2x)") is False
    assert notatie.heeft_getal("Procesaudit 2026") is True
