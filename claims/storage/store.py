"""Every write to the database: sources, topics, claims, verifications, links, learned
weights, imports; and the history of every change.

Each write goes through here, inside one transaction, and leaves a history row: what
changed, the old and new value, why, when and by whom. What a write needs to read it asks
of `queries`; what a claim is, of `claim`.
"""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING

from claims.basics.dates import now
from claims.basics.errors import ClaimsError
from claims.basics.vocab import Status
from claims.figures.reading import Figure
from claims.figures.units import canonical_unit
from claims.rules.chain import FIELDS, entry_hash
from claims.rules.claim import (
    EDITABLE,
    FIGURE_FIELDS,
    OWN_COLUMNS,
    RESOLVED_COLUMNS,
    check_source_matches,
    claim_columns,
    figure_of,
    infer_kind,
    to_json,
)
from claims.storage.db import actor, write
from claims.storage.dialect import Dialect, dialect_of
from claims.storage.queries import (
    chain_head,
    claim_exists,
    find_source,
    find_topic,
    first_row,
    get_claim,
    get_source,
    get_topic,
    link_exists,
    live_claim_count,
    live_dimensions,
    removed_topic,
    resolve_id,
    source_names,
    sources_by_name,
    topic_names,
    topics_by_key,
)

if TYPE_CHECKING:  # pydantic loads only where claims are validated, not for `list`
    from claims.rules.models import SourceIn


def record(db, entity: str, entity_id, action: str, field=None, old=None, new=None, why=None, at=None,
           evidence: list[str] | None = None):
    """Append one row to the history, chained to the one before it (`rules.chain`). Nothing is
    ever updated without one. Every write holds the writers' lock, so the newest entry read
    here is the one this entry follows."""
    values = [entity, str(entity_id), action, _text(field), _text(old), _text(new), _text(why), at or now(),
              actor(db), to_json(evidence) if evidence else None]
    db.execute(INSERT_HISTORY, _chained(db, [values])[0])


HISTORY_COLUMNS = [*FIELDS, "previous_hash", "hash"]
INSERT_HISTORY = f"INSERT INTO history ({', '.join(HISTORY_COLUMNS)}) VALUES ({', '.join('?' * len(HISTORY_COLUMNS))})"


def _chained(db, entries: list[list]) -> list[list]:
    """History rows (in `rules.chain.FIELDS` order) with the hash before each and their own,
    following the newest entry: every write holds the writers' lock, so nothing comes between."""
    previous, rows = chain_head(db), []
    for values in entries:
        digest = entry_hash(previous, values)
        rows.append([*values, previous, digest])
        previous = digest
    return rows


def record_many(db, entity: str, action: str, why: str | None, at: str, changes: list[tuple]) -> None:
    """History rows of one kind at once, chained as `record` chains one: `changes` as
    (entity id, new value)."""
    who = actor(db)
    db.execute_many(INSERT_HISTORY, _chained(db, [[entity, str(entity_id), action, None, None, _text(new), _text(why),
                                                    at, who, None] for entity_id, new in changes]))


def _text(value):
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


# ---------------------------------------------------------------- sources


def add_source(db, source: SourceIn, auto_created: bool = False, why: str | None = None) -> int:
    with write(db):
        for name in [source.name, *source.aliases]:
            if find_source(db, name):
                raise ClaimsError(f"source {name!r} already exists")
        stamp = now()
        source_id = db.insert_id(
            "INSERT INTO sources (name, type, side, reliability, notes, url, auto_created, created, updated) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [source.name, source.type, source.side, source.reliability, source.notes,
             source.url, int(auto_created), stamp, stamp],
        )
        for alias in dict.fromkeys(source.aliases):
            db.execute("INSERT INTO source_aliases (alias, source_id) VALUES (?, ?)", [alias, source_id])
        record(db, "source", source_id, "create", new=source.model_dump(), why=why, at=stamp)
    return source_id


