"""Turning a text into candidate claims: each figure, who said it, through whom, about what.

No model and no network. The text is read into its parts (`claims.document`: title,
date, byline, speaker turns, paragraphs, sentences, quotations), every figure is found
with the reader `claims add` uses, and each is credited to its original claimant by the
attribution grammar (`claims.attribution`), in this order:

1. an attribution in the figure's own sentence (the nearest before it, else after it);
2. the speaker of the quotation the sentence is part of;
3. an attribution made earlier in the same paragraph, which the paragraph goes on reporting;
4. the source line under a key figure ("OHCHR – March 2022");
5. the speaker whose turn it is (a parliamentary record) or whose statement the text is;
6. the text's own voice: its outlet (--outlet, else its publisher line or byline; an
   author's byline is never a relay);
7. nobody: unattributed, with low confidence. Nothing is guessed.

A headline figure takes the claimant of the body figure it restates. Source type and side
come from known sources and aliases first, then from cue words.
"""

import re
from dataclasses import dataclass
from typing import TypedDict

from claims.extraction import attribution, document, estimative, sources
from claims.extraction.attribution import Claimant, Memory
from claims.figures import reading as figures
from claims.figures.reading import FigureError

# a claimant that is no one to hold to a figure: "battlefield reports", "sources"
UNATTRIBUTED_CUE = re.compile(r"battlefield reports|\breports\b|\bsources\b|officials familiar")
KNOWN_OUTLETS = {"unian", "reuters", "tass", "ria novosti", "interfax", "ukrinform", "ap", "associated press",
                 "bbc", "cnn", "afp", "euromaidan press", "kyiv independent", "meduza", "rbc", "suspilne",
                 "ukrainska pravda", "the guardian", "new york times", "washington post", "bloomberg",
                 "voice of america", "voa", "al jazeera", "xinhua", "anadolu"}
HEDGE_WORDS = {"unverified": "unverified", "cannot be verified": "unverified", "could not be verified": "unverified",
               "not independently verified": "unverified", "disputed": "disputed", "reportedly": "unverified",
               "allegedly": "unverified"}
VERBS = {"destroy": "destroyed", "destroyed": "destroyed", "lost": "lost", "lose": "lost", "captured": "captured",
         "capture": "captured", "killed": "killed", "dead": "killed", "died": "killed", "eliminate": "eliminated",
         "eliminated": "eliminated", "repelled": "repelled", "repel": "repelled", "wounded": "wounded",
         "injured": "injured", "damaged": "damaged", "shot down": "shot-down", "suffer": "suffered",
         "launched": "launched", "fired": "fired", "displaced": "displaced", "fled": "fled", "flee": "fled",
         "evacuated": "evacuated", "arrested": "arrested", "missing": "missing", "affected": "affected",
         "pledged": "pledged", "pledge": "pledged", "raised": "raised", "spent": "spent", "requested": "requested",
         "appealed": "requested", "allocated": "allocated", "disbursed": "disbursed", "received": "received"}
CONFIDENCE = {"named": 0.9, "according": 0.9, "from": 0.85, "quote": 0.9, "pronoun": 0.8, "hedge": 0.7,
              "carried": 0.7, "headline": 0.7, "source-line": 0.8, "turn": 0.7, "statement": 0.7, "outlet": 0.5,
              "nobody": 0.3}


# ---------------------------------------------------------------- figures in a sentence

@dataclass
class Found:
    figure: figures.Figure
    text: str
    start: int
    end: int


_DATE_WORDS = "|".join([*document.MONTHS, *(rf"{m}\.?" for m in document.MONTH_ABBREVIATIONS)])
_NOT_FIGURE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}})?\s+(?:{_DATE_WORDS})(?:\s+\d{{4}})?\b"   # 3 (-4) January
    rf"|\b(?:{_DATE_WORDS})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"    # January 3, 2025; MOSCOW, Jan 15
    r"|\b(?:in|since|of|by|until|from|to|and|early|mid|late)\s+(?:19|20)\d{2}s?\b"
    r"|\b(?:19|20)\d{2}\b(?!\s*(?:km|%|soldiers|troops|people))"            # years
    r"|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b"              # 03/01/2025, 2025-01-03
    r"|\b\d{1,2}:\d{2}\b|\b\d{1,2}(?:[.:]\d{2})?\s*(?:a\.m\.|p\.m\.|am|pm)(?![a-z])"  # times of day
    r"|\b\d{3,4}\s+hours\s+local\s+time\b|\b\d{4}\s+(?:UTC|GMT)\b"
    r"|\b\d+[-\s](?:minute|min|hour|second)s?\s+(?:read|watch|listen)\b"        # 2 minute read
    r"|\b\d+[-\s]years?[-\s]olds?\b|\baged\s+\d+\b|\bage\s+\d+\b"              # ages
    r"|\b[A-Z][A-Za-z]*-\d+\w*\b|\b\d+(?:st|nd|rd|th)\b"                        # Su-25, T-72, 3rd
    r"|\b(?:volume|vol|c|col|cols|paragraph|para|paras|section|article|resolution|annex|footnote|page|p|pp|no|nos|notice|"
    r"hc|hl|fy)\.?\s*\d+\w*|\[(?:HL|HC)?\d+\]|\b(?:HL|HC)\d+\b"              # references, not figures
    r"|(?<=[a-z)][.,;:])\d{1,3}\b"                                              # footnote markers run into words
    r"|^\s*\d{1,3}[.)](?=\s|$)",                                                  # list numbering
    re.IGNORECASE,
)
_DIGIT_RUN = re.compile(r"[0-9][0-9,.:/-]*")
# every kind of non-figure lies this near a digit: "resolution 2334" before it, "hours local time" after
_REACH_BEFORE, _REACH_AFTER = 16, 22


