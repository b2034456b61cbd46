"""Every read of the database: sources, topics, claims, their history and evidence, and
the rows that comparing, learning and checking work on. Nothing here writes.

A list comes with a count that uses the same filters (`Page`: the rows shown, and how many
there are in all), so that a table can say what it left out.
"""

from __future__ import annotations

import functools
import json
from typing import NamedTuple

from claims.basics.dates import date_key, end_of
from claims.basics.errors import ClaimsError, NotFound
from claims.basics.names import CONTROL_CHARACTER, normal_name
from claims.basics.vocab import Qualifier, Reliability, SourceType, Status, TopicKind
from claims.rules import chain
from claims.rules.claim import claim_row
from claims.rules.voices import roots
from claims.storage.dialect import NOCASE, Dialect, dialect_of, month_of

CLAIM_SELECT = """
SELECT c.id, t.key AS topic, s.name AS source, s.type AS source_type, s.side,
       s.reliability, c.figure, c.value, c.low, c.high, c.unit, c.qualifier, c.likelihood,
       c.as_of, c.reported_on, c.status, c.credibility, c.via, c.quote, c.url,
       c.place, c.notes, c.tags, c.created, c.updated
FROM claims c
JOIN topics t ON t.id = c.topic_id
JOIN sources s ON s.id = c.source_id
"""


def first_row(db, sql: str, params) -> dict | None:
    """The first row of a query as a dict, or None (lighter than db.query for hot lookups)."""
    cursor = db.execute(sql, params)
    row = cursor.fetchone()
    return None if row is None else dict(zip([d[0] for d in cursor.description], row))


def find_source(db, name: str) -> dict | None:
    """A source by name or alias, ignoring case."""
    return first_row(db,
        f"SELECT * FROM sources WHERE name = ? {NOCASE} "
        "UNION ALL SELECT s.* FROM sources s JOIN source_aliases a ON a.source_id = s.id "
        f"WHERE a.alias = ? {NOCASE} LIMIT 1",
        [normal_name(name)] * 2,
    )


def get_source(db, name: str) -> dict:
    source = find_source(db, name)
    if not source:
        raise NotFound(f"unknown source {name!r}" + _did_you_mean(name, source_names(db)))
    return source


def _did_you_mean(name: str, names) -> str:
    close = names.near(name)
    return f": did you mean {close!r}?" if close else ""


def aliases_of(db, source_id: int) -> list[str]:
    return [r["alias"] for r in db.query(
        "SELECT alias FROM source_aliases WHERE source_id = ? ORDER BY alias", [source_id])]


def list_sources(db, type: str | None = None, side: str | None = None, limit: int | None = None) -> list[dict]:
    where, params = _source_filters(type, side)
    sql = (
        "SELECT s.name, s.type, s.side, s.reliability, "
        f"(SELECT {dialect_of(db).joined('alias')} FROM (SELECT alias FROM source_aliases a "
        " WHERE a.source_id = s.id ORDER BY alias) AS ordered) AS aliases, "
        "(SELECT count(*) FROM claims c WHERE c.source_id = s.id) "  # all, less the removed: two index counts
        "- (SELECT count(*) FROM claims c WHERE c.source_id = s.id AND c.deleted_at IS NOT NULL) AS claims, "
        "s.notes, s.url FROM sources s" + where + f" ORDER BY s.name {NOCASE}"
    )
    return list(db.query(*_limited(sql, params, limit)))


def count_sources(db, type: str | None = None, side: str | None = None) -> int:
    where, params = _source_filters(type, side)
    return db.execute("SELECT count(*) FROM sources s" + where, params).fetchone()[0]


def _source_filters(type: str | None, side: str | None) -> tuple[str, list]:
    found = [(f"s.{column} = ?", value) for column, value in (("type", type), ("side", side)) if value]
    return (" WHERE " + " AND ".join(c for c, _ in found) if found else ""), [v for _, v in found]


class Page(NamedTuple):
    """The rows a table shows, and how many the same filters give in all."""

    rows: list[dict]
    total: int


def first_rows(read, count, n: int) -> Page:
    """The first `n` rows `read(limit=...)` gives, and how many there are in all: `count()`,
    asked only when there may be more (a count over a million claims is not free)."""
    rows = read(limit=n)
    return Page(rows, count() if len(rows) == n else len(rows))


def _limited(sql: str, params: list, limit: int | None) -> tuple[str, list]:
    """The query with a LIMIT, when there is one (in order: the counts in a row cost a scan each)."""
    return (sql, params) if limit is None else (sql + " LIMIT ?", [*params, int(limit)])


def source_names(db):
    from claims.basics.near import NearIndex

    return NearIndex(r[0] for r in db.execute("SELECT name FROM sources UNION ALL SELECT alias FROM source_aliases"))


def topic_names(db):
    from claims.basics.near import NearIndex

    return NearIndex(r[0] for r in db.execute("SELECT key FROM topics WHERE deleted_at IS NULL"))


def find_topic(db, key: str) -> dict | None:
    """A topic by its key; a removed one is not found (`removed_topic` finds it)."""
    return first_row(db, "SELECT * FROM topics WHERE key = ? AND deleted_at IS NULL", [key])


def removed_topic(db, key: str) -> dict | None:
    return first_row(db, "SELECT * FROM topics WHERE key = ? AND deleted_at IS NOT NULL", [key])


def topics_by_key(db, keys: list[str]) -> dict:
    """key -> topic row, for those of these keys that name a topic (one query for many)."""
    d = dialect_of(db)
    return {r["key"]: r for r in db.query(f"SELECT * FROM topics WHERE {d.in_list('key')}", [d.listed(keys)])}


