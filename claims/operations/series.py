"""The standing series: importing the figures analysts follow as their publishers publish
them (`claims import --from general-staff|oryx|acled|deepstate FILE...`), reading a topic
back as the official figure against the floor, listing the anomalies, and saying what a
newer import changed.

An import reads every file first, maps each category to its topic (the mapping file),
gives each figure an id that depends only on what it is, and then writes, all or nothing,
in one transaction: the new figures through the same road as `claims import`; a figure a
newer file gives differently, and a published correction, as a claim that supersedes the
earlier one (which is set aside as retracted, the reason in its history).
"""

import datetime
from collections import defaultdict
from importlib import resources
from typing import NamedTuple

from claims.basics.errors import ClaimsError
from claims.basics.vocab import EXCLUDED_STATUSES, TopicKind
from claims.operations import recording
from claims.readers import CHUNK, Chunk, read_input
from claims.rules import geometry, published, series
from claims.storage import queries, store
from claims.storage.db import write

PUBLISHERS = ("general-staff", "oryx", "acled", "deepstate")
LOOKUP = 5000  # ids looked up at once


def mapping_text(path: str | None = None) -> tuple[str, str]:
    """(text, name) of the mapping file: the user's, or the one shipped."""
    if path:
        return read_input(path), path
    return resources.files("claims.rules").joinpath("series_mapping.toml").read_text(encoding="utf-8"), \
        "the shipped mapping"


def places_text() -> str:
    return resources.files("claims.rules").joinpath("places.toml").read_text(encoding="utf-8")


def default_places() -> list:
    return geometry.load_places(places_text(), "the shipped gazetteer")


class Plan(NamedTuple):
    """What the files hold, before anything is written."""

    rows: dict  # id -> claim row (with "_label": where it came from)
    corrections: list  # (Target, published.Figure, file)
    left_out: set  # categories the mapping leaves out
    kinds: dict  # topic -> (kind, unit)
    read: list  # (file, what it was read as, how many things, of what)
    warnings: list  # what was read as published though it looks like a slip


def read_files(publisher: str, paths: list[str], section: dict, as_of: str | None, places: list,
               progress=None) -> Plan:
    """Every file read and mapped; nothing stored. A file in another shape stops it all.
    `progress(files read, files)` is told after each file (a year of maps takes a while)."""
    if publisher not in PUBLISHERS:
        raise ClaimsError(f"unknown series {publisher!r}: give one of {', '.join(PUBLISHERS)}")
    if as_of and len(paths) > 1:
        raise ClaimsError("--as-of dates one file: a series of files carries its dates in their names")
    plan = Plan({}, [], set(), {}, [], [])
    maps: list = []
    events: dict = {}
    for done, path in enumerate(paths):
        if progress:
            progress(done, len(paths))
        text = read_input(path)
        if publisher == "deepstate":
            maps.append(geometry.read_map(path, text, as_of))
            plan.read.append((path, f"a map of {maps[-1].date}", maps[-1].polygons, "polygon"))
            continue
        if publisher == "acled":
            _read_events(path, text, events, plan)
            continue
        _read_one(publisher, path, text, section, as_of, plan)
    if maps:
        _map_rows(section, maps, places, plan)
    if events:
        _add_rows(plan, *series.event_rows(section, published.Published("events", [e for e, _ in events.values()])),
                  TopicKind.level.value, "ACLED")
    return plan


def _read_events(path: str, text: str, events: dict, plan: Plan) -> None:
    """ACLED events of every file, once each (exports overlap); an event two files give
    differently stops the import."""
    found = published.read_acled(path, text)
    plan.read.append((path, found.kind, len(found.figures), "event"))
    for event in found.figures:
        seen = events.get(event.where)
        if seen and seen[0].value != event.value:
            raise ClaimsError(f"{path}: event {event.where} has {event.value} fatalities, but {seen[1]} gives "
                              f"{seen[0].value}: import one of the two files")
        events[event.where] = (event, path)


def _read_one(publisher: str, path: str, text: str, section: dict, as_of: str | None, plan: Plan) -> None:
    found = (published.read_general_staff(path, text) if publisher == "general-staff"
             else published.read_oryx(path, text, as_of))
    plan.read.append((path, found.kind, len(found.figures), "figure"))
    plan.warnings.extend(found.warnings)
    if found.kind == "corrections":
        for figure in found.figures:
            target = series.target_of(section, figure)
            if target is None:
                plan.left_out.add(figure.category)
            else:
                plan.corrections.append((target, figure, path))
        return
    _add_rows(plan, *series.totals_rows(publisher, section, found), TopicKind.cumulative.value, path)


