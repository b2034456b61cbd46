"""Reading a Ukrainian or Russian figure into the same interval as an English one.

"не менее 3 600 танков" -> [3600, open) tanks; "близько 29,2 тис. осіб" -> 29,200 people;
"від 243 300 до 351 400 человек" -> [243300, 351400] people; "шість російських танків" -> 6
tanks; "восемь с половиной тысяч орудий" -> 8,500 guns; "понад 193 тис. 233 га" -> more
than 193,233 ha. Digits take spaces or no-break spaces between thousands, a comma before
decimals and full stops between thousands ("731.031.151,7 тис. гривень"); number words are
read in every case form; hedges, units, periods and counted nouns come from the tables in
`claims.figures.slavic_words` and land on the English qualifiers, units and count nouns.

What cannot be read is refused with the reason (`NotAFigure`, a FigureError to `parse`), as in English: a model or a
calibre ("Су-27", "122-мм орудие"), a rank ("114-й день"), a time of day, a multiplier ("в
шесть раз"), or a word after the number that is not a noun.
"""

import functools
import re
from typing import NamedTuple

from claims.figures import slavic_words as words


class NotAFigure(ValueError):
    """Why a text cannot be read; `claims.figures.reading` turns it into a FigureError."""


class Reading(NamedTuple):
    """What was read; `claims.figures.reading` makes the interval, so a hedge means the same
    in every language (one place decides what "nearly" and "майже" do to an interval)."""
    value: float
    second: float | None  # the other end of a range
    unit: str | None
    qualifier: str
    vague: str | None = None

_CYRILLIC = re.compile(r"[а-яёіїєґА-ЯЁІЇЄҐ]")
_FOLD = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\t": " ", "\n": " ", "\r": " ",
                       "–": "-", "—": "-", "−": "-", "’": "'", "ʼ": "'", "`": "'", "´": "'", "«": '"', "»": '"',
                       "“": '"', "”": '"', "„": '"'})
_TOKEN = re.compile(r"\d{1,3}(?: \d{3})+(?:,\d+)?(?![\d])|\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d.])|\d+(?:[.,]\d+)?"
                    r"|[a-zа-яёіїєґ'][a-zа-яёіїєґ'\-]*\.?|[%$€₴₽²]|[-+/()\":,;]")
_REFUSALS = (
    (re.compile(r"^\d{1,2}:\d{2}"), "it looks like a time of day, not a figure"),
    (re.compile(r"^\d+(?:[.,]\d+)?-?(?:мм|см)(?![а-яё])"), "it looks like a calibre, not a figure"),
    (re.compile(r"^[а-яёіїєa-z]{1,5}-\d"), "it looks like a model designation (a type, not a figure)"),
    (re.compile(r"^\d+-(?:й|го|му|ї|а|ий|ый|ой|ій|я|е|ті|та|те)(?![а-яё])"),
     "it looks like a rank or position (an ordinal), not a figure"),
    (re.compile(r"^[ву] (?:\d+(?:[.,]\d+)?|[а-яёіїє']+) раз(?:а|и|ів)?(?![а-яё])"),
     "it is a multiplier ('N times'), not a count"),
)
_ORDINAL_DAY = re.compile(r"^(\d+) (?:день|доба|добу|сутки)$")
_INCREMENT = re.compile(r"\(\s*\+[^()]*\)")


def is_slavic(text: str) -> bool:
    """Whether a text is written in Cyrillic (Ukrainian or Russian)."""
    return bool(_CYRILLIC.search(text))


def read(text: str) -> Reading:
    """A Ukrainian or Russian figure: its number(s), unit and hedge; NotAFigure (the reason) otherwise."""
    clean = " ".join(text.translate(_FOLD).lower().split())
    if "(" in clean:
        clean = _INCREMENT.sub(" ", clean).strip()  # "9113 (+4 за минулу добу)": the day's increment
    _refuse(text, clean)
    if "(" in clean:
        raise NotAFigure("a restatement in brackets is not read in Ukrainian or Russian")
    fast = _FAST.match(clean)
    if fast:  # the usual shape, hedge digits scale noun: its parts looked up, the tail read once
        return _fast(fast)
    tokens = _TOKEN.findall(clean.rstrip(",;:"))
    return _figure(text, tokens)


