"""Sources, topics and claims in the database, and the history of every change.

Every write goes through here, inside one transaction, and leaves a history
row: what changed, the old and new value, why, when and by whom.
"""

from __future__ import annotations

import dataclasses
import json
import secrets
from typing import TYPE_CHECKING

from . import figures as figures_mod
from .dates import date_key, end_of
from .db import now, who, write
from .errors import ClaimsError, NotFound
from .figures import Figure, FigureError
from .units import canonical_unit
from .vocab import admiralty

if TYPE_CHECKING:  # pydantic loads only where claims are validated, not for `list`
    from .models import SourceIn

ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
NUMERIC = ("value", "low", "high")

CLAIM_SELECT = """
SELECT c.id, t.key AS topic, s.name AS source, s.type AS source_type, s.side,
       s.reliability, c.figure, c.value, c.low, c.high, c.unit, c.qualifier,
       c.as_of, c.reported_on, c.status, c.credibility, c.via, c.quote, c.url,
       c.place, c.notes, c.tags, c.created, c.updated
FROM claims c
JOIN topics t ON t.id = c.topic_id
JOIN sources s ON s.id = c.source_id
"""

# The keys of a claim in every format, in order: list, export and import agree.
CLAIM_KEYS = (
    "id", "topic", "source", "source_type", "side", "reliability", "admiralty",
    "figure", "value", "low", "high", "unit", "qualifier", "as_of", "reported_on",
    "status", "credibility", "evidence", "via", "quote", "url", "place", "notes", "tags",
    "created", "updated",
)


def new_id() -> str:
    """12 characters of base32: 60 random bits, typeable, collision-safe at millions."""
    return "".join(secrets.choice(ID_ALPHABET) for _ in range(12))


def tidy(x):
    """Whole floats print as integers: 300, not 300.0."""
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return int(x)
    return x


def claim_row(raw: dict, evidence: dict | None = None) -> dict:
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


def record(db, entity: str, entity_id, action: str, field=None, old=None, new=None, why=None, at=None,
           evidence: list[str] | None = None):
    """Append one row to the history. Nothing is ever updated without one."""
    db.execute(
        "INSERT INTO history (entity, entity_id, action, field, old, new, why, at, who, evidence) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [entity, str(entity_id), action, field, _text(old), _text(new), why, at or now(), who(),
         _to_json(evidence) if evidence else None],
    )


def _text(value):
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


# ---------------------------------------------------------------- sources

def first_row(db, sql: str, params) -> dict | None:
    """The first row of a query as a dict, or None (lighter than db.query for hot lookups)."""
    cursor = db.execute(sql, params)
    row = cursor.fetchone()
    return None if row is None else dict(zip([d[0] for d in cursor.description], row))


def find_source(db, name: str) -> dict | None:
    """A source by name or alias, ignoring case."""
    return first_row(db,
        "SELECT * FROM sources WHERE name = ? COLLATE NOCASE "
        "UNION ALL SELECT s.* FROM sources s JOIN source_aliases a ON a.source_id = s.id "
        "WHERE a.alias = ? COLLATE NOCASE LIMIT 1",
        [name.strip(), name.strip()],
    )


def get_source(db, name: str) -> dict:
    source = find_source(db, name)
    if not source:
        raise NotFound(f"unknown source {name!r}" + _did_you_mean(name, _source_names(db)))
    return source


def _did_you_mean(name: str, names) -> str:
    close = names.near(name)
    return f": did you mean {close!r}?" if close else ""


def aliases_of(db, source_id: int) -> list[str]:
    return [r["alias"] for r in db.query(
        "SELECT alias FROM source_aliases WHERE source_id = ? ORDER BY alias", [source_id])]


def add_source(db, source: SourceIn, auto_created: bool = False, why: str | None = None) -> int:
    with write(db):
        for name in [source.name, *source.aliases]:
            if find_source(db, name):
                raise ClaimsError(f"source {name!r} already exists")
        stamp = now()
        cursor = db.execute(
            "INSERT INTO sources (name, type, side, reliability, notes, url, auto_created, created, updated) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [source.name, source.type, source.side, source.reliability, source.notes,
             source.url, int(auto_created), stamp, stamp],
        )
        source_id = cursor.lastrowid
        for alias in dict.fromkeys(source.aliases):
            db.execute("INSERT INTO source_aliases (alias, source_id) VALUES (?, ?)", [alias, source_id])
        record(db, "source", source_id, "create", new=source.model_dump(), why=why, at=stamp)
    return source_id