def sources_by_name(db, names: list[str]) -> dict:
    """Lower-case name or alias -> source row, for those of these names that name a source
    (ignoring case, as `find_source`; one query for many)."""
    d = dialect_of(db)
    found = db.query(
        f"SELECT s.*, s.name AS matched FROM sources s WHERE {d.in_list('s.name')} "
        "UNION ALL SELECT s.*, a.alias AS matched FROM sources s JOIN source_aliases a ON a.source_id = s.id "
        f"WHERE {d.in_list('a.alias')}", [d.listed(names), d.listed(names)])
    return {row.pop("matched").lower(): row for row in found}


def get_topic(db, key: str) -> dict:
    topic = find_topic(db, key)
    if not topic:
        if removed_topic(db, key):
            raise NotFound(f"topic {key!r} was removed: `claims topics restore {key}` brings it back")
        renamed = db.execute("SELECT new FROM history WHERE entity = 'topic' AND action = 'rename' AND old = ? "
                             "ORDER BY id DESC LIMIT 1", [key]).fetchone()
        if renamed and find_topic(db, renamed[0]):
            raise NotFound(f"unknown topic {key!r}: it was renamed {renamed[0]!r}")
        raise NotFound(f"unknown topic {key!r}" + _did_you_mean(key, topic_names(db)))
    return topic


def live_claim_count(db, topic_id: int) -> int:
    return db.execute("SELECT count(*) FROM claims WHERE topic_id = ? AND deleted_at IS NULL",
                      [topic_id]).fetchone()[0]


def live_dimensions(db, topic_id: int) -> list[tuple]:
    """(dimension, how many, one claim's id, one unit) for each dimension among a topic's live figures."""
    return db.execute("SELECT dimension, count(*), min(id), min(unit) FROM claims WHERE topic_id = ? "
                      "AND deleted_at IS NULL AND dimension IS NOT NULL GROUP BY dimension ORDER BY dimension",
                      [topic_id]).fetchall()


def topic_history(db, key: str) -> list[dict]:
    """A topic's changes, oldest first, under every key it has had (renames followed back)."""
    if not removed_topic(db, key):
        get_topic(db, key)  # an unknown key: says so, with the one meant
    keys, frontier = {key}, [key]
    while frontier:
        found = [r[0] for r in db.execute(
            "SELECT old FROM history WHERE entity = 'topic' AND action = 'rename' AND new = ?", [frontier.pop()])]
        frontier += [k for k in found if k not in keys]
        keys.update(found)
    marks = ", ".join("?" * len(keys))
    return list(db.query("SELECT at, who, entity_id AS topic, action, field, old, new, why FROM history "
                         f"WHERE entity = 'topic' AND entity_id IN ({marks}) ORDER BY id", sorted(keys)))


def list_topics(db, limit: int | None = None) -> list[dict]:
    return list(db.query(*_limited(
        "SELECT t.key, t.title, t.unit, t.kind, "
        "(SELECT count(*) FROM claims c WHERE c.topic_id = t.id AND c.deleted_at IS NULL) AS claims, "
        "(SELECT count(DISTINCT c.source_id) FROM claims c WHERE c.topic_id = t.id AND c.deleted_at IS NULL) "
        "AS sources "
        "FROM topics t WHERE t.deleted_at IS NULL ORDER BY t.key", [], limit)))


def count_topics(db) -> int:
    return db.execute("SELECT count(*) FROM topics WHERE deleted_at IS NULL").fetchone()[0]


def claim_state(db, claim_id: str) -> dict:
    """Whether a claim is removed, what it measures, and its topic's key, unit and state."""
    return next(db.query("SELECT c.deleted_at, c.dimension, t.key, t.unit, t.dimension AS measured, "
                         "t.deleted_at AS topic_removed FROM claims c JOIN topics t ON t.id = c.topic_id "
                         "WHERE c.id = ?", [claim_id]))


def claim_exists(db, claim_id: str) -> bool:
    return bool(list(db.query("SELECT 1 FROM claims WHERE id = ?", [claim_id])))


def resolve_id(db, prefix: str, deleted: bool | None = False) -> str:
    """A full claim id from a unique prefix, as git does with commits."""
    prefix = prefix.strip()
    if not prefix:
        raise NotFound("no claim id given")
    rows = [r["id"] for r in db.query(
        "SELECT id FROM claims WHERE id >= ? AND id < ? ORDER BY id LIMIT 2", [prefix, prefix + "\uffff"])]
    exact = [r for r in rows if r == prefix]
    if exact:
        rows = exact
    if not rows:
        raise NotFound(f"unknown claim id {prefix!r}")
    if len(rows) > 1:
        raise ClaimsError(f"claim id {prefix!r} is ambiguous: give more characters")
    return rows[0]


def get_claim(db, claim_id: str, include_deleted: bool = True) -> dict:
    full = resolve_id(db, claim_id)
    raw = next(db.query(CLAIM_SELECT + " WHERE c.id = ?", [full]))
    row = claim_row(raw, evidence_of(db, full))
    extra = next(db.query(
        "SELECT c.deleted_at AS removed, c.figure_warning, c.vague, "
        "CASE WHEN i.id IS NULL THEN NULL ELSE i.file || ' at ' || i.at END AS imported_from "
        "FROM claims c LEFT JOIN imports i ON i.id = c.import_id WHERE c.id = ?", [full]))
    if extra["removed"] and not include_deleted:
        raise NotFound(f"claim {full} was removed (claims restore {full})")
    return {**row, **extra}


def claim_with_history(db, claim_id: str) -> dict:
    """One claim as `show` gives it: its fields, its history, the snapshots of its pages."""
    claim = get_claim(db, claim_id)
    return {**claim, "history": claim_history(db, claim["id"]), "snapshots": claim_snapshots(db, claim)}


