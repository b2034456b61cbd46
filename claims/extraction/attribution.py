"""Who said it: the attribution grammar of one sentence, and the names it can point to.

Within a sentence, a figure's claimant is named by
- "according to X" (X is a relay instead when the sentence also names a speaker);
- X and a verb of saying: active ("X said", "X, the minister, estimated", "X data show"),
  passive ("confirmed by X"), participial ("with X estimating"), quoted speech ("..." said X),
  reported speech ("I understand from X that", "X reports Y as saying": Y, relayed by X);
- a pronoun or a definite reference ("he said", "the ministry said") to the last person or
  body named before;
- a hedge ("reportedly", "sources say", "media report"): nobody, unattributed.
Names are spans of capitalised words and acronyms, with "of", "for", "and" inside names of
bodies, stopping at months, weekdays and the words that open sentences; or a common noun of
a body ("the health ministry", "state media", "local authorities").

Pure: a sentence and what was named before it in, a `Claimant` out.
"""

import functools
import re
from dataclasses import dataclass, field

from claims.extraction.document import MONTHS, WEEKDAYS

# verbs of saying, in every form the grammar meets them
SAYING = ("said", "says", "say", "claimed", "claims", "claim", "reported", "reports", "report", "told", "tells",
          "estimated", "estimates", "estimate", "confirmed", "confirms", "confirm", "stated", "states", "noted",
          "notes", "added", "adds", "announced", "announces", "admitted", "admits", "wrote", "writes", "concluded",
          "explained", "explains", "emphasized", "emphasised", "pointed out", "indicated", "indicates", "indicate",
          "described", "warned", "warns", "insisted", "suggested", "suggests", "suggest", "showed", "shows", "show",
          "put", "puts", "counted", "counts", "recorded", "records", "registered", "documented", "measured",
          "assessed", "assesses", "found", "finds", "expects", "expected", "projected", "projects", "calculated",
          "commented", "revealed", "disclosed", "declared", "believes", "believed", "verified", "tallied",
          "has said", "have said", "had said")
# the verbs whose report a paragraph goes on giving ("X said ... A further 248 were ...")
REPORTING = frozenset("said says say reported reports report told tells estimated estimates estimate stated states "
                      "announced claimed claims noted added wrote warned saying".split())
PASSIVE = ("confirmed", "reported", "estimated", "recorded", "registered", "documented", "verified", "announced",
           "counted", "measured", "assessed", "published", "released", "cited", "compiled", "collected", "given",
           "provided", "issued", "stated", "claimed", "calculated", "quoted", "conducted", "carried out",
           "commissioned", "prepared", "produced", "led", "gathered", "kept", "maintained")
PARTICIPLES = ("estimating", "saying", "reporting", "putting", "counting", "claiming", "citing", "recording",
               "indicating", "suggesting", "showing")
# a body known by a common noun: "the health ministry", "state media", "local authorities"
BODY_NOUNS = ("ministry", "government", "authorities", "authority", "officials", "official", "media", "police",
              "army", "military", "agency", "committee", "office", "bureau", "survey", "study", "staff", "command",
              "council", "commission", "mission", "administration", "department", "service", "services", "centre",
              "center", "institute", "organisation", "organization", "programme", "program", "group", "network",
              "observers", "monitors", "seismologists", "scientists", "researchers", "experts", "analysts",
              "spokesman", "spokeswoman", "spokesperson", "governor", "mayor", "minister", "commissioner",
              "president", "prosecutor", "coroner", "forces", "guard", "inquiry", "report", "data", "figures",
              "statistics", "tally", "count", "census", "sources", "reports", "estimates", "bloggers", "milbloggers",
              "correspondents", "journalists", "channels", "channel", "volunteers", "investigators", "officers",
              "doctors", "medics", "rescuers", "prosecutors", "historians", "demographers", "commanders",
              "intelligence", "project", "organisation", "monitor", "force", "air force", "navy", "guard")
# who nobody can be held to: hedged or sourceless reporting
NOBODY = ("reports", "report", "media", "local media", "sources", "local sources", "officials", "witnesses",
          "residents", "unconfirmed reports", "battlefield reports", "social media", "unnamed officials",
          "some reports", "a number of sources", "several sources", "various sources", "estimates")
