"""Turning an article into candidate claims: each figure, who said it, through whom.

A rule-based reader, no model and no network. It splits the text into
sentences, finds figures with the same reader `claims add` uses, and attributes
each to its original claimant:

- "according to X" (X is a relay, not the claimant, when the sentence names a speaker);
- "X said / says / claimed / reported / told / estimated / confirmed ... (that)";
- quoted speech: "... ," said X;
- "he said", "Lytvyn added": resolved to the person named before;
- otherwise the lead's named speaker, when the article is built on one account,
  or the article itself (its outlet or byline).

Source type and side come from known sources and aliases first, then from cue words.
"""

import datetime
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from . import figures
from .figures import FigureError

MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
SPEECH_VERBS = ("said", "says", "say", "claimed", "claims", "claim", "reported", "reports", "report", "told",
                "tells", "estimated", "estimates", "confirmed", "confirms", "stated", "states", "noted", "notes",
                "added", "adds", "announced", "announces", "admitted", "admits", "wrote", "writes", "concluded",
                "explained", "explains", "emphasized", "emphasised", "pointed out", "indicated", "indicate",
                "indicates", "described", "warned", "insisted")
PRONOUNS = ("he", "she", "they")

# cue words -> (source type, weight); the strongest cue in the claimant's phrase wins
TYPE_CUES = [
    (r"monitoring group|monitors?\b|\bmaps?\b|osint", "monitoring_group"),
    (r"military bloggers?|milbloggers?|war correspondents?|telegram channels?|bloggers?", "milblogger"),
    (r"think tank|institute|analysts?|researchers?", "analyst"),
    (r"battlefield reports|\breports\b|\bsources\b|officials familiar", "unattributed"),
    (r"spokes(?:person|man|woman)|ministry|minister|commander|general|colonel|major|officer|governor|"
     r"president|government|command|military|army|forces|staff|head of|chief", "official"),
    (r"agency|newspaper|outlet|journalists?|correspondent|media|broadcaster", "media"),
    (r"ngo|organisation|organization|committee|un\b|united nations|red cross", "ngo"),
]
SIDE_CUES = [(r"pro-russian|russia'?s?\b|russian|kremlin|moscow", "ru"),
             (r"pro-ukrainian|ukraine'?s?\b|ukrainian|kyiv|kiev|khortytsia|national guard", "ua")]
TYPE_CUES = [(re.compile(pattern), kind) for pattern, kind in TYPE_CUES]
SIDE_CUES = [(re.compile(pattern), side) for pattern, side in SIDE_CUES]
KNOWN_OUTLETS = {"unian", "reuters", "tass", "ria novosti", "interfax", "ukrinform", "ap", "associated press",
                 "bbc", "cnn", "afp", "euromaidan press", "kyiv independent", "meduza", "rbc", "suspilne",
                 "ukrainska pravda", "the guardian", "new york times", "washington post", "bloomberg"}
HEDGES = {"unverified": "unverified", "cannot be verified": "unverified", "could not be verified": "unverified",
          "not independently verified": "unverified", "disputed": "disputed", "reportedly": "unverified"}
VERBS = {"destroy": "destroyed", "destroyed": "destroyed", "lost": "lost", "lose": "lost", "captured": "captured",
         "capture": "captured", "killed": "killed", "eliminate": "eliminated", "eliminated": "eliminated",
         "repelled": "repelled", "repel": "repelled", "wounded": "wounded", "damaged": "damaged",
         "shot down": "shot-down", "suffer": "suffered", "launched": "launched", "fired": "fired"}

_NAME = r"(?:[A-Z][\w'’.-]+)(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|al-))*"
_SPEECH = "|".join(re.escape(v) for v in sorted(SPEECH_VERBS, key=len, reverse=True))
_VERB_AT = re.compile(rf"\b(?:{_SPEECH})\b")
# matched against the words just before a verb of saying: "..., NAME(, appositive,) [has] |said"
_SPEAKER_BEFORE = re.compile(rf"(?P<phrase>(?:[\w'’-]+\s+){{0,6}}?)(?P<name>{_NAME})(?P<appos>,[^,]{{3,140}},)?\s+"
                             rf"(?:has\s+|have\s+|had\s+)?$")
