"""Reading a figure as people write it, into an interval with a unit.

"at least 20,000" -> [20000, open); "300 to 400 soldiers daily" -> [300, 400]
soldiers/day; "within 1 mile" -> [open, 1] mi; "dozens of tanks" -> at least 12
tanks, with ACLED's vague word kept; "one hundred and forty two" -> 142 (number
words: `claims.numerals`); "two thirds" -> 66.7%; "over £3 billion" -> more than
3e9 GBP; "3 kilometers (1.9 miles)" -> one figure, with a warning when the
restatement disagrees by more than rounding.

Nothing is read in silence: a figure whose number part cannot be accounted for
word by word, a unit two things share ("pounds"), or a time of day, an age or a
rank raises `FigureError` naming what could not be read. `parse()` raises nothing
else, whatever it is given. Pint is loaded only to check a restated figure and by
`Figure.base()`.
"""

import functools
import re
from dataclasses import dataclass

from claims.basics.errors import ClaimsError
from claims.figures import numerals, units
from claims.figures.bands import BANDS
from claims.figures.numerals import CARDINALS, FRACTIONS, NumeralError
from claims.figures.unit_names import AMBIGUOUS_UNITS, ISO_CODES, SPEEDS


class FigureError(ClaimsError):
    """A figure text that cannot be read."""


@dataclass(frozen=True, slots=True)
class Figure:
    text: str
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    qualifier: str
    vague: str | None = None
    warning: str | None = None

    @property
    def measure(self) -> units.Measure:
        """The figure's unit, dimension and base factor (read once per unit, then shared)."""
        return units.measure(self.unit)

    @property
    def dimension(self) -> str:
        return self.measure.dimension

    def base(self) -> tuple[float | None, float | None, float | None]:
        """(low, value, high) in the dimension's base unit; None is an open side."""
        factor = self.measure.factor
        low, value, high = self.low, self.value, self.high
        return (None if low is None else low * factor, None if value is None else value * factor,
                None if high is None else high * factor)


# ---------------------------------------------------------------- vocabulary (data)

# phrase -> qualifier. "as close as 3 km" names the nearest point, so it is the figure
# itself. "nearly 400" is just short of 400, never anything from 0 to 400: no reader takes
# "nearly half" for 3%; it is read as the band BANDS gives. "up to", "as many as" and "at
# most" name a ceiling and commit to nothing below it: open below.
QUALIFIERS = {
    "as close as": "exact", "as near as": "exact", "equal to": "exact", "exactly": "exact",
    "about": "about", "around": "about", "roughly": "about", "approximately": "about",
    "approx.": "about", "approx": "about", "some": "about", "circa": "about", "ca.": "about",
    "an estimated": "about", "estimated": "about", "more or less": "about", "~": "about",
    "nearly": "just_under", "almost": "just_under", "close to": "just_under", "near": "just_under",
    "just short of": "just_under", "just under": "just_under", "just below": "just_under",
    "approaching": "just_under", "slightly less than": "just_under", "slightly under": "just_under",
    "slightly below": "just_under", "a little less than": "just_under", "a little under": "just_under",
    "just over": "just_over", "just above": "just_over", "slightly more than": "just_over",
    "slightly over": "just_over", "slightly above": "just_over", "a little more than": "just_over",
    "a little over": "just_over",
    "as high as": "at_most",
    "as many as": "at_most", "as much as": "at_most",
    "at least": "at_least", "no fewer than": "at_least", "no less than": "at_least",
    "not less than": "at_least", "not fewer than": "at_least", "a minimum of": "at_least",
    "greater than or equal to": "at_least", "more than or equal to": "at_least",
    "equal to or greater than": "at_least", "equal to or more than": "at_least", "greater or equal than": "at_least",
    ">=": "at_least", "≥": "at_least",
    "more than": "more_than", "over": "more_than", "exceeded": "more_than", "exceeding": "more_than",
    "exceeds": "more_than", "exceed": "more_than", "well over": "more_than",
    "tops": "more_than", "topped": "more_than", "surpassed": "more_than", "surpasses": "more_than",
    "pass": "more_than", "passed": "more_than", "passes": "more_than", "could pass": "more_than",
    "could top": "more_than", "could exceed": "more_than",
    "above": "more_than", "well above": "more_than", "in excess of": "more_than", "upwards of": "more_than",
    "upward of": "more_than", "greater than": "more_than", "higher than": "more_than",
    "larger than": "more_than", "bigger than": "more_than", "longer than": "more_than", "beyond": "more_than",
    "outside": "more_than",
    ">": "more_than",
    "up to": "at_most", "at most": "at_most", "no more than": "at_most", "not more than": "at_most",
    "a maximum of": "at_most", "not to exceed": "at_most", "less than or equal to": "at_most",
    "fewer than or equal to": "at_most",
    "equal to or less than": "at_most", "equal to or fewer than": "at_most", "less or equal than": "at_most",
    "<=": "at_most", "≤": "at_most",
    "less than": "less_than", "fewer than": "less_than", "under": "less_than",
    "below": "less_than", "lower than": "less_than", "smaller than": "less_than", "shorter than": "less_than",
    "<": "less_than",
    "within": "within",
    "between": "range", "from": "range",
}
# the band a hedge just short of (or just past) a figure gives, as fractions of the figure
# (claims.figures.bands.BANDS, imported above): "nearly 400" is 360 to 400, "just over 400" is
# 400 to 440. The best estimate is the figure.
# words before a figure that say nothing of its interval ("only 900", "another 555")
PLAIN = ("only", "just", "barely", "merely", "another", "a further", "an additional", "a mere", "a bare",
         "a total of", "a reported", "a record", "all", "all of", "perhaps", "maybe", "possibly", "probably",
         "an average of", "on average", "average of", "a daily average of")
