"""From an article to stored claims: candidates read from the text, matched against what
the database already holds (its topics, its sources, its claims), then added.

    proposal = propose(db, text, outlet="Example News")
    added = apply(db, proposal.candidates, name="extract article.txt")

A candidate whose source, topic, figure, dates and quote match a stored claim is marked
`stored` and not added again (the rule of every import), so running an extraction twice
adds nothing.
"""

from __future__ import annotations

from typing import NamedTuple

from claims.extraction import extract
from claims.operations import importing
from claims.storage import queries


class Proposal(NamedTuple):
    candidates: list[dict]
    topics: set[str]  # the keys of the topics the database already has


def propose(db, text: str, outlet: str | None = None, dateline: str | None = None) -> Proposal:
    """Candidate claims in a text; with a database, on its topics and marked when stored."""
    known = queries.source_index(db) if db is not None else {}
    candidates = extract.extract(text, known=known, outlet=outlet, dateline=dateline)
    topics = queries.topic_rows(db) if db is not None else []
    for candidate in candidates:
        candidate["topic"] = extract.reuse_topic(candidate["topic"], candidate["unit"], topics)
    mark_stored(db, candidates)
    return Proposal(candidates, {topic["key"] for topic in topics})


def identity(candidate: dict) -> tuple:
    """What makes two claims one: the same source saying the same figure on the same topic,
    on the same dates, in the same words."""
    return (candidate["topic"], candidate["source"].lower(), candidate["figure"] or "", candidate.get("as_of") or "",
            candidate.get("reported_on") or "", candidate["quote"] or "")


def mark_stored(db, candidates: list[dict]) -> None:
    """`stored`: already in the database, or already earlier in this list."""
    seen = queries.stored_keys(db, sorted({c["topic"] for c in candidates})) if db is not None else set()
    for candidate in candidates:
        key = identity(candidate)
        candidate["stored"] = key in seen
        seen.add(key)


def apply(db, candidates: list[dict], name: str, allow_duplicates: bool = False) -> dict:
    """Add the candidates not yet stored (all of them with `allow_duplicates`), all or
    nothing; counts of what was written, with `skipped` the number already stored."""
    mark_stored(db, candidates)  # again: the database may have changed since they were proposed
    new = [{k: v for k, v in c.items() if k != "stored"} for c in candidates
           if allow_duplicates or not c["stored"]]
    counts = importing.import_rows(db, new, name=name, allow_duplicates=allow_duplicates) if new else \
        {"imported": 0, "unchanged": 0, "duplicates": 0, "sources_created": 0, "topics_created": 0, "created": []}
    return {**counts, "skipped": len(candidates) - len(new) + counts["duplicates"]}
