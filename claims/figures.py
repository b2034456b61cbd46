"""Reading a figure as people write it, into an interval with a unit.

"at least 20,000" -> [20000, open); "300 to 400 soldiers daily" -> [300, 400]
soldiers/day; "within 1 mile" -> [open, 1] mi; "dozens of tanks" -> at least 12
tanks, with ACLED's vague word kept; "one hundred and forty two" -> 142 (number
words are read by text2num); "two thirds" -> 66.7%; "over £3 billion" -> more than
3e9 GBP; "3 kilometers (1.9 miles)" -> one figure, with a warning when the
restatement disagrees by more than rounding.

Nothing is read in silence: a figure whose number part cannot be accounted for
word by word, or that is a time of day, an age or a rank, raises `FigureError`
naming what could not be read. `parse()` raises nothing else, whatever it is
given. Pint is loaded only to check a restated figure and by `Figure.base()`.
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


# ---------------------------------------------------------------- vocabulary (data)

# phrase -> qualifier. "as close as 3 km" names the nearest point, so it is the figure
# itself; "nearly 400" is short of 400: at most 400.
QUALIFIERS = {
    "as close as": "exact", "as near as": "exact", "equal to": "exact", "exactly": "exact",
    "about": "about", "around": "about", "roughly": "about", "approximately": "about",
    "approx.": "about", "approx": "about", "some": "about", "circa": "about", "ca.": "about",
    "an estimated": "about", "estimated": "about", "more or less": "about", "~": "about",
    "nearly": "at_most", "almost": "at_most", "close to": "at_most", "just short of": "at_most",
    "as many as": "at_most", "as much as": "at_most",
    "at least": "at_least", "no fewer than": "at_least", "no less than": "at_least",
    "not less than": "at_least", "not fewer than": "at_least", "a minimum of": "at_least",
    "greater than or equal to": "at_least", "more than or equal to": "at_least", ">=": "at_least", "≥": "at_least",
    "more than": "more_than", "over": "more_than", "exceeded": "more_than", "exceeding": "more_than",
    "exceeds": "more_than", "exceed": "more_than", "just over": "more_than", "well over": "more_than",
    "above": "more_than", "well above": "more_than", "in excess of": "more_than", "upwards of": "more_than",
    "upward of": "more_than", "greater than": "more_than", "higher than": "more_than",
    "larger than": "more_than", ">": "more_than",
    "up to": "at_most", "at most": "at_most", "no more than": "at_most", "not more than": "at_most",
    "a maximum of": "at_most", "less than or equal to": "at_most", "fewer than or equal to": "at_most",
    "<=": "at_most", "≤": "at_most",
    "less than": "less_than", "fewer than": "less_than", "under": "less_than", "just under": "less_than",
    "below": "less_than", "lower than": "less_than", "<": "less_than",
    "within": "within",
    "between": "range", "from": "range",
}

# ACLED's rule for vague words: the word's floor, kept as a lower bound.
VAGUE = {
    "tens of thousands": 10_000, "hundreds of thousands": 100_000, "tens of millions": 10_000_000,
    "hundreds of millions": 100_000_000,
    "tens": 10, "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1_000,
    "millions": 1_000_000, "billions": 1_000_000_000,
}

# a scale after a number. "m" is a million only before a counted noun or in money
# ("2.5m people", "$10m"); "500 m" and "300m from the front" are metres.
SCALES = {"hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6,
          "billion": 1e9, "bn": 1e9, "bln": 1e9, "trillion": 1e12, "tn": 1e12, "dozen": 12}

# The words of cardinal numbers, as text2num reads them. Only which words belong to a
# number is decided here; what they are worth is text2num's to say.
CARDINALS = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand "
    "million billion trillion".split())
DIGIT_WORDS = frozenset("zero one two three four five six seven eight nine".split())
BIG_SCALES = ("thousand", "million", "billion", "trillion")  # smallest first

# fractions, singular and plural: "a third", "two thirds"
FRACTIONS = {"half": 1 / 2, "halves": 1 / 2, "third": 1 / 3, "thirds": 1 / 3, "quarter": 1 / 4,
             "quarters": 1 / 4, "fourth": 1 / 4, "fourths": 1 / 4, "fifth": 1 / 5, "fifths": 1 / 5,
             "sixth": 1 / 6, "sixths": 1 / 6, "seventh": 1 / 7, "sevenths": 1 / 7, "eighth": 1 / 8,
             "eighths": 1 / 8, "ninth": 1 / 9, "ninths": 1 / 9, "tenth": 1 / 10, "tenths": 1 / 10}
# small counts written as phrases
COUNT_PHRASES = {("a", "couple", "of"): 2, ("a", "couple"): 2, ("a", "pair", "of"): 2, ("a", "dozen"): 12}

# every word that belongs to a number: none of them is ever what a figure counts
NUMBER_WORDS = CARDINALS | set(SCALES) | set(FRACTIONS) | set(VAGUE) | {"dozens", "couple", "pair", "point"}
# number words that cannot stand after a figure's number at all ("1,000 two hundred"); the
# others are ordinary words too ("the old quarter", "a point") or units ("m")
_SPOKEN = CARDINALS | {"dozen", "dozens", "bn", "bln", "mln", "mn", "tn", "billions", "millions"}
_SPOKEN_RE = re.compile(r"(?<![a-z])(?:{0})(?:[ ,-]+(?:and[ ]+)?(?:{0}))*(?![a-z])".format(
    "|".join(sorted(_SPOKEN, key=len, reverse=True))))

# words that describe a counted noun without being it ("300 Russian soldiers")
MODIFIERS = frozenset(
    "russian ukrainian enemy our their own more new additional other of the a an and "
    "killed wounded destroyed lost eliminated captured confirmed reported some".split()
)
# words that are never the counted noun ("300 to", "5 in", "300m away")
NOT_NOUNS = frozenset("to from in on at for with by per into onto over under than then that this these those "
                      "is are was were be been had has have it its as or but if so away wide long deep high tall "
                      "ahead behind north south east west northeast northwest southeast southwest".split())

# What is not a figure, though it holds a number: refused with the reason.
NOT_FIGURES = [
    (re.compile(r"^(?:at\s+)?\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?|o'clock)$|^(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?$"),
     "it looks like a time of day, not a figure"),
    (re.compile(r"\bage[sd]?\s+(?:of\s+)?\d|\d+[- ]years?[- ]old\b|\bunder-\d+s?\b"),
     "it looks like an age, not a figure"),
    (re.compile(r"^(?:the\s+)?(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
                r"tenth|eleventh|twelfth|twentieth|hundredth|thousandth)\b"),
     "it looks like a rank or position (an ordinal), not a figure"),
]

EXPLICIT = ("give the numbers explicitly (--value, --low, --high and --unit; "
            "in a file, the columns value, low, high and unit)")


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\x20\d{3})+(?![\d.,/])|\d+(?:\.\d+)?|\.\d+"
_NUM = rf"(?:{_DIGITS})"
_SCALE = rf"(?:{_alternation(SCALES)})(?![a-z0-9])"
_QUAL = rf"(?:{_alternation(QUALIFIERS)})(?![a-z])"
_CURRENCY_MARKS = [name for name in units.CURRENCY_ALIASES if not name.isalpha() or len(name) == 3]
_CUR = rf"(?:{_alternation(_CURRENCY_MARKS)})(?![a-z])"

FIGURE_RE = re.compile(
    rf"""^(?:(?P<qual>{_QUAL})\s*)?
    (?:an?\s+(?=[\d$£€₴₽¥₹₪₺]))?
    (?:
        (?P<vague>{_alternation(VAGUE)})(?![a-z])(?:\s+of(?![a-z]))?
      | (?P<cur>{_CUR})?\s*(?P<sign>[-−])?(?P<n1>{_NUM})\s*(?P<s1>{_SCALE})?(?P<plus>\+)?
        (?:\s*(?:-|to|and|or)\s*(?:{_CUR})?\s*(?P<n2>{_NUM})\s*(?P<s2>{_SCALE})?)?
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
_CURRENCY_WORD_RE = re.compile(rf"^(?:{_alternation(units.CURRENCY_ALIASES)})(?![a-z])")
_OR_MORE_RE = re.compile(r"(?<![a-z])(?:or|and)\s+(?P<dir>more|over|above|greater|higher|larger|fewer|less|under|"
                         r"below|lower)(?![a-z])")
_OF_A_RE = re.compile(r"^of\s+(?:an?\s+|the\s+)?")
_WORD_RE = re.compile(r"[a-z][a-z'-]*")
_BRACKET_RE = re.compile(r"\(([^()]*)\)")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\t": " ", "\n": " ", "\r": " ",
                         "–": "-", "—": "-", "−": "-", "²": "2", "³": "3", "½": " 1/2", "¼": " 1/4", "¾": " 3/4",
                         "⅓": " 1/3", "⅔": " 2/3"})