SOURCE_FIELDS = ("name", "type", "side", "reliability", "notes", "url")


def edit_source(db, name: str, changes: dict, why: str) -> dict:
    """Change a source's fields (and add aliases); one history row per change."""
    current = get_source(db, name)
    merged = {k: current[k] for k in SOURCE_FIELDS}
    merged.update({k: v for k, v in changes.items() if k in SOURCE_FIELDS and v is not None})
    from .models import SourceIn

    new_aliases = changes.get("aliases") or []
    checked = SourceIn(**merged, aliases=new_aliases).model_dump()
    with write(db):
        stamp = now()
        for field in SOURCE_FIELDS:
            if checked[field] != current[field]:
                if field == "name" and (other := find_source(db, checked["name"])) and other["id"] != current["id"]:
                    raise ClaimsError(f"source {checked['name']!r} already exists")
                db.execute(f"UPDATE sources SET {field} = ?, updated = ? WHERE id = ?",
                           [checked[field], stamp, current["id"]])
                record(db, "source", current["id"], "edit", field, current[field], checked[field], why, stamp)
        for alias in new_aliases:
            if find_source(db, alias):
                raise ClaimsError(f"alias {alias!r} already names a source")
            db.execute("INSERT INTO source_aliases (alias, source_id) VALUES (?, ?)", [alias, current["id"]])
            record(db, "source", current["id"], "alias", "aliases", None, alias, why, stamp)
    return get_source(db, checked["name"])


def list_sources(db, type: str | None = None, side: str | None = None, limit: int | None = None) -> list[dict]:
    where, params = _source_filters(type, side)
    sql = (
        "SELECT s.name, s.type, s.side, s.reliability, "
        "(SELECT group_concat(alias, '; ') FROM (SELECT alias FROM source_aliases a "
        " WHERE a.source_id = s.id ORDER BY alias)) AS aliases, "
        "(SELECT count(*) FROM claims c WHERE c.source_id = s.id) "  # all, less the removed: two index counts
        "- (SELECT count(*) FROM claims c WHERE c.source_id = s.id AND c.deleted_at IS NOT NULL) AS claims, "
        "s.notes, s.url FROM sources s" + where + " ORDER BY s.name COLLATE NOCASE"
    )
    return list(db.query(*_limited(sql, params, limit)))


def count_sources(db, type: str | None = None, side: str | None = None) -> int:
    where, params = _source_filters(type, side)
    return db.execute("SELECT count(*) FROM sources s" + where, params).fetchone()[0]


def _source_filters(type: str | None, side: str | None) -> tuple[str, list]:
    found = [(f"s.{column} = ?", value) for column, value in (("type", type), ("side", side)) if value]
    return (" WHERE " + " AND ".join(c for c, _ in found) if found else ""), [v for _, v in found]


def first_rows(read, count, n: int) -> tuple[list[dict], int]:
    """The first `n` rows `read(limit=...)` gives, and how many there are in all: `count()`,
    asked only when there may be more (a count over a million claims is not free)."""
    rows = read(limit=n)
    return rows, count() if len(rows) == n else len(rows)


def _limited(sql: str, params: list, limit: int | None) -> tuple[str, list]:
    """The query with a LIMIT, when there is one (in order: the counts in a row cost a scan each)."""
    return (sql, params) if limit is None else (sql + " LIMIT ?", [*params, int(limit)])


