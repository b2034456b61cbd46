"""Units: the names people write, the unit each means, and conversion with pint.

Every figure is stored twice: as stated, and in its dimension's base unit
(metres, square metres, cubic metres, kilograms, percent, days, a count, money in
its own currency, per day). Comparison then needs one
factor per topic, so pint is only loaded by commands that write or re-unit a
figure, never by `list`, `show` or `compare`.

Counts carry their noun ("soldiers", "tanks") as their dimension, and money its
currency: counts of different things, and different currencies, never convert into
each other. The names people write live in `claims.unit_names`, as data.
"""

import functools
import re
from typing import NamedTuple

from claims.basics.errors import ClaimsError
from claims.figures.unit_names import CURRENCIES, PHYSICAL, SPEEDS

# what people write -> canonical unit, for every physical unit and currency
UNIT_ALIASES = {name: unit for unit, (_, _, names) in PHYSICAL.items() for name in names}
CURRENCY_ALIASES = {name: code for code, names in CURRENCIES.items() for name in names}
# the base unit of each dimension: what every stored figure is converted into
BASE = {"length": "meter", "area": "meter**2", "volume": "meter**3", "mass": "kilogram", "percent": "percent",
        "time": "day"}

# count nouns: what people write -> the noun counts are kept under.
# Synonyms share a noun so that "400 troops" and "400 soldiers" compare.
COUNT_NOUNS = {
    "soldier": "soldiers", "soldiers": "soldiers", "troops": "soldiers",
    "servicemen": "soldiers", "serviceman": "soldiers",
    "personnel": "soldiers", "fighters": "soldiers",
    "tank": "tanks", "tanks": "tanks",
    "attack": "attacks", "attacks": "attacks", "assaults": "attacks",
    "position": "positions", "positions": "positions",
    "mortar system": "mortar systems", "mortar systems": "mortar systems",
    "mortar": "mortars", "mortars": "mortars",
    "person": "people", "people": "people", "persons": "people",
    "civilian": "civilians", "civilians": "civilians",
    "drone": "drones", "drones": "drones", "uav": "drones", "uavs": "drones",
    "artillery system": "artillery systems", "artillery systems": "artillery systems",
    "vehicle": "vehicles", "vehicles": "vehicles",
    "casualty": "casualties", "casualties": "casualties",
    "settlement": "settlements", "settlements": "settlements",
    "village": "villages", "villages": "villages",
    "building": "buildings", "buildings": "buildings",
    "strike": "strikes", "strikes": "strikes",
    "missile": "missiles", "missiles": "missiles",
    "combat engagement": "combat engagements", "combat engagements": "combat engagements",
    "clash": "clashes", "clashes": "clashes",
}

# periods of a rate: what people write -> canonical period
PERIODS = {
    "hour": "hour", "hourly": "hour", "h": "hour", "hr": "hour",
    "day": "day", "daily": "day", "24 hours": "day",
    "week": "week", "weekly": "week",
    "month": "month", "monthly": "month",
    "year": "year", "yearly": "year", "annually": "year",
}

PERIOD_PINT = {"hour": "hour", "day": "day", "week": "week", "month": "month", "year": "year"}


@functools.cache
def registry():
    """The one pint registry, built on first use (it takes a while)."""
    import pint

    return pint.UnitRegistry()


def split_rate(unit: str) -> tuple[str, str | None]:
    """'soldiers/day' -> ('soldiers', 'day')."""
    head, _, period = unit.partition("/")
    return head, (period or None)


def dimension(unit: str | None) -> str:
    """The dimension a canonical unit measures: 'length', 'count:soldiers', 'currency:USD', 'area/time'."""
    if not unit:
        return "number"
    head, period = split_rate(unit)
    if head in PHYSICAL:
        base = PHYSICAL[head][0]
    else:
        base = f"currency:{head}" if head in CURRENCIES else f"count:{head}"
    return f"{base}/time" if period else base


