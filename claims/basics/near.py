"""Names close to each other: the typo that would otherwise create a topic or source in silence.

Two names are near when they read the same once case, spaces and punctuation are set
aside ("Deep State", "deepstate"), or when one letter is added, dropped, changed or two
letters swapped ("distance-to-frnt", "distance-to-front"). A difference in digits is no
typo: "area-3/topic-1" and "area-3/topic-2" are different topics.

`NearIndex` answers for many names at once (an import) by deletion neighbourhoods, so
each question costs a few dictionary look-ups, not a pass over every name.
"""

import re

_NOT_LETTERS = re.compile(r"[\W_]+")
MIN_LENGTH = 6  # below this, one letter is too much of a name to call it a typo ("wild", "mild")


def plain(name: str) -> str:
    """The name with case, spaces and punctuation set aside."""
    return _NOT_LETTERS.sub("", name.casefold())


def _deletions(word: str) -> dict[str, str]:
    """Each way of dropping one character -> the character dropped."""
    return {word[:i] + word[i + 1:]: word[i] for i in range(len(word))}


class NearIndex:
    """Existing names, for asking which one a new name is a typo of."""

    def __init__(self, names):
        self.exact: dict[str, str] = {}
        self.dropped: dict[str, list[tuple[str, str]]] = {}
        for name in names:
            key = plain(name)
            self.exact.setdefault(key, name)
            if len(key) >= MIN_LENGTH:
                for shorter, letter in _deletions(key).items():
                    self.dropped.setdefault(shorter, []).append((name, letter))

    def near(self, name: str) -> str | None:
        """An existing name that `name` is a likely typo of, or None."""
        key = plain(name)
        if key in self.exact:
            return self.exact[key] if self.exact[key] != name else None
        if len(key) < MIN_LENGTH:
            return None
        # one letter added: dropping it gives an existing name
        for shorter, letter in _deletions(key).items():
            if shorter in self.exact and not letter.isdigit():
                return self.exact[shorter]
        # one letter dropped, changed or two swapped: the names share a one-letter-shorter form
        for shorter, letter in [(key, ""), *_deletions(key).items()]:
            for other, theirs in self.dropped.get(shorter, ()):
                if not any(c.isdigit() for c in letter + theirs):
                    return other
        return None


def near(name: str, names) -> str | None:
    """The existing name `name` is a likely typo of, among `names`."""
    return NearIndex(names).near(name)