def topic_detail(db, key: str) -> dict:
    """One topic as `topics show` gives it."""
    return {k: v for k, v in get_topic(db, key).items() if k not in ("id", "unit_factor")}


def claim_history(db, claim_id: str) -> list[dict]:
    """One claim's changes, oldest first; a claim that came in by an import (which writes one
    history row for all its claims) begins with that import."""
    full = resolve_id(db, claim_id)
    arrival = [{"at": row["at"], "who": row["who"], "action": "import", "field": None, "old": None,
                "new": f"import {row['id']} of {row['rows']:,} rows from {row['file']}", "why": None, "evidence": []}
               for row in db.query("SELECT i.id, i.at, i.who, i.file, i.rows FROM claims c "
                                   "JOIN imports i ON i.id = c.import_id WHERE c.id = ?", [full])]
    return arrival + [_with_evidence(row) for row in db.query(
        "SELECT at, who, action, field, old, new, why, evidence FROM history "
        "WHERE entity = 'claim' AND entity_id = ? ORDER BY id", [full])]


def _with_evidence(row: dict) -> dict:
    return {**row, "evidence": json.loads(row["evidence"]) if row["evidence"] else []}


def evidence_of(db, claim_id: str | None = None) -> dict:
    """claim id -> the evidence its verifications cited, oldest first, each address once."""
    sql = "SELECT entity_id, evidence FROM history WHERE entity = 'claim' AND evidence IS NOT NULL"
    found: dict = {}
    for entity_id, text in db.execute(sql + (" AND entity_id = ?" if claim_id else "") + " ORDER BY id",
                                      [claim_id] if claim_id else []):
        found.setdefault(entity_id, {}).update(dict.fromkeys(json.loads(text)))
    return {claim: list(links) for claim, links in found.items()}


def list_claims(db, topic=None, source=None, type=None, side=None, status=None,
                since=None, until=None, limit=None, deleted=False) -> list[dict]:
    """Claims matching the filters, in the order recorded (by date with since / until)."""
    where, params = _claim_filters(db, deleted, topic=topic, source=source, type=type, side=side, status=status,
                                   since=since, until=until)
    # a date filter lists in date order, which lets the date index answer it
    recorded = dialect_of(db).recorded
    order = f"c.dated, c.{recorded}" if (since or until) else f"c.{recorded}"
    sql = CLAIM_SELECT + " WHERE " + where + " ORDER BY " + order
    evidence = evidence_of(db)
    return [claim_row(r, evidence) for r in db.query(*_limited(sql, params, limit))]


def count_claims(db, topic=None, source=None, type=None, side=None, status=None,
                 since=None, until=None, deleted=False) -> int:
    """How many claims `list_claims` would give without a limit."""
    where, params = _claim_filters(db, deleted, topic=topic, source=source, type=type, side=side, status=status,
                                   since=since, until=until)
    return db.execute("SELECT count(*) FROM claims c WHERE " + where, params).fetchone()[0]


# The filters of `claims list`, as data: (filter, the condition it adds, how its value becomes
# the parameter). Type and side go through the sources, so that the claims' source index
# does the work.
CLAIM_FILTERS = [
    ("topic", "c.topic_id = ?", lambda db, key: get_topic(db, key)["id"]),
    ("source", "c.source_id = ?", lambda db, name: get_source(db, name)["id"]),
    ("type", "c.source_id IN (SELECT id FROM sources WHERE type = ?)", lambda db, value: str(value)),
    ("side", "c.source_id IN (SELECT id FROM sources WHERE side = ?)", lambda db, value: str(value)),
    ("status", "c.status = ?", lambda db, value: str(value)),
    ("since", "c.dated >= ?", lambda db, date: date_key(date)),
    ("until", "c.dated <= ?", lambda db, date: end_of(date)),
]


def _claim_filters(db, deleted: bool = False, **given) -> tuple[str, list]:
    """The WHERE clause and its parameters for the filters given (a value of None: not given)."""
    where = ["c.deleted_at IS NOT NULL" if deleted else "c.deleted_at IS NULL"]
    params: list = []
    for name, condition, parameter in CLAIM_FILTERS:
        if given.get(name):
            where.append(condition)
            params.append(parameter(db, given[name]))
    return " AND ".join(where), params


# A claim that relays (or duplicates) another is one claim with it: it is on the record of
# the source that made it first, not on its own source's (the claims table is `c`).
NOT_A_RELAY = "NOT EXISTS (SELECT 1 FROM links l WHERE l.claim_id = c.id AND l.kind IN ('relays', 'duplicates'))"


def source_detail(db, name: str) -> dict:
    """A source with its aliases, its claims counted by status (those that relay another
    claim counted apart, as `relaying`: they are not on its record), and its history."""
    source = get_source(db, name)
    by_status = {r["status"]: r["n"] for r in db.query(
        f"SELECT status, count(*) AS n FROM claims c WHERE source_id = ? AND deleted_at IS NULL AND {NOT_A_RELAY} "
        "GROUP BY status", [source["id"]])}
    relaying = db.execute(f"SELECT count(*) FROM claims c WHERE source_id = ? AND deleted_at IS NULL "
                          f"AND NOT {NOT_A_RELAY}", [source["id"]]).fetchone()[0]
    history = list(db.query(
        "SELECT at, who, action, field, old, new, why FROM history "
        "WHERE entity = 'source' AND entity_id = ? ORDER BY id", [str(source["id"])]))
    return {
        "name": source["name"], "type": source["type"], "side": source["side"],
        "reliability": source["reliability"], "aliases": aliases_of(db, source["id"]),
        "notes": source["notes"], "url": source["url"], "auto_created": bool(source["auto_created"]),
        "claims": sum(by_status.values()) + relaying, "relaying": relaying, "by_status": by_status,
        "history": history,
    }