def _mask_not_figures(sentence: str) -> str:
    """The sentence with its dates, times, ages and references hashed out. Every one of them
    holds a digit, so only the stretches around digits are searched: the whole sentence
    would cost the pattern's many branches at every character."""
    pieces, last = [], 0
    for start, end in _windows(sentence):
        for m in _NOT_FIGURE.finditer(sentence, max(start, last), end):
            pieces += [sentence[last:m.start()], "#" * (m.end() - m.start())]
            last = m.end()
    return "".join(pieces) + sentence[last:] if pieces else sentence


def _windows(sentence: str) -> list[tuple[int, int]]:
    """The stretches this near a digit, overlapping ones merged."""
    windows: list[tuple[int, int]] = []
    for m in _DIGIT_RUN.finditer(sentence):
        start, end = max(0, m.start() - _REACH_BEFORE), min(len(sentence), m.end() + _REACH_AFTER)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


_NUMBER_WORD = "|".join(sorted([*figures.CARDINALS, "dozen", "dozens", "hundreds", "thousands", "millions", "half",
                                "a third", "a quarter", "two-thirds", "three-quarters"], key=len, reverse=True))
_RANGE_END = r"(?:\s*(?:-|–|to|and)\s*\d(?:[\d,.]*\d)?(?:\s\d{3})*)?"
# found in the lower-cased text: a number written in digits, or in words ("two", "a dozen");
# apart, because a pattern that opens on a digit is scanned for fast and one of many words is not
_DIGITS = re.compile(rf"[-−]?\d(?:[\d,.]*\d)?(?:\s\d{{3}})*{_RANGE_END}")
# "several hundred" is one number, read as `add` reads it (ACLED: at least 300), never "hundred"
_IN_WORDS = re.compile(rf"\b(?:{_NUMBER_WORD}|a dozen|tens of thousands|scores of"
                       rf"|several (?:dozen|hundred|thousand|million))\b{_RANGE_END}")
_CURRENCY_BEFORE = re.compile(r"(?:us\$|[$£€₴₽¥₹₪])\s?$")
_QUALIFIER_BEFORE = re.compile(rf"(?:{figures._QUAL}|magnitude|a magnitude)\s+$")
_RATE_IN_SENTENCE = re.compile(r"\b(?:every|each|per|in a|a|over the past|in the past|over the last|in the last)\s+"
                               r"(?:day|week|month)\b|\b(?:daily|weekly|monthly)\b", re.IGNORECASE)