def resolve_source(db, claim: dict, cache: dict | None = None, auto_created: bool = False,
                   new: bool = False, names=None) -> tuple[int, bool]:
    """The id of a claim's source, creating it only when the claim gives its type and its
    name is not a likely typo of a known one (unless `new`). `names`: a NearIndex of the
    known names, for many claims at once."""
    key = claim["source"].lower()
    source = cache.get(key) if cache is not None else None
    if source is None:
        source = find_source(db, claim["source"])
    if source is None:
        if not claim["source_type"]:
            raise ClaimsError(f"unknown source {claim['source']!r}: give its type (--source-type / source_type) to create it")
        if not new:
            _refuse_near(claim["source"], names or _source_names(db), "source", "--new-source")
        from .models import SourceIn

        spec = SourceIn(name=claim["source"], type=claim["source_type"], side=claim["side"],
                        reliability=claim["reliability"] or "F")
        why = "suggested by claims extract" if auto_created else "created with a claim"
        source = dict(id=add_source(db, spec, auto_created=auto_created, why=why), **spec.model_dump())
        created = True
    else:
        created = False
        _check_source_matches(source, claim)
    if cache is not None:
        cache[key] = source
    return source["id"], created


def _source_names(db):
    from .near import NearIndex

    return NearIndex(r[0] for r in db.execute("SELECT name FROM sources UNION ALL SELECT alias FROM source_aliases"))


def topic_names(db):
    from .near import NearIndex

    return NearIndex(r[0] for r in db.execute("SELECT key FROM topics"))


def _refuse_near(name: str, names, what: str, flag: str) -> None:
    """A new name one typo away from a known one is refused, never created in silence."""
    close = names.near(name)
    if close:
        raise ClaimsError(f"unknown {what} {name!r}: did you mean {close!r}? ({flag} creates it as written)")


def _check_source_matches(source: dict, claim: dict) -> None:
    for field, given in (("type", claim["source_type"]), ("side", claim["side"]), ("reliability", claim["reliability"])):
        if given and given != source[field]:
            label = "source_type" if field == "type" else field
            raise ClaimsError(
                f"{label} {given!r} does not match source {source['name']!r}, which is {source[field]!r} "
                "(change the source with `claims sources edit`)")


# ---------------------------------------------------------------- topics

def infer_kind(unit: str | None) -> str:
    if unit and "/" in unit:
        return "rate"
    if unit and figures_mod.units.dimension(unit).startswith("count:"):
        return "cumulative"
    return "level"


def find_topic(db, key: str) -> dict | None:
    return first_row(db, "SELECT * FROM topics WHERE key = ?", [key])


def get_topic(db, key: str) -> dict:
    topic = find_topic(db, key)
    if not topic:
        raise NotFound(f"unknown topic {key!r}" + _did_you_mean(key, topic_names(db)))
    return topic


def add_topic(db, key: str, title=None, unit=None, kind=None, why=None) -> dict:
    from .units import base_factor, dimension

    with write(db):
        if find_topic(db, key):
            raise ClaimsError(f"topic {key!r} already exists")
        unit = canonical_unit(unit) if unit else None
        stamp = now()
        row = dict(key=key, title=title, unit=unit, dimension=dimension(unit) if unit else None,
                   unit_factor=base_factor(unit) if unit else None,
                   kind=kind or infer_kind(unit), created=stamp, updated=stamp)
        cursor = db.execute(
            "INSERT INTO topics (key, title, unit, dimension, unit_factor, kind, created, updated) "
            "VALUES (:key, :title, :unit, :dimension, :unit_factor, :kind, :created, :updated)", row)
        record(db, "topic", key, "create", new={k: row[k] for k in ("title", "unit", "kind")}, why=why, at=stamp)
    return {"id": cursor.lastrowid, **row}


def edit_topic(db, key: str, why: str, title=None, unit=None, kind=None) -> dict:
    """Correct a topic's title, unit or kind. A new unit must measure the same thing."""
    from .units import base_factor, check_compatible, dimension

    topic = get_topic(db, key)
    changes = {}
    if title is not None:
        changes["title"] = title
    if kind is not None:
        changes["kind"] = kind
    if unit is not None:
        unit = canonical_unit(unit)
        if topic["dimension"]:
            check_compatible(unit, topic["unit"], what=f"topic {key}: ")
        changes.update(unit=unit, dimension=dimension(unit), unit_factor=base_factor(unit))
    with write(db):
        stamp = now()
        for field, new in changes.items():
            if new != topic[field]:
                db.execute(f"UPDATE topics SET {field} = ?, updated = ? WHERE id = ?", [new, stamp, topic["id"]])
                if field in ("title", "unit", "kind"):
                    record(db, "topic", key, "edit", field, topic[field], new, why, stamp)
    return get_topic(db, key)