# units written before the number: "magnitude 7.2"
UNITS_BEFORE = {"magnitude": "magnitude", "a magnitude": "magnitude", "magnitude-": "magnitude"}

# ACLED's rule for vague words: the word's floor, kept as a lower bound.
VAGUE = {
    "tens of thousands": 10_000, "hundreds of thousands": 100_000, "tens of millions": 10_000_000,
    "hundreds of millions": 100_000_000,
    "tens": 10, "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1_000,
    "millions": 1_000_000, "billions": 1_000_000_000,
    # ACLED codes "several" as three ("Several Taliban militants (coded as three)"); "several
    # hundred" is then three hundred, as a floor
    "several": 3,
}

# a scale after a number. "m" is a million only before a counted noun or in money, or
# written "M" ("2.5m people", "$10m", "3M"); "500 m" is metres. "t" is a trillion in
# money ("$2.2T") and tonnes otherwise. Plurals after a number ("200 dozens") scale too.
SCALES = {"hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6,
          "billion": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "t": 1e12,
          "trln": 1e12, "trn": 1e12, "quadrillion": 1e15, "thou": 1e3,
          "dozen": 12, "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "crore": 1e7, "crores": 1e7,
          "dozens": 12, "hundreds": 1e2, "thousands": 1e3, "millions": 1e6, "billions": 1e9}
UNIT_OR_SCALE = ("m", "t")

# every word that belongs to a number: none of them is ever what a figure counts
NUMBER_WORDS = CARDINALS | set(SCALES) | set(FRACTIONS) | set(VAGUE) | {"couple", "pair", "point"}
# number words that cannot stand after a figure's number at all ("1,000 two hundred"); the
# others are ordinary words too ("the old quarter", "a point") or units ("m", "t")
_SPOKEN = CARDINALS | {"dozen", "dozens", "bn", "bln", "mln", "mn", "tn", "billions", "millions"}

# words that describe a counted noun without being it ("300 Russian soldiers")
MODIFIERS = frozenset(
    "russian ukrainian enemy our their own more new additional other of the a an and "
    "killed wounded destroyed lost eliminated captured confirmed reported some".split()
)
# what is counted when nothing else is named: "942 killed"
CASUALTIES = frozenset("killed dead wounded injured missing displaced detained arrested captured "
                       "destroyed evacuated".split())
# words that are never the counted noun ("300 to", "5 in", "300m away")
NOT_NOUNS = frozenset("to from in on at for with by per into onto over under than then that this these those "
                      "is are was were be been had has have it its as or but if so away wide long deep high tall "
                      "ahead behind north south east west northeast northwest southeast southwest who which whose "
                      "where when while will would could can may might must should do did does say said says "
                      "remain remained live lived fled died die left need needed face faced lack them they us we "
                      "him her whom".split())

_ORDINAL_WORDS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
                  "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth thirtieth fortieth "
                  "fiftieth sixtieth seventieth eightieth ninetieth hundredth thousandth millionth billionth "
                  "trillionth").split()
_CARDINAL_ALT = "|".join(sorted(CARDINALS, key=len, reverse=True))
# What is not a figure, though it holds a number: refused with the reason.
NOT_FIGURES = [
    (re.compile(r"(?:^|\s)\d{1,4}(?:[:.]\d{1,2})?\s*(?:a\.?m\.?|p\.?m\.?)$|^(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?$"),
     "it looks like a time of day, not a figure"),
    (re.compile(r"\bo'clock\b|\b(?:quarter|half)\s+(?:past|to)\s+\w+$|\b(?:noon|midnight)$"
                r"|^(?:at\s+)?\d{1,4}(?:[:.]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)?\s*(?:utc|gmt|bst|cet|cest|eet|eest|msk|"
                r"est|edt|cst|cdt|mst|mdt|pst|pdt|ast|z)$"
                r"|^\d{1,2}(?:[:.]\d{2})?\s+(?:at night|in the (?:morning|afternoon|evening))$"),
     "it looks like a time of day, not a figure"),
    (re.compile(r"\bage[sd]?\s+(?:of\s+)?\w|\b(?:years?|months?|weeks?|days?)[- ]olds?\b|\bof\s+age\b"
                r"|\bunder-\d+s?\b"),
     "it looks like an age, not a figure"),
    (re.compile(rf"^(?:the\s+)?(?:\d+(?:st|nd|rd|th)\b|(?!one[\s-]+\w+$)(?:(?:{_CARDINAL_ALT})[\s-]+)*"
                rf"(?:{'|'.join(_ORDINAL_WORDS)})$)"),
     "it looks like a rank or position (an ordinal), not a figure"),
]
_ORDINAL_DIGITS = re.compile(r"\d+(?:st|nd|rd|th)\b")
# cheap tests (C-level string methods) that let a plain figure skip the patterns above
_TIME_ENDS = ("am", "pm", "a.m.", "p.m.", "a.m", "p.m")
_TIME_WORDS = ("noon", "midnight", "night", "morning", "afternoon", "evening", "utc", "gmt", "bst", "cet", "cest",
               "eet", "eest", "msk", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "ast", "z")