HEDGES = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|(?:is|are|was|were) (?:said|believed|thought|alleged|rumoured|rumored) to"
    r"|there (?:are|were) (?:unconfirmed )?reports|(?:are|is|were|was) being reported|unconfirmed reports"
    r"|(?:media|reports|sources|witnesses|residents) (?:report|reported|say|said|suggest|suggested|indicate|"
    r"indicated|claim|claimed)|it is (?:reported|alleged|rumoured|rumored) that"
    r"|a number of sources suggest|(?:were|was|have been|has been) reported(?!\s+(?:dead|killed|missing|injured|"
    r"wounded|by)))\b", re.IGNORECASE)
# a sentence without one of these words holds no hedge (HEDGES is only tried on those that do)
_HEDGE_WORDS = ("reported", "alleged", "purportedly", "rumo", "believed to", "thought to", "said to", "reports",
                "sources", "media", "witnesses", "residents")
# the voice of the text itself: not a hedge, not a claimant of its own
OWN_VOICE = re.compile(r"\bit is (?:estimated|expected|assessed|understood|thought|believed|projected) that\b"
                       r"|\bis (?:expected|estimated|projected|likely) to\b", re.IGNORECASE)

OPENERS = frozenset(
    "The A An In On At As By For From With After Before During Since Until While When Where Why How What Who "
    "This That These Those It Its Their There Here However But And Or So Yet Also Meanwhile Moreover Although "
    "Though If Yesterday Today Tomorrow Last Next Early Late Some Many Most Several Both Each Every All No Not "
    "Over Under Around About Nearly Almost More Less Only Just Even Still Further Finally Initially Overall "
    "Earlier Later Now Then Once Despite According Following Amid Against Among Between Through Throughout "
    "To Of Up We I He She They You Our My His Her".split())
COMMON_CAPITALS = frozenset(
    "War Wars An Government Ministry Army Forces Conflict Crisis Floods Earthquake Statement Update Figure Figures "
    "Report Reports Table Annex Key Situation Section Page Photo Image Credit Source Sources Note Notes".split())
_STOP = {m.capitalize() for m in MONTHS} | {w.capitalize() for w in WEEKDAYS}
# the words that make a span of capitalised words the name of a body, not a person
ORG_WORDS = frozenset(
    "Organisation Organization Ministry Office Programme Program Committee Agency Survey Bureau Department "
    "Government Council Commission Centre Center Institute Mission Association Network Fund Bank Union Nations "
    "Court Police Army Forces Staff Command Service Administration Authority Authorities Initiative Cross "
    "Crescent Children Watch International Media News Press University School Lancet Study Inquiry Group Guard "
    "Coalition Alliance Party Front Parliament Assembly Senate House Republic Kingdom State States".split())
_ORG_WORDS = re.compile(rf"\b(?:{'|'.join(sorted(ORG_WORDS))})\b")
_CAPITALISED = re.compile(r"[A-Z][a-z]+")

_CAP = r"(?:[A-Z][\w'’&.-]*|[A-Z]{2,}\b)"
_LINK = r"(?:of|for|on|and|the|de|du|des|al|el|la|le|van|von|in)"
_PROPER = (rf"(?:{_CAP}(?:\s+(?:{_LINK}\s+){{0,2}}{_CAP}){{0,7}}(?:\s+\([A-Z][\w/.&-]{{1,12}}\))?)")
# lower-case words inside a body's name ("the regional prosecutor's office"), never a clause's own words
_LOWER_IN_NAME = r"(?!(?:that|which|who|whom|and|or|but|as|when|after|while|said|says|has|have|had|is|are|was|were)\s)"
_BODY = (rf"(?:(?:{_CAP}\s+){{0,4}}(?:{_LOWER_IN_NAME}[a-z][\w'’-]*\s+){{0,2}}"
         rf"(?:{'|'.join(sorted(BODY_NOUNS, key=len, reverse=True))})\b)")
_NP = rf"(?:the\s+|The\s+)?(?:{_BODY}|{_PROPER})(?:['’]s)?"
_VERB = "|".join(re.escape(v) for v in sorted(SAYING, key=len, reverse=True))

