"""Reading figures: every documented form, exactly; and nothing but FigureError on garbage."""

import math
import re
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.basics.errors import ClaimsError
from claims.figures import reading as figures
from claims.figures import units
from claims.figures.reading import FigureError, parse

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
    ("nearly 400", 400, 360, 400, N, "just_under", N),
    ("almost 400", 400, 360, 400, N, "just_under", N),
    ("close to 400 soldiers", 400, 360, 400, "soldiers", "just_under", N),
    ("just under 300", 300, 270, 300, N, "just_under", N),
    ("just short of 3 km", 3, 2.7, 3, "km", "just_under", N),
    ("nearly half", 50, 45, 50, "%", "just_under", N),
    ("just 300 km", 300, 300, 300, "km", "exact", N),
    ("as many as 400", 400, N, 400, N, "at_most", N),
    ("several hundred soldiers", 300, 300, N, "soldiers", "at_least", "several"),
    ("some 300 soldiers", 300, 300, 300, "soldiers", "about", N),
    ("at least 20,000", 20000, 20000, N, N, "at_least", N),
    ("20,000 or more", 20000, 20000, N, N, "at_least", N),
    ("300+ soldiers", 300, 300, N, "soldiers", "at_least", N),
    ("more than 20", 20, 20, N, N, "more_than", N),
    ("over 20", 20, 20, N, N, "more_than", N),
    ("exceeded 20", 20, 20, N, N, "more_than", N),
    ("just over 20", 20, 20, 22, N, "just_over", N),
    ("slightly more than 400 soldiers", 400, 400, 440, "soldiers", "just_over", N),
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
    ("1,5,0 km", "unexpected"),
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
    # pint: a month is 1/12 of a Julian year
    assert units.convert(30, "tanks/month", "tanks/day") == pytest.approx(30 / 30.4375)
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


# ---- the forms other people write: number words, fractions, hedges, scales, units, money