_RATE_WORDS = ("day", "week", "month", "Day", "Week", "Month", "DAY", "WEEK", "MONTH")
_AND_ANOTHER = re.compile(r"\band another\s+(?P<verb>\w+)", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_WORDS = re.compile(r"[a-z]+")
_NUMBER_WORDS = frozenset([*figures.CARDINALS, "dozen", "dozens", "hundreds", "thousands", "millions", "half",
                           "third", "quarter", "thirds", "quarters", "several", "scores"])
_STOP = re.compile(r"[,;:.!?]\s|[,;:!?]$|\.$|\s(?:and|but|while|which|who|as|after|before|since|when|where|with|"
                   r"whom|whose|that|across|following|due)\s|(?<![a-z])\d|\(|\s[–—]\s")  # "km2" goes on


# quotation marks inside a figure's words do not end it: “less than 2 km”
_QUOTES = str.maketrans({"“": " ", "”": " ", '"': " ", "‘": " ", "’": "’"})


def figures_in(sentence: str) -> list[Found]:
    """Every figure in a sentence, with its span; dates, ages, times, durations, ranks,
    references and names that hold a number ("Two Majors") are not figures."""
    if not _DIGIT.search(sentence) and set(_WORDS.findall(sentence.lower())).isdisjoint(_NUMBER_WORDS):
        return []
    masked = _mask_not_figures(sentence)
    if "“" in masked or "”" in masked or '"' in masked:  # str.translate is slow; most sentences have none
        masked = masked.translate(_QUOTES)
    if "-worth" in masked:
        masked = masked.replace("-worth", " worth")  # "£7.6 billion-worth"
    lower = masked.lower()
    found = []
    for start, end in _numbers(lower, sentence):
        qualifier = _QUALIFIER_BEFORE.search(lower, max(0, start - 30), start)
        start = qualifier.start() if qualifier else start
        if found and start < found[-1].end:
            continue
        item = _read_at(sentence, masked, start, end)
        if item:
            found.append(item)
    return _elided_nouns(found + _another(sentence, found), sentence)


def _numbers(lower: str, sentence: str) -> list[tuple[int, int]]:
    """Where each number starts (its currency mark included) and ends, in order, none inside another."""
    spans = [m.span() for m in _DIGITS.finditer(lower)]
    if not _NUMBER_WORDS.isdisjoint(_WORDS.findall(lower)):
        words = [m for m in _WORDS.finditer(lower) if m.group() in _NUMBER_WORDS or m.group() in ("a", "tens")]
        spans = sorted(spans + _words_spans(lower, words))
    found: list[tuple[int, int]] = []
    for start, end in spans:
        mark = _CURRENCY_BEFORE.search(lower, max(0, start - 4), start)
        start = mark.start() if mark else start
        if not found or start >= found[-1][1]:
            found.append((start, end))
    return found


def _words_spans(lower: str, words: list) -> list[tuple[int, int]]:
    """The numbers written in words, tried only where such a word starts."""
    spans: list[tuple[int, int]] = []
    for word in words:
        if spans and word.start() < spans[-1][1]:
            continue
        if m := _IN_WORDS.match(lower, word.start()):
            spans.append(m.span())
    return spans


_NAMED = re.compile(r"\s+[A-Z][a-z]")
def _title_case(sentence: str) -> bool:
    """'Russian Strike Kills Three People': most words capitalised, as headlines are written."""
    words = [w for w in sentence.split() if w[:1].isalpha() and len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) * 4 >= len(words) * 3


_AGE_AFTER_NAME = re.compile(r"[A-Z][a-z’'-]+,\s+$")


def _read_at(sentence: str, masked: str, start: int, number_end: int) -> Found | None:
    if start > 0 and (masked[start - 1].isalnum() or masked[start - 1] in "#/"):
        return None
    if sentence[start:start + 1].isupper() and start > 0 and _NAMED.match(sentence, number_end) \
            and not _title_case(sentence):
        return None  # "the Two Majors channel": a number word in a name (not in a Title Case headline)
    if _AGE_AFTER_NAME.search(sentence, max(0, start - 30), start) and sentence.startswith(",", number_end):
        return None  # "Alia Skrypka, 35, believed": an age
    if start > 0 and masked[start - 1] == "(" and (close := masked.find(")", number_end)) != -1:
        masked = masked[:close] + " " + masked[close + 1:]  # "(3 km)": the figure is the bracket's whole

    tail_end = _tail_end(masked, number_end)
    bracket = masked.rfind(")", number_end, tail_end)  # a restatement stays with its figure
    ends = [e for e in _ends(masked, number_end, tail_end) if e > bracket]
    longest = None
    while ends and longest is None:  # the longest run of words that reads as a figure
        longest = _parse_span(sentence, start, ends[0])
        if longest is None:
            ends.pop(0)
    if longest is None or longest[0] is None:
        return None
    chosen = _shortest_alike(sentence, start, ends, longest)
    if not _worth_keeping(chosen[0], chosen[1]):
        return None
    figure, text = _extend_range(sentence, start, chosen)
    return Found(_with_sentence_rate(figure, sentence), text, start, start + len(text))


_RANGE_AFTER = re.compile(r"\s*(?:to|-|–)\s*(?:about\s+|approximately\s+)?\d[\d,.]*\s*[a-z%/²0-9]+")


def _extend_range(sentence: str, start: int, chosen: tuple) -> tuple:
    """'75 mm to 125 mm': a range written with its unit on both ends is one figure."""
    figure, text = chosen
    m = _RANGE_AFTER.match(sentence, start + len(text))
    if not m or figure.qualifier not in ("exact", "about") or not figure.unit:
        return chosen
    longer = _parse_span(sentence, start, m.end())
    return longer if longer and longer[0] and longer[0].qualifier == "range" else chosen


def _parse_span(sentence: str, start: int, end: int):
    text = sentence[start:end].strip().rstrip(",;:")
    try:
        return figures.parse(text), text
    except (FigureError, ValueError):
        return None


def _shortest_alike(sentence: str, start: int, ends: list[int], longest: tuple) -> tuple:
    """The fewest words that still say the same figure (bisection over the candidate ends)."""
    reading = _reading(longest[0])
    noun = _noun_end(sentence, ends[-1], ends[0], longest[0].unit)
    tried = [noun] if noun in ends else []
    for end in tried + ends[-1:-3:-1]:  # the counted noun's end, the bare number, or it and one word
        shortest = _parse_span(sentence, start, end)
        if shortest and shortest[0] is not None and _reading(shortest[0]) == reading:
            return shortest
    low, high, best = 0, len(ends) - 1, longest  # ends run from longest to shortest
    while low < high:
        middle = (low + high + 1) // 2
        found = _parse_span(sentence, start, ends[middle])
        if found and found[0] is not None and _reading(found[0]) == reading:
            low, best = middle, found
        else:
            high = middle - 1
    return best


def _noun_end(sentence: str, number_end: int, tail_end: int, unit: str | None) -> int | None:
    """Where the counted noun of a figure's unit ends in its words ("300 Russian soldiers":
    after "soldiers"), the likeliest end of the fewest words that say it; None if not found."""
    head = (unit or "").split("/")[0]
    if len(head) < 4 or not head.isalpha():
        return None
    at = sentence.find(head[:-1] if head.endswith("s") else head, number_end, tail_end)
    if at == -1:
        return None
    end = at
    while end < len(sentence) and (sentence[end].isalpha() or sentence[end] in "-’'"):
        end += 1
    return end


def _reading(figure: figures.Figure) -> tuple:
    return figure.value, figure.low, figure.high, figure.unit, figure.qualifier


_RESTATED = re.compile(r"\(\s*(?:about|approx\.?|approximately|some|ca\.?|~|over|more than|nearly)?\s*[\d$£€]")


def _tail_end(masked: str, after: int) -> int:
    """Where the words belonging to a figure stop: the next number, clause or sentence end.
    A bracket that opens with a number is a restatement and belongs to it: "3 kilometers
    (1.9 miles) from the southern edge"; any other bracket ends it ("(according to media)")."""
    position = after
    while True:
        m = _STOP.search(masked, position + 1)
        if not m:
            return len(masked)
        if masked[m.start()] != "(" or ")" not in masked[m.start():] or not _RESTATED.match(masked, m.start()):
            return m.start()
        position = masked.index(")", m.start())


_SPACE = re.compile(r"\s")


def _ends(masked: str, number_end: int, tail_end: int):
    """Candidate ends, longest first: the figure with all its words, then fewer."""
    ends = [m.start() for m in _SPACE.finditer(masked, number_end, tail_end)]
    return sorted({tail_end, *ends, number_end}, reverse=True)


_SMALL_WORDS = frozenset("one a an".split())
# "one person was killed": "one" before these nouns is the claim, not an article
COUNTED_ONE = frozenset("person civilian soldier child man woman resident serviceman officer journalist "
                        "worker medic rescuer".split())


def _worth_keeping(figure: figures.Figure, text: str) -> bool:
    """A bare "one" ("one brigade") is an article, not a claim; nor is a lone small number
    with nothing counted, nor a duration ("61 days of fighting", "within 24 hours")."""
    if figure.dimension.split("/")[0] == "time":
        return False
    has_digit = any(ch.isdigit() for ch in text)
    first = text.split()[0].lower() if text.split() else ""
    if not has_digit and first in _SMALL_WORDS | {"1"} and not figure.vague:
        words = text.lower().split()
        return first == "one" and len(words) >= 2 and words[1] in COUNTED_ONE
    if figure.unit is None and figure.qualifier == "exact" and (figure.value or 0) < 10 and not figure.vague:
        return False
    return True


def _with_sentence_rate(figure: figures.Figure, sentence: str) -> figures.Figure:
    """'Every day, defenders eliminate 300 soldiers': a rate said apart from the figure."""
    if figure.unit and "/" in figure.unit or not any(word in sentence for word in _RATE_WORDS):
        return figure
    m = _RATE_IN_SENTENCE.search(sentence)
    if not m:
        return figure
    try:
        return figures.parse(f"{figure.text} {m.group().lower()}") or figure
    except FigureError:
        return figure


_ELIDED = re.compile(r",?\s+(?:and|while|but)\s+(?:[a-z]+\s+)?(?:" + "|".join(
    re.escape(v) for v in sorted(VERBS, key=len, reverse=True)) + r")\s+$")


def _elided_nouns(found: list[Found], sentence: str) -> list[Found]:
    """'killed 20 soldiers and wounded 30': the 30 are soldiers too; a bare number after
    another verb counts what the figure before it counted."""
    for previous, item in zip(found, found[1:]):
        f, noun = item.figure, previous.figure.unit
        if f.unit is None and noun and "/" not in noun and previous.figure.dimension.startswith("count:") \
                and _ELIDED.fullmatch(sentence, previous.end, item.start):
            item.figure = figures.Figure(f.text, f.value, f.low, f.high, noun, f.qualifier, f.vague, f.warning)
    return found


def _another(sentence: str, found: list[Found]) -> list[Found]:
    """'two positions had been destroyed and another lost': one more of the same noun."""
    m = _AND_ANOTHER.search(sentence)
    if not m or not found or not found[-1].figure.unit:
        return []
    noun = found[-1].figure.unit.split("/")[0]
    singular = {v: k for k, v in figures.units.COUNT_NOUNS.items() if k != v}.get(noun, noun)
    figure = figures.parse(f"1 {singular}")
    return [Found(figure, m.group(0), m.start(), m.end())]


# between two items of a list: a comma or "and", perhaps after a place ("in Sudan and")
_LIST_GAP = re.compile(r"(?:\s+(?:in|of|for|across|from)\s+[\w’'-]+(?:\s+[\w’'-]+)?)?\s*(?:,|,?\s+and|,?\s+or)\s*")


def _list_hedges(found: list[Found], sentence: str) -> list[Found]:
    """'at least 530 tanks, 530 carriers and 560 vehicles': a hedge at the head of a list
    holds for every item of it."""
    for previous, item in zip(found, found[1:]):
        between = sentence[previous.end:item.start]
        if previous.figure.qualifier in ("at_least", "more_than", "about") and item.figure.qualifier == "exact" \
                and _LIST_GAP.fullmatch(between) and item.figure.high is not None:
            f = item.figure
            low, high = (f.value, None) if previous.figure.qualifier != "about" else (f.value, f.value)
            item.figure = figures.Figure(f.text, f.value, low, high, f.unit, previous.figure.qualifier, f.vague,
                                         f.warning)
    return found


# ---------------------------------------------------------------- topics

_PLACE = re.compile(r"\b(?:of|from|in|near|to|at|outside|around|towards|toward|on|across)\s+(?:the\s+)?"
                    r"(?P<place>[A-Z][\w’'-]+(?:\s+(?:Oblast|Region|Raion|Yar|Province|State|City|District))?)")
# capitalised words after "in", "on", "from" that are no place: a topic never files under them
NOT_PLACES = frozenset({
    "the", "government", "parliament", "commons", "house", "lords", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "today", "yesterday", "telegram", "facebook", "twitter", "x", "youtube",
    "instagram", "tiktok", "vkontakte", "whatsapp", "tv", "television", "radio", "state", "staff", "forces",
    "defence", "defense", "ministry", "council", "security", "general", "majors", "minister", "president",
    *document.MONTHS, *(w for name in KNOWN_OUTLETS for w in name.split())})
# a nationality or language adjective ("Russian", "Ukrainska", "British") names no place
_ADJECTIVE = re.compile(r"(?:ian|ese|ish|ska|sky|skyi|ian['’]s|ans)$", re.IGNORECASE)


def is_place(word: str) -> bool:
    """A capitalised word after a preposition that can name a place."""
    plain = word.lower().rstrip("’'s") if word.lower().endswith(("’s", "'s")) else word.lower()
    return plain not in NOT_PLACES and not _ADJECTIVE.search(plain) and not plain.isdigit()


_POSSESSIVE = re.compile(r"['’]s$")


def places(text: str) -> list[tuple[int, str]]:
    """(where, the place) for every place a preposition introduces; "Ukraine’s" is Ukraine."""
    return [(m.start("place"), _POSSESSIVE.sub("", m.group("place"))) for m in _PLACE.finditer(text)
            if is_place(m.group("place"))]


_CAPITALISED_WORD = re.compile(r"\b[A-Z][a-z]{3,}\b")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_LOWER_WORDS = re.compile(r"[a-z]+")
_KEY_PARTS = re.compile(r"[-_.:/]+")


def main_place(text: str) -> str | None:
    counts: dict = {}
    for _, place in places(text):
        counts[place] = counts.get(place, 0) + 1
    for word in _CAPITALISED_WORD.findall(text):
        if word in counts:
            counts[word] += 1
    return max(counts, key=counts.get) if counts else None


def slug(text: str) -> str:
    return _NOT_SLUG.sub("-", text.lower()).strip("-")


_VERB_RE = re.compile(r"\b(?:" + "|".join(re.escape(v) for v in sorted(VERBS, key=len, reverse=True)) + r")\b")
_SIDE_WORDS = {"russian": "russian", "ukrainian": "ukrainian", "israeli": "israeli", "palestinian": "palestinian",
               "sudanese": "sudanese", "syrian": "syrian", "iranian": "iranian", "enemy": "enemy"}
_OF_WHAT = re.compile(r"\bof\s+(?:the\s+|its\s+|their\s+|all\s+)?((?:(?!(?:and|have|has|had|were|was|is|are|in|on|by|"
                      r"from|to|that|which|over|during|since)\b)[a-z][a-z-]*\s?){1,3})")
_IN_WHAT = re.compile(r"\b(?:in|for)\s+(?:new\s+|humanitarian\s+|emergency\s+|military\s+)?([a-z]+)")
_FRONT = re.compile(r"\b(?:forces|front|troops|advanced|edge|frontline|front line)\b", re.IGNORECASE)
# "Shevchenko, a village about 3 miles from Pokrovsk": a distance between two places
_SETTLEMENT = re.compile(r"\b(?:village|town|city|settlement|hamlet|suburb)\b", re.IGNORECASE)


def suggest_topic(sentence: str, found: Found, article_place: str | None) -> str:
    """'<place>/<quantity>', the quantity named with what it is measured between or about,
    so that different quantities never share a key: a distance says from where to where
    ("distance-to-front", "distance-to-pokrovsk"), a count what is counted and what happened
    to it ("russian-soldiers-eliminated-per-day"), a share and an area what they are of
    ("share-of-residential-buildings-destroyed", "territory-captured-per-month")."""
    head, _, period = (found.figure.unit or "").partition("/")
    dimension = figures.units.dimension(head or None).split(":")[0]
    near = places(sentence)
    place = min(near, key=lambda p: abs(p[0] - found.start))[1] if near else (article_place or "general")
    if dimension == "length":
        place = _distance(sentence, found)[0] or place
    what = _quantity(sentence, found, dimension, head, place)
    verb = _nearest_verb(sentence, found)
    if verb and dimension in ("count", "number", "percent", "area", "currency") and verb not in what.split("-"):
        what = f"{what}-{verb}"
    if period:
        what = f"{what}-per-{period}"
    return f"{slug(place)}/{what}"


def _quantity(sentence: str, found: Found, dimension: str, head: str, place: str) -> str:
    if dimension == "length":
        return _distance(sentence, found)[1]
    if dimension in ("area", "percent"):  # of what: "75% of the residential buildings", "300 km2 of territory"
        of = _OF_WHAT.search(sentence.lower(), found.start, found.end + 60)
        about = slug(of.group(1)) if of else ""
        if dimension == "area":
            return about or "area"
        return f"share-of-{about}" if about else "share"
    if dimension == "currency":
        m = _IN_WHAT.search(sentence.lower(), found.start, found.end + 40)  # "$10 million in aid"
        return f"money-{m.group(1)}" if m and m.group(1) not in figures.NOT_NOUNS else "money"
    noun = slug(head) if head and head != "times" else "count"
    noun = SAME_MEASURE.get(noun, noun)
    side = _side_word(found.text, head)
    return f"{side}-{noun}" if side and noun != "count" else noun


_NAME_BEFORE = re.compile(r"\b[A-Z][a-z’'-]{2,}(?:\s+[A-Z][a-z’'-]{2,})?\b")


def _distance(sentence: str, found: Found) -> tuple[str | None, str]:
    """(the place a distance is measured from, what it is): "3 km from Pokrovsk" with forces
    in the sentence is Pokrovsk's distance to the front; "Shevchenko is 12 km from Pokrovsk"
    is Shevchenko's distance to Pokrovsk."""
    after = [p for _, p in places(sentence[found.end:found.end + 80])]
    clause = sentence[max(sentence.rfind(",", 0, found.start), sentence.rfind(";", 0, found.start)) + 1:found.start]
    before = [m.group() for m in _NAME_BEFORE.finditer(sentence, 0, found.start)
              if m.group().split()[0] not in attribution.OPENERS and is_place(m.group().split()[-1])
              and not attribution.is_nobody(m.group())]
    if _SETTLEMENT.search(clause) and before and after and before[-1] != after[0]:
        return before[-1], f"distance-to-{slug(after[0])}"  # never the front's distance
    if _FRONT.search(clause) or _FRONT.search(sentence) and not _SETTLEMENT.search(clause):
        return (after[0] if after else None), "distance-to-front"
    if before and after and before[-1] != after[0]:
        return before[-1], f"distance-to-{slug(after[0])}"
    return (after[0] if after else None), "distance"


def _side_word(text: str, head: str) -> str | None:
    """'300 to 400 Russian soldiers': whose soldiers, when the figure says so."""
    words = _LOWER_WORDS.findall(text.lower())
    for word in words:
        if word in _SIDE_WORDS:
            return _SIDE_WORDS[word]
        if head and word.startswith(head[:4]):
            return None
    return None


def _nearest_verb(sentence: str, found: Found) -> str | None:
    """What happened to what is counted: the verb nearest the figure ("killed 20 and wounded
    30": 20 killed, 30 wounded), one inside it first ("and another lost")."""
    low, high = max(0, found.start - 40), min(len(sentence), found.end + 120)
    best = None
    for m in _VERB_RE.finditer(sentence.lower(), low, high):  # a list's verb comes after its last item
        distance = 0 if found.start <= m.start() < found.end else \
            (m.start() - found.end if m.start() >= found.end else found.start - m.end() + 1)
        if best is None or distance < best[0]:
            best = (distance, VERBS[m.group()])
    return best[1] if best else None


# counted nouns that name one measure: "300 troops killed" and "300 soldiers killed" file under one topic
# (data: a language's table beside this one)
SAME_MEASURE = {"troops": "soldiers", "servicemen": "soldiers", "servicemembers": "soldiers",
                "service-members": "soldiers", "personnel": "soldiers", "military-personnel": "soldiers",
                "militaries": "soldiers", "persons": "people", "individuals": "people", "tonnes": "t",
                "uavs": "drones", "unmanned-aerial-vehicles": "drones", "shaheds": "drones"}


# words that say how a quantity is named, not which quantity it is
_NAMING_WORDS = frozenset("share of the to from between count number money".split())


class TopicRow(TypedDict):
    key: str
    unit: str | None


def quantity_of(key: str) -> tuple[str, frozenset]:
    """A topic key as (place, the words of its quantity): "pokrovsk/distance-to-front" and
    "pokrovsk/front-distance" name one quantity; "positions-destroyed" and "positions-lost" two."""
    place, _, what = key.partition("/")
    words = (SAME_MEASURE.get(word, word) for word in _KEY_PARTS.split(what) if word and word not in _NAMING_WORDS)
    return place, frozenset(word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss")
                            else word for word in words)


def reuse_topic(key: str, unit: str | None, topics: list[TopicRow]) -> str:
    """The database's own topic for the quantity a suggested key names: the same place, the
    same words, a unit that converts; else the suggestion itself."""
    if any(topic["key"] == key for topic in topics):
        return key
    wanted = quantity_of(key)
    for topic in topics:
        if quantity_of(topic["key"]) == wanted and _converts(unit, topic["unit"]):
            return topic["key"]
    return key


def _converts(unit: str | None, other: str | None) -> bool:
    """Whether a figure in `unit` can join a topic in `other`: one dimension; counts of nouns
    that name one measure (troops, soldiers) count alike."""
    if not unit or not other:
        return True
    mine, theirs = figures.units.dimension(unit), figures.units.dimension(other)
    if mine.startswith("count:") and theirs.startswith("count:"):
        return SAME_MEASURE.get(mine[6:], mine[6:]) == SAME_MEASURE.get(theirs[6:], theirs[6:])
    return mine == theirs


# ---------------------------------------------------------------- the extractor

@dataclass
class _Reading:
    """What reading a text has found out so far."""

    document: document.Document
    memory: Memory
    outlet: str | None
    known: dict
    place: str | None
    account: Claimant | None | bool = None  # the one person a story is the account of (False: none)
    relay: str | None = None  # the outlet that carries the text: the last relay (never its author)


def extract(text: str, known: dict | None = None, outlet: str | None = None,
            dateline: str | None = None) -> list[dict]:
    """Candidate claims, in the order their figures appear."""
    if not text.isascii():
        from claims.extraction import slavic

        plain = document.strip_html(text) if document.looks_like_html(text) else text
        if slavic.language(plain) != "en":  # Ukrainian or Russian: their own grammar
            # the same keys as an English candidate's (no estimative words are read there yet)
            return [{**c, "likelihood": c.get("likelihood")} for c in slavic.extract(plain, known, outlet, dateline)]
    doc = document.read(text, dateline)
    reading = _Reading(doc, Memory(), outlet or doc.byline, {k.lower(): v for k, v in (known or {}).items()},
                       main_place(doc.text), relay=outlet or (None if doc.author else doc.byline))
    attribution.register_people(doc.text, reading.memory)
    candidates = []
    for paragraph in doc.paragraphs:
        candidates += _paragraph(paragraph, reading)
    return _headlines(candidates, reading)


def _paragraph(paragraph: document.Paragraph, reading: _Reading) -> list[dict]:
    # the quotation's speaker matters only to sentences inside a quotation that spans sentences
    quoted_by = _quote_speaker(paragraph, reading) if any(s.quoted for s in paragraph.sentences) else None
    candidates, carried, as_of = [], None, None
    for sentence in paragraph.sentences:
        attributions = attribution.in_sentence(sentence.text, reading.memory)
        as_of = document.sentence_date(sentence.text, reading.document.date) or as_of
        figures_here = _list_hedges(figures_in(sentence.text), sentence.text)
        for n, found in enumerate(figures_here):
            previous_end = figures_here[n - 1].end if n else -1
            next_start = figures_here[n + 1].start if n + 1 < len(figures_here) else None
            claimant = attribution.choose(attributions, found.start, found.end, previous_end, next_start) or \
                (quoted_by if sentence.quoted and quoted_by else None) or carried or \
                _document_voice(paragraph, reading)
            claimant = _with_relay(claimant, attributions)
            candidates.append(_candidate(sentence, found, claimant, reading, as_of, paragraph.kind == "title"))
        attribution.mention_bodies(sentence.text, reading.memory)
        for found_attribution in attributions:
            attribution.remember(_with_relay(found_attribution, attributions), reading.memory)
        if attributions:
            carried = _opening(sentence, attributions, carried, sentence is paragraph.sentences[0])
    return candidates


def _opening(sentence: document.Sentence, attributions: list[Claimant], carried: Claimant | None,
             first: bool) -> Claimant | None:
    """What the rest of a paragraph goes on reporting: the report its first sentence gives,
    when that names one claimant ("According to UN OCHA, ...", "I understand from the
    Commissioner that ...", "the UN reported the government found ..."). A later sentence
    that names someone else stops it."""
    relayed = [_with_relay(a, attributions) for a in attributions]
    relays = {a.relay.casefold() for a in relayed if a.relay}
    names = {a.name.casefold() for a in relayed} - relays
    if carried is not None:
        return carried if names == {carried.name.casefold()} else None
    if not first or len(names) != 1 or not any(a.reports for a in attributions):
        return None
    last = relayed[-1]
    return Claimant(last.name, last.phrase, "carried", relay=last.relay)


def _account(doc: document.Document, memory: Memory) -> Claimant | None:
    """The person a story is one account of: named speaking in its first sentences, and the
    speaker of at least half of all it attributes to people. Its figures that name no one
    are that person's ("Every day, defenders eliminate 300 to 400 soldiers")."""
    scratch = Memory(people=dict(memory.people), cues=dict(memory.cues))
    spoken, lead = [], None
    for number, sentence in enumerate(s for s in doc.sentences() if doc.paragraphs[s.paragraph].kind == "text"):
        found = attribution.in_sentence(sentence.text, scratch)
        for claimant in found:
            claimant = _with_relay(claimant, found)
            attribution.remember(claimant, scratch)
            if claimant.name and attribution.is_person(claimant.name):
                spoken.append(claimant)
                lead = lead or (claimant if number < 3 else None)
    if not lead or len(spoken) < 3 or sum(c.name == lead.name for c in spoken) * 3 < len(spoken) * 2:
        return None
    return lead


def _quote_speaker(paragraph: document.Paragraph, reading: _Reading) -> Claimant | None:
    """The speaker of the quotations in a paragraph, named before or after them."""
    for sentence in paragraph.sentences:
        kinds = attribution.kinds(sentence.text)  # resolve names only where a speaker can be
        if "quote" not in kinds and not (sentence.quoted and kinds & {"named", "pronoun"}):
            continue
        for found in attribution.in_sentence(sentence.text, reading.memory):
            if found.how == "quote" or (sentence.quoted and found.how in ("named", "pronoun")):
                return Claimant(found.name, found.phrase, "quote", relay=found.relay)
    return None


def _with_relay(claimant: Claimant, attributions: list[Claimant]) -> Claimant:
    """A speaker named beside "according to X", or a report of what another said: X relays."""
    if claimant.relay or claimant.how not in ("named", "quote", "pronoun", "carried"):
        return claimant
    for other in attributions:
        if other is not claimant and other.name and other.name != claimant.name and \
                (other.how == "according" or (other.how == "named" and other.end <= claimant.start)):
            return Claimant(claimant.name, claimant.phrase, claimant.how, claimant.confidence, other.name,
                            claimant.start, claimant.end)
    return claimant


def _document_voice(paragraph: document.Paragraph, reading: _Reading) -> Claimant:
    """Whose figure it is when the sentence names no one: a source line, the speaker's turn,
    the statement's speaker, the outlet, or nobody."""
    if paragraph.source:
        return Claimant(attribution.clean_name(paragraph.source), paragraph.source, "source-line")
    if paragraph.speaker:
        return Claimant(paragraph.speaker, paragraph.speaker, "turn")
    if reading.document.speaker:
        return Claimant(reading.document.speaker, reading.document.speaker, "statement")
    if reading.account is None:  # worked out only when a figure falls this far
        reading.account = _account(reading.document, reading.memory) or False
    if reading.account:
        return Claimant(reading.account.name, reading.account.phrase, "account", relay=reading.account.relay)
    if reading.outlet:
        return Claimant(reading.outlet, reading.outlet, "outlet")
    return Claimant("", "", "nobody")


_FALLBACKS = ("turn", "statement", "account", "outlet", "nobody")


def _headlines(candidates: list[dict], reading: _Reading) -> list[dict]:
    """A headline figure that names no claimant restates one of the body's: it takes that
    figure's claimant (the same value in the same unit), else the account's."""
    body = [c for c in candidates if not c["_title"]]
    for candidate in candidates:
        title, how = candidate.pop("_title"), candidate.pop("_how")
        if not title or how not in _FALLBACKS:
            continue
        twin = next((c for c in body if c["value"] == candidate["value"]
                     and _family(c["unit"]) == _family(candidate["unit"])), None)
        if twin:
            candidate.update({k: twin[k] for k in ("source", "source_type", "side", "via")},
                             confidence=CONFIDENCE["headline"])
    return candidates


def _family(unit: str | None) -> str:
    dimension = figures.units.dimension(unit)
    return "count" if dimension.startswith(("count:", "number")) else dimension


def classify(name: str, phrase: str, reading: _Reading) -> tuple[str, str, dict | None]:
    """(type, side, the known source) for a claimant. Side and type come from a known source
    (by name, alias or a prefixed name: `sources.match`); else side is unknown and the type
    other, except an outlet reporting (media) and a hedge or no one (unattributed). A near
    spelling of a known name is offered in review, not taken."""
    found = sources.match(name, reading.known)
    if found.row:
        return found.row["type"], found.row["side"], found.row
    lower = name.lower()
    if lower in KNOWN_OUTLETS:  # "according to Reuters": an outlet reporting on its own
        return "media", "unknown", None
    if UNATTRIBUTED_CUE.search(f"{phrase} {name}".lower()):
        return "unattributed", "unknown", None
    return "other", "unknown", None


def _candidate(sentence, found: Found, claimant: Claimant, reading: _Reading, as_of: str | None,
               title: bool) -> dict:
    name = claimant.name
    if name:
        kind, side, row = classify(name, claimant.phrase, reading)
        known = row is not None
        if known:  # an alias ("Ukraine's General Staff") becomes the stored source's own name
            name = row["name"]
        if claimant.how == "outlet" and kind in ("other", "unattributed"):
            kind = "media"
        if claimant.how == "hedge" or attribution.is_nobody(name):
            kind, side = "unattributed", "unknown"
    else:
        name, kind, side, known = "unattributed", "unattributed", "unknown", False
    via = [v for v in (claimant.relay, reading.relay) if v and v.lower() != name.lower()]
    status, notes = _hedges(sentence.text)
    figure = found.figure
    confidence = CONFIDENCE.get(claimant.how, 0.5) * (0.95 if known else 1.0) + (0.05 if known else 0)
    return {
        "id": None, "topic": suggest_topic(sentence.text, found, reading.place), "source": name,
        "source_type": kind, "side": side, "reliability": None, "admiralty": "F6", "figure": figure.text,
        "value": _n(figure.value), "low": _n(figure.low), "high": _n(figure.high), "unit": figure.unit,
        "qualifier": figure.qualifier, "likelihood": estimative.likelihood_in(sentence.text),
        "as_of": as_of or reading.document.date,
        "reported_on": reading.document.date, "status": status, "credibility": 6, "via": list(dict.fromkeys(via)),
        "quote": sentence.text.strip(), "url": None, "place": None, "notes": notes, "tags": ["extracted"],
        "created": None, "updated": None, "confidence": round(confidence, 2),
        "span": [sentence.start + found.start, sentence.start + found.end], "_title": title, "_how": claimant.how,
    }


_HEDGE_RE = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in HEDGE_WORDS) + r")\b", re.IGNORECASE)