def source_index(db) -> dict:
    """Every source by lower-case name and alias: what extraction checks names against."""
    index = {}
    for row in db.query("SELECT s.id, s.name, s.type, s.side FROM sources s"):
        index[row["name"].lower()] = row
    for row in db.query("SELECT a.alias, s.id, s.name, s.type, s.side FROM source_aliases a "
                        "JOIN sources s ON s.id = a.source_id"):
        index[row["alias"].lower()] = {k: row[k] for k in ("id", "name", "type", "side")}
    return index


def topic_rows(db) -> list[dict]:
    """Every topic's key and unit: what an extracted candidate's topic is matched against."""
    return list(db.query("SELECT key, unit FROM topics WHERE deleted_at IS NULL ORDER BY key"))


def stored_keys(db, topics: list[str]) -> set[tuple]:
    """(topic, source, figure, as_of, reported_on, quote), lower-cased names, of the live
    claims on these topics: what tells a candidate already stored from a new one."""
    if not topics:
        return set()
    marks = ", ".join("?" * len(topics))
    rows = db.query(
        "SELECT t.key, s.name, c.figure, c.as_of, c.reported_on, c.quote FROM claims c "
        "JOIN topics t ON t.id = c.topic_id "
        f"JOIN sources s ON s.id = c.source_id WHERE c.deleted_at IS NULL AND t.key IN ({marks})", topics)
    return {(r["key"], r["name"].lower(), r["figure"] or "", r["as_of"] or "", r["reported_on"] or "",
             r["quote"] or "") for r in rows}


def links_among(db, claim_ids: list[str] | None = None) -> list[tuple]:
    """(claim, other, kind) for links touching these claims (all links if None)."""
    if claim_ids is None:
        return [tuple(r) for r in db.execute("SELECT claim_id, other_id, kind FROM links")]
    d = dialect_of(db)
    marks = d.listed(claim_ids)
    return [tuple(r) for r in db.execute(
        f"SELECT claim_id, other_id, kind FROM links WHERE {d.in_list('claim_id')} OR {d.in_list('other_id')}",
        [marks, marks])]


def links_of_topic(db, topic_id: int) -> list[tuple]:
    """(claim, other, kind) for links touching a topic's claims.

    Walks the links (an analyst's hand work, far fewer than claims) and looks up the
    two claims of each by id, rather than handing SQLite the ids of every claim in a
    big topic. Written as lookups, not joins, so that the planner cannot turn it round:
    with ANALYZE statistics and no links yet, SQLite took links for the big table and
    scanned every claim on each `compare` (56-127x the fetch of the topic's rows).
    """
    return [tuple(r) for r in db.execute(
        "SELECT l.claim_id, l.other_id, l.kind FROM links l "
        "WHERE (SELECT a.topic_id FROM claims a WHERE a.id = l.claim_id) = ? "
        "OR (SELECT b.topic_id FROM claims b WHERE b.id = l.other_id) = ?", [topic_id, topic_id])]



# ---------------------------------------------------------------- independence and records

def source_roots(db) -> dict:
    """source id -> the source it ultimately copies (itself if none)."""
    return roots({r[0]: r[1] for r in db.execute("SELECT id, copies_id FROM sources WHERE copies_id IS NOT NULL")})


def claim_sources(db, claim_ids: list[str]) -> list[dict]:
    """{id, source_id} of these claims."""
    d = dialect_of(db)
    return list(db.query(f"SELECT id, source_id FROM claims WHERE {d.in_list('id')}", [d.listed(claim_ids)]))


def link_exists(db, claim_id: str, other_id: str, kind: str) -> bool:
    return bool(list(db.query("SELECT 1 FROM links WHERE claim_id = ? AND other_id = ? AND kind = ?",
                              [claim_id, other_id, kind])))


def status_counts(db, type: str | None = None, side: str | None = None) -> dict:
    """source id -> {name, type, side, reliability, counts: status -> live claims}. A claim
    that relays (or duplicates) another is not counted: a claim relayed many times is one
    claim on the record of the source that first made it."""
    where, params = _source_filters(type, side)
    sql = ("SELECT s.id, s.name, s.type, s.side, s.reliability, c.status, count(c.id) AS n "
           f"FROM sources s LEFT JOIN claims c ON c.source_id = s.id AND c.deleted_at IS NULL AND {NOT_A_RELAY}"
           + where + " GROUP BY s.id, c.status")
    sources: dict = {}
    for row in db.query(sql, params):
        entry = sources.setdefault(row["id"], {"name": row["name"], "type": row["type"], "side": row["side"],
                                               "reliability": row["reliability"], "counts": {}})
        if row["status"]:
            entry["counts"][row["status"]] = row["n"]
    return sources


def statuses_by_month(db, source_id: int) -> list[tuple]:
    """(month, status, claims) for one source's live claims, by month of as_of (else reported_on)."""
    return [tuple(r) for r in db.execute(
        f"SELECT {month_of('coalesce(dated, created)')} AS month, status, count(*) AS n FROM claims c "
        f"WHERE source_id = ? AND deleted_at IS NULL AND {NOT_A_RELAY} GROUP BY month, status ORDER BY month",
        [source_id])]


def status_set_on(db, row: dict) -> str:
    """The day a claim's status was last set (its last update, if its history does not say)."""
    found = db.execute("SELECT max(at) FROM history WHERE entity = 'claim' AND entity_id = ? AND field = 'status'",
                       [row["id"]]).fetchone()[0]
    return (found or row["updated"])[:10]