_ACCORDING = re.compile(rf"\b[Aa]ccording to\s+(?P<np>{_NP})")
_DATA_SHOW = re.compile(rf"(?P<np>{_NP})\s+(?:data|figures|statistics|estimates|count|tally|numbers)\s+"
                        rf"(?:show|shows|showed|suggest|suggests|indicate|indicates|put)\b"
                        rf"|(?:data|figures|statistics|estimates|numbers)\s+(?:from|by|of)\s+(?P<np2>{_NP})")
# "DeepState's map showed", "the UN's own count was", "the ministry's latest figures put"
RECORD_NOUNS = ("map", "maps", "count", "counts", "tally", "data", "figures", "figure", "estimate", "estimates",
                "assessment", "records", "record", "toll", "numbers", "statistics", "analysis", "investigation")
RECORD_VERBS = ("showed", "shows", "show", "was", "is", "were", "are", "put", "puts", "suggested", "suggests",
                "indicated", "indicates", "recorded", "records", "stood at", "stands at", "found", "finds")
_NP_BARE = rf"(?:the\s+|The\s+)?(?:{_BODY}|{_PROPER})"
# "it is UNICEF that has reported that ...": the cleft names the claimant
_CLEFT = re.compile(rf"\b[Ii]t\s+(?:is|was)\s+(?P<np>{_NP})\s+(?:that|which|who)\s+(?:has\s+|have\s+|had\s+)?"
                    rf"(?:{_VERB})\b")
# Found from their distinctive words, then the noun phrase just before them: a pattern that
# opens on a noun phrase would be tried at every word of every sentence.
_RECORD_AT = re.compile(rf"['’]s?\s+(?:own\s+|latest\s+|updated\s+|new\s+|official\s+|preliminary\s+)?"
                        rf"(?:{'|'.join(RECORD_NOUNS)})\s+(?:{'|'.join(RECORD_VERBS)})\b")
_GAVE_AT = re.compile(r"\s+(?:(?:gave|gives|give|offered|cited|quoted)\s+(?:a|the|its|their)\s+(?:figure|number|"
                      r"toll|estimate|count|total)\s+of|(?:put|puts|placed|places|place|measured|estimated)\s+(?:it|them|the\s+"
                      r"(?:figure|number|toll|count|total|losses|death toll|strength|magnitude|size)"
                      r"(?:\s+of\s+the\s+\w+)?)\s+at)\b")
_NP_END = re.compile(rf"(?P<np>{_NP_BARE})$")
# (the words, how, what the sentence must hold for them to be looked for)
_ANCHORED = [(_RECORD_AT, "named", ("'s ", "’s ", "s' ", "s’ ")),
             (_GAVE_AT, "named", (" figure of", " number of", " toll of", " estimate of", " count of", " total of",
                                  " at "))]
_PASSIVE = re.compile(rf"\b(?:{'|'.join(PASSIVE)})\s+by\s+(?P<np>{_NP})")
# the claimant named after its verb: "..., said Kharkiv governor Oleh Syniehubov", "..., said the ministry"
TITLE_NOUNS = ("governor", "mayor", "spokesperson", "spokesman", "spokeswoman", "commander", "minister", "head",
               "chief", "president", "official", "ambassador", "secretary", "general", "prosecutor", "envoy")
_PERSON = r"[A-Z][a-zà-ÿ'’-]+(?:\s+[A-Z][a-zà-ÿ'’-]+){1,2}"
_TITLED_PERSON = (rf"(?:(?:the\s+)?(?:[A-Z][\w'’-]+['’]s\s+|[A-Z][\w'’-]+\s+|region['’]s\s+|regional\s+|"
                  rf"deputy\s+|military\s+|defence\s+|defense\s+|foreign\s+)*"
                  rf"(?:{'|'.join(TITLE_NOUNS)})(?:\s+of\s+[A-Z][\w'’-]+)?,?\s+)(?P<person>{_PERSON})")
_INVERTED = re.compile(rf"[,”\"]\s+(?P<verb>said|says|told reporters|added|wrote|claimed|reported|estimated|"
                       rf"noted|stated|announced)\s+(?:{_TITLED_PERSON}|(?P<np>{_NP}))(?=\s*(?:[.,;:!?]|$))")