_SPEAKER_AFTER = re.compile(rf"[”\"],?\s+(?P<verb>{_SPEECH})\s+(?P<phrase>(?:[a-z][\w'’-]*\s+){{0,4}})(?P<name>{_NAME})")
_PRONOUN = re.compile(rf"\b(?P<pronoun>He|She|he|she)\s+(?:has\s+|had\s+)?(?:{_SPEECH})\b")
_ACCORDING = re.compile(r"according to (?P<who>[^,.;]+)", re.IGNORECASE)
_DATE_WORDS = "|".join(MONTHS)
_NOT_FIGURE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_DATE_WORDS})(?:\s+\d{{4}})?\b"       # 3 January (2025)
    rf"|\b(?:{_DATE_WORDS})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"    # January 3, 2025
    r"|\b(?:in|since|of|by|until)\s+(?:19|20)\d{2}\b|\b(?:19|20)\d{2}\b(?!\s*(?:km|%|soldiers|troops))"  # years
    r"|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b"              # 03/01/2025, 2025-01-03
    r"|\b\d{1,2}:\d{2}\b|\b\d{1,2}(?:[.:]\d{2})?\s*(?:a\.m\.|p\.m\.|am|pm)(?![a-z])"  # times of day
    r"|\b\d+[-\s](?:minute|min|hour|second)s?\s+(?:read|watch|listen)\b"        # 2 minute read
    r"|\b\d+[-\s]year[-\s]old\b|\baged\s+\d+\b|\bage\s+\d+\b"                  # ages
    r"|\b[A-Z][A-Za-z]*-\d+\w*\b|\b\d+(?:st|nd|rd|th)\b"                        # Su-25, T-72, 3rd
    r"|^\s*\d{1,3}[.)](?=\s|$)",                                                  # list numbering
    re.IGNORECASE,
)
_NUMBER_WORD = "|".join(sorted([*figures.CARDINALS, "dozen"], key=len, reverse=True))
# found in the lower-cased text: a number, then (looking back) the qualifier before it
_CANDIDATE = re.compile(
    rf"(?:[-−]?\d[\d,.]*(?:\s\d{{3}})*|\b(?:{_NUMBER_WORD}|a dozen|dozens|hundreds|thousands|tens of thousands)\b)"
    rf"(?:\s*(?:-|–|to|and)\s*\d[\d,.]*(?:\s\d{{3}})*)?"
)
_QUALIFIER_BEFORE = re.compile(rf"(?:{figures._QUAL})\s+$")
_SENTENCE_END = re.compile(r"(?<=[.!?”\"])\s+(?=[“\"A-Z0-9])|\n+")
_ABBREVIATIONS = re.compile(r"\b(?:Lt|Gen|Col|Maj|Capt|Sgt|Mr|Mrs|Ms|Dr|St|No|U\.S|U\.K|e\.g|i\.e)\.$")
_RATE_IN_SENTENCE = re.compile(r"\b(?:every|each|per|in a|a|over the past|in the past|over the last|in the last)\s+"
                               r"(?:day|week|month)\b|\b(?:daily|weekly|monthly)\b", re.IGNORECASE)
_AND_ANOTHER = re.compile(r"\band another\s+(?P<verb>\w+)", re.IGNORECASE)
_BYLINE = re.compile(r"^\s*by\s*(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})\s*$", re.MULTILINE)
_PHOTO = re.compile(r"^.*\b(?:Photo|Image|Credit|Picture)\s*:.*$", re.MULTILINE | re.IGNORECASE)


@dataclass
class Sentence:
    text: str
    start: int