# One truth is about a topic and, for levels and totals, one week of as_of dates: the
# object is that pair as one integer, topic id x 1,000,000 + the week (days since
# 0001-01-01 in sevens, as Python's `date.toordinal() // 7`; 999999 for no week: weeks
# reach 521,722 by the year 9999). Rows come in date order, so that a voice's last word
# on an object is the one it said last (the topic index gives that order without a sort).
@functools.cache
def truth_sql(d: Dialect) -> str:
    return f"""
SELECT c.id, c.source_id, c.base_low, c.base_value, c.base_high,
       c.topic_id * 1000000 + CASE WHEN t.kind IN ('level', 'cumulative') AND c.dated IS NOT NULL
         THEN {d.week_of('c.dated')} ELSE 999999 END AS object
FROM claims c JOIN topics t ON t.id = c.topic_id
WHERE c.deleted_at IS NULL AND c.base_value IS NOT NULL AND c.status NOT IN ('refuted', 'retracted')
ORDER BY c.topic_id, c.dated, c.{d.recorded}
"""


def fingerprint(db) -> str:
    """Changes whenever a claim, link or source does: the cached weights are then stale."""
    parts = db.execute(
        f"SELECT (SELECT count(*) FROM claims), (SELECT max({dialect_of(db).recorded}) FROM claims), "
        "(SELECT max(updated) FROM claims), "
        "(SELECT max(id) FROM history), (SELECT count(*) FROM links)").fetchone()
    return ":".join(str(p) for p in parts)



def truth_rows(db) -> list[tuple]:
    """Every live figure, as `truth_sql` gives it: what learning whom to trust reads."""
    return db.execute(truth_sql(dialect_of(db))).fetchall()


def learned_weights(db, stamp: str) -> dict:
    """source id -> (weight, claims judged on) stored for this fingerprint; empty if none or stale."""
    return {r[0]: (r[1], r[2]) for r in db.execute(
        "SELECT source_id, weight, evidence FROM learned_weights WHERE fingerprint = ?", [stamp])}


# Intervals come out in the topic's unit: SQLite divides by the topic's factor as it
# reads each row, which a big topic would otherwise pay for in Python.
@functools.cache
def claims_sql(d: Dialect) -> str:
    return f"""
SELECT c.id, c.{d.recorded} AS seq, c.source_id, s.name AS source, s.type AS source_type, s.side,
       s.reliability, c.credibility, c.status, c.as_of, c.dated, c.figure, c.likelihood, c.quote, c.url,
       c.base_low / :factor AS low, c.base_value / :factor AS value, c.base_high / :factor AS high,
       c.vague, c.figure_warning, c.qualifier
FROM claims c JOIN sources s ON s.id = c.source_id
WHERE c.topic_id = :topic AND c.deleted_at IS NULL
ORDER BY c.dated, c.{d.recorded}
"""


def fetch(db, topic: dict) -> tuple[list[str], list[tuple]]:
    """A topic's live claims, oldest first, with low / value / high in the topic's unit:
    the column names, and the rows as tuples."""
    cursor = db.execute(claims_sql(dialect_of(db)), {"topic": topic["id"], "factor": topic["unit_factor"] or 1.0})
    return [d[0] for d in cursor.description], cursor.fetchall()


# What `conflicts` reads: only the columns a verdict needs, and for levels and totals only
# the latest window of each topic (the one `compare` shows). Each topic's latest date comes
# from the topic index alone; only topics with removed claims (a small partial index) are
# looked at again, so that a removed claim never anchors a window. Claims are then read
# through the topic index, and their dates checked there before the row is fetched.
@functools.cache
def current_claims_sql(d: Dialect) -> str:
    return f"""
WITH latest AS (SELECT topic_id, max(dated) AS last FROM claims GROUP BY topic_id),
touched AS (SELECT DISTINCT topic_id FROM claims WHERE deleted_at IS NOT NULL),
anchor AS (
  SELECT topic_id, last FROM latest WHERE topic_id NOT IN (SELECT topic_id FROM touched)
  UNION ALL
  SELECT topic_id, max(dated) FROM claims WHERE deleted_at IS NULL AND topic_id IN (SELECT topic_id FROM touched)
  GROUP BY topic_id
)
SELECT c.topic_id, c.id, c.{d.recorded} AS seq, c.source_id, s.reliability, c.credibility, c.status, c.dated,
       c.base_low / coalesce(t.unit_factor, 1.0) AS low, c.base_value / coalesce(t.unit_factor, 1.0) AS value,
       c.base_high / coalesce(t.unit_factor, 1.0) AS high, c.vague, c.figure_warning
FROM anchor l JOIN topics t ON t.id = l.topic_id
JOIN claims c ON c.topic_id = l.topic_id
JOIN sources s ON s.id = c.source_id
WHERE c.deleted_at IS NULL
  AND (t.kind NOT IN ('level', 'cumulative') OR l.last IS NULL OR c.dated >= {d.days_before('l.last')})
ORDER BY c.topic_id, c.dated, c.{d.recorded}
"""



def topics_by_id(db) -> dict:
    return {t["id"]: t for t in db.query("SELECT * FROM topics")}


def current_claims(db, window: int):
    """(topic id, column names, rows) for every topic's current claims (`current_claims_sql`),
    topic by topic; rows as tuples."""
    from itertools import groupby
    from operator import itemgetter

    d = dialect_of(db)
    cursor = db.execute(current_claims_sql(d), [d.days_back(window - 1)])
    names = [d[0] for d in cursor.description]
    for topic_id, group in groupby(cursor.fetchall(), key=itemgetter(0)):
        yield topic_id, names, list(group)



# ---------------------------------------------------------------- imports

def has_claims(db) -> bool:
    return db.execute("SELECT 1 FROM claims LIMIT 1").fetchone() is not None