# "..., according to the region's governor, Ivan Fedorov": the tail names the person
_ACCORDING_TITLED = re.compile(rf"\b[Aa]ccording to\s+{_TITLED_PERSON}")
_PARTICIPLE = re.compile(rf"\bwith\s+(?P<np>{_NP})\s+(?:{'|'.join(PARTICIPLES)})\b")
_QUOTED_AFTER = re.compile(rf"[”\"],?\s+(?P<verb>{_VERB})\s+(?P<np>{_NP})")
_FROM = re.compile(rf"\b(?:understand|learn|learned|learnt|hear|heard|(?:am|are|been|was|were)\s+(?:told|informed|"
                   rf"advised))\s+(?:from|by)\s+(?P<np>{_NP})\s+that\b")
_AS_SAYING = re.compile(rf"(?P<relay>{_NP})\s+(?:reports|reported|quotes|quoted|cites|cited)\s+(?P<np>{_NP})\s+as\s+"
                        rf"(?:saying|commenting|stating|telling)")
_SAYING_AFTER = re.compile(rf"(?P<np>{_NP})\s+(?:[a-z][\w'’-]*\s+){{1,6}}[^.;]{{0,100}}?,\s+(?P<verb>saying|adding|"
                           rf"noting|telling|warning|estimating|claiming)\b")
_PRONOUN = re.compile(rf"\b(?P<pronoun>[Hh]e|[Ss]he|[Tt]hey|[Ii]t)\s+(?:also\s+|has\s+|had\s+|have\s+)?(?:{_VERB})\b")


@dataclass
class Claimant:
    name: str  # as the claim stores it; "" for nobody (unattributed)
    phrase: str = ""  # the words around the name: cues to its type and side
    how: str = "named"  # named, according, from, quote, pronoun, hedge, carried, heading, speaker, outlet, nobody
    confidence: float = 0.9
    relay: str | None = None
    start: int = 0  # where in the sentence the attribution is
    end: int = 0
    verb: str = ""  # the verb of saying, if any

    @property
    def reports(self) -> bool:
        """Whether the sentences after it, in its paragraph, go on giving its report."""
        return self.how in ("according", "from", "hedge", "quote") or self.verb in REPORTING


@dataclass
class Memory:
    """What a text has named so far: the last person and body, full names by surname, and
    what each person was introduced as ("Vitalii Lytvyn, an artillery unit commander,")."""

    person: Claimant | None = None
    body: Claimant | None = None
    people: dict = field(default_factory=dict)  # surname -> full name
    cues: dict = field(default_factory=dict)  # full name -> the words that introduced it
    titles: dict = field(default_factory=dict)  # "minister" -> the person named with that title


# ---------------------------------------------------------------- names

_LEADING = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_PERSON_TITLES = re.compile(
    r"^(?:(?:Lieutenant|Lt\.?|Colonel|Col\.?|General|Gen\.?|Major|Maj\.?|Commander|Captain|Capt\.?|Sergeant|"
    r"President|Prime Minister|Minister|Foreign Minister|Defence Minister|Defense Minister|Spokesperson|Spokesman|"
    r"Spokeswoman|Governor|Mayor|Ambassador|Secretary|Senator|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Pro-Russian|Ukrainian|"
    r"Russian|Haitian|Communications|Military|Chief|Deputy)\s+)+")


_DEMONYM_TITLE = re.compile(r"^[A-Z][a-z]+(?:ian|ese|ish|ean|ch|i)\s+(?=(?:Prime\s+)?(?:Minister|President|Foreign|"
                            r"Defence|Defense|Interior|General|Commander|Ambassador|Spokes|Army|Military)\b)")


# the words of an office before a person's name ("UK Deputy Political Coordinator Thomas Phipps",
# "Lviv Mayor Andriy Sadovyi", "U.S. Defense Secretary Lloyd Austin"); data, beside document.ROLE_WORDS
OFFICE_WORDS = frozenset("mayor governor coordinator counselor counsellor secretary minister spokesperson spokesman "
                         "spokeswoman ambassador commander chief general colonel president envoy representative "
                         "prosecutor director head official adviser advisor chairman chair senator".split())


