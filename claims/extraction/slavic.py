"""Candidate claims from a Ukrainian or Russian text: each figure, who gave it, about what.

The same contract as `claims.extraction.extract.extract` (the same candidate fields, topics
in English keys), for texts the language test finds Ukrainian or Russian:

1. the text is cut into paragraphs (lines) and sentences (abbreviations such as "тис." and
   initials do not end one); dates are read ("15 січня 2025", "15 января 2025 года");
2. a report's line items ("танків — 3683 (+8) од.", "- бойові броньовані машини — 18 355
   (+23)") each give one claim, of the item's noun, without the day's increment;
3. every other figure is found with the reader `claims add` uses (`claims.figures.slavic`);
   dates, years, times, durations, ages, ranks, models and calibres are passed over;
4. each figure is credited, in this order, to an attribution in its own sentence ("за даними
   X", "як повідомив X", "X заявив", "по данным X", "как сообщил X", "сообщили в X", "говорится
   в сообщении ведомства"), the report the text goes on relaying, the first attribution after
   it, the author of a known report layout (the General Staff's losses report, the Ministry of
   Defence's briefing), the outlet, or nobody. Known bodies are filed under one English name.
"""

import re
from dataclasses import dataclass, field

from claims.extraction import slavic_words as W
from claims.figures import slavic_words as FW
from claims.figures.reading import Figure, FigureError, parse


def _read(text: str) -> Figure:
    """A figure text read as `claims add` reads it; FigureError when it holds none."""
    figure = parse(text)
    if figure is None:
        raise FigureError("no figure")
    return figure

_WORD = re.compile(r"[а-яёіїєґa-z'’ʼ]+", re.IGNORECASE)


def language(text: str) -> str:
    """'uk', 'ru' or 'en': Cyrillic letters in most of the words, then the letters only one
    of the two languages writes."""
    sample = text[:20_000].lower()
    cyrillic = len(re.findall(r"[а-яёіїєґ]", sample))
    latin = len(re.findall(r"[a-z]", sample))
    if cyrillic <= latin:
        return "en"
    uk = sum(sample.count(c) for c in "іїєґ")
    ru = sum(sample.count(c) for c in W.RU_LETTERS)
    return "uk" if uk > ru else "ru"


# ---------------------------------------------------------------- sentences and dates

@dataclass
class Sentence:
    text: str
    start: int
    paragraph: int


_BOUNDARY = re.compile(r"[.!?…]+[\"»”)]*\s+(?=[\"«“„(\-–—•]*\s*[A-ZА-ЯЁІЇЄҐ0-9])")
_INITIAL = re.compile(r"(?:^|\s)[A-ZА-ЯЁІЇЄҐ]\.$")


def sentences(text: str) -> list[Sentence]:
    """Each line a paragraph; each paragraph cut into sentences."""
    found, offset = [], 0
    for number, line in enumerate(text.split("\n")):
        start = 0
        for m in _BOUNDARY.finditer(line):
            before = line[:m.start() + 1]
            last = before.split()[-1].lower() if before.split() else ""
            if last in FW.ABBREVIATIONS or _INITIAL.search(before):
                continue
            found.append(Sentence(line[start:m.end()].strip(), offset + start, number))
            start = m.end()
        if line[start:].strip():
            found.append(Sentence(line[start:].strip(), offset + start, number))
        offset += len(line) + 1
    return [s for s in found if s.text]


_MONTH = "|".join(W.MONTHS)
_NUMERIC_DATE = re.compile(r"(?:по|до|на|станом на|состоянию на)\s+(\d{1,2})\.(\d{2})\.(\d{2}|\d{4})(?!\d)")
_DATE = re.compile(rf"(?<!\d)(\d{{1,2}})(?:\s*[-–]\s*\d{{1,2}})?\s+({_MONTH})(?:\s+(\d{{4}}))?", re.IGNORECASE)


