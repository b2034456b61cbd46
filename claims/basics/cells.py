"""CSV cells no spreadsheet will run, and the same text back.

A spreadsheet runs a cell starting with = + - @ or a tab as a formula, and some start a
new cell at every line break inside a quoted cell, so a formula can hide on any line of a
text: each line (the whole cell, and what follows every \\r, \\n or \\r\\n in it) that starts
with one of those characters, after any number of apostrophes, gets one more apostrophe in
front. Reading removes exactly one apostrophe from each such line, so that export ->
import -> export gives the same bytes for any text (a text that itself starts "'=" comes
back with its apostrophe). A cell is quoted when it holds a separator, a quote or any line
break, a bare \\r included, so that every CSV reader sees one record per row.
"""

import re

FORMULA_CHARACTERS = "=+-@\t"
_GUARD = re.compile(r"(^|\r\n|\r|\n)('*[=+\-@\t])")
_UNGUARD = re.compile(r"(^|\r\n|\r|\n)'('*[=+\-@\t])")
_NEEDS_QUOTES = re.compile(r'[,"\r\n]')


def guarded(text: str) -> str:
    """Text as a CSV cell no spreadsheet will run."""
    return _GUARD.sub(r"\1'\2", text)


def unguarded(cell: str) -> str:
    """A cell as `guarded` wrote it, back to its text."""
    return _UNGUARD.sub(r"\1\2", cell) if "'" in cell else cell


def quoted(cell: str) -> str:
    """A cell as written between separators: quoted when anything in it could end it."""
    return '"' + cell.replace('"', '""') + '"' if _NEEDS_QUOTES.search(cell) else cell


def csv_line(cells: list[str]) -> str:
    return ",".join(quoted(cell) for cell in cells) + "\n"