def describe(dim: str) -> str:
    """A dimension in words, for error messages."""
    rate = dim.endswith("/time")
    core = dim.removesuffix("/time")
    if core.startswith("count:"):
        words = f"a count of {core[6:]}"
    elif core.startswith("currency:"):
        words = f"money in {core[9:]}"
    else:
        words = {"time": "a duration"}.get(core, core)
    return f"{words} per unit of time" if rate else words


@functools.cache
def base_factor(unit: str | None) -> float:
    """How many base units (metre, m2, percent, day, one item, per day) one `unit` is."""
    if not unit:
        return 1.0
    head, period = split_rate(unit)
    factor = 1.0
    if head in PHYSICAL:  # counts and money are one of themselves: pint is not needed for them
        dim, expr, _ = PHYSICAL[head]
        factor = registry().Quantity(1, expr).to(BASE[dim]).magnitude
    if period:
        factor *= registry().Quantity(1, f"1/{PERIOD_PINT[period]}").to("1/day").magnitude
    return float(factor)


class Measure(NamedTuple):
    """What a canonical unit measures, read once: the unit, its dimension, and how many base
    units one of it is. A figure, a topic and an imported row all take theirs from `measure`."""

    unit: str | None
    dimension: str
    factor: float


@functools.cache
def measure(unit: str | None) -> Measure:
    return Measure(unit, dimension(unit), base_factor(unit))


def canonical_unit(text: str) -> str:
    """Read a unit as a user types it for a topic: 'miles', 'sq km', 'soldiers per day'."""
    words = " ".join(text.lower().replace("²", "2").split())
    if words in SPEEDS:
        return SPEEDS[words]
    head, _, period = words.replace(" per ", "/").replace(" a ", "/").partition("/")
    head = head.strip()
    unit = UNIT_ALIASES.get(head) or CURRENCY_ALIASES.get(head) or COUNT_NOUNS.get(head) or _plain_noun(head)
    if not unit:
        raise ClaimsError(f"unknown unit {text!r}")
    if period:
        canon = PERIODS.get(period.strip())
        if not canon:
            raise ClaimsError(f"unknown period {period.strip()!r} in unit {text!r}")
        unit = f"{unit}/{canon}"
    return unit


_NOUN_RE = re.compile(r"^[a-zа-яёіїєґ][a-zа-яёіїєґ' -]*$")  # a Ukrainian or Russian noun as written too


def _plain_noun(words: str) -> str | None:
    """Any other counted noun is kept as written ("drones", "anti-tank mines")."""
    return words if _NOUN_RE.match(words) else None


def convert(value: float | None, from_unit: str | None, to_unit: str | None) -> float | None:
    """Convert between two canonical units of one dimension."""
    if value is None:
        return None
    check_compatible(from_unit, to_unit)
    return value * base_factor(from_unit) / base_factor(to_unit)


def check_compatible(unit: str | None, other: str | None, what: str = "") -> None:
    a, b = dimension(unit), dimension(other)
    if a != b:
        raise ClaimsError(
            f"{what}cannot compare {unit or 'a plain number'} ({describe(a)}) "
            f"with {other or 'a plain number'} ({describe(b)})"
        )


# a count of nothing named: a bare number ("400"), or so many times a period ("400 a day")
BARE_COUNTS = ("number", "count:times")


def fits(dimension: str | None, topic_dimension: str | None) -> bool:
    """Whether a figure of `dimension` belongs to a topic measured in `topic_dimension`: the
    same dimension, or a bare number beside a count of anything ("400" and "300 soldiers"),
    per the same period for rates ("400 a day" and "300 soldiers a day")."""
    if dimension == topic_dimension or dimension is None or topic_dimension is None:
        return True
    (a, _, per_a), (b, _, per_b) = dimension.partition("/"), topic_dimension.partition("/")
    return per_a == per_b and (a in BARE_COUNTS and b.startswith("count:") or
                               b in BARE_COUNTS and a.startswith("count:"))


def is_bare(dimension: str | None) -> bool:
    """A count of nothing named: what a topic of counts upgrades from to the thing it counts."""
    return dimension is not None and dimension.partition("/")[0] in BARE_COUNTS
