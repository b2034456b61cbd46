"""A text's parts, before anyone is credited with a figure in it: its title, date, byline
and publisher, speaker turns (a parliamentary record, a statement "made by" someone),
source lines under key figures, paragraphs and bullets, sentences with their offsets,
and quotations that run across sentences. Pure: text in, a `Document` out.
"""

import datetime
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
MONTH_ABBREVIATIONS = {m[:3]: i for m, i in MONTHS.items()} | {"sept": 9}
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_MONTH = "|".join(MONTHS)
_MONTH_WORDS = frozenset(MONTHS)


@dataclass
class Sentence:
    text: str
    start: int  # offset in the document's text
    paragraph: int  # index of its paragraph
    quoted: bool = False  # inside a quotation that began in an earlier sentence or runs past it


@dataclass
class Paragraph:
    text: str
    start: int
    kind: str  # "title", "meta" (dateline, byline, source line), "heading" (a speaker's name), "text"
    speaker: str | None = None  # whose turn it is (a parliamentary record, a statement)
    source: str | None = None  # a key figure's source line below it ("OHCHR – March 2022")
    sentences: list = field(default_factory=list)


@dataclass
class Document:
    text: str
    title: str | None = None
    date: str | None = None
    byline: str | None = None  # the publisher line's outlet ("Published by X"), else the author's name
    author: bool = False  # whether `byline` is an author's name ("by Jane Doe"), not an outlet
    speaker: str | None = None  # the person whose statement or speech the whole text is
    paragraphs: list = field(default_factory=list)

    def sentences(self):
        for paragraph in self.paragraphs:
            yield from paragraph.sentences


# ---------------------------------------------------------------- HTML

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

_ISO_DATE = re.compile(r"\b(20\d{2}|19\d{2})-(\d{2})-(\d{2})\b")
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH})\s+(\d{{4}})\b", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}}),\s+(\d{{4}})\b", re.IGNORECASE)
_SLASHED = re.compile(r"(?:^|\s)(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b", re.MULTILINE)
_YEAR = re.compile(r"[12]\d{3}")


def find_dateline(text: str) -> str | None:
    """The text's date: ISO first, then '3 January 2025', 'January 3, 2025', dd/mm/yyyy.
    Every one holds a year, so each form is looked for only around the years."""
    head = text[:3000]
    years = [(max(0, m.start() - 22), m.end() + 7) for m in _YEAR.finditer(head)]
    for pattern, order in ((_ISO_DATE, (1, 2, 3)), (_DAY_MONTH_YEAR, (3, 2, 1)), (_MONTH_DAY_YEAR, (3, 1, 2)),
                           (_SLASHED, (3, 2, 1))):  # dd/mm/yyyy: day first, as European outlets write it
        for start, end in years:
            if m := pattern.search(head, start, min(end, len(head))):
                year, month, day = (m.group(i) for i in order)
                month = int(month) if month.isdigit() else MONTHS[month.lower()]
                return _iso(int(year), month, int(day))
    return None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


_WORD = re.compile(r"[a-z]+")
_ON_DAY = re.compile(rf"\b(?:on|of|as of|since|by)\s+(\d{{1,2}})\s+({_MONTH})(?:\s+(\d{{4}}))?", re.IGNORECASE)
_ON_MONTH_DAY = re.compile(rf"\b(?:on|of|as of|since|by)\s+({_MONTH})\s+(\d{{1,2}})(?:,\s+(\d{{4}}))?", re.IGNORECASE)
_IN_MONTH = re.compile(rf"\bin\s+({_MONTH})(?:\s+(\d{{4}}))?\b", re.IGNORECASE)


def sentence_date(sentence: str, reported_on: str | None) -> str | None:
    """'on 3 January' -> 2025-01-03; 'in October' -> 2024-10 (the last October before the
    text's date); 'As of 16 July' -> 2024-07-16."""
    if _MONTH_WORDS.isdisjoint(_WORD.findall(sentence.lower())):
        return None
    year = int(reported_on[:4]) if reported_on else None
    day = _ON_DAY.search(sentence) or _ON_MONTH_DAY.search(sentence)
    if day:
        a, b, y = day.groups()
        d, m = (int(a), MONTHS[b.lower()]) if a.isdigit() else (int(b), MONTHS[a.lower()])
        y = int(y) if y else _year_before(year, m, reported_on)
        return _iso(y, m, d) if y else None
    month = _IN_MONTH.search(sentence)
    if month:
        m = MONTHS[month.group(1).lower()]
        y = int(month.group(2)) if month.group(2) else _year_before(year, m, reported_on)
        return f"{y:04d}-{m:02d}" if y else None
    return None