def strip_titles(name: str) -> str:
    """'Italian Prime Minister Silvio Berlusconi' -> 'Silvio Berlusconi'; 'Commander Lytvyn' -> 'Lytvyn';
    'Lviv Mayor Andriy Sadovyi' -> 'Andriy Sadovyi' (the two or three words after the last office word)."""
    words = name.split()
    offices = [i for i, word in enumerate(words) if word.lower().strip(".,") in OFFICE_WORDS]
    if offices and 2 <= len(words) - offices[-1] - 1 <= 3 and all(w[:1].isupper() for w in words[offices[-1] + 1:]):
        return " ".join(words[offices[-1] + 1:])
    return _PERSON_TITLES.sub("", _DEMONYM_TITLE.sub("", name)).strip() or name


_POSSESSIVE_END = re.compile(r"['’]s$")
_BRACKET_END = re.compile(r"\s*\([^()]*\)\s*$")


def clean_name(raw: str) -> str:
    """A name as a claimant: no leading article, no possessive, no acronym in brackets."""
    name = _POSSESSIVE_END.sub("", raw.strip().rstrip(".,;:"))
    name = _BRACKET_END.sub("", name)
    name = _LEADING.sub("", name)
    return " ".join(name.split())


def is_nobody(name: str) -> bool:
    """'media', 'local sources', 'reports': no one a figure can be held to."""
    plain = clean_name(name).casefold()
    return plain in NOBODY or plain.endswith((" media", " sources", " reports")) and len(plain.split()) <= 3


def is_person(name: str) -> bool:
    """Two to four capitalised words and nothing that names a body: a person."""
    words = name.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and not _ORG_WORDS.search(name) \
        and not any(w.isupper() and len(w) > 1 for w in words)


def proper_span(text: str) -> str | None:
    """The name a span of capitalised words really is: it stops at a month, a weekday or a
    sentence opener, and is not a lone common word ("War") or an opener ("An")."""
    words = text.split()
    while words and (words[0].rstrip(",.") in OPENERS or words[0] in _STOP) and len(words) > 1:
        words = words[1:]
    kept = []
    for word in words:
        if word in _STOP:
            break
        kept.append(word)
    while kept and kept[-1] in ("of", "for", "on", "and", "the", "in"):
        kept.pop()
    name = " ".join(kept)
    if not name or name in OPENERS or name in COMMON_CAPITALS or name in _STOP:
        return None
    return name


def _np(text: str) -> str | None:
    """A noun phrase matched by the grammar, as a name: cleaned, or None if it names no one."""
    name = clean_name(text)
    if not name:
        return None
    first = name.split()[0]
    if first[:1].isupper() and not _BODY_END.search(name):
        name = proper_span(name) or ""
        if not _ORG_WORDS.search(name):  # "General Staff" is a body, not a general named Staff
            name = strip_titles(name)  # "Commander Lytvyn": Lytvyn
    return name or None


_ORG = re.compile(rf"(?:the\s+)?{_PROPER}")


def mention_bodies(sentence: str, memory: Memory) -> None:
    """The bodies a sentence names, saying or not: what a later "it" may point to."""
    if ORG_WORDS.isdisjoint(_CAPITALISED.findall(sentence)):
        return
    for m in _ORG.finditer(sentence):
        name = clean_name(m.group())
        if _ORG_WORDS.search(name) and not is_person(name) and (name := proper_span(name)):
            memory.body = Claimant(name, m.group(), "named")


_BODY_END = re.compile(rf"\b(?:{'|'.join(BODY_NOUNS)})$")


# ---------------------------------------------------------------- the grammar

def in_sentence(sentence: str, memory: Memory) -> list[Claimant]:
    """Every attribution a sentence makes, in order of position, its names resolved against
    what the text has named before (full names, titles, "he", "it")."""
    found = []
    for how, raw, start, end, verb, relay in _matches(sentence):
        if how == "pronoun":
            referred = _referent(raw, memory)
            if referred:
                found.append(Claimant(referred.name, f"{memory.cues.get(referred.name, '')} {referred.phrase}",
                                      "pronoun", 0.8, referred.relay, start, end, verb))
        elif how == "hedge" and raw is None:
            found.append(Claimant("", sentence[start:end], "hedge", 0.7, None, start, end))
        else:
            claimant = _resolve(sentence, how, raw, start, end, verb, relay, memory)
            if claimant:
                found.append(claimant)
    return found