_GATES = (
    lambda clean: ":" in clean or clean.endswith(_TIME_ENDS),
    lambda clean: "'clock" in clean or "quarter " in clean or "half " in clean or clean.endswith(_TIME_WORDS),
    lambda clean: "age" in clean or "old" in clean or "under-" in clean,
    lambda clean: not clean[:1].isdigit() or bool(_ORDINAL_DIGITS.match(clean)),
)

EXPLICIT = ("give the numbers explicitly (--value, --low, --high and --unit; "
            "in a file, the columns value, low, high and unit)")


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_DIGITS = (r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\x20\d{3})+(?![\d.,/])|\d+(?:\.\d+)?(?:e\d{1,2}(?![a-z]))?"
           r"|\.\d+")
_NUM = rf"(?:{_DIGITS})"
_SCALE = rf"(?=[a-z])(?:{_alternation(SCALES)})(?![a-z0-9])"
_QUAL = rf"(?=[a-z~<>≥≤])(?:{_alternation(QUALIFIERS)})(?![a-z])"  # the lookahead: digits skip the list
# a plain word never takes the first word of a qualifier: "just under 300" is a hedge, "just 300" is not
_PLAIN = rf"(?!{_QUAL})(?=[a-z])(?:{_alternation(PLAIN)})"
_LEAD = rf"(?:{_PLAIN}\s+)?(?:{_QUAL}\s*)?"
_CURRENCY_MARKS = [name for name in units.CURRENCY_ALIASES if not name.isalpha() or len(name) == 3]
_CUR = rf"(?=[^\d\s.])(?:{_alternation(_CURRENCY_MARKS)})(?![a-z])"
_MARKS = "$£€₴₽¥₹₪₺₩₦"

FIGURE_RE = re.compile(
    rf"""^(?:{_PLAIN}\s+)?(?:(?P<qual>{_QUAL})\s*)?
    (?:an?\s+(?=[\d{_MARKS}]))?
    (?:
        (?=[a-z])(?P<vague>{_alternation(VAGUE)})(?![a-z])(?:\s+(?P<vs>dozen|hundred|thousand|million)(?![a-z]))?
        (?:\s+of(?![a-z]))?
      | (?P<cur>{_CUR})?\s*(?P<sign>-|minus\s|negative\s)?\s*(?P<n1>{_NUM})\s*(?P<s1>{_SCALE})?(?P<plus>\+)?
        (?:\s*(?:-|~|to|and|or)\s*(?:{_CUR})?\s*(?P<n2>{_NUM})\s*(?P<s2>{_SCALE})?)?
    )
    (?P<rest>.*)$""",
    re.VERBOSE | re.DOTALL,
)

_RATE_RE = re.compile(
    r"(?:(?<![a-z])(?<!of\s)(?:a|an|per|each|every|in\s+a|in\s+one|(?:over|in)\s+the\s+(?:past|last)"
    r"|the\s+(?:past|last))[\s-]+(?P<p1>hour|day|week|month|year|24\s+hours|diem|annum)(?![a-z])"
    r"|/\s*(?P<p2>hour|day|week|month|year|h|d)(?![a-z])"
    r"|(?<![a-z])(?P<p3>hourly|daily|weekly|monthly|yearly|annually)(?![a-z]))"
)
_SHORT_PERIOD = {"h": "hour", "d": "day", "24 hours": "day", "diem": "day", "annum": "year"}

_UNIT_RE = re.compile(rf"^(?:%|(?:{_alternation(units.UNIT_ALIASES)})(?![a-z0-9]))")
_CURRENCY_WORD_RE = re.compile(rf"^(?:{_alternation(units.CURRENCY_ALIASES)})(?![a-z])")
_OR_MORE_RE = re.compile(r"(?<![a-z])(?:or|and)\s+(?P<dir>more|over|above|greater|higher|larger|fewer|less|under|"
                         r"below|lower)(?![a-z])")
_OF_A_RE = re.compile(r"^of\s+(?:an?\s+|the\s+)?")
_WORD_RE = re.compile(r"[a-z][a-z'-]*")
_BRACKET_RE = re.compile(r"\(([^()]*)\)")
_HAS_NUMBER = re.compile(rf"\d|(?<![a-z])(?:{_alternation(CARDINALS)})(?![a-z])")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\t": " ", "\n": " ", "\r": " ",
                         "–": "-", "—": "-", "−": "-", "²": "2", "³": "3", "½": " 1/2", "¼": " 1/4", "¾": " 3/4",
                         "⅓": " 1/3", "⅔": " 2/3", "·": ".", "’": "'"})