WRITTEN = [
    # a word of the number is never the counted noun
    ("two point three km", 2.3, 2.3, 2.3, "km", "exact"),
    ("2 point 3 km", 2.3, 2.3, 2.3, "km", "exact"),
    ("one point two hundred thirty-six", 1.236, 1.236, 1.236, N, "exact"),
    ("hundred and twelve km", 112, 112, 112, "km", "exact"),
    ("one hundred and three quarters", 100.75, 100.75, 100.75, N, "exact"),
    ("one thousand two hundred", 1200, 1200, 1200, N, "exact"),
    ("one hundred and forty two", 142, 142, 142, N, "exact"),
    ("one hundred forty-two soldiers", 142, 142, 142, "soldiers", "exact"),
    ("two-hundred", 200, 200, 200, N, "exact"),
    ("seven thousand, four hundred and sixty-four", 7464, 7464, 7464, N, "exact"),
    ("a hundred", 100, 100, 100, N, "exact"),
    ("a million people", 1e6, 1e6, 1e6, "people", "exact"),
    ("three hundred to four hundred soldiers", 350, 300, 400, "soldiers", "range"),
    ("between fifty and seventy thousand", 60000, 50000, 70000, N, "range"),
    ("from 300 to 400", 350, 300, 400, N, "range"),
    # fractions and mixed numbers; a bare fraction is a share
    ("half", 50, 50, 50, "%", "exact"),
    ("a quarter", 25, 25, 25, "%", "exact"),
    ("three-quarters", 75, 75, 75, "%", "exact"),
    ("two thirds", 200 / 3, 200 / 3, 200 / 3, "%", "exact"),
    ("a third of the city", 100 / 3, 100 / 3, 100 / 3, "%", "exact"),
    ("more than half", 50, 50, N, "%", "more_than"),
    ("two and a half miles", 2.5, 2.5, 2.5, "mi", "exact"),
    ("1/4 mile", 0.25, 0.25, 0.25, "mi", "exact"),
    ("2 1/2 miles", 2.5, 2.5, 2.5, "mi", "exact"),
    ("½ mile", 0.5, 0.5, 0.5, "mi", "exact"),
    ("half a mile", 0.5, 0.5, 0.5, "mi", "exact"),
    ("three-quarters of a mile", 0.75, 0.75, 0.75, "mi", "exact"),
    ("half a dozen", 6, 6, 6, N, "exact"),
    # hedges
    ("greater than 5", 5, 5, N, N, "more_than"),
    ("exceeds 40", 40, 40, N, N, "more_than"),
    ("in excess of 400", 400, 400, N, N, "more_than"),
    ("upwards of 300", 300, 300, N, N, "more_than"),
    ("no fewer than 20", 20, 20, N, N, "at_least"),
    ("300 or greater", 300, 300, N, N, "at_least"),
    ("300 and more", 300, 300, N, N, "at_least"),
    ("300 or fewer", 300, N, 300, N, "at_most"),
    ("less than or equal to 5", 5, N, 5, N, "at_most"),
    ("as many as 300 people", 300, N, 300, "people", "at_most"),
    ("close to 500", 500, 450, 500, N, "just_under"),
    # scales and short forms
    ("3 trillion", 3e12, 3e12, 3e12, N, "exact"),
    ("2 bn", 2e9, 2e9, 2e9, N, "exact"),
    ("2 bln", 2e9, 2e9, 2e9, N, "exact"),
    ("2.5m people", 2.5e6, 2.5e6, 2.5e6, "people", "exact"),
    ("5k", 5000, 5000, 5000, N, "exact"),
    ("two dozen", 24, 24, 24, N, "exact"),
    ("a couple of soldiers", 2, 2, 2, "soldiers", "exact"),
    ("500 m", 500, 500, 500, "m", "exact"),
    ("300m from the front", 300, 300, 300, "m", "exact"),
    # units written as adjectives, and units beyond the usual few
    ("a 27-kilometer front", 27, 27, 27, "km", "exact"),
    ("a six-mile stretch", 6, 6, 6, "mi", "exact"),
    ("5 inches", 5, 5, 5, "in", "exact"),
    ("300 yards", 300, 300, 300, "yd", "exact"),
    ("20 nautical miles", 20, 20, 20, "nmi", "exact"),
    ("5,000 square feet", 5000, 5000, 5000, "ft2", "exact"),
    ("2 million tonnes of grain", 2e6, 2e6, 2e6, "t", "exact"),
    # money keeps its currency
    ("over £3 billion", 3e9, 3e9, N, "GBP", "more_than"),
    ("$10 million", 1e7, 1e7, 1e7, "USD", "exact"),
    ("$10m", 1e7, 1e7, 1e7, "USD", "exact"),
    ("up to €1 million", 1e6, N, 1e6, "EUR", "at_most"),
    ("10 million dollars", 1e7, 1e7, 1e7, "USD", "exact"),
    ("USD 5 million", 5e6, 5e6, 5e6, "USD", "exact"),
    ("$5 to $10 million", 7.5e6, 5e6, 1e7, "USD", "range"),
    # shares written as parts of a whole, speeds, money by the year, ACLED's "several"
    ("one in eight", 12.5, 12.5, 12.5, "%", "exact"),
    ("37 out of 39 schools", 3700 / 39, 3700 / 39, 3700 / 39, "%", "exact"),
    ("near 130 mph", 130, 117, 130, "mi/hour", "just_under"),
    ("£2,000 per annum", 2000, 2000, 2000, "GBP/year", "exact"),
    ("£200 million-a-year", 2e8, 2e8, 2e8, "GBP/year", "exact"),
    ("several dozen people", 36, 36, N, "people", "at_least"),
    ("486,000 MT", 486000, 486000, 486000, "t", "exact"),
    ("12 km and a half", 12.5, 12.5, 12.5, "km", "exact"),
    ("£3½ million", 3.5e6, 3.5e6, 3.5e6, "GBP", "exact"),
    # durations are figures in time units
    ("61 days", 61, 61, 61, "days", "exact"),
    ("15 months of fighting", 15, 15, 15, "months", "exact"),
    ("three weeks", 3, 3, 3, "weeks", "exact"),
]


@pytest.mark.parametrize("text,value,low,high,unit,qualifier", WRITTEN, ids=[w[0] for w in WRITTEN])
def test_forms_other_people_write(text, value, low, high, unit, qualifier):
    figure = parse(text)
    assert (figure.value, figure.low, figure.high) == pytest.approx((value, low, high))
    assert (figure.unit, figure.qualifier) == (unit, qualifier)


@pytest.mark.parametrize("text,reason", [
    ("10.24 am", "time of day"), ("14:30", "time of day"), ("3 p.m.", "time of day"),
    ("under the age of 50", "an age"), ("aged 30", "an age"), ("a 45-year-old", "an age"),
    ("3rd", "ordinal"), ("the fifth", "ordinal"), ("second", "ordinal"), ("twenty-fifth", "ordinal"),
    ("16th-century", "ordinal"), ("0000 UTC", "time of day"), ("7.30 at night", "time of day"),
    ("five years old", "an age"),
])
def test_times_ages_and_ranks_are_refused_as_what_they_are(text, reason):
    with pytest.raises(FigureError, match=reason):
        parse(text)


