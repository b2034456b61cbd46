"""The standing series: published figures become claims, and claims become a series to
read against each other.

- the mapping (a TOML file the user can edit; defaults in `series_mapping.toml`) says
  which topic each published category becomes and who publishes it;
- each figure becomes one claim row with an id that depends on what it is (publisher,
  topic, date), so a newer file imported again adds only its new days;
- a series is read back as (date, value) pairs per source: the official figure against
  the floor and their ratio, the increments, and the anomalies (a jump far beyond the
  usual daily increment, a step down, an official jump the floor follows only in part).

Pure: no database, no files.
"""

import base64
import datetime
import hashlib
import statistics
import tomllib
from collections import defaultdict
from typing import NamedTuple

from claims.basics.errors import ClaimsError
from claims.basics.vocab import EXCLUDED_STATUSES, Qualifier, SourceType
from claims.rules.published import Figure, Published

SOURCE_KEYS = ("source", "source_type", "side")
JUMP_WINDOW = 30  # increments a jump is measured against
JUMP_SCALE = 10.0  # a jump exceeds the median increment by this many robust deviations
MIN_SPREAD = 1.0  # a series that never moves still has a spread of one unit
FOLLOW_DAYS = 7  # days the floor has to follow an official jump
FOLLOW_SHARE = 0.5  # a floor that follows less than this share of the excess follows only in part
MAD_TO_SD = 1.4826  # the median absolute deviation of a normal sample, in standard deviations


def load_mapping(text: str, name: str) -> dict:
    """A mapping file read and checked: each publisher's source and its categories."""
    try:
        mapping = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ClaimsError(f"{name}: not a mapping file: {error}") from None
    for publisher, section in mapping.items():
        if not isinstance(section, dict):
            raise ClaimsError(f"{name}: [{publisher}] must be a table")
        missing = [k for k in SOURCE_KEYS if not isinstance(section.get(k), str)]
        if missing:
            raise ClaimsError(f"{name}: [{publisher}] needs {', '.join(missing)}")
        for category, target in section.get("categories", {}).items():
            if not isinstance(target, dict) or not isinstance(target.get("topic"), str):
                raise ClaimsError(f"{name}: [{publisher}.categories] {category!r} needs a topic")
    return mapping


def section_of(mapping: dict, publisher: str, name: str) -> dict:
    if publisher not in mapping:
        raise ClaimsError(f"{name} has no [{publisher}] section")
    return mapping[publisher]


def stable_id(*parts) -> str:
    """12 characters of base32 that depend only on `parts`: the same figure imported twice
    is the same claim."""
    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode()).digest()
    return base64.b32encode(digest).decode()[:12].lower()


class Target(NamedTuple):
    topic: str
    unit: str | None


def target_of(section: dict, figure: Figure) -> Target | None:
    """The topic a figure's category becomes, or None when the mapping leaves it out."""
    target = section.get("categories", {}).get(figure.category)
    if target is None:
        return None
    country = section.get("countries", {}).get(figure.country)
    if "{country}" in target["topic"] and country is None:
        return None
    return Target(target["topic"].replace("{country}", country or ""), target.get("unit"))


def base_row(section: dict, topic: str, date: str) -> dict:
    return {"topic": topic, "source": section["source"], "source_type": section["source_type"],
            "side": section["side"], "as_of": date, "reported_on": date, "url": section.get("url")}


def totals_rows(publisher: str, section: dict, published: Published) -> tuple[list[dict], list[str]]:
    """One claim per date and topic; categories that share a topic are added up (with their
    parts). Returns the rows and the categories the mapping leaves out."""
    sums: dict = {}
    left_out: set = set()
    for figure in published.figures:
        target = target_of(section, figure)
        if target is None:
            left_out.add(f"{figure.country} {figure.category}" if figure.country != "Russia" or
                         publisher != "general-staff" else figure.category)
            continue
        key = (figure.date, target.topic)
        value, parts, _, _ = sums.get(key, (0, (0,) * len(figure.parts), None, None))
        sums[key] = (value + figure.value, tuple(map(sum, zip(parts, figure.parts))), target.unit, figure.qualifier)
    rows = [_total_row(publisher, section, date, topic, *kept) for (date, topic), kept in sorted(sums.items())]
    return rows, sorted(left_out)


PARTS = ("destroyed", "damaged", "abandoned", "captured")


def _total_row(publisher: str, section: dict, date: str, topic: str, value, parts, unit, qualifier) -> dict:
    row = base_row(section, topic, date)
    row.update(id=stable_id(publisher, topic, date), value=value, unit=unit, qualifier=qualifier)
    if parts:  # Oryx's split, kept with the claim
        row["notes"] = ", ".join(f"{name} {n}" for name, n in zip(PARTS, parts))
    return row


EVENTS_NAMED = 10  # events a day's claim names in its notes; the rest are counted