def _year_before(year: int | None, month: int, reported_on: str | None) -> int | None:
    if not year:
        return None
    return year if month <= int(reported_on[5:7]) else year - 1


# ---------------------------------------------------------------- lines

_BULLET = re.compile(r"^\s*(?:[•·▪◦*–—-]|\d{1,2}[.)])\s+")
_BYLINE = re.compile(r"^\s*by\s*(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})\s*$")
_PUBLISHER = re.compile(r"^\s*(?:From|Published by|Source|Issued by)\s*:\s*(?P<name>.+?)\s*$")
_PHOTO = re.compile(r"\b(?:Photo|Image|Credit|Picture)\s*:", re.IGNORECASE)
# a line that is only a date, a reading time, a bulletin's date line or a record's reference
_META = re.compile(
    rf"^\s*(?:(?:date|published|updated|posted)\s*:?\s*)?(?:[\d/.-]+|\d{{1,2}}\s+(?:{_MONTH})\s+\d{{4}}|"
    rf"(?:{_MONTH})\s+\d{{1,2}},?\s+\d{{4}})(?:\s+\w+)?\s*$"
    r"|^\s*\d+\s+minute read\s*$|^\s*-\s*ECHO Daily [Ff]lash of .*$"
    r"|^\s*(?:HC|HL)\s+Deb\b.*$|^\s*\[?HL\d+\]?\s*$|^\s*\d+\s+\|.*$", re.IGNORECASE)  # ... page headers
# under a key figure: "OHCHR – March 2022", "UNHCR - 2022"
_SOURCE_LINE = re.compile(rf"^\s*(?P<name>[A-Z][\w/&.'’ ()-]{{1,60}}?)\s+[–—-]\s+(?:(?:{_MONTH})\s+)?\d{{4}}\s*$",
                          re.IGNORECASE)
_TITLES = (r"(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady|Baroness|Baron|Viscount|Earl|Countess|Duke|The)\.?")
# a speaker's heading in a record: "§ Mr. Douglas Hogg", "Baroness Amos", "Lord Smith of Anytown (CB):",
# "The Minister of State (Jane Doe):"
_HEADING = re.compile(
    rf"^\s*(?:§\s*)?(?P<name>(?:{_TITLES}\s+)?[A-Z][\w'’.-]+(?:\s+(?:of|for|and|de|van|von|the|[A-Z][\w'’.-]+)){{0,6}})"
    r"\s*(?:\((?P<aside>[^()]{1,80})\))?(?:\s*\([^()]{1,40}\))?\s*:?\s*$")  # "Janet Daby (Lewisham East) (Lab)"
_INLINE_TURN = re.compile(
    rf"^\s*(?:§\s*)?(?P<name>(?:{_TITLES}\s+)?[A-Z][\w'’.-]+(?:\s+(?:of|de|van|von|[A-Z][\w'’.-]+)){{0,6}})"
    r"\s*(?:\((?P<aside>[^()]{1,80})\))?(?:,\s+[^:]{3,80})?\s*:\s+(?=\S)")
# the words of a role in a turn label, before or instead of a name (data: other languages add theirs)
ROLE_WORDS = frozenset(
    "senior deputy assistant under press chief principal acting defense defence foreign military state "
    "official officials secretary minister spokesperson spokesman spokeswoman president vice prime general admiral "
    "colonel ambassador representative governor mayor commander director head envoy adviser advisor "
    "coordinator moderator administrator chair chairman chairwoman".split())