# number words (and digit fractions) that send a figure through `numerals`
# a hyphen between a number and its unit or another number word: "27-kilometer", "six-mile",
# "forty-two", "three-quarters" (not "three-ish": that word is not accounted for); and a
# hyphen left hanging before "to": "8- to 16-meter"
_HYPHEN = re.compile(rf"(\d)-(?=[a-z]|\s+to\s)|((?<![a-z])(?:{_alternation(CARDINALS | set(FRACTIONS))}))-(?=(?:"
                     rf"{_alternation(CARDINALS | set(FRACTIONS) | set(units.UNIT_ALIASES))})(?![a-z])|\s+to\s)")
_ISH = re.compile(r"(\d)-?ish(?![a-z])")
_MARK_DIGITS = re.compile(rf"([{_MARKS}])(?=\d)")
_RATE_HYPHENS = re.compile(r"-(a|an|per)-(?=(?:hour|day|week|month|year)(?![a-z]))")  # "£200 million-a-year"
_SHARE_OF = re.compile(r"^(?P<lead>.*?)(?P<part>\d[\d,]*(?:\.\d+)?) (?:in|out of) (?P<whole>\d[\d,]*(?:\.\d+)?)"
                       r"(?![\d.,])(?P<rest>.*)$")
_SPOKEN_RE = re.compile(r"(?<![a-z])(?:{0})(?:[ ,-]+(?:and[ ]+)?(?:{0}))*(?![a-z])".format(
    _alternation(_SPOKEN)))

MAX_LENGTH = 500
_CYRILLIC = re.compile(r"[а-яёіїєґА-ЯЁІЇЄҐ]")
# a comma with one or two digits after it, and no comma of thousands in the same number
_MODEL_AFTER = re.compile(r"(\d(?:[\d,.]*\d)?(?:\s+(?:thousand|million|billion))?)\s+(?:[a-z]{1,4}-\d+[a-z0-9-]*"
                          r"|\d+(?:\.\d+)?-?mm)\s+(?=[a-z])")
_AROUND_THE_CLOCK = re.compile(r"^(?:\d+/\d+\s*)?24/(?:7|24)$|^(\d+)/\1$")
_OF_TOTAL = re.compile(r"^(?P<head>.*?\d[\d,.]*)\s+of\s+(?:(?:the|its|their|his|her|our|all)\s+|[a-z]+'s?\s+){0,3}"
                       r"\d[\d,.]*\s+(?P<noun>[a-z].*)$")
_DECIMAL_COMMA = re.compile(r"(?<![\d,])(\d{1,3}),(\d{1,2})(?![\d,])")


def parse(text: str | None) -> Figure | None:
    """Read a figure; None for an empty text (a claim without a number)."""
    if text is None or not str(text).strip():
        return None
    return _parse(str(text))


@functools.lru_cache(maxsize=65536)
def _parse(text: str) -> Figure:
    """Figures repeat ("3 km", "about 400 soldiers"): each distinct text is read once.
    Figure is frozen, so sharing the cached one is safe."""
    if len(text) > MAX_LENGTH:
        raise FigureError(f"figure text is {len(text)} characters long; at most {MAX_LENGTH}")
    if not text.isascii() and _CYRILLIC.search(text):  # Ukrainian or Russian: their own tables
        from claims.figures import slavic

        try:
            read = slavic.read(text)
        except slavic.NotAFigure as error:
            raise FigureError(f"cannot read figure {text!r}: {error}; {EXPLICIT}") from None
        if read.vague:
            return Figure(text, read.value, read.value, None, read.unit, "at_least", vague=read.vague)
        if read.second is not None:
            return _range(text, read.value, read.second, read.unit, "range")
        return _bounded(text, read.value, read.unit, read.qualifier)
    clean = " ".join((text if text.isascii() else text.translate(_SPACES)).lower().split())
    if "," in clean and _DECIMAL_COMMA.search(clean):  # "44,99%", "2,5 km": a decimal comma
        clean = _DECIMAL_COMMA.sub(r"\1.\2", clean)
    if clean.count('"') >= 2:  # '"about 300" soldiers': the quotation marks are not the figure's (9" is inches)
        clean = " ".join(clean.replace('"', " ").split())
    if "-" in clean or "mm" in clean:  # "20 T-90M tanks", "200,000 155-mm shells": a model is not the noun
        clean = _MODEL_AFTER.sub(r"\1 ", clean)
    restated = None
    if "(" in clean and (match := _BRACKET_RE.search(clean)):
        # "3 km (1.9 miles)": a restatement; "two Save the Children (UK) staff": an aside,
        # which holds no number and has words after it
        inside = match.group(1).strip()
        aside = not _HAS_NUMBER.search(inside) and clean[match.end():].strip()
        restated = None if aside else inside
        clean = " ".join((clean[: match.start()] + " " + clean[match.end():]).split())
    try:
        figure = _read(text, clean)
    except NumeralError as error:
        raise FigureError(f"cannot read figure {text!r}: {error}; {EXPLICIT}") from None
    if restated:
        figure = _check_restatement(figure, restated)
    return figure


