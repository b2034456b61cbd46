"""Clusters of one claim: the same figure, relayed. Pure: a topic's claims in, proposed
clusters out.

Two claims on one topic are one claim relayed when their best figures agree within the
tolerance, their dates fall within one window, and either they speak with one voice (one
source, an alias of it, a source that copies it, or claims already linked as relays) or
their quotes are near-duplicates: what an outlet does when it reprints wire copy, and
what it still does when it drops the attribution ("officials say") or names the claimant
its own way ("the disaster mitigation agency"). Near-duplicates are measured by rapidfuzz's
token set ratio on the quotes with their numbers and punctuation taken out (the figures
are compared on their own). A cluster is the claims joined by such pairs; its first
appearance is the claim reported first, and the rest are its relay chain in the order
they appeared.
"""

import re
from typing import NamedTuple

SIMILAR = 35  # token set ratio (0-100) from which two quotes speak of the same thing: measured, see README
_NOT_WORDS = re.compile(r"[\W\d_]+")


class Row(NamedTuple):
    """One claim as clustering reads it."""

    id: str
    seq: int  # the order recorded: the tie-break for "first"
    voice: object  # its independent voice (source root; None for an unattributed source, which is no voice)
    day: int  # its date (as_of, else reported_on) as a day number
    reported: str  # when it appeared (reported_on, else its date)
    value: float  # its best figure, in the topic's base unit
    text: str  # its quote, as words only (`words`)


class Cluster(NamedTuple):
    first: str  # the first appearance
    relays: list[str]  # the rest, in the order they appeared


def words(quote: str | None) -> str:
    """A quote as lower-case words: numbers, punctuation and spacing taken out."""
    return _NOT_WORDS.sub(" ", quote or "").lower().strip()


def agree(a: float, b: float, tolerance: float) -> bool:
    """Two best figures that differ by at most `tolerance` of the larger."""
    return abs(a - b) <= tolerance * max(abs(a), abs(b))


def propose(rows: list[Row], tolerance: float = 0.10, window: int = 1, similar: int = SIMILAR) -> list[Cluster]:
    """The clusters among one topic's claims (two claims or more each), first appearance
    first, in the order of their first appearances. `rows` must be in date order."""
    by_id = {row.id: row for row in rows}
    return clusters_of(((a.id, b.id) for a, b in candidates(rows, tolerance, window) if relayed(a, b, similar)), by_id)


def candidates(rows: list[Row], tolerance: float, window: int):
    """(a, b) for every two claims (in date order) whose figures agree within one window:
    the window is scanned forward from each claim."""
    for i, a in enumerate(rows):
        for j in range(i + 1, len(rows)):
            b = rows[j]
            if b.day - a.day >= window:
                break
            if agree(a.value, b.value, tolerance):
                yield a, b


def relayed(a: Row, b: Row, similar: int = SIMILAR) -> bool:
    """Two claims whose figures agree within one window are one claim relayed when they
    speak with one voice, or when their quotes are about the same thing."""
    if a.voice is not None and a.voice == b.voice:
        return True
    if not (a.text and b.text):
        return False
    from rapidfuzz.fuzz import token_set_ratio

    return bool(token_set_ratio(a.text, b.text, score_cutoff=similar))


def clusters_of(pairs, rows: dict) -> list[Cluster]:
    """The clusters that pairs of claim ids join (`rows`: id -> Row), first appearance first."""
    parent: dict = {}
    for a, b in pairs:
        _join(parent, a, b)
    groups: dict = {}
    for claim_id in parent:
        groups.setdefault(_find(parent, claim_id), []).append(claim_id)
    ordered = sorted(_ordered(rows, members) for members in groups.values())
    return [cluster for _, cluster in ordered]


def _find(parent: dict, x):
    while parent.get(x, x) != x:
        parent[x] = parent.get(parent[x], parent[x])
        x = parent[x]
    return x


def _join(parent: dict, a, b) -> None:
    parent.setdefault(a, a)
    parent.setdefault(b, b)
    ra, rb = _find(parent, a), _find(parent, b)
    if ra != rb:
        parent[rb] = ra


def _ordered(rows: dict, members: list) -> tuple[tuple, Cluster]:
    """The cluster's claims in the order they appeared (reported, then recorded), with the
    first appearance's place in that order."""
    members = sorted(members, key=lambda m: (rows[m].reported, rows[m].seq))
    first = rows[members[0]]
    return (first.reported, first.seq), Cluster(first.id, members[1:])