_DATA_WORDS = r"(?:data|figures|statistics|estimates|count|tally|numbers)"
_PATTERNS = [  # (pattern, how, what the sentence must hold for the pattern to be tried: words or a pattern)
    (_AS_SAYING, "named", (" as saying", " as commenting", " as stating", " as telling")),
    (_ACCORDING_TITLED, "according", ("ccording to",)),
    (_CLEFT, "named", ("it is ", "It is ", "it was ", "It was ")),
    (_ACCORDING, "according", ("ccording to",)),
    (_INVERTED, "named", (", said", ", says", ", told", ", added", ", wrote", ", claimed", ", reported",
                          ", estimated", ", noted", ", stated", ", announced", "” said", '" said')),
    (_FROM, "from", (" from ", " by ")), (_PASSIVE, "named", (" by ",)), (_PARTICIPLE, "named", ("with ",)),
    (_QUOTED_AFTER, "quote", ("”", '"')),
    (_DATA_SHOW, "named", re.compile(rf"{_DATA_WORDS}\s+(?:shows?|showed|suggests?|indicates?|puts?|from|by|of)\b")),
    (_SAYING_AFTER, "named", (", saying", ", adding", ", noting", ", telling", ", warning", ", estimating",
                              ", claiming")),
]
_VERB_AT = re.compile(rf"\b(?:{_VERB})\b")
_BEFORE_VERB = re.compile(rf"\b(?P<np>{_NP})(?P<appos>,\s[^,]{{3,140}},)?\s+(?:also\s+|has\s+|have\s+|had\s+|now\s+)?$")
_SAYING_WORDS = frozenset(word for verb in SAYING for word in verb.split())
# titles one person holds, whom the text names elsewhere ("Governor Oleh Kiper")
HELD_TITLES = ("governor", "mayor", "minister", "spokesperson", "spokesman", "spokeswoman", "commander",
               "president", "ambassador", "secretary", "commissioner", "prosecutor")
# "The regional governor in the southern port city of Odesa reports": the subject is the office,
# not the place at the end of the words that qualify it
_HEAD_BEFORE_VERB = re.compile(
    rf"(?:^|(?<=[,;:]\s))(?P<np>(?:the|The)\s+(?:[a-z][\w'’-]*\s+){{0,2}}(?:{'|'.join(HELD_TITLES)}))"
    rf"\s+(?:in|of|from|for|at)\s+[^,;:.“”\"]{{3,100}}\s+(?:also\s+|has\s+|have\s+|had\s+)?$"
    # "The head of the military administration in Kharkiv said": the office, named whole
    rf"|(?:^|(?<=[,;:]\s))(?:the|The)\s+(?P<np2>(?:head|chief|director|commander)\s+of\s+[^,;:.“”\"]{{3,100}}?)"
    rf"\s+(?:also\s+|has\s+|have\s+|had\s+)?$")
_WORD = re.compile(r"[a-z]+")
_LOWER_WORD = re.compile(r"[a-z]+")  # in the sentence as written: verbs of saying are lower-case


def _needs(table: list) -> list:
    """Each pattern's needed words as one compiled look (in C), not a Python loop over them."""
    return [(pattern, how, needs if isinstance(needs, re.Pattern) else
             re.compile("|".join(re.escape(n) for n in needs))) for pattern, how, needs in table]


_PATTERNS_NEEDS, _ANCHORED_NEEDS = _needs(_PATTERNS), _needs(_ANCHORED)