def add_sources(db, sources: list[SourceIn], auto_created: bool, why: str) -> list[dict]:
    """Sources created at once (names not taken, no aliases): one statement for their rows
    and one for their history."""
    stamp = now()
    rows = [(s.name, s.type, s.side, s.reliability, s.notes, s.url, int(auto_created), stamp, stamp) for s in sources]
    with write(db):
        db.execute_many("INSERT INTO sources (name, type, side, reliability, notes, url, auto_created, created, "
                     "updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        made = sources_by_name(db, [s.name for s in sources])
        record_many(db, "source", "create", why, stamp, [
            (made[s.name.lower()]["id"], s.model_dump()) for s in sources])
    return [made[s.name.lower()] for s in sources]


SOURCE_FIELDS = ("name", "type", "side", "reliability", "notes", "url")


def edit_source(db, name: str, changes: dict, why: str) -> dict:
    """Change a source's fields (and add aliases); one history row per change."""
    current = get_source(db, name)
    merged = {k: current[k] for k in SOURCE_FIELDS}
    merged.update({k: v for k, v in changes.items() if k in SOURCE_FIELDS and v is not None})
    from claims.rules.models import SourceIn

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
            raise ClaimsError(f"unknown source {claim['source']!r}: "
                              "give its type (--source-type / source_type) to create it")
        if not new:
            _refuse_near(claim["source"], names or source_names(db), "source", "--new-source")
        from claims.rules.models import SourceIn

        spec = SourceIn(name=claim["source"], type=claim["source_type"], side=claim["side"],
                        reliability=claim["reliability"] or "F")
        why = "suggested by claims extract" if auto_created else "created with a claim"
        source = dict(id=add_source(db, spec, auto_created=auto_created, why=why), **spec.model_dump())
        created = True
    else:
        created = False
        check_source_matches(source, claim)
    if cache is not None:
        cache[key] = source
    return source["id"], created


def _refuse_near(name: str, names, what: str, flag: str) -> None:
    """A new name one typo away from a known one is refused, never created in silence."""
    close = names.near(name)
    if close:
        raise ClaimsError(f"unknown {what} {name!r}: did you mean {close!r}? ({flag} creates it as written)")


# ---------------------------------------------------------------- topics


def add_topic(db, key: str, title=None, unit=None, kind=None, why=None) -> dict:
    from claims.figures.units import base_factor, dimension

    with write(db):
        if find_topic(db, key):
            raise ClaimsError(f"topic {key!r} already exists")
        if removed_topic(db, key):
            raise ClaimsError(f"topic {key!r} was removed: `claims topics restore {key}` brings it back")
        unit = canonical_unit(unit) if unit else None
        stamp = now()
        row = dict(key=key, title=title, unit=unit, dimension=dimension(unit) if unit else None,
                   unit_factor=base_factor(unit) if unit else None,
                   kind=kind or infer_kind(unit), created=stamp, updated=stamp)
        topic_id = db.insert_id("INSERT INTO topics (key, title, unit, dimension, unit_factor, kind, created, updated) "
            "VALUES (:key, :title, :unit, :dimension, :unit_factor, :kind, :created, :updated)", row)
        record(db, "topic", key, "create", new={k: row[k] for k in ("title", "unit", "kind")}, why=why, at=stamp)
    return {"id": topic_id, **row}


def add_topics(db, new: list[tuple[str, str | None]], why: str) -> list[dict]:
    """Topics created at once, `new` as (key, unit) of keys not taken: one statement for
    their rows and one for their history (an import may meet tens of thousands)."""
    from claims.figures.units import base_factor, dimension

    stamp = now()
    rows = []
    for key, unit in new:
        unit = canonical_unit(unit) if unit else None
        rows.append(dict(key=key, title=None, unit=unit, dimension=dimension(unit) if unit else None,
                         unit_factor=base_factor(unit) if unit else None, kind=infer_kind(unit),
                         created=stamp, updated=stamp))
    with write(db):
        db.execute_many(f"INSERT INTO topics ({', '.join(TOPIC_COLUMNS)}) VALUES ({', '.join('?' * 8)})",
                     [tuple(row[c] for c in TOPIC_COLUMNS) for row in rows])
        ids = topics_by_key(db, [row["key"] for row in rows])
        record_many(db, "topic", "create", why, stamp, [
            (row["key"], {k: row[k] for k in ("title", "unit", "kind")}) for row in rows])
    return [ids[row["key"]] for row in rows]


TOPIC_COLUMNS = ("key", "title", "unit", "dimension", "unit_factor", "kind", "created", "updated")


def edit_topic(db, key: str, why: str, title=None, unit=None, kind=None) -> dict:
    """Correct a topic's title, unit or kind. A new unit must fit every live claim of the
    topic (a bare number fits any count); with no live claim, any unit will do."""
    from claims.figures.units import base_factor, dimension

    topic = get_topic(db, key)
    changes = {}
    if title is not None:
        changes["title"] = title
    if kind is not None:
        changes["kind"] = kind
    if unit is not None:
        unit = canonical_unit(unit)
        _check_claims_fit(db, topic, unit)
        changes.update(unit=unit, dimension=dimension(unit), unit_factor=base_factor(unit))
    with write(db):
        stamp = now()
        for field, new in changes.items():
            if new != topic[field]:
                db.execute(f"UPDATE topics SET {field} = ?, updated = ? WHERE id = ?", [new, stamp, topic["id"]])
                if field in ("title", "unit", "kind"):
                    record(db, "topic", key, "edit", field, topic[field], new, why, stamp)
    return get_topic(db, key)


def _check_claims_fit(db, topic: dict, unit: str, what: str | None = None) -> None:
    """Refuse a unit that a live claim of the topic contradicts, naming one and the way out."""
    from claims.figures.units import describe, dimension, fits

    wanted = dimension(unit)
    what = what or f"cannot measure topic {topic['key']!r} in {unit}"
    for found, count, example, unit_found in live_dimensions(db, topic["id"]):
        if not fits(found, wanted):
            raise ClaimsError(
                f"{what} ({describe(wanted)}): {count} live claim{'s' * (count != 1)} of it "
                f"{'are' if count != 1 else 'is'} in {unit_found or 'plain numbers'} ({describe(found)}, such as "
                f"{example}); move them to another "
                "topic (claims edit ID --topic KEY --why ...) or remove them (claims rm ID --why ...) first")


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
    from claims.figures.units import describe, fits, is_bare

    if topic["dimension"] is None:
        # a topic made from claims without numbers takes the unit of its first figure
        if not figure.unit:
            return _set_plain_number(db, topic)
        return _adopt_unit(db, topic, figure.unit, "unit of its first figure")
    if not fits(figure.dimension, topic["dimension"]):
        raise ClaimsError(
            f"cannot compare {figure.unit or 'a plain number'} ({describe(figure.dimension)}) with topic "
            f"{topic['key']!r}, measured in {topic['unit'] or 'plain numbers'} ({describe(topic['dimension'])}): "
            f"give the claim another --topic, or change the topic's unit (claims topics edit {topic['key']} "
            "--unit UNIT --why ...), which is allowed while no live claim contradicts it")
    if is_bare(topic["dimension"]) and not is_bare(figure.dimension) and figure.unit:
        # "400" came first, "300 soldiers" now: the topic counts soldiers, and "400" fits it
        return _adopt_unit(db, topic, figure.unit, "unit of its first counted figure")
    return topic


def _adopt_unit(db, topic: dict, unit: str, why: str) -> dict:
    """A topic takes a figure's unit; its kind too, unless one other than level (the kind of
    a topic with no unit yet) was given for it: a change stays a change."""
    kind = infer_kind(unit) if topic["kind"] in (None, "level") else topic["kind"]
    return edit_topic(db, topic["key"], why, unit=unit, kind=kind)


def _set_plain_number(db, topic: dict) -> dict:
    db.execute("UPDATE topics SET dimension = 'number', unit_factor = 1.0 WHERE id = ?", [topic["id"]])
    return get_topic(db, topic["key"])


def rename_topic(db, key: str, new_key: str, why: str) -> dict:
    """A topic under a new key; its claims go with it, and its history follows (`topic_history`)."""
    topic = get_topic(db, key)
    with write(db):
        if find_topic(db, new_key) or removed_topic(db, new_key):
            raise ClaimsError(f"topic {new_key!r} already exists: `claims topics merge {key} {new_key} --why ...` "
                              "moves the claims into it")
        stamp = now()
        db.execute("UPDATE topics SET key = ?, updated = ? WHERE id = ?", [new_key, stamp, topic["id"]])
        record(db, "topic", new_key, "rename", "key", key, new_key, why, stamp)
    return get_topic(db, new_key)


def merge_topics(db, key: str, into: str, why: str) -> dict:
    """Every claim of topic `key` (removed ones too) moved into topic `into`, each with a
    history row; `key` is then removed, and `claims topics restore` brings it back, empty."""
    source, target = get_topic(db, key), get_topic(db, into)
    if source["id"] == target["id"]:
        raise ClaimsError(f"cannot merge topic {key!r} into itself")
    if source["unit"]:
        _check_claims_fit(db, source, target["unit"] or source["unit"],
                          f"cannot merge topic {key!r} into {into!r}, measured in {target['unit'] or 'no unit yet'}")
    with write(db):
        if target["dimension"] is None and source["unit"]:  # a topic with no unit yet takes the claims' unit
            target = _adopt_unit(db, target, source["unit"], f"unit of topic {key}, merged into it")
        stamp = now()
        moved = _claim_events(db, "topic_id = ?", [source["id"]], "edit", "topic", key, into, why, stamp)
        db.execute("UPDATE claims SET topic_id = ?, updated = ? WHERE topic_id = ?",
                   [target["id"], stamp, source["id"]])
        db.execute("UPDATE topics SET deleted_at = ?, updated = ? WHERE id = ?", [stamp, stamp, source["id"]])
        record(db, "topic", key, "merge", "into", None, into, why, stamp)
        record(db, "topic", into, "merge", "from", key, f"claims moved: {moved}", why, stamp)
    return {"topic": key, "into": into, "claims": moved}


def remove_topic(db, key: str, why: str, force: bool = False) -> dict:
    """Remove a topic (kept, as claims are: `restore_topic` brings it back). One with live
    claims is refused unless `force`, which removes them with it."""
    topic = get_topic(db, key)
    live = live_claim_count(db, topic["id"])
    if live and not force:
        raise ClaimsError(f"topic {key!r} has {live} live claim{'s' * (live != 1)}: move them first "
                          f"(claims topics merge {key} OTHER --why ...), or remove them with it (--force)")
    with write(db):
        stamp = now()
        # each claim's history row names the topic it went with: what `restore_topic` brings back
        removed = _claim_events(db, "topic_id = ? AND deleted_at IS NULL", [topic["id"]], "remove", "topic", None,
                                key, f"removed with topic {key}: {why}", stamp)
        db.execute("UPDATE claims SET deleted_at = ?, updated = ? WHERE topic_id = ? AND deleted_at IS NULL",
                   [stamp, stamp, topic["id"]])
        db.execute("UPDATE topics SET deleted_at = ?, updated = ? WHERE id = ?", [stamp, stamp, topic["id"]])
        record(db, "topic", key, "remove", new=f"live claims removed with it: {removed}" if removed else None,
               why=why, at=stamp)
    return {"topic": key, "claims": removed}


def restore_topic(db, key: str, why: str | None = None) -> dict:
    """Bring back a removed topic, and the claims removed with it (not those removed before)."""
    topic = removed_topic(db, key)
    if topic is None:
        get_topic(db, key)  # unknown: says so, with the key meant
        raise ClaimsError(f"topic {key!r} is not removed")
    with write(db):
        if find_topic(db, key):
            raise ClaimsError(f"a topic {key!r} exists again: rename one of them first")
        stamp = now()
        where = ("topic_id = ? AND deleted_at = ? AND id IN (SELECT entity_id FROM history WHERE entity = 'claim' "
                 "AND action = 'remove' AND field = 'topic' AND new = ? AND at = ?)")
        which = [topic["id"], topic["deleted_at"], key, topic["deleted_at"]]
        restored = _claim_events(db, where, which, "restore", None, topic["deleted_at"], None,
                                 f"restored with topic {key}" + (f": {why}" if why else ""), stamp)
        db.execute(f"UPDATE claims SET deleted_at = NULL, updated = ? WHERE {where}", [stamp, *which])
        db.execute("UPDATE topics SET deleted_at = NULL, updated = ? WHERE id = ?", [stamp, topic["id"]])
        record(db, "topic", key, "restore", old=topic["deleted_at"], why=why, at=stamp)
    return {"topic": key, "claims": restored}


def _claim_events(db, where: str, params: list, action: str, field, old, new, why: str, stamp: str) -> int:
    """One history row for each claim `where` picks, chained, written at once (executemany, or
    COPY on a server: a topic may hold a million claims); how many."""
    who = actor(db)
    ids = [row[0] for row in db.execute(f"SELECT id FROM claims WHERE {where}", params)]
    rows = _chained(db, [["claim", claim_id, action, _text(field), _text(old), _text(new), _text(why), stamp, who,
                          None] for claim_id in ids])
    db.insert_rows("history", HISTORY_COLUMNS, rows)
    return len(rows)


# ---------------------------------------------------------------- claims


INSERT_CLAIM = (f"INSERT INTO claims ({', '.join(RESOLVED_COLUMNS + OWN_COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(RESOLVED_COLUMNS + OWN_COLUMNS))})")


def insert_claim(db, row: dict, import_id: int | None = None) -> None:
    db.execute(INSERT_CLAIM, [row[c] for c in RESOLVED_COLUMNS[:2]] + [import_id] + [row[c] for c in OWN_COLUMNS])


def add_claim(db, claim: dict, why: str | None = None, new_topic: bool = False, new_source: bool = False,
              allow_future: bool = False) -> dict:
    """Store one claim. Returns its id, a `warning` if its figure disagrees with itself, and
    what it `created` (("source", name), ("topic", key)), for the caller to announce."""
    from claims.rules.claim import future_problem, latest_date, sign_problem

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
        problem = sign_problem(figure, topic["kind"], topic["key"])
        if problem:
            raise ClaimsError(problem)
        row = claim_columns(claim, figure, topic["id"], source_id)
        insert_claim(db, row)
        record(db, "claim", row["id"], "create", new=claim["figure"] or claim["quote"], why=why, at=row["created"])
    created = [("source", claim["source"])] * source_created + [("topic", topic["key"])] * topic_created
    return {"id": row["id"], "warning": row["figure_warning"], "created": created}


def edit_claim(db, claim_id: str, changes: dict, why: str, action: str = "edit", new_topic: bool = False,
               new_source: bool = False, allow_future: bool = False) -> dict:
    """Change a claim's fields; one history row per field that changed. The claim comes
    back with what the edit `created` (a topic or source), for the caller to announce."""
    from claims.rules.claim import future_problem, latest_date, sign_problem

    current = get_claim(db, claim_id)
    changes = {k: v for k, v in changes.items() if v is not None}
    unknown = set(changes) - set(EDITABLE) - {"source_type", "side", "reliability"}
    if unknown:
        raise ClaimsError(f"cannot edit {', '.join(sorted(unknown))}")
    from claims.rules.models import CLAIM_FIELDS, new_claim

    merged = {k: current[k] for k in CLAIM_FIELDS if k in current and k not in ("admiralty",)}
    merged.update(source_type=None, side=None, reliability=None)
    if set(changes) & set(FIGURE_FIELDS):  # a new figure or new numbers replace the old reading whole
        merged.update(dict.fromkeys(FIGURE_FIELDS), figure=current["figure"] if "figure" not in changes else None)
    merged.update(changes)
    claim = new_claim(**merged)
    figure = figure_of(claim)
    problem = future_problem(claim, None if allow_future else latest_date())
    if problem:
        raise ClaimsError(problem)
    with write(db):
        source_id, source_created = resolve_source(db, claim, new=new_source)
        topic_created = find_topic(db, claim["topic"]) is None
        topic = ensure_topic(db, claim["topic"], figure, new=new_topic)
        if problem := sign_problem(figure, topic["kind"], topic["key"]):
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


def _check_restorable(claim_id: str, row: dict) -> None:
    """A claim comes back only into a live topic whose unit still fits it."""
    from claims.figures.units import describe, fits

    if row["topic_removed"]:
        raise ClaimsError(f"claim {claim_id}'s topic {row['key']!r} was removed: "
                          f"`claims topics restore {row['key']}` brings it back with the claims removed with it")
    if not fits(row["dimension"], row["measured"]):
        raise ClaimsError(f"claim {claim_id} is {describe(row['dimension'])}, and its topic {row['key']!r} is now "
                          f"measured in {row['unit']}: give it another topic first (claims edit {claim_id} "
                          "--topic KEY --why ...)")


def restore_claim(db, claim_id: str, why: str | None = None) -> str:
    full = resolve_id(db, claim_id)
    with write(db):
        row = next(db.query("SELECT c.deleted_at, c.dimension, t.key, t.unit, t.dimension AS measured, "
                            "t.deleted_at AS topic_removed FROM claims c JOIN topics t ON t.id = c.topic_id "
                            "WHERE c.id = ?", [full]))
        if not row["deleted_at"]:
            raise ClaimsError(f"claim {full} is not removed")
        _check_restorable(full, row)
        stamp = now()
        db.execute("UPDATE claims SET deleted_at = NULL, updated = ? WHERE id = ?", [stamp, full])
        record(db, "claim", full, "restore", old=row["deleted_at"], why=why, at=stamp)
    return full





# ---------------------------------------------------------------- verification and links

def verify_claim(db, claim_id: str, changes: dict, note: str, evidence: list[str] | None = None) -> None:
    """A verification's new status (and credibility), each with a history row citing the evidence."""
    with write(db):
        current = next(db.query("SELECT status, credibility FROM claims WHERE id = ?", [claim_id]))
        stamp = now()
        for field, new in changes.items():
            db.execute(f"UPDATE claims SET {field} = ?, updated = ? WHERE id = ?", [new, stamp, claim_id])
            _claim_event(db, claim_id, "verify", field, current[field], new, note, stamp, evidence)


def _claim_event(db, claim_id, action, field, old, new, why, stamp, evidence=None):
    record(db, "claim", claim_id, action, field, None if old is None else str(old),
           None if new is None else str(new), why, stamp, evidence)


def add_link(db, a: str, b: str, kind: str, note: str | None) -> None:
    """Link two claims, with a history row on each."""
    with write(db):
        if link_exists(db, a, b, kind):
            raise ClaimsError(f"{a} is already linked to {b} as {kind}")
        stamp = now()
        db.execute("INSERT INTO links (claim_id, other_id, kind, note, at, who) VALUES (?, ?, ?, ?, ?, ?)",
                   [a, b, kind, note, stamp, actor(db)])
        _claim_event(db, a, "link", kind, None, b, note, stamp)
        _claim_event(db, b, "link", f"{kind} (from)", None, a, note, stamp)


def set_copies(db, source: dict, target: dict, why: str) -> None:
    """Mark `source` as copying `target`."""
    with write(db):
        db.execute("UPDATE sources SET copies_id = ?, updated = ? WHERE id = ?", [target["id"], now(), source["id"]])
        record(db, "source", source["id"], "edit", "copies", None, target["name"], why)



# ---------------------------------------------------------------- clusters of one claim

def accept_cluster(db, topic_id: int, first: str, relays: list[str], why: str | None) -> int:
    """Record a cluster: each relay linked to the first appearance as `relays` (a history row
    on both), the links carrying the cluster's id; a link already there is kept as it is."""
    with write(db):
        stamp = now()
        cluster_id = _cluster_row(db, topic_id, first, relays, "accepted", why, stamp)
        note = f"cluster {cluster_id}" + (f": {why}" if why else "")
        for relay in relays:
            if link_exists(db, relay, first, "relays"):
                continue
            db.execute("INSERT INTO links (claim_id, other_id, kind, note, at, who, cluster_id) "
                       "VALUES (?, ?, 'relays', ?, ?, ?, ?)", [relay, first, note, stamp, actor(db), cluster_id])
            _claim_event(db, relay, "link", "relays", None, first, note, stamp)
            _claim_event(db, first, "link", "relays (from)", None, relay, note, stamp)
        record(db, "cluster", cluster_id, "accept", "members", None, [first, *relays], why, stamp)
    return cluster_id


def reject_cluster(db, topic_id: int, first: str, relays: list[str], why: str | None) -> int:
    """Record that a proposed cluster is not one claim, so that it is not proposed again."""
    with write(db):
        stamp = now()
        cluster_id = _cluster_row(db, topic_id, first, relays, "rejected", why, stamp)
        record(db, "cluster", cluster_id, "reject", "members", None, [first, *relays], why, stamp)
    return cluster_id


def undo_cluster(db, cluster: dict, why: str) -> int:
    """Remove the links an accepted cluster made (a history row for each) and mark it undone."""
    with write(db):
        stamp = now()
        links = list(db.execute("SELECT claim_id, other_id FROM links WHERE cluster_id = ?", [cluster["id"]]))
        for relay, first in links:
            _claim_event(db, relay, "unlink", "relays", first, None, why, stamp)
            _claim_event(db, first, "unlink", "relays (from)", relay, None, why, stamp)
        db.execute("DELETE FROM links WHERE cluster_id = ?", [cluster["id"]])
        db.execute("UPDATE clusters SET status = 'undone' WHERE id = ?", [cluster["id"]])
        record(db, "cluster", cluster["id"], "undo", "status", cluster["status"], "undone", why, stamp)
    return len(links)


def _cluster_row(db, topic_id, first, relays, status, why, stamp) -> int:
    return db.insert_id("INSERT INTO clusters (topic_id, first_id, members, status, at, who, why) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [topic_id, first, to_json(sorted([first, *relays])), status, stamp, actor(db), why])


# ---------------------------------------------------------------- snapshots

def add_snapshot(db, snapshot: dict, claim_ids: list[str]) -> int:
    """Record one fetch of a cited page (kept as a WARC file, or why not), with a history row
    on each claim that cites it."""
    with write(db):
        snapshot_id = db.insert_id(
            "INSERT INTO snapshots (url, final_url, status, fetched_at, size, sha256, file, file_sha256, error) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [snapshot[k] for k in ("url", "final_url", "status", "fetched_at", "size", "sha256", "file", "file_sha256",
                                   "error")])
        kept = snapshot["file"] is not None and snapshot["status"] is not None and snapshot["status"] < 400
        new = (f"sha256:{snapshot['sha256']} {snapshot['file']}" if kept else
               f"not kept: {snapshot['error'] or 'status ' + str(snapshot['status'])}")
        for claim_id in claim_ids:
            record(db, "claim", claim_id, "archive", "snapshot", snapshot["url"], new,
                   f"status {snapshot['status']}, final address {snapshot['final_url']}" if snapshot["status"]
                   else None, snapshot["fetched_at"])
    return snapshot_id