def sentence_date(sentence: str, reported_on: str | None) -> str | None:
    """'15 січня 2025' -> 2025-01-15; '26 жовтня' -> the last 26 October up to the text's date."""
    m = _DATE.search(sentence)
    if not m:
        numeric = _NUMERIC_DATE.search(sentence)  # "з 24.02.22 по 23.11.24": the report's day
        if numeric:
            day, month, short = (int(g) for g in numeric.groups())
            full = short + 2000 if short < 100 else short
            return f"{full:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None
        return None
    day, month = int(m.group(1)), W.MONTHS[m.group(2).lower()]
    year = int(m.group(3)) if m.group(3) else None
    if year is None and reported_on:
        year = int(reported_on[:4])
        year -= (month, day) > (int(reported_on[5:7]), int(reported_on[8:10])) if len(reported_on) >= 10 else 0
    if year is None or not 1 <= day <= 31:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


# ---------------------------------------------------------------- figures

@dataclass
class Found:
    figure: Figure
    start: int
    end: int
    item: bool = False  # a report's line item


_NUMBER_START = re.compile(
    r"(?<![\w\-/.,:])(?:[$€₴₽]\s?)?\d|(?<![\w'’ʼ-])(?:" + "|".join(sorted(
        (re.escape(w) for w in {*FW.CARDINALS, *FW.HALVES, *FW.VAGUE, "тисячу", "тысячу", "тисяча", "тысяча",
                                "п'яту", "пʼяту", "п’яту", "пятую"}), key=len, reverse=True)) + r")(?![\w'’ʼ])",
    re.IGNORECASE)
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})
_DIGIT_RUN = re.compile(r"\d{1,3}(?:[ \u00a0]\d{3})+(?:,\d+)?|\d+(?:[.,:]\d+)*")
_STOP_CHARS = ",;:!?\"«»“”()[]—–‒"
_SKIP_BEFORE = re.compile(r"(?:(?:№|\bN|стаття|статья|ст\.|пункт|п\.|частина|часть|додат\w*|приложени\w*|"
                          r"\(\s*\+|\+)\s*|[A-Za-zА-Яа-яЁёІіЇїЄє]-?|\d[ \u00a0])$", re.IGNORECASE)
_AFTER_NUMBER = re.compile(r"^(?:-(?:й|го|му|ї|а|ий|ый|ой|ій|я|е|мм|см|х|ти)\b|[-/][A-Za-zА-Яа-я])")
_ONE_OF = re.compile(r"^(?:один|одна|одне|одно|одного|одной|одній|одному|одном|одним|одною)\s+(?:з|із|зі|из)\b",
                     re.IGNORECASE)
_YEAR_WORDS = frozenset(w.rstrip(".") for w in W.YEAR_WORDS) | {"рiк"}
_LIST_OF_NUMBERS = re.compile(r"^(?:\s*(?:,|і|и|та|й)\s*\d+)*\s*(\S+)")


def figures_in(sentence: str) -> list[Found]:
    """Every figure in a sentence, read; the rest of what holds digits is passed over."""
    found: list[Found] = []
    taken = 0
    for chunk_start, chunk in _chunks(sentence):
        item = _line_item(chunk)
        if item:
            found.append(Found(item, chunk_start, chunk_start + len(chunk), True))
    covered = [(f.start, f.end) for f in found]
    folded = sentence.translate(_APOSTROPHES)  # "дев’ять": one apostrophe, same length
    for m in _NUMBER_START.finditer(folded):
        start = m.start()
        if start < taken or any(a <= start < b for a, b in covered) or _passed_over(sentence, start):
            continue
        hit = _read_at(sentence, start)
        if hit:
            found.append(hit)
            taken = hit.end
    return sorted(found, key=lambda f: f.start)


def _chunks(sentence: str):
    start = 0
    for part in re.split(r"([,;]\s+|\n)", sentence):
        if part and not re.fullmatch(r"[,;]\s+|\n", part):
            yield start, part
        start += len(part)