@functools.lru_cache(maxsize=4096)
def _matches(sentence: str) -> tuple:
    """The attributions a sentence's words make, before any name is resolved: (how, the noun
    phrase or pronoun, start, end, verb, relay). Each pattern is tried only when a word it
    needs is in the sentence; verbs of saying are found first and looked back from."""
    found: list = []
    words = set(_WORD.findall(sentence.lower()))
    for pattern, how, needs in _PATTERNS_NEEDS:
        if needs.search(sentence):
            for m in pattern.finditer(sentence):
                raw = m.groupdict().get("person") or m.groupdict().get("np") or m.groupdict().get("np2")
                _add(found, (how, raw, m.start(), m.end(), (m.groupdict().get("verb") or "").lower(),
                             m.groupdict().get("relay")))
    for pattern, how, needs in _ANCHORED_NEEDS:
        if needs.search(sentence):
            for m in pattern.finditer(sentence):
                if np := _NP_END.search(sentence, max(0, m.start() - 120), m.start()):
                    _add(found, (how, np.group("np"), np.start(), m.end(), "", None))
    if not words.isdisjoint(_SAYING_WORDS):
        for verb in _verbs(sentence):
            m = _HEAD_BEFORE_VERB.search(sentence, max(0, verb.start() - 160), verb.start()) or \
                _BEFORE_VERB.search(sentence, max(0, verb.start() - 220), verb.start())
            if m and (m.groupdict().get("np") or m.group("np2")).split()[0] not in (
                    "It", "it", "He", "he", "She", "she", "They", "they", "This", "this"):
                _add(found, ("named", m.group("np") or m.group("np2"), m.start(), verb.end(), verb.group().lower(),
                             None))
        for m in _pronouns(sentence, words):
            _add(found, ("pronoun", m.group("pronoun"), m.start(), m.end(), "", None))
    lower = sentence.lower()
    for m in HEDGES.finditer(sentence) if any(word in lower for word in _HEDGE_WORDS) else ():
        _add(found, ("hedge", None, m.start(), m.end(), "", None))
    return tuple(sorted(found, key=lambda f: f[2]))


def _verbs(sentence: str) -> list[re.Match]:
    """The verbs of saying in a sentence, looked for only where one of their words starts."""
    found: list[re.Match] = []
    for word in _LOWER_WORD.finditer(sentence):
        if word.group() in _SAYING_WORDS and (not found or word.start() >= found[-1].end()):
            if (m := _VERB_AT.match(sentence, word.start())) and not _NOUN_THEN_VERB.match(sentence, m.end()):
                found.append(m)
    return found


# "newspaper reports suggest", "the reports say": a noun before the verb of saying, not a verb
_NOUN_THEN_VERB = re.compile(r"\s+(?:suggest|suggested|say|said|indicate|indicated|show|showed|claim|claimed|are|were|"
                             r"is|was)\b")  # "Current estimates are": a noun


def _pronouns(sentence: str, words: set[str]) -> list[re.Match]:
    """'he said', 'they estimated': only in a sentence that has such a pronoun."""
    return list(_PRONOUN.finditer(sentence)) if not words.isdisjoint(("he", "she", "they", "it")) else []


def kinds(sentence: str) -> set[str]:
    """The kinds of attribution a sentence makes, before any name is resolved."""
    return {match[0] for match in _matches(sentence)}


def _add(found: list, item: tuple) -> None:
    """Keep an attribution unless an earlier pattern already covers its words."""
    if not any(item[2] < other[3] and other[2] < item[3] for other in found):
        found.append(item)


def _overlap_span(start: int, end: int, b: Claimant) -> bool:
    return start < b.end and b.start < end


def _resolve(sentence: str, how: str, raw: str | None, start: int, end: int, verb: str, relay: str | None,
             memory: Memory) -> Claimant | None:
    """A matched noun phrase as a claimant: cleaned, a surname made a full name, a title made
    the person who holds it, and the words before it kept as cues."""
    if raw is None:
        return None
    # the words before the name are cues to its type and side ("military spokesperson Nazar Voloshyn")
    phrase = sentence[max(0, start - 80):end]
    if is_nobody(raw):  # "according to battlefield reports", "Reports indicate": no one, but say which
        return Claimant(clean_name(raw), phrase, "hedge", 0.7, None, start, end, verb)
    if referred := _definite_reference(raw, memory):
        return Claimant(referred, phrase, "pronoun", 0.8, None, start, end, verb)
    name = _np(raw)
    if not name:
        return None
    name = memory.people.get(name.split()[-1].casefold(), name) if " " not in name and name[:1].isupper() else name
    titled = memory.titles.get(name.split()[-1].lower())  # "the Communications Minister": the minister named
    if titled and not is_person(name):
        name = titled
    phrase = f"{memory.cues.get(name, '')} {phrase}"
    return Claimant(name, phrase, how, 0.9, clean_name(relay) if relay else None, start, end, verb)