def _alternation(table) -> str:
    return "|".join(re.escape(w) for w in sorted(table, key=len, reverse=True))


_FAST = re.compile(rf"(?:(?P<hedge>{_alternation(words.QUALIFIERS)})\s+)?(?P<number>\d{{1,3}}(?: \d{{3}})+(?:,\d+)?"
                   rf"|\d+(?:,\d+)?)(?![\d.,])(?:\s*(?P<scale>{_alternation(words.SCALES)})(?![а-яёіїєґ'.]))?"
                   rf"(?:\s*(?P<tail>[^\d\s(),;:\-][^\d(),;:\-]*))?$")


def _fast(m: re.Match) -> Reading:
    value = _digits(m.group("number")) * (words.SCALES[m.group("scale")] if m.group("scale") else 1)
    unit = _tail_of(m.group("tail").rstrip(",;:") if m.group("tail") else "")
    return Reading(value, None, unit, words.QUALIFIERS[m.group("hedge")] if m.group("hedge") else "exact")


@functools.lru_cache(maxsize=16384)
def _tail_of(tail: str) -> str | None:
    """The unit of a tail ("солдатів на добу"): few distinct tails, each read once."""
    return _tail("", _TOKEN.findall(tail), 0) if tail else None


_GATES = (lambda c: ":" in c, lambda c: "м" in c, lambda c: "-" in c, lambda c: "-" in c, lambda c: "раз" in c)


# "²" after a letter is a unit's power ("км²"); anywhere else float() cannot read it, and
# dropping it would read "³ тис." as a thousand.
_LONE_POWER = re.compile(r"(?<![^\W\d_])[⁰¹²³⁴⁵⁶⁷⁸⁹]")


def _refuse(text: str, clean: str) -> None:
    if not clean.isascii() and _LONE_POWER.search(clean):
        raise NotAFigure("a superscript digit is not a number this reader reads: write the digit itself")
    for (pattern, reason), gate in zip(_REFUSALS, _GATES):
        if gate(clean) and pattern.search(clean):
            raise NotAFigure(reason)
    day = _ORDINAL_DAY.match(clean)
    if day and (int(day.group(1)) % 10 != 1 or int(day.group(1)) % 100 == 11):
        # "664 день": a cardinal with a singular noun is a day's rank ("on day 664")
        raise NotAFigure("it looks like a rank or position (an ordinal), not a figure")


def _figure(text: str, tokens: list[str]) -> Reading:
    i, qualifier, opener = _lead(tokens)
    currency = None
    if i < len(tokens) and tokens[i] in words.UNITS and tokens[i] in "$€₴₽":
        currency, i = words.UNITS[tokens[i]], i + 1
    first = _number(tokens, i)
    if first is None:
        share = _fraction(tokens, i)
        if share is not None:
            return Reading(share, None, "%", qualifier)
        raise NotAFigure("no number where one was expected")
    value, i, vague = first
    second, unit_between = None, None
    j = i
    if j < len(tokens) and tokens[j] not in words.RANGE_JOINS:
        unit_between, j = _unit(tokens, j)  # "от 6,5% до 7,5%"
    if j < len(tokens) and tokens[j] in words.RANGE_JOINS and (opener or tokens[j] == "-") and \
            (tokens[j] != "і" and tokens[j] != "и" and tokens[j] != "та" or opener in ("між", "между")):
        other = _number(tokens, j + 1)
        if other is not None:
            second, i, _ = other
            if _scale_of(tokens, j + 1, i) and not _scale_of(tokens, j - 1 - (unit_between is not None), j):
                value *= _scale_of(tokens, j + 1, i)  # "8-9 тисяч": the scale written once
    unit = currency or _tail(text, tokens, i)
    if unit is None and unit_between:
        unit = unit_between
    if vague and qualifier == "exact":
        return Reading(value, None, unit, "at_least", vague)
    if second is not None:
        return Reading(value, second, unit, "range")
    if opener and qualifier == "range":
        raise NotAFigure("a range needs two numbers")
    return Reading(value, None, unit, qualifier)