# ---------------------------------------------------------------- learned weights

def save_weights(db, weights: dict, stamp: str) -> None:
    """Replace the stored weights (source id -> (weight, claims judged on)) with these,
    learned at the database's fingerprint `stamp`."""
    with write(db):
        db.execute("DELETE FROM learned_weights")
        db.insert_rows("learned_weights", ("source_id", "weight", "evidence", "fingerprint"),
                       [(source_id, w, n, stamp) for source_id, (w, n) in weights.items()])



# ---------------------------------------------------------------- imports

def start_import(db, name: str, fmt: str) -> int:
    """The batch row an import's claims point to; its count is set when it finishes."""
    return db.insert_id("INSERT INTO imports (file, format, rows, at, who) VALUES (?, ?, 0, ?, ?)",
                     [name, fmt, now(), actor(db)])


def insert_claims(db, rows: list[tuple]) -> None:
    """Claims already checked and resolved, as tuples in the order of INSERT_CLAIM (on a
    server, streamed with COPY, inside the import's one transaction)."""
    db.insert_rows("claims", RESOLVED_COLUMNS + OWN_COLUMNS, rows)


# What makes an imported row a claim already stored: the same topic, source, figure, dates
# and quote. The columns of a row to check, in order, with the type each is kept as.
SAME_CLAIM = (("topic_id", "bigint"), ("dated", "text"), ("source_id", "bigint"), ("figure", "text"),
              ("value", "double precision"), ("low", "double precision"), ("high", "double precision"),
              ("unit", "text"), ("as_of", "text"), ("reported_on", "text"), ("quote", "text"))