@dataclass
class Speaker:
    name: str
    phrase: str = ""


@dataclass
class Article:
    text: str
    reported_on: str | None = None
    byline: str | None = None
    outlet: str | None = None
    known: dict = field(default_factory=dict)   # lower-case name or alias -> source row
    people: dict = field(default_factory=dict)  # surname -> full name, as first seen
    seen: dict = field(default_factory=dict)    # name -> the type and side its phrases have shown
    lead: Speaker | None = None


def strip_html(text: str) -> str:
    """The text of an HTML page, block elements as line breaks; scripts and styles dropped."""

    class _Text(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.parts, self.skip = [], 0

        def handle_starttag(self, tag, attrs):
            self.skip += tag in ("script", "style")
            if tag in ("p", "br", "div", "li", "h1", "h2", "h3", "h4", "tr", "article", "section"):
                self.parts.append("\n")

        def handle_endtag(self, tag):
            self.skip -= tag in ("script", "style") and self.skip > 0

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    parser = _Text()
    parser.feed(text)
    parser.close()
    return html.unescape("".join(parser.parts))


def looks_like_html(text: str) -> bool:
    return bool(re.search(r"<(?:html|body|p|div|article|span|br)\b", text[:5000], re.IGNORECASE))


# ---------------------------------------------------------------- dates

def find_dateline(text: str) -> str | None:
    """The article's date: ISO first, then '3 January 2025', then dd/mm/yyyy."""
    head = text[:3000]
    iso = re.search(r"\b(20\d{2}|19\d{2})-(\d{2})-(\d{2})\b", head)
    if iso:
        return _iso(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    words = re.search(rf"\b(\d{{1,2}})\s+({_DATE_WORDS})\s+(\d{{4}})\b", head, re.IGNORECASE)
    if words:
        return _iso(int(words.group(3)), MONTHS[words.group(2).lower()], int(words.group(1)))
    us = re.search(rf"\b({_DATE_WORDS})\s+(\d{{1,2}}),\s+(\d{{4}})\b", head, re.IGNORECASE)
    if us:
        return _iso(int(us.group(3)), MONTHS[us.group(1).lower()], int(us.group(2)))
    slashed = re.search(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})\s*$", head, re.MULTILINE)
    if slashed:  # day first, as European outlets write it
        return _iso(int(slashed.group(3)), int(slashed.group(2)), int(slashed.group(1)))
    return None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def sentence_date(sentence: str, reported_on: str | None) -> str | None:
    """'on 3 January' -> 2025-01-03; 'in October' -> 2024-10 (the last October before the dateline)."""
    year = int(reported_on[:4]) if reported_on else None
    day = re.search(rf"\bon\s+(\d{{1,2}})\s+({_DATE_WORDS})(?:\s+(\d{{4}}))?", sentence, re.IGNORECASE) or \
        re.search(rf"\bon\s+({_DATE_WORDS})\s+(\d{{1,2}})(?:,\s+(\d{{4}}))?", sentence, re.IGNORECASE)
    if day:
        a, b, y = day.groups()
        d, m = (int(a), MONTHS[b.lower()]) if a.isdigit() else (int(b), MONTHS[a.lower()])
        y = int(y) if y else _year_before(year, m, reported_on)
        return _iso(y, m, d) if y else None
    month = re.search(rf"\bin\s+({_DATE_WORDS})(?:\s+(\d{{4}}))?\b", sentence, re.IGNORECASE)
    if month:
        m = MONTHS[month.group(1).lower()]
        y = int(month.group(2)) if month.group(2) else _year_before(year, m, reported_on)
        return f"{y:04d}-{m:02d}" if y else None
    return None


def _year_before(year: int | None, month: int, reported_on: str | None) -> int | None:
    if not year:
        return None
    return year if month <= int(reported_on[5:7]) else year - 1


# ---------------------------------------------------------------- sentences

def sentences(text: str) -> list[Sentence]:
    """Sentences with their offsets; a line break always ends one (headlines, captions)."""
    found = []
    for block in re.finditer(r"[^\n]+", text):
        start = block.start()
        pieces = _SENTENCE_END.split(block.group())
        offset = 0
        buffer, buffer_start = "", None
        for piece in pieces:
            index = block.group().find(piece, offset)
            offset = index + len(piece)
            if buffer_start is None:
                buffer_start = start + index
            buffer = f"{buffer} {piece}" if buffer else piece
            if _ABBREVIATIONS.search(buffer):
                continue
            found.append(Sentence(buffer, buffer_start))
            buffer, buffer_start = "", None
        if buffer:
            found.append(Sentence(buffer, buffer_start))
    return found


# ---------------------------------------------------------------- attribution

_WORDS = re.compile(r"[a-z]+")
_VERB_WORDS = frozenset(w for verb in SPEECH_VERBS for w in verb.split())


def _words(sentence: str) -> set:
    return set(_WORDS.findall(sentence.lower()))


def speaker_in(sentence: str, article: Article, words: set | None = None) -> Speaker | None:
    """The claimant a sentence names, if any."""
    if (words if words is not None else _words(sentence)).isdisjoint(_VERB_WORDS):
        return None  # a cheap test first: most sentences have no verb of saying
    after = _SPEAKER_AFTER.search(sentence)
    if after:
        return _person(after.group("name"), after.group("phrase"), article)
    for verb in _VERB_AT.finditer(sentence):
        # look back from each verb of saying, not forward from every word: far cheaper
        match = _SPEAKER_BEFORE.search(sentence, max(0, verb.start() - 240), verb.start())
        if not match:
            continue
        name = match.group("name")
        if name.lower() in PRONOUNS or name in ("The", "This", "It", "That"):
            continue
        phrase = match.group("phrase") + (match.group("appos") or "")
        return _person(name, phrase, article)
    return None


def _person(raw: str, phrase: str, article: Article) -> Speaker:
    raw = raw.rstrip(".,;:")
    name = _strip_titles(raw)
    if name.lower() in ("reports", "sources"):
        name = name.lower()
    full = article.people.get(name.split()[-1].lower(), name) if " " not in name else name
    if " " in full:
        article.people.setdefault(full.split()[-1].lower(), full)
    phrase = f"{phrase} {raw}".strip()  # titles ("Lieutenant General") are cues to the type
    kind, side, _ = classify(full, phrase, article)
    seen = article.seen.setdefault(full.lower(), {"type": "other", "side": "unknown"})
    if seen["type"] == "other" and kind != "other":
        seen["type"] = kind
    if seen["side"] == "unknown" and side != "unknown":
        seen["side"] = side
    return Speaker(full, phrase)


_TITLES = re.compile(r"^(?:(?:Lieutenant|Lt\.?|Colonel|Col\.?|General|Gen\.?|Major|Maj\.?|Commander|Captain|"
                     r"Capt\.?|Sergeant|President|Minister|Spokesperson|Spokesman|Governor|Mr\.?|Mrs\.?|Ms\.?|"
                     r"Dr\.?|Pro-Russian|The|Ukrainian|Russian)\s+)+")


def _strip_titles(name: str) -> str:
    return _TITLES.sub("", name).strip() or name


def according_to(sentence: str) -> str | None:
    m = _ACCORDING.search(sentence)
    if not m:
        return None
    who = re.split(r"\s+and\s+(?:open|satellite|other)|\s+(?:on|in|at|who|which)\s", m.group("who"))[0]
    return who.strip().rstrip(".")


def classify(name: str, phrase: str, article: Article) -> tuple[str, str, bool]:
    """(type, side, from a known source) for a claimant: known sources first, then cue words."""
    known = article.known.get(name.lower())
    if known:
        return known["type"], known["side"], True
    if name.lower() in KNOWN_OUTLETS:  # "according to Reuters": an outlet reporting on its own
        return "media", "unknown", False
    text = f"{phrase} {name}".lower()
    kind = next((t for pattern, t in TYPE_CUES if pattern.search(text)), "other")
    side = next((s for pattern, s in SIDE_CUES if pattern.search(text)), "unknown")
    seen = article.seen.get(name.lower(), {})
    if kind == "other":
        kind = seen.get("type", "other")
    if side == "unknown":
        side = seen.get("side", "unknown")
    return kind, side, False


# ---------------------------------------------------------------- figures in a sentence

@dataclass
class Found:
    figure: figures.Figure
    text: str
    start: int
    end: int


_DIGIT = re.compile(r"\d")
_NUMBER_WORDS = frozenset([*figures.CARDINALS, "dozen", "dozens", "hundreds", "thousands"])


def figures_in(sentence: str, words: set | None = None) -> list[Found]:
    """Every figure in a sentence, with its span; dates, ages, times and model numbers are not figures."""
    if not _DIGIT.search(sentence) and (words if words is not None else _words(sentence)).isdisjoint(_NUMBER_WORDS):
        return []
    masked = _NOT_FIGURE.sub(lambda m: "#" * len(m.group()), sentence)
    lower = masked.lower()
    found = []
    for match in _CANDIDATE.finditer(lower):
        start = match.start()
        qualifier = _QUALIFIER_BEFORE.search(lower, max(0, start - 24), start)
        start = qualifier.start() if qualifier else start
        if found and start < found[-1].end:
            continue
        item = _read_at(sentence, masked, start, match.end())
        if item:
            found.append(item)
    return found + _another(sentence, found)


def _read_at(sentence: str, masked: str, start: int, number_end: int) -> Found | None:
    if start > 0 and (masked[start - 1].isalnum() or masked[start - 1] in "#$€£"):
        return None
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
    if not _worth_keeping(chosen[0], chosen[1], sentence):
        return None
    figure, text = chosen
    return Found(_with_sentence_rate(figure, sentence), text, start, start + len(text))


def _parse_span(sentence: str, start: int, end: int):
    text = sentence[start:end].strip().rstrip(",;:")
    try:
        return figures.parse(text), text
    except (FigureError, ValueError):
        return None


def _shortest_alike(sentence: str, start: int, ends: list[int], longest: tuple) -> tuple:
    """The fewest words that still say the same figure (bisection over the candidate ends)."""
    reading = _reading(longest[0])
    low, high, best = 0, len(ends) - 1, longest  # ends run from longest to shortest
    while low < high:
        middle = (low + high + 1) // 2
        found = _parse_span(sentence, start, ends[middle])
        if found and found[0] is not None and _reading(found[0]) == reading:
            low, best = middle, found
        else:
            high = middle - 1
    return best


def _reading(figure: figures.Figure) -> tuple:
    return figure.value, figure.low, figure.high, figure.unit, figure.qualifier


_STOP = re.compile(r"[,;:.!?]\s|[,;:!?]$|\.$|\s(?:and|but|while|which|who|as|after|before|since)\s|\d|\(")


def _tail_end(masked: str, after: int) -> int:
    """Where the words belonging to a figure stop: the next number, clause or sentence end.

    A bracket right after the figure's words is a restatement and belongs to it:
    "3 kilometers (1.9 miles) from the southern edge".
    """
    position = after
    while True:
        m = _STOP.search(masked, position + 1)
        if not m:
            return len(masked)
        if masked[m.start()] != "(" or ")" not in masked[m.start():]:
            return m.start()
        position = masked.index(")", m.start())


def _ends(masked: str, number_end: int, tail_end: int):
    """Candidate ends, longest first: the figure with all its words, then fewer."""
    ends = [tail_end]
    for m in re.finditer(r"\s", masked[number_end:tail_end]):
        ends.append(number_end + m.start())
    ends.append(number_end)
    return sorted(set(ends), reverse=True)


def _worth_keeping(figure: figures.Figure, text: str, sentence: str) -> bool:
    """A bare number word with no unit ("one brigade") is not a claim; nor is a lone small number,
    nor a duration ("61 days of fighting", "within 24 hours"): that is context, not a claim."""
    if figure.dimension.split("/")[0] == "time":
        return False
    has_digit = any(ch.isdigit() for ch in text)
    if not has_digit and not figure.vague and (figure.unit is None or figure.unit not in _COUNTED):
        return False
    return figure.unit is not None or figure.qualifier != "exact" or (figure.value or 0) >= 10


_COUNTED = set(figures.units.COUNT_NOUNS.values()) | set(figures.units.UNIT_ALIASES.values())


def _with_sentence_rate(figure: figures.Figure, sentence: str) -> figures.Figure:
    """'Every day, defenders eliminate 300 soldiers': a rate said apart from the figure."""
    if figure.unit and "/" in figure.unit:
        return figure
    m = _RATE_IN_SENTENCE.search(sentence)
    if not m:
        return figure
    text = f"{figure.text} {m.group().lower()}"
    try:
        return figures.parse(text) or figure
    except FigureError:
        return figure


def _another(sentence: str, found: list[Found]) -> list[Found]:
    """'two positions had been destroyed and another lost': one more of the same noun."""
    m = _AND_ANOTHER.search(sentence)
    if not m or not found or not found[-1].figure.unit:
        return []
    noun = found[-1].figure.unit.split("/")[0]
    singular = {v: k for k, v in figures.units.COUNT_NOUNS.items() if k != v}.get(noun, noun)
    figure = figures.parse(f"1 {singular}")
    return [Found(figure, m.group(0), m.start(), m.end())]


# ---------------------------------------------------------------- topics

_PLACE = re.compile(r"\b(?:of|from|in|near|to|at|outside|around|towards|toward|on)\s+(?:the\s+)?"
                    r"(?P<place>[A-Z][\w’'-]+(?:\s+(?:Oblast|Region|Raion|Yar|Oblast’s))?)")
_NOT_PLACES = {"the", "russian", "ukrainian", "russia", "ukraine", "moscow", "kyiv", "ukraine’s", "russia’s",
               *MONTHS}


def places(text: str) -> list[tuple[int, str]]:
    return [(m.start("place"), m.group("place")) for m in _PLACE.finditer(text)
            if m.group("place").lower() not in _NOT_PLACES]


def main_place(text: str) -> str | None:
    counts: dict = {}
    for _, place in places(text):
        counts[place] = counts.get(place, 0) + 1
    for word in re.findall(r"\b[A-Z][a-z]{3,}\b", text):
        if word in counts:
            counts[word] += 1
    return max(counts, key=counts.get) if counts else None


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def suggest_topic(sentence: str, found: Found, article_place: str | None) -> str:
    """'<place>/<what>[-per-<period>]' from the words around the figure."""
    near = [p for p in places(sentence)]
    place = min(near, key=lambda p: abs(p[0] - found.start))[1] if near else (article_place or "general")
    unit = found.figure.unit or ""
    head, _, period = unit.partition("/")
    dimension = figures.units.dimension(head or None)
    window = sentence[max(0, found.start - 40): found.end + 60].lower()
    found_verb = _VERB_RE.search(window)
    verb = VERBS[found_verb.group()] if found_verb else None
    if dimension == "length":
        what = "distance"
    elif dimension == "area":
        what = "area"
    elif dimension == "percent":
        m = re.search(r"%\s+of\s+(?:the\s+)?((?:(?!and\b|have\b|has\b|were\b|was\b|in\b)[a-z]+\s?){1,3})",
                      sentence[found.start:].lower())
        what = "share-of-" + slug(m.group(1)) if m else "share"
    else:
        what = slug(head) if head and head != "times" else "count"
    if verb and dimension not in ("length",):
        what = f"{what}-{verb}"
    if period:
        what = f"{what}-per-{period}"
    return f"{slug(place)}/{what}"


# ---------------------------------------------------------------- the extractor

def extract(text: str, known: dict | None = None, outlet: str | None = None,
            dateline: str | None = None) -> list[dict]:
    """Candidate claims, in the order their figures appear."""
    if looks_like_html(text):
        text = strip_html(text)
    article = Article(text=text, reported_on=dateline or find_dateline(text), outlet=outlet,
                      known={k.lower(): v for k, v in (known or {}).items()})
    byline = _BYLINE.search(text)
    article.byline = byline.group("name") if byline else None
    _register_people(text, article)
    listed = [s for s in sentences(text) if not _skip_line(s.text)]
    article.lead, lead_relay = _lead_speaker(listed, article)
    place = main_place(text)
    candidates, state = [], {"last": article.lead, "relays": {}}
    if article.lead and lead_relay:
        state["relays"][article.lead.name] = lead_relay
    for sentence in listed:
        words = _words(sentence.text)
        speaker = speaker_in(sentence.text, article, words)
        for found in figures_in(sentence.text, words):
            candidates.append(_candidate(sentence, found, article, state, place, speaker))
        _remember(sentence.text, speaker, article, state)
    return candidates


def _skip_line(text: str) -> bool:
    """Bylines, datelines, photo credits, reading times and list numbering carry no claims."""
    stripped = text.strip()
    return bool(_BYLINE.match(stripped) or _PHOTO.match(stripped) or re.match(r"^\d+\s+minute read$", stripped)
                or re.fullmatch(r"\s*(?:date\s+)?[\d/.-]+(?:\s+\w+)?\s*", stripped))


def _lead_speaker(listed: list[Sentence], article: Article) -> tuple[Speaker | None, str | None]:
    """The named speaker of the article's first sentences (and their relay), if the story is
    built on one account: its headline and unattributed figures are theirs."""
    body = [s for s in listed if s.text.rstrip().endswith((".", "”", "\"")) and len(s.text.split()) >= 8]
    for sentence in body[:3]:
        speaker = speaker_in(sentence.text, article)
        if speaker and _is_person(speaker, article):
            return speaker, according_to(sentence.text)
    return None, None


def _is_person(speaker: Speaker, article: Article) -> bool:
    kind, _, _ = classify(speaker.name, speaker.phrase, article)
    return kind not in ("unattributed",) and len(speaker.name.split()) >= 2


_APPOSITIVE = re.compile(r",\s+((?:an?|the)\s+[^,.]{3,100}),")
_FULL_NAME = re.compile(r"\b([A-Z][a-z]+(?:\s+[A-Z][a-z'’-]+){1,2})\b")
_NOT_FIRST_NAMES = {"The", "In", "On", "At", "By", "As", "If", "Russian", "Ukrainian", "Russia", "Ukraine",
                    "Pro", "Every", "After", "Before", "Photo", "Lieutenant", "General", "Commander", "Colonel"}


def _register_people(text: str, article: Article) -> None:
    """Surname -> full name for every two- or three-word name, as first written."""
    for match in _FULL_NAME.finditer(text):
        name = _strip_titles(match.group(1))
        parts = name.split()
        if len(parts) >= 2 and parts[0] not in _NOT_FIRST_NAMES:
            article.people.setdefault(parts[-1].lower(), name)
            appositive = _APPOSITIVE.match(text, match.end())
            if appositive:  # "Vitalii Lytvyn, an artillery reconnaissance unit commander,"
                _person(name, appositive.group(1), article)


def _remember(sentence: str, speaker: Speaker | None, article: Article, state: dict) -> None:
    if speaker and _is_person(speaker, article):
        state["last"] = speaker
        relay = according_to(sentence)
        if relay:
            state["relays"][speaker.name] = relay


def _candidate(sentence: Sentence, found: Found, article: Article, state: dict, place: str | None,
               speaker: Speaker | None) -> dict:
    name, phrase, relay, confidence = _attribute(sentence.text, speaker, article, state)
    kind, side, known = classify(name, phrase, article)
    if known:  # an alias ("Victor Trehubov") becomes the stored source's own name
        name = article.known[name.lower()]["name"]
    if name == _article_name(article):
        kind, side = "media", "unknown"
    own = article.outlet or article.byline
    via = [v for v in (relay, own) if v and v.lower() != name.lower()]
    status, notes = _hedges(sentence.text)
    figure = found.figure
    return {
        "id": None, "topic": suggest_topic(sentence.text, found, place), "source": name, "source_type": kind,
        "side": side, "reliability": None, "admiralty": "F6", "figure": figure.text,
        "value": _n(figure.value), "low": _n(figure.low), "high": _n(figure.high), "unit": figure.unit,
        "qualifier": figure.qualifier, "as_of": sentence_date(sentence.text, article.reported_on)
        or article.reported_on, "reported_on": article.reported_on, "status": status, "credibility": 6,
        "via": via, "quote": sentence.text.strip(), "url": None, "place": None, "notes": notes,
        "tags": ["extracted"], "created": None, "updated": None,
        "confidence": round(confidence * (0.95 if known else 1.0) + (0.05 if known else 0), 2),
        "span": [sentence.start + found.start, sentence.start + found.end],
    }


def _attribute(sentence: str, speaker: Speaker | None, article: Article,
               state: dict) -> tuple[str, str, str | None, float]:
    """(claimant, the words around it, relay, confidence)."""
    relay = according_to(sentence)
    if speaker:
        if relay and relay.lower() == speaker.name.lower():
            relay = None
        return speaker.name, speaker.phrase, relay or state["relays"].get(speaker.name), 0.9
    if _PRONOUN.search(sentence) and state["last"]:
        last = state["last"]
        return last.name, last.phrase, state["relays"].get(last.name), 0.8
    if relay:
        return relay, relay, None, 0.85
    if article.lead:
        return article.lead.name, article.lead.phrase, state["relays"].get(article.lead.name), 0.6
    return _article_name(article), "", None, 0.5


def _article_name(article: Article) -> str:
    return article.outlet or article.byline or "unknown outlet"


_HEDGE_RE = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in HEDGES) + r")\b", re.IGNORECASE)
_VERB_RE = re.compile(r"\b(?:" + "|".join(re.escape(v) for v in sorted(VERBS, key=len, reverse=True)) + r")\b")