def _lead(tokens: list[str]) -> tuple[int, str, str | None]:
    """Where the number starts, its hedge and a range opener ("від", "от")."""
    i, qualifier, opener = 0, "exact", None
    for _ in range(4):
        phrase = _longest(tokens, i, words.QUALIFIERS)
        if phrase:
            qualifier, i = words.QUALIFIERS[" ".join(tokens[i:i + phrase])], i + phrase
            continue
        if i < len(tokens) and tokens[i] in words.RANGE_OPENERS and _starts_number(tokens, i + 1) and \
                any(t in ("до", "-", "і", "и", "та") for t in tokens[i + 2:]):
            opener, qualifier, i = tokens[i], "range", i + 1
            continue
        if i < len(tokens) and tokens[i] in words.PLAIN and i + 1 < len(tokens):
            i += 1
            continue
        break
    return i, qualifier, opener


def _longest(tokens: list[str], i: int, table: dict) -> int:
    for size in (3, 2, 1):
        if i + size <= len(tokens) and " ".join(tokens[i:i + size]) in table and \
                _starts_number(tokens, i + size) | (i + size < len(tokens) and tokens[i + size] in words.PLAIN):
            return size
    return 0


def _starts_number(tokens: list[str], i: int) -> bool:
    if i >= len(tokens):
        return False
    token = tokens[i]
    return token[0].isdecimal() or token in words.CARDINALS or token in words.SCALES or token in words.HALVES \
        or token in words.VAGUE or token in "$€₴₽" or _fraction(tokens, i) is not None


def _digits(token: str) -> float:
    if " " in token:
        token = token.replace(" ", "")
    if token.count(".") >= 1 and re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", token):
        token = token.replace(".", "")  # "731.031.151,7": full stops between thousands
    return float(token.replace(",", "."))


def _number(tokens: list[str], i: int) -> tuple[float, int, str | None] | None:
    """The number at i: digits, words, scales ("646 тис. 400", "восемь с половиной тысяч");
    (value, next index, the vague word when it is one)."""
    total, current, start, last = 0.0, None, i, None
    while i < len(tokens):
        token = tokens[i]
        if token[0].isdecimal():
            if last in ("digits", "word"):
                break
            current, last = (current or 0) + _digits(token), "digits"
        elif token in words.CARDINALS and last != "digits":
            current, last = (current or 0) + words.CARDINALS[token], "word"
        elif token in words.HALVES and last is None:
            current, last = words.HALVES[token], "word"
        elif " ".join(tokens[i:i + 2]) in words.AND_A_HALF and current is not None:
            current, i = current + 0.5, i + 1
        elif token in words.SCALES and not (current is None and token in words.VAGUE and token not in (
                "тисяча", "тысяча")) and not (last == "scale" and current is None):  # "тис. тис." is no number
            total, current, last = total + (current if current is not None else 1) * words.SCALES[token], None, "scale"
        elif token in words.VAGUE and i == start:
            return float(words.VAGUE[token]), i + 1, token
        else:
            break
        i += 1
    if i == start or (current is None and last != "scale"):
        return None
    return total + (current or 0), i, None


def _scale_of(tokens: list[str], start: int, end: int) -> float:
    return next((words.SCALES[t] for t in tokens[start:end] if t in words.SCALES), 0.0)


def _fraction(tokens: list[str], i: int) -> float | None:
    for size in (2, 1):
        phrase = " ".join(tokens[i:i + size])
        if phrase in words.FRACTION_WORDS:
            return words.FRACTION_WORDS[phrase]
    return None


# ---------------------------------------------------------------- after the number