def sources_and_topics(db) -> tuple[int, int]:
    """How many sources and topics there are: what an import compares to say what it created."""
    return tuple(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in ("sources", "topics"))


def stored_imports(db, ids: list[str]) -> dict:
    """Of these claim ids, those stored already, each with the import that stored it (or None)."""
    d = dialect_of(db)
    return dict(db.execute(f"SELECT id, import_id FROM claims WHERE {d.in_list('id')}", [d.listed(ids)]).fetchall())


def stored_ids(db, ids: list[str]) -> set:
    """Those of these claim ids that are stored already."""
    d = dialect_of(db)
    found = db.execute(f"SELECT id FROM claims WHERE {d.in_list('id')}", [d.listed(ids)])
    return {r[0] for r in found}


def claim_columns_of(db, claim_id: str) -> dict:
    """A stored claim's columns, as stored."""
    return first_row(db, "SELECT * FROM claims WHERE id = ?", [claim_id])


# ---------------------------------------------------------------- checks and history

# (table, the column that names a row, column, allowed values; None: may be empty)
VOCABULARY_CHECKS = [
    ("sources", "name", "type", [e.value for e in SourceType]),
    ("sources", "name", "reliability", [e.value for e in Reliability]),
    ("claims", "id", "status", [e.value for e in Status]),
    ("claims", "id", "qualifier", [e.value for e in Qualifier] + [None]),
    ("topics", "key", "kind", [e.value for e in TopicKind]),
]


def problems(db) -> list[str]:
    """Every problem found; an empty list means the database is sound."""
    problems = _engine_problems(db, dialect_of(db)) + chain_problems(db) + _control_in_names(db)
    for table, name, column, allowed in VOCABULARY_CHECKS:
        problems += _outside_vocabulary(db, table, name, column, allowed)
    problems += _bad_credibility(db) + _bad_lists(db) + _mismatched_dimensions(db) + _bad_intervals(db)
    return problems


def _control_in_names(db) -> list[str]:
    """Names a version before the refusal stored with a control character (`basics.names`)."""
    rows = db.execute("SELECT 'source', name FROM sources UNION ALL SELECT 'alias', alias FROM source_aliases")
    return [f"{kind} {name!r} holds a control character: rename it (claims sources edit)"
            for kind, name in rows if CONTROL_CHARACTER.search(name)]