_ITEM = re.compile(r"^\s*[-•·*–—‒]?\s*(?P<name>[^\d—–‒:()]{2,80}?)\s*(?:[—–‒]|\s-)\s*(?P<hedge>близько|около|"
                   r"приблизно|орієнтовно|понад|свыше|более)?\s*(?P<number>\d{1,3}(?:[ \u00a0]\d{3})+|\d+)"
                   r"\s*(?:\(\s*\+[^()]*\))?\s*(?:од\.?|ед\.?|осіб|осіб ліквідовано|чел\.?)?[\s.;]*$", re.IGNORECASE)


def _line_item(chunk: str) -> Figure | None:
    """A report's line item: 'танків — 3683 (+8) од.': one figure of the item's noun."""
    m = _ITEM.match(chunk)
    if not m or not re.search(r"[а-яёіїєґ]", m.group("name"), re.IGNORECASE):
        return None
    name = m.group("name").strip(" -•·*")
    hedge = (m.group("hedge") or "").lower()
    try:
        figure = _read(f"{hedge} {m.group('number')} {name}".strip())
    except FigureError:
        return None
    return Figure(chunk.strip(" ;,."), figure.value, figure.low, figure.high, figure.unit, figure.qualifier)


def _passed_over(sentence: str, start: int) -> bool:
    """A date, a year, a time, a duration or an age, a rank, a model, a calibre, a number of
    a document or a list: not a figure."""
    before = sentence[max(0, start - 14):start]
    if _SKIP_BEFORE.search(before):
        return True
    run = _DIGIT_RUN.match(sentence, start)
    after = sentence[run.end():] if run else sentence[start:]
    if _ONE_OF.match(sentence[start:]):
        return True
    if run:
        digits = run.group()
        if ":" in digits or re.fullmatch(r"\d{1,2}\.\d{1,2}(?:\.\d{2,4})?", digits) or _AFTER_NUMBER.match(after):
            return True
        if re.fullmatch(r"(?:19|20)\d\d", digits):  # a year
            return True
    else:
        after = sentence[start:].split(" ", 1)[1] if " " in sentence[start:] else ""
    nxt = _LIST_OF_NUMBERS.match(after)
    word = (nxt.group(1) if nxt else "").lower().strip(".,;:")
    if word in W.MONTHS or word in W.MONTH_SHORT or word in _YEAR_WORDS:
        return True
    return word in W.DURATION_WORDS or word in ("доби", "доба", "добу", "день", "сутки")


def _read_at(sentence: str, start: int) -> Found | None:
    """The longest figure that reads at `start`, its hedge included."""
    lead = _hedge_before(sentence, start)
    words = _tail_words(sentence, start)
    best = None
    for count in range(len(words), 0, -1):
        end = words[count - 1]
        try:
            figure = _read(sentence[lead:end])
        except FigureError:
            if best:
                break
            continue
        if figure.value is None or best and _reading(figure) != _reading(best[0]):
            if best:
                break
            continue
        last = sentence[lead:end].split()[-1].lower()
        if best is None or not last.endswith(FW.ADJECTIVE_ENDINGS) or count == 1:
            best = (figure, end)  # the shortest text that still reads the same, ending on its noun
    if best is None:
        return None
    figure, end = best
    if figure.unit and figure.unit.endswith(FW.ADJECTIVE_ENDINGS) and sentence[end:end + 1] == ",":
        return None  # "двух механизированных, штурмовой бригад": the noun comes after a list of kinds
    text = sentence[lead:end].strip()
    return Found(Figure(text, figure.value, figure.low, figure.high, figure.unit, figure.qualifier, figure.vague),
                 lead, end)


def _reading(figure: Figure) -> tuple:
    return figure.value, figure.low, figure.high, figure.unit


