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
    parent = list(range(len(rows)))
    for i, j in _pairs(rows, tolerance, window, similar):
        _join(parent, i, j)
    groups: dict[int, list[int]] = {}
    for i in range(len(rows)):
        groups.setdefault(_find(parent, i), []).append(i)
    ordered = sorted(_ordered(rows, members) for members in groups.values() if len(members) > 1)
    return [cluster for _, cluster in ordered]


def _pairs(rows: list[Row], tolerance: float, window: int, similar: int):
    """(i, j) for every two claims that are one claim relayed: the window is scanned forward
    from each claim, and quotes are compared only when the figures agree."""
    ratio = None
    for i, a in enumerate(rows):
        for j in range(i + 1, len(rows)):
            b = rows[j]
            if b.day - a.day >= window:
                break
            if not agree(a.value, b.value, tolerance):
                continue
            if a.voice is not None and a.voice == b.voice:
                yield i, j
                continue
            if ratio is None:
                from rapidfuzz.fuzz import token_set_ratio as ratio
            if a.text and b.text and ratio(a.text, b.text, score_cutoff=similar):
                yield i, j


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _join(parent: list[int], i: int, j: int) -> None:
    a, b = _find(parent, i), _find(parent, j)
    if a != b:
        parent[max(a, b)] = min(a, b)


def _ordered(rows: list[Row], members: list[int]) -> tuple[tuple, Cluster]:
    """The cluster's claims in the order they appeared (reported, then recorded), with the
    first appearance's place in that order."""
    members = sorted(members, key=lambda i: (rows[i].reported, rows[i].seq))
    first = rows[members[0]]
    return (first.reported, first.seq), Cluster(first.id, [rows[i].id for i in members[1:]])