def chain_head(db) -> str:
    """The hash the next history entry follows: the newest entry's (or the chain's start)."""
    row = db.execute("SELECT hash FROM history ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row and row[0] is not None else chain.START


def history_chain(db) -> tuple[chain.Break | None, int, str]:
    """The history walked from its first entry: the first that does not fit, the count, the head."""
    columns = ", ".join(chain.FIELDS)
    cursor = db.execute(f"SELECT id, previous_hash, hash, {columns} FROM history ORDER BY id")
    return chain.first_break(_streamed(cursor))


def _streamed(cursor, size: int = 10_000):
    while rows := cursor.fetchmany(size):
        yield from rows


def chain_problems(db) -> list[str]:
    found, _, _ = history_chain(db)
    return [f"history entry {found.entry} {found.why}"] if found else []


def _engine_problems(db, d: Dialect) -> list[str]:
    """What the engine's own checks find (SQLite's; a PostgreSQL server keeps its own)."""
    found = []
    if d.integrity_check:
        found += [f"integrity: {row[0]}" for row in db.execute(d.integrity_check) if row[0] != "ok"]
    if d.foreign_key_check:
        found += [f"foreign key: {row[0]} row {row[1]} points to a missing {row[2]}"
                  for row in db.execute(d.foreign_key_check)]
    return found


def _outside_vocabulary(db, table: str, name: str, column: str, allowed: list) -> list[str]:
    # table and column names come from the constant above, never from input
    values = [v for v in allowed if v is not None]
    marks = ", ".join("?" * len(values))
    sql = (f"SELECT {name}, {column} FROM {table} WHERE {column} NOT IN ({marks})"
           + ("" if None in allowed else f" OR {column} IS NULL"))
    label = table.rstrip("s")
    return [f"{label} {r[0]}: {column} {r[1]!r} is not one of {', '.join(values)}"
            for r in db.execute(sql, values)]


def _bad_credibility(db) -> list[str]:
    return [f"claim {r[0]}: credibility {r[1]!r} is not 1-6" for r in db.execute(
        f"SELECT id, credibility FROM claims WHERE credibility NOT BETWEEN 1 AND 6 "
        f"OR NOT {dialect_of(db).is_whole_number('credibility')}")]


def _bad_lists(db) -> list[str]:
    found = []
    for claim_id, via, tags in db.execute("SELECT id, via, tags FROM claims"):
        for name, text in (("via", via), ("tags", tags)):
            try:
                ok = isinstance(json.loads(text), list)
            except (TypeError, ValueError):
                ok = False
            if not ok:
                found.append(f"claim {claim_id}: {name} is not a JSON list")
    return found


def _mismatched_dimensions(db) -> list[str]:
    """Live claims whose figure no longer fits their topic's unit (a bare number fits any count)."""
    from claims.figures.units import fits

    return [f"claim {r[0]}: measures {r[1]} but topic {r[2]} measures {r[3]}" for r in db.execute(
        "SELECT c.id, c.dimension, t.key, t.dimension FROM claims c JOIN topics t ON t.id = c.topic_id "
        "WHERE c.dimension IS NOT NULL AND t.dimension IS NOT NULL AND c.dimension != t.dimension "
        "AND c.deleted_at IS NULL") if not fits(r[1], r[3])]


def _bad_intervals(db) -> list[str]:
    return [f"claim {r[0]}: low {r[1]} / best {r[2]} / high {r[3]} are out of order" for r in db.execute(
        "SELECT id, low, value, high FROM claims WHERE (low IS NOT NULL AND value IS NOT NULL AND low > value) "
        "OR (high IS NOT NULL AND value IS NOT NULL AND value > high)")]


def history(db, claim_id: str | None = None, limit: int | None = None) -> list[dict]:
    """Every change to one claim, or to the whole database, oldest first (the last `limit`)."""
    if claim_id:
        rows = claim_history(db, claim_id)
        return rows[-limit:] if limit else rows
    sql = ("SELECT id, at, who, entity, entity_id, action, field, old, new, why, evidence FROM history "
           "ORDER BY id DESC" + (" LIMIT ?" if limit else ""))
    rows = [{**row, "evidence": json.loads(row["evidence"]) if row["evidence"] else []}
            for row in db.query(sql, [limit] if limit else [])]
    return rows[::-1]


# ---------------------------------------------------------------- clusters of one claim

# What clustering reads first: the pairs of live claims on one topic whose dates fall in one
# window and whose figures agree within the tolerance (the later claim found through the topic
# index from the earlier one), then only the claims in such pairs. Most claims are in none.
@functools.cache
def cluster_pairs_sql(d: Dialect, one_topic: bool) -> str:
    """Within the window (through the topic's dates), figures within the tolerance."""
    return f"""
SELECT a.topic_id, b.id, a.id
FROM claims a JOIN claims b ON b.topic_id = a.topic_id AND b.dated <= a.dated AND b.dated > {d.days_before('a.dated')}
  AND (b.dated < a.dated OR b.{d.recorded} < a.{d.recorded})
WHERE a.deleted_at IS NULL AND b.deleted_at IS NULL AND a.base_value IS NOT NULL AND b.base_value IS NOT NULL
  AND (abs(a.base_value - b.base_value) <= ? * abs(a.base_value)
       OR abs(a.base_value - b.base_value) <= ? * abs(b.base_value)) {"AND a.topic_id = ?" if one_topic else ""}
"""


def reprint_pairs_sql(d: Dialect, one_topic: bool) -> str:
    """Past the window, up to the horizon, the very same figure (through `claims_topic_value`)."""
    return f"""
SELECT a.topic_id, b.id, a.id
FROM claims a JOIN claims b ON b.topic_id = a.topic_id AND b.base_value = a.base_value
  AND b.dated <= {d.days_before('a.dated')} AND b.dated > {d.days_before('a.dated')}
WHERE a.deleted_at IS NULL AND b.deleted_at IS NULL AND a.base_value IS NOT NULL AND b.base_value IS NOT NULL
  {"AND a.topic_id = ?" if one_topic else ""}
"""


def cluster_pairs(db, tolerance: float, window: int, horizon: int, topic_id: int | None = None) -> list[tuple]:
    """(topic id, earlier claim, later claim) for every two claims that may be one claim:
    close in time with figures close, or further apart with the very same figure."""
    d = dialect_of(db)
    topic = [] if topic_id is None else [topic_id]
    pairs = db.execute(cluster_pairs_sql(d, topic_id is not None),
                       [d.days_back(window), tolerance, tolerance, *topic]).fetchall()
    if horizon > window:
        pairs += db.execute(reprint_pairs_sql(d, topic_id is not None),
                            [d.days_back(window), d.days_back(horizon), *topic]).fetchall()
    return pairs


def cluster_members(db, claim_ids: list[str]) -> list[tuple]:
    """(id, recorded order, source id, source type, date, reported, best figure in the base unit,
    quote, best figure as written, the format of the import that brought it) of these claims."""
    d = dialect_of(db)
    return db.execute(
        f"SELECT c.id, c.{d.recorded}, c.source_id, s.type, c.dated, coalesce(c.reported_on, c.dated), "
        "c.base_value, c.quote, c.value, i.format FROM claims c JOIN sources s ON s.id = c.source_id "
        f"LEFT JOIN imports i ON i.id = c.import_id WHERE {d.in_list('c.id')}",
        [d.listed(claim_ids)]).fetchall()


def cluster_links(db) -> list[tuple]:
    """(claim, other, kind) for the links that merge voices: relays and duplicates."""
    return [tuple(r) for r in db.execute(
        "SELECT claim_id, other_id, kind FROM links WHERE kind IN ('relays', 'duplicates')")]


def recorded_clusters(db, topic_id: int | None = None) -> list[dict]:
    """Clusters accepted, rejected or undone, newest last (all, or one topic's)."""
    where, params = ("", []) if topic_id is None else (" WHERE c.topic_id = ?", [topic_id])
    rows = db.query("SELECT c.*, t.key AS topic FROM clusters c JOIN topics t ON t.id = c.topic_id"
                    + where + " ORDER BY c.id", params)
    return [{**row, "members": json.loads(row["members"])} for row in rows]


def get_cluster(db, cluster_id: int) -> dict:
    found = [c for c in recorded_clusters(db) if c["id"] == cluster_id]
    if not found:
        raise NotFound(f"no cluster {cluster_id}: claims clusters --recorded lists them")
    return found[0]


def cluster_claims(db, claim_ids: list[str]) -> dict:
    """claim id -> what a proposal shows of it: source, via, figure, dates, quote, url."""
    d = dialect_of(db)
    rows = db.query("SELECT c.id, s.name AS source, c.via, c.figure, c.as_of, c.reported_on, c.quote, c.url, "
                    "c.topic_id FROM claims c JOIN sources s ON s.id = c.source_id WHERE "
                    + d.in_list("c.id"), [d.listed(claim_ids)])
    return {row["id"]: {**row, "via": json.loads(row["via"] or "[]")} for row in rows}


def claims_in_clusters(db, claim_ids: list[str]) -> dict:
    """claim id -> the accepted cluster it belongs to (its id and first appearance)."""
    d = dialect_of(db)
    marks = d.listed(claim_ids)
    rows = db.execute("SELECT l.claim_id, l.other_id, l.cluster_id FROM links l WHERE l.cluster_id IS NOT NULL "
                      f"AND ({d.in_list('l.claim_id')} OR {d.in_list('l.other_id')})", [marks, marks])
    found: dict = {}
    for relay, first, cluster_id in rows:
        for claim_id in (relay, first):
            found[claim_id] = {"cluster": cluster_id, "first": first}
    return found


def topic_clusters(db, topic_id: int) -> list[dict]:
    """The accepted clusters of a topic: {cluster, first, relays} (relays in link order)."""
    rows = db.execute("SELECT l.cluster_id, l.other_id, l.claim_id FROM links l JOIN claims c ON c.id = l.other_id "
                      "WHERE l.cluster_id IS NOT NULL AND c.topic_id = ? ORDER BY l.cluster_id, l.id", [topic_id])
    found: dict = {}
    for cluster_id, first, relay in rows:
        found.setdefault(cluster_id, {"cluster": cluster_id, "first": first, "relays": []})["relays"].append(relay)
    return list(found.values())


# ---------------------------------------------------------------- snapshots of cited pages

def cited_links(db, claim_ids: list[str] | None = None, topic_id: int | None = None) -> dict:
    """web address -> the live claims that cite it (their url, or evidence their
    verifications cited): of these claims, of one topic's, or of every claim."""
    d = dialect_of(db)
    where, params = "c.deleted_at IS NULL", []
    if claim_ids is not None:
        where, params = where + f" AND {d.in_list('c.id')}", [d.listed(claim_ids)]
    elif topic_id is not None:
        where, params = where + " AND c.topic_id = ?", [topic_id]
    found: dict = {}
    for claim_id, url in db.execute(f"SELECT c.id, c.url FROM claims c WHERE {where} AND c.url IS NOT NULL", params):
        found.setdefault(url, []).append(claim_id)
    sql = (f"SELECT h.entity_id, h.evidence FROM history h JOIN claims c ON c.id = h.entity_id "
           f"WHERE h.entity = 'claim' AND h.evidence IS NOT NULL AND {where} ORDER BY h.id")
    for claim_id, text in db.execute(sql, params):
        for url in json.loads(text):
            claims = found.setdefault(url, [])
            if claim_id not in claims:
                claims.append(claim_id)
    return {url: ids for url, ids in found.items() if url.lower().startswith(("http://", "https://"))}


def kept_snapshots(db, urls: list[str] | None = None) -> dict:
    """web address -> its latest snapshot that was kept (a page fetched, status below 400)."""
    d = dialect_of(db)
    where, params = ("", []) if urls is None else (f" AND {d.in_list('url')}", [d.listed(urls)])
    rows = db.query("SELECT * FROM snapshots WHERE file IS NOT NULL AND status < 400" + where + " ORDER BY id", params)
    return {row["url"]: row for row in rows}


def all_snapshots(db) -> list[dict]:
    return list(db.query("SELECT * FROM snapshots WHERE file IS NOT NULL ORDER BY id"))


def claim_snapshots(db, claim: dict) -> list[dict]:
    """The kept snapshots of a claim's url and evidence: address, final address, status, time, SHA-256, file."""
    urls = [u for u in [claim.get("url"), *claim.get("evidence", [])] if u]
    kept = kept_snapshots(db, urls) if urls else {}
    return [{k: kept[u][k] for k in ("url", "final_url", "status", "fetched_at", "sha256", "file")}
            for u in dict.fromkeys(urls) if u in kept]


def claims_without_snapshots(db) -> list[str]:
    """Live claims citing a web address (url or evidence) that has no kept snapshot."""
    links = cited_links(db)
    kept = kept_snapshots(db, list(links)) if links else {}
    return sorted({claim_id for url, ids in links.items() if url not in kept for claim_id in ids})

# ---------------------------------------------------------------- the standing series

SERIES_SELECT = """
SELECT c.id, s.name AS source, s.type AS source_type, c.qualifier, c.as_of, c.reported_on, c.value, c.status,
       c.tags, c.notes
FROM claims c JOIN sources s ON s.id = c.source_id
WHERE c.topic_id = ? AND c.deleted_at IS NULL AND c.value IS NOT NULL AND c.as_of IS NOT NULL
ORDER BY c.as_of, c.reported_on, c.id
"""


def series_claims(db, topic_key: str) -> list[dict]:
    """A topic's dated figures, oldest first: what a series is read from."""
    topic = get_topic(db, topic_key)
    cursor = db.execute(SERIES_SELECT, [topic["id"]])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def series_topics(db) -> list[str]:
    """The keys of the running totals (kind cumulative) that hold dated figures."""
    cursor = db.execute("SELECT t.key FROM topics t WHERE t.kind = ? AND EXISTS (SELECT 1 FROM claims c "
                        "WHERE c.topic_id = t.id AND c.as_of IS NOT NULL AND c.deleted_at IS NULL) ORDER BY t.key",
                        [TopicKind.cumulative.value])
    return [row[0] for row in cursor.fetchall()]


def stored_figures(db, ids: list[str]) -> dict:
    """id -> {id, value, as_of, status} of those of these claims that are stored."""
    if not ids:
        return {}
    d = dialect_of(db)
    cursor = db.execute(f"SELECT id, value, as_of, status FROM claims WHERE {d.in_list('id')}", [d.listed(ids)])
    return {row[0]: dict(zip(("id", "value", "as_of", "status"), row)) for row in cursor.fetchall()}
