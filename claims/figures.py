"""Reading a figure as people write it, into an interval with a unit.

"at least 20,000" -> [20000, open); "300 to 400 soldiers daily" -> [300, 400]
soldiers/day; "within 1 mile" -> [open, 1] mi; "dozens of tanks" -> at least 12
tanks, with ACLED's vague word kept; "3 kilometers (1.9 miles)" -> one figure,
with a warning when the restatement disagrees by more than rounding.

`parse()` raises only `FigureError`, whatever it is given. Pint is loaded only
to check a restated figure and by `Figure.base()`, when a figure is stored.
"""

import functools
import re
from dataclasses import dataclass

from . import units
from .errors import ClaimsError


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
    def dimension(self) -> str:
        return units.dimension(self.unit)

    def base(self) -> tuple[float | None, float | None, float | None]:
        """(low, value, high) in the dimension's base unit; None is an open side."""
        factor = units.base_factor(self.unit)
        low, value, high = self.low, self.value, self.high
        return (None if low is None else low * factor, None if value is None else value * factor,
                None if high is None else high * factor)


# phrase -> qualifier. "as close as 3 km" names the nearest point, so it is the
# figure itself, not an upper bound.
QUALIFIERS = {
    "as close as": "exact", "as near as": "exact",
    "about": "about", "around": "about", "roughly": "about", "approximately": "about",
    "approx.": "about", "approx": "about", "nearly": "about", "almost": "about",
    "some": "about", "circa": "about", "ca.": "about", "an estimated": "about",
    "estimated": "about", "~": "about",
    "at least": "at_least", "no fewer than": "at_least", "no less than": "at_least",
    "not less than": "at_least", "a minimum of": "at_least", ">=": "at_least", "≥": "at_least",
    "more than": "more_than", "over": "more_than", "exceeded": "more_than",
    "exceeding": "more_than", "just over": "more_than", "above": "more_than",
    "in excess of": "more_than", "upwards of": "more_than", ">": "more_than",
    "up to": "at_most", "at most": "at_most", "no more than": "at_most",
    "not more than": "at_most", "a maximum of": "at_most", "<=": "at_most", "≤": "at_most",
    "less than": "less_than", "fewer than": "less_than", "under": "less_than",
    "just under": "less_than", "below": "less_than", "<": "less_than",
    "within": "within",
    "between": "range",
}

# ACLED's rule for vague words: the word's floor, kept as a lower bound.
VAGUE = {
    "tens of thousands": 10_000, "hundreds of thousands": 100_000,
    "tens": 10, "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1_000,
    "millions": 1_000_000,
}

SCALES = {"hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6,
          "billion": 1e9, "bn": 1e9}

UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS_WORDS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
              "seventy": 70, "eighty": 80, "ninety": 90}
OTHER_WORDS = {"a dozen": 12, "dozen": 12, "half a dozen": 6, "a hundred": 100,
               "hundred": 100, "a thousand": 1000, "a couple of": 2, "a pair of": 2}

# words that describe a counted noun without being it ("300 Russian soldiers")
MODIFIERS = frozenset(
    "russian ukrainian enemy our their own more new additional other of the a an and "
    "killed wounded destroyed lost eliminated captured confirmed reported some".split()
)
# words that are never the counted noun ("300 to", "5 in")
NOT_NOUNS = frozenset("to from in on at for with by per into onto over under than then that this these those "
                      "is are was were be been had has have it its as or but if so".split())


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\x20\d{3})+(?![\d.,])|\d+(?:\.\d+)?|\.\d+"
_WORDNUM = (
    rf"(?:{_alternation(TENS_WORDS)})(?:[- ](?:{_alternation(k for k in UNITS_WORDS if UNITS_WORDS[k] < 10)}))?"
    rf"|{_alternation(OTHER_WORDS)}|{_alternation(UNITS_WORDS)}"
)
_NUM = rf"(?:{_DIGITS}|(?:{_WORDNUM})(?![a-z]))"
_SCALE = rf"(?:{_alternation(SCALES)})(?![a-z])"
_QUAL = rf"(?:{_alternation(QUALIFIERS)})(?![a-z])"

FIGURE_RE = re.compile(
    rf"""^(?:(?P<qual>{_QUAL})\s*)?
    (?:
        (?P<vague>{_alternation(VAGUE)})(?![a-z])(?:\s+of(?![a-z]))?
      | (?P<sign>[-−])?(?P<n1>{_NUM})\s*(?P<s1>{_SCALE})?(?P<plus>\+)?
        (?:\s*(?:-|to|and|or)\s*(?P<n2>{_NUM})\s*(?P<s2>{_SCALE})?)?
    )
    (?P<rest>.*)$""",
    re.VERBOSE | re.DOTALL,
)

_RATE_RE = re.compile(
    r"(?:(?<![a-z])(?:a|an|per|each|every|in\s+a|in\s+one|(?:over|in)\s+the\s+(?:past|last)|the\s+(?:past|last))\s+"
    r"(?P<p1>hour|day|week|month|year|24\s+hours)(?![a-z])"
    r"|/\s*(?P<p2>hour|day|week|month|year|h|d)(?![a-z])"
    r"|(?<![a-z])(?P<p3>hourly|daily|weekly|monthly|yearly|annually)(?![a-z]))"
)
_SHORT_PERIOD = {"h": "hour", "d": "day", "24 hours": "day"}

_UNIT_RE = re.compile(rf"^(?:%|(?:{_alternation(units.UNIT_ALIASES)})(?![a-z0-9]))")
_OR_MORE_RE = re.compile(r"(?<![a-z])or\s+(?P<dir>more|over|above|fewer|less|under)(?![a-z])")
_WORD_RE = re.compile(r"[a-z][a-z'-]*")
_BRACKET_RE = re.compile(r"\(([^()]*)\)")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\t": " ",
                         "\n": " ", "\r": " ", "–": "-", "—": "-", "²": "2"})