# turn labels that are no one to credit: questions and the chair of a briefing
NOT_SPEAKERS = frozenset({"q", "question", "moderator", "operator", "reporter", "audience"})
_NOT_A_SPEAKER = re.compile(rf"^\s*(?:{'|'.join(NOT_SPEAKERS)})\s*:\s", re.IGNORECASE)
# a whole text that is one person's statement or speech
_STATEMENT = re.compile(
    r"(?P<d>[A-Z][\w'’.-]+(?:[ \t]+[A-Z][\w'’.-]+){1,3})[ \t]+(?:gave|made|delivered|issued)\s+(?:a|an|the|this)\s+"
    r"(?:written\s+|oral\s+)?(?:statement|speech|address|remarks)\b|"
    r"(?:statement|speech|remarks|address|evidence|written statement|oral statement)\s+(?:was\s+)?"
    r"(?:made|given|delivered|published)\s+by\s+(?:the\s+)?(?P<a>[A-Z][^,.;()]{2,60}?)(?=,|\s+\(|\s+at\b|\s+in\b|\s+on\b|\.|$)"
    r"|[Aa]s prepared for delivery by\s+(?P<b>[^,.;()]{2,80}?)(?=,|\.|\s+\(|$)"
    r"|^\s*(?:Remarks|Statement|Speech|Address|Briefing|Testimony|Evidence)\s+(?:by|of|from)\s+"
    r"(?P<c>[^,.;()]{2,80}?)(?=,|\.|\s+\(|\s+at\b|\s+to\b|\s+on\b|\s+in\b|$)"
    r"|^\s*(?:[A-Z][\w'’-]+\s+){0,3}(?:Minister|Secretary|President|Governor|Mayor|General|Ambassador|"
    r"Spokesperson|Spokesman|Commander|Chief)\s+(?P<e>[A-Z][a-zà-ÿ'’-]+(?:\s+[A-Z][a-zà-ÿ'’-]+){1,2})\s+"
    r"(?:says|said|warns|claims|tells|estimates|insists)\b", re.MULTILINE)
_ASKED = re.compile(r"^\s*(?:asked|to ask)\b", re.IGNORECASE)
_TITLE_WORDS = re.compile(r"^(?:(?:Ambassador|President|Prime Minister|Minister|Secretary|Foreign Secretary|"
                          r"Defence Secretary|General|Admiral|Commander|Governor|Mayor|Senator|Representative|Rt Hon|"
                          r"Right Honourable|Mr|Mrs|Ms|Dr)\.?\s+)+")


def read(text: str, dateline: str | None = None) -> Document:
    """The parts of a text: what is a title, a date line, a speaker's heading, a paragraph."""
    if looks_like_html(text):
        text = strip_html(text)
    document = Document(text=text, date=dateline or find_dateline(text))
    document.speaker = statement_speaker(text)
    turn = None
    for number, (start, line) in enumerate(_lines(text)):
        paragraph = _paragraph(document, number, start, line, turn)
        if paragraph.kind == "heading":
            turn = paragraph.speaker
        elif paragraph.speaker is not None and paragraph.kind == "text":
            turn = paragraph.speaker or None  # "" after a question: nobody's turn until the next label
        _attach_source_line(document, paragraph)
        document.paragraphs.append(paragraph)
    for index, paragraph in enumerate(document.paragraphs):
        if paragraph.kind in ("text", "title"):
            paragraph.sentences = split_sentences(paragraph.text, paragraph.start, index)
    return document


def _lines(text: str):
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            yield match.start(), match.group()


def _paragraph(document: Document, number: int, start: int, line: str, turn: str | None) -> Paragraph:
    stripped = line.strip()
    if byline := _BYLINE.match(stripped):
        if document.byline is None:
            document.byline, document.author = byline.group("name"), True
        return Paragraph(line, start, "meta")
    if publisher := _PUBLISHER.match(stripped):
        document.byline = document.byline or publisher.group("name")
        return Paragraph(line, start, "meta")
    if _META.match(stripped) or ":" in stripped and _PHOTO.search(stripped) and len(stripped.split()) < 20:
        return Paragraph(line, start, "meta")
    if document.title is None:
        document.title = stripped
        if len(stripped.split()) <= 25 and not stripped.endswith((".", "”", '"')):  # a headline, not a paragraph
            return Paragraph(line, start, "title", speaker=turn)
    if len(stripped) < 90 and _SOURCE_LINE.match(stripped) and len(stripped.split()) <= 8:
        return Paragraph(line, start, "source")
    if stripped.startswith("§") and len(stripped.split()) <= 16:  # a record's speaker mark
        return Paragraph(line, start, "heading", speaker=record_speaker(stripped))
    if _is_heading(stripped):
        return Paragraph(line, start, "heading", speaker=heading_speaker(_HEADING.match(stripped)))
    inline = ":" in stripped[:200] and _INLINE_TURN.match(stripped)
    if _NOT_A_SPEAKER.match(stripped):  # a question or the chair: nobody's turn
        return Paragraph(line, start, "text", speaker="")
    if inline and (role := role_speaker(inline.group("name"))):
        return Paragraph(line, start, "text", speaker=role)
    if inline and _looks_like_a_person(inline.group("name")):
        return Paragraph(line, start, "text", speaker=speaker_name(inline.group("name")))
    return Paragraph(line, start, "text", speaker=turn)


