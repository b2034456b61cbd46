"""Every write to the database: sources, topics, claims, verifications, links, learned
weights, imports; and the history of every change.

Each write goes through here, inside one transaction, and leaves a history row: what
changed, the old and new value, why, when and by whom. The store writes rows and their
history, nothing else: what may be stored (a claim validated, its figure read, its source
and topic found or created, a unit checked) is decided by `operations.recording`.
"""

from __future__ import annotations

import functools
import json

from claims.basics.dates import now
from claims.basics.errors import ClaimsError
from claims.basics.vocab import Status
from claims.rules.chain import FIELDS, entry_hash
from claims.rules.claim import (
    OWN_COLUMNS,
    RESOLVED_COLUMNS,
    to_json,
)
from claims.storage.db import actor, write
from claims.storage.dialect import Dialect, dialect_of
from claims.storage.queries import (
    chain_head,
    find_source,
    first_row,
    link_exists,
    sources_by_name,
    topics_by_key,
)


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


def add_source(db, source: dict, auto_created: bool = False, why: str | None = None) -> int:
    """A new source, validated (`rules.models.SourceIn`, dumped), with its aliases."""
    with write(db):
        for name in [source["name"], *source["aliases"]]:
            if find_source(db, name):
                raise ClaimsError(f"source {name!r} already exists")
        stamp = now()
        source_id = db.insert_id(
            "INSERT INTO sources (name, type, side, reliability, notes, url, auto_created, created, updated) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [*(source[k] for k in SOURCE_FIELDS), int(auto_created), stamp, stamp],
        )
        for alias in dict.fromkeys(source["aliases"]):
            db.execute("INSERT INTO source_aliases (alias, source_id) VALUES (?, ?)", [alias, source_id])
        record(db, "source", source_id, "create", new=source, why=why, at=stamp)
    return source_id