def ensure_topic(db, key: str, figure: Figure | None, cache: dict | None = None, new: bool = False,
                 names=None) -> dict:
    """The topic a claim belongs to; created from its first figure if new, unless its key is a
    likely typo of a known one (and not `new`). `names`: a NearIndex of the known keys."""
    topic = cache.get(key) if cache is not None else None
    if topic is None:
        topic = find_topic(db, key)
    if topic is None:
        if not new:
            _refuse_near(key, names or topic_names(db), "topic", "--new-topic")
        topic = add_topic(db, key, unit=figure.unit if figure else None, why="created with its first claim")
    if figure is not None:
        topic = _fit_unit(db, topic, figure)
    if cache is not None:
        cache[key] = topic
    return topic


def _fit_unit(db, topic: dict, figure: Figure) -> dict:
    if topic["dimension"] is None:
        # a topic made from claims without numbers takes the unit of its first figure
        if not figure.unit:
            return _set_plain_number(db, topic)
        return edit_topic(db, topic["key"], "unit of its first figure",
                          unit=figure.unit, kind=infer_kind(figure.unit))
    if figure.dimension != topic["dimension"]:
        from .units import describe

        raise ClaimsError(
            f"cannot compare {figure.unit or 'a plain number'} ({describe(figure.dimension)}) with topic "
            f"{topic['key']!r}, measured in {topic['unit'] or 'plain numbers'} ({describe(topic['dimension'])})")
    return topic


def _set_plain_number(db, topic: dict) -> dict:
    db.execute("UPDATE topics SET dimension = 'number', unit_factor = 1.0 WHERE id = ?", [topic["id"]])
    return get_topic(db, topic["key"])


def list_topics(db, limit: int | None = None) -> list[dict]:
    return list(db.query(*_limited(
        "SELECT t.key, t.title, t.unit, t.kind, "
        "(SELECT count(*) FROM claims c WHERE c.topic_id = t.id AND c.deleted_at IS NULL) AS claims, "
        "(SELECT count(DISTINCT c.source_id) FROM claims c WHERE c.topic_id = t.id AND c.deleted_at IS NULL) AS sources "
        "FROM topics t ORDER BY t.key", [], limit)))


def count_topics(db) -> int:
    return db.execute("SELECT count(*) FROM topics").fetchone()[0]


# ---------------------------------------------------------------- claims

def figure_of(claim: dict) -> Figure | None:
    """The claim's figure: read from its text, or built from its numbers.

    When the text cannot be read but numbers are given, the numbers are the figure and
    the text is kept as written: the way to store what the reader cannot account for."""
    given = any(claim[k] is not None for k in NUMERIC)
    if claim["figure"]:
        try:
            figure = figures_mod.parse(claim["figure"])
        except FigureError:
            if not given:
                raise
            return _figure_from_numbers(claim, claim["figure"])
        if claim["unit"] and figure.unit is None:  # "30" and, apart, what it counts: the unit completes it
            figure = dataclasses.replace(figure, unit=canonical_unit(claim["unit"]))
        _check_numbers_agree(claim, figure)
        return figure
    if not given:
        if claim["unit"] or claim["qualifier"]:
            raise FigureError("a unit or qualifier needs a figure or a value")
        return None
    return _figure_from_numbers(claim)


