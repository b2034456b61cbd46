"""Clusters of one claim relayed, as operations: proposing them over one topic or the whole
database, recording a person's answer (accepted: `relays` links with history; rejected:
not proposed again), and undoing an accepted one. The rule is `rules.clusters`; reads are
in `queries`, writes in `store`.
"""

from __future__ import annotations

from datetime import date
from typing import TypedDict

from claims.basics.collector import paused
from claims.basics.errors import ClaimsError
from claims.basics.vocab import Publisher
from claims.rules.clusters import HORIZON, SIMILAR, WINDOW, Row, clusters_of, relayed, same_figure, step, words
from claims.rules.voices import voices_of
from claims.storage import queries, store

SERIES = {publisher.value for publisher in Publisher}  # the import formats of published series


class Proposal(TypedDict):
    """One proposed cluster: its topic, its first appearance, its relay chain in the order
    they appeared, and what a person needs to judge it (`claims`: id -> source, via,
    figure, dates, quote, url)."""

    topic: str
    topic_id: int
    first: str
    relays: list[str]
    claims: dict


@paused()  # a million rows become a million small tuples
def proposals(db, topic: str | None = None, tolerance: float = 0.10, window: int = WINDOW, progress=None,
              details: bool = True) -> list[Proposal]:
    """The clusters not yet decided on: over one topic, or every topic."""
    _check(tolerance, window)
    topic_id = queries.get_topic(db, topic)["id"] if topic else None
    found = list(_propose_all(db, topic_id, tolerance, window, progress))
    found = _undecided(db, found, topic_id)
    if details and found:
        _add_details(db, found)
    return found


def _check(tolerance: float, window: int) -> None:
    if not 0 <= tolerance < 1:
        raise ClaimsError(f"invalid --tolerance {tolerance}: give a share from 0 to 1 (0.1 is 10%)")
    if window < 1:
        raise ClaimsError(f"invalid --window {window}: give a number of days, at least 1")


def _propose_all(db, topic_id, tolerance, window, progress):
    """(topic id, cluster) for every cluster: the pairs that may be one claim found in the
    database, then judged here (one voice, or quotes about the same thing)."""
    pairs = queries.cluster_pairs(db, tolerance, window, max(window, HORIZON), topic_id)
    if not pairs:
        return []
    rows = _rows(db, list({claim_id for _, a, b in pairs for claim_id in (a, b)}))
    topic_of = {}
    joined = []
    for done, (key, a, b) in enumerate(pairs, 1):
        if same_figure(rows[a], rows[b], tolerance) and relayed(rows[a], rows[b], SIMILAR, window):
            joined.append((a, b))
            topic_of[a] = key
        if progress is not None and done % 10_000 == 0:
            progress(done, len(pairs))
    return [(topic_of.get(c.first) or topic_of[next(r for r in c.relays if r in topic_of)], c)
            for c in clusters_of(joined, rows, tolerance)]


def _rows(db, claim_ids: list[str]) -> dict:
    """claim id -> clustering's Row: its voice (none for an unattributed source), its date as
    a day number, its quote as words."""
    found = []
    for start in range(0, len(claim_ids), 50_000):
        found += queries.cluster_members(db, claim_ids[start:start + 50_000])
    voice = voices_of([r[0] for r in found], [r[2] for r in found], queries.source_roots(db),
                      queries.cluster_links(db))
    days: dict = {}
    rows = {}
    for claim_id, seq, _, kind, dated, reported, value, quote, written, imported in found:
        day = days.get(dated)
        if day is None:
            day = days[dated] = date.fromisoformat(dated[:10]).toordinal()
        # the precision it was written with, in the base unit ("5,300 m": 100 m)
        unit_step = step(written) * (value / written) if written else step(value)
        rows[claim_id] = Row(claim_id, seq, None if kind == "unattributed" else voice[claim_id], day, reported,
                             value, words(quote), abs(unit_step), imported in SERIES)
    return rows


def _undecided(db, found: list[tuple], topic_id) -> list[Proposal]:
    """Proposals not rejected as they stand, and not inside a cluster already accepted."""
    decided = queries.recorded_clusters(db, topic_id)
    rejected = {tuple(c["members"]) for c in decided if c["status"] == "rejected"}
    accepted = [set(c["members"]) for c in decided if c["status"] == "accepted"]
    kept = []
    for key, cluster in found:
        members = sorted([cluster.first, *cluster.relays])
        if tuple(members) in rejected or any(set(members) <= a for a in accepted):
            continue
        kept.append(Proposal(topic="", topic_id=key, first=cluster.first, relays=cluster.relays, claims={}))
    return kept


def _add_details(db, found: list[Proposal]) -> None:
    topics = queries.topics_by_id(db)
    ids = [claim_id for p in found for claim_id in (p["first"], *p["relays"])]
    claims: dict = {}
    for start in range(0, len(ids), 10_000):
        claims.update(queries.cluster_claims(db, ids[start:start + 10_000]))
    for p in found:
        p["topic"] = topics[p["topic_id"]]["key"]
        p["claims"] = {claim_id: claims[claim_id] for claim_id in (p["first"], *p["relays"])}


# ---------------------------------------------------------------- answers

def accept(db, proposal: Proposal, why: str | None = None) -> int:
    """Record a cluster as links: each relay `relays` its first appearance."""
    return store.accept_cluster(db, proposal["topic_id"], proposal["first"], proposal["relays"], why)


def reject(db, proposal: Proposal, why: str | None = None) -> int:
    return store.reject_cluster(db, proposal["topic_id"], proposal["first"], proposal["relays"], why)


def undo(db, cluster_id: int, why: str) -> dict:
    """Undo an accepted cluster: its links go (each with a history row); the claims count
    as they did before."""
    if not why or not why.strip():
        raise ClaimsError("undoing a cluster needs --why: the reason is kept in the history")
    cluster = queries.get_cluster(db, cluster_id)
    if cluster["status"] != "accepted":
        raise ClaimsError(f"cluster {cluster_id} is {cluster['status']}, not accepted: nothing to undo")
    removed = store.undo_cluster(db, cluster, why)
    return {**cluster, "status": "undone", "links_removed": removed}


def recorded(db, topic: str | None = None) -> list[dict]:
    """Clusters accepted, rejected or undone."""
    return queries.recorded_clusters(db, queries.get_topic(db, topic)["id"] if topic else None)