def _hedges(sentence: str) -> tuple[str, str | None]:
    words = list(dict.fromkeys(m.group().lower() for m in _HEDGE_RE.finditer(sentence)))
    status = "disputed" if any(HEDGES[w] == "disputed" for w in words) else "unverified"
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


def _label_matches_claimant(candidate: dict, claimant: str | list, article_name: str) -> bool:
    names = [claimant] if isinstance(claimant, str) else claimant
    for name in names:
        if name == "@article" and candidate["source"] == article_name:
            return True
        if name == "@unattributed" and candidate["source_type"] == "unattributed":
            return True
        if name.lower() == candidate["source"].lower():
            return True
    return False


def score(candidates: list[dict], labels: list[dict], article_name: str = "unknown outlet") -> dict:
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


def read_input(path: str) -> str:
    """The text of FILE, or of standard input for '-'."""
    import sys

    from .errors import ClaimsError

    if path == "-":
        return sys.stdin.read()
    try:
        with open(path, encoding="utf-8-sig") as handle:
            return handle.read()
    except FileNotFoundError:
        raise ClaimsError(f"file not found: {path}") from None
    except UnicodeDecodeError as error:
        raise ClaimsError(f"{path} is not UTF-8 text (byte {error.object[error.start]:#04x})") from None
    except OSError as error:
        raise ClaimsError(f"cannot read {path}: {error.strerror}") from None