def _check_numbers_agree(claim: dict, figure: Figure) -> None:

    for key in NUMERIC:
        given, read = claim[key], getattr(figure, key)
        if given is not None and (read is None or abs(given - read) > 1e-9 * max(1.0, abs(read))):
            raise FigureError(f"figure {claim['figure']!r} reads as {key} {tidy(read)}, not {tidy(given)}")
    if claim["unit"] and canonical_unit(claim["unit"]) != figure.unit:
        raise FigureError(f"figure {claim['figure']!r} reads as unit {figure.unit}, not {claim['unit']}")
    if claim["qualifier"] and claim["qualifier"] != figure.qualifier:
        raise FigureError(f"figure {claim['figure']!r} reads as qualifier {figure.qualifier}, not {claim['qualifier']}")


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
            raise FigureError("a range needs low and high")
        open_low, open_high = OPEN_SIDES[qualifier or "exact"]
        return Figure(text, value, None if open_low else value, None if open_high else value, unit,
                      qualifier or "exact")
    if value is None:
        value = (low + high) / 2 if low is not None and high is not None else (low if low is not None else high)
    if (low is not None and low > value) or (high is not None and high < value):
        raise FigureError(f"value {tidy(value)} lies outside low {tidy(low)} / high {tidy(high)}")
    return Figure(text, value, low, high, unit, qualifier or _qualifier_of(low, value, high))


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
               "status", "credibility", "notes", "tags", "created", "updated")
INSERT_CLAIM = (f"INSERT INTO claims ({', '.join(RESOLVED_COLUMNS + OWN_COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(RESOLVED_COLUMNS + OWN_COLUMNS))})")
NO_FIGURE = (None,) * len(FIGURE_COLUMNS)


def own_values(claim: dict, figure: Figure | None, stamp: str) -> tuple:
    """The claim's OWN_COLUMNS, in order: what it stores apart from topic, source and import."""
    created = claim["created"] or stamp
    return (
        claim["id"] or new_id(), _json_list(claim["via"]), *figure_values(figure),
        claim["quote"] or None, claim["url"] or None, claim["place"] or None,
        claim["as_of"], claim["reported_on"], date_key(claim["as_of"] or claim["reported_on"]),
        claim["status"], claim["credibility"], claim["notes"] or None, _json_list(claim["tags"]),
        created, claim["updated"] or created,
    )


def claim_columns(claim: dict, figure: Figure | None, topic_id: int, source_id: int,
                  stamp: str | None = None) -> dict:
    """The database row for a validated claim (plain dict, ready for INSERT)."""
    row = dict(zip(OWN_COLUMNS, own_values(claim, figure, stamp or now())))
    row.update(topic_id=topic_id, source_id=source_id)
    return row


_to_json = json.JSONEncoder(ensure_ascii=False).encode  # built once: json.dumps(...) with options builds one per call


def _json_list(items: list[str]) -> str:
    return _to_json(items) if items else "[]"


def figure_values(figure: Figure | None) -> tuple:
    """FIGURE_COLUMNS for one figure, in order."""
    if figure is None:
        return NO_FIGURE
    base_low, base_value, base_high = figure.base()
    return (figure.text, figure.value, figure.low, figure.high, figure.unit, figure.qualifier, figure.vague,
            figure.dimension, base_value, base_low, base_high, figure.warning)


def insert_claim(db, row: dict, import_id: int | None = None) -> None:
    db.execute(INSERT_CLAIM, [row[c] for c in RESOLVED_COLUMNS[:2]] + [import_id] + [row[c] for c in OWN_COLUMNS])


def add_claim(db, claim: dict, why: str | None = None, new_topic: bool = False, new_source: bool = False,
              allow_future: bool = False) -> dict:
    """Store one claim. Returns its id, a `warning` if its figure disagrees with itself, and
    what it `created` (("source", name), ("topic", key)), for the caller to announce."""
    from .claim import future_problem, latest_date, sign_problem

    figure = figure_of(claim)
    problem = future_problem(claim, None if allow_future else latest_date())
    if problem:
        raise ClaimsError(problem)
    with write(db):
        if claim["id"] and claim_exists(db, claim["id"]):
            raise ClaimsError(f"claim {claim['id']} already exists")
        source_id, source_created = resolve_source(db, claim, new=new_source)
        topic_created = find_topic(db, claim["topic"]) is None
        topic = ensure_topic(db, claim["topic"], figure, new=new_topic)
        problem = sign_problem(figure, topic["kind"])
        if problem:
            raise ClaimsError(problem)
        row = claim_columns(claim, figure, topic["id"], source_id)
        insert_claim(db, row)
        record(db, "claim", row["id"], "create", new=claim["figure"] or claim["quote"], why=why, at=row["created"])
    created = [("source", claim["source"])] * source_created + [("topic", topic["key"])] * topic_created
    return {"id": row["id"], "warning": row["figure_warning"], "created": created}


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
    """One claim as `show` gives it: its fields, then its history."""
    claim = get_claim(db, claim_id)
    return {**claim, "history": claim_history(db, claim["id"])}