# number words (and digit fractions) that send a figure through the word reader
_WORDY = re.compile(rf"(?<![a-z])(?:{_alternation(CARDINALS | set(FRACTIONS) | {'dozen', 'couple', 'pair'})})"
                    r"(?![a-z])|\d/\d")
# a hyphen between a number and its unit or another number word: "27-kilometer", "six-mile",
# "forty-two", "three-quarters" (not "three-ish": that word is not accounted for)
_HYPHEN = re.compile(rf"(\d|(?<![a-z])(?:{_alternation(CARDINALS | set(FRACTIONS))}))-(?="
                     rf"(?:{_alternation(CARDINALS | set(FRACTIONS) | set(units.UNIT_ALIASES))})(?![a-z]))")

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


def _refuse_non_figures(text: str, clean: str) -> None:
    for pattern, reason in NOT_FIGURES:
        if pattern.search(clean):
            raise FigureError(f"cannot read figure {text!r}: {reason}")


def _read(text: str, clean: str) -> Figure:
    _refuse_non_figures(text, clean)
    share = False
    if "-" in clean:
        clean = _HYPHEN.sub(r"\1 ", clean)
    if _WORDY.search(clean):
        clean, share = _numerals(text, clean)
    m = FIGURE_RE.match(clean)
    g = m.groupdict() if m else {}
    if not (g.get("n1") or g.get("vague")):
        raise FigureError(f"cannot read figure {text!r}: {_no_number(clean)}")
    qualifier = QUALIFIERS.get(g["qual"] or "", "exact")
    scale_1, scale_2, rest = g["s1"], g["s2"], g["rest"].strip()
    currency = units.CURRENCY_ALIASES[g["cur"]] if g["cur"] else None
    if "m" in (scale_1, scale_2) and not _million(currency, rest):  # "500 m": metres
        rest = f"m {rest}".strip()
        scale_1, scale_2 = (None if s == "m" else s for s in (scale_1, scale_2))
    unit, or_more = _tail(text, rest, currency)
    if g["vague"]:
        floor = float(VAGUE[g["vague"]])
        return Figure(text, floor, floor, None, unit, "at_least", vague=g["vague"])
    # "50 to 70 thousand": a scale written once applies to both ends
    first_scale = scale_1 or (scale_2 if g["n2"] else None)
    first = _number(text, g["n1"], first_scale)
    if g["sign"]:
        first = -first
    if g["plus"]:
        qualifier = "at_least"
    qualifier = or_more or qualifier
    second = _number(text, g["n2"], scale_2) if g["n2"] else None
    if share and (unit is None or units.dimension(unit).startswith("count:")) and not (scale_1 or scale_2):
        # "two thirds (of the buildings)", "more than half": a share
        unit, first, second = "%", first * 100, (None if second is None else second * 100)
    if second is not None:
        return _range(text, first, second, unit, qualifier)
    if qualifier == "range":
        raise FigureError(f"cannot read figure {text!r}: '{g['qual']}' needs two numbers")
    return _bounded(text, first, unit, qualifier)