def _hedge_before(sentence: str, start: int) -> int:
    """Where the figure starts: its hedge ('понад', 'не менее', 'від'), when one stands before it."""
    before = sentence[max(0, start - 40):start]
    tokens = list(re.finditer(r"\S+", before))
    best = start
    plain = 1 if tokens and tokens[-1].group().lower() in ("на", "ще", "еще", "ещё", "вже", "уже") else 0
    for size in (1, 2, 3, 4):
        if len(tokens) < size + plain:
            break
        chosen = tokens[-size - plain:len(tokens) - plain]
        phrase = " ".join(t.group() for t in chosen).lower().replace("’", "'").replace("ʼ", "'")
        if phrase in FW.QUALIFIERS or phrase in FW.RANGE_OPENERS and size == 1 and _has_range(sentence, start):
            best = max(0, start - 40) + chosen[0].start()
    return best


def _has_range(sentence: str, start: int) -> bool:
    return bool(re.match(r"[\d\s\u00a0,.]+(?:[%а-яёіїє.²]+\s+)?до\s+\d", sentence[start:start + 40]))


_NEXT_WORD = re.compile(r"\s*\S+")


def _tail_words(sentence: str, start: int) -> list[int]:
    """Ends of the candidate figure texts: up to ten words from `start`, none past a stop."""
    ends: list[int] = []
    i, n, prev = start, len(sentence), ""
    while i < n and len(ends) < 10:
        m = _NEXT_WORD.match(sentence, i)
        if not m:
            break
        token = m.group().strip()
        if token[0] in _STOP_CHARS or token.lower() in _CONJUNCTIONS and ends:
            break
        if ends and token[0].isdigit() and not _continues(prev):
            break  # "76 зіткнень ... 631 артобстріл": the next figure
        prev = token
        cut = len(token)
        for k, char in enumerate(token):
            if char in ",." and 0 < k < len(token) - 1 and token[k - 1].isdigit() and token[k + 1].isdigit():
                continue  # "44,99%": a decimal comma
            if char in _STOP_CHARS or char == "." and k == len(token) - 1 and token.lower() not in FW.ABBREVIATIONS:
                cut = k
                break
        if cut == 0:
            break
        ends.append(m.start() + (len(m.group()) - len(token)) + cut)
        if cut < len(token):
            break
        i = m.end()
    return ends


_CONJUNCTIONS = frozenset("та і и й а але но або или чи".split())


def _continues(prev: str) -> bool:
    """Whether a number after `prev` is still the same figure ("646 тис. 400", "від 5 до 7")."""
    low = prev.lower()
    return low in FW.SCALES or low in ("до", "-", "–", "від", "от", "і", "и") or prev[:1].isdigit()


# ---------------------------------------------------------------- attribution

@dataclass
class Claimant:
    name: str
    how: str  # "named", "according", "report", "carried", "after", "voice", "outlet", "nobody"
    start: int = 0


@dataclass
class Memory:
    people: dict = field(default_factory=dict)  # surname stem -> full name
    last_person: str | None = None
    last_body: str | None = None


_PROPER = re.compile(r"(?<![\w-])([А-ЯЁІЇЄҐ][а-яёіїєґ'’ʼ]+(?:-[А-ЯЁІЇЄҐ][а-яёіїєґ'’ʼ]+)?)\s+"
                     r"([А-ЯЁІЇЄҐ][а-яёіїєґ'’ʼ]{2,}(?:-[А-ЯЁІЇЄҐ][а-яёіїєґ'’ʼ]+)?)(?![\w-])")
_NAMES = re.compile(r"(?=(?<![\w-])([А-ЯЁІЇЄҐ][а-яёіїєґ'’ʼ]+(?:-[А-ЯЁІЇЄҐ][а-яёіїєґ'’ʼ]+)?)\s+"
                    r"([А-ЯЁІЇЄҐ][а-яёіїєґ'’ʼ]{2,}(?:-[А-ЯЁІЇЄҐ][а-яёіїєґ'’ʼ]+)?)(?![\w-]))")  # overlapping pairs
