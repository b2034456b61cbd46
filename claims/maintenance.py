"""Keeping a database safe: online backups, integrity checks, the whole history.

`backup` uses SQLite's online backup API, so the copy is consistent even while
another process writes. `check` runs SQLite's own checks and then ours: rows
whose values are outside the vocabulary, or whose numbers disagree with their topic.
"""

import json
import sqlite3
from pathlib import Path

from .errors import ClaimsError
from .vocab import Qualifier, Reliability, SourceType, Status, TopicKind


def backup(db, target: str) -> dict:
    """Copy the database to `target` (which must not exist yet), page by page."""
    path = Path(target)
    if path.exists():
        raise ClaimsError(f"{target} already exists: choose a new file name")
    try:
        destination = sqlite3.connect(path)
    except sqlite3.Error as error:
        raise ClaimsError(f"cannot write {target}: {error}") from None
    try:
        db.conn.backup(destination)
        claims = destination.execute("SELECT count(*) FROM claims").fetchone()[0]
    except sqlite3.Error as error:
        destination.close()
        path.unlink(missing_ok=True)
        raise ClaimsError(f"backup to {target} failed: {error}") from None
    destination.close()
    return {"file": str(path), "claims": claims, "bytes": path.stat().st_size}


# (table, the column that names a row, column, allowed values; None: may be empty)
VOCABULARY_CHECKS = [
    ("sources", "name", "type", [e.value for e in SourceType]),
    ("sources", "name", "reliability", [e.value for e in Reliability]),
    ("claims", "id", "status", [e.value for e in Status]),
    ("claims", "id", "qualifier", [e.value for e in Qualifier] + [None]),
    ("topics", "key", "kind", [e.value for e in TopicKind]),
]


def check(db) -> list[str]:
    """Every problem found; an empty list means the database is sound."""
    problems = [f"integrity: {row[0]}" for row in db.execute("PRAGMA integrity_check") if row[0] != "ok"]
    problems += [f"foreign key: {row[0]} row {row[1]} points to a missing {row[2]}"
                 for row in db.execute("PRAGMA foreign_key_check")]
    for table, name, column, allowed in VOCABULARY_CHECKS:
        problems += _outside_vocabulary(db, table, name, column, allowed)
    problems += _bad_credibility(db) + _bad_lists(db) + _mismatched_dimensions(db) + _bad_intervals(db)
    return problems


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
        "SELECT id, credibility FROM claims WHERE credibility NOT BETWEEN 1 AND 6 OR typeof(credibility) != 'integer'")]


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
    return [f"claim {r[0]}: measures {r[1]} but topic {r[2]} measures {r[3]}" for r in db.execute(
        "SELECT c.id, c.dimension, t.key, t.dimension FROM claims c JOIN topics t ON t.id = c.topic_id "
        "WHERE c.dimension IS NOT NULL AND t.dimension IS NOT NULL AND c.dimension != t.dimension")]


def _bad_intervals(db) -> list[str]:
    return [f"claim {r[0]}: low {r[1]} / best {r[2]} / high {r[3]} are out of order" for r in db.execute(
        "SELECT id, low, value, high FROM claims WHERE (low IS NOT NULL AND value IS NOT NULL AND low > value) "
        "OR (high IS NOT NULL AND value IS NOT NULL AND value > high)")]


def history(db, claim_id: str | None = None, limit: int | None = None) -> list[dict]:
    """Every change to one claim, or to the whole database, oldest first (the last `limit`)."""
    if claim_id:
        from .queries import claim_history

        rows = claim_history(db, claim_id)
        return rows[-limit:] if limit else rows
    sql = ("SELECT id, at, who, entity, entity_id, action, field, old, new, why, evidence FROM history "
           "ORDER BY id DESC" + (" LIMIT ?" if limit else ""))
    rows = [{**row, "evidence": json.loads(row["evidence"]) if row["evidence"] else []}
            for row in db.query(sql, [limit] if limit else [])]
    return rows[::-1]
