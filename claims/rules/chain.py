"""The history as a hash chain: each entry carries the hash of the one before it.

An entry's hash covers the hash before it and every field of the entry, so an edit of any
entry by hand (its text, who, when), one removed from the middle or one slipped in without
its hash all break the chain at a place `first_break` names. What a chain cannot show on its
own is an edit that rewrites every hash from the edited entry to the end, or the newest
entries removed; the head hash `claims check` prints, kept elsewhere, shows both (and on a
shared server, the roles let no analyst update or delete history at all).
"""

import hashlib
import json
from collections.abc import Iterable
from typing import NamedTuple

# what an entry's hash covers, in this order; the hash before it comes first
FIELDS = ("entity", "entity_id", "action", "field", "old", "new", "why", "at", "who", "evidence")
START = ""  # the hash "before" the first entry


def entry_hash(previous: str, entry) -> str:
    """SHA-256 of the previous hash and the entry's fields (a dict or a tuple in FIELDS order)."""
    values = [entry[f] for f in FIELDS] if isinstance(entry, dict) else list(entry)
    text = json.dumps([previous, *values], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class Break(NamedTuple):
    entry: int  # the history id of the first entry that does not fit
    why: str


def first_break(entries: Iterable[tuple]) -> tuple[Break | None, int, str]:
    """Walk (id, previous_hash, hash, *FIELDS) rows in id order: the first entry that does not
    fit, how many entries were read, and the head (the last good hash)."""
    head, count = START, 0
    for row in entries:
        entry_id, previous, stored, values = row[0], row[1], row[2], row[3:]
        count += 1
        if previous != head:
            return Break(entry_id, "does not follow the entry before it (one was removed, inserted or "
                                   "rewritten)"), count, head
        if stored != entry_hash(previous, values):
            return Break(entry_id, "was changed after it was written (its hash no longer fits)"), count, head
        head = stored
    return None, count, head