_ALT = "|".join(sorted(map(re.escape, W.SAYING), key=len, reverse=True))
_ACC = "|".join(sorted(map(re.escape, W.ACCORDING), key=len, reverse=True))
_REPORT = "|".join(map(re.escape, W.REPORT_NOUNS))
_NP = r"(?P<np>[^,.;:!?()—–]{2,120})"
PATTERNS = (
    ("according", re.compile(rf"(?<![\w])(?:{_ACC})\s+{_NP}", re.IGNORECASE)),
    ("report", re.compile(rf"(?<![\w])(?:у|в|во)\s+(?:\w+\s+)?(?:{_REPORT})(?![\w])\s*{_NP}?", re.IGNORECASE)),
    ("pronoun", re.compile(r"(?<![\w])(?:за\s+(?:його|її|їхніми)\s+словами|по\s+(?:его|ее|её|их)\s+словам|"
                           r"з\s+його\s+слів|с\s+его\s+слов|за\s+його\s+даними|по\s+его\s+данным)(?P<np>)",
                           re.IGNORECASE)),
    ("at", re.compile(rf"(?<![\w])(?:у|в|во)\s+(?P<np>[^,.;:!?\"«»()—–]{{2,60}}?)\s+(?:{_ALT})(?![\w])")),
    ("after", re.compile(rf"(?<![\w])(?:{_ALT})(?![\w])\s+(?:(?:у|в|во|на)\s+)?{_NP}", re.IGNORECASE)),
    ("before", re.compile(rf"(?P<np>[А-ЯЁІЇЄҐ][\w'’ʼ.-]*(?:\s+[\w'’ʼ.«»\"-]+){{0,7}}?)\s+(?:{_ALT})(?![\w])")),
    ("pronoun", re.compile(rf"(?<![\w])(?P<np>він|вона|он|она|вони|они)\s+(?:також\s+|также\s+)?(?:{_ALT})(?![\w])",
                           re.IGNORECASE)),
)
_OUTLETS = re.compile(r"(?:" + "|".join(map(re.escape, W.OUTLETS)) + r")(?![\w])")
_ORG = re.compile(W.ORG_WORDS)
_IMPERSONAL = re.compile(r"(?:повідомлялося|повідомлялось|сообщалось|сообщалося|стало відомо|стало известно)\s*,",
                         re.IGNORECASE)
_SUBJECT = re.compile(rf"^\W*([А-ЯЁІЇЄҐ][\w'’ʼ-]*(?:\s+[\w'’ʼ-]+){{0,5}})[^.;:!?]{{0,160}}?(?<![\w])(?:{_ALT})(?![\w])")
_NOBODY = re.compile("|".join(map(re.escape, W.NOBODY)), re.IGNORECASE)
_BODIES = [(re.compile(p), name) for p, name in W.BODIES]
_VOICES = [(re.compile(p), name) for p, name in W.REPORT_VOICES]


def attributions(sentence: str, memory: Memory) -> list[Claimant]:
    """Who the sentence says gave its figures, with where each attribution is."""
    found = []
    if m := _NOBODY.search(sentence) or _IMPERSONAL.search(sentence):
        found.append(Claimant("", "nobody", m.start()))
    subject = _SUBJECT.match(sentence)
    if subject and _body(subject.group(1).lower()):  # "Генеральний штаб ЗСУ на початку доби повідомив, що ..."
        memory.last_body = _body(subject.group(1).lower())
        found.append(Claimant(memory.last_body or "", "before", 0))
    for how, pattern in PATTERNS:
        for m in pattern.finditer(sentence):
            np = (m.groupdict().get("np") or "").strip()
            name = (_body(m.group().lower()) if how == "report" else None) or resolve(np, memory, how)
            if name is None and how == "report":
                name = memory.last_body or ""
            if name:
                found.append(Claimant(name, how, m.start()))
    return found