# "the group said" after "DeepState reported": a definite reference to the body named before,
# when the noun is in its name ("the ministry" for the Ministry of Defence) or says what any
# body is (data: other languages add theirs)
REFERRING_NOUNS = frozenset("group project organisation organization monitors monitor researchers channel agency "
                            "outlet team network mission body institute".split())
_DEFINITE = re.compile(r"^(?:the|The)\s+(?P<noun>[a-z]+)$")


def _definite_reference(raw: str, memory: Memory) -> str | None:
    """The body a definite reference ("the group", "the ministry") points back to, or None."""
    m = _DEFINITE.match(raw.strip())
    if not m or memory.body is None:
        return None
    noun, name = m.group("noun"), memory.body.name
    return name if noun in REFERRING_NOUNS or noun in name.lower().split() else None


def _referent(pronoun: str, memory: Memory) -> Claimant | None:
    if pronoun.lower() in ("he", "she"):
        return memory.person
    return memory.body


def remember(claimant: Claimant, memory: Memory) -> None:
    """A named claimant becomes what later pronouns and references point to."""
    if not claimant.name or claimant.how in ("pronoun", "hedge"):
        return
    if is_person(claimant.name):
        memory.person = claimant
        memory.people.setdefault(claimant.name.split()[-1].casefold(), claimant.name)
    else:
        memory.body = claimant


_FULL_NAME = re.compile(r"\b([A-Z][a-z]+(?:[- ][A-Z][a-zà-ÿ'’-]+){1,3})\b")
_APPOSITIVE = re.compile(r",\s+((?:an?|the)\s+[^,.]{3,100}),")


_TITLED = re.compile(r"\b(?P<title>Minister|President|Governor|Mayor|Spokes(?:man|woman|person)|Commander|"
                     r"Ambassador|Secretary|Commissioner|Chief)\s+(?P<name>[A-Z][a-z]+(?:[- ][A-Z][a-zà-ÿ'’-]+){1,3})")


def register_people(text: str, memory: Memory) -> None:
    """Surname -> full name for every name of two to four words, as first written, what
    each was introduced as (a cue to its type when it is later only "he"), and who holds a
    title ("Minister Marie-Laurence Lassegue": the minister)."""
    for match in _TITLED.finditer(text):
        memory.titles.setdefault(match.group("title").lower(), match.group("name"))
    for match in _FULL_NAME.finditer(text):
        name = _PERSON_TITLES.sub("", match.group(1)).strip()
        parts = name.split()
        if len(parts) >= 2 and parts[0] not in OPENERS and parts[0] not in _STOP and is_person(name):
            known = memory.people.get(parts[-1].casefold())
            if known is None or (len(name) > len(known) and name.endswith(known.split(" ", 1)[-1])):
                memory.people[parts[-1].casefold()] = name  # the fullest form of a name wins
            before = text[max(0, match.start() - 60):match.start()].rsplit("\n", 1)[-1]
            appositive = _APPOSITIVE.match(text, match.end())
            cue = f"{before} {appositive.group(1) if appositive else ''}".strip()
            if cue:
                memory.cues[name] = f"{memory.cues.get(name, '')} {cue}".strip()


def choose(attributions: list[Claimant], figure_start: int, figure_end: int | None = None,
           previous_end: int = -1, next_start: int | None = None) -> Claimant | None:
    """The attribution a figure falls under: the nearest before it, else the nearest after.
    An "according to X" after it, before the next figure, wins over one that came before the
    figure before it ("6.5 million refugees according to UNHCR, while 8.3 million people are
    displaced according to IOM": IOM's)."""
    before = [a for a in attributions if a.start <= figure_start]
    trailing = bool(before) and before[-1].how == "according" and 0 <= previous_end <= before[-1].start
    if figure_end is not None and (not before or before[-1].end <= previous_end or trailing):
        after = [a for a in attributions if a.how == "according" and a.start >= figure_end
                 and (next_start is None or a.start < next_start)]
        if after:
            return after[0]
    if before:
        return before[-1]
    return attributions[0] if attributions else None
