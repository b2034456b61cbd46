"""Number words as digits, before a figure is read: 'one hundred and forty two km' -> '142 km'.

Which words belong to a number is decided here, from the tables below; what a run of
cardinal words is worth is text2num's to say (picked over number-parser by measurement:
see the README). Fractions are worked out here: 'two and a half' -> 2.5, 'two thirds'
-> 0.667, and a bare fraction is reported as a share, so that the reader can store
'two thirds of the buildings' as 66.7%.

Only the number's own places are rewritten: the first number after the hedge, and the
second of a range. Number words anywhere else are left for the reader to refuse.
"""

import re

from claims.basics.errors import ClaimsError

# The words of cardinal numbers, as text2num reads them.
CARDINALS = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand "
    "million billion trillion".split())
DIGIT_WORDS = {"zero": "0", "o": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
               "six": "6", "seven": "7", "eight": "8", "nine": "9"}
BIG_SCALES = ("thousand", "million", "billion", "trillion")  # smallest first
SCALE_WORDS = ("hundred", *BIG_SCALES)

# fractions, singular and plural: "a third", "two thirds"
FRACTIONS = {"half": 1 / 2, "halves": 1 / 2, "third": 1 / 3, "thirds": 1 / 3, "quarter": 1 / 4,
             "quarters": 1 / 4, "fourth": 1 / 4, "fourths": 1 / 4, "fifth": 1 / 5, "fifths": 1 / 5,
             "sixth": 1 / 6, "sixths": 1 / 6, "seventh": 1 / 7, "sevenths": 1 / 7, "eighth": 1 / 8,
             "eighths": 1 / 8, "ninth": 1 / 9, "ninths": 1 / 9, "tenth": 1 / 10, "tenths": 1 / 10,
             "hundredth": 1 / 100, "hundredths": 1 / 100, "thousandth": 1 / 1000, "thousandths": 1 / 1000}
# fractions that may stand alone ("half", "quarter"); "third" alone is a rank
ALONE = ("half", "quarter")
# small counts written as phrases
COUNT_PHRASES = {("a", "couple", "of"): 2, ("a", "couple"): 2, ("a", "pair", "of"): 2, ("a", "pair"): 2,
                 ("a", "dozen"): 12}
CONNECTORS = ("to", "-", "and", "or", "~", "in")  # "in": "one in eight", a share

_FRACTION_DIGITS = re.compile(r"\d+/\d+")


class NumeralError(ClaimsError):
    """Number words that are not one number ("two three")."""


def rewrite(words: list[str], i: int, is_unit) -> tuple[list[str], bool]:
    """`words` with the number at `i`, and the second number of a range after it, in digits;
    and whether the number is a bare fraction (a share). `is_unit(word)` says whether a word
    is a unit, for "a kilogram" (one kilogram) and "an hour and a half"."""
    first = number_at(words, i, is_unit)
    share = False
    if first is not None:
        words[i:first[1]] = first[0]
        share, i = first[2], i + len(first[0])
    elif i < len(words) and words[i][:1].isdigit():
        i += 1
    else:
        return words, False
    i += i < len(words) and words[i] in SCALE_WORDS
    if words[i:i + 2] == ["out", "of"]:  # "37 out of 39": a share
        i += 1
    if i + 1 < len(words) and (words[i] in CONNECTORS or words[i - 1:i + 1] == ["out", "of"]):
        k = i + 1
        second = number_at(words, k, is_unit)
        if second is not None:
            words[k:second[1]] = second[0]
            share = share and second[2]
    return words, share


def number_at(words: list[str], i: int, is_unit=lambda word: False) -> tuple[list[str], int, bool] | None:
    """The number written at words[i]: (its words as digits, where it ends, is it a bare
    fraction), or None when no number words start there (plain digits are read later)."""
    n = len(words)
    if i >= n:
        return None
    for phrase, count in COUNT_PHRASES.items():
        if tuple(words[i:i + len(phrase)]) == phrase:
            return [str(count)], i + len(phrase), False
    word = words[i]
    after = words[i + 1] if i + 1 < n else None
    if _FRACTION_DIGITS.fullmatch(word):
        return _fraction_digits(word), i + 1, True
    if word[:1].isdigit():
        return _after_digits(words, i, is_unit)
    if word == "point" and (after in DIGIT_WORDS or after in CARDINALS):  # "point one", "point fifteen"
        return _decimals(words, i + 1, "0")
    if word in ("a", "an", "one") and after in FRACTIONS:
        return _fraction_words(words, i + 1)
    if word in ALONE:
        return _fraction_words(words, i)
    if word in ("a", "an", "one") and after is not None and is_unit(after):  # "a kilogram", "an hour and a half"
        return _mixed(words, i + 1, 1.0, keep=[after]) or (["1"], i + 1, False)
    if word in ("a", "an") and after in SCALE_WORDS:  # "a hundred": one hundred
        return _cardinal_run([*words[:i], "one", *words[i + 1:]], i)
    if word in ("a", "an") and after in CARDINALS:  # "a six mile stretch": an article
        return _cardinal_run(words, i + 1)
    if word not in CARDINALS:
        return None
    return _cardinal_run(words, i)