def _unit(tokens: list[str], i: int) -> tuple[str | None, int]:
    """A unit written at i ("км²", "кв. км", "квадратних кілометрів", "гривень"): (unit, next index)."""
    if i + 1 < len(tokens) and tokens[i + 1] == "²" and tokens[i] + "²" in words.UNITS:  # "км²"
        return words.UNITS[tokens[i] + "²"], i + 2
    for size in (2, 1):
        phrase = " ".join(tokens[i:i + size])
        if i + size <= len(tokens) and phrase in words.UNITS:
            return words.UNITS[phrase], i + size
    if i < len(tokens):
        for stems, unit in _starting(tokens[i], "UNIT_STEMS"):
            if all(i + k < len(tokens) and tokens[i + k].startswith(s) for k, s in enumerate(stems)):
                return unit, i + len(stems)
    return None, i


@functools.lru_cache(maxsize=8192)
def _starting(token: str, table: str) -> tuple:
    """The entries of a stem table whose first stem begins `token` (few tokens recur: cached)."""
    return tuple(entry for entry in getattr(words, table) if token.startswith(entry[0][0]))


def _tail(text: str, tokens: list[str], i: int) -> str | None:
    rest = tokens[i:]
    rest, period = _period(rest)
    unit, j = _unit(rest, 0)
    if unit is None:
        unit = _counted_noun(text, rest)
    elif j < len(rest) and rest[j] in words.SCALES:
        raise NotAFigure("a scale word after the unit")
    if period:
        unit = f"{unit or 'times'}/{period}"
    return unit


_PERIOD_FIRST = frozenset(phrase.split()[0] for phrase in words.PERIODS)


def _period(rest: list[str]) -> tuple[list[str], str | None]:
    if _PERIOD_FIRST.isdisjoint(rest):
        return rest, None
    for size in (4, 3, 2, 1):
        for k in range(len(rest) - size + 1):
            phrase = " ".join(rest[k:k + size])
            if phrase in words.PERIODS:
                return rest[:k] + rest[k + size:], words.PERIODS[phrase]
    return rest, None


def _counted_noun(text: str, rest: list[str]) -> str | None:
    """What a count counts: the head noun after the number, in English where the tables know
    it ("бойових броньованих машин" -> armoured combat vehicles); adjectives are passed
    over; a verb, an adverb or a preposition ends the search (a bare number); a number word
    there is refused."""
    described, unit_noun = None, False
    for k, token in enumerate(rest):
        if not token[0].isalpha() or token in words.NOT_NOUNS:
            break
        if token in words.CARDINALS or token in words.SCALES:
            raise NotAFigure(f"{token!r} after the number reads as part of a number, not as what is counted")
        known = _known_noun(rest, k)
        if known:
            return known
        if any(token.startswith(s) for s in words.UNIT_NOUNS) or token in words.UNIT_NOUNS:
            unit_noun = True  # "12 одиниць спецтехніки": the noun after "units"
            continue
        if token.endswith(words.ADJECTIVE_ENDINGS):
            described = token
            continue
        if token.endswith(words.VERB_ENDINGS) or token.endswith(words.ADVERB_ENDINGS):
            break
        return token.rstrip(".")
    if described:  # "214 уничтоженных": the participle is what is counted
        return described
    return "units" if unit_noun else None


def _known_noun(rest: list[str], k: int) -> str | None:
    for stems, noun in _starting(rest[k], "COUNT_NOUNS"):
        if all(k + n < len(rest) and rest[k + n].startswith(s) for n, s in enumerate(stems)):
            follows = k + len(stems) < len(rest) and rest[k + len(stems)][0].isalpha() and \
                rest[k + len(stems)] not in words.NOT_NOUNS
            if len(stems) == 1 and follows and (stems[0] in words.SUBSTANTIVES or
                                                rest[k].endswith(words.ADJECTIVE_ENDINGS)):
                return None  # "14 военных аэродромов", "три ракетних комплекси": an adjective of the noun after
            return noun
    return None