def _no_number(clean: str) -> str:
    """Why no number was read: nothing like one, or a word that is not one ("three-ish")."""
    qualifier = re.match(rf"(?:{_QUAL})\s*", clean)
    first = clean[qualifier.end() if qualifier else 0:].split(" ")[0]
    if _WORDY.search(first) or first[:1].isdigit():
        return f"unexpected {first!r} where the number should be; {EXPLICIT}"
    return "no number where one was expected"


def _million(currency: str | None, rest: str) -> bool:
    """Whether the 'm' after a number is a million: in money, or before a counted noun."""
    if currency or _CURRENCY_WORD_RE.match(rest):
        return True
    word = _WORD_RE.match(rest)
    return bool(word) and word.group() not in NOT_NOUNS and not _RATE_RE.match(rest)


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


# ---------------------------------------------------------------- number words

def _numerals(text: str, clean: str) -> tuple[str, bool]:
    """Number words in the number's place(s) as digits: 'one hundred and forty two km' ->
    '142 km', 'between fifty and seventy thousand' -> 'between 50 and 70 thousand'.
    Returns the text and whether the number is a bare fraction ('two thirds'), a share."""
    words = clean.split(" ")
    qualifier = re.match(rf"(?:{_QUAL})\s*", clean)
    i = len(qualifier.group().split()) if qualifier and qualifier.group().endswith(" ") else 0
    if i < len(words) and words[i] in units.CURRENCY_ALIASES:
        i += 1
    first = _number_at(text, words, i)
    if first is None:
        return clean, False
    words[i:first[1]] = first[0]
    share, j = first[2], i + len(first[0])
    j += j < len(words) and words[j] in SCALES
    if j + 1 < len(words) and words[j] in ("to", "-", "and", "or"):
        k = j + 1 + (words[j + 1] in units.CURRENCY_ALIASES)
        second = _number_at(text, words, k) if k < len(words) else None
        if second is not None:
            words[k:second[1]] = second[0]
            share = share and second[2]
    return " ".join(words), share