def _add_rows(plan: Plan, rows: list[dict], left_out: list[str], kind: str, where: str) -> None:
    plan.left_out.update(left_out)
    for row in rows:
        plan.kinds.setdefault(row["topic"], (kind, row["unit"]))
        _add(plan, dict(row, _label=f"{where}: {row['topic']} on {row['as_of']}"))


def _add(plan: Plan, row: dict) -> None:
    """A row, once: the same figure from two files is one; two different figures for one
    day stop the import."""
    seen = plan.rows.get(row["id"])
    if seen is None:
        plan.rows[row["id"]] = row
    elif seen["value"] != row["value"]:
        raise ClaimsError(f"{row['_label']} is {series.said(row['value'])}, but {seen['_label']} is "
                          f"{series.said(seen['value'])}: import one of the two files")


# ---------------------------------------------------------------- maps

def _map_rows(section: dict, maps: list, places: list, plan: Plan) -> None:
    """For each map: the area held and the distance from each place to its edge."""
    for key in ("area_topic", "change_topic", "distance_topic"):
        if not isinstance(section.get(key), str):
            raise ClaimsError(f"the mapping's [deepstate] section needs {key}")
    for found in sorted(maps, key=lambda m: m.date):
        area = round(geometry.area_km2(found.shape), 2)
        _map_row(plan, section, section["area_topic"], found.date, area, "km2", TopicKind.level.value,
                 f"area held on the map of {found.date} ({found.polygons} polygons), on the WGS84 ellipsoid")
        for place in places:
            distance = round(geometry.distance_km(found.shape, place), 2)
            where = "inside the held area" if distance == 0 else "to the nearest edge of the held area"
            _map_row(plan, section, section["distance_topic"].replace("{place}", _slug(place.name)), found.date,
                     distance, "km", TopicKind.level.value, f"{place.name} ({place.lat}, {place.lon}): {where}")


def _map_row(plan: Plan, section: dict, topic: str, date: str, value: float, unit: str, kind: str, note: str):
    row = series.base_row(section, topic, date)
    row.update(id=series.stable_id("map", topic, date), value=value, unit=unit, qualifier="exact", notes=note,
               _label=f"the map of {date}: {topic}")
    plan.kinds.setdefault(topic, (kind, unit))
    _add(plan, row)


def _slug(name: str) -> str:
    return series._key_piece(name) or "place"


def monthly_changes(db, section: dict, plan: Plan) -> list[dict]:
    """The change of the area held over each calendar month whose last day, and the last
    day before it, have a map (in this import or stored): a claim of kind change, dated by
    the month, that a claim such as "gained 490 km2 in October" is compared with."""
    topic = section["area_topic"]
    areas = {r["as_of"]: r["value"] for r in plan.rows.values() if r["topic"] == topic}
    if not areas:
        return []
    if queries.find_topic(db, topic):
        for row in queries.series_claims(db, topic):
            areas.setdefault(row["as_of"], row["value"])
    rows = []
    for month in sorted({d[:7] for d in areas if d in plan_dates(plan, topic)}):
        end, start = _month_end(month), _month_start(month)
        before = (datetime.date.fromisoformat(start) - datetime.timedelta(days=1)).isoformat()
        if end in areas and before in areas:
            change = round(areas[end] - areas[before], 2)
            row = series.base_row(section, section["change_topic"], month)
            row.update(id=series.stable_id("map", section["change_topic"], month), value=change, unit="km2",
                       qualifier="exact", reported_on=end, _label=f"the maps of {before} and {end}",
                       notes=f"from {before} ({areas[before]:,.2f} km2) to {end} ({areas[end]:,.2f} km2)")
            rows.append(row)
    return rows


def plan_dates(plan: Plan, topic: str) -> set:
    return {r["as_of"] for r in plan.rows.values() if r["topic"] == topic}


def _month_start(month: str) -> str:
    return month + "-01"