MAX_LENGTH = 500


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
    clean = " ".join((text if text.isascii() else text.translate(_SPACES)).lower().split())
    restated = None
    if "(" in clean and (match := _BRACKET_RE.search(clean)):
        restated = match.group(1).strip()
        clean = (clean[: match.start()] + " " + clean[match.end():]).strip()
    figure = _read(text, clean)
    if restated:
        figure = _check_restatement(figure, restated)
    return figure


def _read(text: str, clean: str) -> Figure:
    m = FIGURE_RE.match(clean)
    g = m.groupdict() if m else {}
    if not (g.get("n1") or g.get("vague")):
        raise FigureError(f"cannot read figure {text!r}: no number where one was expected")
    qualifier = QUALIFIERS.get(g["qual"] or "", "exact")
    unit, or_more = _tail(text, g["rest"].strip())
    if g["vague"]:
        floor = float(VAGUE[g["vague"]])
        return Figure(text, floor, floor, None, unit, "at_least", vague=g["vague"])
    # "50 to 70 thousand": a scale written once applies to both ends
    first_scale = g["s1"] or (g["s2"] if g["n2"] else None)
    first = _number(text, g["n1"], first_scale)
    if g["sign"]:
        first = -first
    if g["plus"]:
        qualifier = "at_least"
    qualifier = or_more or qualifier
    if g["n2"]:
        return _range(text, first, _number(text, g["n2"], g["s2"]), unit, qualifier)
    return _bounded(text, first, unit, qualifier)


def _number(text: str, digits: str, scale: str | None) -> float:
    if digits.isdigit():
        value = float(digits)
    elif digits[0].isdigit() or digits[0] == ".":
        value = float(digits.replace(",", "").replace(" ", ""))
    else:
        value = float(_word_value(digits))
    if scale:
        value *= SCALES[scale]
    if not -1e15 <= value <= 1e15:
        raise FigureError(f"cannot read figure {text!r}: the number is too large")
    return value


def _word_value(words: str) -> int:
    if words in OTHER_WORDS:
        return OTHER_WORDS[words]
    if words in UNITS_WORDS:
        return UNITS_WORDS[words]
    tens, _, ones = words.replace("-", " ").partition(" ")
    return TENS_WORDS[tens] + UNITS_WORDS.get(ones, 0)


def _range(text, low, high, unit, qualifier) -> Figure:
    if qualifier not in ("exact", "about", "range"):
        raise FigureError(f"cannot read figure {text!r}: a range cannot also be {qualifier.replace('_', ' ')}")
    if low > high:
        raise FigureError(f"cannot read figure {text!r}: the range runs backwards")
    return Figure(text, (low + high) / 2, low, high, unit, "range")


def _bounded(text, value, unit, qualifier) -> Figure:
    if qualifier == "range":
        raise FigureError(f"cannot read figure {text!r}: 'between' needs two numbers")
    if qualifier in ("at_least", "more_than"):
        return Figure(text, value, value, None, unit, qualifier)
    if qualifier in ("at_most", "less_than", "within"):
        return Figure(text, value, None, value, unit, qualifier)
    return Figure(text, value, value, value, unit, qualifier)


def _tail(text: str, rest: str) -> tuple[str | None, str | None]:
    if not rest:
        return None, None
    try:
        return _read_tail(rest)
    except FigureError as error:
        raise FigureError(f"cannot read figure {text!r}: {error}") from None


@functools.lru_cache(maxsize=8192)
def _read_tail(rest: str) -> tuple[str | None, str | None]:
    """What follows the number: (unit, or-more qualifier). Few distinct tails: cached."""
    rest, period = _take_rate(rest)
    rest, or_more = _take_or_more(rest)
    unit = _read_unit(rest)
    if period:
        unit = f"{unit or 'times'}/{period}"
    return unit, or_more


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
    upward = m.group("dir") in ("more", "over", "above")
    return (rest[: m.start()] + rest[m.end():]).strip(), "at_least" if upward else "at_most"


# after the number: a unit or words; digits only as the 2 of km2, mi2, m2
_REST_OK = re.compile(r"^(?:[%a-z(](?:[a-z%'/. -]|(?<=[mi])2)*)?$")


def _read_unit(rest: str) -> str | None:
    rest = rest.rstrip(".,;:!")
    if not _REST_OK.match(rest):
        raise FigureError(f"unexpected {rest!r} after the number")
    known = units.UNIT_ALIASES.get(rest)
    if known:
        return known
    m = _UNIT_RE.match(rest)
    if m:
        return units.UNIT_ALIASES.get(m.group(0), "%")
    words = _WORD_RE.findall(rest)
    for size in (2, 1):
        for i in range(len(words) - size + 1):
            noun = units.COUNT_NOUNS.get(" ".join(words[i:i + size]))
            if noun:
                return noun
    for word in words:
        if word in NOT_NOUNS:
            return None
        if word not in MODIFIERS:
            return word
    return None


def _check_restatement(figure: Figure, restated_text: str) -> Figure:
    """'3 kilometers (1.9 miles)': one figure; warn if the two disagree beyond rounding."""
    try:
        other = _read(restated_text, restated_text)
    except FigureError:
        raise FigureError(f"cannot read the restated figure ({restated_text}) in {figure.text!r}") from None
    period = units.split_rate(figure.unit)[1] if figure.unit else None
    if period and other.unit and "/" not in other.unit:
        # "300 sq km (116 sq mi) in the past month": the rate covers both
        other = Figure(other.text, other.value, other.low, other.high, f"{other.unit}/{period}", other.qualifier)
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