def _number_at(text: str, words: list[str], i: int) -> tuple[list[str], int, bool] | None:
    """The number written at words[i]: (its words as digits, where it ends, is it a bare
    fraction), or None when no number words start there (plain digits are read later)."""
    n = len(words)
    if i >= n:
        return None
    for phrase, count in COUNT_PHRASES.items():
        if tuple(words[i:i + len(phrase)]) == phrase:
            return [str(count)], i + len(phrase), False
    word = words[i]
    if re.fullmatch(r"\d+/\d+", word):
        return _fraction_digits(text, word, i)
    if word[:1].isdigit():
        value = _digit_value(word)
        return None if value is None else _mixed(words, i + 1, value)
    if word in ("a", "an", "one") and i + 1 < n and words[i + 1] in FRACTIONS:
        return _fraction_words(words, i + 1)
    if word == "half":
        return _fraction_words(words, i)
    if word in ("a", "an") and i + 1 < n and words[i + 1] in CARDINALS:
        if words[i + 1] in ("hundred", *BIG_SCALES):  # "a hundred": one hundred
            return _cardinal_run(text, [*words[:i], "one", *words[i + 1:]], i)
        found = _cardinal_run(text, words, i + 1)  # "a six mile stretch": an article
        return found[0], found[1], found[2]
    if word not in CARDINALS or word in ("hundred", *BIG_SCALES):  # "billion" alone is no number
        return None
    return _cardinal_run(text, words, i)


def _cardinal_run(text: str, words: list[str], i: int) -> tuple[list[str], int, bool]:
    """A run of cardinal words read by text2num: 'one hundred and forty two', 'two point three',
    'seventy thousand' (kept as '70 thousand', so that a range shares its scale)."""
    run, j, n = [], i, len(words)
    while j < n:
        word = words[j].rstrip(",")  # "seven thousand, four hundred": num2words writes commas
        if word in CARDINALS and not (word == "one" and run and j + 1 < n and words[j + 1] in FRACTIONS):
            run.append(word)
        elif word == "and" and run and run[-1] in (*BIG_SCALES, "hundred") and j + 1 < n \
                and words[j + 1].rstrip(",") in CARDINALS:
            run.append(word)
        else:
            break
        j += 1
    if j + 1 < n and words[j] == "point" and words[j + 1] in DIGIT_WORDS:
        decimals = []
        j += 1
        while j < n and words[j] in DIGIT_WORDS:
            decimals.append(words[j])
            j += 1
        return [_format(_words_value(text, [*run, "point", *decimals]))], j, False
    scale = run[-1] if len(run) > 1 and run[-1] in BIG_SCALES and _largest(run) == run[-1] else None
    value = _words_value(text, run[:-1] if scale else run)
    if scale:
        return [_format(value), scale], j, False
    return _mixed(words, j, value) or ([_format(value)], j, False)


def _mixed(words: list[str], j: int, whole: float) -> tuple[list[str], int, bool] | None:
    """A fraction after a whole number: 'and a half', '1/2', 'two thirds' (a share); None if none."""
    n = len(words)
    if words[j:j + 2] in (["and", "a"], ["and", "an"], ["and", "one"]) and j + 2 < n and words[j + 2] in FRACTIONS:
        return [_format(whole + FRACTIONS[words[j + 2]])], j + 3, False
    if j < n and words[j] in FRACTIONS and words[j] != "half":
        return [_format(whole * FRACTIONS[words[j]])], j + 1, True  # "two thirds", "three quarters"
    if j < n and re.fullmatch(r"\d+/\d+", words[j]):
        top, bottom = map(int, words[j].split("/"))
        if bottom and top < bottom:
            return [_format(whole + top / bottom)], j + 1, False  # "2 1/2"
    return None


def _fraction_words(words: list[str], j: int) -> tuple[list[str], int, bool]:
    """'half', 'a quarter', 'half a mile', 'half a dozen': a bare fraction is a share."""
    value = FRACTIONS[words[j]]
    j += 1
    if words[j:j + 1] in (["a"], ["an"]):  # "half a mile"
        j += 1
    return [_format(value)], j, True


def _fraction_digits(text: str, word: str, i: int):
    top, bottom = map(int, word.split("/"))
    if not bottom:
        raise FigureError(f"cannot read figure {text!r}: {word} divides by zero")
    return [_format(top / bottom)], i + 1, True


def _digit_value(word: str) -> float | None:
    try:
        return float(word.replace(",", ""))
    except ValueError:
        return None