def _read(text: str, clean: str) -> Figure:
    _refuse_non_figures(text, clean)
    if "/" in clean and _AROUND_THE_CLOCK.match(clean):
        raise FigureError(f"cannot read figure {text!r}: it reads as 'around the clock' or a whole (n/n), "
                          f"not a figure; {EXPLICIT}")
    if " and " in clean and (both := _two_bounds(text, clean)):
        return both
    about = "ish" in clean and bool(_ISH.search(clean))  # "360-ish": about 360
    clean, share = _normalise(_ISH.sub(r"\1", clean) if about else clean)
    try:
        return _reading(text, clean, share, about)
    except FigureError:
        # rarer shapes, tried only when the usual one fails: "3km to 5km", "7 feet 10 inches"
        other = _unit_once(clean)
        if other != clean:
            return _reading(text, other, share, about)
        if (together := _two_units(text, clean)) is not None:
            return together
        if " of " in clean and (part := _OF_TOTAL.match(clean)):  # "at least 10 of the country's 24 regions"
            return _read(text, f"{part.group('head')} {part.group('noun')}")
        raise


def _reading(text: str, clean: str, share: bool, about: bool) -> Figure:
    before = _UNIT_BEFORE.match(clean)  # "magnitude 7.2": the unit goes after the number
    if before:
        clean = f"{clean[before.end():]} {UNITS_BEFORE[before.group(1)]}"
    if (" in " in clean or " out of " in clean) and (share := _share_of(clean)):
        clean = share
    m = FIGURE_RE.match(clean)
    g = m.groupdict() if m else {}
    if not (g.get("n1") or g.get("vague")):
        raise FigureError(f"cannot read figure {text!r}: {_no_number(clean)}")
    return _interval(text, g, share, about)


_UNIT_BEFORE = re.compile(rf"^({_alternation(UNITS_BEFORE)})\s*(?=\d)")


def _refuse_non_figures(text: str, clean: str) -> None:
    for (pattern, reason), gate in zip(NOT_FIGURES, _GATES):
        if gate(clean) and pattern.search(clean):
            raise FigureError(f"cannot read figure {text!r}: {reason}")


_TRIGGERS = CARDINALS | set(FRACTIONS) | {"dozen", "couple", "pair", "point", "minus"}
_ARTICLE = re.compile(rf"^{_LEAD}an?\s+[a-z]")


def _wordy(clean: str) -> bool:
    """Whether a figure holds number words (or a fraction, or 'a kilogram') to rewrite."""
    if "/" in clean or not _TRIGGERS.isdisjoint((clean.replace("-", " ") if "-" in clean else clean).split()):
        return True
    return ("a " in clean or "an " in clean) and bool(_ARTICLE.match(clean))


def _normalise(clean: str) -> tuple[str, bool]:
    """Hyphens between numbers and units split, number words in digits; and whether the
    number is a bare fraction (a share)."""
    if "-" in clean:
        clean = _RATE_HYPHENS.sub(r" \1 ", _HYPHEN.sub(lambda m: (m.group(1) or m.group(2)) + " ", clean))
    if not _wordy(clean):
        return clean, False
    clean = _MARK_DIGITS.sub(r"\1 ", clean)  # "£3 1/2 million": the mark apart from the number
    words = clean.split(" ")
    lead = re.match(_LEAD, clean)
    start = len(lead.group().split()) if lead and lead.group().endswith(" ") else 0
    start += start < len(words) and (words[start] in units.CURRENCY_ALIASES or words[start] == "minus")
    words, share = numerals.rewrite(words, start, _is_unit)
    return " ".join(words), share


def _is_unit(word: str) -> bool:
    return word in units.UNIT_ALIASES and word not in ("m", "t", "l", "g")


_UNIT_TWICE = re.compile(rf"^(?P<head>.*?\d)\s*(?P<unit>%|(?:{_alternation(units.UNIT_ALIASES)}))\s*"
                         rf"(?P<join>-|to|and)\s+(?:about\s+|approximately\s+|around\s+)?(?P<tail>[\d.,]+)\s*"
                         rf"(?P=unit)(?![a-z0-9])")


def _unit_once(clean: str) -> str:
    """'3km to 5km', 'between 2.0 g and about 7.0 g': a range written with its unit twice."""
    m = _UNIT_TWICE.match(clean)
    if not m:
        return clean
    return f"{m.group('head')} {m.group('join')} {m.group('tail')} {m.group('unit')}{clean[m.end():]}"