_GIVEN = ", ".join(["position bigint"] + [f"{name} {kind}" for name, kind in SAME_CLAIM])


@functools.cache
def _present_sql(d: Dialect) -> str:
    # the unary + keeps the planner off the source index: a prolific source has thousands
    # of claims on a day, a topic a handful; the topic index (topic, date) finds each row's
    # equals among a few
    equal = " AND ".join("c.topic_id = g.topic_id" if name == "topic_id" else "+c.source_id = g.source_id"
                         if name == "source_id" else d.same(f"c.{name}", f"g.{name}") for name, _ in SAME_CLAIM)
    return (f"SELECT g.position FROM import_given g WHERE EXISTS (SELECT 1 FROM claims c WHERE {equal} "
            "AND c.deleted_at IS NULL AND (c.import_id IS NULL OR c.import_id <> ?))")


def present(db, rows: list[tuple], batch: int) -> set[int]:
    """Of these rows, (position, *SAME_CLAIM columns), the positions of those equal to a
    live claim stored before the import `batch` began. The rows go into a temporary table
    of this connection (typed columns: numbers compare as stored), gone with the import's
    transaction on a server; 7 us a row where one statement of VALUES took 11-14."""
    d = dialect_of(db)
    db.execute(f"CREATE TEMP TABLE IF NOT EXISTS import_given ({_GIVEN}){d.temporary_until_commit}")
    db.execute("DELETE FROM import_given")
    db.execute_many(f"INSERT INTO import_given VALUES ({', '.join('?' * (len(SAME_CLAIM) + 1))})", rows)
    return {r[0] for r in db.execute(_present_sql(d), [batch])}


