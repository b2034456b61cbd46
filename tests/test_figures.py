"""Reading figures: every documented form, exactly; and nothing but FigureError on garbage."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims import units
from claims.errors import ClaimsError
from claims.figures import FigureError, parse

N = None
FORMS = [
    # text, value, low, high, unit, qualifier, vague
    ("38", 38, 38, 38, N, "exact", N),
    ("20,000", 20000, 20000, 20000, N, "exact", N),
    ("1.9", 1.9, 1.9, 1.9, N, "exact", N),
    ("14.2 thousand", 14200, 14200, 14200, N, "exact", N),
    ("1.5 million", 1.5e6, 1.5e6, 1.5e6, N, "exact", N),
    ("6 000", 6000, 6000, 6000, N, "exact", N),
    ("two", 2, 2, 2, N, "exact", N),
    ("five", 5, 5, 5, N, "exact", N),
    ("a dozen", 12, 12, 12, N, "exact", N),
    ("twenty-five tanks", 25, 25, 25, "tanks", "exact", N),
    ("tens", 10, 10, N, N, "at_least", "tens"),
    ("dozens of tanks", 12, 12, N, "tanks", "at_least", "dozens"),
    ("hundreds of soldiers", 100, 100, N, "soldiers", "at_least", "hundreds"),
    ("thousands of people", 1000, 1000, N, "people", "at_least", "thousands"),
    ("300 to 400", 350, 300, 400, N, "range", N),
    ("300-400", 350, 300, 400, N, "range", N),
    ("300–400 km", 350, 300, 400, "km", "range", N),
    ("between 50,000 and 70,000", 60000, 50000, 70000, N, "range", N),
    ("5,000 to 7,000", 6000, 5000, 7000, N, "range", N),
    ("50 to 70 thousand", 60000, 50000, 70000, N, "range", N),
    ("about 3 miles", 3, 3, 3, "mi", "about", N),
    ("around 5", 5, 5, 5, N, "about", N),
    ("roughly 5 km", 5, 5, 5, "km", "about", N),
    ("approximately 5 km", 5, 5, 5, "km", "about", N),
    ("nearly 400", 400, N, 400, N, "at_most", N),
    ("almost 400", 400, N, 400, N, "at_most", N),
    ("some 300 soldiers", 300, 300, 300, "soldiers", "about", N),
    ("at least 20,000", 20000, 20000, N, N, "at_least", N),
    ("20,000 or more", 20000, 20000, N, N, "at_least", N),
    ("300+ soldiers", 300, 300, N, "soldiers", "at_least", N),
    ("more than 20", 20, 20, N, N, "more_than", N),
    ("over 20", 20, 20, N, N, "more_than", N),
    ("exceeded 20", 20, 20, N, N, "more_than", N),
    ("just over 20", 20, 20, N, N, "more_than", N),
    ("up to 30 mortar systems a month", 30, N, 30, "mortar systems/month", "at_most", N),
    ("at most 3", 3, N, 3, N, "at_most", N),
    ("no more than 3", 3, N, 3, N, "at_most", N),
    ("within 1 mile", 1, N, 1, "mi", "within", N),
    ("less than 5", 5, N, 5, N, "less_than", N),
    ("under 5 km", 5, N, 5, "km", "less_than", N),
    ("as close as 3 kilometers (1.9 miles)", 3, 3, 3, "km", "exact", N),
    ("3 km", 3, 3, 3, "km", "exact", N),
    ("500 m", 500, 500, 500, "m", "exact", N),
    ("3 kilometres", 3, 3, 3, "km", "exact", N),
    ("2 mi", 2, 2, 2, "mi", "exact", N),
    ("300 square kilometers (116 square miles)", 300, 300, 300, "km2", "exact", N),
    ("300 sq km", 300, 300, 300, "km2", "exact", N),
    ("5 km2", 5, 5, 5, "km2", "exact", N),
    ("5 km²", 5, 5, 5, "km2", "exact", N),
    ("300 square kilometres", 300, 300, 300, "km2", "exact", N),
    ("10 sq mi", 10, 10, 10, "mi2", "exact", N),
    ("116 square miles", 116, 116, 116, "mi2", "exact", N),
    ("20 hectares", 20, 20, 20, "ha", "exact", N),
    ("75%", 75, 75, 75, "%", "exact", N),
    ("75 percent", 75, 75, 75, "%", "exact", N),
    ("75 per cent", 75, 75, 75, "%", "exact", N),
    ("300 to 400 Russian soldiers daily", 350, 300, 400, "soldiers/day", "range", N),
    ("400 troops daily", 400, 400, 400, "soldiers/day", "exact", N),
    ("38 attacks in a day", 38, 38, 38, "attacks/day", "exact", N),
    ("38 attacks per day", 38, 38, 38, "attacks/day", "exact", N),
    ("38 Russian attacks over the past day", 38, 38, 38, "attacks/day", "exact", N),
    ("12 tanks a week", 12, 12, 12, "tanks/week", "exact", N),
    ("5 tanks per week", 5, 5, 5, "tanks/week", "exact", N),
    ("300 square kilometers in the past month", 300, 300, 300, "km2/month", "exact", N),
    ("30 positions over the past month", 30, 30, 30, "positions/month", "exact", N),
    ("two positions", 2, 2, 2, "positions", "exact", N),
    ("1 position", 1, 1, 1, "positions", "exact", N),
    ("5 tanks", 5, 5, 5, "tanks", "exact", N),
    ("200 people", 200, 200, 200, "people", "exact", N),
    ("-5", -5, -5, -5, N, "exact", N),
]


@pytest.mark.parametrize("text,value,low,high,unit,qualifier,vague", FORMS, ids=[f[0] for f in FORMS])
def test_every_documented_form(text, value, low, high, unit, qualifier, vague):
    figure = parse(text)
    assert (figure.value, figure.low, figure.high, figure.unit, figure.qualifier, figure.vague) == \
        (value, low, high, unit, qualifier, vague)
    assert figure.text == text and figure.warning is None


def test_empty_figure_is_no_figure():
    assert parse("") is None and parse("   ") is None and parse(None) is None


@pytest.mark.parametrize("text,message", [
    ("lots", "no number"),
    ("1,5 km", "unexpected"),
    ("400 to 300", "runs backwards"),
    ("at least 300 to 400", "a range cannot also be at least"),
    ("between 300", "'between' needs two numbers"),
    ("three-ish km", "unexpected"),
    ("3 km 5", "unexpected"),
    ("1" * 400, "too large"),
    ("3 km (lots)", "cannot read the restated figure"),
    ("x" * 600, "at most 500"),
])
def test_unreadable_figures_say_why(text, message):
    with pytest.raises(FigureError, match=message):
        parse(text)


def test_restatement_in_brackets_is_one_figure_and_checked():
    assert parse("3 kilometers (1.9 miles)").warning is None
    assert parse("300 square kilometers (116 square miles) in the past month").unit == "km2/month"
    assert parse("3 kilometers (5 miles)").warning == "restated figure (5 miles) is 8.05 km, not 3 km"
    with pytest.raises(ClaimsError, match="cannot compare"):
        parse("3 km (40 soldiers)")


def test_units_convert_within_a_dimension_only():
    assert units.convert(1, "mi", "km") == pytest.approx(1.609344)
    assert units.convert(116, "mi2", "km2") == pytest.approx(300.44, abs=0.01)
    assert units.convert(30, "tanks/month", "tanks/day") == pytest.approx(30 / 30.4375)  # pint: a month is 1/12 of a Julian year
    assert units.convert(1, "soldiers/week", "soldiers/day") == pytest.approx(1 / 7)
    with pytest.raises(ClaimsError, match=r"cannot compare km \(length\) with soldiers \(a count of soldiers\)"):
        units.convert(3, "km", "soldiers")
    with pytest.raises(ClaimsError, match="cannot compare tanks"):
        units.convert(3, "tanks", "soldiers")


def test_base_values_are_stored_in_metres_and_per_day():
    assert parse("within 1 mile").base() == (None, 1609.344, 1609.344)
    low, value, high = parse("300 to 400 soldiers a week").base()
    assert (low, high) == pytest.approx((300 / 7, 400 / 7))


# ---- properties

NUMBERS = st.integers(min_value=0, max_value=10**9)
UNITS = st.sampled_from(["", " km", " miles", " sq km", " %", " soldiers", " tanks a day", " hectares"])
EXPECTED_UNIT = {"": None, " km": "km", " miles": "mi", " sq km": "km2", " %": "%", " soldiers": "soldiers",
                 " tanks a day": "tanks/day", " hectares": "ha"}


def grouped(n: int) -> str:
    return f"{n:,}"


@settings(max_examples=300, deadline=None)
@given(a=NUMBERS, b=NUMBERS, unit=UNITS, style=st.sampled_from(["{a} to {b}", "between {a} and {b}", "{a}-{b}"]))
def test_generated_ranges_read_back_to_their_interval(a, b, unit, style):
    low, high = sorted((a, b))
    figure = parse(style.format(a=grouped(low), b=grouped(high)) + unit)
    assert (figure.low, figure.high, figure.unit) == (low, high, EXPECTED_UNIT[unit])
    assert figure.value == (low + high) / 2


QUALIFIED = {"at least": (True, False), "more than": (True, False), "up to": (False, True),
             "within": (False, True), "about": (True, True), "": (True, True)}


@settings(max_examples=300, deadline=None)
@given(n=NUMBERS, decimals=st.integers(0, 3), word=st.sampled_from(sorted(QUALIFIED)), unit=UNITS)
def test_generated_qualified_figures_read_back(n, decimals, word, unit):
    number = n / 10**decimals
    text = f"{word} {number:,.{decimals}f}{unit}".strip()
    figure = parse(text)
    has_low, has_high = QUALIFIED[word]
    assert figure.value == pytest.approx(number)
    assert (figure.low is not None, figure.high is not None) == (has_low, has_high)
    assert figure.unit == EXPECTED_UNIT[unit]


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=80))
def test_any_text_reads_or_raises_figure_error_only(text):
    try:
        figure = parse(text)
    except FigureError:
        return
    if figure is not None:
        for x in (figure.low, figure.value, figure.high):
            assert x is None or math.isfinite(x)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["3", "km", "(", ")", "to", "-", "at least", "1,000", ".", "%", "a day",
                                 "dozens", "of", "between", "and", " ", "+", "miles", "é", "\x00"]),
                max_size=12))
def test_figure_like_garbage_reads_or_raises_figure_error_only(parts):
    try:
        parse(" ".join(parts))
    except FigureError:
        pass


@pytest.mark.parametrize("text", ["3 (3 km)", "3 km (3)"])
def test_a_restatement_in_another_kind_of_unit_is_a_figure_error(text):
    with pytest.raises(FigureError, match="restated figure: cannot compare"):
        parse(text)