def event_rows(section: dict, published: Published) -> tuple[list[dict], list[str]]:
    """ACLED: the fatalities ACLED records (its conservative figure) per day, region and event
    type, one claim each, naming its events (id, place, fatalities) and their sources. Two
    events of one day are not two claims about one number, so they are added up, never set
    against each other."""
    days: dict = defaultdict(list)
    left_out: set = set()
    for figure in published.figures:
        target = target_of(section, figure)
        if target is None:
            left_out.add(figure.category or "(no event type)")
            continue
        region = _key_piece(figure.parts[1]) or "unknown-region"
        days[(target.topic.replace("{admin1}", region), figure.date, target.unit)].append(figure)
    rows = [_day_row(section, topic, date, unit, events) for (topic, date, unit), events in sorted(days.items())]
    return rows, sorted(left_out)


def _day_row(section: dict, topic: str, date: str, unit: str | None, events: list) -> dict:
    named = "; ".join(f"{e.where} {e.parts[0] or 'somewhere'}: {e.value}" for e in events[:EVENTS_NAMED])
    more = f"; and {len(events) - EVENTS_NAMED} more" if len(events) > EVENTS_NAMED else ""
    sources = sorted({e.note for e in events if e.note})
    places = {e.parts[0] for e in events if e.parts[0]}
    row = base_row(section, topic, date)
    row.update(id=stable_id("acled", topic, date), value=sum(e.value for e in events), unit=unit,
               qualifier="exact", place=places.pop() if len(places) == 1 else events[0].parts[1] or None,
               notes=f"ACLED, {len(events)} event{'s' * (len(events) != 1)}: {named}{more}"
                     + (f" (sources: {'; '.join(sources)})" if sources else ""))
    return row


def _key_piece(name: str) -> str:
    """A name as a piece of a topic key: "Sviatohirs'k" -> "sviatohirsk", "Kyiv City" -> "kyiv-city"."""
    import re
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9-]", "", "-".join(ascii_name.split()))


# ---------------------------------------------------------------- corrections

def day_before(date: str) -> str:
    return (datetime.date.fromisoformat(date) - datetime.timedelta(days=1)).isoformat()


def correction_row(publisher: str, section: dict, target: Target, figure: Figure, earlier: dict) -> dict:
    """A published correction as a claim that supersedes the earlier figure: the total of the
    day before, corrected by the amount the publisher gives, reported on the correction's day."""
    corrected = earlier["value"] + figure.value
    row = base_row(section, target.topic, earlier["as_of"])
    row.update(id=stable_id(publisher, target.topic, earlier["as_of"], "corrected", figure.date),
               value=corrected, unit=target.unit, qualifier="exact", reported_on=figure.date, tags=["correction"],
               notes=f"corrected on {figure.date} by {figure.value:+g}: {said(earlier['value'])} "
                     f"becomes {said(corrected)} (claim {earlier['id']})")
    return row


def revision_row(row: dict, stored: dict) -> dict:
    """A figure a newer file gives differently for a day already stored: a claim of its own
    that supersedes the stored one."""
    revised = dict(row, id=stable_id(row["id"], "revised", row["value"]), tags=["revision"])
    revised["notes"] = ((row.get("notes") or "") + "; " if row.get("notes") else "") + \
        f"revised in a newer file: {said(stored['value'])} becomes {said(row['value'])} (claim {stored['id']})"
    return revised


def said(x) -> str:
    """A number as a person writes it: 310, 2.5."""
    return f"{x:g}" if isinstance(x, float) else str(x)


# ---------------------------------------------------------------- reading a series

class Point(NamedTuple):
    date: str
    value: float


def increments(points: list[Point]) -> list[tuple[Point, float, int]]:
    """(point, its increment since the point before, the days between them), from the second point."""
    out = []
    for before, point in zip(points, points[1:]):
        days = (datetime.date.fromisoformat(point.date) - datetime.date.fromisoformat(before.date)).days
        out.append((point, point.value - before.value, days))
    return out


class Anomaly(NamedTuple):
    date: str
    kind: str  # "jump", "negative step", "floor follows in part"
    increment: float
    usual: float | None  # the median increment it is measured against
    detail: str


def jumps_and_drops(points: list[Point]) -> list[Anomaly]:
    """A one-day increment far beyond the usual ones (median + JUMP_SCALE robust deviations
    of the JUMP_WINDOW increments before it), and every step down of a running total."""
    found: list[Anomaly] = []
    recent: list[float] = []
    for point, step, days in increments(points):
        if step < 0:
            found.append(Anomaly(point.date, "negative step", step, None, f"down {said(-step)} in {days} day(s)"))
        elif days == 1 and len(recent) >= 7:
            middle = statistics.median(recent)
            spread = max(MAD_TO_SD * statistics.median(abs(x - middle) for x in recent), MIN_SPREAD)
            if step > middle + JUMP_SCALE * spread:
                found.append(Anomaly(point.date, "jump", step, middle,
                                     f"up {said(step)} in a day, usually {said(middle)} (spread {spread:.3g})"))
        if days >= 1 and step >= 0:
            recent = (recent + [step / days])[-JUMP_WINDOW:]
    return found