def finds_taken_ids(db) -> bool:
    """Whether `insert_claims_unless_taken` can tell a taken id (SQLite: a savepoint undoes
    the statement's rows; a server's failed statement would abort the whole transaction)."""
    return db.finds_taken_ids


def insert_claims_unless_taken(db, rows: list[tuple]) -> bool:
    """`insert_claims` on SQLite, or False and nothing written if one of the rows' ids is taken."""
    return db.insert_rows_unless_taken("claims", RESOLVED_COLUMNS + OWN_COLUMNS, rows, "claims.id")


def finish_import(db, batch: int, imported: int, name: str) -> None:
    db.execute("UPDATE imports SET rows = ? WHERE id = ?", [imported, batch])
    record(db, "import", batch, "import", new=f"{imported} claims from {name}")


def drop_import(db, batch: int) -> None:
    """A re-import that changed nothing leaves no trace, not even an empty batch."""
    db.execute("DELETE FROM imports WHERE id = ?", [batch])


def supersede(db, claim_id: str, by: str, why: str) -> None:
    """A figure its own source has corrected: set aside as retracted (left out of conflicts
    and consensus), with a history row naming the claim that supersedes it."""
    with write(db):
        stamp = now()
        old = (first_row(db, "SELECT status FROM claims WHERE id = ?", [claim_id]) or {}).get("status")
        db.execute("UPDATE claims SET status = ?, updated = ? WHERE id = ?", [Status.retracted.value, stamp, claim_id])
        _claim_event(db, claim_id, "supersede", "status", old, Status.retracted.value,
                     f"superseded by claim {by}: {why}", stamp)