def _is_heading(line: str) -> bool:
    """A speaker's name on a line of its own: short, no sentence punctuation, a person's name."""
    if len(line.split()) > 9 or line.rstrip().endswith((".", "?", "!")):
        return False
    m = _HEADING.match(line)
    if not m:
        return False
    return _looks_like_a_person(m.group("name"), line)


_PERSON_TITLE = re.compile(rf"^(?:§\s*)?{_TITLES}\s", re.IGNORECASE)


def _looks_like_a_person(name: str, line: str = "") -> bool:
    """A heading names a person: a title (Mr, Lord, Baroness), or a name written as names are,
    two to four capitalised words, one of them not a common heading word."""
    words = name.split()
    if _PERSON_TITLE.match(line.strip() or name) or _PERSON_TITLE.match(name):
        return True
    if line.strip().startswith("§"):
        return True
    if any(word.isupper() and len(word) > 1 for word in words):  # "EUCPM Activation": a heading, not a name
        return False
    common = {"Situation", "Key", "Developments", "Background", "Summary", "Contents", "Table", "Notes", "Floods",
              "Earthquake", "Update", "Overview", "Highlights", "Humanitarian", "Funding", "At", "A", "Glance",
              "Chamber", "Hall", "Hansard", "Debate", "Debates", "Committee", "Questions", "Answers", "Page", "Main",
              "Department", "Volume", "Statement", "Statements"}
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words if w not in ("of", "de", "van", "von")) \
        and not set(words) & common and not any(ch.isdigit() for ch in name)


_PLACE_WORD = r"[A-Z][\w'’-]+"
_OF_PLACES = [re.compile(r"^(?:of|for)\s+(?:the\s+)?" + r"\s+".join([_PLACE_WORD] * n) + r"\s+") for n in (1, 2, 3)]


def role_speaker(label: str) -> str | None:
    """The speaker a turn label with a role names: the person after the role ("DEPUTY PRESS
    SECRETARY JANE DOE" -> "Jane Doe", "President of Ruritania John Doe" -> "John Doe"), or
    the role itself when it names no one ("SENIOR DEFENSE OFFICIAL" -> "senior defense
    official"); None when the label has no role word, or is a question or a moderator."""
    words = label.split()
    if not words or words[0].lower().rstrip(".") in NOT_SPEAKERS:
        return None
    n = 0
    while n < len(words) and words[n].lower() in ROLE_WORDS:
        n += 1
    if n == 0:
        return None
    rest = " ".join(words[n:])
    for place in _OF_PLACES:  # "of Ruritania John Doe": the shortest place that leaves a full name
        shorter = place.sub("", rest + " ", count=1).strip()
        if shorter != rest and len(shorter.split()) >= 2:
            rest = shorter
            break
    if not rest:
        return " ".join(words).lower() if label.isupper() else " ".join(words)
    name = " ".join(w.capitalize() if w.isupper() else w for w in rest.split())
    return name if 1 <= len(name.split()) <= 4 else None


_OFFICE_WORDS = re.compile(r"\b(?:Minister|Secretary|Speaker|Chancellor|Attorney|Solicitor|Leader|Chair|Chairman|"
                           r"President|Lord Speaker|Deputy)\b")
_PERSON_ASIDE = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Sir|Dame|Lord|Lady|Baroness)?\.?\s*[A-Z][a-zà-ÿ'’-]+"
                           r"(?:\s+[A-Z][a-zà-ÿ'’-]+){1,3}$")


def heading_speaker(heading: re.Match) -> str:
    """A speaker heading's person: "The Minister for Armed Forces (James Heappey)" is James
    Heappey; "Janet Daby (Lewisham East) (Lab)" is Janet Daby."""
    name, aside = heading.group("name"), (heading.group("aside") or "").strip()
    if aside and _OFFICE_WORDS.search(name) and _PERSON_ASIDE.match(aside):
        return speaker_name(aside)
    return speaker_name(name)


def speaker_name(raw: str) -> str:
    """'§ Mr. Douglas Hogg' -> 'Douglas Hogg'; 'Baroness Amos' stays (a peer is named so)."""
    name = re.sub(r"^\s*§\s*", "", raw).strip().rstrip(":").strip()
    name = re.sub(r"^(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+", "", name, flags=re.IGNORECASE)
    if name.isupper():  # "MR SMITH:" in a transcript
        name = " ".join(word.capitalize() for word in name.split())
    return re.sub(r"\s+", " ", name)