def _hedges(sentence: str) -> tuple[str, str | None]:
    lower = sentence.lower()
    if not any(word in lower for word in HEDGE_WORDS):
        return "unverified", "extracted automatically"
    words = list(dict.fromkeys(m.group().lower() for m in _HEDGE_RE.finditer(sentence)))
    status = "disputed" if any(HEDGE_WORDS[w] == "disputed" for w in words) else "unverified"
    notes = "extracted automatically" + (f"; the text says: {', '.join(words)}" if words else "")
    return status, notes


def _n(x):
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x


# ---------------------------------------------------------------- quality

def _label_matches_figure(candidate: dict, label: figures.Figure) -> bool:
    try:
        figures.units.check_compatible(candidate["unit"], label.unit)
    except Exception:
        return False
    factor = figures.units.base_factor(candidate["unit"]) / figures.units.base_factor(label.unit)
    for key in ("low", "value", "high"):
        a, b = candidate[key], getattr(label, key)
        if (a is None) != (b is None):
            return False
        if a is not None and abs(a * factor - b) > 0.01 * max(abs(b), 1e-9):
            return False
    return True


def _label_matches_claimant(candidate: dict, claimant: str | list, article_name: str | None) -> bool:
    names = [claimant] if isinstance(claimant, str) else claimant
    for name in names:
        if name == "@article" and candidate["source"] == article_name:
            return True
        if name == "@unattributed" and candidate["source_type"] == "unattributed":
            return True
        if name.lower() == candidate["source"].lower():
            return True
    return False


def score(candidates: list[dict], labels: list[dict], article_name: str | None = None) -> dict:
    """Precision and recall of figures, and of figures with their claimant, against hand labels."""
    wanted = [(figures.parse(label["figure"]), label["claimant"]) for label in labels]
    result = {}
    for level in ("figure", "figure+claimant"):
        used, hits = set(), 0
        for candidate in candidates:
            for i, (figure, claimant) in enumerate(wanted):
                if i in used or not _label_matches_figure(candidate, figure):
                    continue
                if level == "figure+claimant" and not _label_matches_claimant(candidate, claimant, article_name):
                    continue
                used.add(i)
                hits += 1
                break
        result[level] = {"true_positives": hits, "candidates": len(candidates), "labels": len(labels),
                         "precision": hits / len(candidates) if candidates else 0.0,
                         "recall": hits / len(labels) if labels else 0.0}
    return result


strip_html = document.strip_html  # the name tests and callers have used
