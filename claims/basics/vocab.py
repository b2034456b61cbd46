"""The project's vocabulary: the enums that pydantic, Typer and SQLite all share.

Kept free of heavy imports on purpose: `cli.py` needs these names to declare its
options, and importing pydantic just to print `--help` would double start-up time.
`claims.models` re-exports everything here beside the pydantic models.
"""

from enum import StrEnum


class SourceType(StrEnum):
    official = "official"
    monitoring_group = "monitoring_group"
    milblogger = "milblogger"
    media = "media"
    analyst = "analyst"
    ngo = "ngo"
    unattributed = "unattributed"
    other = "other"


class Status(StrEnum):
    unverified = "unverified"
    corroborated = "corroborated"
    confirmed = "confirmed"
    disputed = "disputed"
    refuted = "refuted"
    retracted = "retracted"


class Qualifier(StrEnum):
    exact = "exact"
    about = "about"
    at_least = "at_least"
    more_than = "more_than"
    at_most = "at_most"
    less_than = "less_than"
    just_under = "just_under"
    just_over = "just_over"
    within = "within"
    range = "range"


class Likelihood(StrEnum):
    """The seven bands of ICD 203 (Analytic Standards, expressions of likelihood), as a
    claimant attached one to a claim: "probably", "we assess", "almost certainly"."""

    almost_no_chance = "almost_no_chance"
    very_unlikely = "very_unlikely"
    unlikely = "unlikely"
    roughly_even_chance = "roughly_even_chance"
    likely = "likely"
    very_likely = "very_likely"
    almost_certain = "almost_certain"


class Reliability(StrEnum):
    """NATO Admiralty code, source reliability (AJP-2.1 / STANAG 2511)."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"


class TopicKind(StrEnum):
    level = "level"
    cumulative = "cumulative"
    rate = "rate"
    change = "change"  # a difference between two levels: territory gained or lost; may be negative


# Statuses whose figures no longer count: left out of comparisons, consensus and learning.
EXCLUDED_STATUSES = frozenset({Status.refuted.value, Status.retracted.value})
# Kinds compared within a window of as_of dates (a level or a running total changes over
# time; a rate is already per period). SQL in compare.py and truth.py spells both sets
# out as literals, and a test holds them to these.
TIMED_KINDS = frozenset({TopicKind.level.value, TopicKind.cumulative.value})


class Policy(StrEnum):
    conservative = "conservative"
    range = "range"
    median = "median"
    weighted = "weighted"
    truth = "truth"


class LinkKind(StrEnum):
    corroborates = "corroborates"
    contradicts = "contradicts"
    duplicates = "duplicates"
    relays = "relays"


class Grade(StrEnum):
    """A topic's grade, after Airwars' grading of civilian-harm claims."""

    confirmed = "confirmed"
    fair = "fair"
    weak = "weak"
    contested = "contested"
    discounted = "discounted"


class Publisher(StrEnum):
    """The published series `claims import --from` reads, each in its publisher's own format."""

    general_staff = "general-staff"  # the General Staff of Ukraine's daily totals (JSON)
    oryx = "oryx"  # Oryx's visually confirmed losses (CSV snapshots)
    acled = "acled"  # ACLED's event exports (CSV)
    deepstate = "deepstate"  # DeepState's map of held territory, or any such GeoJSON


# ICD 203's bands: each likelihood term with the probability range it stands for (lowest, highest),
# and its words as ICD 203 pairs them ("likely" / "probable"). The README cites them.
LIKELIHOOD_BANDS = {
    "almost_no_chance": (0.01, 0.05, "almost no chance / remote"),
    "very_unlikely": (0.05, 0.20, "very unlikely / highly improbable"),
    "unlikely": (0.20, 0.45, "unlikely / improbable"),
    "roughly_even_chance": (0.45, 0.55, "roughly even chance / roughly even odds"),
    "likely": (0.55, 0.80, "likely / probable"),
    "very_likely": (0.80, 0.95, "very likely / highly probable"),
    "almost_certain": (0.95, 0.99, "almost certain / nearly certain"),
}


def likelihood_words(likelihood: str | None) -> str:
    """'likely (55-80%)': a band as a person reads it beside a figure; '' for none."""
    if not likelihood:
        return ""
    low, high, _ = LIKELIHOOD_BANDS[likelihood]
    return f"{likelihood.replace('_', ' ')} ({low * 100:.0f}-{high * 100:.0f}%)"


# The meanings are the Admiralty code's own words; the README cites them.
RELIABILITY_MEANING = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}

# The Admiralty code as weights, for the `weighted` and `truth` policies. F and 6 ("cannot be
# judged") sit in the middle: unknown is not the same as bad.
RELIABILITY_WEIGHT = {"A": 1.0, "B": 0.8, "C": 0.6, "D": 0.4, "E": 0.1, "F": 0.5}
CREDIBILITY_WEIGHT = {1: 1.0, 2: 0.8, 3: 0.6, 4: 0.3, 5: 0.1, 6: 0.5}

CREDIBILITY_MEANING = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}

STATUS_MEANING = {
    "unverified": "recorded as said; nobody has checked it yet (the default)",
    "corroborated": "backed by at least one other independent source",
    "confirmed": "checked against evidence the analyst trusts (imagery, documents, own reporting)",
    "disputed": "contested by another source or by evidence, not settled",
    "refuted": "shown to be false by evidence",
    "retracted": "withdrawn by the source that made it",
}

SOURCE_TYPE_MEANING = {
    "official": "government, ministry, military command, spokesperson, commander",
    "monitoring_group": "DeepState, Oryx, other OSINT and map monitors",
    "milblogger": "military bloggers, war channels",
    "media": "an outlet reporting on its own",
    "analyst": "think tanks, independent analysts",
    "ngo": "non-governmental organisations",
    "unattributed": '"battlefield reports", "sources said"',
    "other": "anything else",
}

QUALIFIER_MEANING = {
    "exact": "the figure as said, no hedge",
    "about": "about, around, roughly, approximately, some, an estimated",
    "at_least": "at least; and ACLED's vague words (dozens = at least 12)",
    "more_than": "more than, over, exceeded, just over",
    "at_most": "up to, at most, no more than, as many as: a ceiling, open below",
    "less_than": "less than, under",
    "just_under": "nearly, almost, close to, just under: 0.9 to 1 times the figure",
    "just_over": "just over, slightly more than: 1 to 1.1 times the figure",
    "within": "within (a distance or margin)",
    "range": "300 to 400, between 50,000 and 70,000",
}


GRADE_RULE = {
    "discounted": "every claim in the window is refuted or retracted",
    "confirmed": "a claim is confirmed and no live claim from an independent source conflicts with it "
                 "or contradicts it",
    "contested": "live claims from independent sources conflict or are linked as contradicting, or a claim is disputed",
    "fair": "two or more independent sources, and nothing conflicts",
    "weak": "a single independent source (relays and copies do not count)",
}

# ClaimReview's reviewRating, on a 1-5 scale (worst 1, best 5); unverified claims are not reviewed
REVIEW_RATING = {
    "refuted": (1, "False"),
    "retracted": (1, "Retracted by its source"),
    "disputed": (3, "Disputed"),
    "corroborated": (4, "Corroborated by an independent source"),
    "confirmed": (5, "Confirmed"),
}


def admiralty(reliability: str | None, credibility: int | None) -> str:
    """The Admiralty code written together, as analysts do: "B2"."""
    return f"{reliability or 'F'}{credibility or 6}"