def _largest(run: list[str]) -> str:
    scales = [w for w in run if w in BIG_SCALES]
    return max(scales, key=BIG_SCALES.index)


def _words_value(text: str, run: list[str]) -> float:
    """What a run of number words is worth, by text2num; an unreadable run is refused by name."""
    from text_to_num import alpha2digit, text2num

    spoken = " ".join(run)
    try:
        return float(text2num(spoken, "en"))
    except ValueError:
        pass
    try:  # decimals ("two point three") are read by text2num's alpha2digit
        return float(alpha2digit(spoken, "en", threshold=0))
    except ValueError:
        raise FigureError(f"cannot read figure {text!r}: {spoken!r} is not one number; {EXPLICIT}") from None


def _format(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


# ---------------------------------------------------------------- intervals

def _range(text, low, high, unit, qualifier) -> Figure:
    if qualifier not in ("exact", "about", "range"):
        raise FigureError(f"cannot read figure {text!r}: a range cannot also be {qualifier.replace('_', ' ')}")
    if low > high:
        raise FigureError(f"cannot read figure {text!r}: the range runs backwards")
    return Figure(text, (low + high) / 2, low, high, unit, "range")


def _bounded(text, value, unit, qualifier) -> Figure:
    if qualifier in ("at_least", "more_than"):
        return Figure(text, value, value, None, unit, qualifier)
    if qualifier in ("at_most", "less_than", "within"):
        return Figure(text, value, None, value, unit, qualifier)
    return Figure(text, value, value, value, unit, qualifier)


# ---------------------------------------------------------------- what follows the number

def _tail(text: str, rest: str, currency: str | None = None) -> tuple[str | None, str | None]:
    if not rest and not currency:
        return None, None
    try:
        return _read_tail(rest, currency)
    except FigureError as error:
        raise FigureError(f"cannot read figure {text!r}: {error}") from None


@functools.lru_cache(maxsize=8192)
def _read_tail(rest: str, currency: str | None = None) -> tuple[str | None, str | None]:
    """What follows the number: (unit, or-more qualifier). Few distinct tails: cached."""
    rest, period = _take_rate(rest)
    rest, or_more = _take_or_more(rest)
    unit = _read_unit(rest)
    if currency:  # "$10 million (in aid)": money, whatever else is named
        if unit and units.dimension(unit).startswith("currency:") and unit != currency:
            raise FigureError(f"two currencies, {currency} and {unit}")
        unit = currency
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
    upward = m.group("dir") in ("more", "over", "above", "greater", "higher", "larger")
    return (rest[: m.start()] + rest[m.end():]).strip(), "at_least" if upward else "at_most"


# after the number: a unit or words; digits only as the 2 or 3 of km2, m3
_REST_OK = re.compile(r"^(?:[%a-z($£€₴₽¥₹₪₺µ](?:[a-zµ%'/.$ -]|(?<=[a-z])[23])*)?$")


def _read_unit(rest: str) -> str | None:
    rest = rest.rstrip(".,;:!")
    if not _REST_OK.match(rest):
        raise FigureError(f"unexpected {rest!r} after the number; {EXPLICIT}")
    stray = _SPOKEN_RE.search(rest)
    if stray:
        raise FigureError(f"{stray.group()!r} after the number reads as part of a number, not as what is "
                          f"counted; {EXPLICIT}")
    known = units.UNIT_ALIASES.get(rest) or units.CURRENCY_ALIASES.get(rest)
    if known:
        return known
    of_a = _OF_A_RE.match(rest)  # "three-quarters of a mile"
    m = _UNIT_RE.match(rest[of_a.end():] if of_a else rest) or _CURRENCY_WORD_RE.match(rest)
    if m:
        found = m.group(0)
        return units.UNIT_ALIASES.get(found) or units.CURRENCY_ALIASES.get(found) or "%"
    return _counted_noun(rest)


def _counted_noun(rest: str) -> str | None:
    """The noun a count counts ("300 Russian soldiers": soldiers); never a number's own word."""
    words = _WORD_RE.findall(rest)
    for size in (2, 1):
        for i in range(len(words) - size + 1):
            noun = units.COUNT_NOUNS.get(" ".join(words[i:i + size]))
            if noun:
                return noun
    for word in words:
        if word in NOT_NOUNS:
            return None
        if word in NUMBER_WORDS:
            raise FigureError(f"{word!r} after the number reads as part of a number, not as what is counted; "
                              f"{EXPLICIT}")
        if word not in MODIFIERS:
            return word
    return None


# ---------------------------------------------------------------- restatements

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