def add_sources(db, sources: list[dict], auto_created: bool, why: str) -> list[dict]:
    """Sources created at once (validated, names not taken, no aliases): one statement for
    their rows and one for their history."""
    stamp = now()
    rows = [(*(s[k] for k in SOURCE_FIELDS), int(auto_created), stamp, stamp) for s in sources]
    with write(db):
        db.execute_many("INSERT INTO sources (name, type, side, reliability, notes, url, auto_created, created, "
                     "updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        made = sources_by_name(db, [s["name"] for s in sources])
        record_many(db, "source", "create", why, stamp, [(made[s["name"].lower()]["id"], s) for s in sources])
    return [made[s["name"].lower()] for s in sources]


SOURCE_FIELDS = ("name", "type", "side", "reliability", "notes", "url")


def update_source(db, current: dict, checked: dict, new_aliases: list[str], why: str) -> None:
    """A source's changed fields (`checked`: all of them, validated) and new aliases, each
    with a history row."""
    stamp = now()
    for field in SOURCE_FIELDS:
        if checked[field] != current[field]:
            db.execute(f"UPDATE sources SET {field} = ?, updated = ? WHERE id = ?",
                       [checked[field], stamp, current["id"]])
            record(db, "source", current["id"], "edit", field, current[field], checked[field], why, stamp)
    for alias in new_aliases:
        db.execute("INSERT INTO source_aliases (alias, source_id) VALUES (?, ?)", [alias, current["id"]])
        record(db, "source", current["id"], "alias", "aliases", None, alias, why, stamp)


# ---------------------------------------------------------------- topics


TOPIC_COLUMNS = ("key", "title", "unit", "dimension", "unit_factor", "kind", "created", "updated")
INSERT_TOPIC = f"INSERT INTO topics ({', '.join(TOPIC_COLUMNS)}) VALUES ({', '.join('?' * len(TOPIC_COLUMNS))})"
TOPIC_HISTORY = ("title", "unit", "kind")


def insert_topic(db, row: dict, why: str | None) -> dict:
    """A new topic's row (`claim.topic_row`), with its history."""
    with write(db):
        topic_id = db.insert_id(INSERT_TOPIC, [row[c] for c in TOPIC_COLUMNS])
        record(db, "topic", row["key"], "create", new={k: row[k] for k in TOPIC_HISTORY}, why=why, at=row["created"])
    return {"id": topic_id, **row}


def insert_topics(db, rows: list[dict], why: str) -> list[dict]:
    """Topics' rows at once: one statement for the rows and one for their history."""
    with write(db):
        db.execute_many(INSERT_TOPIC, [tuple(row[c] for c in TOPIC_COLUMNS) for row in rows])
        ids = topics_by_key(db, [row["key"] for row in rows])
        record_many(db, "topic", "create", why, rows[0]["created"] if rows else now(), [
            (row["key"], {k: row[k] for k in TOPIC_HISTORY}) for row in rows])
    return [ids[row["key"]] for row in rows]


def update_topic(db, topic: dict, changes: dict, why: str) -> None:
    """A topic's changed columns; title, unit and kind each with a history row."""
    with write(db):
        stamp = now()
        for field, new in changes.items():
            if new != topic[field]:
                db.execute(f"UPDATE topics SET {field} = ?, updated = ? WHERE id = ?", [new, stamp, topic["id"]])
                if field in TOPIC_HISTORY:
                    record(db, "topic", topic["key"], "edit", field, topic[field], new, why, stamp)


def set_plain_number(db, topic_id: int) -> None:
    """A topic whose first figure is a bare number measures plain numbers."""
    db.execute("UPDATE topics SET dimension = 'number', unit_factor = 1.0 WHERE id = ?", [topic_id])


def rename_topic(db, topic: dict, new_key: str, why: str) -> None:
    """A topic under a new key; its claims go with it, and its history follows (`topic_history`)."""
    with write(db):
        stamp = now()
        db.execute("UPDATE topics SET key = ?, updated = ? WHERE id = ?", [new_key, stamp, topic["id"]])
        record(db, "topic", new_key, "rename", "key", topic["key"], new_key, why, stamp)


def merge_topics(db, source: dict, target: dict, why: str) -> int:
    """Every claim of topic `source` (removed ones too) moved into `target`, each with a
    history row, and `source` removed; how many claims moved."""
    key, into = source["key"], target["key"]
    with write(db):
        stamp = now()
        moved = _claim_events(db, "topic_id = ?", [source["id"]], "edit", "topic", key, into, why, stamp)
        db.execute("UPDATE claims SET topic_id = ?, updated = ? WHERE topic_id = ?",
                   [target["id"], stamp, source["id"]])
        db.execute("UPDATE topics SET deleted_at = ?, updated = ? WHERE id = ?", [stamp, stamp, source["id"]])
        record(db, "topic", key, "merge", "into", None, into, why, stamp)
        record(db, "topic", into, "merge", "from", key, f"claims moved: {moved}", why, stamp)
    return moved


def remove_topic(db, topic: dict, why: str) -> int:
    """Remove a topic and its live claims with it; how many claims."""
    key = topic["key"]
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
    return removed


def restore_topic(db, topic: dict, why: str | None = None) -> int:
    """Bring back a removed topic and the claims removed with it; how many claims."""
    key = topic["key"]
    with write(db):
        stamp = now()
        where = ("topic_id = ? AND deleted_at = ? AND id IN (SELECT entity_id FROM history WHERE entity = 'claim' "
                 "AND action = 'remove' AND field = 'topic' AND new = ? AND at = ?)")
        which = [topic["id"], topic["deleted_at"], key, topic["deleted_at"]]
        restored = _claim_events(db, where, which, "restore", None, topic["deleted_at"], None,
                                 f"restored with topic {key}" + (f": {why}" if why else ""), stamp)
        db.execute(f"UPDATE claims SET deleted_at = NULL, updated = ? WHERE {where}", [stamp, *which])
        db.execute("UPDATE topics SET deleted_at = NULL, updated = ? WHERE id = ?", [stamp, topic["id"]])
        record(db, "topic", key, "restore", old=topic["deleted_at"], why=why, at=stamp)
    return restored


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


def insert_claim(db, row: dict, why: str | None, shown: str | None) -> None:
    """One claim's row (`claim.claim_columns`) and the history row of its creation, which
    shows its figure or quote."""
    with write(db):
        db.execute(INSERT_CLAIM, [row[c] for c in RESOLVED_COLUMNS[:2]] + [None] + [row[c] for c in OWN_COLUMNS])
        record(db, "claim", row["id"], "create", new=shown, why=why, at=row["created"])


def update_claim(db, claim_id: str, new: dict, fields: list[tuple], why: str, action: str = "edit") -> None:
    """A claim's changed columns; each field asked to change, as (field, old, new), with a
    history row if its column did change."""
    with write(db):
        old = next(db.query("SELECT * FROM claims WHERE id = ?", [claim_id]))
        stamp = now()
        changed = _write_changes(db, claim_id, old, new)
        for field, old_value, new_value in fields:
            if field in changed or _column_of(field) in changed:
                record(db, "claim", claim_id, action, field, old_value, new_value, why, stamp)
        if changed:
            db.execute("UPDATE claims SET updated = ? WHERE id = ?", [stamp, claim_id])


def _column_of(field: str) -> str:
    return {"topic": "topic_id", "source": "source_id"}.get(field, field)


def _write_changes(db, claim_id: str, old: dict, new: dict) -> set:
    skip = {"id", "created", "updated", "import_id"}
    changed = {k for k, v in new.items() if k not in skip and old.get(k) != v}
    for column in sorted(changed):
        db.execute(f"UPDATE claims SET {column} = ? WHERE id = ?", [new[column], claim_id])
    return changed


def remove_claim(db, claim_id: str, why: str) -> None:
    with write(db):
        stamp = now()
        db.execute("UPDATE claims SET deleted_at = ?, updated = ? WHERE id = ?", [stamp, stamp, claim_id])
        record(db, "claim", claim_id, "remove", why=why, at=stamp)


def restore_claim(db, claim_id: str, removed_at: str, why: str | None = None) -> None:
    with write(db):
        stamp = now()
        db.execute("UPDATE claims SET deleted_at = NULL, updated = ? WHERE id = ?", [stamp, claim_id])
        record(db, "claim", claim_id, "restore", old=removed_at, why=why, at=stamp)


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
