"""Clusters of one claim: the same figure, relayed. Pure: a topic's claims in, proposed
clusters out.

Two claims on one topic are one claim relayed when their dates fall within one window,
their best figures are the same figure (within the tolerance, and equal at the precision
the coarser of them was written with: "more than 5,000" restates 5,300, but 259 and 281
are two tolls), and either they speak with one voice (one source, an alias of it, a source
that copies it, or claims already linked as relays) or their quotes say it in words about
the same thing: what an outlet does when it reprints wire copy, and still does when it drops
the attribution ("officials say") or names the claimant its own way ("the disaster
mitigation agency"). The quotes are compared by rapidfuzz's token set ratio with their
numbers and punctuation taken out; quotes in different alphabets (an Arabic relay of an
English report) cannot be compared word by word, and the figure and the day decide.

Past the window, up to a year on, a claim still restates another when its figure is the very
same and it speaks with the same voice or reprints the words (a token set ratio of at least
70): a standing figure (a UN "people in need", an unchanged official toll) is repeated for
months, word for word, while a new statement brings a new figure or new words. A
cluster is the claims joined by such pairs; its first appearance is the claim reported
first, and the rest are its relay chain in the order they appeared.
"""

import re
import unicodedata
from typing import NamedTuple

# Days within which a relay restates a figure: an outlet repeats a figure for days (a fact sheet
# for a week), and 7 is the window `compare` weighs together. Measured: see README.
WINDOW = 7
HORIZON = 365  # days within which a reprint of the very same figure still restates it
REPRINTED = 70  # token set ratio from which two quotes are the same words reprinted: measured, see README
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
    step: float = 0.0  # the precision the figure was written with, in the base unit (`step`)
    series: bool = False  # one day's figure of a published series (`claims import --from`)


class Cluster(NamedTuple):
    first: str  # the first appearance
    relays: list[str]  # the rest, in the order they appeared


def words(quote: str | None) -> str:
    """A quote as lower-case words: numbers, punctuation and spacing taken out."""
    return _NOT_WORDS.sub(" ", quote or "").lower().strip()


def agree(a: float, b: float, tolerance: float) -> bool:
    """Two best figures that differ by at most `tolerance` of the larger."""
    return abs(a - b) <= tolerance * max(abs(a), abs(b))


def step(written: float | None) -> float:
    """The place of a figure's last significant digit, as written: 259 -> 1, 5,300 -> 100,
    2,000 -> 1,000, 823.43 -> 0.01."""
    if written is None or written == 0:
        return 0.0
    if float(written).is_integer():
        whole, place = int(abs(written)), 1
        while whole % 10 == 0:
            whole, place = whole // 10, place * 10
        return float(place)
    return 10.0 ** -len(repr(float(written)).split(".")[1].rstrip("0"))


def same_figure(a: Row, b: Row, tolerance: float) -> bool:
    """Within the tolerance, and equal at the precision the coarser one was written with."""
    return agree(a.value, b.value, tolerance) and abs(a.value - b.value) <= max(a.step, b.step) / 2 * (1 + 1e-9)


def alphabet(text: str) -> str:
    """The alphabet most of a text's letters are in: "LATIN", "ARABIC", "CYRILLIC"..."""
    counts: dict = {}
    for ch in text:
        if ch.isalpha():
            name = "LATIN" if ch < "\u0250" else unicodedata.name(ch, "OTHER").split(" ")[0]
            counts[name] = counts.get(name, 0) + 1
    return max(counts, key=lambda name: counts[name]) if counts else ""


def propose(rows: list[Row], tolerance: float = 0.10, window: int = WINDOW, similar: int = SIMILAR) -> list[Cluster]:
    """The clusters among one topic's claims (two claims or more each), first appearance
    first, in the order of their first appearances. `rows` must be in date order."""
    by_id = {row.id: row for row in rows}
    pairs = [(a.id, b.id) for a, b in candidates(rows, tolerance, HORIZON)
             if relayed(a, b, similar, window)]
    return clusters_of(pairs, by_id, tolerance)


def candidates(rows: list[Row], tolerance: float, horizon: int = HORIZON):
    """(a, b) for every two claims (in date order) whose figures agree within the horizon:
    scanned forward from each claim."""
    for i, a in enumerate(rows):
        for j in range(i + 1, len(rows)):
            b = rows[j]
            if b.day - a.day >= horizon:
                break
            if same_figure(a, b, tolerance):
                yield a, b


def relayed(a: Row, b: Row, similar: int = SIMILAR, window: int = WINDOW) -> bool:
    """Two claims of the same figure within one window are one claim relayed when they speak
    with one voice, or when their quotes are about the same thing (or in alphabets that
    cannot be compared word by word); further apart, only the very same figure reprinted
    (`reprinted`). Two days of published series are two observations, never one claim: the
    General Staff's unchanged count, or ACLED's 3 fatalities on a Monday and on a Thursday."""
    if a.series and b.series and a.day != b.day:
        return False
    if abs(b.day - a.day) >= window:
        return reprinted(a, b)
    if a.voice is not None and a.voice == b.voice:
        return True
    if not (a.text and b.text):
        return False
    if alphabet(a.text) != alphabet(b.text):
        return True
    from rapidfuzz.fuzz import token_set_ratio

    return bool(token_set_ratio(a.text, b.text, score_cutoff=similar))


def reprinted(a: Row, b: Row) -> bool:
    """The very same figure, written alike, in the same voice or the same words: a standing
    figure repeated, not a new statement."""
    if a.value != b.value or a.step != b.step:
        return False
    if a.voice is not None and a.voice == b.voice:
        return True
    if not (a.text and b.text):
        return False
    from rapidfuzz.fuzz import token_set_ratio

    return bool(token_set_ratio(a.text, b.text, score_cutoff=REPRINTED))


def clusters_of(pairs, rows: dict, tolerance: float = 0.10) -> list[Cluster]:
    """The clusters that pairs of claim ids join (`rows`: id -> Row), first appearance first.

    A figure written coarsely ("almost 300") may restate either of two precise ones (271 and
    283): it joins one of them, but never bridges the two. Pairs are joined most precise
    first, and two groups join only when their most precise figures are the same figure."""
    parent: dict = {}
    finest: dict = {}
    for a, b in sorted(pairs, key=lambda p: (max(rows[p[0]].step, rows[p[1]].step), p)):
        for x in (a, b):
            if x not in parent:
                parent[x], finest[x] = x, rows[x]
        ra, rb = _find(parent, a), _find(parent, b)
        if ra != rb and same_figure(finest[ra], finest[rb], tolerance):
            parent[rb] = ra
            finest[ra] = min(finest[ra], finest[rb], key=lambda r: r.step)
    groups: dict = {}
    for claim_id in parent:
        groups.setdefault(_find(parent, claim_id), []).append(claim_id)
    ordered = sorted(_ordered(rows, members) for members in groups.values() if len(members) > 1)
    return [cluster for _, cluster in ordered]


def _find(parent: dict, x):
    while parent.get(x, x) != x:
        parent[x] = parent.get(parent[x], parent[x])
        x = parent[x]
    return x


def _ordered(rows: dict, members: list) -> tuple[tuple, Cluster]:
    """The cluster's claims in the order they appeared (reported, then recorded), with the
    first appearance's place in that order."""
    members = sorted(members, key=lambda m: (rows[m].reported, rows[m].seq))
    first = rows[members[0]]
    return (first.reported, first.seq), Cluster(first.id, members[1:])
