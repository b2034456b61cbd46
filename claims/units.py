"""Units: the names people write, the unit each means, and conversion with pint.

Every figure is stored twice: as stated, and in its dimension's base unit
(metres, square metres, percent, a count, per day). Comparison then needs one
factor per topic, so pint is only loaded by commands that write or re-unit a
figure, never by `list`, `show` or `compare`.

Counts carry their noun ("soldiers", "tanks") as their dimension: counts of
different things never convert into each other.
"""

import functools
import re

from .errors import ClaimsError

# canonical unit -> (dimension, pint expression)
PHYSICAL = {
    "m": ("length", "meter"),
    "km": ("length", "kilometer"),
    "mi": ("length", "mile"),
    "ft": ("length", "foot"),
    "yd": ("length", "yard"),
    "m2": ("area", "meter**2"),
    "km2": ("area", "kilometer**2"),
    "mi2": ("area", "mile**2"),
    "ha": ("area", "hectare"),
    "acres": ("area", "acre"),
    "%": ("percent", "percent"),
}

BASE = {"length": "meter", "area": "meter**2", "percent": "percent"}

# what people write -> canonical unit; longest phrases are tried first
UNIT_ALIASES = {
    "m": "m", "metre": "m", "metres": "m", "meter": "m", "meters": "m",
    "km": "km", "kms": "km", "kilometre": "km", "kilometres": "km",
    "kilometer": "km", "kilometers": "km",
    "mi": "mi", "mile": "mi", "miles": "mi",
    "ft": "ft", "foot": "ft", "feet": "ft",
    "yd": "yd", "yard": "yd", "yards": "yd",
    "m2": "m2", "sq m": "m2", "square metres": "m2", "square meters": "m2",
    "square metre": "m2", "square meter": "m2",
    "km2": "km2", "sq km": "km2", "sq. km": "km2", "sqkm": "km2",
    "square kilometres": "km2", "square kilometers": "km2",
    "square kilometre": "km2", "square kilometer": "km2",
    "mi2": "mi2", "sq mi": "mi2", "sq. mi": "mi2", "sq miles": "mi2",
    "square miles": "mi2", "square mile": "mi2",
    "ha": "ha", "hectare": "ha", "hectares": "ha",
    "acre": "acres", "acres": "acres",
    "%": "%", "percent": "%", "per cent": "%", "pct": "%",
}

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
    "hour": "hour", "hourly": "hour",
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
    """The dimension a canonical unit measures: 'length', 'count:soldiers', 'area/time'."""
    if not unit:
        return "number"
    head, period = split_rate(unit)
    base = PHYSICAL[head][0] if head in PHYSICAL else f"count:{head}"
    return f"{base}/time" if period else base


def describe(dim: str) -> str:
    """A dimension in words, for error messages."""
    rate = dim.endswith("/time")
    core = dim.removesuffix("/time")
    words = f"a count of {core[6:]}" if core.startswith("count:") else core
    return f"{words} per unit of time" if rate else words


@functools.cache
def base_factor(unit: str | None) -> float:
    """How many base units (metre, m2, percent, one item, per day) one `unit` is."""
    if not unit:
        return 1.0
    head, period = split_rate(unit)
    ureg = registry()
    factor = 1.0
    if head in PHYSICAL:
        dim, expr = PHYSICAL[head]
        factor = ureg.Quantity(1, expr).to(BASE[dim]).magnitude
    if period:
        factor *= ureg.Quantity(1, f"1/{PERIOD_PINT[period]}").to("1/day").magnitude
    return float(factor)


def canonical_unit(text: str) -> str:
    """Read a unit as a user types it for a topic: 'miles', 'sq km', 'soldiers per day'."""
    words = " ".join(text.lower().replace("²", "2").split())
    head, _, period = words.replace(" per ", "/").replace(" a ", "/").partition("/")
    head = head.strip()
    unit = UNIT_ALIASES.get(head) or COUNT_NOUNS.get(head) or _plain_noun(head)
    if not unit:
        raise ClaimsError(f"unknown unit {text!r}")
    if period:
        canon = PERIODS.get(period.strip())
        if not canon:
            raise ClaimsError(f"unknown period {period.strip()!r} in unit {text!r}")
        unit = f"{unit}/{canon}"
    return unit


_NOUN_RE = re.compile(r"^[a-z][a-z' -]*$")


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