def _interval(text: str, g: dict, share: bool, about: bool) -> Figure:
    qualifier = QUALIFIERS.get(g["qual"] or "", "exact")
    scale_1, scale_2, rest = g["s1"], g["s2"], g["rest"].strip()
    currency = units.CURRENCY_ALIASES[g["cur"]] if g["cur"] else None
    if scale_1 in UNIT_OR_SCALE or scale_2 in UNIT_OR_SCALE:
        scale_1, scale_2, rest = _unit_or_scale(text, scale_1, scale_2, currency, rest)
    unit, or_more = _tail(text, rest, currency)
    if g["vague"]:
        floor = float(VAGUE[g["vague"]]) * (SCALES[g["vs"]] if g["vs"] else 1)
        return Figure(text, floor, floor, None, unit, "at_least", vague=g["vague"])
    # "50 to 70 thousand": a scale written once applies to both ends
    first = _number(text, g["n1"], scale_1 or (scale_2 if g["n2"] else None))
    first = -first if g["sign"] else first
    qualifier = or_more or ("at_least" if g["plus"] else ("about" if about and qualifier == "exact" else qualifier))
    second = _number(text, g["n2"], scale_2) if g["n2"] else None
    if share and (unit is None or units.dimension(unit).startswith("count:")) and "/" not in (unit or "") \
            and not (scale_1 or scale_2):
        # "two thirds (of the buildings)", "more than half": a share
        unit, first, second = "%", first * 100, (None if second is None else second * 100)
    if second is not None:
        return _range(text, first, second, unit, qualifier)
    if qualifier == "range":
        raise FigureError(f"cannot read figure {text!r}: '{g['qual']}' needs two numbers")
    return _bounded(text, first, unit, qualifier)


def _unit_or_scale(text: str, scale_1, scale_2, currency, rest) -> tuple:
    """'m' and 't' after a number: a million and a trillion in money (and 'M' always),
    metres and tonnes otherwise; a scale that is a unit goes back to the unit's words."""
    for letter in UNIT_OR_SCALE:
        if letter in (scale_1, scale_2) and not _scaled(letter, text, currency, rest):
            rest = f"{letter} {rest}".strip()
            scale_1, scale_2 = (None if s == letter else s for s in (scale_1, scale_2))
    return scale_1, scale_2, rest


def _scaled(letter: str, text: str, currency: str | None, rest: str) -> bool:
    if currency or _CURRENCY_WORD_RE.match(rest):
        return True
    if letter == "t":
        return False
    if re.search(r"\d\s?M(?![a-zA-Z])", text):  # "3M", "2.5 M": a million
        return True
    word = _WORD_RE.match(rest)
    return bool(word) and word.group() not in NOT_NOUNS and not _RATE_RE.match(rest)


_TWO_UNITS = re.compile(rf"^(?P<lead>{_LEAD})(?P<a>\d+(?:\.\d+)?)\s*(?P<u>[a-z][a-z ]*?)\s*,?\s+(?:and\s+)?"
                        rf"(?P<b>\d+(?:\.\d+)?)\s*(?P<v>[a-z][a-z ]*?)$")


def _two_units(text: str, clean: str) -> Figure | None:
    """'7 feet 10 inches', '2 years and 3 months': one figure in the smaller unit."""
    m = _TWO_UNITS.match(clean) if " " in clean else None
    if not m:
        return None
    big, small = units.UNIT_ALIASES.get(m.group("u")), units.UNIT_ALIASES.get(m.group("v"))
    if not big or not small or big == small or units.dimension(big) != units.dimension(small):
        return None
    total = float(m.group("a")) * units.base_factor(big) / units.base_factor(small) + float(m.group("b"))
    amount = str(int(total)) if total.is_integer() else repr(total)
    return _read(text, f"{m.group('lead')}{amount} {m.group('v')}")


def _share_of(clean: str) -> str | None:
    """'37 out of 39', 'one in eight': a share, written as the percentage it is."""
    m = _SHARE_OF.match(clean)
    if not m or (m.group("lead") and not re.fullmatch(_LEAD, m.group("lead"))):
        return None
    part, whole = (float(m.group(g).replace(",", "")) for g in ("part", "whole"))
    if not 0 < part <= whole or 1900 <= whole <= 2100 and "." not in m.group("whole"):  # "3 in 2024": a year
        return None
    return f"{m.group('lead')}{part / whole * 100!r} %{m.group('rest')}"


def _two_bounds(text: str, clean: str) -> Figure | None:
    """'more than 100 and less than 300', 'at most 100 and at least 20': a range."""
    first, _, second = clean.partition(" and ")
    if not (re.match(_QUAL, first) and re.match(_QUAL, second)):
        return None
    try:
        a, b = _read(first, first), _read(second, second)
    except FigureError:
        return None
    lows = [f.low for f in (a, b) if f.high is None and f.low is not None]
    highs = [f.high for f in (a, b) if f.low is None and f.high is not None]
    if len(lows) != 1 or len(highs) != 1 or a.unit != b.unit and None not in (a.unit, b.unit):
        return None
    return _range(text, lows[0], highs[0], a.unit or b.unit, "range")


def _no_number(clean: str) -> str:
    """Why no number was read: nothing like one, or a word that is not one ("three-ish")."""
    lead = re.match(_LEAD, clean)
    first = clean[lead.end() if lead else 0:].split(" ")[0]
    if _wordy(clean) or re.search(r"\d", clean):
        return f"unexpected {first!r} where the number should be; {EXPLICIT}"
    return "no number where one was expected"


