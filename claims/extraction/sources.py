"""A claimant matched to the sources the database knows: by name, by alias, by the name
written with a country's possessive or an article before it ("Ukraine's General Staff" is
the known "General Staff"), and by near spelling ("Victor" for the stored "Viktor"), which
is only offered, never merged in silence.

A claimant no known source matches keeps side `unknown` and type `other`: side and type
are never guessed from the words around a name. Only a few kinds are read from the claim
itself: an outlet the text names as reporting (media), and a hedge or no one (unattributed).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from claims.basics import near

# what may stand before a known name without making it another source (data: other languages add theirs)
PREFIXES = [r"the\s+", r"[A-Z][\w-]+['’]s\s+", r"(?:Ukrainian|Russian|Ukraine|Russia)\s+"]
_PREFIX = re.compile(r"^(?:" + "|".join(PREFIXES) + r")")


class Match(NamedTuple):
    row: dict | None  # the known source ({id, name, type, side}), or None
    how: str  # "name" (or alias), "prefix", "near", or "" (none)


def match(name: str, known: dict, index: near.NearIndex | None = None) -> Match:
    """The known source a claimant's name is, or is near (`known`: lower-case name or alias
    -> source row; `index`: a NearIndex over the same names, for near spellings)."""
    lower = name.lower()
    if lower in known:
        return Match(known[lower], "name")
    shorter = _PREFIX.sub("", name, count=1)
    while shorter != name:  # "the Ukrainian General Staff": drop one prefix at a time
        if shorter.lower() in known:
            return Match(known[shorter.lower()], "prefix")
        name, shorter = shorter, _PREFIX.sub("", shorter, count=1)
    if index is not None and (close := index.near(name)):
        return Match(known.get(close.lower()), "near")
    return Match(None, "")


def near_index(known: dict) -> near.NearIndex | None:
    """The NearIndex over the known names, or None when there are none."""
    return near.NearIndex(known) if known else None
