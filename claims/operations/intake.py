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
    sources: dict = {}  # the sources it already has: lower-case name or alias -> {id, name, type, side}


class NewSource(NamedTuple):
    """A source applying the candidates would create, as it would be created."""

    name: str
    type: str
    side: str
    near: str | None  # a known source whose name it is a near spelling of: offered, not merged


def propose(db, text: str, outlet: str | None = None, dateline: str | None = None) -> Proposal:
    """Candidate claims in a text; with a database, on its topics and marked when stored."""
    known = queries.source_index(db) if db is not None else {}
    candidates = extract.extract(text, known=known, outlet=outlet, dateline=dateline)
    topics = queries.topic_rows(db) if db is not None else []
    for candidate in candidates:
        candidate["topic"] = extract.reuse_topic(candidate["topic"], candidate["unit"], topics)
    mark_stored(db, candidates)
    return Proposal(candidates, {topic["key"] for topic in topics}, known)


def new_sources(proposal: Proposal, candidates: list[dict] | None = None) -> list[NewSource]:
    """The sources adding these candidates (by default, the proposal's not yet stored) would
    create, each once, in order, with the type and side it would get and a known source it
    may be a misspelling of."""
    from claims.extraction import sources

    index = sources.near_index(proposal.sources)
    new: dict[str, NewSource] = {}
    for c in proposal.candidates if candidates is None else candidates:
        name = c["source"]
        if c.get("stored") or name.lower() in proposal.sources or name.lower() in new:
            continue
        close = index.near(name) if index else None
        near = proposal.sources[close.lower()]["name"] if close else None
        new[name.lower()] = NewSource(name, c["source_type"], c["side"] or "unknown", near)
    return list(new.values())


def undated(candidates: list[dict]) -> int:
    """How many candidates have no as_of: the text gave no date for them (and no --date was
    given). Each would be listed apart from every dated comparison."""
    return sum(1 for candidate in candidates if not candidate["as_of"])


def identity(candidate: dict) -> tuple:
    """What makes two claims one: the same source saying the same figure on the same topic,
    on the same dates, in the same words."""
    return (candidate["topic"], candidate["source"].lower(), candidate["figure"] or "", candidate.get("as_of") or "",
            candidate.get("reported_on") or "", candidate["quote"] or "")


def mark_stored(db, candidates: list[dict]) -> None:
    """`stored`: already in the database, or already earlier in this list. The same figure,
    dates and quote on the same topic from a source whose name is a near spelling of the stored
    one is stored too: a review may have filed "DeepState" under the known "Deep State"."""
    from claims.basics import near

    seen = queries.stored_keys(db, sorted({c["topic"] for c in candidates})) if db is not None else set()
    spelled: dict[tuple, list[str]] = {}
    for topic, source, *said in seen:  # said: figure, as_of, reported_on, quote
        spelled.setdefault((topic, *said), []).append(source)
    for candidate in candidates:
        key = identity(candidate)
        others = spelled.get((key[0], *key[2:]), [])
        candidate["stored"] = key in seen or bool(others and near.near(key[1], others))
        seen.add(key)


def apply(db, candidates: list[dict], name: str, numbers: list[int] | None = None, **options) -> dict:
    """Add the candidates not yet stored, all or nothing; counts of what was written, with
    `skipped` the number already stored. A problem names a candidate by its number as shown
    (`numbers`, by default its position here); `options` as `importing.import_rows` takes
    them (new_sources, new_topics: create a name close to a known one as written;
    allow_duplicates: add candidates already stored too)."""
    mark_stored(db, candidates)  # again: the database may have changed since they were proposed
    numbers = numbers or list(range(1, len(candidates) + 1))
    todo = [(n, c) for n, c in zip(numbers, candidates) if options.get("allow_duplicates") or not c["stored"]]
    new = [{k: v for k, v in c.items() if k != "stored"} for _, c in todo]
    counts = importing.import_rows(db, new, name=name, labels=[f"candidate {n}" for n, _ in todo],
                                   **options) if new else \
        {"imported": 0, "unchanged": 0, "duplicates": 0, "sources_created": 0, "topics_created": 0, "created": []}
    return {**counts, "skipped": len(candidates) - len(new) + counts["duplicates"]}


def keeper(db, name: str):
    """What a review calls for each candidate a person accepts: it is stored at once, in a
    transaction of its own, and named by its number on screen if it cannot be."""
    def keep(candidate: dict, number: int, options: dict) -> dict:
        return apply(db, [candidate], name=name, numbers=[number], **options)

    return keep
