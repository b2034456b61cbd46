"""What the list, show and history commands read: claims, sources and topics, one by one or
as lists (a table's first page with the count of all, or every row asked for), and the
trail of changes. Reads only: the database is opened read-only for them."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from claims.storage import queries

# what -> (rows, count): the lists a command can page through
LISTS: dict[str, tuple[Callable[..., list[dict]], Callable[..., int]]] = {
    "claims": (queries.list_claims, queries.count_claims),
    "sources": (queries.list_sources, queries.count_sources),
    "topics": (queries.list_topics, queries.count_topics),
}


class Listing(NamedTuple):
    """Rows, and how many the same filters give in all (None: every row asked for is here)."""

    rows: list[dict]
    total: int | None


def listing(db, what: str, page: int | None = None, limit: int | None = None, **filters) -> Listing:
    """The `page` first rows with the count of all (a table), else up to `limit` rows (0 or
    None: all). The count is asked only when there may be more: over a million claims it is
    not free."""
    read, count = LISTS[what]
    if page is not None:
        rows, total = queries.first_rows(lambda limit: read(db, limit=limit, **filters),
                                         lambda: count(db, **filters), page)
        return Listing(rows, total)
    return Listing(read(db, limit=limit or None, **filters), None)


def claims(db, topic: str | None = None, source: str | None = None) -> list[dict]:
    """Every live claim (of a topic, of a source), in the keys `claims import` reads back."""
    return queries.list_claims(db, topic=topic, source=source)


def claim(db, claim_id: str) -> dict:
    """One claim with its history and the evidence its verifications cited."""
    return queries.claim_with_history(db, claim_id)


def history(db, claim_id: str | None = None, limit: int | None = None) -> list[dict]:
    """The trail of changes to one claim, or to the whole database (the last `limit`)."""
    return queries.history(db, claim_id, limit)


def topic(db, key: str) -> dict:
    return queries.topic_detail(db, key)


def topic_history(db, key: str) -> list[dict]:
    return queries.topic_history(db, key)