def partial_follow(jumps: list[Anomaly], floor: list[Point]) -> list[Anomaly]:
    """An official jump whose excess the floor, over FOLLOW_DAYS from the day before it, grows
    by less than FOLLOW_SHARE of."""
    found = []
    for jump in (j for j in jumps if j.kind == "jump"):
        start, end = day_before(jump.date), _days_after(jump.date, FOLLOW_DAYS)
        before = [p.value for p in floor if p.date <= start]
        after = [p.value for p in floor if jump.date <= p.date <= end]
        if not before or not after:
            continue
        excess = jump.increment - (jump.usual or 0)
        followed = after[-1] - before[-1]
        if followed < FOLLOW_SHARE * excess:
            found.append(Anomaly(jump.date, "floor follows in part", jump.increment, jump.usual,
                                 f"official up {said(jump.increment)}, the floor up {said(followed)} by {end}"))
    return found


def _days_after(date: str, days: int) -> str:
    return (datetime.date.fromisoformat(date) + datetime.timedelta(days=days)).isoformat()


def change_over(rows: list[dict], role: str) -> dict | None:
    """How a role's figure changed from the first to the last of these rows that give it."""
    given = [row for row in rows if row.get(role) is not None]
    if len(given) < 2:
        return None
    first, last = given[0], given[-1]
    return {"from": first["date"], "to": last["date"], "before": first[role], "after": last[role],
            "change": round(last[role] - first[role], 6)}


def against_floor(official: list[Point], floor: list[Point], shared_only: bool = False) -> list[dict]:
    """Per date: the official figure, the floor, their ratio where both are given, and each
    one's increment since its own previous figure."""
    by_date: dict = defaultdict(dict)
    for role, points in (("official", official), ("floor", floor)):
        previous = None
        for point in points:
            by_date[point.date][role] = point.value
            by_date[point.date][f"{role}_increment"] = None if previous is None else point.value - previous
            previous = point.value
    rows = []
    for date in sorted(by_date):
        seen = by_date[date]
        if shared_only and not ("official" in seen and "floor" in seen):
            continue
        ratio = seen["official"] / seen["floor"] if "official" in seen and seen.get("floor") else None
        rows.append({"date": date, "official": seen.get("official"), "official_increment": seen.get(
            "official_increment"), "floor": seen.get("floor"), "floor_increment": seen.get("floor_increment"),
            "ratio": ratio})  # exact: each format rounds it once
    return rows


# ---------------------------------------------------------------- a topic's claims as series

SUPERSEDING = ('"correction"', '"revision"')  # the tags of claims that supersede a published figure


def points_by_source(claims: list[dict], as_published: bool = False) -> dict:
    """source -> its figures by date, oldest first; a figure set aside is left out, and of
    two for one day the one reported last counts. `as_published`: the figures as first
    published, before any correction or revision."""
    by_source: dict = defaultdict(dict)
    for claim in claims:
        if as_published:
            if any(tag in (claim["tags"] or "") for tag in SUPERSEDING):
                continue
        elif claim["status"] in EXCLUDED_STATUSES:
            continue
        by_source[claim["source"]][claim["as_of"]] = claim["value"]
    return {source: [Point(d, v) for d, v in sorted(days.items())] for source, days in by_source.items()}


def roles(claims: list[dict]) -> tuple[str | None, str | None]:
    """(the official source, the floor's source) of a topic: the official source with the most
    figures, and the source giving the most lower bounds ("at least")."""
    official: dict[str, int] = defaultdict(int)
    floor: dict[str, int] = defaultdict(int)
    for claim in claims:
        if claim["source_type"] == SourceType.official.value:
            official[claim["source"]] += 1
        if claim["qualifier"] == Qualifier.at_least.value:
            floor[claim["source"]] += 1
    pick = lambda counts: max(counts, key=lambda s: (counts[s], s)) if counts else None
    return pick(official), pick(floor)


def topic_anomalies(topic: str, claims: list[dict], as_published: bool = False) -> list[dict]:
    """A topic's jumps and steps down per source, the official jumps the floor follows only in
    part, and the corrections its sources published."""
    official, floor = roles(claims)
    points = points_by_source(claims, as_published)
    found = []
    for source, series_points in sorted(points.items()):
        spotted = jumps_and_drops(series_points)
        if source == official and floor:
            spotted += partial_follow(spotted, points.get(floor, []))
        found += [_anomaly_row(topic, source, a) for a in spotted]
    found += [{"topic": topic, "source": c["source"], "date": c["reported_on"] or c["as_of"], "kind": "correction",
               "increment": None, "usual": None, "detail": c["notes"] or "a correction"}
              for c in claims if '"correction"' in (c["tags"] or "")]
    return sorted(found, key=lambda a: (a["date"], a["source"], a["kind"]))


def _anomaly_row(topic: str, source: str, anomaly) -> dict:
    return {"topic": topic, "source": source, "date": anomaly.date, "kind": anomaly.kind,
            "increment": anomaly.increment, "usual": anomaly.usual, "detail": anomaly.detail}


def shared_rows(claims: list[dict]) -> list[dict]:
    official, floor = roles(claims)
    if not (official and floor):
        return []
    points = points_by_source(claims)
    return against_floor(points[official], points[floor], shared_only=True)