@pytest.mark.parametrize("text,named", [
    ("two three", "'two three' is not one number"),
    ("1,000 two hundred", "'two hundred' after the number reads as part of a number"),
    ("3 km from one town", "'one' after the number reads as part of a number"),
    ("fourty two", "unexpected 'fourty' where the number should be"),
    ("three-ish km", "unexpected 'three-ish'"),
])
def test_what_cannot_be_accounted_for_is_named_with_the_way_out(text, named):
    with pytest.raises(FigureError, match=re.escape(named)) as caught:
        parse(text)
    assert "--value, --low, --high and --unit" in str(caught.value)


def test_money_and_durations_keep_their_own_dimension():
    assert parse("$10 million").dimension == "currency:USD"
    assert parse("61 days").dimension == "time"
    with pytest.raises(ClaimsError, match="cannot compare USD"):
        units.convert(1, "USD", "EUR")
    assert units.convert(2, "weeks", "days") == pytest.approx(14)
    assert units.convert(1, "years", "months") == pytest.approx(12)


# ---- properties: number words read back, and never become what is counted

@settings(max_examples=400, deadline=None)
@given(n=st.integers(min_value=0, max_value=10**12), unit=UNITS)
def test_english_words_of_any_integer_read_back(n, unit):
    from num2words import num2words

    figure = parse(num2words(n) + unit)
    assert (figure.value, figure.unit) == (n, EXPECTED_UNIT[unit])


@settings(max_examples=300, deadline=None)
@given(n=st.integers(min_value=0, max_value=10**6), decimals=st.integers(min_value=1, max_value=99))
def test_english_words_of_decimals_read_back(n, decimals):
    from num2words import num2words

    number = float(f"{n}.{decimals:02d}".rstrip("0")) if decimals % 10 else float(f"{n}.{decimals // 10}")
    assert parse(num2words(number)).value == pytest.approx(number)


NOT_COUNTED = sorted(figures.NUMBER_WORDS)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(NOT_COUNTED + ["3", "1,000", "2.5", "soldiers", "km", "of", "the", "a", "and",
                                               "more than", "about", "-", "to", "tanks", "people", "1/2"]),
                min_size=1, max_size=7))
def test_no_stored_figure_counts_a_number_word(parts):
    try:
        figure = parse(" ".join(parts))
    except FigureError:
        return
    if figure.dimension.startswith("count:"):
        assert figure.unit.split("/")[0] not in figures.NUMBER_WORDS, (parts, figure)


def test_every_length_and_area_unit_pint_knows_is_read_or_refused_with_a_reason():
    """The unit table is held to pint's registry: a unit pint adds cannot go missing in silence."""
    from claims.figures.unit_names import NOT_UNITS

    ureg = units.registry()
    dimensions = {"length": ureg.meter.dimensionality, "area": (ureg.meter ** 2).dimensionality}
    missing, checked = [], 0
    for name in dir(ureg):
        try:
            with warnings.catch_warnings():  # pint warns about some registry attributes that are not units
                warnings.simplefilter("ignore")
                unit = getattr(ureg, name)
            dimension = next((d for d, dims in dimensions.items() if unit.dimensionality == dims), None)
        except Exception:
            continue
        if dimension is None or name in NOT_UNITS:
            continue
        checked += 1
        written = name.replace("_", " ").lower()
        read = units.UNIT_ALIASES.get(written)
        if read is None or units.dimension(read) != dimension or \
                units.base_factor(read) != pytest.approx(ureg.Quantity(1, name).to_base_units().magnitude):
            missing.append(name)
    assert missing == [] and checked > 60


@pytest.mark.parametrize("text,reason", [
    ("20 million pounds", "money (£, GBP) or weight (lb)"),
    ("300 dinars", "several countries"),
])
def test_a_unit_two_things_share_is_refused_not_guessed(text, reason):
    with pytest.raises(FigureError, match=re.escape(reason)):
        parse(text)


def test_currency_codes_in_capitals_and_names():
    assert parse("42 KWD").unit == "KWD" and parse("42 qatari riyals").unit == "QAR"
    assert parse("$2.174T").value == pytest.approx(2.174e12) and parse("5t").unit == "t"
    assert parse("3M").value == 3e6 and parse("25 lakh tonnes").value == 2.5e6