def _cardinal_run(words: list[str], i: int) -> tuple[list[str], int, bool]:
    """A run of cardinal words, read by text2num: 'one hundred and forty two', 'two point
    three', 'seventy thousand' (kept as '70 thousand', so that a range shares its scale)."""
    run, j, n = [], i, len(words)
    while j < n:
        word = words[j].rstrip(",")  # "seven thousand, four hundred": num2words writes commas
        nxt = words[j + 1].rstrip(",") if j + 1 < n else None
        if word in CARDINALS and not (word == "one" and run and nxt in FRACTIONS):
            run.append(word)
        elif word == "and" and run and run[-1] in SCALE_WORDS and nxt in CARDINALS \
                and not (j + 2 < n and words[j + 2] in FRACTIONS):  # "a hundred and three quarters"
            run.append(word)
        else:
            break
        j += 1
    if j + 1 < n and words[j] == "point":
        whole = value_of(run)
        decimals = _decimals(words, j + 1, _format(whole))
        if decimals:
            return decimals
    scale = run[-1] if len(run) > 1 and run[-1] in BIG_SCALES and _largest(run) == run[-1] else None
    value = value_of(run[:-1] if scale else run)
    if scale:
        return [_format(value), scale], j, False
    return _mixed(words, j, value) or ([_format(value)], j, False)


def _decimals(words: list[str], j: int, whole: str) -> tuple[list[str], int, bool] | None:
    """The digits after 'point', said one by one ('point seven eight') or as one number
    ('point seventy-one', 'point o five')."""
    run, n = [], len(words)
    while j < n and (words[j] in DIGIT_WORDS or words[j] in CARDINALS) and words[j] not in BIG_SCALES:
        run.append(words[j])  # "five point two million": the scale stays a scale
        j += 1
    if not run:
        return None
    if all(word in DIGIT_WORDS for word in run):
        digits = "".join(DIGIT_WORDS[word] for word in run)
    else:
        lead = "".join(DIGIT_WORDS[w] for w in run if w in ("o", "oh", "zero"))
        digits = lead + _format(value_of([w for w in run if w not in ("o", "oh", "zero")]))
    return [f"{whole}.{digits}"], j, False


def _after_digits(words: list[str], i: int, is_unit=lambda word: False) -> tuple[list[str], int, bool] | None:
    """Digits that words complete: '2 and a half', '2 1/2', '1 point 1', '2 thirds',
    '12 km and a half'."""
    try:
        whole = float(words[i].replace(",", ""))
    except ValueError:
        return None
    if i + 1 < len(words) and is_unit(words[i + 1]):
        return _mixed(words, i + 1, whole, keep=[words[i + 1]])
    if i + 2 < len(words) and words[i + 1] == "point" and (words[i + 2] in DIGIT_WORDS or words[i + 2].isdigit()):
        if words[i + 2].isdigit():
            return [f"{words[i]}.{words[i + 2]}"], i + 3, False
        return _decimals(words, i + 2, words[i])
    return _mixed(words, i + 1, whole)


def _mixed(words: list[str], j: int, whole: float, keep: list[str] = ()) -> tuple[list[str], int, bool] | None:
    """A fraction after a whole number: 'and a half', 'and three quarters', '1/2', 'thirds'
    (a share); None if none. `keep` are words between the two that stay ('an hour and a half')."""
    n, k = len(words), j + len(keep)
    if words[k:k + 2] in (["and", "a"], ["and", "an"], ["and", "one"]) and k + 2 < n and words[k + 2] in FRACTIONS:
        return [_format(whole + FRACTIONS[words[k + 2]]), *keep], k + 3, False
    if not keep and words[j:j + 1] == ["and"] and j + 2 < n and words[j + 1] in CARDINALS \
            and words[j + 2] in FRACTIONS and words[j + 2].endswith("s"):
        return [_format(whole + value_of([words[j + 1]]) * FRACTIONS[words[j + 2]])], j + 3, False
    if keep:
        return None
    if j < n and words[j] in FRACTIONS and (words[j].endswith("s") or whole == 1):
        return [_format(whole * FRACTIONS[words[j]])], j + 1, True  # "two thirds", "three quarters"
    if j < n and _FRACTION_DIGITS.fullmatch(words[j]):
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


def _fraction_digits(word: str) -> list[str]:
    top, bottom = map(int, word.split("/"))
    if not bottom:
        raise NumeralError(f"{word} divides by zero")
    return [_format(top / bottom)]


def _largest(run: list[str]) -> str:
    return max((w for w in run if w in BIG_SCALES), key=BIG_SCALES.index)


def value_of(run: list[str]) -> float:
    """What a run of cardinal words is worth, by text2num; a run that is not one number is refused."""
    from text_to_num import text2num

    spoken = " ".join(run)
    try:
        return float(text2num(spoken, "en"))
    except ValueError:
        raise NumeralError(f"{spoken!r} is not one number") from None


def _format(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