_OFFICE = re.compile(r"\b(?:SECRETARY|MINISTER|CHANCELLOR|ATTORNEY|SOLICITOR|PRESIDENT|SPEAKER|CHAIRMAN|"
                     r"UNDER-SECRETARY|PAYMASTER|LEADER)\b", re.IGNORECASE)
_BRACKETED_NAME = re.compile(r"\((?P<name>(?:Mr|Mrs|Ms|Sir|Dr|Lord|Lady)\.?\s+[^()]+?)[,.]?\)")


def record_speaker(line: str) -> str:
    """'§ THE SECRETARY OF STATE FOR THE HOME DEPARTMENT (Mr. GLADSTONE,) Leeds, W.' ->
    'Gladstone'; '§ MR. CROOKS (Woolwich)' -> 'Crooks': the person, in ordinary case."""
    text = line.lstrip("§ ").strip()
    bracketed = _BRACKETED_NAME.search(text)
    if bracketed and _OFFICE.search(text[:bracketed.start()]):
        text = bracketed.group("name")
    else:
        text = re.split(r"\s*\(|,", text)[0]
    words = [word.lower() if word.lower() in ("of", "the", "for") else word.capitalize() if word.isupper() and
             len(word) > 1 else word for word in text.split()]
    return speaker_name(" ".join(words))


def statement_speaker(text: str) -> str | None:
    """The person a whole text is a statement or speech of, from its first lines."""
    head = "\n".join(text.splitlines()[:4])
    m = _STATEMENT.search(head)
    if not m:
        return None
    name = (m.group("a") or m.group("b") or m.group("c") or m.group("d") or m.group("e")).strip()
    person = _TITLE_WORDS.sub("", name + " ").strip()
    if not person:  # "Statement by Ambassador , UK ...": a copy that lost the name names no one
        return None
    return name if person.startswith(("of ", "for ")) else person  # an office is named whole


def _attach_source_line(document: Document, paragraph: Paragraph) -> None:
    """'OHCHR – March 2022' under a key figure names that figure's source."""
    if paragraph.kind != "source" or not document.paragraphs:
        return
    previous = document.paragraphs[-1]
    if previous.kind in ("text", "title") and re.search(r"\d", previous.text):
        previous.source = _SOURCE_LINE.match(paragraph.text.strip()).group("name").strip()


# ---------------------------------------------------------------- sentences

_SENTENCE_END = re.compile(r"(?<=[.!?”\"])\s+(?=[“\"(A-Z0-9•·])|(?<=[.!?])(?=[“\"][A-Z])")
_ABBREVIATIONS = re.compile(r"\b(?:Lt|Gen|Col|Maj|Capt|Sgt|Mr|Mrs|Ms|Dr|St|No|Nos|U\.S|U\.K|U\.N|e\.g|i\.e|ca|approx|"
                            r"vol|Rt|Hon|Jr|Sr|Inc|Ltd|Co|vs|etc|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|"
                            r"[A-Z])\.$")
_OPEN_QUOTES, _CLOSE_QUOTES = "“«", "”»"
_QUOTE_MARKS = re.compile("[“«”»]")


def split_sentences(text: str, start: int, paragraph: int) -> list[Sentence]:
    """The sentences of a paragraph with their offsets in the document; a sentence inside a
    quotation that spans sentences is marked `quoted`."""
    found, buffer, buffer_start, offset = [], "", None, 0
    for piece in _SENTENCE_END.split(text):
        index = text.find(piece, offset)
        offset = index + len(piece)
        if buffer_start is None:
            buffer_start = index
        buffer = text[buffer_start:offset]
        tail = buffer.rstrip()
        if offset < len(text) and _ABBREVIATIONS.search(tail, max(0, len(tail) - 8)):  # the last word only
            continue
        if buffer.strip():
            found.append(Sentence(buffer.strip(), start + buffer_start + (len(buffer) - len(buffer.lstrip())),
                                  paragraph))
        buffer, buffer_start = "", None
    _mark_quotations(found)
    return found


def _mark_quotations(sentences: list[Sentence]) -> None:
    """Sentences between an opening quote mark and its closing one, across sentences."""
    depth = 0
    for sentence in sentences:
        opened = depth > 0
        for ch in _QUOTE_MARKS.findall(sentence.text):
            if ch in _OPEN_QUOTES:
                depth += 1
            elif ch in _CLOSE_QUOTES:
                depth = max(0, depth - 1)
        straight = sentence.text.count('"')
        if straight % 2:
            depth = 0 if opened and depth == 0 else depth + (0 if opened else 1)
        sentence.quoted = opened or depth > 0
