"""A claim's own rules, apart from where it is stored: its keys as users see them, its
figure (read from its text or built from its numbers, the two checked against each other),
when it can be dated, what sign its figure can have, and the columns it is stored in.
Pure: no database, no terminal.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from base64 import b32encode
from os import register_at_fork, urandom
from typing import TYPE_CHECKING, TypedDict

from claims.basics.dates import date_key, now
from claims.basics.errors import ClaimsError
from claims.basics.vocab import admiralty
from claims.figures import units
from claims.figures.units import canonical_unit

if TYPE_CHECKING:  # the reader itself loads when a figure is first read (`_reader`)
    from claims.figures.reading import Figure

# A claim dated tomorrow (UTC) may be today where it was made: one day of slack.
SLACK = datetime.timedelta(days=1)
# Only shares and changes can be below zero; a negative count, distance or area is a typo.
SIGNED_DIMENSIONS = ("percent",)
SIGNED_KINDS = ("change",)


def latest_date(today: datetime.date | None = None) -> str:
    """The last day a claim may be dated without --allow-future."""
    today = today or datetime.datetime.now(datetime.UTC).date()
    return (today + SLACK).isoformat()


def future_problem(claim: dict, latest: str | None) -> str | None:
    """Why a claim's dates lie in the future, or None. `latest=None` allows any date."""
    if latest is None:
        return None
    for field in ("as_of", "reported_on"):
        if claim[field] and date_key(claim[field]) > latest:
            return f"field {field}: {claim[field]} is in the future (--allow-future keeps it)"
    return None


def is_negative(figure) -> bool:
    return figure is not None and any(x is not None and x < 0 for x in (figure.low, figure.value, figure.high))


def sign_problem(figure, kind: str | None, topic: str = "KEY") -> str | None:
    """Why a figure's sign is impossible for its topic, or None."""
    if not is_negative(figure):
        return None
    return negative_problem(figure.dimension, figure.text or figure.value, kind, topic)


def negative_problem(dimension: str, shown, kind: str | None, topic: str = "KEY") -> str | None:
    """Why a negative figure of this dimension cannot belong to a topic of this kind, or None."""
    if dimension.split("/")[0] in SIGNED_DIMENSIONS or kind in SIGNED_KINDS:
        return None
    return (f"field figure: {shown} is negative, and a {_what(dimension)} cannot be "
            "(only percentages, and topics of kind change, can be below zero; for a gain or loss: "
            f"claims topics edit {topic} --kind change --why ...)")


def _what(dimension: str) -> str:
    core = dimension.split("/")[0]
    return "count" if core.startswith(("count:", "number")) else ("sum of money" if core.startswith("currency:")
                                                               else core)


ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"


NUMERIC = ("value", "low", "high")


# The keys of a claim in every format, in order: list, export and import agree.
class ClaimRow(TypedDict):
    """A claim as users see it: listed, shown, exported and imported back with these keys,
    in this order (`claims list --format json`)."""

    id: str
    topic: str
    source: str
    source_type: str
    side: str
    reliability: str
    admiralty: str  # reliability and credibility written together: "B2"
    figure: str | None
    value: float | None
    low: float | None  # None: open below ("at most")
    high: float | None  # None: open above ("at least")
    unit: str | None
    qualifier: str | None
    likelihood: str | None  # ICD 203 band the claimant attached ("likely"), or None
    as_of: str | None
    reported_on: str | None
    status: str
    credibility: int
    evidence: list[str]
    via: list[str]
    quote: str | None
    url: str | None
    place: str | None
    notes: str | None
    tags: list[str]
    created: str
    updated: str


CLAIM_KEYS = tuple(ClaimRow.__annotations__)


def new_id() -> str:
    """12 characters of base32: 60 random bits, typeable, collision-safe at millions."""
    if not _SPARE_IDS:
        _SPARE_IDS.extend(_fresh_ids(1000))
    return _SPARE_IDS.pop()