def _month_end(month: str) -> str:
    year, number = map(int, month.split("-"))
    first_next = datetime.date(year + number // 12, number % 12 + 1, 1)
    return (first_next - datetime.timedelta(days=1)).isoformat()


# ---------------------------------------------------------------- against what is stored

class Decided(NamedTuple):
    new: list  # rows to write
    unchanged: int
    supersede: list  # (old id, new id, why)


def decide(db, publisher: str, section: dict, plan: Plan) -> Decided:
    """Which rows are new, which are stored already, and which supersede a stored figure
    (a revision in a newer file, or a published correction)."""
    stored = _stored(db, list(plan.rows))
    new, supersede, unchanged = [], [], 0
    for row in plan.rows.values():
        old = stored.get(row["id"])
        if old is None:
            new.append(row)
        elif old["value"] == row["value"]:
            unchanged += 1
        else:
            revised = series.revision_row(row, old)
            if revised["id"] in _stored(db, [revised["id"]]):
                unchanged += 1
                continue
            new.append(dict(revised, _label=row["_label"]))
            if old["status"] not in EXCLUDED_STATUSES:
                supersede.append((old["id"], revised["id"], f"revised to {series.said(row['value'])} in a newer file"))
    fixes, already = _corrections(db, publisher, section, plan, stored)
    return Decided(new + [r for r, _ in fixes], unchanged + already, supersede + [s for _, s in fixes if s])


def _corrections(db, publisher: str, section: dict, plan: Plan, stored: dict) -> tuple[list, int]:
    """Each correction as a claim superseding the day before's figure (from this import or
    stored); a correction with no figure to correct stops the import."""
    fixes, already = [], 0
    wanted = [series.stable_id(publisher, t.topic, series.day_before(f.date)) for t, f, _ in plan.corrections]
    earlier_stored = _stored(db, [i for i in wanted if i not in plan.rows and i not in stored])
    for (target, figure, path), earlier_id in zip(plan.corrections, wanted):
        earlier = plan.rows.get(earlier_id) or stored.get(earlier_id) or earlier_stored.get(earlier_id)
        if earlier is None:
            raise ClaimsError(f"{path}: the correction of {figure.date} ({figure.category} {figure.value:+g}) "
                              f"corrects the figure of {series.day_before(figure.date)}, which is neither stored "
                              "nor in these files: import the daily totals with it")
        row = series.correction_row(publisher, section, target, figure, dict(earlier, id=earlier_id))
        if _stored(db, [row["id"]]):
            already += 1
            continue
        why = f"the publisher corrected it by {figure.value:+g} on {figure.date}"
        fixes.append((dict(row, _label=f"{path}: {figure.category} on {figure.date}"), (earlier_id, row["id"], why)))
    return fixes, already


def _stored(db, ids: list[str]) -> dict:
    found = {}
    for start in range(0, len(ids), LOOKUP):
        found.update(queries.stored_figures(db, ids[start:start + LOOKUP]))
    return found


# ---------------------------------------------------------------- the import

def import_series(db, publisher: str, paths: list[str], mapping: str | None = None, places: str | None = None,
                  as_of: str | None = None, allow_future: bool = False, report_changes: bool = False,
                  progress=None) -> dict:
    """Import published series files, all or nothing; returns what was read, written and
    (with `report_changes`) what changed since the import before."""
    text, name = mapping_text(mapping)
    section = series.section_of(series.load_mapping(text, name), publisher, name)
    gazetteer = default_places() + (geometry.load_places(read_input(places), places) if places else [])
    plan = read_files(publisher, paths, section, as_of, _unique(gazetteer), progress)
    if publisher == "deepstate":
        for row in monthly_changes(db, section, plan):
            plan.kinds.setdefault(row["topic"], (TopicKind.change.value, "km2"))
            _add(plan, row)
    topics = sorted(plan.kinds | {t.topic: None for t, _, _ in plan.corrections})
    before = changes_state(db, topics) if report_changes else None
    decided = decide(db, publisher, section, plan)
    counts = _write(db, publisher, paths, plan, decided, allow_future, progress)
    result = {**counts, "read": plan.read, "left_out": sorted(plan.left_out), "unchanged": decided.unchanged,
              "warnings": plan.warnings,
              "superseded": len(decided.supersede), "changes": None}
    if before is not None:
        result["changes"] = what_changed(before, changes_state(db, topics))
    return result


def _unique(places: list) -> list:
    """A place the user's gazetteer names again replaces the shipped one."""
    return list({place.name.lower(): place for place in places}.values())


def _write(db, publisher: str, paths: list[str], plan: Plan, decided: Decided, allow_future: bool,
           progress) -> dict:
    from claims.operations import importing

    created: list[tuple[str, str]] = []
    if not decided.new:
        return {"imported": 0, "created": created}
    name = paths[0] if len(paths) == 1 else f"{paths[0]} and {len(paths) - 1} more"
    with write(db):
        for topic, (kind, unit) in sorted(plan.kinds.items()):
            if queries.find_topic(db, topic) is None:
                recording.add_topic(db, topic, unit=unit, kind=kind, why=f"imported from {publisher}")
                created.append(("topic", topic))
        labelled = [(row.pop("_label"), row) for row in decided.new]
        chunks = ((Chunk(labelled[i:i + CHUNK]), i + CHUNK) for i in range(0, len(labelled), CHUNK))
        counts = importing.store_chunks(db, chunks, name, publisher, importing.Options(
            allow_future=allow_future, new_topics=True), progress=progress, total=len(labelled))
        for old, new, why in decided.supersede:
            store.supersede(db, old, new, why)
    return {"imported": counts["imported"], "created": created + counts["created"]}


# ---------------------------------------------------------------- reading a series back

def series_view(db, topic: str, shared_only: bool = False, as_published: bool = False, since: str | None = None,
                until: str | None = None) -> dict:
    """The official figure against the floor, date by date: each one's increment, their
    ratio, the anomalies of the day, and the change of each between the first and last
    dates shown. A topic with neither (a map's area) shows the series of its busiest
    source in the official's place. `as_published`: the figures as first published,
    before the publishers' corrections."""
    claims = queries.series_claims(db, topic)
    official, floor = series.roles(claims)
    points = series.points_by_source(claims, as_published)
    if official is None and floor is None:
        official = max(points, key=lambda s: (len(points[s]), s)) if points else None
    if official is None:
        raise ClaimsError(f"topic {topic!r} has no dated figures")
    rows = [row for row in series.against_floor(points.get(official, []), points.get(floor, []), shared_only)
            if (since is None or row["date"] >= since) and (until is None or row["date"] <= until)]
    marks = defaultdict(list)
    for anomaly in series.topic_anomalies(topic, claims, as_published):
        marks[anomaly["date"]].append(anomaly["kind"])
    for row in rows:
        row["anomaly"] = ", ".join(marks.get(row["date"], [])) or None
    return {"topic": topic, "official": official, "floor": floor, "rows": rows,
            "change": {role: series.change_over(rows, role) for role in ("official", "floor")}}


def anomalies(db, topic: str | None = None) -> list[dict]:
    """The anomalies of one running total, or of every one that has dated figures."""
    topics = [topic] if topic else queries.series_topics(db)
    found = []
    for key in topics:
        found += series.topic_anomalies(key, queries.series_claims(db, key))
    return found


# ---------------------------------------------------------------- watching

def changes_state(db, topics: list[str]) -> dict:
    """What a later import is compared with: the topics in conflict (and how many pairs), the
    anomalies, and each topic's latest ratio of official figure to floor."""
    from claims.operations import compare

    known = [t for t in topics if queries.find_topic(db, t)]
    conflicting = {r["topic"]: r["conflict_pairs"] for r in compare.conflicts(db)["rows"] if r["topic"] in set(known)}
    spotted, ratios = set(), {}
    for topic in known:
        claims = queries.series_claims(db, topic)
        spotted |= {(a["topic"], a["source"], a["date"], a["kind"], a["detail"])
                    for a in series.topic_anomalies(topic, claims)}
        shared = [r for r in series.shared_rows(claims) if r["ratio"] is not None]
        if shared:
            ratios[topic] = (shared[-1]["date"], shared[-1]["ratio"])
    return {"conflicts": conflicting, "anomalies": spotted, "ratios": ratios}


def what_changed(before: dict, after: dict) -> dict:
    """New conflicts, new anomalies and widened ratios since `before`."""
    conflicts = [{"topic": t, "conflicts": n, "before": before["conflicts"].get(t, 0)}
                 for t, n in sorted(after["conflicts"].items()) if n > before["conflicts"].get(t, 0)]
    spotted = [dict(zip(("topic", "source", "date", "kind", "detail"), a))
               for a in sorted(after["anomalies"] - before["anomalies"])]
    widened = [{"topic": t, "date": date, "ratio": ratio, "before_date": before["ratios"][t][0],
                "before": before["ratios"][t][1]}
               for t, (date, ratio) in sorted(after["ratios"].items())
               if t in before["ratios"] and ratio > before["ratios"][t][1]]
    return {"conflicts": conflicts, "anomalies": spotted, "widened": widened}