def topic_detail(db, key: str) -> dict:
    """One topic as `topics show` gives it."""
    return {k: v for k, v in get_topic(db, key).items() if k not in ("id", "unit_factor")}


def claim_history(db, claim_id: str) -> list[dict]:
    full = resolve_id(db, claim_id)
    return [_with_evidence(row) for row in db.query(
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
    where, params = _claim_filters(db, topic, source, type, side, status, since, until, deleted)
    # a date filter lists in date order, which lets the date index answer it
    order = "c.dated, c.rowid" if (since or until) else "c.rowid"
    sql = CLAIM_SELECT + " WHERE " + where + " ORDER BY " + order
    evidence = evidence_of(db)
    return [claim_row(r, evidence) for r in db.query(*_limited(sql, params, limit))]


def count_claims(db, topic=None, source=None, type=None, side=None, status=None,
                 since=None, until=None, deleted=False) -> int:
    """How many claims `list_claims` would give without a limit."""
    where, params = _claim_filters(db, topic, source, type, side, status, since, until, deleted)
    return db.execute("SELECT count(*) FROM claims c WHERE " + where, params).fetchone()[0]


def _claim_filters(db, topic, source, type, side, status, since, until, deleted) -> tuple[str, list]:
    where = ["c.deleted_at IS NOT NULL" if deleted else "c.deleted_at IS NULL"]
    params: list = []
    if topic:
        where.append("c.topic_id = ?")
        params.append(get_topic(db, topic)["id"])
    if source:
        where.append("c.source_id = ?")
        params.append(get_source(db, source)["id"])
    for column, value in (("type", type), ("side", side)):
        if value:  # through the sources, so that the claims' source index does the work
            where.append(f"c.source_id IN (SELECT id FROM sources WHERE {column} = ?)")
            params.append(str(value))
    if status:
        where.append("c.status = ?")
        params.append(str(status))
    if since:
        where.append("c.dated >= ?")
        params.append(date_key(since))
    if until:
        where.append("c.dated <= ?")
        params.append(end_of(until))
    return " AND ".join(where), params


EDITABLE = ("topic", "source", "figure", "value", "low", "high", "unit", "quote", "url", "place", "as_of",
            "reported_on", "status", "credibility", "via", "notes", "tags")
FIGURE_FIELDS = ("figure", "value", "low", "high", "unit", "qualifier")


def edit_claim(db, claim_id: str, changes: dict, why: str, action: str = "edit", new_topic: bool = False,
               new_source: bool = False, allow_future: bool = False) -> dict:
    """Change a claim's fields; one history row per field that changed. The claim comes
    back with what the edit `created` (a topic or source), for the caller to announce."""
    from .claim import future_problem, latest_date, sign_problem

    current = get_claim(db, claim_id)
    changes = {k: v for k, v in changes.items() if v is not None}
    unknown = set(changes) - set(EDITABLE) - {"source_type", "side", "reliability"}
    if unknown:
        raise ClaimsError(f"cannot edit {', '.join(sorted(unknown))}")
    from .models import CLAIM_FIELDS, new_claim

    merged = {k: current[k] for k in CLAIM_FIELDS if k in current and k not in ("admiralty",)}
    merged.update(source_type=None, side=None, reliability=None)
    if set(changes) & set(FIGURE_FIELDS):  # a new figure or new numbers replace the old reading whole
        merged.update(dict.fromkeys(FIGURE_FIELDS), figure=current["figure"] if "figure" not in changes else None)
    merged.update(changes)
    if changes.get("status") == "corroborated" and current["status"] != "corroborated":
        from .credibility import require_corroboration  # the rule `verify` applies

        require_corroboration(db, current["id"])
    claim = new_claim(**merged)
    figure = figure_of(claim)
    problem = future_problem(claim, None if allow_future else latest_date())
    if problem:
        raise ClaimsError(problem)
    with write(db):
        source_id, source_created = resolve_source(db, claim, new=new_source)
        topic_created = find_topic(db, claim["topic"]) is None
        topic = ensure_topic(db, claim["topic"], figure, new=new_topic)
        if problem := sign_problem(figure, topic["kind"]):
            raise ClaimsError(problem)
        new = claim_columns(claim, figure, topic["id"], source_id)
        old = next(db.query("SELECT * FROM claims WHERE id = ?", [current["id"]]))
        stamp = now()
        changed = _write_changes(db, current["id"], old, new, stamp)
        for field in changes:
            old_value, new_value = current.get(field), claim.get(field)
            if field in changed or _column_of(field) in changed:
                record(db, "claim", current["id"], action, field, old_value, new_value, why, stamp)
        if changed:
            db.execute("UPDATE claims SET updated = ? WHERE id = ?", [stamp, current["id"]])
    created = [("source", claim["source"])] * source_created + [("topic", topic["key"])] * topic_created
    return {**get_claim(db, current["id"]), "created": created}


def _column_of(field: str) -> str:
    return {"topic": "topic_id", "source": "source_id"}.get(field, field)


def _write_changes(db, claim_id: str, old: dict, new: dict, stamp: str) -> set:
    skip = {"id", "created", "updated", "import_id"}
    changed = {k for k, v in new.items() if k not in skip and old.get(k) != v}
    for column in sorted(changed):
        db.execute(f"UPDATE claims SET {column} = ? WHERE id = ?", [new[column], claim_id])
    return changed


def remove_claim(db, claim_id: str, why: str) -> str:
    full = resolve_id(db, claim_id)
    with write(db):
        row = next(db.query("SELECT deleted_at FROM claims WHERE id = ?", [full]))
        if row["deleted_at"]:
            raise ClaimsError(f"claim {full} is already removed")
        stamp = now()
        db.execute("UPDATE claims SET deleted_at = ?, updated = ? WHERE id = ?", [stamp, stamp, full])
        record(db, "claim", full, "remove", why=why, at=stamp)
    return full


def restore_claim(db, claim_id: str, why: str | None = None) -> str:
    full = resolve_id(db, claim_id)
    with write(db):
        row = next(db.query("SELECT deleted_at FROM claims WHERE id = ?", [full]))
        if not row["deleted_at"]:
            raise ClaimsError(f"claim {full} is not removed")
        stamp = now()
        db.execute("UPDATE claims SET deleted_at = NULL, updated = ? WHERE id = ?", [stamp, full])
        record(db, "claim", full, "restore", old=row["deleted_at"], why=why, at=stamp)
    return full


def source_detail(db, name: str) -> dict:
    """A source with its aliases, its claims counted by status, and its history."""
    source = get_source(db, name)
    by_status = {r["status"]: r["n"] for r in db.query(
        "SELECT status, count(*) AS n FROM claims WHERE source_id = ? AND deleted_at IS NULL "
        "GROUP BY status", [source["id"]])}
    history = list(db.query(
        "SELECT at, who, action, field, old, new, why FROM history "
        "WHERE entity = 'source' AND entity_id = ? ORDER BY id", [str(source["id"])]))
    return {
        "name": source["name"], "type": source["type"], "side": source["side"],
        "reliability": source["reliability"], "aliases": aliases_of(db, source["id"]),
        "notes": source["notes"], "url": source["url"], "auto_created": bool(source["auto_created"]),
        "claims": sum(by_status.values()), "by_status": by_status, "history": history,
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
    return list(db.query("SELECT key, unit FROM topics ORDER BY key"))


def stored_keys(db, topics: list[str]) -> set[tuple]:
    """(topic, source, figure, quote), lower-cased names, of the live claims on these topics:
    what tells a candidate already stored from a new one."""
    if not topics:
        return set()
    marks = ", ".join("?" * len(topics))
    rows = db.query(
        "SELECT t.key, s.name, c.figure, c.quote FROM claims c JOIN topics t ON t.id = c.topic_id "
        f"JOIN sources s ON s.id = c.source_id WHERE c.deleted_at IS NULL AND t.key IN ({marks})", topics)
    return {(r["key"], r["name"].lower(), r["figure"] or "", r["quote"] or "") for r in rows}