def resolve(np: str, memory: Memory, how: str = "") -> str | None:
    """The claimant a phrase names: a person (nominative, from the text where it can), a known
    body's English name, the person or body last named for 'він', 'ведомство' or a bare
    title, else the phrase as written; None when it names no one."""
    np = " ".join(np.split()[:12]).strip(" -\"«»")
    if not np or _OUTLETS.match(np.lower()):
        return None
    lower = np.lower()
    if how == "pronoun" or how == "after" and lower.split()[0] in _PRONOUNS:  # "сообщил он на заседании ..."
        return memory.last_person
    pair = _name_pair(np)
    if pair and (not _body(lower) or np.rfind(pair) > len(np) // 2):  # "голови Київської ОВА Руслана Кравченка"
        return _person(pair, memory)
    body = _body(lower)
    if body:
        memory.last_body = body
        return body
    if lower.split()[0] in W.DOCUMENT_WORDS:  # "згідно з документом", "согласно заявлению": the one reporting
        return None
    if re.match(r"^(?:ведомств\w*|відомств\w*|министерств\w*|міністерств\w*)$", lower):
        return memory.last_body
    head = re.match(r"[А-ЯЁІЇЄҐ][а-яёіїєґ'’ʼ-]{2,}(?=\s|$)", np)
    words = np.split()
    alone = len(words) == 1 or words[1].lower() in _AFTER_A_NAME  # "Шмигаль на засіданні уряду"
    if head and head.group().lower() not in _NOT_NAMES and how in ("before", "after", "according") and alone:
        return _person(head.group(), memory)
    if head and head.group().lower() in _NOT_NAMES:
        return None
    words = lower.split()
    if words and words[0] in W.TITLES:
        return memory.last_person
    if how == "before" or not re.search(r"[А-ЯЁІЇЄҐA-Z]", np) and not _ORG.search(lower):
        return None  # a lower-case phrase names a claimant only as a body ("обласних військових адміністрацій")
    return np if len(np.split()) <= 8 else None


_NOT_NAMES = frozenset("україни украины росії россии рф зсу всу києва киева москви москвы про об це это как як "
                       "так такі такие цензор генштаб генштабі генштабе минобороны міноборони він вона вони воно "
                       "он она они оно також также раніше ранее тоді тогда водночас нагадаємо напомним крім кроме "
                       "зокрема в том числе".split())
_PRONOUNS = frozenset("він вона вони он она они".split())
_AFTER_A_NAME = frozenset("на у в під під час після перед під час під время во время при у своєму в своем у "
                          "своєму в своём".split())
_WORD_CAPS = re.compile(r"[А-ЯЁІЇЄҐ][а-яёіїєґ'’ʼ]+(?:-[А-ЯЁІЇЄҐ][а-яёіїєґ'’ʼ]+)?|\S+")


def _name_pair(np: str) -> str | None:
    """The last 'Name Surname' in a phrase ("заступниця міністра оборони України Ганна Маляр")."""
    tokens = _WORD_CAPS.findall(np)
    pairs = [(a, b) for a, b in zip(tokens, tokens[1:])
             if _capital(a) and _capital(b) and len(b) > 2 and a.lower() not in _NOT_NAMES
             and b.lower() not in _NOT_NAMES and not a.lower().endswith(("ської", "ской", "ського", "ского"))]
    return " ".join(pairs[-1]) if pairs else None


def _capital(word: str) -> bool:
    return len(word) > 1 and word[0].isupper() and word[1:2].islower()


def _body(lower: str) -> str | None:
    return next((name for pattern, name in _BODIES if pattern.search(lower)), None)


def _person(name: str, memory: Memory) -> str:
    """A person's name as the text first gives it in full; an inflected surname finds it."""
    surname = name.split()[-1]
    stem = surname.lower()[:max(4, len(surname) - 2)]
    if " " in name:
        known = memory.people.get(stem)
        if known is None and name.split()[0][-1:] in "аеуиоюяі" and any(k.startswith(stem[:4]) for k in memory.people):
            known = next(v for k, v in memory.people.items() if k.startswith(stem[:4]))
        memory.people.setdefault(stem, known or name)
        memory.last_person = memory.people[stem]
        return memory.last_person
    for key, full in memory.people.items():
        if key.startswith(stem[:max(4, len(stem) - 1)]) or stem.startswith(key[:max(4, len(key) - 1)]):
            memory.last_person = full
            return full
    memory.last_person = surname
    return surname


def _mentioned(sentence: str, memory: Memory) -> None:
    """The person a later "він", "он" or bare title means: the last one the text named."""
    for m in _NAMES.finditer(sentence):
        stem = m.group(2).lower()[:max(4, len(m.group(2)) - 2)]
        if stem in memory.people and m.group(1).lower() not in _NOT_NAMES:
            memory.last_person = memory.people[stem]


def register_people(text: str, memory: Memory) -> None:
    """Names given in full with a title or a saying verb nearby: later surnames find them."""
    for m in _NAMES.finditer(text):
        first, last = m.groups()
        if first.lower() in W.TITLES or first.lower() in _NOT_NAMES or last.lower() in _NOT_NAMES or \
                first.lower().endswith(("ської", "ской", "ського", "ского")) or _body(f"{first} {last}".lower()):
            continue
        before = text[max(0, m.start(1) - 60):m.start(1)].lower()
        after = text[m.end(2):m.end(2) + 40].lower()
        if any(t in before.split() for t in W.TITLES) or any(v in after.split()[:2] for v in W.SAYING) or \
                any(v in before.split()[-2:] for v in W.SAYING):
            stem = last.lower()[:max(4, len(last) - 2)]
            memory.people.setdefault(stem, f"{first} {last}")


# ---------------------------------------------------------------- the extractor

def extract(text: str, known: dict | None = None, outlet: str | None = None,
            dateline: str | None = None) -> list[dict]:
    """Candidate claims of a Ukrainian or Russian text, in the order their figures appear."""
    lang = language(text)
    known = {k.lower(): v for k, v in (known or {}).items()}
    memory = Memory()
    register_people(text, memory)
    parts = sentences(text)
    said = []
    for part in parts:
        said.append(attributions(part.text, memory))
        _mentioned(part.text, memory)
    voice = next((name for pattern, name in _VOICES if pattern.search(text[:600].lower())), None)
    context = text[:600]
    candidates, carried, as_of = [], None, None
    for number, sentence in enumerate(parts):
        as_of = sentence_date(sentence.text, dateline) or as_of
        here = said[number]
        for found in figures_in(sentence.text):
            claimant = _nearest(here, found.start) or carried or _later(said, number, parts) or \
                (Claimant(voice, "voice") if voice else None) or \
                (Claimant(outlet, "outlet") if outlet else Claimant("", "nobody"))
            candidates.append(_candidate(sentence, found, claimant, lang, known, outlet, as_of or dateline, context))
        named = [c for c in here if c.name or c.how == "nobody"]
        if named:
            carried = named[-1] if named[-1].name else None
    return candidates


def _nearest(found: list[Claimant], start: int) -> Claimant | None:
    if not found:
        return None
    return min(found, key=lambda c: (abs(c.start - start), c.start > start))


def _later(said: list[list[Claimant]], number: int, parts: list[Sentence]) -> Claimant | None:
    """The first attribution in the next three sentences, a list's items not counted ("- танків
    – 3730 (+7); ... У Генштабі наголосили, що дані уточнюють.")."""
    seen = 0
    for claimants, part in zip(said[number + 1:], parts[number + 1:]):
        named = [c for c in claimants if c.name]
        if named:
            return Claimant(named[0].name, "after")
        seen += not _LIST_ITEM.match(part.text)
        if seen >= 3:
            break
    return None


_LIST_ITEM = re.compile(r"^\s*[-•·*–—‒]\s")
CONFIDENCE = {"according": 0.9, "after": 0.85, "before": 0.9, "at": 0.85, "report": 0.85, "pronoun": 0.8,
              "voice": 0.7, "outlet": 0.5, "nobody": 0.3}


def _candidate(sentence: Sentence, found: Found, claimant: Claimant, lang: str, known: dict,
               outlet: str | None, as_of: str | None, context: str = "") -> dict:
    name = claimant.name or "unattributed"
    kind, side = _classify(name) if claimant.name else ("unattributed", "unknown")
    if claimant.how == "outlet" and kind == "other":
        kind = "media"
    entry = known.get(name.lower())
    if entry:
        kind, side, name = entry["type"], entry["side"], entry["name"]
    figure = found.figure
    via = [outlet] if outlet and outlet.lower() != name.lower() else []
    return {
        "id": None, "topic": topic(sentence.text, found, lang, context), "source": name, "source_type": kind,
        "side": side,
        "reliability": None, "admiralty": "F6", "figure": figure.text, "value": _n(figure.value),
        "low": _n(figure.low), "high": _n(figure.high), "unit": figure.unit, "qualifier": figure.qualifier,
        "as_of": as_of, "reported_on": None, "status": "unverified", "credibility": 6, "via": via,
        "quote": sentence.text.strip(), "url": None, "place": None, "notes": "extracted automatically",
        "tags": ["extracted", lang], "created": None, "updated": None,
        "confidence": CONFIDENCE.get(claimant.how, 0.7),
        "span": [sentence.start + found.start, sentence.start + found.end],
    }


def _first(patterns, text: str) -> str | None:
    return next((value for pattern, value in patterns if re.search(pattern, text)), None)


def _n(x):
    return None if x is None else (int(x) if float(x).is_integer() else x)


_TYPE_CUES = [(re.compile(p, re.IGNORECASE), kind) for p, kind in W.TYPE_CUES]
_SIDE_CUES = [(re.compile(p, re.IGNORECASE), side) for p, side in W.SIDE_CUES]


def _classify(name: str) -> tuple[str, str]:
    kind = next((k for pattern, k in _TYPE_CUES if pattern.search(name)), None)
    if kind is None:
        kind = "official" if _PROPER.fullmatch(name) else "other"
    side = next((s for pattern, s in _SIDE_CUES if pattern.search(name)), "unknown")
    return kind, side


def topic(sentence: str, found: Found, lang: str, context: str = "") -> str:
    """'general/<side>-<noun>-<verb>[-per-<period>]' in English keys: a figure in any language
    files into the topic of the English claim about the same quantity."""
    unit = found.figure.unit or ""
    head, _, period = unit.partition("/")
    lower = sentence.lower()
    if head in ("km2", "ha", "m2"):
        what = "territory"
    elif head == "%":
        what = "share"
    elif head in ("UAH", "RUB", "USD", "EUR"):
        what = f"money-{head.lower()}"
    elif head in ("km", "m", "mi"):
        what = "distance"
    else:
        noun = re.sub(r"[^a-z0-9]+", "-", head.lower()).strip("-") or "count"
        side = _first(W.LOSER.get(lang, ()), lower) or (found.item and _first(W.LOSER.get(lang, ()), context.lower()))
        what = f"{side}-{noun}" if side and noun != "count" else noun
    verb = next((v for stem, v in W.VERBS if stem in lower), None) or \
        (found.item and next((v for stem, v in W.VERBS if stem in context.lower()), None))
    if verb and what != "share":
        what = f"{what}-{verb}"
    if period:
        what = f"{what}-per-{period}"
    return f"general/{what}"