def _number(text: str, digits: str, scale: str | None) -> float:
    if digits.isdigit():
        value = float(digits)
    else:
        value = float(digits.replace(",", "").replace(" ", ""))
    if scale:
        value *= SCALES[scale]
    if not -1e15 <= value <= 1e15:
        raise FigureError(f"cannot read figure {text!r}: the number is too large")
    return value


# ---------------------------------------------------------------- intervals

def _range(text, low, high, unit, qualifier) -> Figure:
    if qualifier not in ("exact", "about", "range"):
        raise FigureError(f"cannot read figure {text!r}: a range cannot also be {qualifier.replace('_', ' ')}")
    if low > high:
        raise FigureError(f"cannot read figure {text!r}: the range runs backwards")
    return Figure(text, (low + high) / 2, low, high, unit, "range")


def band(value: float, qualifier: str) -> tuple[float, float]:
    """(low, high) of a figure hedged as just short of or just past `value` (BANDS)."""
    a, b = (float(f"{value * share:.12g}") for share in BANDS[qualifier])  # 440, not 440.00000000000006
    return min(a, b), max(a, b)  # "nearly -5%": -5 to -4.5


def _bounded(text, value, unit, qualifier) -> Figure:
    if qualifier in BANDS:
        return Figure(text, value, *band(value, qualifier), unit, qualifier)
    if qualifier in ("at_least", "more_than"):
        return Figure(text, value, value, None, unit, qualifier)
    if qualifier in ("at_most", "less_than", "within"):
        return Figure(text, value, None, value, unit, qualifier)
    return Figure(text, value, value, value, unit, qualifier)


# ---------------------------------------------------------------- what follows the number

def _tail(text: str, rest: str, currency: str | None = None) -> tuple[str | None, str | None]:
    if not rest and not currency:
        return None, None
    code = None
    if len(rest) >= 3 and rest[:3].isalpha() and (len(rest) == 3 or rest[3] == " "):  # "42 KWD"
        word = rest[:3].upper()
        code = word if word in ISO_CODES and re.search(rf"\b{word}\b", text) else None
    try:
        return _read_tail(rest, currency, code)
    except FigureError as error:
        raise FigureError(f"cannot read figure {text!r}: {error}") from None


@functools.lru_cache(maxsize=8192)
def _read_tail(rest: str, currency: str | None = None, code: str | None = None) -> tuple:
    """What follows the number: (unit, or-more qualifier). Few distinct tails: cached.
    `code`: an ISO currency code written in capitals first in the tail ("42 KWD")."""
    if " of " in rest and _PERCENT_WORD.match(rest):  # "14 percent of the daily aid": a share, not a rate
        rest = rest[:rest.index(" of ")]
    rest, period = _take_rate(rest)
    rest, or_more = _take_or_more(rest)
    unit = code or _read_unit(rest)
    if currency:  # "$10 million (in aid)": money, whatever else is named
        if unit and units.dimension(unit).startswith("currency:") and unit != currency:
            raise FigureError(f"two currencies, {currency} and {unit}")
        unit = currency
    if period:
        unit = f"{unit or 'times'}/{period}"
    return unit, or_more


_PERCENT_WORD = re.compile(r"^(?:%|percent|per cent|pct|percentage)(?![a-z])")


def _take_rate(rest: str) -> tuple[str, str | None]:
    m = _RATE_RE.search(rest)
    if not m:
        return rest.strip(), None
    word = m.group("p1") or m.group("p2") or m.group("p3")
    word = " ".join(word.split())
    period = _SHORT_PERIOD.get(word) or units.PERIODS[word]
    return (rest[: m.start()] + " " + rest[m.end():]).strip(), period


def _take_or_more(rest: str) -> tuple[str, str | None]:
    m = _OR_MORE_RE.search(rest)
    if not m:
        return rest, None
    upward = m.group("dir") in ("more", "over", "above", "greater", "higher", "larger")
    return (rest[: m.start()] + rest[m.end():]).strip(), "at_least" if upward else "at_most"


# after the number: a unit or words; digits only as the 2 or 3 of km2, m3
_REST_OK = re.compile(rf"^(?:[%a-z(µ{_MARKS}](?:[a-zµ%'/.$ -]|(?<=[a-z])[23])*)?$")


def _read_unit(rest: str) -> str | None:
    rest = rest.rstrip(".,;:!")
    if not _REST_OK.match(rest):
        raise FigureError(f"unexpected {rest!r} after the number; {EXPLICIT}")
    stray = _SPOKEN_RE.search(rest)
    if stray:
        raise FigureError(f"{stray.group()!r} after the number reads as part of a number, not as what is "
                          f"counted; {EXPLICIT}")
    if rest == "in":  # "5 in": inches; "5 in Kyiv" is something else
        return "in"
    speed = next((unit for name, unit in SPEEDS.items() if rest == name or rest.startswith(name + " ")), None)
    if speed:
        return speed
    known = units.UNIT_ALIASES.get(rest) or units.CURRENCY_ALIASES.get(rest)
    if known:
        return known
    of_a = _OF_A_RE.match(rest)  # "three-quarters of a mile"
    m = _UNIT_RE.match(rest[of_a.end():] if of_a else rest) or _CURRENCY_WORD_RE.match(rest)
    if m:
        found = m.group(0)
        return units.UNIT_ALIASES.get(found) or units.CURRENCY_ALIASES.get(found) or "%"
    return _counted_noun(rest)