def _fresh_ids(n: int) -> list[str]:
    """`n` ids from one draw of the system's randomness. ID_ALPHABET is RFC 4648's base32
    alphabet in lower case, so every 12 characters of random bytes encoded are 60
    random bits in it. (Drawing each character with `secrets.choice` cost about 20 us a
    claim on a big import; this costs about 1.)"""
    text = b32encode(urandom(n * 15 // 2 + 1)).decode().lower()
    return [text[i:i + 12] for i in range(0, 12 * n, 12)]


_SPARE_IDS: list[str] = []
# a forked import worker must not hand out the same spare ids as its parent
register_at_fork(after_in_child=_SPARE_IDS.clear)


def tidy(x):
    """Whole floats print as integers: 300, not 300.0."""
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return int(x)
    return x


def claim_row(raw: dict, evidence: dict | None = None) -> ClaimRow:
    """A database row as users see it, with the Admiralty code written together and the
    evidence its verifications cited (`evidence`: claim id -> addresses)."""
    row = dict(raw)
    row["admiralty"] = admiralty(row["reliability"], row["credibility"])
    row["evidence"] = (evidence or {}).get(row["id"], [])
    row["via"] = json.loads(row["via"] or "[]")
    row["tags"] = json.loads(row["tags"] or "[]")
    for key in NUMERIC:
        row[key] = tidy(row[key])
    return {key: row[key] for key in CLAIM_KEYS}


def check_source_matches(source: dict, claim: dict) -> None:
    given_fields = (("type", claim["source_type"]), ("side", claim["side"]), ("reliability", claim["reliability"]))
    for field, given in given_fields:
        if given and given != source[field]:
            label = "source_type" if field == "type" else field
            raise ClaimsError(
                f"{label} {given!r} does not match source {source['name']!r}, which is {source[field]!r} "
                "(change the source with `claims sources edit`)")


def infer_kind(unit: str | None) -> str:
    if unit and "/" in unit:
        return "rate"
    if unit and units.dimension(unit).startswith("count:"):
        return "cumulative"
    return "level"


def topic_row(key: str, title: str | None, unit: str | None, kind: str | None, stamp: str) -> dict:
    """A new topic's columns: its unit in canonical spelling, what the unit measures (and its
    factor to the base unit), and its kind, inferred from the unit unless given."""
    unit = canonical_unit(unit) if unit else None
    return dict(key=key, title=title, unit=unit, dimension=units.dimension(unit) if unit else None,
                unit_factor=units.base_factor(unit) if unit else None, kind=kind or infer_kind(unit),
                created=stamp, updated=stamp)


def _reader():
    """The figure reader, imported when a figure is first read: compiling its patterns takes
    35-50 ms, which `list`, `compare` and every other command that only reads stored
    claims would otherwise pay at start-up."""
    from claims.figures import reading

    return reading


def _refused(message: str) -> Exception:
    return _reader().FigureError(message)


def figure_of(claim: dict) -> Figure | None:
    """The claim's figure: read from its text, or built from its numbers.

    When the text cannot be read but numbers are given, the numbers are the figure and
    the text is kept as written: the way to store what the reader cannot account for."""
    reading = _reader()
    given = any(claim[k] is not None for k in NUMERIC)
    if claim["figure"]:
        try:
            figure = reading.parse(claim["figure"])
        except reading.FigureError:
            if not given:
                raise
            return _figure_from_numbers(claim, claim["figure"])
        if claim["unit"] and figure.unit is None:  # "30" and, apart, what it counts: the unit completes it
            figure = dataclasses.replace(figure, unit=canonical_unit(claim["unit"]))
        _check_numbers_agree(claim, figure)
        return figure
    if not given:
        if claim["unit"] or claim["qualifier"]:
            raise reading.FigureError("a unit or qualifier needs a figure or a value")
        return None
    return _figure_from_numbers(claim)


# how the reader took a hedged figure before its hedge had a band (BANDS): a file exported
# then says so, and its text now reads as the band
FORMER_READING = {"just_under": ("at_most", "less_than"), "just_over": ("more_than",)}


def _check_numbers_agree(claim: dict, figure: Figure) -> None:
    former = claim["qualifier"] in FORMER_READING.get(figure.qualifier, ())
    for key in NUMERIC:
        if former and key != "value":  # the old open side; the best estimate is the same
            continue
        given, read = claim[key], getattr(figure, key)
        if given is not None and (read is None or abs(given - read) > 1e-9 * max(1.0, abs(read))):
            raise _refused(f"figure {claim['figure']!r} reads as {key} {tidy(read)}, not {tidy(given)}")
    if claim["unit"] and canonical_unit(claim["unit"]) != figure.unit:
        raise _refused(f"figure {claim['figure']!r} reads as unit {figure.unit}, not {claim['unit']}")
    if claim["qualifier"] and claim["qualifier"] != figure.qualifier and not former:
        raise _refused(f"figure {claim['figure']!r} reads as qualifier {figure.qualifier}, not {claim['qualifier']}")


# what one number means under each qualifier, when no low or high is given (UCDP-style rows
# give a best estimate alone: that is an exact figure, low = best = high)
OPEN_SIDES = {"exact": (False, False), "about": (False, False), "at_least": (False, True),
              "more_than": (False, True), "at_most": (True, False), "less_than": (True, False),
              "within": (True, False)}


def _figure_from_numbers(claim: dict, text: str | None = None) -> Figure:
    """UCDP-style rows: low / best / high, with no text or with a text the reader cannot read."""

    low, value, high = claim["low"], claim["value"], claim["high"]
    unit = canonical_unit(claim["unit"]) if claim["unit"] else None
    qualifier = claim["qualifier"]
    if low is None and high is None:
        if qualifier == "range":
            raise _refused("a range needs low and high")
        if qualifier not in _reader().BANDS:
            open_low, open_high = OPEN_SIDES[qualifier or "exact"]
            return _reader().Figure(text, value, None if open_low else value, None if open_high else value, unit,
                                    qualifier or "exact")
        low, high = _reader().band(value, qualifier)  # "nearly" 400: 360 to 400
    if value is None:
        value = (low + high) / 2 if low is not None and high is not None else (low if low is not None else high)
    if (low is not None and low > value) or (high is not None and high < value):
        raise _refused(f"value {tidy(value)} lies outside low {tidy(low)} / high {tidy(high)}")
    return _reader().Figure(text, value, low, high, unit, qualifier or _qualifier_of(low, value, high))


def _qualifier_of(low, value, high) -> str:
    if low is not None and high is not None:
        return "exact" if low == high == value else "range"
    return "at_least" if low is not None else "at_most"


# The columns of a stored claim, in the order every INSERT writes them: first the
# three that need the database to resolve, then those the claim and its figure give
# alone (which an import computes in a worker process, as a tuple).
RESOLVED_COLUMNS = ("topic_id", "source_id", "import_id")


FIGURE_COLUMNS = ("figure", "value", "low", "high", "unit", "qualifier", "vague", "dimension",
                  "base_value", "base_low", "base_high", "figure_warning")


OWN_COLUMNS = ("id", "via", *FIGURE_COLUMNS, "quote", "url", "place", "as_of", "reported_on", "dated",
               "status", "credibility", "notes", "tags", "created", "updated", "likelihood")


NO_FIGURE = (None,) * len(FIGURE_COLUMNS)


def own_values(claim: dict, figure: Figure | None, stamp: str) -> tuple:
    """The claim's OWN_COLUMNS, in order: what it stores apart from topic, source and import."""
    created = claim["created"] or stamp
    return (
        claim["id"] or new_id(), _json_list(claim["via"]), *figure_values(figure),
        claim["quote"] or None, claim["url"] or None, claim["place"] or None,
        claim["as_of"], claim["reported_on"], date_key(claim["as_of"] or claim["reported_on"]),
        claim["status"], claim["credibility"], claim["notes"] or None, _json_list(claim["tags"]),
        created, claim["updated"] or created, claim.get("likelihood"),
    )


def claim_columns(claim: dict, figure: Figure | None, topic_id: int, source_id: int,
                  stamp: str | None = None) -> dict:
    """The database row for a validated claim (plain dict, ready for INSERT)."""
    row = dict(zip(OWN_COLUMNS, own_values(claim, figure, stamp or now())))
    row.update(topic_id=topic_id, source_id=source_id)
    return row


to_json = json.JSONEncoder(ensure_ascii=False).encode  # built once: json.dumps(...) with options builds one per call


def _json_list(items: list[str]) -> str:
    return to_json(items) if items else "[]"


def figure_values(figure: Figure | None) -> tuple:
    """FIGURE_COLUMNS for one figure, in order."""
    if figure is None:
        return NO_FIGURE
    base_low, base_value, base_high = figure.base()
    return (figure.text, figure.value, figure.low, figure.high, figure.unit, figure.qualifier, figure.vague,
            figure.dimension, base_value, base_low, base_high, figure.warning)


EDITABLE = ("topic", "source", "figure", "value", "low", "high", "unit", "likelihood", "quote", "url", "place",
            "as_of", "reported_on", "status", "credibility", "via", "notes", "tags")


FIGURE_FIELDS = ("figure", "value", "low", "high", "unit", "qualifier")