# words that say how, never what: passed over when looking for the counted noun
_ADVERBS = frozenset("very almost about around approximately roughly nearly just only also still already again "
                     "even so too quite altogether overall respectively".split())
_LY_NOUNS = frozenset("family families ally supply assembly rally anomaly monopoly belly fly jelly lily reply italy "
                      "july melee bully gully valley alley volley trolley".split())


def _counted_noun(rest: str) -> str | None:
    """The noun a count counts: the head of the words after the number ("300 Russian
    soldiers": soldiers; "530 armoured personnel carriers": carriers); never a number's
    own word, nor a word two units share ("pounds")."""
    phrase = []
    for word in _WORD_RE.findall(rest):
        if word in _ADVERBS or (word.endswith("ly") and word not in _LY_NOUNS):
            continue  # "20 heavily armoured tanks", "400 soldiers approximately": never the counted noun
        if word in AMBIGUOUS_UNITS:
            raise FigureError(f"{word!r} could be {AMBIGUOUS_UNITS[word]}: write which")
        if word in NOT_NOUNS or word == "and" or (phrase and word.endswith(("ing", "ed"))
                                                  and word not in CASUALTIES and word not in MODIFIERS):
            break  # "400 casualties attacking the hub", "300 people displaced": the noun came first
        if word in NUMBER_WORDS:
            raise FigureError(f"{word!r} after the number reads as part of a number, not as what is counted; "
                              f"{EXPLICIT}")
        phrase.append(word)
    while len(phrase) > 1 and (phrase[-1] in MODIFIERS or phrase[-1] in CASUALTIES):
        phrase.pop()  # "300 soldiers killed": the noun comes before what happened to it
    nouns = [word for word in phrase if word not in MODIFIERS and word not in CASUALTIES]
    if not nouns:  # "942 killed": what happened to them is what is counted
        return next((word for word in phrase if word in CASUALTIES), None)
    if len(phrase) >= 2 and (pair := units.COUNT_NOUNS.get(" ".join(phrase[-2:]))):
        return pair
    head = phrase[-1] if phrase[-1] not in MODIFIERS else nouns[-1]
    return units.COUNT_NOUNS.get(head, head)


# ---------------------------------------------------------------- restatements

def _check_restatement(figure: Figure, restated_text: str) -> Figure:
    """'3 kilometers (1.9 miles)': one figure; warn if the two disagree beyond rounding."""
    try:
        other = _read(restated_text, restated_text)
    except (FigureError, NumeralError):
        raise FigureError(f"cannot read the restated figure ({restated_text}) in {figure.text!r}") from None
    period = units.split_rate(figure.unit)[1] if figure.unit else None
    if period and other.unit and "/" not in other.unit:
        # "300 sq km (116 sq mi) in the past month": the rate covers both
        other = Figure(other.text, other.value, other.low, other.high, f"{other.unit}/{period}", other.qualifier)
    if figure.unit != other.unit and all(units.dimension(u).startswith("currency:") for u in (figure.unit, other.unit)):
        # "UAH 969.2 billion (USD 26.25 billion)": the same sum in another currency, not compared
        return Figure(figure.text, figure.value, figure.low, figure.high, figure.unit, figure.qualifier,
                      figure.vague, f"restated in {other.unit} ({restated_text}), not compared")
    try:
        units.check_compatible(figure.unit, other.unit, what="restated figure: ")
    except ClaimsError as error:  # "3 (3 km)": the figure itself is the problem
        raise FigureError(str(error)) from None
    if figure.value is None or other.value is None:
        return figure
    a = figure.value * units.base_factor(figure.unit)
    b = other.value * units.base_factor(other.unit)
    slack = (_rounding(figure.text, figure.unit) + _rounding(restated_text, other.unit)
             + 0.01 * max(abs(a), abs(b)))
    if abs(a - b) <= slack:
        return figure
    shown = units.convert(other.value, other.unit, figure.unit)
    warning = (f"restated figure ({restated_text}) is {_short(shown)} {figure.unit or ''}".rstrip()
               + f", not {_short(figure.value)} {figure.unit or ''}".rstrip())
    return Figure(figure.text, figure.value, figure.low, figure.high, figure.unit,
                  figure.qualifier, figure.vague, warning)


def _rounding(text: str, unit: str | None) -> float:
    """Half the place of the last written digit, in base units: '1.9' -> 0.05, '300' -> 50."""
    m = re.search(_DIGITS, text)
    if not m:
        return 0.0
    digits = m.group(0).replace(",", "").replace(" ", "")
    if "." in digits:
        place = 10.0 ** -len(digits.split(".")[1])
    else:
        place = 10.0 ** (len(digits) - len(digits.rstrip("0")))
    return 0.5 * place * units.base_factor(unit)


def _short(x: float | None) -> str:
    return "" if x is None else f"{x:.3g}"
